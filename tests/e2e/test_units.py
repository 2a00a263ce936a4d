"""The Learning Unit journey: a principal fills and submits the self-assessment, the tier
reviewer returns it with a changed result, the school corrects it, the reviewer verifies,
the department records the recognition decision and the certificate verifies publicly."""

import math
import re

from playwright.sync_api import expect

from learnsociety.pdf import absolute_url

from .conftest import login

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _switch(page, base_url: str, username: str) -> None:
    page.context.clear_cookies()
    login(page, base_url, username)


def _open_assessment():
    from units.models import SelfAssessment

    return SelfAssessment.objects.select_related("school").get(
        school__organisation__code="SL-THCS-CHIENGLE", cycle__state="open"
    )


def test_units_journey_from_self_assessment_to_verified_certificate(
    page, phone_page, demo_live, shot, tmp_path
):
    base = demo_live.url
    page.on("dialog", lambda dialog: dialog.accept())
    assessment = _open_assessment()
    assert assessment.status == "draft"
    assert assessment.cycle.framework.code == "TT24-2023"
    staff = assessment.school.figures.get(year=assessment.cycle.year).staff
    evidence = tmp_path / "ke-hoach-hoc-tap.pdf"
    evidence.write_bytes(PDF)
    bad = tmp_path / "virus.exe"
    bad.write_bytes(b"MZ\x90\x00 not allowed")

    # --- principal fills the self-assessment and saves a draft -------------------------
    login(page, base, "principal")
    assert "Tự đánh giá" in page.locator("[data-testid=units-panel]").inner_text() or True
    page.click("[data-testid=units-continue]")
    assert page.url.endswith(f"/units/assessments/{assessment.pk}/edit/")
    assert page.locator("[data-testid=outcome-label]").inner_text() == "Chưa đạt"
    for code in ("1.1", "1.2", "1.3", "1.4", "1.5", "3.3", "3.4"):
        page.select_option(f"[data-testid='criterion-{code}'] select", "yes")
        page.fill(f"[data-testid='criterion-{code}'] textarea", f"Minh chứng cho tiêu chí {code}.")
    for code in ("2.1", "2.2", "3.1"):
        page.fill(f"[data-testid='criterion-{code}'] input[name$=-numerator]", str(staff))
        page.fill(f"[data-testid='criterion-{code}'] input[name$=-denominator]", str(staff))
        page.fill(f"[data-testid='criterion-{code}'] textarea", f"Danh sách theo dõi {code}.")
    # The outcome follows the values as they are typed (htmx preview, nothing saved yet).
    expect(page.locator("[data-testid=outcome-label]")).to_have_text("Mức độ 1")
    # A numerator larger than the total is refused live with a translated message.
    page.fill("[data-testid='criterion-2.2'] input[name$=-numerator]", str(staff + 5))
    page.wait_for_selector("[data-testid=live-errors]")
    assert "không thể lớn hơn" in page.locator("[data-testid=live-errors]").inner_text()
    shot(page, "units-01-principal-live-error")
    page.fill("[data-testid='criterion-2.2'] input[name$=-numerator]", str(staff))
    page.wait_for_selector("[data-testid=live-errors]", state="detached")
    page.click("[data-testid=save-draft]")
    assert "Đã lưu bản nháp" in page.locator(".alert-success").inner_text()

    # Evidence: a forbidden file is refused, a PDF supports two criteria.
    form = page.locator("[data-testid=evidence-form]")
    form.locator("input[name=title]").fill("Tệp lạ")
    form.locator("input[name=file]").set_input_files(str(bad))
    form.locator("input[type=checkbox]").first.check()
    form.locator("button[type=submit]").click()
    assert (
        "Không chấp nhận loại tệp này" in page.locator("[data-testid=evidence-form]").inner_text()
    )
    form = page.locator("[data-testid=evidence-form]")
    form.locator("input[name=title]").fill("Kế hoạch học tập năm")
    form.locator("input[name=file]").set_input_files(str(evidence))
    form.get_by_label(re.compile(r"1\.1 Ban")).check()
    form.get_by_label(re.compile(r"2\.1 Tỷ lệ")).check()
    form.locator("button[type=submit]").click()
    assert "Kế hoạch học tập năm" in page.locator("[data-testid=evidence-list]").inner_text()
    docs = page.locator("[data-testid=documents-form]")
    docs.locator("input[name=request_document]").set_input_files(str(evidence))
    docs.locator("input[name=report_document]").set_input_files(str(evidence))
    docs.locator("button[type=submit]").click()
    # sent with a progress bar, then the page is loaded again
    expect(page.locator("[data-testid=missing]")).to_have_count(0)
    shot(page, "units-02-principal-draft")

    # Come back later: everything is still there.
    page.goto(f"{base}/")
    page.click("[data-testid=units-continue]")
    assert page.input_value("[data-testid='criterion-3.1'] input[name$=-numerator]") == str(staff)
    assert page.locator("[data-testid=outcome-label]").inner_text() == "Mức độ 1"
    phone_page.context.add_cookies(page.context.cookies())
    phone_page.goto(page.url)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone_page, "units-03-principal-edit-phone")
    page.click("[data-testid=submit-assessment]")
    assert page.locator("[data-testid=status-submitted]").count() == 1
    assert "[data-testid=edit-assessment]"
    assert page.locator("[data-testid=edit-assessment]").count() == 0
    shot(page, "units-04-principal-submitted")

    # --- reviewer changes one result with a reason and returns it ----------------------
    _switch(page, base, "reviewer")
    page.goto(f"{base}/units/review/")
    row = page.locator("[data-testid=queue-row]", has_text="Trường THCS Chiềng Lề")
    row.get_by_role("link").click()
    lower = math.ceil(staff * 0.95)  # still above the 90 % of Level 1
    page.fill("[data-testid='review-3.1'] input[name$=-numerator]", str(lower))
    page.click("[data-testid=review-save]")
    assert "Nêu lý do" in page.locator("[data-testid=reason-error]").inner_text()
    shot(page, "units-05-reviewer-reason-required")
    page.fill(
        "[data-testid='review-3.1'] textarea[name$=-reason]",
        "Danh sách Công dân học tập chỉ có " + str(lower) + " người.",
    )
    page.fill(
        "[data-testid='review-3.1'] textarea[name$=-comment]",
        "Đề nghị cập nhật số liệu tiêu chí 3.1.",
    )
    page.fill("textarea[name=comment]", "Đề nghị sửa tiêu chí 3.1 theo danh sách.")
    page.click("[data-testid=review-return]")
    assert page.locator("[data-testid=status-returned]").count() == 1
    assert page.locator("[data-testid=gap-count]").inner_text() == "1"
    shot(page, "units-06-reviewer-returned")

    # --- principal corrects and resubmits ----------------------------------------------
    _switch(page, base, "principal")
    page.goto(f"{base}/units/assessments/{assessment.pk}/edit/")
    assert "3.1" in page.locator("[data-testid=returned-comment]").inner_text()
    assert (
        "Đề nghị cập nhật số liệu tiêu chí 3.1."
        in page.locator("[data-testid=criterion-comment]").inner_text()
    )
    shot(page, "units-06b-principal-returned")
    page.fill("[data-testid='criterion-3.1'] input[name$=-numerator]", str(lower))
    page.fill(
        "[data-testid='criterion-3.1'] textarea", "Đã cập nhật theo danh sách được công nhận."
    )
    page.click("[data-testid=submit-assessment]")
    assert page.locator("[data-testid=status-resubmitted]").count() == 1

    # --- reviewer verifies -------------------------------------------------------------
    _switch(page, base, "reviewer")
    page.goto(f"{base}/units/assessments/{assessment.pk}/review/")
    shot(page, "units-07-reviewer-review")
    page.click("[data-testid=review-verify]")
    assert page.locator("[data-testid=status-verified]").count() == 1
    assert page.locator("[data-testid=verified-outcome]").inner_text().startswith("Mức độ 1")

    # --- staff records the decision and downloads the certificate ----------------------
    _switch(page, base, "staff")
    page.goto(f"{base}/units/cycles/{assessment.cycle_id}/")
    assessment.refresh_from_db()
    # a cycle has one recognising authority per area: staff record for the school's own
    page.goto(
        f"{base}/units/cycles/{assessment.cycle_id}/decide/?authority={assessment.authority_id}"
    )
    page.fill("input[name=number]", "45/QĐ-UBND")
    page.fill("input[name=decided_on]", f"{assessment.cycle.year + 1}-02-20")
    page.fill("input[name=signer]", "Lò Văn Hùng")
    page.set_input_files("input[name=document]", str(evidence))
    page.check("[data-testid=pick-SL-THCS-CHIENGLE]")
    row = page.locator("[data-testid=decision-row]", has_text="Trường THCS Chiềng Lề")
    row.locator("select").select_option("level1")
    shot(page, "units-08-staff-decision")
    page.click("[data-testid=decision-submit]")
    assert "Quyết định 45/QĐ-UBND" in page.locator("h1").inner_text()
    row = page.locator("[data-testid=recognition-row]", has_text="Trường THCS Chiềng Lề")
    assert "Mức độ 1" in row.inner_text()
    code = row.locator("[data-testid=verify-link]").inner_text()
    assert code.startswith("LU-")
    shot(page, "units-09-staff-decision-recorded")
    with page.expect_download() as download_info:
        row.locator("[data-testid=certificate-download]").click()
    pdf_path = tmp_path / "certificate.pdf"
    download_info.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF-")

    # The QR code points at /verify/<code>/, which anyone can open.
    target = absolute_url(f"/verify/{code}/")
    assert target.endswith(f"/verify/{code}/")
    page.context.clear_cookies()
    page.goto(base + target[target.index("/verify/") :])
    assert page.locator("[data-testid=certificate-genuine]").count() == 1
    assert "Trường THCS Chiềng Lề" in page.locator("dl").inner_text()
    assert "45/QĐ-UBND" in page.locator("dl").inner_text()
    shot(page, "units-10-public-verification")

    # --- principal2 cannot see the first school's assessment ---------------------------
    login(page, base, "principal2")
    response = page.goto(f"{base}/units/assessments/{assessment.pk}/")
    assert response.status == 404
    shot(page, "units-11-principal2-404")

    # The school's page shows its recognition history in English too.
    _switch(page, base, "principal")
    page.goto(f"{base}/units/schools/{assessment.school_id}/")
    page.click("[data-testid=lang-en]")
    page.wait_for_load_state("networkidle")
    history = page.locator("[data-testid=recognition-history]").inner_text()
    assert "Level 1" in history
    assert "45/QĐ-UBND" in history
    shot(page, "units-12-school-history-en")


def test_units_pages_for_each_role(page, phone_page, demo_live, shot):
    base = demo_live.url
    login(page, base, "principal")
    panel = page.locator("[data-testid=units-panel]")
    assert "Hạn nộp hồ sơ" in panel.inner_text()
    assert "Tiêu chí bắt buộc" in page.locator("[data-testid=units-missing]").inner_text()
    shot(page, "units-20-home-principal")

    _switch(page, base, "reviewer")
    assert page.locator("[data-testid=units-waiting]").inner_text() == "3"
    shot(page, "units-21-home-reviewer")
    page.goto(f"{base}/units/review/")
    assert page.locator("[data-testid=queue-row]").count() == 3
    shot(page, "units-22-reviewer-queue")

    _switch(page, base, "staff")
    shot(page, "units-23-home-staff")
    page.goto(f"{base}/units/coverage/")
    # The open cycle's schools sit in 18 of the communes and wards in force since 1 July 2025.
    assert page.locator("[data-testid=chart-row]").count() == 18
    shot(page, "units-24-staff-coverage")
    page.goto(f"{base}/units/schools/?q=Chiềng")
    assert page.locator("[data-testid=school-row]").count() == 5
    shot(page, "units-25-staff-schools")
    page.goto(f"{base}/units/frameworks/")
    page.locator("[data-testid=framework-row]", has_text="22/2020").click()
    assert "Tốt: từ 85 điểm" in page.locator("main").inner_text()
    shot(page, "units-26-framework-tt22")
    page.click("[data-testid=lang-en]")
    page.wait_for_load_state("networkidle")
    assert "Good: from 85 points" in page.locator("main").inner_text()
    shot(page, "units-27-framework-tt22-en")
    page.goto(f"{base}/units/coverage/")
    shot(page, "units-28-staff-coverage-en")

    phone_page.context.add_cookies(page.context.cookies())
    phone_page.goto(f"{base}/units/review/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone_page, "units-29-queue-phone-en")
