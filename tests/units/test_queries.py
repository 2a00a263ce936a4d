"""N+1 guards: every list page runs the same number of queries with 1 and with many rows."""

from datetime import date

import pytest
from django.core.cache import cache

from accounts.enums import Role
from tests.factories.accounts import OrganisationFactory, SchoolFactory, user_with_role
from tests.factories.units import CycleFactory, FiguresFactory, SchoolProfileFactory
from units import services
from units.models import Recognition, RecognitionDecision, SelfAssessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    office = OrganisationFactory(kind="education_office")
    area = office.area
    cycle = CycleFactory()
    reviewer = user_with_role(Role.TIER_REVIEWER, office)
    staff = user_with_role(Role.DEPARTMENT_STAFF)
    decision = RecognitionDecision.objects.create(
        cycle=cycle,
        authority=cycle.authority,
        number="1/QĐ",
        decided_on=date(2026, 2, 1),
        signer="A",
        created_by=staff,
    )

    def add(n: int) -> None:
        for _i in range(n):
            org = SchoolFactory(area=area)
            school = SchoolProfileFactory(organisation=org)
            FiguresFactory(school=school)
            principal = user_with_role(Role.PRINCIPAL, org)
            assessment = services.assessment_start(school=school, cycle=cycle, by=principal)
            SelfAssessment.objects.filter(pk=assessment.pk).update(status="submitted")
            outcome = cycle.framework.outcomes.get(code="level1")
            Recognition.objects.create(
                school=school,
                year=2025,
                framework=cycle.framework,
                outcome=outcome,
                cycle=cycle,
                decision=decision,
                decision_number="1/QĐ",
                decision_date=date(2026, 2, 1),
                certificate_code=f"LU-{org.pk:010d}",
            )

    return {"add": add, "reviewer": reviewer, "staff": staff, "cycle": cycle, "decision": decision}


PAGES = [
    # (user, url, queries)
    ("reviewer", "/units/review/", 10),  # the total comes from the counters
    ("staff", "/units/schools/", 10),
    ("staff", "/units/cycles/", 10),
    ("staff", "/units/coverage/", 12),
    ("staff", "/units/frameworks/", 8),
]


@pytest.mark.parametrize(("who", "url", "queries"), PAGES)
def test_list_pages_have_constant_query_counts(
    client, world, django_assert_num_queries, who, url, queries
):
    client.force_login(world[who])
    world["add"](1)
    client.get(url)  # warm caches (content types, sessions)
    # The coverage report keeps its figures a minute and the cycles list its counts until
    # a dossier moves (these rows are written around the services): measure their
    # computation.
    forget = cache.clear if url in ("/units/coverage/", "/units/cycles/") else (lambda: None)
    forget()
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    world["add"](6)
    forget()
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(("page", "queries"), [("cycle", 14), ("decision", 11)])
def test_detail_pages_with_many_rows_have_constant_query_counts(
    client, world, django_assert_num_queries, page, queries
):
    url = {
        "cycle": f"/units/cycles/{world['cycle'].pk}/",
        "decision": f"/units/decisions/{world['decision'].pk}/",
    }[page]
    client.force_login(world["staff"])
    world["add"](1)
    client.get(url)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    world["add"](6)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["staff", "reviewer"])
def test_home_panel_has_constant_query_counts(rf, world, django_assert_num_queries, who):
    """Only the units panel (the home page also holds other apps' panels)."""
    from units.home import home_panel

    def request():
        request = rf.get("/")
        request.user = type(world[who]).objects.get(pk=world[who].pk)  # fresh role cache
        return request

    expected = {"staff": 3, "reviewer": 2}[who]
    world["add"](1)
    first = request()
    with django_assert_num_queries(expected):
        home_panel(first)
    world["add"](6)
    second = request()
    with django_assert_num_queries(expected):
        panel = home_panel(second)
    assert panel["queue_counts"]["waiting"] == (7 if who == "reviewer" else 0)


@pytest.mark.parametrize("page", ["detail", "edit"])
def test_assessment_pages_with_more_evidence_have_constant_query_counts(
    client, filled, django_assert_num_queries, page
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    assessment = filled["assessment"]
    results = list(assessment.results.all())

    def add(n: int) -> None:
        for i in range(n):
            services.evidence_add(
                assessment=assessment,
                by=filled["principal"],
                title=f"Tệp {i}",
                file=SimpleUploadedFile(f"t{i}.pdf", b"%PDF-1.4\n"),
                results=results[i : i + 3],
            )

    url = {
        "detail": f"/units/assessments/{assessment.pk}/",
        "edit": f"/units/assessments/{assessment.pk}/edit/",
    }[page]
    client.force_login(filled["principal"])
    add(1)
    client.get(url)
    expected = {"detail": 20, "edit": 21}[page]  # detail: audit trail; edit: form version
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    add(5)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_school_page_with_more_recognitions_has_constant_query_counts(
    client, world, django_assert_num_queries
):
    from units.models import School

    world["add"](1)
    school = School.objects.get()
    client.force_login(world["staff"])
    url = f"/units/schools/{school.pk}/"
    client.get(url)
    with django_assert_num_queries(15):
        assert client.get(url).status_code == 200
    outcome = world["cycle"].framework.outcomes.get(code="level1")
    for year in (2020, 2021, 2022, 2023):
        Recognition.objects.create(
            school=school,
            year=year,
            framework=world["cycle"].framework,
            outcome=outcome,
            decision_number=f"{year}/QĐ",
            decision_date=date(year + 1, 2, 1),
        )
    with django_assert_num_queries(15):
        assert client.get(url).status_code == 200
