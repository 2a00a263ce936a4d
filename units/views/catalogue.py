"""Assessment cycles (department staff)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import roles, widgets
from accounts.access import require_perm_or_404
from accounts.http import AuthenticatedRequest

from .. import selectors
from ..forms import CycleForm, authorities
from ..history import cycle_history
from ..models import Cycle
from ._common import paginate

# A cycle page sorts up to this many dossiers by reading their keys in full (see
# cycle_detail); a larger cycle's first names come sooner from the names' index.
SORTED_IN_FULL = 2000


def cycle_list(request: AuthenticatedRequest) -> HttpResponse:
    require_perm_or_404(request, "units.view_coverage")
    page = paginate(request, selectors.cycles_list())
    page.object_list = selectors.with_counts(
        list(page.object_list), roles.province_scope(request.user)
    )
    return render(
        request,
        "units/cycle_list.html",
        {
            "page_obj": page,
            "can_manage": request.user.has_perm("units.manage"),
        },
    )


def cycle_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_perm_or_404(request, "units.view_coverage")
    cycle = get_object_or_404(Cycle.objects.select_related("framework", "authority"), pk=pk)
    assessments = roles.scoped(
        selectors.assessments_list().filter(cycle=cycle).order_by("school__organisation__name"),
        request.user,
    )
    if not request.user.has_perm("units.manage"):
        assessments = assessments.filter(
            pk__in=selectors.review_queue_for(request.user).values("pk")
        )
    total = assessments.count()
    if total > SORTED_IN_FULL:
        page = paginate(request, assessments, count=total)
    else:
        # A cycle's dossiers in the viewer's provinces, up to 2,000: their order
        # read whole from the (province, cycle) index, then the page's rows by key. Asked
        # for the first 25 by name, PostgreSQL walked the names of every organisation of a
        # national deployment until it had found 25 of them (60 ms at 50,000 schools for
        # one province's cycle, 7 ms this way).
        order = assessments.order_by("school__organisation__name", "pk")
        page = paginate(request, list(order.values_list("pk", flat=True)))
        rows = assessments.in_bulk(page.object_list)
        page.object_list = [rows[pk] for pk in page.object_list]
    return render(
        request,
        "units/cycle_detail.html",
        {
            "cycle": cycle,
            "page_obj": page,
            "decisions": cycle.decisions.all(),
            "outcome_labels": {o.code: o.name for o in cycle.framework.outcomes.all()},
            "can_manage": request.user.has_perm("units.manage"),
            "can_recognise": request.user.has_perm("units.recognise", cycle),
            "history": cycle_history(cycle),
        },
    )


def _cycle_form(request, instance=None):
    require_perm_or_404(request, "units.manage")
    form = CycleForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        cycle = form.save()
        messages.success(request, _("Cycle saved."))
        return redirect(cycle)
    return render(
        request,
        "units/cycle_form.html",
        {"form": form, "cycle": instance},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def authority_search(request: AuthenticatedRequest) -> JsonResponse:
    """The cycle form's authority picker, searched as the user types."""
    require_perm_or_404(request, "units.manage")
    return widgets.organisation_results(authorities(), request.GET.get("q", ""))


def cycle_create(request: AuthenticatedRequest) -> HttpResponse:
    return _cycle_form(request)


def cycle_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _cycle_form(request, get_object_or_404(Cycle, pk=pk))
