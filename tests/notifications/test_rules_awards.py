from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from time_machine import travel

from accounts.enums import OrganisationKind, Role
from awards.enums import NominationStatus
from awards.models import (
    Commendation,
    Decision,
    NominationTransition,
    ReviewAssignment,
)
from notifications import services
from notifications.enums import Channel
from notifications.models import Notification, NotificationPreference, Reminder
from tests.factories.accounts import OrganisationFactory, user_with_role
from tests.factories.awards import NominationFactory, make_round

from .helpers import at, message_of, scan_on

pytestmark = pytest.mark.django_db

ROUND = "awards.round_closing"
MORE_INFO = "awards.more_info"
ASSIGNED = "awards.review_assigned"
REVIEW_DUE = "awards.review_due"
DECISION = "awards.decision_recorded"


@pytest.fixture
def school():
    organisation = OrganisationFactory(kind=OrganisationKind.SCHOOL, name="Trường A")
    user_with_role(Role.PRINCIPAL, organisation, username="lan")
    return organisation


@pytest.fixture
def nomination_round():
    return make_round(
        year=2027,
        opening_date=date(2027, 2, 1),
        submission_deadline=date(2027, 3, 31),
        review_deadline=date(2027, 4, 30),
    )


def nomination(nomination_round, school, status=NominationStatus.DRAFT, **fields):
    return NominationFactory(
        round=nomination_round,
        nominating_organisation=school,
        created_by=user_with_role(Role.PRINCIPAL, school, username=f"creator-{status}"),
        status=status,
        **fields,
    )


def test_round_closing_reminds_organisations_with_drafts(nomination_round, school):
    nomination(nomination_round, school)
    # Another school whose only nomination is submitted is not reminded.
    done = OrganisationFactory(kind=OrganisationKind.SCHOOL)
    user_with_role(Role.PRINCIPAL, done, username="tuan")
    NominationFactory(
        round=nomination_round, nominating_organisation=done, status=NominationStatus.SUBMITTED
    )
    people = lambda occasion: {("lan", occasion), ("creator-draft", occasion)}  # noqa: E731
    assert scan_on(date(2027, 3, 16), ROUND) == set()
    assert scan_on(date(2027, 3, 17), ROUND) == people("due-14")
    assert scan_on(date(2027, 3, 24), ROUND) == people("due-7")
    assert scan_on(date(2027, 3, 30), ROUND) == people("due-1")
    assert scan_on(date(2027, 4, 1), ROUND) == set()
    reminder = Reminder.objects.filter(recipient__username="lan").first()
    assert reminder.context["drafts"] == 1
    assert reminder.url == f"/awards/nominations/?round={nomination_round.pk}&status=draft"


def test_round_offsets_from_settings(nomination_round, school, settings):
    settings.REMINDER_ROUND_DAYS = [3]
    nomination(nomination_round, school)
    assert scan_on(date(2027, 3, 24), ROUND) == set()
    assert scan_on(date(2027, 3, 28), ROUND) == {("lan", "due-3"), ("creator-draft", "due-3")}


def test_round_message():
    context = {"round": "Đợt 2027", "deadline": "2027-03-31", "days": 7, "drafts": 2}
    assert message_of(ROUND, context, "en") == (
        "Nomination round closes in 7 days: Đợt 2027",
        "Your organisation still has 2 draft nominations. Submit them by 31/03/2027.",
    )


def test_more_information_request_emails_the_nominators_once(
    nomination_round, school, django_capture_on_commit_callbacks
):
    item = nomination(
        nomination_round, school, NominationStatus.MORE_INFO, status_comment="Thiếu biên bản"
    )
    officer = user_with_role(Role.ASSOCIATION_OFFICER)
    request = NominationTransition.objects.create(
        nomination=item,
        from_status=NominationStatus.IN_REVIEW,
        to_status=NominationStatus.MORE_INFO,
        by=officer,
        comment="Thiếu biên bản họp xét",
    )
    occasion = f"more-info-{request.pk}"
    assert scan_on(date(2027, 4, 2), MORE_INFO) == {
        ("lan", occasion),
        ("creator-more_info", occasion),
    }
    assert scan_on(date(2027, 4, 3), MORE_INFO) == set()
    # The awards app already notified in the app: the rule adds the e-mail only.
    with (
        travel(at(date(2027, 4, 4)), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.reminders_enqueue_due()
    assert Notification.objects.count() == 0
    assert set(Reminder.objects.values_list("state", flat=True)) == {"sent"}
    from django.core import mail

    assert sorted(m.to[0] for m in mail.outbox) == [
        "creator-more_info@example.org",
        "lan@example.org",
    ]
    assert "Thiếu biên bản họp xét" in mail.outbox[0].body


def test_more_info_in_app_preference_means_no_second_notification(nomination_round, school):
    item = nomination(nomination_round, school, NominationStatus.MORE_INFO)
    NominationTransition.objects.create(
        nomination=item, to_status=NominationStatus.MORE_INFO, by=item.created_by
    )
    scan_on(date(2027, 4, 2), MORE_INFO)
    lan = Reminder.objects.get(recipient__username="lan")
    NotificationPreference.objects.create(
        user=lan.recipient, kind="awards_nominations", channel=Channel.IN_APP
    )
    assert services.reminder_deliver(reminder_id=lan.pk) == "sent"
    assert Notification.objects.count() == 0


def test_resubmitted_nomination_cancels_the_more_info_reminder(nomination_round, school):
    item = nomination(nomination_round, school, NominationStatus.MORE_INFO)
    NominationTransition.objects.create(
        nomination=item, to_status=NominationStatus.MORE_INFO, by=item.created_by
    )
    scan_on(date(2027, 4, 2), MORE_INFO)
    item.status = NominationStatus.RESUBMITTED
    item.save()
    assert {services.reminder_deliver(reminder_id=r.pk) for r in Reminder.objects.all()} == {
        "cancelled"
    }


@pytest.fixture
def assignment(nomination_round, school):
    item = nomination(nomination_round, school, NominationStatus.IN_REVIEW)
    reviewer = user_with_role(Role.ASSOCIATION_OFFICER, username="reviewer")
    return ReviewAssignment.objects.create(nomination=item, reviewer=reviewer, assigned_by=reviewer)


def test_review_assigned_reminds_the_reviewer_once(assignment):
    assert scan_on(date(2027, 4, 1), ASSIGNED) == {("reviewer", "assigned")}
    assert scan_on(date(2027, 4, 2), ASSIGNED) == set()
    assert Reminder.objects.get().url == f"/awards/nominations/{assignment.nomination_id}/review/"


def test_review_due_then_overdue_weekly(assignment):
    assert scan_on(date(2027, 4, 22), REVIEW_DUE) == set()
    assert scan_on(date(2027, 4, 23), REVIEW_DUE) == {("reviewer", "due-7")}
    assert scan_on(date(2027, 4, 29), REVIEW_DUE) == {("reviewer", "due-1")}
    assert scan_on(date(2027, 5, 1), REVIEW_DUE) == {("reviewer", "overdue-1")}
    assert scan_on(date(2027, 5, 7), REVIEW_DUE) == set()
    assert scan_on(date(2027, 5, 8), REVIEW_DUE) == {("reviewer", "overdue-2")}


def test_submitted_or_conflicted_reviews_are_not_reminded(assignment, nomination_round, school):
    ReviewAssignment.objects.filter(pk=assignment.pk).update(submitted_at=at(date(2027, 4, 20)))
    other = nomination(nomination_round, school, NominationStatus.SUBMITTED, nominee_name="B")
    ReviewAssignment.objects.create(
        nomination=other,
        reviewer=assignment.reviewer,
        assigned_by=assignment.reviewer,
        conflict_declared=True,
    )
    assert scan_on(date(2027, 4, 29), REVIEW_DUE) == set()
    assert scan_on(date(2027, 4, 29), ASSIGNED) == set()


def test_review_submitted_before_delivery_cancels(assignment):
    scan_on(date(2027, 4, 29), REVIEW_DUE)
    ReviewAssignment.objects.filter(pk=assignment.pk).update(submitted_at=at(date(2027, 4, 29), 9))
    assert services.reminder_deliver(reminder_id=Reminder.objects.get().pk) == "cancelled"


def test_review_messages():
    context = {"nominee": "Lò Thị Hoa", "round": "Đợt 2027", "deadline": "2027-04-30", "days": 1}
    assert message_of(REVIEW_DUE, context, "en") == (
        "Review due in 1 day: nomination of Lò Thị Hoa",
        "Please submit your review by 30/04/2027.",
    )
    assert message_of(REVIEW_DUE, {**context, "days": -2}, "en")[0] == (
        "Review overdue: nomination of Lò Thị Hoa"
    )
    assert message_of(ASSIGNED, context, "en")[0] == (
        "You are asked to review the nomination of Lò Thị Hoa"
    )


def test_decision_recorded_emails_the_nominators(nomination_round, school):
    item = nomination(
        nomination_round, school, NominationStatus.COMMENDED, nominee_name="Lò Thị Hoa"
    )
    decision_day = date(2027, 5, 10)
    with travel(at(decision_day), tick=False):
        decision = Decision.objects.create(
            round=nomination_round,
            issuing_organisation=item.form.issuing_organisation,
            year=2027,
            number=12,
            code="HKH",
            date=decision_day,
            signer="Chủ tịch Hội",
            scanned_document="awards/decisions/qd.pdf",
            created_by=item.created_by,
        )
    Commendation.objects.create(
        nomination=item,
        decision=decision,
        code="AW-TEST1",
        nominee_name="Lò Thị Hoa",
        nominee_kind="individual",
        organisation_name="Trường A",
        form=item.form,
        achievement="Thành tích",
    )
    occasion = f"decision-{decision.pk}"
    assert scan_on(date(2027, 5, 11), DECISION) == {
        ("lan", occasion),
        ("creator-commended", occasion),
    }
    assert scan_on(date(2027, 5, 12), DECISION) == set()
    reminder = Reminder.objects.first()
    assert reminder.content_type == ContentType.objects.get_for_model(item)
    title, body = message_of(DECISION, reminder.context, "en")
    assert title == "Decision recorded: Lò Thị Hoa is commended"
    assert body == f"Decision 12/QĐ-HKH of 10/05/2027 grants the {item.form.name_en}."
    # Decisions older than a month are not announced (e.g. when reminders start).
    Reminder.objects.all().delete()
    assert scan_on(decision_day + timedelta(days=40), DECISION) == set()
