"""Reminder rules of the awards (read by notifications.registry).

- Nomination round closing in REMINDER_ROUND_DAYS days (14, 7, 1) → the nominators of
  every organisation that still has draft nominations in the round.
- More information requested → the nominators (once per request).
- Review assigned → the reviewer; review deadline in REMINDER_REVIEW_DAYS days (7, 1) and,
  once overdue, every REMINDER_OVERDUE_EVERY_DAYS days → the reviewers who have not
  submitted their review.
- Decision recorded → the nominators of each commended nomination.

"Nominators" are, as in awards.services, the principals, officers and staff of the
nominating organisation. The awards services already notify in the app when they assign
a reviewer, request information and record a decision, so those three rules add the
e-mail only (``in_app=False``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role
from accounts.models import Membership
from notifications.enums import NotificationKind
from notifications.registry import (
    Due,
    Rule,
    due_or_overdue_occasion,
    iso,
    offset_occasion,
)

from .enums import UNDER_REVIEW, NominationStatus
from .models import (
    Commendation,
    Nomination,
    NominationRound,
    NominationTransition,
    ReviewAssignment,
)
from .rules import NOMINATING_ROLES

KINDS = [
    (NotificationKind.AWARDS_NOMINATIONS, set(NOMINATING_ROLES)),
    (NotificationKind.AWARDS_REVIEWS, {Role.ASSOCIATION_OFFICER}),
]

# Decisions older than this are not announced (e.g. when reminders are first switched on).
DECISION_NEWS_DAYS = 30


def _day(value: str) -> str:
    return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT") if value else ""


def nominators(organisation_ids) -> dict[int, list[int]]:
    """organisation id → user ids of the people who nominate for it, in one query."""
    found: dict[int, list[int]] = defaultdict(list)
    rows = (
        Membership.objects.filter(
            organisation_id__in=set(organisation_ids),
            role__in=NOMINATING_ROLES,
            is_active=True,
            user__is_active=True,
        )
        .values_list("organisation_id", "user_id")
        .order_by("user_id")
        .distinct()
    )
    for org_id, user_id in rows:
        found[org_id].append(user_id)
    return found


# --- Round closing ----------------------------------------------------------------------


def rounds_closing(now: datetime):
    today = timezone.localdate(now)
    offsets = settings.REMINDER_ROUND_DAYS
    rounds = {
        r.pk: r
        for r in NominationRound.objects.filter(
            opening_date__lte=today,
            submission_deadline__gte=today,
            submission_deadline__lte=today + timedelta(days=max(offsets, default=0)),
        )
    }
    if not rounds:
        return
    drafts = list(
        Nomination.objects.filter(round_id__in=rounds, status=NominationStatus.DRAFT)
        .values("round_id", "nominating_organisation_id")
        .annotate(n=Count("id"))
        .order_by("round_id", "nominating_organisation_id")
    )
    people = nominators(row["nominating_organisation_id"] for row in drafts)
    per_user: dict[tuple[int, int], int] = defaultdict(int)
    for row in drafts:
        for user_id in people.get(row["nominating_organisation_id"], []):
            per_user[(row["round_id"], user_id)] += row["n"]
    for (round_id, user_id), count in sorted(per_user.items()):
        nomination_round = rounds[round_id]
        days_left = (nomination_round.submission_deadline - today).days
        occasion = offset_occasion(days_left, offsets)
        if occasion is None:  # not reached: the rounds close within the offsets
            continue
        yield Due(
            obj=nomination_round,
            recipient_id=user_id,
            occasion=occasion,
            context={
                "round": nomination_round.title,
                "deadline": iso(nomination_round.submission_deadline),
                "days": days_left,
                "drafts": count,
            },
            url=reverse("awards:nomination-list") + f"?round={round_id}&status=draft",
            label=nomination_round.title,
        )


def round_message(context: dict) -> tuple[str, str]:
    title = ngettext(
        "Nomination round closes in %(days)s day: %(round)s",
        "Nomination round closes in %(days)s days: %(round)s",
        context["days"],
    ) % {"days": context["days"], "round": context["round"]}
    body = ngettext(
        "Your organisation still has %(count)s draft nomination. Submit it by %(deadline)s.",
        "Your organisation still has %(count)s draft nominations. Submit them by %(deadline)s.",
        context["drafts"],
    ) % {"count": context["drafts"], "deadline": _day(context["deadline"])}
    return title, body


# --- More information requested ---------------------------------------------------------


def more_info_requested(now: datetime):
    transitions = (
        NominationTransition.objects.filter(
            to_status=NominationStatus.MORE_INFO, nomination__status=NominationStatus.MORE_INFO
        )
        .select_related("nomination")
        .order_by("nomination_id", "-at", "-id")
    )
    latest: dict[int, NominationTransition] = {}
    for transition in transitions:
        latest.setdefault(transition.nomination_id, transition)
    people = nominators(t.nomination.nominating_organisation_id for t in latest.values())
    for transition in latest.values():
        nomination = transition.nomination
        for user_id in people.get(nomination.nominating_organisation_id, []):
            yield Due(
                obj=nomination,
                recipient_id=user_id,
                occasion=f"more-info-{transition.pk}",
                context={
                    "nominee": nomination.nominee_name,
                    "comment": (transition.comment or nomination.status_comment)[:1000],
                },
                url=nomination.get_absolute_url(),
                label=nomination.nominee_name,
            )


def more_info_message(context: dict) -> tuple[str, str]:
    title = _("More information requested for the nomination of %(name)s") % {
        "name": context["nominee"]
    }
    body = str(_("Add what the council asks for, then submit the nomination again."))
    if context.get("comment"):
        label = _("Comment")
        body = f"{body}\n{label}: {context['comment']}"
    return title, body


def still_more_info(nomination: Nomination, reminder) -> bool:
    return nomination.status == NominationStatus.MORE_INFO


# --- Reviews ----------------------------------------------------------------------------


def _open_assignments():
    return ReviewAssignment.objects.filter(
        submitted_at__isnull=True,
        conflict_declared=False,
        nomination__status__in=UNDER_REVIEW,
    ).select_related("nomination__round")


def _review_context(assignment: ReviewAssignment, today: date) -> dict:
    nomination_round = assignment.nomination.round
    return {
        "nominee": assignment.nomination.nominee_name,
        "round": nomination_round.title,
        "deadline": iso(nomination_round.review_deadline),
        "days": (nomination_round.review_deadline - today).days,
    }


def reviews_assigned(now: datetime):
    today = timezone.localdate(now)
    for assignment in _open_assignments():
        yield Due(
            obj=assignment,
            recipient_id=assignment.reviewer_id,
            occasion="assigned",
            context=_review_context(assignment, today),
            url=reverse("awards:review-form", args=[assignment.nomination_id]),
            label=assignment.nomination.nominee_name,
        )


def reviews_due(now: datetime):
    today = timezone.localdate(now)
    offsets = settings.REMINDER_REVIEW_DAYS
    horizon = today + timedelta(days=max(offsets, default=0))
    for assignment in _open_assignments().filter(nomination__round__review_deadline__lte=horizon):
        context = _review_context(assignment, today)
        days_left = context["days"]
        occasion = due_or_overdue_occasion(days_left, offsets, settings.REMINDER_OVERDUE_EVERY_DAYS)
        if occasion is None:
            continue
        yield Due(
            obj=assignment,
            recipient_id=assignment.reviewer_id,
            occasion=occasion,
            context=context,
            url=reverse("awards:review-form", args=[assignment.nomination_id]),
            label=assignment.nomination.nominee_name,
        )


def assigned_message(context: dict) -> tuple[str, str]:
    title = _("You are asked to review the nomination of %(name)s") % {"name": context["nominee"]}
    body = _("Round: %(round)s. Please submit your review by %(deadline)s.") % {
        "round": context["round"],
        "deadline": _day(context["deadline"]),
    }
    return title, body


def review_due_message(context: dict) -> tuple[str, str]:
    days = context["days"]
    values = {"name": context["nominee"], "days": days, "deadline": _day(context["deadline"])}
    if days < 0:
        title = _("Review overdue: nomination of %(name)s") % values
        body = _("The review deadline was %(deadline)s. Please submit your review.") % values
    else:
        title = (
            ngettext(
                "Review due in %(days)s day: nomination of %(name)s",
                "Review due in %(days)s days: nomination of %(name)s",
                days,
            )
            % values
        )
        body = _("Please submit your review by %(deadline)s.") % values
    return title, body


def review_still_open(assignment: ReviewAssignment, reminder) -> bool:
    return (
        assignment.submitted_at is None
        and not assignment.conflict_declared
        and Nomination.objects.filter(pk=assignment.nomination_id, status__in=UNDER_REVIEW).exists()
    )


# --- Decision recorded ------------------------------------------------------------------


def decisions_recorded(now: datetime):
    commendations = list(
        Commendation.objects.filter(
            decision__created__gte=now - timedelta(days=DECISION_NEWS_DAYS),
            decision__created__lte=now,
            decision__date__gte=timezone.localdate(now) - timedelta(days=DECISION_NEWS_DAYS),
        )
        .select_related("decision", "nomination", "form")
        .order_by("pk")
    )
    people = nominators(c.nomination.nominating_organisation_id for c in commendations)
    for commendation in commendations:
        nomination, decision = commendation.nomination, commendation.decision
        for user_id in people.get(nomination.nominating_organisation_id, []):
            yield Due(
                obj=nomination,
                recipient_id=user_id,
                occasion=f"decision-{decision.pk}",
                context={
                    "nominee": commendation.nominee_name,
                    "decision": decision.label,
                    "date": iso(decision.date),
                    "form_vi": commendation.form.name_vi,
                    "form_en": commendation.form.name_en,
                },
                url=nomination.get_absolute_url(),
                label=commendation.nominee_name,
            )


def decision_message(context: dict) -> tuple[str, str]:

    form = (
        context["form_en"] if get_language() == "en" and context["form_en"] else context["form_vi"]
    )
    title = _("Decision recorded: %(name)s is commended") % {"name": context["nominee"]}
    body = _("Decision %(number)s of %(date)s grants the %(form)s.") % {
        "number": context["decision"],
        "date": _day(context["date"]),
        "form": form,
    }
    return title, body


RULES = [
    Rule(
        name="awards.round_closing",
        kind=NotificationKind.AWARDS_NOMINATIONS,
        label=_("Nomination round closing with drafts"),
        collect=rounds_closing,
        message=round_message,
    ),
    Rule(
        name="awards.more_info",
        kind=NotificationKind.AWARDS_NOMINATIONS,
        label=_("More information requested"),
        collect=more_info_requested,
        message=more_info_message,
        still_applies=still_more_info,
        in_app=False,
    ),
    Rule(
        name="awards.review_assigned",
        kind=NotificationKind.AWARDS_REVIEWS,
        label=_("Review assigned"),
        collect=reviews_assigned,
        message=assigned_message,
        still_applies=review_still_open,
        in_app=False,
    ),
    Rule(
        name="awards.review_due",
        kind=NotificationKind.AWARDS_REVIEWS,
        label=_("Review due or overdue"),
        collect=reviews_due,
        message=review_due_message,
        still_applies=review_still_open,
    ),
    Rule(
        name="awards.decision_recorded",
        kind=NotificationKind.AWARDS_NOMINATIONS,
        label=_("Decision recorded"),
        collect=decisions_recorded,
        message=decision_message,
        in_app=False,
    ),
]
