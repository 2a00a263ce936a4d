"""Reviewers: conflict-free assignment, reviews and their scores."""

from __future__ import annotations

import statistics
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import User
from learnsociety.i18n import lazy_format
from notifications.services import notifications_after_commit

from ..enums import (
    UNDER_REVIEW,
    NominationStatus,
    Recommendation,
    RubricKind,
)
from ..models import (
    SCORE_MAX,
    CouncilMember,
    Nomination,
    NominationRound,
    ReviewAssignment,
    ReviewScore,
)
from ..rules import conflict_reason
from .base import AwardsError, _locked, _require, _require_manager, nomination_transition

# --- Reviewers -----------------------------------------------------------------------


def council_seats(nomination: Nomination) -> dict[int, CouncilMember]:
    """The seats of the council that reviews ``nomination`` (its form's acting
    organisation), by user id: only active users."""
    return {
        seat.user_id: seat
        for seat in CouncilMember.objects.filter(
            council__organisation_id=nomination.form.acting_organisation_id,
            user__is_active=True,
        ).select_related("user")
    }


@transaction.atomic
def assignment_create(*, by: User, nomination: Nomination, reviewer: User) -> ReviewAssignment:
    """Assign a council member by hand; conflicts from the organisation structure (the
    member's own organisations and the one of their council seat) refuse it."""
    _require_manager(by, nomination)
    nomination = _locked(nomination)
    _require(
        nomination.status in (*UNDER_REVIEW, NominationStatus.MORE_INFO),
        _("Reviewers can only be assigned to a submitted nomination."),
    )
    seat = council_seats(nomination).get(reviewer.pk)
    if seat is None:
        raise AwardsError(
            _("%(name)s is not a member of the council that reviews “%(form)s”.")
            % {"name": reviewer.get_full_name(), "form": nomination.form.name}
        )
    reason = conflict_reason(reviewer, nomination, seat_organisation_id=seat.organisation_id)
    _require(
        reason is None,
        _("Conflict of interest for %(name)s: %(reason)s")
        % {"name": reviewer.get_full_name(), "reason": reason},
    )
    _require(
        not nomination.assignments.filter(reviewer=reviewer).exists(),
        _("%(name)s is already assigned to this nomination.") % {"name": reviewer.get_full_name()},
    )
    return _assign(by=by, nomination=nomination, reviewer=reviewer)


def _assign(*, by: User, nomination: Nomination, reviewer: User) -> ReviewAssignment:
    assignment = ReviewAssignment.objects.create(
        nomination=nomination, reviewer=reviewer, assigned_by=by
    )
    notify = notifications_after_commit(
        [reviewer],
        kind="awards.assigned",
        title=lazy_format(
            gettext_lazy("You are asked to review the nomination of %(name)s"),
            name=nomination.nominee_name,
        ),
        url=reverse("awards:review-form", args=[nomination.pk]),
    )
    if nomination.status in (NominationStatus.SUBMITTED, NominationStatus.RESUBMITTED):
        nomination_transition(obj=nomination, to=NominationStatus.IN_REVIEW, by=by, notify=notify)
    else:  # a nomination already in review gets another reviewer: no move, same message
        transaction.on_commit(notify)
    return assignment


@transaction.atomic
def round_autoassign(*, by: User, round_: NominationRound) -> tuple[int, int]:
    """Give every nomination under review that ``by`` may manage its N reviewers from the
    council of its form, each time choosing the member without a conflict of interest
    who has the lightest load in the round. Returns (assigned, nominations still short
    of reviewers)."""
    _require_manager(by)
    nominations = [
        n
        for n in Nomination.objects.select_for_update(of=("self",))
        .select_related("form")
        .filter(round=round_, status__in=UNDER_REVIEW)
        .order_by("submitted_at", "id")
        if by.has_perm("awards.manage_nomination", n)
    ]
    acting = {n.form.acting_organisation_id for n in nominations}
    seats_by_org: dict[int, list[CouncilMember]] = {}
    for seat in (
        CouncilMember.objects.filter(council__organisation_id__in=acting, user__is_active=True)
        .select_related("user", "council")
        .order_by("user_id")
    ):
        seats_by_org.setdefault(seat.council.organisation_id, []).append(seat)
    load: dict[int, int] = {}
    for row in (
        ReviewAssignment.objects.filter(nomination__round=round_, conflict_declared=False)
        .values("reviewer_id")
        .annotate(n=Count("id"))
    ):
        load[row["reviewer_id"]] = row["n"]
    assigned = short = 0
    for nomination in nominations:
        current = list(nomination.assignments.all())
        taken = {a.reviewer_id for a in current}
        needed = round_.reviews_required - sum(1 for a in current if not a.conflict_declared)
        candidates = [
            seat.user
            for seat in seats_by_org.get(nomination.form.acting_organisation_id, [])
            if seat.user_id not in taken
            and conflict_reason(seat.user, nomination, seat_organisation_id=seat.organisation_id)
            is None
        ]
        candidates.sort(key=lambda r: (load.get(r.pk, 0), r.pk))
        for reviewer in candidates[: max(needed, 0)]:
            _assign(by=by, nomination=nomination, reviewer=reviewer)
            load[reviewer.pk] = load.get(reviewer.pk, 0) + 1
            assigned += 1
        if needed > len(candidates):
            short += 1
    return assigned, short


@transaction.atomic
def assignment_declare_conflict(*, by: User, assignment: ReviewAssignment, reason: str) -> None:
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    _require(assignment.reviewer_id == by.pk, _("Only the reviewer can declare a conflict."))
    reason = (reason or "").strip()
    _require(bool(reason), _("Say briefly why you have a conflict of interest."))
    assignment.conflict_declared = True
    assignment.conflict_reason = reason[:255]
    assignment.save(update_fields=["conflict_declared", "conflict_reason"])


def weighted_score(scores: dict, criteria) -> Decimal:
    total_weight = sum((c.weight for c in criteria), Decimal(0))
    total = sum((Decimal(scores[c.pk]) * c.weight for c in criteria), Decimal(0))
    return (total / total_weight).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def review_submit(
    *, by: User, assignment: ReviewAssignment, scores: dict, recommendation: str, comment: str
) -> ReviewAssignment:
    """Record (or revise, while the council still works) a review: one score per
    criterion on the round's scale, a recommendation and a comment."""
    assignment = (
        ReviewAssignment.objects.select_for_update()
        .select_related("nomination__round")
        .get(pk=assignment.pk)
    )
    nomination = assignment.nomination
    _require(
        assignment.reviewer_id == by.pk
        and not assignment.conflict_declared
        and conflict_reason(by, nomination) is None,
        _("You are not a reviewer of this nomination."),
    )
    _require(
        nomination.status in UNDER_REVIEW,
        _("This nomination is not open for review."),
    )
    _require(recommendation in Recommendation.values, _("Choose a recommendation."))
    criteria = list(nomination.round.criteria.all())
    _require(bool(criteria), _("This round has no scoring rubric yet."))
    pass_fail = nomination.round.rubric_kind == RubricKind.PASS_FAIL
    clean: dict[int, Decimal] = {}
    for criterion in criteria:
        raw = scores.get(criterion.pk)
        try:
            value = Decimal(str(raw))
        except (ArithmeticError, ValueError, TypeError):
            value = None
        if value is None or not value.is_finite():
            raise AwardsError(
                _("Give a score for “%(criterion)s”.") % {"criterion": criterion.name}
            )
        allowed = value in (0, SCORE_MAX) if pass_fail else 0 <= value <= SCORE_MAX
        _require(
            allowed,
            _("The score for “%(criterion)s” must be between 0 and 10.")
            % {"criterion": criterion.name},
        )
        clean[criterion.pk] = value.quantize(Decimal("0.1"))
    # Scores are revised in place (not deleted and re-created) so that their history shows
    # each score before and after, and who changed it.
    existing = {s.criterion_id: s for s in ReviewScore.objects.filter(assignment=assignment)}
    for criterion_id in existing.keys() - clean.keys():
        existing.pop(criterion_id).delete()
    changed = [s for pk, s in existing.items() if s.score != clean[pk]]
    for score in changed:
        score.score = clean[score.criterion_id]
    bulk_update_with_history(changed, ReviewScore, ["score"], default_user=by)
    bulk_create_with_history(
        [
            ReviewScore(assignment=assignment, criterion_id=pk, score=v)
            for pk, v in clean.items()
            if pk not in existing
        ],
        ReviewScore,
        default_user=by,
    )
    assignment.weighted_score = weighted_score(clean, criteria)
    assignment.recommendation = recommendation
    assignment.comment = (comment or "").strip()
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["weighted_score", "recommendation", "comment", "submitted_at"])
    return assignment


def score_summary(values: list[Decimal]) -> dict:
    if not values:
        return {"mean": None, "median": None, "spread": None, "count": 0}
    floats = [Decimal(v) for v in values]
    return {
        "mean": (sum(floats, Decimal(0)) / len(floats)).quantize(Decimal("0.01")),
        "median": Decimal(statistics.median(floats)).quantize(Decimal("0.01")),
        "spread": (max(floats) - min(floats)).quantize(Decimal("0.01")),
        "count": len(floats),
    }
