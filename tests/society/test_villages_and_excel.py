"""Filling by village (commune totals computed) and the Excel template (downloaded,
filled offline, uploaded all-or-nothing with a message per cell)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from society.enums import ReturnStatus
from society.models import ReturnValue, Village

from .conftest import GOOD, post_values, start

pytestmark = pytest.mark.django_db

VILLAGE = {
    "households": 100,
    "families_registered": 90,
    "families_recognised": 80,
    "citizens_registered": 300,
    "citizens_recognised": 250,
    "community_registered": 1,
    "community_recognised": 1,
}


def commune_values(ret) -> dict:
    return dict(
        ReturnValue.objects.filter(ret=ret, village__isnull=True).values_list(
            "field__code", "value"
        )
    )


def add_villages(clients, ret, names):
    for name in names:
        response = clients["sec_a"].post(
            f"/society/returns/{ret.pk}/villages/add/", {"name": name, "kind": "ban"}
        )
        assert response.status_code == 302
    return {v.name: v for v in Village.objects.filter(commune=ret.area)}


def test_by_village_computes_the_commune_totals(world, clients):
    ret = start(world, world["a"])
    villages = add_villages(clients, ret, ["Bản Mòng", "Bản Cọ"])
    data = {"villages": "1"}
    for index, village in enumerate(villages.values()):
        for code, value in VILLAGE.items():
            data[f"x_{village.pk}_{code}"] = str(
                value + (10 if code == "households" and index else 0)
            )
    response = clients["sec_a"].post(f"/society/returns/{ret.pk}/villages/", data)
    assert response.status_code == 302
    ret.refresh_from_db()
    values = commune_values(ret)
    assert ret.by_village is True
    assert (
        values["households"],
        values["families_recognised"],
        values["villages_total"],
        values["villages_recognised"],
        values["citizens_recognised"],
    ) == (Decimal("210"), Decimal("160"), Decimal("2"), Decimal("2"), Decimal("500"))
    assert ReturnValue.objects.filter(ret=ret, village__isnull=False).count() == 14


def test_a_village_breaking_a_rule_shows_it_in_its_cell(world, clients):
    ret = start(world, world["a"])
    village = add_villages(clients, ret, ["Bản Mòng"])["Bản Mòng"]
    data = {"villages": "1", **{f"x_{village.pk}_{k}": str(v) for k, v in VILLAGE.items()}}
    data[f"x_{village.pk}_families_recognised"] = "95"  # above the 90 registered
    clients["sec_a"].post(f"/society/returns/{ret.pk}/villages/", data)
    page = clients["sec_a"].get(f"/society/returns/{ret.pk}/villages/").content.decode()
    row = page[page.index('data-testid="village-1"') :]
    row = row[: row.index("</tr>")]
    assert row.count('data-testid="issue-error"') == 1
    assert 'value="95"' in row


def test_village_names_are_unique_per_commune(world, clients):
    ret = start(world, world["a"])
    add_villages(clients, ret, ["Bản Mòng"])
    clients["sec_a"].post(
        f"/society/returns/{ret.pk}/villages/add/", {"name": " bản  mòng", "kind": "ban"}
    )
    assert Village.objects.filter(commune=world["a"]).count() == 1


def template_of(clients, ret):
    response = clients["sec_a"].get(f"/society/returns/{ret.pk}/template/")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def upload(clients, ret, book):
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "phieu.xlsx"
    return clients["sec_a"].post(f"/society/returns/{ret.pk}/upload/", {"file": out})


def fill(sheet, values):
    for row in range(6, sheet.max_row + 1):
        code = sheet.cell(row=row, column=1).value
        if code in values:
            sheet.cell(row=row, column=3, value=values[code])


def test_template_has_vietnamese_headings_and_the_commune(world, clients):
    ret = start(world, world["a"])
    sheet = template_of(clients, ret)["Phiếu xã"]
    assert (sheet["B2"].value, sheet["C2"].value, sheet["B3"].value) == ("C1", "Phường An", 2025)
    assert [sheet.cell(row=5, column=c).value for c in range(1, 5)] == [
        "Mã chỉ tiêu",
        "Chỉ tiêu",
        "Số liệu",
        "Giải trình (khi thay đổi lớn)",
    ]
    assert sheet["A6"].value == "households"
    assert sheet["B6"].value == "Tổng số hộ gia đình"


def test_filled_template_is_read_as_a_whole(world, clients):
    ret = start(world, world["a"])
    book = template_of(clients, ret)
    fill(book["Phiếu xã"], GOOD)
    response = upload(clients, ret, book)
    assert (response.status_code, response["Location"]) == (302, f"/society/returns/{ret.pk}/edit/")
    assert commune_values(ret)["households"] == Decimal("1000")
    assert len(commune_values(ret)) == len(GOOD)
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.DRAFT


def test_bad_template_is_refused_with_a_message_per_cell(world, clients):
    ret = start(world, world["a"])
    book = template_of(clients, ret)
    sheet = book["Phiếu xã"]
    fill(sheet, GOOD)
    sheet["B2"] = "C2"  # another commune's code
    sheet["C5"] = "Giá trị"  # renamed column
    sheet["C6"] = "=100*10"  # formula
    sheet["C7"] = "chín trăm"  # text in a number cell
    response = upload(clients, ret, book)
    page = response.content.decode()
    assert response.status_code == 200
    assert ReturnValue.objects.filter(ret=ret).count() == 0
    errors = page[page.index('data-testid="cell-errors"') :]
    errors = errors[: errors.index("</div>")]
    assert [cell for cell in ("B2", "C5", "C6", "C7") if f"<strong>{cell}</strong>" in errors] == [
        "B2",
        "C5",
        "C6",
        "C7",
    ]
    assert errors.count("<li>") == 4


def test_template_with_villages_fills_by_village(world, clients):
    ret = start(world, world["a"])
    add_villages(clients, ret, ["Bản Mòng"])
    book = template_of(clients, ret)
    fill(book["Phiếu xã"], GOOD)
    vs = book["Thôn, bản, tổ dân phố"]
    for col, value in enumerate(VILLAGE.values(), start=3):
        vs.cell(row=2, column=col, value=value)
    assert upload(clients, ret, book).status_code == 302
    ret.refresh_from_db()
    values = commune_values(ret)
    assert (ret.by_village, values["households"], values["clans_total"]) == (
        True,
        Decimal("100"),
        Decimal("20"),
    )


def test_another_secretary_cannot_download_or_upload(world, clients):
    ret = start(world, world["a"])
    assert clients["sec_b"].get(f"/society/returns/{ret.pk}/template/").status_code == 404
    assert clients["sec_b"].get(f"/society/returns/{ret.pk}/upload/").status_code == 404


def test_save_by_commune_after_villages_keeps_the_computed_totals(world, clients):
    ret = start(world, world["a"])
    village = add_villages(clients, ret, ["Bản Mòng"])["Bản Mòng"]
    data = {"villages": "1", **{f"x_{village.pk}_{k}": str(v) for k, v in VILLAGE.items()}}
    clients["sec_a"].post(f"/society/returns/{ret.pk}/villages/", data)
    post_values(clients["sec_a"], ret, {**GOOD, "households": 999999})
    assert commune_values(ret)["households"] == Decimal("100")
    assert commune_values(ret)["clans_total"] == Decimal("20")


def test_template_writes_a_formula_like_village_name_as_text(world, clients):
    ret = start(world, world["a"])
    add_villages(clients, ret, ["=HYPERLINK(1)"])
    cell = template_of(clients, ret)["Thôn, bản, tổ dân phố"]["B2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=HYPERLINK(1)", "s", True)
