from datetime import date

import pytest
import time_machine
from django.core import mail

from accounts.enums import OrganisationKind, Role
from notifications import services
from notifications.models import Reminder
from programme.enums import MilestoneStatus, Party, PeriodKind, ReportStatus
from tests.factories.accounts import OrganisationFactory, user_with_role
from tests.factories.programme import (
    CommitmentFactory,
    MilestoneFactory,
    ProgrammeFactory,
    ProgressReportFactory,
)

from .helpers import at, message_of, scan_on

pytestmark = pytest.mark.django_db

RULE = "programme.milestone_due"


@pytest.fixture
def parties():
    doet = OrganisationFactory(kind=OrganisationKind.DEPARTMENT)
    association = OrganisationFactory(kind=OrganisationKind.ASSOCIATION)
    programme = ProgrammeFactory()
    programme.parties.set([doet, association])
    staff = user_with_role(Role.DEPARTMENT_STAFF, doet, username="staff")
    officer = user_with_role(Role.ASSOCIATION_OFFICER, association, username="officer")
    # Staff of a department that is not a party of the programme are not reminded.
    user_with_role(Role.DEPARTMENT_STAFF, username="other-staff")
    return {"programme": programme, "staff": staff, "officer": officer}


def milestone(parties, lead=Party.DOET, **fields):
    commitment = CommitmentFactory(programme=parties["programme"], lead_party=lead, code="M5")
    owner = user_with_role(Role.PRINCIPAL, username="owner")
    return MilestoneFactory(commitment=commitment, owner=owner, **fields)


def test_milestone_reminders_at_14_7_1_days_then_weekly_when_overdue(parties):
    milestone(parties, due_date=date(2027, 1, 20))
    both = lambda occasion: {("owner", occasion), ("staff", occasion)}  # noqa: E731

    assert scan_on(date(2027, 1, 5), RULE) == set()  # 15 days before
    assert scan_on(date(2027, 1, 6), RULE) == both("due-14")
    assert scan_on(date(2027, 1, 10), RULE) == set()  # 10 days: still the 14-day bucket
    assert scan_on(date(2027, 1, 13), RULE) == both("due-7")
    assert scan_on(date(2027, 1, 19), RULE) == both("due-1")
    assert scan_on(date(2027, 1, 20), RULE) == set()  # due today: reminded yesterday
    assert scan_on(date(2027, 1, 21), RULE) == both("overdue-1")
    assert scan_on(date(2027, 1, 27), RULE) == set()
    assert scan_on(date(2027, 1, 28), RULE) == both("overdue-2")
    assert scan_on(date(2027, 2, 4), RULE) == both("overdue-3")


def test_a_missed_scan_sends_only_the_current_bucket(parties):
    milestone(parties, due_date=date(2027, 1, 20))
    # Nothing ran for three weeks: one reminder, for today's bucket, not three.
    assert scan_on(date(2027, 1, 18), RULE) == {("owner", "due-7"), ("staff", "due-7")}


def test_milestone_recipients_follow_the_lead_party(parties):
    milestone(parties, lead=Party.ASSOCIATION, due_date=date(2027, 1, 20))
    assert scan_on(date(2027, 1, 19), RULE) == {("owner", "due-1"), ("officer", "due-1")}
    Reminder.objects.all().delete()
    joint = MilestoneFactory(
        commitment=CommitmentFactory(programme=parties["programme"], lead_party=Party.JOINT),
        owner=None,
        due_date=date(2027, 1, 20),
    )
    found = scan_on(date(2027, 1, 19), RULE)
    assert found == {("owner", "due-1"), ("staff", "due-1"), ("officer", "due-1")}
    assert Reminder.objects.filter(object_id=joint.pk).count() == 2


def test_done_or_cancelled_milestones_are_not_reminded(parties):
    milestone(
        parties, due_date=date(2027, 1, 20), status=MilestoneStatus.DONE, done_on=date(2027, 1, 1)
    )
    MilestoneFactory(
        commitment=CommitmentFactory(programme=parties["programme"]),
        due_date=date(2027, 1, 20),
        status=MilestoneStatus.CANCELLED,
    )
    assert scan_on(date(2027, 1, 19), RULE) == set()


def test_milestone_done_before_delivery_cancels_the_reminder(parties):
    m = milestone(parties, due_date=date(2027, 1, 20))
    scan_on(date(2027, 1, 19), RULE)
    m.status, m.done_on = MilestoneStatus.DONE, date(2027, 1, 19)
    m.save()
    with time_machine.travel(at(date(2027, 1, 19), 9), tick=False):
        outcomes = {services.reminder_deliver(reminder_id=r.pk) for r in Reminder.objects.all()}
    assert outcomes == {"cancelled"}
    assert mail.outbox == []


def test_milestone_offsets_come_from_settings(parties, settings):
    settings.REMINDER_MILESTONE_DAYS = [3]
    settings.REMINDER_OVERDUE_EVERY_DAYS = 2
    milestone(parties, due_date=date(2027, 1, 20))
    assert scan_on(date(2027, 1, 6), RULE) == set()
    assert scan_on(date(2027, 1, 17), RULE) == {("owner", "due-3"), ("staff", "due-3")}
    assert scan_on(date(2027, 1, 22), RULE) == {("owner", "overdue-1"), ("staff", "overdue-1")}
    assert scan_on(date(2027, 1, 23), RULE) == {("owner", "overdue-2"), ("staff", "overdue-2")}


def test_milestone_messages_in_both_languages():
    context = {"title": "Hội nghị sơ kết", "commitment": "5", "due": "2027-01-20", "days": 7}
    assert message_of(RULE, context, "en") == (
        "Milestone due in 7 days: Hội nghị sơ kết",
        "Commitment 5: this milestone is due on 20/01/2027.",
    )
    title, body = message_of(RULE, {**context, "days": -3}, "en")
    assert title == "Milestone overdue: Hội nghị sơ kết"
    assert "was due on 20/01/2027" in body
    title, _body = message_of(RULE, context, "vi")
    assert title == "Mốc công việc đến hạn sau 7 ngày: Hội nghị sơ kết"


REPORT = "programme.report_due"


@pytest.fixture
def commitment(parties):
    c = CommitmentFactory(programme=parties["programme"], code="C3")
    c.responsible.set([parties["staff"], user_with_role(Role.DEPARTMENT_STAFF, username="hanh")])
    return c


def test_report_period_ending_reminds_responsible_people(commitment):
    people = lambda occasion: {("staff", occasion), ("hanh", occasion)}  # noqa: E731
    assert scan_on(date(2027, 6, 15), REPORT) == set()
    assert scan_on(date(2027, 6, 16), REPORT) == people("half_year-2027-due-14")
    assert scan_on(date(2027, 6, 23), REPORT) == people("half_year-2027-due-7")
    assert scan_on(date(2027, 6, 29), REPORT) == people("half_year-2027-due-1")
    assert scan_on(date(2027, 7, 1), REPORT) == set()
    assert scan_on(date(2027, 12, 1), REPORT) == people("year-2027-due-14")
    assert scan_on(date(2027, 12, 8), REPORT) == people("year-2027-due-7")
    assert scan_on(date(2027, 12, 14), REPORT) == people("year-2027-due-1")


def test_report_already_submitted_is_not_reminded(commitment):
    ProgressReportFactory(
        commitment=commitment, period=PeriodKind.HALF_YEAR, year=2027, status=ReportStatus.SUBMITTED
    )
    assert scan_on(date(2027, 6, 23), REPORT) == set()
    # A draft does not count: the year report is still reminded.
    ProgressReportFactory(commitment=commitment, period=PeriodKind.YEAR, year=2027)
    assert scan_on(date(2027, 12, 8), REPORT) == {
        ("staff", "year-2027-due-7"),
        ("hanh", "year-2027-due-7"),
    }


def test_report_submitted_before_delivery_cancels_the_reminder(commitment):
    scan_on(date(2027, 6, 23), REPORT)
    ProgressReportFactory(
        commitment=commitment, period=PeriodKind.HALF_YEAR, year=2027, status=ReportStatus.ACCEPTED
    )
    outcomes = {services.reminder_deliver(reminder_id=r.pk) for r in Reminder.objects.all()}
    assert outcomes == {"cancelled"}


def test_no_report_reminders_outside_the_programme_period(commitment):
    assert scan_on(date(2031, 6, 20), REPORT) == set()


def test_report_message():
    context = {
        "commitment": "C3",
        "title": "x",
        "period": "half_year",
        "year": 2027,
        "deadline": "2027-06-30",
        "days": 7,
    }
    assert message_of(REPORT, context, "en") == (
        "Progress report for first half of 2027 due in 7 days: commitment C3",
        "The progress report of commitment C3 for first half of 2027 is due by 30/06/2027 "
        "and has not been submitted yet.",
    )
