"""The return's Excel template: written for one commune and round (Vietnamese headings,
last saved figures filled in) and read back all-or-nothing with a message per cell, so a
branch with a poor connection can fill it offline."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from learnsociety.exports import save_workbook
from learnsociety.uploads import check_spreadsheet

SHEET = "Phiếu xã"
VILLAGE_SHEET = "Thôn, bản, tổ dân phố"
HEADINGS = ["Mã chỉ tiêu", "Chỉ tiêu", "Số liệu", "Giải trình (khi thay đổi lớn)"]
VILLAGE_HEADINGS = ["Mã thôn", "Tên thôn, bản, tổ dân phố"]
HEADING_ROW = 5
CODE_CELL = "B2"
YEAR_CELL = "B3"


def _plain(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def build(*, ret, commune, village_parts, villages, stored) -> bytes:
    """The template of ``ret`` (``commune``/``village_parts``: the forms' parts;
    ``stored``: selectors.Values)."""
    from openpyxl import Workbook  # noqa: PLC0415 (heavy library, loaded on first use)
    from openpyxl.styles import Font, PatternFill  # noqa: PLC0415 (heavy library, loaded on first use)
    from openpyxl.worksheet.datavalidation import DataValidation  # noqa: PLC0415 (heavy library, loaded on first use)

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    bold = Font(bold=True)
    sheet["A1"] = f"PHIẾU THỐNG KÊ MÔ HÌNH HỌC TẬP NĂM {ret.round.year}"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"], sheet[CODE_CELL], sheet["C2"] = "Mã xã, phường", ret.area.code, ret.area.name
    sheet["A3"], sheet[YEAR_CELL] = "Năm", ret.round.year
    sheet["A4"] = (
        "Điền số liệu vào cột C (chỉ nhập số, không dùng công thức). Không đổi tên cột, "
        "mã chỉ tiêu, mã xã."
    )
    for col, heading in enumerate(HEADINGS, start=1):
        cell = sheet.cell(row=HEADING_ROW, column=col, value=heading)
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    numbers = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    sheet.add_data_validation(numbers)
    for index, f in enumerate(commune.fields):
        row = HEADING_ROW + 1 + index
        sheet.cell(row=row, column=1, value=f.code)
        sheet.cell(row=row, column=2, value=f.label)
        sheet.cell(row=row, column=3, value=_plain(stored.values.get(f.code)))
        sheet.cell(row=row, column=4, value=stored.notes.get(f.code) or None)
        numbers.add(f"C{row}")
    for letter, width in zip("ABCD", (24, 70, 16, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    if village_parts is not None:
        vs = book.create_sheet(VILLAGE_SHEET)
        headings = VILLAGE_HEADINGS + [f.label for f in village_parts.fields]
        for col, heading in enumerate(headings, start=1):
            cell = vs.cell(row=1, column=col, value=heading)
            cell.font = bold
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
        for index, village in enumerate(villages, start=2):
            vs.cell(row=index, column=1, value=village.pk)
            vs.cell(row=index, column=2, value=village.name)
            for col, f in enumerate(village_parts.fields, start=3):
                vs.cell(
                    row=index, column=col, value=_plain(stored.villages.get((village.pk, f.code)))
                )
        vs.column_dimensions["B"].width = 30
    # Village names and notes are typed by the branches: formula-like text stays text.
    return save_workbook(book)


@dataclass
class Parsed:
    values: dict = field(default_factory=dict)
    notes: dict = field(default_factory=dict)
    village_values: dict | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)


def _number(cell, errors: list) -> Decimal | None:
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if cell.data_type == "f" or (isinstance(value, str) and value.startswith("=")):
        errors.append((cell.coordinate, _("Formulas are not accepted: type the number.")))
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        errors.append(
            (cell.coordinate, _("“%(value)s” is not a number.") % {"value": str(value)[:40]})
        )
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:  # pragma: no cover - openpyxl gives real numbers
        errors.append((cell.coordinate, _("This is not a number.")))
        return None


def _open(data: bytes, errors: list):
    """The workbook, when it is a workbook within the limits that holds the return's sheet;
    else None, with the reason in ``errors``."""
    from openpyxl import load_workbook  # noqa: PLC0415 (heavy library, loaded on first use)

    try:
        check_spreadsheet(io.BytesIO(data))
    except ValidationError as error:
        errors.append(("—", " ".join(error.messages)))
        return None
    try:
        book = load_workbook(io.BytesIO(data), data_only=False, read_only=False)
    except Exception:  # any unreadable file is refused the same way
        errors.append(("—", _("This file is not an Excel workbook (.xlsx).")))
        return None
    if SHEET not in book.sheetnames:
        errors.append(
            (
                "—",
                _("The sheet “%(sheet)s” is missing: use the template of this page.")
                % {"sheet": SHEET},
            )
        )
        return None
    return book


def _check_heading(sheet, ret, errors: list) -> None:
    """The template's commune code, year and column headings are this return's."""
    code = sheet[CODE_CELL].value
    if str(code or "").strip() != ret.area.code:
        errors.append(
            (
                CODE_CELL,
                _("This template is for commune code “%(found)s”, not %(area)s (%(code)s).")
                % {"found": code or "", "area": ret.area.name, "code": ret.area.code},
            )
        )
    year = sheet[YEAR_CELL].value
    if str(year or "").strip() != str(ret.round.year):
        errors.append(
            (
                YEAR_CELL,
                _("This template is for the year %(found)s, not %(year)s.")
                % {"found": year or "—", "year": ret.round.year},
            )
        )
    for col, heading in enumerate(HEADINGS, start=1):
        cell = sheet.cell(row=HEADING_ROW, column=col)
        if str(cell.value or "").strip() != heading:
            errors.append(
                (
                    cell.coordinate,
                    _("This column must be headed “%(heading)s”.") % {"heading": heading},
                )
            )
    extra = sheet.cell(row=HEADING_ROW, column=len(HEADINGS) + 1)
    if extra.value not in (None, ""):
        errors.append((extra.coordinate, _("Unexpected column: remove it.")))


def _read_fields(sheet, commune, parsed: Parsed) -> None:
    """Each field's value and note, by its code in the first column; every field once."""
    errors = parsed.errors
    known = {f.code: f for f in commune.fields}
    seen = set()
    for row in range(HEADING_ROW + 1, sheet.max_row + 1):
        code_cell = sheet.cell(row=row, column=1)
        key = str(code_cell.value or "").strip()
        if not key:
            continue
        if key not in known:
            errors.append(
                (code_cell.coordinate, _("Unknown field code “%(code)s”.") % {"code": key[:40]})
            )
            continue
        if key in seen:
            errors.append(
                (code_cell.coordinate, _("Field “%(code)s” appears twice.") % {"code": key})
            )
            continue
        seen.add(key)
        parsed.values[key] = _number(sheet.cell(row=row, column=3), errors)
        note = sheet.cell(row=row, column=4).value
        parsed.notes[key] = str(note).strip()[:1000] if note not in (None, "") else ""
    for key in known:
        if key not in seen:
            errors.append(("A", _("The row of field “%(code)s” is missing.") % {"code": key}))


def read(data: bytes, *, ret, commune, village_parts, villages) -> Parsed:
    """Every figure of an uploaded template, or the errors (cell, message) that refuse it."""
    parsed = Parsed()
    book = _open(data, parsed.errors)
    if book is None:
        return parsed
    sheet = book[SHEET]
    _check_heading(sheet, ret, parsed.errors)
    _read_fields(sheet, commune, parsed)
    if village_parts is not None and VILLAGE_SHEET in book.sheetnames:
        parsed.village_values = _read_villages(
            book[VILLAGE_SHEET], village_parts, villages, parsed.errors
        )
    return parsed


def _read_villages(sheet, parts, villages, errors) -> dict | None:
    headings = VILLAGE_HEADINGS + [f.label for f in parts.fields]
    for col, heading in enumerate(headings, start=1):
        cell = sheet.cell(row=1, column=col)
        if str(cell.value or "").strip() != heading:
            errors.append(
                (
                    f"{sheet.title}!{cell.coordinate}",
                    _("This column must be headed “%(heading)s”.") % {"heading": heading},
                )
            )
    extra = sheet.cell(row=1, column=len(headings) + 1)
    if extra.value not in (None, ""):
        errors.append((f"{sheet.title}!{extra.coordinate}", _("Unexpected column: remove it.")))
    ids = {v.pk for v in villages}
    found: dict = {}
    any_number = False
    for row in range(2, sheet.max_row + 1):
        id_cell = sheet.cell(row=row, column=1)
        if id_cell.value in (None, ""):
            continue
        try:
            village_id = int(id_cell.value)
        except (TypeError, ValueError):
            village_id = None
        if village_id not in ids:
            errors.append(
                (
                    f"{sheet.title}!{id_cell.coordinate}",
                    _("This village is not one of the commune's."),
                )
            )
            continue
        for col, f in enumerate(parts.fields, start=3):
            cell_errors: list = []
            value = _number(sheet.cell(row=row, column=col), cell_errors)
            errors.extend((f"{sheet.title}!{c}", m) for c, m in cell_errors)
            any_number = any_number or value is not None
            found[(village_id, f.code)] = value
    return found if any_number else None
