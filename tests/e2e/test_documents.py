"""Decisions written by the app: staff (a recognition decision) and an Association officer
(a commendation decision) open the document, look at it and download the PDF and the DOCX;
an administrator previews a change to a document template."""

from pathlib import Path

from tests.documents import docx_text, english_words, flat, pdf_text

from .conftest import login


def _open_document_and_download(page, base, detail_url, shot, name):
    page.goto(f"{base}{detail_url}")
    page.click("[data-testid=decision-preview]")
    page.wait_for_load_state("networkidle")
    preview = page.locator("[data-testid=document-preview]")
    assert preview.is_visible()
    text = preview.inner_text()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    shot(page, f"documents-{name}-preview")
    with page.expect_download() as pdf_download:
        page.click("[data-testid=download-pdf]")
    pdf = Path(pdf_download.value.path()).read_bytes()
    with page.expect_download() as docx_download:
        page.click("[data-testid=download-docx]")
    docx = Path(docx_download.value.path()).read_bytes()
    return pdf_download.value.suggested_filename, flat(pdf_text(pdf)), docx_text(docx)


def test_staff_generates_previews_and_downloads_a_recognition_decision(demo_live, page, shot):
    from units.models import RecognitionDecision

    decision = RecognitionDecision.objects.order_by("pk").first()
    login(page, demo_live.url, "staff")

    filename, pdf, docx = _open_document_and_download(
        page, demo_live.url, f"/units/decisions/{decision.pk}/", shot, "units"
    )

    number = decision.number.split("/")[0]
    assert filename == f"quyet-dinh-{decision.pk}.pdf"
    assert f"Số: {number}/QĐ-UBND" in pdf
    assert f"Số: {number}/QĐ-UBND" in docx
    assert "TM. ỦY BAN NHÂN DÂN" in pdf
    assert "CHỦ TỊCH" in pdf
    for recognition in decision.recognitions.select_related("school__organisation"):
        assert recognition.school.organisation.name in pdf
        assert recognition.school.organisation.name in docx
    assert english_words(pdf) == set()
    assert english_words(docx) == set()


def test_officer_generates_previews_and_downloads_a_commendation_decision(demo_live, page, shot):
    from awards.models import Decision

    decision = Decision.objects.select_related("issuing_organisation").order_by("pk").first()
    login(page, demo_live.url, "officer")

    filename, pdf, docx = _open_document_and_download(
        page, demo_live.url, f"/awards/decisions/{decision.pk}/", shot, "awards"
    )

    assert filename == f"quyet-dinh-{decision.year}-{decision.number}.pdf"
    code = "HKH" if decision.issuing_organisation.code == "HOI-KH" else "SGDĐT"
    assert f"Số: {decision.number}/QĐ-{code}" in pdf
    assert f"Số: {decision.number}/QĐ-{code}" in docx
    for commendation in decision.commendations.all():
        assert commendation.nominee_name in pdf
    assert english_words(pdf) == set()
    assert english_words(docx) == set()


def test_admin_previews_a_template_change_before_saving(demo_live, page, shot):
    login(page, demo_live.url, "admin")
    page.goto(f"{demo_live.url}/accounts/document-templates/")
    page.click('[data-testid=templates] a:has-text("Sở Giáo dục và Đào tạo tỉnh Sơn La")')
    page.fill("#id_signer_authority", "")
    page.fill("#id_signer_title", "GIÁM ĐỐC")
    page.click("button[name=preview]")
    page.wait_for_load_state("networkidle")
    assert "GIÁM ĐỐC" in page.locator("[data-testid=document-preview]").inner_text()
    shot(page, "documents-template-preview")
    page.click("[data-testid=template-save]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=template-versions] li").count() == 2
