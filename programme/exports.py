"""The programme's spreadsheets, built with openpyxl from the same context as its pages."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from learnsociety.exports import workbook_response


def target_vs_actual_workbook(context: dict) -> Workbook:
    """The target-vs-actual table of one period (the context of its page) as a workbook:
    title and period on top, one row per indicator, the first columns wrapped."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Target vs actual")[:31]
    programme = context["programme"]
    sheet.append([programme.title if programme else _("Programme")])
    sheet.append([_("Period"), context["period_label"]])
    sheet.append([])
    header = [
        _("Commitment"),
        _("Indicator code"),
        _("Indicator"),
        _("Unit"),
        _("Source"),
        _("Baseline"),
        _("Target"),
        _("Actual"),
        _("Achievement (%)"),
        _("Rating"),
    ]
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    sheet["A1"].font = Font(bold=True, size=13)
    for item in context["rows"]:
        row = item["row"]
        sheet.append(
            [
                str(row.commitment),
                row.indicator.code,
                row.indicator.name,
                row.indicator.get_unit_display(),
                row.indicator.get_source_display(),
                row.indicator.baseline_value,
                row.target,
                row.actual if row.actual is not None else _("no data yet"),
                row.percent,
                item["rating"],
            ]
        )
    for column, width in zip("ABCDEFGHIJ", (40, 10, 50, 12, 22, 10, 10, 12, 14, 26), strict=True):
        sheet.column_dimensions[column].width = width
    for cells in sheet.iter_rows(min_row=5):
        for cell in cells[:3]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return book


def target_vs_actual_response(context: dict) -> HttpResponse:
    """The workbook as a download, saved through the safe writer (formula-like text stays
    text)."""
    return workbook_response(
        target_vs_actual_workbook(context), f"target-vs-actual-{context['selected']}.xlsx"
    )
