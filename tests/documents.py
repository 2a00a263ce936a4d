"""Reading generated documents back as text, the way a reader sees them."""

from __future__ import annotations

import io
import re
import subprocess  # nosec B404: pdftotext from poppler-utils, fixed arguments

# Words that would betray English on a Vietnamese document (labels, not names).
ENGLISH_WORDS = {
    "the", "of", "and", "for", "by", "to", "is", "signed", "decision", "number", "date",
    "school", "level", "article", "recipients", "annex", "certificate", "awarded", "page",
    "verification", "code", "issued", "name", "organisation", "form", "year", "none",
}  # fmt: skip


def pdf_text(content: bytes) -> str:
    """The PDF's text in reading order, each table cell whole (pdftotext's raw order)."""
    result = subprocess.run(  # nosec B603 B607
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def docx_text(content: bytes) -> str:
    """Every paragraph of the DOCX, including those in table cells, one per line."""
    from docx import Document

    doc = Document(io.BytesIO(content))
    lines = []

    def walk(container):
        for block in container.iter_inner_content():
            if hasattr(block, "rows"):
                for row in block.rows:
                    lines.append(" | ".join(cell.text for cell in row.cells))
            else:
                lines.append(block.text)

    walk(doc)
    return "\n".join(lines)


def flat(text: str) -> str:
    """Whitespace collapsed, so a line that wraps in the PDF still matches."""
    return " ".join(text.split())


def english_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z]+", text) if w.lower() in ENGLISH_WORDS}
