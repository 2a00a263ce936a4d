"""The documented status rule, and badges that change as time passes."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from programme.enums import CommitmentStatus, MilestoneStatus, Party, PeriodKind, ReportStatus
from programme.selectors import commitment_progress, commitments_with_progress
from tests.factories.programme import (
    CommitmentFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MilestoneFactory,
    ProgressReportFactory,
)

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def badges(client, user) -> dict[str, str]:
    client.force_login(user)  # a fresh session: travelling in time ends idle ones
    response = client.get(reverse("programme:overview"))
    return {
        row["commitment"].code: row["progress"].status
        for _area, rows in response.context["groups"]
        for row in rows
    }


def test_badge_turns_overdue_when_milestone_passes_its_due_date(
    client, programme, principal, time_machine
):
    commitment = CommitmentFactory(programme=programme, code="3")
    MilestoneFactory(
        commitment=commitment, due_date=date(2026, 6, 30), status=MilestoneStatus.IN_PROGRESS
    )
    client.force_login(principal)

    time_machine.move_to(datetime(2026, 6, 30, 23, 0, tzinfo=TZ), tick=False)
    assert badges(client, principal) == {"3": CommitmentStatus.ON_TRACK}

    time_machine.move_to(datetime(2026, 7, 1, 8, 0, tzinfo=TZ), tick=False)
    assert badges(client, principal) == {"3": CommitmentStatus.OVERDUE}
    page = client.get(reverse("programme:overview")).content.decode()
    assert 'data-status="overdue"' in page


def test_not_started_then_done(client, programme, principal, time_machine):
    commitment = CommitmentFactory(programme=programme, code="2")
    milestone = MilestoneFactory(commitment=commitment, due_date=date(2026, 6, 30))
    client.force_login(principal)
    time_machine.move_to(datetime(2026, 1, 10, 9, 0, tzinfo=TZ), tick=False)
    assert badges(client, principal) == {"2": CommitmentStatus.NOT_STARTED}

    milestone.status = MilestoneStatus.DONE
    milestone.done_on = date(2026, 1, 9)
    milestone.save()
    assert badges(client, principal) == {"2": CommitmentStatus.DONE}


def test_cancelled_milestone_is_never_overdue(programme, time_machine):
    time_machine.move_to(datetime(2027, 1, 1, 9, 0, tzinfo=TZ), tick=False)
    commitment = CommitmentFactory(programme=programme)
    MilestoneFactory(
        commitment=commitment, due_date=date(2026, 6, 30), status=MilestoneStatus.CANCELLED
    )
    MilestoneFactory(
        commitment=commitment, due_date=date(2027, 6, 30), status=MilestoneStatus.IN_PROGRESS
    )
    progress = commitment_progress(commitments_with_progress().get())
    assert progress.status == CommitmentStatus.ON_TRACK


@pytest.mark.parametrize(
    ("actual", "expected"),
    [(Decimal("101.99"), CommitmentStatus.AT_RISK), (Decimal(102), CommitmentStatus.ON_TRACK)],
)
def test_at_risk_below_85_percent_of_target(programme, time_machine, actual, expected):
    """Target 2025 is 120: 85% of it is 102."""
    time_machine.move_to(datetime(2026, 2, 1, 9, 0, tzinfo=TZ), tick=False)
    commitment = CommitmentFactory(programme=programme)
    MilestoneFactory(
        commitment=commitment, due_date=date(2026, 6, 30), status=MilestoneStatus.IN_PROGRESS
    )
    indicator = IndicatorFactory(commitment=commitment, target_2025=Decimal(120))
    report = ProgressReportFactory(commitment=commitment, year=2025, status=ReportStatus.ACCEPTED)
    IndicatorValueFactory(report=report, indicator=indicator, value=actual)

    progress = commitment_progress(commitments_with_progress().get())

    assert progress.status == expected


def test_half_year_actual_is_compared_with_the_midpoint_of_the_trajectory(programme, time_machine):
    """Half-year 2026: midway between target 2025 (120) and 2026 (140) is 130; 85% is 110.5."""
    time_machine.move_to(datetime(2026, 8, 1, 9, 0, tzinfo=TZ), tick=False)
    commitment = CommitmentFactory(programme=programme)
    MilestoneFactory(
        commitment=commitment, due_date=date(2026, 12, 30), status=MilestoneStatus.IN_PROGRESS
    )
    indicator = IndicatorFactory(commitment=commitment)
    report = ProgressReportFactory(
        commitment=commitment, period=PeriodKind.HALF_YEAR, year=2026, status=ReportStatus.ACCEPTED
    )
    IndicatorValueFactory(report=report, indicator=indicator, value=Decimal(110))
    progress = commitment_progress(commitments_with_progress().get())
    assert progress.status == CommitmentStatus.AT_RISK
    assert progress.reason.startswith(indicator.code)


def test_submitted_values_do_not_count_until_accepted(programme, time_machine):
    time_machine.move_to(datetime(2026, 2, 1, 9, 0, tzinfo=TZ), tick=False)
    commitment = CommitmentFactory(programme=programme, lead_party=Party.JOINT)
    MilestoneFactory(
        commitment=commitment, due_date=date(2026, 6, 30), status=MilestoneStatus.IN_PROGRESS
    )
    indicator = IndicatorFactory(commitment=commitment)
    report = ProgressReportFactory(commitment=commitment, year=2025, status=ReportStatus.SUBMITTED)
    IndicatorValueFactory(report=report, indicator=indicator, value=Decimal(1))
    assert (
        commitment_progress(commitments_with_progress().get()).status == CommitmentStatus.ON_TRACK
    )


def test_status_filter_and_rule_shown(client, programme, principal, time_machine):
    time_machine.move_to(datetime(2026, 7, 2, 9, 0, tzinfo=TZ), tick=False)
    late = CommitmentFactory(programme=programme, code="1")
    MilestoneFactory(commitment=late, due_date=date(2026, 7, 1))
    fine = CommitmentFactory(programme=programme, code="2")
    MilestoneFactory(commitment=fine, due_date=date(2026, 9, 1), status=MilestoneStatus.IN_PROGRESS)
    client.force_login(principal)
    response = client.get(reverse("programme:overview"), {"status": "overdue"})
    assert [r["commitment"].code for _a, rows in response.context["groups"] for r in rows] == ["1"]
    assert 'data-testid="status-rule"' in response.content.decode()


def test_year_filter_and_search(client, programme, principal, time_machine):
    time_machine.move_to(datetime(2026, 2, 1, 9, 0, tzinfo=TZ), tick=False)
    old = CommitmentFactory(programme=programme, code="1", title="Tuyên truyền học tập suốt đời")
    MilestoneFactory(
        commitment=old,
        due_date=date(2025, 3, 1),
        status=MilestoneStatus.DONE,
        done_on=date(2025, 3, 1),
    )
    MilestoneFactory(
        commitment=old,
        due_date=date(2025, 9, 1),
        status=MilestoneStatus.DONE,
        done_on=date(2025, 9, 1),
    )
    MilestoneFactory(commitment=old, due_date=date(2027, 9, 1))
    later = CommitmentFactory(programme=programme, code="2", title="Thành phố học tập")
    MilestoneFactory(commitment=later, due_date=date(2027, 9, 1))
    client.force_login(principal)

    response = client.get(reverse("programme:overview"), {"year": "2025"})
    rows = [r for _a, group in response.context["groups"] for r in group]
    assert [
        (r["commitment"].code, r["progress"].milestones_done, r["progress"].milestones_total)
        for r in rows
    ] == [("1", 2, 2)]
    response = client.get(reverse("programme:overview"), {"q": "thành phố"})
    assert [r["commitment"].code for _a, group in response.context["groups"] for r in group] == [
        "2"
    ]
