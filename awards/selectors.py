"""Reads reused by views, the home panel and exports, with constant query counts."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from accounts import roles
from accounts.enums import Role
from accounts.models import Membership, Organisation, User
from accounts.rules import is_administrator
from learnsociety.workflow import counts_by_state

from .enums import GRANTED, UNDER_REVIEW, NominationStatus, Procedure
from .models import (
    AwardForm,
    Commendation,
    Decision,
    Nomination,
    NominationRound,
    ReviewAssignment,
    ReviewScore,
    RoundForm,
)
from .rules import conflict_reason, managed_organisation_ids, nominating_organisation_ids
from .services import score_summary


def nominee_organisations(user) -> QuerySet[Organisation]:
    """Where a nominee of ``user``'s may work: a principal nominates only within their own
    school; department and association staff anywhere active."""
    own = nominating_organisation_ids(user)
    principal_of = roles.organisation_ids(user, Role.PRINCIPAL)
    organisations = Organisation.objects.filter(is_active=True)
    if not own - principal_of:
        organisations = organisations.filter(pk__in=principal_of)
    return organisations


def council_candidates():
    """The people who may sit on a council: active accounts holding an active role."""

    # EXISTS, not a join with DISTINCT: a count or page of them stops at the rows it needs
    return User.objects.filter(
        Exists(Membership.objects.filter(user=OuterRef("pk"), is_active=True)), is_active=True
    ).order_by("full_name", "pk")


def person_search(queryset, text: str):
    """The people whose name, user name or e-mail contains ``text``."""
    text = text.replace("\x00", "").strip()[:100]
    if text:
        queryset = queryset.filter(
            Q(full_name__icontains=text) | Q(username__icontains=text) | Q(email__icontains=text)
        )
    return queryset


# Up to this many review assignments are written into the visibility query as a list.
ASSIGNED_INLINE = 200


def nominations_visible_to(user) -> QuerySet[Nomination]:
    own = nominating_organisation_ids(user)
    visible = Q(nominating_organisation_id__in=own)
    if is_administrator(user):
        visible |= ~Q(status=NominationStatus.DRAFT)
    else:
        # Each alternative names an indexed column of the nomination itself (nominating
        # organisation, form, id), read here first: an OR through a join or a correlated
        # subquery made PostgreSQL read every nomination of the country for each page
        # (98 ms for a principal's three at 100,000 schools; issue 18).
        managed = managed_organisation_ids(user)
        if managed:
            # the forms the user's organisation runs: its own, or those it proposes
            forms = list(
                AwardForm.objects.filter(
                    Q(procedure=Procedure.DECIDED, issuing_organisation_id__in=managed)
                    | Q(procedure=Procedure.PROPOSED, proposing_organisation_id__in=managed)
                ).values_list("pk", flat=True)
            )
            visible |= Q(form_id__in=forms) & ~Q(status=NominationStatus.DRAFT)
        assignments = ReviewAssignment.objects.filter(
            reviewer=user, conflict_declared=False
        ).values_list("nomination_id", flat=True)
        assigned = list(assignments[: ASSIGNED_INLINE + 1])
        # a council member with thousands of reviews: a list that long costs more to plan
        # than the subquery costs to run (the nominations they see are most of them anyway)
        visible |= Q(pk__in=assigned if len(assigned) <= ASSIGNED_INLINE else assignments) & ~Q(
            status=NominationStatus.DRAFT
        )
    return Nomination.objects.filter(visible).select_related(
        "round", "form", "nominee_organisation", "nominating_organisation"
    )


def nomination_for_detail() -> QuerySet[Nomination]:
    return Nomination.objects.select_related(
        "round",
        "form__issuing_organisation",
        "nominee_organisation",
        "nominating_organisation",
        "created_by",
    ).prefetch_related(
        "documents",
        Prefetch("assignments", queryset=ReviewAssignment.objects.select_related("reviewer")),
    )


def reviews_with_scores(
    nomination: Nomination, assignments: list[ReviewAssignment]
) -> list[tuple[ReviewAssignment, list[ReviewScore]]]:
    """Each assignment with its scores (criterion included): one query."""
    scores = ReviewScore.objects.filter(assignment__nomination=nomination).select_related(
        "criterion"
    )
    by_assignment: dict[int, list[ReviewScore]] = {}
    for score in scores:
        by_assignment.setdefault(score.assignment_id, []).append(score)
    return [(a, by_assignment.get(a.pk, [])) for a in assignments]


def review_queue(user) -> QuerySet[ReviewAssignment]:
    return (
        ReviewAssignment.objects.filter(
            reviewer=user,
            conflict_declared=False,
            nomination__status__in=UNDER_REVIEW,
        )
        .select_related("nomination__round", "nomination__form", "nomination__nominee_organisation")
        .order_by(
            "submitted_at", "nomination__round__review_deadline", "nomination__submitted_at", "id"
        )
    )


def next_unreviewed(user) -> ReviewAssignment | None:
    for assignment in (
        review_queue(user).filter(submitted_at__isnull=True).select_related("nomination")[:50]
    ):
        if conflict_reason(user, assignment.nomination) is None:
            return assignment
    return None


def with_progress(rounds: list[NominationRound]) -> list[NominationRound]:
    """Give each of ``rounds`` its nominations by stage (submitted, in review, awaiting
    information, approved, commended): one grouped query over the (round, form, status)
    index for all of them, not a join of every nomination of every year (issue 18)."""
    counts = counts_by_state(Nomination.objects.all(), "round", [r.pk for r in rounds])
    for round_ in rounds:
        by_status = counts[round_.pk]
        round_.n_total = sum(  # type: ignore[attr-defined]
            n for status, n in by_status.items() if status != NominationStatus.DRAFT
        )
        round_.n_review = sum(by_status.get(s, 0) for s in UNDER_REVIEW)  # type: ignore[attr-defined]
        round_.n_more_info = by_status.get(NominationStatus.MORE_INFO, 0)  # type: ignore[attr-defined]
        round_.n_approved = by_status.get(NominationStatus.APPROVED, 0)  # type: ignore[attr-defined]
        round_.n_commended = by_status.get(NominationStatus.COMMENDED, 0)  # type: ignore[attr-defined]
    return rounds


def ranking(round_: NominationRound, *, user=None) -> list[dict]:
    """Per form of the round (those ``user`` runs, when given): its quota use and its
    nominations ranked by mean weighted score (unscored last), with median, spread
    between reviewers and flags. Equal scores put women, and collectives at least 70%
    women, first (Law 06/2022/QH15; Decree 98/2023/NĐ-CP)."""

    offered = RoundForm.objects.filter(round=round_).select_related("form").order_by("form__code")
    if user is not None and not is_administrator(user):
        managed = managed_organisation_ids(user)
        offered = offered.filter(
            Q(form__procedure=Procedure.DECIDED, form__issuing_organisation_id__in=managed)
            | Q(form__procedure=Procedure.PROPOSED, form__proposing_organisation_id__in=managed)
        )
    round_forms = list(offered)
    nominations = (
        Nomination.objects.filter(round=round_)
        .exclude(status__in=[NominationStatus.DRAFT, NominationStatus.WITHDRAWN])
        .select_related("nominee_organisation")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=ReviewAssignment.objects.filter(conflict_declared=False),
            )
        )
    )
    by_form = defaultdict(list)
    for nomination in nominations:
        active = list(nomination.assignments.all())
        scores = [
            a.weighted_score for a in active if a.submitted_at and a.weighted_score is not None
        ]
        row = {
            "nomination": nomination,
            "assigned": len(active),
            **score_summary(scores),
        }
        by_form[nomination.form_id].append(row)
    tables = []
    for rf in round_forms:
        rows = by_form.get(rf.form_id, [])
        rows.sort(
            key=lambda r: (
                r["mean"] is None,
                -(r["mean"] or 0),
                not r["nomination"].has_priority,
                r["nomination"].pk,
            )
        )
        for row in rows:
            row["tie_priority"] = False
        for above, below in zip(rows, rows[1:], strict=False):
            # ahead only because of the priority rule: same score as the one below it
            above["tie_priority"] = (
                above["mean"] is not None
                and above["mean"] == below["mean"]
                and above["nomination"].has_priority
                and not below["nomination"].has_priority
            )
        used = sum(1 for r in rows if r["nomination"].status in GRANTED)
        tables.append(
            {
                "round_form": rf,
                "form": rf.form,
                "rows": rows,
                "used": used,
                "quota": rf.quota,
                "percent": round(100 * used / rf.quota) if rf.quota else 100,
            }
        )
    return tables


def commendations_published() -> QuerySet[Commendation]:
    return (
        Commendation.objects.filter(revoked=False)
        .select_related("form", "decision__issuing_organisation")
        .order_by("-decision__year", "form__code", "nominee_kind", "nominee_name", "id")
    )


def commendations_for(user) -> QuerySet[Commendation]:
    """The register as ``user`` reads it: their provinces' commendations, those its bodies
    issued or whose nomination one of its organisations made (administrators and national
    viewers: every province's)."""
    return in_provinces(commendations_published(), roles.province_scope(user))


def in_provinces(qs: QuerySet[Commendation], provinces) -> QuerySet[Commendation]:
    """The commendations of ``provinces`` (None: all): those their bodies issued or whose
    nomination one of their organisations made."""
    if provinces is None:
        return qs
    # Both provinces are kept on the commendation, each with its index: no join with the
    # decisions or the nominations of every province (0.6 s at 100,000 schools).
    return qs.filter(Q(issuer_province_id__in=provinces) | Q(nominator_province_id__in=provinces))


def commendations_on_honour_roll() -> QuerySet[Commendation]:
    """What the public honour roll may show: pupils (by grade and school, never by
    name), collectives, and adults who consented to appear by name."""
    return commendations_published().filter(on_honour_roll=True)


def decisions_for_round(round_: NominationRound) -> QuerySet[Decision]:
    return round_.decisions.select_related("issuing_organisation").order_by("-date", "-number")
