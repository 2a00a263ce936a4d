"""The provincial officer's pages: completeness of a round by area (list and chart), the
review of a return (a comment per field, return or accept), the roll-up and the rounds."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import require_perm_or_404
from accounts.http import AuthenticatedRequest
from learnsociety import charts
from learnsociety.errors import error_messages

from .. import cached, selectors, services
from ..enums import STATUS_BADGE, ReturnStatus
from ..forms import ReviewForm, RoundForm
from ..models import CollectionRound
from ._common import paginate, year_param
from .returns import _context, _get_return

CHART_STATUSES = [
    ReturnStatus.ACCEPTED,
    ReturnStatus.SUBMITTED,
    ReturnStatus.RETURNED,
    ReturnStatus.DRAFT,
    ReturnStatus.NOT_STARTED,
]


def _round_for(request: AuthenticatedRequest) -> tuple[CollectionRound | None, list[int]]:
    years = list(CollectionRound.objects.order_by("-year").values_list("year", flat=True))
    current = selectors.current_round()
    year = year_param(request, years, current.year if current else None)
    round_ = CollectionRound.objects.filter(year=year).first() if year else None
    return round_, years


@login_required
def completeness(request: AuthenticatedRequest) -> HttpResponse:
    require_perm_or_404(request, "society.view_completeness")
    round_, years = _round_for(request)
    context: dict[str, Any] = {"round": round_, "years": years}
    if round_ is not None:
        today = timezone.localdate()
        summary = selectors.completeness_summary(round_, request.user, today)
        rows = selectors.completeness_rows(round_, request.user)
        status = request.GET.get("status") or ""
        if status in ReturnStatus.values:
            rows = rows.filter(return_status=status)
        elif status == "late":
            rows = (
                rows.filter(return_status__in=[ReturnStatus.NOT_STARTED, ReturnStatus.DRAFT])
                if today > round_.deadline
                else rows.none()
            )
        page = paginate(request, rows)
        for area in page.object_list:
            area.badge = STATUS_BADGE.get(area.return_status, "")
            area.can_be_reviewed = area.return_status == ReturnStatus.SUBMITTED
            area.status_label = ReturnStatus(area.return_status).label
            sent = area.submitted_at
            area.late = (
                timezone.localdate(sent) > round_.deadline if sent else today > round_.deadline
            )
        categories = [r["province"] for r in summary["by_province"]]
        series = [
            (str(ReturnStatus(s).label), [r["counts"][s] for r in summary["by_province"]])
            for s in CHART_STATUSES
        ]
        chart = {
            "key": "completeness",
            "title": _("Returns by area and status"),
            "svg": charts.bar_chart(categories, series, label=_("Returns by area and status")),
            "columns": [_("Area")] + [name for name, _v in series],
            "rows": [
                [r["province"]] + [r["counts"][s] for s in CHART_STATUSES]
                for r in summary["by_province"]
            ],
            "legend": [(i, name) for i, (name, _v) in enumerate(series)],
        }
        context.update(
            {
                "summary": summary,
                "page_obj": page,
                "status": status,
                "statuses": ReturnStatus.choices,
                "chart": chart,
                "overdue": today > round_.deadline,
            }
        )
    return render(request, "society/completeness.html", context)


@login_required
def return_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ret = _get_return(request, pk, "society.review_return")
    if not ret.can_be_reviewed:
        messages.info(request, _("Only a submitted return can be reviewed."))
        return redirect(ret)
    context = _context(ret, request.user)
    parts = context["parts"]
    if request.method == "POST":
        form = ReviewForm(request.POST, parts=parts)
        if form.is_valid():
            try:
                services.return_review(
                    by=request.user,
                    ret=ret,
                    accept=form.cleaned_data["decision"] == "accept",
                    comment=form.cleaned_data["comment"],
                    field_comments=form.field_comments(),
                )
            except services.SocietyError as error:
                error_messages(request, error)
            else:
                if form.cleaned_data["decision"] == "accept":
                    messages.success(request, _("The return was accepted and is now locked."))
                else:
                    messages.success(request, _("The return was sent back with your comments."))
                return redirect(ret)
    else:
        form = ReviewForm(parts=parts)
    for row in context["rows"]:
        row["comment_input"] = form[f"c_{row['field'].code}"]
    context["form"] = form
    return render(request, "society/return_review.html", context)


@login_required
def rollup(request: AuthenticatedRequest) -> HttpResponse:
    require_perm_or_404(request, "society.view_completeness")
    round_, years = _round_for(request)
    if round_ is None:
        return render(request, "society/rollup.html", {"years": years, "round": None})
    data = cached.rollup(round_.year, request.user)
    previous = cached.rollup(round_.year - 1, request.user)
    before = {r["province_id"]: r for r in previous["provinces"]}
    labels = selectors.share_labels()
    keys = [key for key, _label in labels]
    fields = selectors.form_parts(round_.commune_form).fields
    page = paginate(request, selectors.accepted_returns(round_.year, request.user))
    # The template walks plain lists in column order (no lookups in nested loops: a page
    # of 50 communes is 1,600 cells).
    provinces = [
        {
            **row,
            "cells": _cells(
                row["shares"], selectors.share_changes(row["shares"], _shares(before, row)), keys
            ),
        }
        for row in data["provinces"]
    ]
    communes = [
        {
            **row,
            "cells": _cells(row["shares"], row["changes"], [k for k in keys if k != "communities"]),
            "community": row["shares"].get("communities"),
        }
        for row in selectors.commune_shares(list(page.object_list), round_.year)
    ]
    total = data["total"]
    return render(
        request,
        "society/rollup.html",
        {
            "page_obj": page,
            "communes": communes,
            "round": round_,
            "years": years,
            "data": data,
            "provinces": provinces,
            "total_cells": _cells(total["shares"], {}, keys) if total else [],
            "labels": labels,
            "sums": [
                (field.display_label, [row["sums"].get(field.code) for row in provinces])
                for field in fields
                if field.kind != "percent"
            ],
            "targets": {"families": 70, "clans": 65, "communities": 65},
        },
    )


def _shares(by_province: dict, row: dict) -> dict | None:
    old = by_province.get(row["province_id"])
    return old["shares"] if old else None


def _cells(shares: dict, changes: dict, keys: list[str]) -> list[tuple[str, object, object]]:
    return [(key, shares.get(key), changes.get(key)) for key in keys]


@login_required
def round_list(request: AuthenticatedRequest) -> HttpResponse:
    require_perm_or_404(request, "society.view_completeness")
    rounds = CollectionRound.objects.select_related("commune_form", "village_form").order_by(
        "-year"
    )
    return render(
        request,
        "society/round_list.html",
        {"rounds": rounds, "can_manage": request.user.has_perm("society.manage_forms")},
    )


@login_required
def round_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    require_perm_or_404(request, "society.manage_forms")
    round_ = get_object_or_404(CollectionRound, pk=pk) if pk else None
    if request.method == "POST":
        form = RoundForm(request.POST, instance=round_)
        if form.is_valid():
            try:
                services.round_save(by=request.user, round_=form.save(commit=False))
            except services.SocietyError as error:
                error_messages(request, error)
            else:
                messages.success(request, _("The collection round was saved."))
                return redirect("society:round-list")
    else:
        form = RoundForm(instance=round_)
    return render(request, "society/round_form.html", {"form": form, "round": round_})
