"""Targets against actual values of the indicators: page, PDF and spreadsheet."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from learnsociety.i18n import format_number
from learnsociety.pdf import pdf_response

from .. import selectors
from ..enums import (
    PeriodKind,
)
from ..exports import target_vs_actual_response
from ..models import (
    YEARS,
)

RATING_BADGES = {
    "met": "text-bg-success",
    "close": "text-bg-primary",
    "below": "text-bg-warning",
    "no_data": "text-bg-light",
    "no_target": "text-bg-light",
}


def _rating_label(rating: str) -> str:
    return {
        "met": _("Target met"),
        "close": _("Within 85% of the target"),
        "below": _("Below 85% of the target"),
        "no_data": _("No data yet"),
        "no_target": _("No target"),
    }[rating]


def _tva_context(request) -> dict:
    kind, year = selectors.parse_period(request.GET.get("period"))
    rows = selectors.target_vs_actual(kind, year)
    if kind == PeriodKind.MID_TERM:
        period_label = _("Mid-term review (%(year)s)") % {"year": year}
    elif kind == PeriodKind.FINAL:
        period_label = _("Final review (%(year)s)") % {"year": year}
    else:
        period_label = _("Year %(year)s") % {"year": year}
    choices = [(str(y), str(y)) for y in YEARS] + [
        (PeriodKind.MID_TERM.value, _("Mid-term review (%(year)s)") % {"year": 2027}),
        (PeriodKind.FINAL.value, _("Final review (%(year)s)") % {"year": 2030}),
    ]
    selected = kind if kind != PeriodKind.YEAR else str(year)
    table: list[dict[str, Any]] = [
        {
            "row": row,
            "badge": RATING_BADGES[row.rating],
            "rating": _rating_label(row.rating),
            "target": format_number(row.target),
            "actual": format_number(row.actual),
            "baseline": format_number(row.indicator.baseline_value),
        }
        for row in rows
    ]
    groups = [
        (commitment, list(items))
        for commitment, items in groupby(table, key=lambda r: r["row"].commitment)
    ]
    return {
        "programme": selectors.current_programme(),
        "groups": groups,
        "rows": table,
        "period_label": period_label,
        "choices": choices,
        "selected": selected,
        "generated": timezone.localtime(),
        "kind": kind,
        "year": year,
    }


def target_vs_actual(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "programme/target_vs_actual.html", _tva_context(request))


def target_vs_actual_pdf(request: AuthenticatedRequest) -> HttpResponse:
    context = _tva_context(request)
    return pdf_response(
        "programme/target_vs_actual_pdf.html",
        context,
        request,
        f"target-vs-actual-{context['selected']}.pdf",
    )


def target_vs_actual_xlsx(request: AuthenticatedRequest) -> HttpResponse:
    context = _tva_context(request)
    return target_vs_actual_response(context)
