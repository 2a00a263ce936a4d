"""The reform as data: an all-or-nothing import of "old unit → new unit, effective date",
and single school moves with an effective date, never rewriting earlier records."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.areas import areas_load
from accounts.enums import AreaLevel, OrganisationKind, Role, Tier
from accounts.models import AdministrativeArea
from tests.factories.accounts import OrganisationFactory, SchoolFactory, user_with_role
from tests.factories.units import SchoolProfileFactory
from units.models import SchoolAreaHistory

HEADER = "old_code,new_code,effective_date\n"


@pytest.fixture
def reform(db):
    areas_load(province_codes=[14])
    province = AdministrativeArea.objects.get(code="14")
    town = AdministrativeArea.objects.create(
        code="14-123", name="Thị xã Mộc Châu", level=AreaLevel.DISTRICT, parent=province
    )
    schools = []
    for n in range(2):
        org = SchoolFactory(name=f"Trường Mầm non Mộc Châu {n + 1}", tier=Tier.DISTRICT, area=town)
        school = SchoolProfileFactory(organisation=org, education_level="preschool")
        SchoolAreaHistory.objects.create(school=school, area=town, valid_from=date(2020, 1, 1))
        schools.append(school)
    doet = OrganisationFactory(kind=OrganisationKind.DEPARTMENT, area=province)
    staff = user_with_role(Role.DEPARTMENT_STAFF, doet)
    return {"town": town, "schools": schools, "staff": staff}


def _upload(client, text: str, *, dry_run: bool):
    data = {"file": SimpleUploadedFile("reform.csv", text.encode(), content_type="text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    return client.post("/units/areas/reform/", data)


def _history(school) -> list[tuple]:
    return [
        (row.area.code, row.valid_from, row.valid_to)
        for row in school.area_history.select_related("area").order_by("valid_from")
    ]


def test_reform_import_dry_run_then_moves_every_school_with_the_effective_date(client, reform):
    client.force_login(reform["staff"])
    text = HEADER + "14-123,3980,01/07/2025\n"

    checked = _upload(client, text, dry_run=True)
    assert checked.status_code == 200
    report = checked.context["report"]
    assert (report.ok, report.written, report.rows[0].values["moves"]) == (
        True,
        False,
        "2 trường chuyển địa bàn",
    )
    assert AdministrativeArea.objects.get(code="14-123").valid_to is None

    done = _upload(client, text, dry_run=False)

    assert done.context["report"].written is True
    town = AdministrativeArea.objects.get(code="14-123")
    assert town.valid_to == date(2025, 6, 30)
    assert list(town.successors.values_list("code", flat=True)) == ["3980"]
    for school in reform["schools"]:
        assert _history(school) == [
            ("14-123", date(2020, 1, 1), date(2025, 6, 30)),
            ("3980", date(2025, 7, 1), None),
        ]
        school.organisation.refresh_from_db()
        assert school.organisation.area.code == "3980"
        assert school.area_on(date(2024, 12, 31)).code == "14-123"


def test_reform_import_refuses_unknown_and_not_yet_valid_units_and_saves_nothing(client, reform):
    client.force_login(reform["staff"])
    text = HEADER + "14-123,3980,01/07/2025\n14-999,3646,01/07/2025\n14-123,3646,01/06/2025\n"

    response = _upload(client, text, dry_run=False)

    report = response.context["report"]
    assert [row.errors for row in report.rows] == [
        [],
        ["Không có địa bàn “14-999”."],
        ["Phường Tô Hiệu không tồn tại vào ngày 01/06/2025 (thời gian tồn tại: 01/07/2025–…)."],
    ]
    assert report.written is False
    assert AdministrativeArea.objects.get(code="14-123").valid_to is None
    assert not AdministrativeArea.objects.get(code="14-123").successors.exists()
    assert SchoolAreaHistory.objects.filter(area__code="3980").count() == 0
    assert "Chưa nhập gì: hãy sửa các dòng có lỗi" in response.content.decode()


def test_school_move_form_dates_the_move_and_refuses_one_before_the_last_move(client, reform):
    client.force_login(reform["staff"])
    school = reform["schools"][0]
    ward = AdministrativeArea.objects.get(code="3980")
    other = reform["town"]

    moved = client.post(
        f"/units/schools/{school.pk}/move/",
        {"area": ward.pk, "effective": "2025-07-01"},
        follow=True,
    )
    assert [str(m) for m in moved.context["messages"]] == [
        "Đã ghi nhận việc chuyển địa bàn; các số liệu trước đó vẫn giữ địa bàn cũ."
    ]
    refused = client.post(
        f"/units/schools/{school.pk}/move/",
        {"area": other.pk, "effective": "2025-05-01"},
        follow=True,
    )

    assert [str(m) for m in refused.context["messages"]] == [
        "Ngày chuyển là 01/05/2025 nhưng lần chuyển gần nhất của trường là ngày 01/07/2025: "
        "lần chuyển mới phải sau ngày đó."
    ]
    assert _history(school) == [
        ("14-123", date(2020, 1, 1), date(2025, 6, 30)),
        ("3980", date(2025, 7, 1), None),
    ]


def test_school_move_needs_department_staff(client, reform):
    school = reform["schools"][0]
    principal = user_with_role(Role.PRINCIPAL, school.organisation)
    client.force_login(principal)
    ward = AdministrativeArea.objects.get(code="3980")

    response = client.post(
        f"/units/schools/{school.pk}/move/", {"area": ward.pk, "effective": "2025-07-01"}
    )

    assert response.status_code == 404
    assert _history(school) == [("14-123", date(2020, 1, 1), None)]


def test_school_import_takes_the_moves_effective_date(client, reform):
    client.force_login(reform["staff"])
    school = reform["schools"][0]
    text = (
        "code,name,education_level,tier,area_code,year,staff,learners,moved_on\n"
        f"{school.organisation.code},{school.organisation.name},preschool,commune,3980,,,,"
        "01/07/2025\n"
    )
    upload = SimpleUploadedFile("schools.csv", text.encode(), content_type="text/csv")

    response = client.post("/units/schools/import/", {"file": upload})

    assert response.context["report"].written is True
    assert _history(school) == [
        ("14-123", date(2020, 1, 1), date(2025, 6, 30)),
        ("3980", date(2025, 7, 1), None),
    ]
