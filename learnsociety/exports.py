"""Streaming exports of list pages: CSV and Excel that do not hold the rows in memory.

A list is a queryset read with ``.iterator(chunk_size=2000)`` and a column spec
(``Column(header, value)`` where ``value`` takes a row and returns a cell). CSV is streamed
row by row (StreamingHttpResponse); Excel is written by openpyxl's write-only workbook into
a temporary file that is then sent with FileResponse, so memory stays flat for tens of
thousands of rows.

Every cell holding text that a spreadsheet would read as a formula (it starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return: OWASP's CSV-injection list) is written as
text: prefixed with an apostrophe in CSV, a string cell with Excel's "quote prefix" in
.xlsx. ``save_workbook`` does the same for the report workbooks built with openpyxl's
ordinary (not write-only) workbook; every export of every app goes through this module.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from .background_exports import defer_if_large

CHUNK_SIZE = 2000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    """True for text a spreadsheet would evaluate (numbers are not text: -5 stays -5)."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def safe_text(value: str) -> str:
    """``value`` for a CSV cell: text that looks like a formula gets a leading apostrophe,
    which spreadsheets show as text and never evaluate."""
    return "'" + value if is_formula_like(value) else value


def _private(response):
    """Exports hold personal data: no shared or browser cache may keep them."""
    patch_cache_control(response, no_store=True, private=True)
    return response


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    width: int = 18


def cell_value(value: Any) -> Any:
    """A cell value for Excel: numbers and dates stay typed, everything else is text."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, (bool, int, float, Decimal, date)):
        return value
    return str(value)


def _text(value: Any) -> str:
    """A cell value for CSV: dates as dd/mm/yyyy, like the pages."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    return safe_text(str(value))


def rows(rows_or_queryset: Iterable, columns: list[Column]) -> Iterator[list]:
    """Raw cell values, one list per row; a queryset is read in chunks."""
    source = rows_or_queryset
    if hasattr(source, "iterator"):
        source = source.iterator(chunk_size=CHUNK_SIZE)
    for obj in source:
        yield [column.value(obj) for column in columns]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows_or_queryset: Iterable, columns: list[Column]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # The byte-order mark lets Excel open the UTF-8 file with its Vietnamese letters.
    yield "\ufeff" + writer.writerow([str(c.header) for c in columns])
    for row in rows(rows_or_queryset, columns):
        yield writer.writerow([_text(v) for v in row])


def csv_response(rows_or_queryset: Iterable, columns: list[Column], filename: str):
    response = StreamingHttpResponse(
        csv_lines(rows_or_queryset, columns), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return _private(response)


def xlsx_file(rows_or_queryset: Iterable, columns: list[Column], sheet_title: str):
    """A temporary file (deleted when closed) holding the workbook, at position 0."""
    from openpyxl import Workbook  # noqa: PLC0415 (heavy library, loaded on first use)
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415 (heavy library, loaded on first use)
    from openpyxl.styles import Font  # noqa: PLC0415 (heavy library, loaded on first use)
    from openpyxl.utils import get_column_letter  # noqa: PLC0415 (heavy library, loaded on first use)

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=str(sheet_title)[:31] or "Sheet")
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.header))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows(rows_or_queryset, columns):
        cells = []
        for value in row:
            value = cell_value(value)
            if isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = (
                    "dd/mm/yyyy hh:mm" if isinstance(value, datetime) else "dd/mm/yyyy"
                )
                cells.append(cell)
            elif is_formula_like(value):
                cells.append(_text_cell(WriteOnlyCell(sheet), value))
            else:
                cells.append(value)
        sheet.append(cells)
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by FileResponse
    book.save(handle)
    handle.seek(0)
    return handle


def _text_cell(cell, value: str):
    """A string cell Excel shows as typed and never evaluates, even after editing."""
    cell.value = value
    cell.data_type = "s"  # openpyxl makes "=..." a formula; this keeps it text
    cell.quotePrefix = True
    return cell


def secure_workbook(book) -> None:
    """Make every formula-like text cell of an ordinary openpyxl workbook plain text.

    Report workbooks write only values, never formulas, so any cell openpyxl took for a
    formula came from data."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if is_formula_like(cell.value):
                    _text_cell(cell, cell.value)


def save_workbook(book) -> bytes:
    """The .xlsx bytes of ``book``, with every cell made safe by ``secure_workbook``."""

    secure_workbook(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook_response(book, filename: str) -> HttpResponse:
    """An attachment response for an ordinary openpyxl workbook (``filename`` with .xlsx)."""
    response = HttpResponse(save_workbook(book), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)


def xlsx_response(
    rows_or_queryset: Iterable,
    columns: list[Column],
    filename: str,
    sheet_title: str,
    request=None,
):
    if request is not None:
        deferred = _defer(request, "xlsx", rows_or_queryset, columns, sheet_title, filename)
        if deferred is not None:
            return deferred
    handle = xlsx_file(rows_or_queryset, columns, sheet_title)
    response = FileResponse(
        handle, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE
    )
    return _private(response)


def export_response(
    fmt: str,
    rows_or_queryset: Iterable,
    columns: list[Column],
    filename: str,
    sheet_title: str,
    request=None,
):
    """The export as an attachment; given the ``request``, a large query set is handed to
    a background job instead (learnsociety.background_exports)."""
    if fmt == "xlsx":
        return xlsx_response(rows_or_queryset, columns, filename, sheet_title, request)
    if request is not None:
        deferred = _defer(request, "csv", rows_or_queryset, columns, sheet_title, filename)
        if deferred is not None:
            return deferred
    return csv_response(rows_or_queryset, columns, filename)


def _defer(
    request, fmt: str, rows_or_queryset, columns: list[Column], sheet_title: str, filename: str
):

    def write(handle) -> int:
        if fmt == "xlsx":
            with xlsx_file(rows_or_queryset, columns, sheet_title) as made:
                for chunk in iter(lambda: made.read(1 << 20), b""):
                    handle.write(chunk)
        else:
            for line in csv_lines(rows_or_queryset, columns):
                handle.write(line.encode("utf-8"))
        return rows_or_queryset.order_by().count() if hasattr(rows_or_queryset, "count") else 0

    return defer_if_large(request, fmt, rows_or_queryset, write, f"{filename}.{fmt}")
