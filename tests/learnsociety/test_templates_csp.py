"""The Content-Security-Policy forbids inline scripts and styles: no template may need them."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    p
    for p in ROOT.glob("**/templates/**/*.html")
    if ".venv" not in p.parts and "var" not in p.parts
)
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", re.I), "inline <script>"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style[\s>]", re.I), "<style> element"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
    (re.compile(r"\shx-on", re.I), "hx-on (needs eval)"),
]
PDF_TEMPLATES = ("pdf", "certificate", "email")


def _is_exempt(path: Path) -> bool:
    # PDFs (WeasyPrint) and e-mails are not served under the page CSP.
    return any(part in str(path.relative_to(ROOT)) for part in PDF_TEMPLATES)


PAGE_TEMPLATES = [p for p in TEMPLATES if not _is_exempt(p)]


@pytest.mark.parametrize("path", PAGE_TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_template_has_no_inline_script_or_style(path):
    text = path.read_text(encoding="utf-8")
    found = [label for pattern, label in INLINE if pattern.search(text)]
    assert found == []
