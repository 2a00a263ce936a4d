"""A recognition decision follows the review (issue 12, point 1), in Vietnamese: the tier
reviewer verifies one school at Level 1 and another as meeting no level; the department's
decision form lists only the schools verified at a level, preselected at that level, and a
level above the verified one, forced into the page, is refused with the rule."""

from playwright.sync_api import expect

from .conftest import login


def _dossier(code: str):
    """The school's dossier in last year's cycle: the one in review (legal calendar)."""
    from django.utils import timezone

    from units.models import SelfAssessment

    return SelfAssessment.objects.select_related("cycle", "school").get(
        school__organisation__code=code, cycle__year=timezone.localdate().year - 1
    )


def test_decision_form_offers_only_verified_levels(page, demo_live, shot):
    base = demo_live.url
    page.on("dialog", lambda dialog: dialog.accept())
    meets = _dossier("SL-THCS-TOHIEU")  # in review, self-assessed at Level 1
    misses = _dossier("SL-THCS-QUYETTHANG")  # submitted, self-assessed at Level 1
    cycle = meets.cycle
    assert (meets.status, misses.status, meets.self_outcome, misses.self_outcome) == (
        "in_review",
        "submitted",
        "level1",
        "level1",
    )

    # --- the reviewer verifies one school as it is, the other below 90 % on 3.1 ----------
    login(page, base, "reviewer")
    page.goto(f"{base}/units/assessments/{meets.pk}/review/")
    page.click("[data-testid=review-verify]")
    assert page.locator("[data-testid=status-verified]").count() == 1
    assert page.locator("[data-testid=verified-outcome]").inner_text().startswith("Mức độ 1")

    page.goto(f"{base}/units/assessments/{misses.pk}/review/")
    total = int(page.input_value("[data-testid='review-3.1'] input[name$=-denominator]"))
    page.fill("[data-testid='review-3.1'] input[name$=-numerator]", str(total * 85 // 100))
    page.fill(
        "[data-testid='review-3.1'] textarea[name$=-reason]",
        "Danh sách Công dân học tập được công nhận chỉ có 85% thành viên.",
    )
    shot(page, "units-decision-01-reviewer-lowers-3.1")
    page.click("[data-testid=review-verify]")
    assert page.locator("[data-testid=status-verified]").count() == 1
    assert page.locator("[data-testid=verified-outcome]").inner_text().startswith("Chưa đạt")
    shot(page, "units-decision-02-reviewer-verified-not-met")

    # --- the department's decision form: verified levels only ----------------------------
    page.context.clear_cookies()
    login(page, base, "staff")
    page.goto(f"{base}/units/cycles/{cycle.pk}/decide/?authority={meets.authority_id}")
    rows = page.locator("[data-testid=decision-row]")
    names = sorted(rows.locator("label").all_inner_texts())
    assert names == ["Trường THCS Tô Hiệu", "Trường Tiểu học Quyết Thắng"]
    main = page.locator("main").inner_text()
    assert "Trường THCS Quyết Thắng" not in main  # verified as not met by the reviewer
    assert "Trường Tiểu học Chiềng Sinh" not in main  # verified as not met in the demo
    level = page.locator("[data-testid=level-SL-THCS-TOHIEU] select")
    expect(level).to_have_value("level1")
    assert level.locator("option").all_inner_texts() == ["Mức độ 1"]
    assert (
        "Quyết định căn cứ kết quả thẩm định"
        in page.locator("[data-testid=decision-rule]").inner_text()
    )
    shot(page, "units-decision-03-staff-form-verified-only")

    # A level above the verified one, forced into the page, is refused by the service.
    page.fill("input[name=number]", "46/QĐ-UBND")
    page.fill("input[name=decided_on]", f"{cycle.year + 1}-03-02")
    page.fill("input[name=signer]", "Lò Văn Hùng")
    page.check("[data-testid=pick-SL-THCS-TOHIEU]")
    level.evaluate("s => s.add(new Option('Mức độ 2', 'level2'))")
    level.select_option("level2")
    page.click("[data-testid=decision-submit]")
    alert = page.locator(".alert-danger").inner_text()
    assert (
        "Không thể công nhận Trường THCS Tô Hiệu ở Mức độ 2: kết quả thẩm định là Mức độ 1."
        in alert
    )
    shot(page, "units-decision-04-staff-higher-level-refused")

    # At the verified level the decision is recorded.
    page.check("[data-testid=pick-SL-THCS-TOHIEU]")
    page.locator("[data-testid=level-SL-THCS-TOHIEU] select").select_option("level1")
    page.click("[data-testid=decision-submit]")
    assert "Quyết định 46/QĐ-UBND" in page.locator("h1").inner_text()
    row = page.locator("[data-testid=recognition-row]", has_text="Trường THCS Tô Hiệu")
    assert "Mức độ 1" in row.inner_text()
    shot(page, "units-decision-05-staff-recorded")
