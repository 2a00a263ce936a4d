"""N+1 guards: every list and detail page costs the same number of queries with one row
and with many."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from programme.enums import FeatureStatus, MilestoneStatus, Party, ReportStatus
from programme.home import home_panel
from tests.factories.accounts import OrganisationFactory, UserFactory
from tests.factories.programme import (
    CommitmentFactory,
    EvidenceFileFactory,
    FeatureFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MilestoneFactory,
    ProgressReportFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(
        datetime(2026, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
    )


def build(programme, n: int, *, commitment=None):
    """``n`` commitments (or ``n`` of everything on one commitment) with milestones,
    indicators, accepted reports with values and evidence, partners and people."""
    made = []
    for index in range(n):
        c = commitment or CommitmentFactory(
            programme=programme, lead_party=[Party.DOET, Party.JOINT, Party.ASSOCIATION][index % 3]
        )
        if commitment is None:
            c.partners.add(OrganisationFactory())
            c.responsible.add(UserFactory())
        MilestoneFactory(
            commitment=c,
            due_date=date(2025, 6, 1),
            status=MilestoneStatus.DONE,
            done_on=date(2025, 6, 1),
        )
        MilestoneFactory(commitment=c, due_date=date(2026, 2, 1))
        indicator = IndicatorFactory(commitment=c)
        report = ProgressReportFactory(
            commitment=c, year=2000 + index, status=ReportStatus.ACCEPTED
        )
        value = IndicatorValueFactory(report=report, indicator=indicator)
        evidence = EvidenceFileFactory(report=report)
        value.evidence.add(evidence)
        made.append(c)
    return made


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("rows", [1, 12])
def test_overview_queries(client, programme, principal, django_assert_num_queries, rows):
    build(programme, rows)
    client.force_login(principal)
    with django_assert_num_queries(14):
        get(client, reverse("programme:overview"))


@pytest.mark.parametrize("rows", [1, 12])
def test_commitment_detail_queries(client, programme, principal, django_assert_num_queries, rows):
    commitment = CommitmentFactory(programme=programme)
    for _ in range(rows):
        commitment.partners.add(OrganisationFactory())
        commitment.responsible.add(UserFactory())
    build(programme, rows, commitment=commitment)
    client.force_login(principal)
    with django_assert_num_queries(19):
        get(client, commitment.get_absolute_url())


@pytest.mark.parametrize("rows", [1, 12])
def test_report_list_queries(client, programme, principal, django_assert_num_queries, rows):
    build(programme, rows)
    client.force_login(principal)
    with django_assert_num_queries(10):
        get(client, reverse("programme:report-list"))


@pytest.mark.parametrize("rows", [1, 12])
def test_report_detail_queries(client, programme, officer, django_assert_num_queries, rows):
    commitment = CommitmentFactory(programme=programme, lead_party=Party.JOINT)
    report = ProgressReportFactory(
        commitment=commitment, status=ReportStatus.SUBMITTED, author_party=Party.DOET
    )
    for _ in range(rows):
        value = IndicatorValueFactory(report=report)
        value.evidence.add(EvidenceFileFactory(report=report), EvidenceFileFactory(report=report))
    report.transitions.create(from_status="draft", to_status="submitted", by=report.created_by)
    client.force_login(officer)
    # 17: two of them read the audit trail (the report's and its values' history), one
    # checks that the reviewer did not edit the report, two that the user acts for the
    # report's programme (its parties: staff of another province do not)
    with django_assert_num_queries(17):
        response = get(client, report.get_absolute_url())
    assert response.context["can_review"] is True


@pytest.mark.parametrize("rows", [1, 12])
def test_report_edit_form_queries(client, programme, officer, django_assert_num_queries, rows):
    commitment = CommitmentFactory(programme=programme, lead_party=Party.JOINT)
    report = ProgressReportFactory(commitment=commitment, author_party=Party.ASSOCIATION)
    for _ in range(rows):
        value = IndicatorValueFactory(report=report)
        value.evidence.add(EvidenceFileFactory(report=report))
    client.force_login(officer)
    # 15: one of them reads the report's version (learnsociety.concurrency), one the
    # programme's parties (the user acts for it)
    with django_assert_num_queries(15):
        get(client, reverse("programme:report-edit", args=[report.pk]))


@pytest.mark.parametrize("rows", [1, 12])
def test_learning_city_queries(client, programme, principal, django_assert_num_queries, rows):
    first = FeatureFactory(commitment__programme=programme, status=FeatureStatus.IN_PLACE)
    for _ in range(rows - 1):
        FeatureFactory(commitment=first.commitment)
    client.force_login(principal)
    with django_assert_num_queries(9):
        response = get(client, reverse("programme:learning-city"))
    assert response.context["total"] == rows


@pytest.mark.parametrize("rows", [1, 12])
def test_target_vs_actual_queries(client, programme, principal, django_assert_num_queries, rows):
    build(programme, rows)
    client.force_login(principal)
    with django_assert_num_queries(12):
        response = get(client, reverse("programme:target-vs-actual") + "?period=2026")
    assert len(response.context["rows"]) == rows


@pytest.mark.parametrize("rows", [1, 12])
def test_home_panel_queries(rf, programme, staff, django_assert_num_queries, rows):
    build(programme, rows)
    request = rf.get("/")
    request.user = staff
    with django_assert_num_queries(6):
        panel = home_panel(request)
    assert panel["overdue_count"] == len(
        [c for c in programme.commitments.all() if c.lead_party != Party.ASSOCIATION]
    )
