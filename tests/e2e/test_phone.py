"""Every role's pages on a 390 px phone, in Vietnamese and English: nothing scrolls
sideways, chart text stays readable."""

import pytest

from .conftest import login
from .phone import assert_fits

PAGES = {
    "staff": [
        "/",
        "/dashboard/report/",
        "/programme/",
        "/programme/reports/",
        "/units/cycles/",
        "/units/coverage/",
        "/units/schools/",
        "/awards/nominations/",
        "/awards/register/",
        "/awards/discipline/",
        "/awards/councils/",
        "/society/returns/",
        "/society/rollup/",
        "/dashboard/yearly-report/",
    ],
    "officer": ["/", "/awards/reviews/", "/awards/rounds/", "/notifications/"],
    "principal": ["/", "/units/", "/awards/nominations/new/", "/notifications/preferences/"],
    "reviewer": ["/", "/units/review/"],
    "commune": ["/", "/society/returns/"],
    "admin": [
        "/notifications/outbox/",
        "/dashboard/public-pages/",
        "/accounts/document-templates/",
    ],
}


@pytest.fixture
def phone390(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_page_scrolls_sideways_at_390_px(phone390, demo_live, shot, lang):
    from accounts.models import User

    User.objects.update(language=lang)
    page = phone390
    for username, urls in PAGES.items():
        page.context.clear_cookies()
        login(page, demo_live.url, username)
        for url in urls:
            response = page.goto(demo_live.url + url)
            assert (url, response.status) == (url, 200)
            assert page.locator("html").get_attribute("lang") == lang
            assert_fits(page, f"{username} {url} {lang}")
        shot(page, f"phone-{username}-{lang}")
