"""Commitments with their indicators and milestones."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import widgets
from accounts.access import require_perm_or_404
from accounts.http import AuthenticatedRequest
from learnsociety.errors import apply_errors

from .. import selectors, services
from ..charts import indicator_chart
from ..computed import ComputedValues
from ..enums import (
    STATUS_BADGE,
    ComputedSource,
)
from ..forms import (
    CommitmentForm,
    IndicatorForm,
    MilestoneForm,
    partner_choices,
)
from ..models import (
    YEARS,
    Commitment,
    Indicator,
    Milestone,
    Programme,
)
from .base import child_form, editable_or_404, form_page, programme_or_404, reverse_overview


def commitment_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(selectors.commitment_detail(pk))
    today = timezone.localdate()
    computed = ComputedValues()
    progress = selectors.commitment_progress(commitment, today=today, computed=computed)
    series = []
    for indicator in commitment.indicators.all():
        item = selectors.indicator_series(indicator, computed, today)
        series.append({"series": item, "chart": indicator_chart(item)})
    milestones = [
        {"milestone": m, "overdue": m.is_overdue(today)} for m in commitment.milestones.all()
    ]
    return render(
        request,
        "programme/commitment_detail.html",
        {
            "commitment": commitment,
            "progress": progress,
            "badge": STATUS_BADGE[progress.status],
            "status_rule": selectors.STATUS_RULE,
            "milestones": milestones,
            "series": series,
            "reports": commitment.reports.all(),
            "history": selectors.commitment_history(commitment),
            "can_edit": request.user.has_perm("programme.change_commitment", commitment),
            "has_learning_city": commitment.indicators.all()
            and any(
                i.computed_source == ComputedSource.LEARNING_CITY_SHARE
                for i in commitment.indicators.all()
            ),
            "years": YEARS,
            "this_year": today.year,
        },
    )


@require_GET
def partner_search(request: AuthenticatedRequest) -> JsonResponse:
    """The commitment form's partners picker, searched as the user types."""
    require_perm_or_404(request, "programme.add_commitment")
    # the form names its programme (an older programme's parties may differ); past 18
    # digits no id can match
    asked = request.GET.get("programme", "")
    programme = None
    if asked.isdigit() and len(asked) <= 18:
        programme = Programme.objects.filter(pk=int(asked)).first()
    return widgets.organisation_results(
        partner_choices(programme or programme_or_404()), request.GET.get("q", "")
    )


def commitment_create(request: AuthenticatedRequest) -> HttpResponse:
    programme = programme_or_404()
    require_perm_or_404(request, "programme.add_commitment")
    form = CommitmentForm(request.POST or None, user=request.user, programme=programme)
    if request.method == "POST" and form.is_valid():
        commitment = form.save(commit=False)
        commitment.programme = programme
        if _commitment_saved(request, form, commitment):
            return redirect(commitment)
    return form_page(request, form=form, title=_("New commitment"), cancel_url=reverse_overview())


def _commitment_saved(
    request: AuthenticatedRequest, form: CommitmentForm, commitment: Commitment
) -> bool:
    """Save ``commitment`` from the valid posted ``form``; False, with the refusal on the
    form, when the service refuses it."""
    try:
        services.commitment_save(
            by=request.user,
            commitment=commitment,
            partners=form.cleaned_data["partners"],
            responsible=form.cleaned_data["responsible"],
            version=form.version,
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return False
    messages.success(request, _("Commitment saved."))
    return True


def commitment_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    commitment = _editable_commitment(request, pk)
    form = CommitmentForm(
        request.POST or None, instance=commitment, user=request.user, programme=commitment.programme
    )
    posted = request.method == "POST" and form.is_valid()
    if posted and _commitment_saved(request, form, form.save(commit=False)):
        return redirect(commitment)
    return form_page(
        request,
        form=form,
        title=_("Edit commitment %(code)s") % {"code": commitment.code},
        cancel_url=commitment.get_absolute_url(),
    )


def _editable_commitment(request, pk: int) -> Commitment:
    return editable_or_404(request, Commitment.objects.select_related("programme"), pk)


def _child_create(
    request: AuthenticatedRequest, pk: int, *, model, form_class, save, title
) -> HttpResponse:
    """The page that adds an indicator or a milestone (``model``) to commitment ``pk``,
    headed by ``title`` with the commitment's ``%(code)s``."""
    commitment = _editable_commitment(request, pk)
    page = child_form(
        request,
        commitment=commitment,
        instance=model(commitment=commitment),
        form_class=form_class,
        save=save,
        title=title % {"code": commitment.code},
    )
    return page or redirect(commitment)


def _child_edit(
    request: AuthenticatedRequest, pk: int, *, model, form_class, save, title
) -> HttpResponse:
    """The page that edits indicator or milestone ``pk`` (a ``model``) of a commitment,
    headed by ``title`` with the child's own ``%(code)s``."""
    child = editable_or_404(request, model.objects.select_related("commitment__programme"), pk)
    page = child_form(
        request,
        commitment=child.commitment,
        instance=child,
        form_class=form_class,
        save=save,
        title=title % {"code": getattr(child, "code", "")},
    )
    return page or redirect(child.commitment)


INDICATOR = {"model": Indicator, "form_class": IndicatorForm, "save": services.indicator_save}
MILESTONE = {"model": Milestone, "form_class": MilestoneForm, "save": services.milestone_save}


def indicator_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _child_create(request, pk, **INDICATOR, title=_("New indicator for %(code)s"))


def indicator_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _child_edit(request, pk, **INDICATOR, title=_("Edit indicator %(code)s"))


def milestone_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _child_create(request, pk, **MILESTONE, title=_("New milestone for %(code)s"))


def milestone_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _child_edit(request, pk, **MILESTONE, title=_("Edit milestone"))
