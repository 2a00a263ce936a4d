"""Round pages: list, configuration, progress, reviewer assignment and the ranked table."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import require_perm_or_404
from accounts.http import AuthenticatedRequest
from accounts.models import Organisation
from learnsociety.errors import error_text

from .. import selectors, services
from ..enums import NominationStatus
from ..forms import (
    CriterionFormSet,
    OfferedFormSet,
    RoundConfigForm,
)
from ..models import (
    Council,
    CouncilMember,
    Nomination,
    NominationRound,
    ReviewScore,
)
from ..rules import managed_organisation_ids, may_decide_for
from .base import _page

# --- Rounds ----------------------------------------------------------------------------


@require_GET
def round_list(request: AuthenticatedRequest) -> HttpResponse:
    require_perm_or_404(request, "awards.view_rounds")
    page = _page(request, NominationRound.objects.order_by("-year", "-opening_date", "-pk"))
    page.object_list = selectors.with_progress(list(page.object_list))
    return render(
        request,
        "awards/round_list.html",
        {
            "page_obj": page,
            "today": timezone.localdate(),
            "is_manager": request.user.has_perm("awards.manage_nominations"),
        },
    )


@require_GET
def round_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_perm_or_404(request, "awards.view_rounds")
    round_ = get_object_or_404(NominationRound, pk=pk)
    selectors.with_progress([round_])
    round_forms = list(round_.round_forms.select_related("form__issuing_organisation"))
    issuers: dict[int, Organisation] = {}
    for rf in round_forms:
        issuers.setdefault(rf.form.issuing_organisation_id, rf.form.issuing_organisation)
    approved = Nomination.objects.filter(
        round=round_, status=NominationStatus.APPROVED
    ).values_list("form__issuing_organisation_id", flat=True)
    approved_by_issuer: dict[int, int] = {}
    for org_id in approved:
        approved_by_issuer[org_id] = approved_by_issuer.get(org_id, 0) + 1
    decide = [
        (org, approved_by_issuer.get(org_id, 0))
        for org_id, org in issuers.items()
        if may_decide_for(request.user, org)
    ]
    managed = managed_organisation_ids(request.user)
    proposals = sorted(
        {
            rf.form.issuing_organisation
            for rf in round_forms
            if rf.form.is_proposed and rf.form.proposing_organisation_id in managed
        },
        key=lambda o: o.name,
    )
    acting = {rf.form.acting_organisation_id for rf in round_forms}
    councils = (
        Council.objects.filter(organisation_id__in=acting)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("members", queryset=CouncilMember.objects.select_related("user"))
        )
    )
    return render(
        request,
        "awards/round_detail.html",
        {
            "round": round_,
            "round_forms": round_forms,
            "criteria": round_.criteria.all(),
            "councils": councils,
            "decisions": selectors.decisions_for_round(round_),
            "decide": decide,
            "proposals": proposals,
            "is_manager": request.user.has_perm("awards.manage_nominations"),
            "can_configure": request.user.has_perm("awards.manage_rounds"),
            "today": timezone.localdate(),
        },
    )


def round_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    """Create or configure a round: dates, forms with quotas, rubric."""
    require_perm_or_404(request, "awards.manage_rounds")
    round_ = get_object_or_404(NominationRound, pk=pk) if pk else None
    rubric_frozen = bool(
        round_ and ReviewScore.objects.filter(assignment__nomination__round=round_).exists()
    )
    data = request.POST or None
    form = RoundConfigForm(data, instance=round_)
    offered = OfferedFormSet(data, instance=round_ or NominationRound(), prefix="offered")
    criteria = (
        None
        if rubric_frozen
        else CriterionFormSet(data, instance=round_ or NominationRound(), prefix="criteria")
    )
    if request.method == "POST" and (
        form.is_valid() and offered.is_valid() and (criteria is None or criteria.is_valid())
    ):
        try:
            round_ = services.round_save(
                by=request.user,
                round_=form.save(commit=False),
                offered=_rows(offered),
                criteria=_rows(criteria) if criteria is not None else None,
            )
        except services.AwardsError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Round saved."))
            return redirect(round_)
    return render(
        request,
        "awards/round_form.html",
        {
            "round": round_,
            "form": form,
            "offered": offered,
            "criteria": criteria,
            "rubric_frozen": rubric_frozen,
        },
    )


def _rows(formset: BaseInlineFormSet) -> services.RoundRows:
    """A valid inline formset's edits as plain rows for the service (nothing saved)."""
    rows = formset.save(commit=False)
    return services.RoundRows(save=rows, delete=formset.deleted_objects)


@require_POST
def round_autoassign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_perm_or_404(request, "awards.manage_nominations")
    round_ = get_object_or_404(NominationRound, pk=pk)
    try:
        assigned, short = services.round_autoassign(by=request.user, round_=round_)
    except services.AwardsError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("%(count)s review assignments made.") % {"count": assigned})
        if short:
            messages.warning(
                request,
                _(
                    "%(count)s nominations still lack reviewers without a conflict of "
                    "interest: add members to the council."
                )
                % {"count": short},
            )
    return redirect(round_)


@require_GET
def round_ranking(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_perm_or_404(request, "awards.manage_nominations")
    round_ = get_object_or_404(NominationRound, pk=pk)
    return render(
        request,
        "awards/round_ranking.html",
        {"round": round_, "tables": selectors.ranking(round_, user=request.user)},
    )
