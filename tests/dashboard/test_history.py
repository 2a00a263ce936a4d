"""Figures that keep history: a year's figures group schools by the area they belonged to
that year, so a move dated 1 July 2025 never changes a 2024 figure, page or export."""

import csv
import io
from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.db import transaction

from accounts.enums import AreaLevel, OrganisationKind, Role, Tier
from accounts.models import AdministrativeArea
from dashboard import figures
from dashboard.models import PublicSite
from tests.factories.accounts import OrganisationFactory, SchoolFactory, user_with_role
from tests.factories.units import CycleFactory, SchoolProfileFactory
from units import services
from units.enums import AssessmentStatus
from units.models import FrameworkOutcome, Recognition, SchoolAreaHistory, SelfAssessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(db):
    from demo.units import ensure_frameworks

    ensure_frameworks()
    cache.clear()
    province = AdministrativeArea.objects.create(code="14", name="Tỉnh Sơn La", level="province")
    city = AdministrativeArea.objects.create(
        code="14-116",
        name="Thành phố Sơn La",
        level=AreaLevel.DISTRICT,
        parent=province,
        valid_to=date(2025, 6, 30),
    )
    ward = AdministrativeArea.objects.create(
        code="3646",
        name="Phường Tô Hiệu",
        level=AreaLevel.COMMUNE,
        parent=province,
        valid_from=date(2025, 7, 1),
    )
    city.successors.add(ward)
    committee = OrganisationFactory(
        kind=OrganisationKind.PEOPLES_COMMITTEE, tier=Tier.DISTRICT, area=city
    )
    cycle = CycleFactory(
        year=2024,
        tier=Tier.DISTRICT,
        authority=committee,
        state="closed",
        opens_on=date(2024, 1, 1),
        submission_deadline=date(2025, 1, 15),
        review_deadline=date(2025, 2, 28),
    )
    outcome = FrameworkOutcome.objects.get(framework=cycle.framework, code="level1")
    author = user_with_role(Role.DEPARTMENT_STAFF)
    schools = []
    for n in range(3):
        org = SchoolFactory(name=f"Trường Tiểu học Số {n + 1}", tier=Tier.DISTRICT, area=city)
        school = SchoolProfileFactory(organisation=org, education_level="primary")
        SchoolAreaHistory.objects.create(school=school, area=city, valid_from=date(2020, 1, 1))
        assessment = SelfAssessment.objects.create(
            cycle=cycle,
            school=school,
            area=city,
            authority=committee,
            status=AssessmentStatus.RECOGNISED if n < 2 else AssessmentStatus.NOT_RECOGNISED,
            created_by=author,
        )
        if n < 2:
            Recognition.objects.create(
                school=school,
                year=2024,
                framework=cycle.framework,
                outcome=outcome,
                cycle=cycle,
                assessment=assessment,
                decision_number="145/QĐ-UBND",
                decision_date=date(2025, 2, 20),
                certificate_code=f"LU-HIST{n:05d}",
            )
        schools.append(school)
    site = PublicSite.load()
    site.show_learning_units = True
    site.save()
    doet = OrganisationFactory(kind=OrganisationKind.DEPARTMENT, area=province)
    staff = user_with_role(Role.DEPARTMENT_STAFF, doet)
    return {"city": city, "ward": ward, "schools": schools, "staff": staff}


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def _snapshot(client) -> dict:
    cache.clear()
    dashboard = client.get("/dashboard/?year=2024")
    units = dashboard.context["panel"]["figures"]["units"]
    public = client.get("/public/learning-units/?year=2024")
    return {
        "by_area": units["by_area"],
        "share": units["share"],
        "recognised": units["recognised"],
        "public_rows": public.context["rows"],
        "public_list": [(r["school_name"], r["area_name"]) for r in public.context["schools"]],
        "export": _csv(client.get("/dashboard/export/assessments/?format=csv")),
        "area_filter": client.get(f"/dashboard/?year=2024&area={city_pk()}").context["panel"][
            "figures"
        ]["units"]["schools"],
    }


def _workbook(response) -> list:
    """Every cell of every sheet of a report workbook."""
    from openpyxl import load_workbook

    assert response.status_code == 200, response.status_code
    book = load_workbook(io.BytesIO(response.content))
    return [[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book]


def _reports(client) -> dict:
    """The yearly report of 2024, the mid-term and final reports (workbooks) and the
    coverage page of 2024."""
    cache.clear()
    coverage = client.get("/units/coverage/?year=2024")
    assert coverage.status_code == 200
    return {
        "annual": _workbook(client.get("/dashboard/report.xlsx?period=2024")),
        "mid_term": _workbook(client.get("/dashboard/report.xlsx?period=mid_term")),
        "final": _workbook(client.get("/dashboard/report.xlsx?period=final")),
        "coverage": (coverage.context["rows"], coverage.context["chart"]),
    }


def test_a_move_dated_1_july_2025_leaves_the_reports_of_2024_unchanged(client, history):
    """The annual report of 2024 (its workbook: every cell) and the coverage page of 2024
    read the figures by that year's areas: a move changes neither."""
    client.force_login(history["staff"])
    with time_machine.travel(date(2026, 3, 1), tick=False):
        before = _reports(client)
        for school in history["schools"]:
            with transaction.atomic():
                services.school_move(
                    school=school, area=history["ward"], effective=date(2025, 7, 1)
                )
        after = _reports(client)
    assert (after["annual"], after["coverage"]) == (before["annual"], before["coverage"])
    # The mid-term (2027) and final (2030) reports are of years after the move: they count
    # the same schools and recognitions by the map of their own year, today's ward.
    for key in ("mid_term", "final"):
        area_sheet = [sheet for sheet in after[key] if sheet and sheet[0][0] == "Địa bàn"]
        assert area_sheet
        assert area_sheet[0][1] == ["Phường Tô Hiệu", 3, 2, 66.7]
        old_sheet = [sheet for sheet in before[key] if sheet and sheet[0][0] == "Địa bàn"]
        assert old_sheet[0][1] == ["Thành phố Sơn La", 3, 2, 66.7]
    cells = [str(c) for sheet in before["annual"] for row in sheet for c in row]
    assert "Thành phố Sơn La" in cells
    assert {row["area"] for row in before["coverage"][0]} == {"Thành phố Sơn La"}


def city_pk() -> int:
    return AdministrativeArea.objects.get(code="14-116").pk


def test_a_move_dated_1_july_2025_leaves_every_2024_figure_and_export_unchanged(client, history):
    client.force_login(history["staff"])
    with time_machine.travel(date(2026, 3, 1), tick=False):
        before = _snapshot(client)
        for school in history["schools"]:
            with transaction.atomic():
                services.school_move(
                    school=school, area=history["ward"], effective=date(2025, 7, 1)
                )
        after = _snapshot(client)

    assert after == before
    assert before["by_area"] == [
        {
            "area_id": history["city"].pk,
            "area": "Thành phố Sơn La",
            "schools": 3,
            "recognised": 2,
            "share": figures.pct(2, 3),
        }
    ]
    assert before["public_rows"] == [("Thành phố Sơn La", [2], 2)]
    assert before["area_filter"] == 3
    assert [row[3] for row in before["export"][1:]] == ["Thành phố Sơn La"] * 3


def test_the_switch_shows_a_past_year_by_todays_areas(client, history):
    client.force_login(history["staff"])
    with time_machine.travel(date(2026, 3, 1), tick=False):
        for school in history["schools"]:
            with transaction.atomic():
                services.school_move(
                    school=school, area=history["ward"], effective=date(2025, 7, 1)
                )
        cache.clear()
        page = client.get("/dashboard/?year=2024&areas=today")
        public = client.get("/public/learning-units/?year=2024&areas=today")

    units = page.context["panel"]["figures"]["units"]
    assert [(r["area"], r["schools"], r["recognised"]) for r in units["by_area"]] == [
        ("Phường Tô Hiệu", 3, 2)
    ]
    assert page.context["panel"]["by_today"] is True
    assert 'value="today" selected' in page.content.decode()
    assert public.context["rows"] == [("Phường Tô Hiệu", [2], 2)]


def test_abolished_areas_come_last_in_pickers_and_say_since_when(client, history):
    client.force_login(history["staff"])
    page = client.get("/units/schools/")

    options = [
        (str(pk), label)
        for pk, label in page.context["filter"].form.fields["area"].choices
        if pk != ""
    ]
    assert [label for _pk, label in options] == [
        "Phường Tô Hiệu",
        "Thành phố Sơn La (giải thể từ 01/07/2025)",
    ]


def _moved_schools(history, count: int) -> None:
    outcome = FrameworkOutcome.objects.filter(framework__code="TT24-2023", code="level1").first()
    for n in range(count):
        org = SchoolFactory(tier=Tier.COMMUNE, area=history["ward"])
        school = SchoolProfileFactory(organisation=org, education_level="preschool")
        SchoolAreaHistory.objects.create(
            school=school,
            area=history["city"],
            valid_from=date(2020, 1, 1),
            valid_to=date(2025, 6, 30),
        )
        SchoolAreaHistory.objects.create(
            school=school, area=history["ward"], valid_from=date(2025, 7, 1)
        )
        Recognition.objects.create(
            school=school,
            year=2024,
            framework=outcome.framework,
            outcome=outcome,
            decision_number="145/QĐ-UBND",
            decision_date=date(2025, 2, 20),
            certificate_code=f"LU-MOVED{n:05d}",
        )


@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/?year=2024",
        "/dashboard/?year=2024&areas=today",
        "/public/learning-units/?year=2024",
        "/public/learning-units/?year=2024&areas=today",
    ],
)
def test_pages_grouping_by_historical_area_keep_their_query_count(client, history, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(history["staff"])
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _moved_schools(history, 40)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    if url.startswith("/public/"):
        expected = (
            [("Phường Tô Hiệu", [40], 40), ("Thành phố Sơn La", [2], 2)]
            if "today" in url
            else [("Thành phố Sơn La", [42], 42)]
        )
        assert response.context["rows"] == expected
