"""The programme journey: staff adds a milestone to a DOET-led commitment and sees it on
the overview; the officer writes a half-year report with two evidence files on a joint
commitment, staff returns it, the officer corrects and resubmits, staff accepts and the
report is locked. Screenshots in Vietnamese and English, desktop and phone."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from .conftest import login

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _switch(page, base_url: str, username: str) -> None:
    page.context.clear_cookies()
    login(page, base_url, username)


def _commitment(code: str):
    from programme.models import Commitment

    return Commitment.objects.get(code=code)


def test_programme_journey(page, phone_page, demo_live, shot, tmp_path):
    base = demo_live.url
    page.on("dialog", lambda dialog: dialog.accept())
    doet_led = _commitment("3")
    joint = _commitment("1")
    due = timezone.localdate() + timedelta(days=20)
    plan = tmp_path / "ke-hoach-tuan-le.pdf"
    plan.write_bytes(PDF)
    photo = tmp_path / "anh-hoat-dong.png"
    photo.write_bytes(PNG)

    # --- staff: home panel, overview, a new milestone on a DOET-led commitment --------
    login(page, base, "staff")
    expect(page.locator("[data-testid=programme-panel]")).to_be_visible()
    shot(page, "programme-home-staff-vi")
    page.click("[data-testid=nav-programme]")
    expect(page.locator("h1")).to_contain_text("Chương trình phối hợp")
    shot(page, "programme-overview-vi")
    page.goto(f"{base}{doet_led.get_absolute_url()}")
    page.click("[data-testid=new-milestone]")
    page.fill("input[name=title]", "Kiểm tra trung tâm học tập cộng đồng Mường La")
    page.fill("input[name=due_date]", "2031-02-01")
    page.click("[data-testid=save]")
    expect(page.locator(".invalid-feedback")).to_contain_text("thời gian của chương trình")
    expect(page.locator("input[name=title]")).to_have_value(
        "Kiểm tra trung tâm học tập cộng đồng Mường La"
    )
    shot(page, "programme-milestone-error-vi")
    page.fill("input[name=due_date]", due.isoformat())
    page.click("[data-testid=save]")
    expect(page.locator("[data-testid=milestone-timeline]")).to_contain_text("Mường La")
    shot(page, "programme-commitment-doet-vi")
    page.click("[data-testid=nav-programme]")
    card = page.locator("[data-testid=commitment-card]", has_text=doet_led.title[:40])
    expect(card.locator("[data-testid=next-due]")).to_contain_text(due.strftime("%d/%m/%Y"))
    expect(card.locator("[data-testid=next-due]")).to_contain_text("Mường La")

    # --- officer: a half-year report with two evidence files on a joint commitment ----
    _switch(page, base, "officer")
    page.goto(f"{base}{joint.get_absolute_url()}")
    page.click("[data-testid=new-report]")
    page.select_option("select[name=period]", "half_year")
    page.select_option("select[name=year]", "2028")
    page.fill("textarea[name=narrative]", "Sáu tháng đầu năm 2028: 150 tin, bài tuyên truyền.")
    page.set_input_files("input[name=files]", [str(plan), str(photo)])
    page.fill("[data-testid='value-1.1'] input[name^=value_]", "150")
    page.fill("[data-testid='value-1.2'] input[name^=numerator_]", "600")
    page.fill("[data-testid='value-1.2'] input[name^=denominator_]", "610")
    shot(page, "programme-report-form-vi")
    page.click("[data-testid=save]")
    expect(page.locator("[data-testid=evidence-list] li")).to_have_count(2)
    page.click("[data-testid=submit-report]")
    expect(page.locator("[data-testid=report-status]")).to_have_attribute(
        "data-status", "submitted"
    )
    report_url = page.url
    shot(page, "programme-report-submitted-vi")

    # --- staff returns it with a comment ------------------------------------------------
    _switch(page, base, "staff")
    page.locator("[data-testid=panel-review] a", has_text="2028").click()
    assert page.url == report_url
    page.fill("textarea[name=comment]", "Đề nghị bổ sung danh sách bài viết theo tháng.")
    page.click("[data-testid=return-report]")
    expect(page.locator("[data-testid=report-status]")).to_have_attribute("data-status", "returned")

    # --- officer corrects and resubmits ------------------------------------------------
    _switch(page, base, "officer")
    page.goto(report_url)
    expect(page.locator("[data-testid=review-comment]")).to_contain_text("theo tháng")
    shot(page, "programme-report-returned-vi")
    page.click("[data-testid=edit-report]")
    page.fill(
        "textarea[name=narrative]",
        "Sáu tháng đầu năm 2028: 152 tin, bài; danh sách theo tháng ở tệp đính kèm.",
    )
    page.fill("[data-testid='value-1.1'] input[name^=value_]", "152")
    page.check("[data-testid='value-1.1'] input[type=checkbox] >> nth=0")
    page.check("[data-testid='value-1.2'] input[type=checkbox] >> nth=0")
    page.click("[data-testid=save]")
    page.click("[data-testid=submit-report]")
    expect(page.locator("[data-testid=report-status]")).to_have_attribute(
        "data-status", "submitted"
    )

    # --- staff accepts; the report is locked --------------------------------------------
    _switch(page, base, "staff")
    page.goto(report_url)
    page.click("[data-testid=accept-report]")
    expect(page.locator("[data-testid=report-status]")).to_have_attribute("data-status", "accepted")
    expect(page.locator("[data-testid=locked]")).to_be_visible()
    expect(page.locator("[data-testid=transitions] li")).to_have_count(4)
    shot(page, "programme-report-accepted-vi")

    _switch(page, base, "officer")
    page.goto(report_url)
    expect(page.locator("[data-testid=edit-report]")).to_have_count(0)
    expect(page.locator("[data-testid=submit-report]")).to_have_count(0)
    expect(page.locator("[data-testid=correct-report]")).to_be_visible()

    # --- the same pages in English ------------------------------------------------------
    page.click("[data-testid=lang-en]")
    page.wait_for_load_state("networkidle")
    expect(page.locator("[data-testid=report-status]")).to_have_text("Accepted")
    shot(page, "programme-report-accepted-en")
    # the audit trail: who changed what, before and after
    history = page.locator("[data-testid=history]")
    history.locator("summary").click()
    expect(history.locator("tbody tr").first).to_be_visible()
    expect(history).to_contain_text("152 tin, bài")
    expect(history.locator("del").first).to_be_visible()
    history.scroll_into_view_if_needed()
    shot(page, "programme-report-history-en")
    page.goto(f"{base}{joint.get_absolute_url()}")
    expect(page.locator("[data-testid=indicator]").first).to_contain_text("Target")
    shot(page, "programme-commitment-joint-en")
    page.goto(f"{base}/programme/")
    shot(page, "programme-overview-en")
    page.goto(f"{base}/programme/target-vs-actual/?period=2025")
    expect(page.locator("[data-testid='tva-row-1.1']")).to_contain_text("161")
    shot(page, "programme-target-vs-actual-en")
    page.goto(f"{base}/programme/learning-city/")
    shot(page, "programme-learning-city-en")

    # --- phone: a principal reads the overview and a commitment -------------------------
    login(phone_page, base, "principal")
    phone_page.goto(f"{base}/programme/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone_page, "programme-overview-phone-vi")
    phone_page.goto(f"{base}{joint.get_absolute_url()}")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    expect(phone_page.locator("[data-testid=new-report]")).to_have_count(0)
    shot(phone_page, "programme-commitment-phone-vi")


def test_partner_picker_searches_the_programmes_province(page, demo_live, shot):
    """Past the picker's limit the commitment form searches partners as one types, within
    the programme's province and the central bodies (issue 18); a chosen partner stays."""
    from accounts.enums import AreaLevel, OrganisationKind
    from accounts.models import AdministrativeArea, Organisation
    from accounts.widgets import SEARCH_LIMIT

    son_la = Organisation.objects.get(code="SO-GDDT").province
    other = AdministrativeArea.objects.create(
        code="P-LC", name="Tỉnh Lai Châu", level=AreaLevel.PROVINCE
    )
    for n in range(SEARCH_LIMIT + 5):
        for area, place in ((son_la, "Sơn"), (other, "Lai")):
            Organisation.objects.create(
                kind=OrganisationKind.PEOPLES_COMMITTEE,
                code=f"UB-{place}-{n:03d}",
                name=f"Ủy ban nhân dân xã Mẫu {place} {n:03d}",
                area=area,
            )
    login(page, demo_live.url, "staff")
    page.goto(f"{demo_live.url}{_commitment('3').get_absolute_url()}edit/")
    partners = page.locator("select[name=partners]")
    box = page.locator("input[type=search][aria-controls=id_partners]")
    box.fill("Mẫu")
    expect(partners.locator("option", has_text="Mẫu Sơn 000")).to_have_count(1)
    expect(partners.locator("option", has_text="Mẫu Lai")).to_have_count(0)
    partners.select_option(label="Ủy ban nhân dân xã Mẫu Sơn 003")
    box.fill("Mẫu Sơn 05")
    expect(partners.locator("option", has_text="Mẫu Sơn 054")).to_have_count(1)
    expect(partners.locator("option:checked")).to_have_text(["Ủy ban nhân dân xã Mẫu Sơn 003"])
    shot(page, "programme-partner-search-vi")
    page.click("[data-testid=save]")
    chosen = _commitment("3").partners.values_list("name", flat=True)
    expect(page.locator("h1")).to_contain_text("3")
    assert "Ủy ban nhân dân xã Mẫu Sơn 003" in list(chosen)
