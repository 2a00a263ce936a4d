"""The staff register with Excel export, the discipline register and the public honour roll."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import require_perm_or_404
from accounts.http import AuthenticatedRequest
from learnsociety import paging
from learnsociety.errors import error_text

from .. import selectors, services
from ..forms import (
    CommendationFilter,
    DisciplineFlagForm,
    PublicCommendationFilter,
)
from ..models import (
    DisciplineFlag,
)
from .base import PAGE_SIZE, _page

# --- Register, discipline, honour roll --------------------------------------------------


def _commendation_filter(request: AuthenticatedRequest) -> CommendationFilter:
    return CommendationFilter(request.GET, queryset=selectors.commendations_for(request.user))


@require_GET
def register(request: AuthenticatedRequest) -> HttpResponse:
    require_perm_or_404(request, "awards.view_register")
    filterset = _commendation_filter(request)
    page, more = paging.paginate_filtered(request, filterset, PAGE_SIZE)
    return render(
        request,
        "awards/register.html",
        {
            "filter": filterset,
            "page_obj": page,
            "more_matches": paging.SEARCH_LIMIT if more else None,
        },
    )


@require_GET
def register_export(request: AuthenticatedRequest) -> HttpResponse:
    """The register's former Excel address: the list pages' streamed export, same filters."""
    require_perm_or_404(request, "awards.view_register")
    query = request.GET.copy()
    query["format"] = "xlsx"
    query.pop("page", None)
    return redirect(f"{reverse('dashboard:export', args=['commendations'])}?{query.urlencode()}")


def discipline_list(request: AuthenticatedRequest) -> HttpResponse:
    require_perm_or_404(request, "awards.manage_discipline")
    form = DisciplineFlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.discipline_flag_create(by=request.user, **form.cleaned_data)
        except services.AwardsError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Added to the register."))
            return redirect("awards:discipline")
    flags = DisciplineFlag.objects.select_related("organisation", "created_by").order_by(
        "-is_active", "-created"
    )
    return render(
        request, "awards/discipline.html", {"form": form, "page_obj": _page(request, flags)}
    )


@require_POST
def discipline_lift(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_perm_or_404(request, "awards.manage_discipline")
    flag = get_object_or_404(DisciplineFlag, pk=pk)
    services.discipline_flag_lift(by=request.user, flag=flag)
    messages.success(request, _("The flag was lifted."))
    return redirect("awards:discipline")


@login_not_required
@require_GET
def honour_roll(request: HttpRequest) -> HttpResponse:
    """Public: only what decisions published (names, organisations, forms, decisions)."""
    filterset = PublicCommendationFilter(
        request.GET, queryset=selectors.commendations_on_honour_roll()
    )
    # a search counts at most SEARCH_LIMIT matches: "a" matches most of a country's roll
    page, more = paging.paginate_filtered(request, filterset, 50)
    return render(
        request,
        "awards/honour_roll.html",
        {
            "filter": filterset,
            "page_obj": page,
            "more_matches": paging.SEARCH_LIMIT if more else None,
        },
    )


def index(request: AuthenticatedRequest) -> HttpResponse:
    return redirect(reverse("awards:nomination-list"))
