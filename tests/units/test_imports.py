"""Spreadsheet imports are all-or-nothing; a dry run writes nothing; export follows filters."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from accounts.enums import Role
from accounts.models import Organisation
from tests.factories.accounts import AreaFactory, user_with_role
from tests.factories.units import SchoolProfileFactory
from units.imports import import_recognitions, import_schools
from units.models import Recognition, School, SchoolYearFigures

pytestmark = pytest.mark.django_db

HEADER = "code,name,education_level,tier,area_code,year,staff,learners\n"


def _csv(text: str, name: str = "schools.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"))


@pytest.fixture
def area(db):
    return AreaFactory(code="14-116", name="Thành phố Sơn La")


def test_import_schools_with_one_bad_row_writes_nothing(area):
    upload = _csv(
        HEADER
        + "SL-A,Trường A,primary,district,14-116,2025,30,400\n"
        + "SL-B,,primary,district,14-999,2025,30,400\n"
        + "SL-A,Trường A bis,primary,district,14-116,,,\n"
    )
    report = import_schools(upload, dry_run=False)
    assert report.written is False
    assert [row.errors for row in report.rows] == [
        [],
        ["Thiếu tên.", "Không có địa bàn “14-999”."],
        ["Mã SL-A bị trùng (cũng có ở dòng 2)."],
    ]
    assert Organisation.objects.filter(code__startswith="SL-").count() == 0
    assert School.objects.count() == 0


def test_import_schools_dry_run_checks_without_writing(area):
    upload = _csv(HEADER + "SL-A,Trường A,primary,,14-116,2025,30,400\n")
    report = import_schools(upload, dry_run=True)
    assert (report.ok, report.written) == (True, False)
    assert School.objects.count() == 0


def test_import_schools_writes_every_valid_row_from_xlsx(area):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["SL-A", "Trường A", "primary", None, "14-116", 2025, 30, 400])
    sheet.append(["SL-B", "Trường THPT B", "upper_secondary", None, "14-116", 2025, 55, 900])
    buffer = io.BytesIO()
    book.save(buffer)
    report = import_schools(SimpleUploadedFile("schools.xlsx", buffer.getvalue()), dry_run=False)
    assert report.written is True
    tiers = dict(Organisation.objects.filter(code__startswith="SL-").values_list("code", "tier"))
    # Imported on 1 December 2025: the lower tier is the commune's since 1 July 2025.
    assert tiers == {"SL-A": "commune", "SL-B": "provincial"}
    figures = SchoolYearFigures.objects.get(school__organisation__code="SL-B")
    assert (figures.year, figures.staff, figures.learners) == (2025, 55, 900)


def test_import_refuses_other_file_types(area):
    report = import_schools(_csv("x", name="schools.txt"), dry_run=False)
    assert report.file_error == "Hãy tải lên tệp .xlsx hoặc .csv."


def test_import_recognitions_all_or_nothing(db):
    school = SchoolProfileFactory(organisation__code="SL-A")
    header = "year,school_code,framework,outcome,decision_number,decision_date\n"
    bad = _csv(
        header
        + "2022,SL-A,TT22-2020,Tốt,125/QĐ-UBND,20/02/2023\n"
        + "2023,SL-Z,TT22-2020,good,130/QĐ-UBND,2024-02-20\n"
        + "2023,SL-A,TT22-2020,Level 9,130/QĐ-UBND,31/31/2024\n"
    )
    report = import_recognitions(bad, dry_run=False)
    assert [row.errors for row in report.rows] == [
        [],
        ["Không có trường mang mã “SL-Z”."],
        [
            "Bộ tiêu chí này không có mức độ hoặc xếp loại “Level 9”.",
            "Ngày quyết định phải viết theo dạng dd/mm/yyyy.",
        ],
    ]
    assert Recognition.objects.count() == 0
    good = _csv(
        header
        + "2022,SL-A,TT22-2020,Tốt,125/QĐ-UBND,20/02/2023\n"
        + "2024,SL-A,TT24-2023,level1,140/QĐ-UBND,2025-02-20\n"
    )
    assert import_recognitions(good, dry_run=False).written is True
    assert list(school.recognitions.order_by("year").values_list("year", "outcome__code")) == [
        (2022, "good"),
        (2024, "level1"),
    ]
    # The same rows again are duplicates: refused, nothing written twice.
    again = _csv(header + "2022,SL-A,TT22-2020,good,125/QĐ-UBND,20/02/2023\n")
    report = import_recognitions(again, dry_run=False)
    assert report.rows[0].errors == ["Trường này đã được công nhận cho năm 2022."]
    assert Recognition.objects.count() == 2


def test_import_page_needs_staff_and_reports_rows(client, area):
    staff = user_with_role(Role.DEPARTMENT_STAFF)
    client.force_login(staff)
    response = client.post(
        "/units/schools/import/",
        {"file": _csv(HEADER + "SL-A,Trường A,primary,,14-116,2025,30,400\n"), "dry_run": "on"},
    )
    assert response.status_code == 200
    assert response.context["report"].ok is True
    assert School.objects.count() == 0


def test_export_follows_the_current_filters(client, area):
    SchoolProfileFactory(
        organisation__code="X-1", organisation__name="Trường Hoa Ban", organisation__area=area
    )
    SchoolProfileFactory(organisation__code="X-2", organisation__name="Trường Sao Mai")
    client.force_login(user_with_role(Role.DEPARTMENT_STAFF))
    response = client.get("/units/schools/", {"q": "Hoa Ban", "export": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="schools.xlsx"'
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("code", "name", "education_level")
    assert [r[0] for r in rows[1:]] == ["X-1"]


def test_import_moving_a_school_keeps_its_area_history(area):
    import time_machine

    from units.models import SchoolAreaHistory

    ward = AreaFactory(code="14-W1", name="Phường Tô Hiệu")
    with time_machine.travel(date(2025, 3, 1), tick=False):
        import_schools(_csv(HEADER + "SL-A,Trường A,primary,,14-116,,,\n"), dry_run=False)
    with time_machine.travel(date(2025, 7, 1), tick=False):
        import_schools(_csv(HEADER + "SL-A,Trường A,primary,,14-W1,,,\n"), dry_run=False)
    rows = SchoolAreaHistory.objects.order_by("valid_from").values_list(
        "area__name", "valid_from", "valid_to"
    )
    assert list(rows) == [
        ("Thành phố Sơn La", date(2025, 3, 1), date(2025, 6, 30)),
        ("Phường Tô Hiệu", date(2025, 7, 1), None),
    ]
    school = School.objects.get()
    assert school.area_on(date(2025, 5, 1)) == area
    assert school.area_on(date(2025, 12, 31)) == ward
