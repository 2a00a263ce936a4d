"""Administrative documents in the format of Decree 30/2020/NĐ-CP, built from plain data.

The domain apps turn their decisions into a :class:`OfficialDocument` (the issuer's
letterhead comes from ``accounts``' document templates) and this module renders it as an
HTML preview, a PDF (WeasyPrint) or an editable DOCX (python-docx). The document's text is
Vietnamese whatever the interface language: it is the official language of the State's
documents.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import registry
from .pdf import _static_fetcher, qr_data_uri, render_pdf_bytes

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Decree 30/2020/NĐ-CP, Appendix I: A4, top and bottom 20-25 mm, left 30-35 mm,
# right 15-20 mm; Times New Roman 13-14 pt for the body.
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
FONT = "Times New Roman"
BODY_PT = 14


class DocumentError(ValidationError):
    """A document cannot be produced from the data as it stands (translated message)."""


@dataclass(frozen=True)
class Letterhead:
    """What an issuer prints on every decision: set by an administrator as data."""

    issuing_body: str
    code: str
    place: str
    deciding_authority: str
    signer_title: str
    governing_body: str = ""
    signer_authority: str = ""
    signer_name: str = ""
    legal_bases: tuple[str, ...] = ()
    commendation_bases: tuple[str, ...] = ()
    proposal: str = ""
    executors: str = ""
    recipients: tuple[str, ...] = ()
    giver_title: str = ""
    version: int = 0
    # the issuing organisation: its signing certificate, if any, signs the PDFs
    issuer_id: int | None = None


@dataclass(frozen=True)
class Annex:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Section:
    """A part of a report: a heading, paragraphs and tables."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Annex, ...] = ()


@dataclass(frozen=True)
class OfficialDocument:
    """A decision (articles and an annex) or a report (sections), with the issuer's
    letterhead. ``type_code`` is the document type in its number: QĐ, BC."""

    letterhead: Letterhead
    number: str
    day: date | None
    subject: str
    articles: tuple[str, ...] = ()
    signer_name: str = ""
    legal_bases: tuple[str, ...] = ()
    annex: Annex | None = None
    filename: str = "quyet-dinh"
    kind_title: str = "QUYẾT ĐỊNH"
    type_code: str = "QĐ"
    sections: tuple[Section, ...] = ()

    national_title = NATIONAL_TITLE
    motto = MOTTO

    # --- derived lines -----------------------------------------------------------------
    @property
    def is_report(self) -> bool:
        return bool(self.sections)

    @property
    def number_line(self) -> str:
        number = decision_number(self.number, self.letterhead.code, self.type_code)
        # a report may go out for signing unnumbered: the office numbers it when issuing
        blank = "\u00a0" * 8  # room for the number, kept by HTML and Word alike
        return f"Số: {number or f'{blank}/{self.type_code}-{self.letterhead.code}'}"

    @property
    def place_date_line(self) -> str:
        return place_date(self.letterhead.place, self.day)

    @property
    def all_legal_bases(self) -> list[str]:
        return [*self.letterhead.legal_bases, *self.legal_bases]

    @property
    def signer(self) -> str:
        return self.signer_name or self.letterhead.signer_name

    @property
    def annex_reference(self) -> str:
        return (
            f"(Kèm theo Quyết định số {decision_number(self.number, self.letterhead.code)} "
            f"{vietnamese_date(self.day)})"
        )


def vietnamese_date(day: date | None) -> str:
    """``ngày 05 tháng 01 năm 2026``: Decree 30 puts a leading zero on days below 10 and
    months below 3 (so "tháng 3", but "tháng 02")."""
    if day is None:
        return ""
    d = f"{day.day:02d}" if day.day < 10 else str(day.day)
    m = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {d} tháng {m} năm {day.year}"


def place_date(place: str, day: date | None) -> str:
    return f"{place}, {vietnamese_date(day)}"


_LEADING_NUMBER = re.compile(r"^\s*(\d+)")
_FULL_NUMBER = re.compile(r"^\s*(\d+)/(\w+)-(\S+?)\s*$")


def decision_number(number: str | int, code: str, type_code: str = "QĐ") -> str:
    """``45/QĐ-SGDĐT``: the document's own number, its type (QĐ, BC) and the issuer's
    code. A number recorded in full ("45/QĐ-UBND") prints as recorded: the document must
    carry the number the app shows and the signed copy bears."""
    full = _FULL_NUMBER.match(str(number or ""))
    if full and full.group(2) == type_code:
        return f"{int(full.group(1))}/{type_code}-{full.group(3)}"
    match = _LEADING_NUMBER.match(str(number or ""))
    if not match:
        return ""
    return f"{int(match.group(1))}/{type_code}-{code}"


def check(document: OfficialDocument) -> None:
    """Refuse to produce a document that would be wrong: better no document than one that
    looks final and is not."""
    lh = document.letterhead
    problems = []
    if not lh.code.strip():
        problems.append(_("the issuer has no document code"))
    if not lh.signer_title.strip():
        problems.append(_("the issuer has no signer title"))
    if not document.signer.strip():
        problems.append(_("the decision has no signer's name"))
    if not document.is_report and not decision_number(document.number, lh.code or "X"):
        problems.append(_("the decision has no number"))
    if document.day is None:
        problems.append(_("the decision has no date"))
    if problems:
        raise DocumentError(
            _("The document cannot be generated: %(problems)s.") % {"problems": "; ".join(problems)}
        )


# --- HTML and PDF --------------------------------------------------------------------------


def render_decision_pdf(document: OfficialDocument) -> bytes:
    """The decision's PDF, signed for its issuer if it has a signing certificate; a report
    is not signed (it goes out for signing unnumbered)."""

    check(document)
    pdf = render_pdf_bytes("documents/decision_pdf.html", {"doc": document})
    if document.is_report:
        return pdf
    return sign_issued(pdf, document.letterhead)


def sign_issued(pdf: bytes, letterhead: Letterhead) -> bytes:
    """The one place where the PDFs the app issues get signed (never the DOCX: staff
    edit it before signing it themselves); the signer is the one ``accounts`` registers."""

    return registry.signed_pdf(pdf, issuer_id=letterhead.issuer_id)


def _certificates_issuer(certificates: list[CertificateDocument]) -> Letterhead | None:
    """The letterhead to sign a PDF of certificates with: only when one issuer gives them
    all (a decision's certificates)."""
    issuers = {c.letterhead.issuer_id for c in certificates}
    return certificates[0].letterhead if len(issuers) == 1 else None


# --- DOCX ----------------------------------------------------------------------------------


def render_decision_docx(document: OfficialDocument) -> bytes:
    """An editable Word document laid out like the PDF (staff edit it before signing);
    a decision or a report."""
    check(document)
    from docx import Document  # noqa: PLC0415 (heavy library, loaded on first use)
    from docx.enum.section import WD_ORIENT  # noqa: PLC0415 (heavy library, loaded on first use)
    from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: PLC0415 (heavy library, loaded on first use)
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK  # noqa: PLC0415 (heavy library, loaded on first use)
    from docx.oxml.ns import qn  # noqa: PLC0415 (heavy library, loaded on first use)
    from docx.shared import Mm, Pt  # noqa: PLC0415 (heavy library, loaded on first use)

    lh = document.letterhead
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)

    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY

    def para(container, text="", *, bold=False, italic=False, size=None, align=None, upper=False):
        p = container.add_paragraph()
        if align is not None:
            p.alignment = align
        if text:
            run = p.add_run(text.upper() if upper else text)
            run.bold, run.italic = bold, italic
            if size:
                run.font.size = Pt(size)
        return p

    # Header: issuer on the left, national title on the right (Appendix I, items 1-4).
    header = doc.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    left.paragraphs[0].alignment = center
    if lh.governing_body:
        run = left.paragraphs[0].add_run(lh.governing_body.upper())
        run.font.size = Pt(13)
        para(left, lh.issuing_body, bold=True, size=13, align=center, upper=True)
    else:
        run = left.paragraphs[0].add_run(lh.issuing_body.upper())
        run.bold, run.font.size = True, Pt(13)
    para(left, "———", align=center, size=8)
    para(left, document.number_line, size=13, align=center)
    right.paragraphs[0].alignment = center
    run = right.paragraphs[0].add_run(NATIONAL_TITLE)
    run.bold, run.font.size = True, Pt(13)
    para(right, MOTTO, bold=True, size=14, align=center)
    para(right, "—————————", align=center, size=8)
    para(right, document.place_date_line, italic=True, size=14, align=center)

    def table(rows_of: Annex) -> None:
        grid = doc.add_table(rows=1, cols=len(rows_of.columns))
        grid.style = "Table Grid"
        for cell, title in zip(grid.rows[0].cells, rows_of.columns, strict=True):
            run = cell.paragraphs[0].add_run(title)
            run.bold, run.font.size = True, Pt(13)
            cell.paragraphs[0].alignment = center
        for row in rows_of.rows:
            for cell, value in zip(grid.add_row().cells, row, strict=True):
                cell.paragraphs[0].add_run(value).font.size = Pt(13)

    para(doc)
    para(doc, document.kind_title, bold=True, size=14, align=center)
    para(doc, document.subject, bold=True, size=14, align=center)
    para(doc, "—————", align=center, size=8)
    if document.is_report:
        for part in document.sections:
            p = para(doc, part.heading, bold=True, align=justify)
            p.paragraph_format.space_before = Pt(6)
            for text in part.paragraphs:
                p = para(doc, text, align=justify)
                p.paragraph_format.first_line_indent = Mm(10)
                p.paragraph_format.space_after = Pt(4)
            for rows_of in part.tables:
                if rows_of.title:
                    para(doc, rows_of.title, italic=True, size=13, align=center)
                table(rows_of)
                para(doc)
    else:
        para(doc, lh.deciding_authority, bold=True, size=14, align=center, upper=True)
        para(doc)
        for basis in document.all_legal_bases:
            p = para(doc, basis, italic=True, align=justify)
            p.paragraph_format.first_line_indent = Mm(10)
            p.paragraph_format.space_after = Pt(4)
        if lh.proposal:
            p = para(doc, lh.proposal, italic=True, align=justify)
            p.paragraph_format.first_line_indent = Mm(10)
        para(doc)
        para(doc, "QUYẾT ĐỊNH:", bold=True, align=center)
        para(doc)
        for index, text in enumerate(document.articles, start=1):
            p = doc.add_paragraph()
            p.alignment = justify
            p.paragraph_format.first_line_indent = Mm(10)
            p.paragraph_format.space_after = Pt(6)
            p.add_run(f"Điều {index}. ").bold = True
            p.add_run(text)

    # Footer: recipients on the left, the signer on the right (items 7-9).
    footer = doc.add_table(rows=1, cols=2)
    left, right = footer.rows[0].cells
    left.width, right.width = Mm(80), Mm(85)
    p = left.paragraphs[0]
    run = p.add_run("Nơi nhận:")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    for recipient in lh.recipients:
        para(left, f"- {recipient}", size=11)
    right.paragraphs[0].alignment = center
    first = True
    for line in (lh.signer_authority, lh.signer_title):
        if not line:
            continue
        p = right.paragraphs[0] if first else para(right, align=center)
        run = p.add_run(line.upper())
        run.bold, run.font.size = True, Pt(14)
        first = False
    for _blank in range(4):
        para(right, align=center)
    para(right, document.signer, bold=True, size=14, align=center)

    if document.annex is not None and not document.is_report:
        annex = document.annex
        p = doc.add_paragraph()
        p.add_run().add_break(WD_BREAK.PAGE)
        para(doc, annex.title, bold=True, size=14, align=center, upper=True)
        para(doc, document.annex_reference, italic=True, size=13, align=center)
        para(doc)
        table(annex)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- Views' helpers ------------------------------------------------------------------------


def error_page(request: HttpRequest, error: DocumentError, back_url: str) -> HttpResponse:
    return render(
        request,
        "documents/error.html",
        {"message": " ".join(error.messages), "back_url": back_url},
        status=409,
    )


def preview_response(
    request: HttpRequest, document: OfficialDocument | DocumentError, context: dict
) -> HttpResponse:
    """The browser preview: the document as it will print, or why it cannot be made."""
    if isinstance(document, DocumentError):
        return render(
            request,
            "documents/preview.html",
            {**context, "error": " ".join(document.messages)},
            status=409,
        )
    try:
        check(document)
    except DocumentError as error:
        return render(
            request,
            "documents/preview.html",
            {**context, "error": " ".join(error.messages)},
            status=409,
        )
    return render(request, "documents/preview.html", {**context, "doc": document})


def decision_preview_response(
    request: HttpRequest,
    document: OfficialDocument | DocumentError,
    *,
    label: str,
    back_url: str,
    url_namespace: str,
    pk: int,
) -> HttpResponse:
    """The preview page of decision ``label`` (Decree 30 format) before download and
    signing, with its PDF and Word downloads (``<url_namespace>:decision-pdf``, ``-docx``)."""
    return preview_response(
        request,
        document,
        {
            "title": _("Decision %(label)s: document") % {"label": label},
            "back_url": back_url,
            "back_label": _("Decision %(label)s") % {"label": label},
            "pdf_url": reverse(f"{url_namespace}:decision-pdf", args=[pk]),
            "docx_url": reverse(f"{url_namespace}:decision-docx", args=[pk]),
        },
    )


def download_response(
    request: HttpRequest, document: OfficialDocument | DocumentError, fmt: str, back_url: str
) -> HttpResponse:
    if isinstance(document, DocumentError):
        return error_page(request, document, back_url)
    try:
        if fmt == "pdf":
            content, mime = render_decision_pdf(document), "application/pdf"
        else:
            content, mime = render_decision_docx(document), DOCX_MIME
    except DocumentError as error:
        return error_page(request, error, back_url)
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}.{fmt}"'
    return response


def missing_letterhead(issuer_name: str) -> DocumentError:
    return DocumentError(
        _(
            "%(issuer)s has no document template yet: an administrator must set its code, "
            "header and signer under Document templates."
        )
        % {"issuer": issuer_name}
    )


def sample_document(letterhead: Letterhead, *, day: date | None = None) -> OfficialDocument:
    """A specimen decision for previewing a template (marked as a specimen, never issued)."""

    return OfficialDocument(
        letterhead=letterhead,
        number="1",
        day=day or timezone.localdate(),
        subject="Về việc … (văn bản mẫu)",
        articles=(
            "Nội dung quyết định (văn bản mẫu để xem trước bố cục).",
            "Quyết định này có hiệu lực kể từ ngày ký.",
            f"{letterhead.executors or 'Các cơ quan, đơn vị có liên quan'} chịu trách nhiệm "
            "thi hành Quyết định này./.",
        ),
        legal_bases=letterhead.commendation_bases,
        annex=Annex(
            title="Danh sách kèm theo (văn bản mẫu)",
            columns=("TT", "Tên", "Đơn vị", "Ghi chú"),
            rows=(("1", "…", "…", ""), ("2", "…", "…", "")),
        ),
        filename="van-ban-mau",
    )


# --- Certificates ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateDocument:
    """A certificate in its conventional form: the giver by title ("CHỦ TỊCH HỘI KHUYẾN
    HỌC TỈNH SƠN LA"), what they do ("TẶNG GIẤY KHEN", "CÔNG NHẬN"), the recipient, the
    achievement in words that fit the recipient, the decision, place and date, the
    signer. Vietnamese only."""

    letterhead: Letterhead
    verb: str
    title: str
    recipient: str
    achievement: str
    decision_number: str
    decision_day: date | None
    code: str
    verify_url: str
    recipient_detail: str = ""
    level: str = ""
    signer_name: str = ""

    national_title = NATIONAL_TITLE
    motto = MOTTO

    @property
    def giver(self) -> str:
        lh = self.letterhead
        return lh.giver_title or f"{lh.signer_title} {lh.issuing_body}".strip()

    @property
    def decision_line(self) -> str:
        number = decision_number(self.decision_number, self.letterhead.code)
        return f"Quyết định số {number} {vietnamese_date(self.decision_day)}"

    @property
    def place_date_line(self) -> str:
        return place_date(self.letterhead.place, self.decision_day)

    @property
    def signer(self) -> str:
        return self.signer_name or self.letterhead.signer_name

    @property
    def qr(self) -> str:

        return qr_data_uri(self.verify_url)


def check_certificate(certificate: CertificateDocument) -> None:
    problems = []
    lh = certificate.letterhead
    if not lh.code.strip():
        problems.append(_("the issuer has no document code"))
    if not (lh.giver_title.strip() or lh.signer_title.strip()):
        problems.append(_("the issuer has no signer title"))
    if not certificate.signer.strip():
        problems.append(_("the decision has no signer's name"))
    if not decision_number(certificate.decision_number, lh.code or "X"):
        problems.append(_("the decision has no number"))
    if certificate.decision_day is None:
        problems.append(_("the decision has no date"))
    if problems:
        raise DocumentError(
            _("The certificate cannot be generated: %(problems)s.")
            % {"problems": "; ".join(problems)}
        )


def render_certificates_pdf(certificates: list[CertificateDocument]) -> bytes:
    """One PDF, one A4 landscape page per certificate (a whole decision prints at once)."""

    for certificate in certificates:
        check_certificate(certificate)
    pdf = render_pdf_bytes("documents/certificates_pdf.html", {"certificates": certificates})
    letterhead = _certificates_issuer(certificates)
    return sign_issued(pdf, letterhead) if letterhead is not None else pdf


def render_certificates_pdf_in_steps(
    certificates: list[CertificateDocument], *, on_progress, step: int = 10
) -> bytes:
    """Like :func:`render_certificates_pdf` for many certificates: lays them out ``step`` at
    a time, calling ``on_progress(done)`` after each step, and writes one PDF at the end
    (nothing is written if any certificate cannot be made)."""
    from weasyprint import HTML  # noqa: PLC0415 (heavy library, loaded on first use)

    for certificate in certificates:
        check_certificate(certificate)
    if not certificates:
        raise DocumentError(_("There is no certificate to generate."))
    rendered = []
    for start in range(0, len(certificates), step):
        chunk = certificates[start : start + step]
        html = render_to_string("documents/certificates_pdf.html", {"certificates": chunk})
        rendered.append(HTML(string=html, base_url="/", url_fetcher=_static_fetcher()).render())
        on_progress(start + len(chunk))
    pages = [page for document in rendered for page in document.pages]
    pdf = rendered[0].copy(pages).write_pdf()
    letterhead = _certificates_issuer(certificates)
    return sign_issued(pdf, letterhead) if letterhead is not None else pdf
