"""The Vietnamese catalogue is complete and speaks the glossary: every string marked for
translation in a template or in Python has a Vietnamese translation, and no translation
uses a rendering that docs/glossary.md rejects."""

import ast
import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
PO = polib.pofile(str(ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
TRANSLATED = {(e.msgctxt, e.msgid) for e in PO if e.msgstr and not e.fuzzy and not e.obsolete} | {
    (e.msgctxt, e.msgid) for e in PO if e.msgid_plural and e.msgstr_plural.get(0)
}
SKIP = {".venv", "var", "tests", "bench", "tools", "migrations", "node_modules"}
GETTEXT = {
    "_": 0,
    "gettext": 0,
    "gettext_lazy": 0,
    "gettext_noop": 0,
    "ngettext": 0,
    "ngettext_lazy": 0,
    "pgettext": 1,
    "pgettext_lazy": 1,
    "npgettext": 1,
    "npgettext_lazy": 1,
}
TEMPLATE_TAG = re.compile(
    r"""\{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<id>.*?)(?P=q)"""
    r"""(?:\s+context\s+(?P<cq>["'])(?P<ctx>.*?)(?P=cq))?"""
)


def _project_files(pattern: str) -> list[Path]:
    return sorted(p for p in ROOT.glob(pattern) if not SKIP & set(p.relative_to(ROOT).parts))


def _python_msgids() -> set[tuple[str | None, str, str]]:
    found = set()
    for path in _project_files("**/*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in GETTEXT or len(node.args) <= GETTEXT[name]:
                continue
            arg = node.args[GETTEXT[name]]
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                continue
            context = None
            if GETTEXT[name]:
                first = node.args[0]
                context = first.value if isinstance(first, ast.Constant) else None
            found.add((context, arg.value, str(path.relative_to(ROOT))))
    return found


def _template_msgids() -> set[tuple[str | None, str, str]]:
    found = set()
    for path in _project_files("**/templates/**/*.html"):
        for match in TEMPLATE_TAG.finditer(path.read_text(encoding="utf-8")):
            # makemessages doubles a template string's "%" (it extracts it as python-format)
            msgid = match["id"].replace("%", "%%")
            found.add((match["ctx"], msgid, str(path.relative_to(ROOT))))
    return found


def test_every_marked_string_has_a_vietnamese_translation():
    marked = _python_msgids() | _template_msgids()
    assert len(marked) > 1000
    missing = sorted(
        f"{where}: {msgid!r}" + (f" (context {ctx!r})" if ctx else "")
        for ctx, msgid, where in marked
        if (ctx, msgid) not in TRANSLATED and msgid.strip()
    )
    assert missing == []


def _glossary_rules() -> list[tuple[str, str, str]]:
    """(rejected, scope, chosen) from the glossary table."""
    rules = []
    text = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] in {"English", "---"} or set(cells[0]) <= {"-"}:
            continue
        _english, chosen, rejected, scope, _why = cells
        for term in filter(None, (t.strip() for t in rejected.split(","))):
            rules.append((term, scope, chosen))
    return rules


RULES = _glossary_rules()


def test_glossary_lists_the_rejected_renderings():
    assert {r[0] for r in RULES} >= {
        "giấy công nhận",
        "mã xác minh",
        "xác nhận thẩm định",
        "vượt cấp",
        "theo kế hoạch",
        "thẩm định",
    }


@pytest.mark.parametrize("rule", RULES, ids=[f"{r[0]}|{r[1]}" for r in RULES])
def test_vietnamese_catalogue_avoids_rejected_renderings(rule):
    rejected, scope, chosen = rule
    pattern = re.compile(rf"(?<!\w){re.escape(rejected)}(?!\w)", re.IGNORECASE)
    offending = sorted(
        (e.msgctxt or "", e.msgid, e.msgstr)
        for e in PO
        if not e.obsolete
        and (not scope or scope in e.msgid.lower() or scope in (e.msgctxt or ""))
        and (pattern.search(e.msgstr) or any(pattern.search(v) for v in e.msgstr_plural.values()))
    )
    assert offending == [], f"use “{chosen}”"
