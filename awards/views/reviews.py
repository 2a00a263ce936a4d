"""The reviewer's queue and review form (404 for unassigned or conflicted reviewers)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import require_perm_or_404
from accounts.http import AuthenticatedRequest
from learnsociety.errors import error_text

from .. import eligibility, selectors, services
from ..enums import UNDER_REVIEW, NominationStatus, RubricKind
from ..forms import (
    ConflictForm,
    ReviewForm,
)
from ..models import (
    ReviewAssignment,
)
from ..rules import conflict_reason
from .base import _page

# --- Reviews ---------------------------------------------------------------------------


@require_GET
def review_queue(request: AuthenticatedRequest) -> HttpResponse:
    require_perm_or_404(request, "awards.review_any")
    queue = selectors.review_queue(request.user)
    page_obj = _page(request, queue)
    return render(
        request,
        "awards/review_queue.html",
        {
            "page_obj": page_obj,
            "pending": queue.filter(submitted_at__isnull=True).count(),
        },
    )


@require_GET
def review_next(request: AuthenticatedRequest) -> HttpResponse:
    assignment = selectors.next_unreviewed(request.user)
    if assignment is None:
        messages.info(request, _("Nothing left to review. Thank you!"))
        return redirect("awards:review-queue")
    return redirect("awards:review-form", pk=assignment.nomination_id)


def _my_assignment(request: AuthenticatedRequest, pk: int) -> ReviewAssignment:
    """The reviewer's own active assignment; anyone else (unassigned, conflicted) gets 404."""
    assignment = (
        ReviewAssignment.objects.select_related(
            "nomination__round",
            "nomination__form",
            "nomination__nominee_organisation",
            "nomination__nominating_organisation",
        )
        .filter(nomination_id=pk, reviewer=request.user, conflict_declared=False)
        .first()
    )
    if assignment is None or conflict_reason(request.user, assignment.nomination) is not None:
        raise Http404
    if assignment.nomination.status == NominationStatus.DRAFT:
        raise Http404
    return assignment


def review_form(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assignment = _my_assignment(request, pk)
    nomination = assignment.nomination
    criteria = list(nomination.round.criteria.all())
    initial: dict[str, Any] = {
        "recommendation": assignment.recommendation,
        "comment": assignment.comment,
    }
    for score in assignment.scores.all():
        initial[f"score_{score.criterion_id}"] = (
            int(score.score)
            if nomination.round.rubric_kind == RubricKind.PASS_FAIL
            else score.score
        )
    form = ReviewForm(
        request.POST or None,
        criteria=criteria,
        rubric_kind=nomination.round.rubric_kind,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_submit(
                by=request.user,
                assignment=assignment,
                scores=form.scores(),
                recommendation=form.cleaned_data["recommendation"],
                comment=form.cleaned_data["comment"],
            )
        except services.AwardsError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Review saved."))
            if "next" in request.POST:
                return redirect("awards:review-next")
            return redirect(nomination)
    return render(
        request,
        "awards/review_form.html",
        {
            "assignment": assignment,
            "nomination": nomination,
            "form": form,
            "documents": nomination.documents.all(),
            "findings": eligibility.findings(nomination),
            "conflict_form": ConflictForm(),
            "open": nomination.status in UNDER_REVIEW,
        },
    )


@require_POST
def review_conflict(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assignment = _my_assignment(request, pk)
    form = ConflictForm(request.POST)
    if form.is_valid():
        services.assignment_declare_conflict(
            by=request.user, assignment=assignment, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request, _("Conflict of interest recorded: this nomination left your queue.")
        )
        return redirect("awards:review-queue")
    messages.error(request, _("Say briefly why you have a conflict of interest."))
    return redirect("awards:review-form", pk=pk)
