from datetime import date

import pytest
import time_machine
from django.core import mail

from accounts.enums import OrganisationKind, Role, Tier
from notifications import services
from notifications.models import Reminder
from tests.factories.accounts import AreaFactory, OrganisationFactory, user_with_role
from units.enums import AssessmentStatus, CycleState
from units.models import AssessmentTransition, Cycle, Framework, School, SelfAssessment

from .helpers import at, message_of, scan_on

pytestmark = pytest.mark.django_db

CYCLE = "units.cycle_closing"
RETURNED = "units.assessment_returned"
WAITING = "units.review_waiting"


@pytest.fixture
def world():
    area = AreaFactory()
    doet = OrganisationFactory(kind=OrganisationKind.DEPARTMENT)
    staff = user_with_role(Role.DEPARTMENT_STAFF, doet, username="staff")
    office = OrganisationFactory(kind=OrganisationKind.EDUCATION_OFFICE, area=area)
    reviewer = user_with_role(Role.TIER_REVIEWER, office, username="reviewer")
    # A reviewer of another area is never asked.
    user_with_role(Role.TIER_REVIEWER, username="elsewhere")
    cycle = Cycle.objects.create(
        year=2026,
        tier=Tier.DISTRICT,
        framework=Framework.objects.order_by("pk").first(),
        opens_on=date(2026, 12, 1),
        submission_deadline=date(2027, 1, 15),
        review_deadline=date(2027, 2, 28),
        authority=OrganisationFactory(kind=OrganisationKind.PEOPLES_COMMITTEE),
        state=CycleState.OPEN,
    )
    return {"area": area, "staff": staff, "reviewer": reviewer, "cycle": cycle, "doet": doet}


def school(world, name: str, tier=Tier.DISTRICT, principal: str | None = None):
    organisation = OrganisationFactory(
        kind=OrganisationKind.SCHOOL, tier=tier, area=world["area"], name=name
    )
    profile = School.objects.create(organisation=organisation, education_level="lower_secondary")
    if principal:
        user_with_role(Role.PRINCIPAL, organisation, username=principal)
    return profile


def assessment(world, profile, status, **fields):
    return SelfAssessment.objects.create(
        cycle=world["cycle"], school=profile, status=status, created_by=world["staff"], **fields
    )


def test_cycle_closing_reminds_principals_without_a_submitted_assessment(world):
    school(world, "Trường A", principal="lan")  # nothing started
    draft = school(world, "Trường B", principal="tuan")
    assessment(world, draft, AssessmentStatus.DRAFT)
    returned = school(world, "Trường C", principal="mai")
    assessment(world, returned, AssessmentStatus.RETURNED)  # counts as submitted
    done = school(world, "Trường D", principal="hoa")
    assessment(world, done, AssessmentStatus.SUBMITTED)
    school(world, "Trường THPT E", tier=Tier.PROVINCIAL, principal="binh")  # other cycle

    assert scan_on(date(2026, 12, 31), CYCLE) == set()  # 15 days before
    assert scan_on(date(2027, 1, 1), CYCLE) == {
        ("lan", f"cycle-{world['cycle'].pk}-due-14"),
        ("tuan", f"cycle-{world['cycle'].pk}-due-14"),
    }
    assert scan_on(date(2027, 1, 8), CYCLE) == {
        ("lan", f"cycle-{world['cycle'].pk}-due-7"),
        ("tuan", f"cycle-{world['cycle'].pk}-due-7"),
    }
    assert scan_on(date(2027, 1, 14), CYCLE) == {
        ("lan", f"cycle-{world['cycle'].pk}-due-1"),
        ("tuan", f"cycle-{world['cycle'].pk}-due-1"),
    }
    assert scan_on(date(2027, 1, 16), CYCLE) == set()


def test_cycle_reminder_links_to_the_draft_or_the_school(world):
    lan = school(world, "Trường A", principal="lan")
    draft = assessment(world, school(world, "Trường B", principal="tuan"), AssessmentStatus.DRAFT)
    scan_on(date(2027, 1, 8), CYCLE)
    urls = dict(Reminder.objects.values_list("recipient__username", "url"))
    assert urls == {
        "lan": f"/units/schools/{lan.pk}/",
        "tuan": f"/units/assessments/{draft.pk}/",
    }


def test_closed_or_upcoming_cycle_sends_nothing(world):
    school(world, "Trường A", principal="lan")
    Cycle.objects.update(state=CycleState.IN_REVIEW)
    assert scan_on(date(2027, 1, 8), CYCLE) == set()


def test_cycle_reminder_cancelled_when_submitted_before_delivery(world):
    profile = school(world, "Trường A", principal="lan")
    scan_on(date(2027, 1, 8), CYCLE)
    assessment(world, profile, AssessmentStatus.SUBMITTED)
    reminder = Reminder.objects.get()
    assert services.reminder_deliver(reminder_id=reminder.pk) == "cancelled"


def test_cycle_reminder_delivered_to_the_principal(world, django_capture_on_commit_callbacks):
    school(world, "Trường THCS Chiềng Lề", principal="lan")
    with (
        time_machine.travel(at(date(2027, 1, 8)), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.reminders_scan()
    reminder = Reminder.objects.get(rule=CYCLE)
    assert reminder.state == "sent"
    assert reminder.notification.title == message_of(CYCLE, reminder.context)[0]
    assert mail.outbox[0].to == ["lan@example.org"]


def test_cycle_offsets_from_settings(world, settings):
    settings.REMINDER_CYCLE_DAYS = [30]
    school(world, "Trường A", principal="lan")
    assert scan_on(date(2026, 12, 20), CYCLE) == {("lan", f"cycle-{world['cycle'].pk}-due-30")}


def test_cycle_message():
    context = {"school": "Trường A", "year": 2026, "cycle": 1, "deadline": "2027-01-15", "days": 7}
    assert message_of(CYCLE, context, "en") == (
        "Self-assessment 2026 due in 7 days: Trường A",
        "The Learning Unit self-assessment of Trường A for 2026 must be submitted by "
        "15/01/2027. It has not been submitted yet.",
    )


def test_returned_assessment_reminds_the_principal_once_per_return(world):
    profile = school(world, "Trường A", principal="lan")
    item = assessment(world, profile, AssessmentStatus.RETURNED)
    first = AssessmentTransition.objects.create(
        assessment=item,
        from_status=AssessmentStatus.IN_REVIEW,
        to_status=AssessmentStatus.RETURNED,
        by=world["reviewer"],
        comment="Thiếu minh chứng tiêu chí 2",
    )
    assert scan_on(date(2027, 1, 20), RETURNED) == {("lan", f"returned-{first.pk}")}
    assert scan_on(date(2027, 1, 21), RETURNED) == set()
    assert Reminder.objects.get().context["comment"] == "Thiếu minh chứng tiêu chí 2"
    # Resubmitted, then returned again: a new reminder.
    second = AssessmentTransition.objects.create(
        assessment=item,
        from_status=AssessmentStatus.RESUBMITTED,
        to_status=AssessmentStatus.RETURNED,
        by=world["reviewer"],
    )
    assert scan_on(date(2027, 1, 25), RETURNED) == {("lan", f"returned-{second.pk}")}


def test_returned_then_resubmitted_is_not_reminded(world):
    item = assessment(
        world, school(world, "Trường A", principal="lan"), AssessmentStatus.RESUBMITTED
    )
    AssessmentTransition.objects.create(
        assessment=item, to_status=AssessmentStatus.RETURNED, by=world["reviewer"]
    )
    assert scan_on(date(2027, 1, 20), RETURNED) == set()


def test_returned_message():
    title, body = message_of(
        RETURNED, {"school": "Trường A", "year": 2026, "comment": "Thiếu minh chứng"}, "en"
    )
    assert title == "Self-assessment 2026 returned for corrections: Trường A"
    assert body.endswith("Reviewer’s comment: Thiếu minh chứng")


def test_dossier_waiting_reminds_reviewer_then_escalates_to_staff(world, settings):
    settings.REMINDER_REVIEW_WAITING_DAYS = 10
    settings.REMINDER_ESCALATE_DAYS = 20
    submitted_at = at(date(2027, 1, 10), 9)
    district = assessment(
        world, school(world, "Trường A"), AssessmentStatus.SUBMITTED, submitted_at=submitted_at
    )
    provincial = assessment(
        world,
        school(world, "Trường THPT B", tier=Tier.PROVINCIAL),
        AssessmentStatus.IN_REVIEW,
        submitted_at=submitted_at,
    )
    assert scan_on(date(2027, 1, 19), WAITING) == set()
    assert scan_on(date(2027, 1, 20), WAITING) == {
        ("reviewer", "waiting-20270110"),
        ("staff", "waiting-20270110"),  # the DOET reviews provincial-tier schools
    }
    assert scan_on(date(2027, 1, 25), WAITING) == set()
    assert scan_on(date(2027, 1, 30), WAITING) == {("staff", "escalated-20270110")}
    assert Reminder.objects.filter(occasion="escalated-20270110").count() == 2
    assert set(
        Reminder.objects.filter(recipient__username="reviewer").values_list("object_id", flat=True)
    ) == {district.pk}
    assert provincial.pk in set(Reminder.objects.values_list("object_id", flat=True))


def test_reviewed_dossier_is_not_reminded_and_pending_ones_cancel(world):
    item = assessment(
        world,
        school(world, "Trường A"),
        AssessmentStatus.SUBMITTED,
        submitted_at=at(date(2027, 1, 1)),
    )
    scan_on(date(2027, 1, 12), WAITING)
    SelfAssessment.objects.filter(pk=item.pk).update(status=AssessmentStatus.VERIFIED)
    assert {services.reminder_deliver(reminder_id=r.pk) for r in Reminder.objects.all()} == {
        "cancelled"
    }
    assert scan_on(date(2027, 2, 12), WAITING) == set()


def test_waiting_message():
    context = {"school": "Trường A", "year": 2026, "submitted": "2027-01-10", "days": 12}
    assert message_of(WAITING, context, "en")[0] == (
        "Dossier of Trường A (2026) waiting for review for 12 days"
    )
    assert message_of(WAITING, {**context, "escalated": True}, "en")[0].startswith("Escalated: ")


def test_cycle_rule_queries_do_not_grow_with_schools(world, django_assert_max_num_queries):
    for n in range(30):
        school(world, f"Trường {n}", principal=f"p{n}")
    from notifications.registry import rules_by_name

    rule = rules_by_name()[CYCLE]
    with django_assert_max_num_queries(4):
        found = list(rule.collect(at(date(2027, 1, 8))))
    assert len(found) == 30
