"""The audit trail shown on the awards pages (learnsociety.audit): one query per kind of
record, whatever the number of changes."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.models import Membership
from learnsociety import audit

from .models import Decision, Nomination, ReviewAssignment, ReviewScore


def nomination_history(nomination: Nomination, *, for_nominator: bool) -> list[audit.Entry]:
    """The nomination's own fields, before and after. A nominator sees who changed them
    only within their own organisation, as in the status history: the council's members
    stay anonymous to them (one more query)."""
    entries = audit.history_entries(
        audit.Source(
            Nomination.history.filter(id=nomination.pk),
            related=(
                "round",
                "form",
                "nominee_organisation",
                "nominating_organisation",
                "created_by",
            ),
        )
    )
    if for_nominator:
        colleagues = set(
            Membership.objects.filter(
                organisation_id=nomination.nominating_organisation_id
            ).values_list("user_id", flat=True)
        )
        for entry in entries:
            if entry.who_id not in colleagues:
                entry.who = _("the commendation council")
    return entries


def review_history(nomination: Nomination) -> list[audit.Entry]:
    """Reviews of the nomination and their scores, before and after: confidential, for
    the commendation managers only (two queries)."""
    assignments = ReviewAssignment.history.filter(nomination_id=nomination.pk)
    return audit.history_entries(
        audit.Source(
            assignments,
            label=_reviewer,
            related=("reviewer", "assigned_by"),
            exclude=("nomination",),
        ),
        audit.Source(
            ReviewScore.history.filter(assignment_id__in=assignments.values("id")),
            label=_score_label,
            related=("assignment__reviewer", "criterion"),
            exclude=("assignment", "criterion"),
        ),
        limit=40,
    )


def _reviewer(row) -> str:
    return row.reviewer.get_full_name() if row.reviewer else f"#{row.reviewer_id}"


def _score_label(row) -> str:
    reviewer = row.assignment.reviewer.get_full_name() if row.assignment else ""
    criterion = row.criterion.name if row.criterion else f"#{row.criterion_id}"
    return f"{reviewer} · {criterion}" if reviewer else criterion


def decision_history(decision: Decision) -> list[audit.Entry]:
    return audit.history_entries(
        audit.Source(
            Decision.history.filter(id=decision.pk),
            related=("round", "issuing_organisation", "created_by"),
            # progress of the certificate generation, not a change to the decision
            exclude=("certificates_total", "certificates_done", "certificates_running"),
        )
    )
