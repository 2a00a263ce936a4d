"""The dashboard in the browser: role homes of staff, officer, principal and reviewer in
Vietnamese and English (charts drawn, tables behind them), the year/area filter, the
annual report, and the public pages on a phone."""

from playwright.sync_api import expect

from .conftest import login

USERS = ("staff", "officer", "principal", "reviewer")


def _as(page, base: str, username: str, lang: str) -> None:
    page.context.clear_cookies()
    login(page, base, username)
    if lang == "en":
        page.click("[data-testid=lang-en]")
        page.wait_for_load_state("networkidle")


def _charts_drawn(page) -> None:
    # the many-area chart is a list of HTML bars on screen (names wrap on a phone)
    charts = page.locator("svg.dash-chart, ul.hbar-list")
    assert charts.count() >= 4
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box
        assert box["width"] > 200
        assert box["height"] > 60
    assert page.locator("svg.indicator-chart").count() >= 1


def test_role_homes_in_both_languages(page, demo_live, shot):
    from accounts.models import User

    base = demo_live.url
    for lang in ("vi", "en"):
        User.objects.update(language="vi")
        for username in USERS:
            _as(page, base, username, lang)
            panel = page.locator("[data-testid=dashboard-panel]")
            if username in ("staff", "officer"):
                expect(panel).to_be_visible()
                _charts_drawn(page)
                expect(page.locator("[data-testid=needs-attention]")).to_be_visible()
            else:
                expect(panel).to_have_count(0)
            if username == "reviewer":
                expect(page.locator("[data-testid=reviewer-oldest]")).to_be_visible()
            shot(page, f"dashboard-home-{username}-{lang}")


def test_filters_table_alternative_and_report(page, phone_page, demo_live, shot):
    base = demo_live.url
    _as(page, base, "staff", "vi")
    value = page.locator("[data-testid=value-learning_units]").inner_text()
    # Choosing an area applies at once (static/js/app.js) and every figure follows.
    page.select_option("#dash-area", label="Phường Tô Hiệu")
    page.wait_for_url("**area=*")
    expect(page.locator("#dash-area option:checked")).to_have_text("Phường Tô Hiệu")
    assert page.locator("[data-testid=value-learning_units]").inner_text() != value
    shot(page, "dashboard-area-filter-vi")
    # Each chart has its figures as a table.
    page.click("[data-bs-target='#table-p-coverage-area']")
    expect(page.locator("[data-testid=chart-table-coverage-area]")).to_be_visible()
    shot(page, "dashboard-chart-table-vi")

    page.goto(f"{base}/dashboard/report/?lang=en")
    expect(page.locator("[data-testid=report-summary]")).to_be_visible()
    assert page.locator("svg.dash-chart, ul.hbar-list").count() >= 4
    shot(page, "dashboard-report-en")

    login(phone_page, base, "staff")
    expect(phone_page.locator("[data-testid=dashboard-panel]")).to_be_visible()
    shot(phone_page, "dashboard-home-staff-phone-vi")


def test_public_pages_on_a_phone(phone_page, demo_live, shot):
    from dashboard.models import PublicSite

    site = PublicSite.load()
    site.show_progress = site.show_learning_units = True
    site.show_honours = site.show_verification = True
    site.save()
    base = demo_live.url
    phone_page.goto(f"{base}/public/")
    expect(phone_page.locator("[data-testid=public-verify-form]")).to_be_visible()
    shot(phone_page, "dashboard-public-index-phone-vi")
    phone_page.fill("#pub-code", "LU-UNKNOWN")
    phone_page.click("[data-testid=public-verify-form] button")
    phone_page.wait_for_url("**/verify/LU-UNKNOWN/")
    phone_page.goto(f"{base}/public/progress/")
    assert phone_page.locator("svg.dash-chart").count() >= 2
    shot(phone_page, "dashboard-public-progress-phone-vi")
    phone_page.goto(f"{base}/public/learning-units/")
    expect(phone_page.locator("[data-testid=public-units-table]")).to_be_visible()
    shot(phone_page, "dashboard-public-units-phone-vi")
