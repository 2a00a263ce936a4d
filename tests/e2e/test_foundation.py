import pytest

from .conftest import login

DEMO = {
    "admin": "Quản trị viên",
    "staff": "Cán bộ Sở",
    "officer": "Cán bộ Hội Khuyến học",
    "principal": "Hiệu trưởng",
    "principal2": "Hiệu trưởng",
    "reviewer": "Cán bộ thẩm định theo cấp quản lý",
}
ROLE_EN = {
    "admin": "Administrator",
    "staff": "Department staff",
    "officer": "Association officer",
    "principal": "Principal",
    "principal2": "Principal",
    "reviewer": "Tier reviewer",
}


@pytest.mark.parametrize("username", list(DEMO))
def test_demo_account_sees_home_in_vietnamese_then_english(page, demo_live, shot, username):
    login(page, demo_live.url, username)
    assert page.url == f"{demo_live.url}/"
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text().startswith("Xin chào")
    assert DEMO[username] in page.locator("[data-testid=user-role]").inner_text()
    shot(page, f"foundation-home-{username}-vi")

    page.click("[data-testid=lang-en]")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text().startswith("Welcome")
    assert ROLE_EN[username] in page.locator("[data-testid=user-role]").inner_text()
    shot(page, f"foundation-home-{username}-en")

    # The choice persists: a new page load is still in English.
    page.goto(f"{demo_live.url}/accounts/profile/")
    assert page.locator("html").get_attribute("lang") == "en"


def test_phone_layout_and_login_errors(phone_page, demo_live, shot):
    page = phone_page
    page.goto(f"{demo_live.url}/accounts/login/")
    page.fill("input[name=username]", "principal")
    page.fill("input[name=password]", "wrong-password")
    page.click("button[type=submit]")
    assert "Vui lòng nhập chính xác" in page.locator(".alert-danger").inner_text()
    assert page.input_value("input[name=username]") == "principal"
    shot(page, "foundation-login-error-phone")
    login(page, demo_live.url, "principal")
    # No horizontal scrolling on a 360-pixel-wide screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    page.click(".navbar-toggler")
    page.wait_for_timeout(400)
    shot(page, "foundation-home-principal-phone")
    assert page.locator("#mainnav").is_visible()
