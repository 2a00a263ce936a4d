"""The awards journey: nominate, request more information, resubmit, review, rank, approve,
decide, download and verify the certificate, see the honour roll; a second nomination of
the same teacher for an overlapping period is refused with the reason."""

import re

import pytest

from .conftest import LAUNCH_ARGS, login  # noqa: F401

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TEACHER = "Hoàng Thị Thanh Hương"


def _as(browser, base, username, *, phone=False, locale="vi-VN"):
    if phone:
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, locale=locale, is_mobile=True, has_touch=True
        )
    else:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    page = context.new_page()
    page.set_default_timeout(20000)
    if username:
        login(page, base, username)
    return page


def _upload(page, kind: str, name: str):
    page.select_option("#id_kind", kind)
    page.set_input_files("#id_file", {"name": name, "mimeType": "application/pdf", "buffer": PDF})
    # sent by the page's script with a progress bar, which then opens the nomination again
    with page.expect_navigation():
        page.click("[data-testid=document-upload]")
    page.wait_for_load_state("networkidle")


def _new_nomination(page, base, start="2024-09-01", end="2025-05-31"):
    page.goto(f"{base}/awards/nominations/new/")
    page.select_option("#id_form", label="Giấy khen của Chủ tịch Hội Khuyến học tỉnh")
    page.fill("#id_nominee_name", TEACHER)
    page.select_option("#id_gender", "female")
    page.fill("#id_date_of_birth", "1986-03-14")
    page.fill("#id_position", "Giáo viên Ngữ văn")
    page.check("#id_public_consent")
    page.fill("#id_achievement_start", start)
    page.fill("#id_achievement_end", end)
    page.fill(
        "#id_summary", "Giáo viên dạy giỏi cấp tỉnh; tích cực vận động quỹ khuyến học của trường."
    )
    page.click("[data-testid=nomination-save]")
    page.wait_for_load_state("networkidle")
    for kind in ("proposal_letter", "achievement_report", "meeting_minutes"):
        _upload(page, kind, f"{kind}.pdf")


def _review(page, base, nomination_id, scores, shot=None):
    page.goto(f"{base}/awards/nominations/{nomination_id}/review/")
    for field, score in zip(page.locator("input[name^=score_]").all(), scores, strict=True):
        field.fill(str(score))
    page.check("#id_recommendation_0")
    page.fill("#id_comment", "Thành tích tiêu biểu, hồ sơ đầy đủ.")
    if shot:
        shot(page, "awards-05b-review-form")
    page.click("[data-testid=review-submit]")
    page.wait_for_load_state("networkidle")


@pytest.mark.django_db(transaction=True)
def test_awards_journey(browser, demo_live, shot):
    from awards.models import NominationRound, ReviewAssignment
    from dashboard.models import PublicSite

    base = demo_live.url
    # the administrator has published the honour roll (it answers 404 until then)
    site = PublicSite.load()
    site.show_honours = True
    site.save()
    current = NominationRound.objects.order_by("-year").first()

    # Principal: create and submit with the three documents.
    principal = _as(browser, base, "principal")
    _new_nomination(principal, base)
    nomination_id = int(re.search(r"/nominations/(\d+)/", principal.url).group(1))
    assert principal.locator("[data-testid=documents] li").count() == 3
    principal.click("[data-testid=submit-nomination]")
    principal.wait_for_load_state("networkidle")
    assert principal.locator("[data-testid=status]").first.inner_text() == "Đã nộp"
    shot(principal, "awards-01-submitted-principal")

    # Officer: request more information.
    officer = _as(browser, base, "officer")
    officer.goto(f"{base}/awards/nominations/{nomination_id}/")
    officer.fill(
        "[data-testid=request-info-form] textarea", "Bổ sung bằng khen cấp huyện năm 2024."
    )
    officer.click("[data-testid=request-info]")
    officer.wait_for_load_state("networkidle")
    assert officer.locator("[data-testid=status]").first.inner_text() == "Yêu cầu bổ sung"
    shot(officer, "awards-02-more-info-officer")

    # Principal: sees the comment, adds the proof, resubmits.
    principal.goto(f"{base}/awards/nominations/{nomination_id}/")
    assert (
        "Bổ sung bằng khen cấp huyện"
        in principal.locator("[data-testid=status-comment]").inner_text()
    )
    _upload(principal, "proof", "bang-khen-huyen.pdf")
    principal.click("[data-testid=submit-nomination]")
    principal.wait_for_load_state("networkidle")
    assert principal.locator("[data-testid=status]").first.inner_text() == "Đã nộp lại"
    shot(principal, "awards-03-resubmitted-principal")

    # Officer: assign reviewers automatically (balanced, conflict-free).
    officer.goto(f"{base}/awards/rounds/{current.pk}/")
    officer.click("[data-testid=autoassign]")
    officer.wait_for_load_state("networkidle")
    shot(officer, "awards-04-round-officer")
    # The least-loaded members of the Association's council without a conflict.
    first, second = (
        a.reviewer.username
        for a in ReviewAssignment.objects.filter(nomination_id=nomination_id)
        .select_related("reviewer")
        .order_by("reviewer__username")
    )
    reviewer1 = _as(browser, base, first)
    reviewer1.goto(f"{base}/awards/reviews/")
    assert reviewer1.locator("[data-testid=review-next]").is_visible()
    shot(reviewer1, "awards-05-queue-reviewer")
    _review(reviewer1, base, nomination_id, [9, 8, 9], shot=shot)

    reviewer2 = _as(browser, base, second)
    reviewer2.goto(f"{base}/awards/reviews/")
    assert TEACHER in reviewer2.locator("[data-testid=review-queue]").inner_text()
    _review(reviewer2, base, nomination_id, [8, 9, 7])
    shot(reviewer2, "awards-06-reviews-visible-after-submitting")

    # The ranked table shows it with its mean score.
    officer.goto(f"{base}/awards/rounds/{current.pk}/ranking/")
    table = officer.locator("[data-testid=ranking-HKH-GK]").inner_text()
    assert TEACHER in table
    shot(officer, "awards-07-ranking-officer")

    # Officer: approve, then record a decision for the Association.
    officer.goto(f"{base}/awards/nominations/{nomination_id}/")
    officer.click("[data-testid=approve]")
    officer.wait_for_load_state("networkidle")
    assert officer.locator("[data-testid=status]").first.inner_text() == "Đã duyệt"
    officer.goto(f"{base}/awards/rounds/{current.pk}/")
    officer.click("[data-testid=decide-HOI-KH]")
    officer.wait_for_load_state("networkidle")
    for box in officer.locator("input[name=nominations]").all():
        box.uncheck()
    officer.locator("label", has_text=TEACHER).click()
    officer.fill("#id_signer", "Lò Văn Minh")
    officer.set_input_files(
        "#id_scanned_document",
        {"name": "quyet-dinh.pdf", "mimeType": "application/pdf", "buffer": PDF},
    )
    shot(officer, "awards-08-decision-form")
    officer.click("[data-testid=decision-save]")
    officer.wait_for_load_state("networkidle")
    assert "Quyết định" in officer.locator("[data-testid=decision-label]").inner_text()
    officer.wait_for_selector("[data-testid=certificate-count]:has-text('1 / 1')")
    shot(officer, "awards-09-decision-officer")

    # The principal downloads the certificate; its code verifies publicly.
    principal.goto(f"{base}/awards/nominations/{nomination_id}/")
    commended = principal.locator("[data-testid=commended]").inner_text()
    code = re.search(r"AW-[A-Z2-9]{10}", commended).group(0)
    with principal.expect_download() as info:
        principal.click("[data-testid=certificate-download]")
    path = info.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    shot(principal, "awards-10-commended-principal")
    public = _as(browser, base, None)
    public.goto(f"{base}/verify/{code}/")
    assert public.locator("[data-testid=certificate-genuine]").is_visible()
    assert TEACHER in public.locator("dl").inner_text()
    shot(public, "awards-11-verify-public")

    # The public honour roll shows the teacher (no login).
    public.goto(f"{base}/honours/")
    assert TEACHER in public.locator("main").inner_text()
    assert "1986" not in public.locator("main").inner_text()
    shot(public, "awards-12-honour-roll-public")

    # A second nomination of the same teacher for an overlapping period is refused.
    _new_nomination(principal, base, start="2025-01-01", end="2025-12-31")
    principal.click("[data-testid=submit-nomination]")
    principal.wait_for_load_state("networkidle")
    error = principal.locator(".alert-danger").first.inner_text()
    assert "Một thành tích chỉ được khen thưởng một lần" in error
    assert "quyết định " in error
    assert principal.locator("[data-testid=status]").first.inner_text() == "Bản nháp"
    shot(principal, "awards-13-refused-overlap-principal")

    # Phone and English views.
    phone = _as(browser, base, "principal", phone=True)
    phone.goto(f"{base}/awards/nominations/{nomination_id}/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "awards-14-nomination-phone")
    phone.goto(f"{base}/honours/")
    shot(phone, "awards-15-honour-roll-phone")
    officer.click("[data-testid=lang-en]")
    officer.wait_for_load_state("networkidle")
    officer.goto(f"{base}/awards/rounds/{current.pk}/ranking/")
    assert "Ranked table" in officer.locator("h1").inner_text()
    shot(officer, "awards-16-ranking-en")
    officer.goto(f"{base}/")
    shot(officer, "awards-17-home-officer-en")
    principal.goto(f"{base}/")
    shot(principal, "awards-18-home-principal")
    for p in (principal, officer, reviewer1, reviewer2, public, phone):
        p.context.close()
