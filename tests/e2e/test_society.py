"""The learning-society journey: the secretary of Phường Tô Hiệu's Association branch fills
the 2025 return village by village, meets a validation error and fixes it, submits; the
provincial officer returns it with a comment at a field; the secretary corrects and
submits again; the officer accepts; the staff dashboard shows the learning families share."""

from playwright.sync_api import expect

from .conftest import login

VILLAGE = {
    "households": "1000",
    "families_registered": "900",
    "families_recognised": "840",
    "citizens_registered": "2300",
    "citizens_recognised": "2150",
    "community_registered": "1",
    "community_recognised": "1",
}
COMMUNE = {
    "clans_total": "30",
    "clans_registered": "27",
    "clans_recognised": "28",  # above the registered clans: fixed after the return
    "commune_recognised": "1",
    "citizens_officials": "1200",
    "citizens_enterprise": "2000",
    "citizens_other": "5400",
    "citizens_digital_share": "75",
    "units_total": "40",
    "units_registered": "38",
    "units_recognised": "37",
}


def _switch(page, base_url: str, username: str) -> None:
    page.context.clear_cookies()
    login(page, base_url, username)


def test_society_journey(page, demo_live, shot):
    from society.models import CommuneReturn, Village

    base = demo_live.url
    ret = CommuneReturn.objects.get(round__year=2025, area__code="3646")
    villages = list(Village.objects.filter(commune=ret.area).order_by("name", "id"))

    # --- commune: fill by village, meet an error, fix it ------------------------------
    login(page, base, "commune")
    expect(page.locator("[data-testid=society-panel]")).to_be_visible()
    shot(page, "society-home-commune-vi")
    page.click("[data-testid=society-continue]")
    page.click("[data-testid=fill-villages]")
    for index, village in enumerate(villages):
        for code, value in VILLAGE.items():
            if index == 0 and code == "families_recognised":
                value = "950"  # more recognised than registered (900)
            page.fill(f"input[name=x_{village.pk}_{code}]", value)
    page.click("[data-testid=save-villages]")
    cell = page.locator(f"input[name=x_{villages[0].pk}_families_recognised]")
    expect(cell).to_have_class("form-control form-control-sm text-end is-invalid")
    expect(page.locator("[data-testid=village-1] [data-testid=issue-error]")).to_contain_text(
        "không được lớn hơn"
    )
    shot(page, "society-villages-error-vi")
    cell.fill("840")
    page.click("[data-testid=save-villages]")
    expect(page.locator("[data-testid=issue-error]").first).to_be_hidden()

    page.click("[data-testid=fill-commune]")
    expect(page.locator("input[name=v_households]")).to_have_value("4000")
    for code, value in COMMUNE.items():
        page.fill(f"input[name=v_{code}]", value)
    page.click("[data-testid=save-submit]")
    expect(
        page.locator("[data-testid=row-clans_recognised] [data-testid=issue-error]")
    ).to_be_visible()
    shot(page, "society-commune-error-vi")
    page.fill("input[name=v_clans_recognised]", "25")
    page.click("[data-testid=save-submit]")
    expect(page.locator("[data-testid=return-status]")).to_have_text("Đã nộp")
    shot(page, "society-submitted-vi")

    # --- officer: completeness, then return with a comment at a field -----------------
    _switch(page, base, "officer")
    page.goto(f"{base}/society/completeness/?year=2025")
    expect(page.locator("[data-testid=chart-completeness]")).to_be_visible()
    shot(page, "society-completeness-vi")
    page.goto(f"{base}/society/returns/{ret.pk}/review/")
    page.fill("input[name=c_clans_total]", "Số dòng họ khác số liệu của Mặt trận xã (32).")
    page.check("input[name=decision][value=return]")
    shot(page, "society-review-vi")
    page.click("[data-testid=review-save]")
    expect(page.locator("[data-testid=return-status]")).to_have_text("Trả lại để chỉnh sửa")

    # --- commune: correct and submit again ---------------------------------------------
    _switch(page, base, "commune")
    page.goto(f"{base}/society/returns/{ret.pk}/edit/")
    expect(page.locator("[data-testid=field-comment-clans_total]")).to_contain_text("32")
    shot(page, "society-returned-vi")
    page.fill("input[name=v_clans_total]", "32")
    page.click("[data-testid=save-submit]")
    expect(page.locator("[data-testid=return-status]")).to_have_text("Đã nộp")

    # --- officer: accept ------------------------------------------------------------
    _switch(page, base, "officer")
    page.goto(f"{base}/society/returns/{ret.pk}/review/")
    page.check("input[name=decision][value=accept]")
    page.click("[data-testid=review-save]")
    expect(page.locator("[data-testid=return-status]")).to_have_text("Đã chấp nhận")
    page.goto(f"{base}/society/rollup/?year=2025")
    shot(page, "society-rollup-vi")

    # --- staff: the dashboard shows the new share ---------------------------------------
    from django.core.cache import cache

    cache.clear()
    _switch(page, base, "staff")
    page.goto(f"{base}/dashboard/?year=2025")
    card = page.locator("[data-testid=card-learning_society]")
    expect(card).to_contain_text("Gia đình học tập năm 2025")
    expect(page.locator("[data-testid=value-learning_society]")).to_contain_text("%")
    card.scroll_into_view_if_needed()
    shot(page, "society-dashboard-staff-vi")
