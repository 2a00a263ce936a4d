"""Browser tests: Python Playwright driving Debian's Chromium against a live server.

`playwright install` is never needed (nor possible here): we launch /usr/bin/chromium.
Without Chromium the tests are skipped locally; in CI (CI=true) they fail instead.
"""

import os
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class OneRequestAtATime(ThreadedWSGIServer):
    """The live server keeps Chromium's parallel connections (threads) but runs one request
    at a time, body included: on in-memory SQLite every thread shares the test's single
    connection, and two requests at once (an autosave beside an htmx preview) would open a
    transaction inside another's."""

    def set_app(self, application):
        lock = threading.Lock()

        def serial(environ, start_response):
            with lock:
                result = application(environ, start_response)
                try:
                    return list(result)
                finally:
                    close = getattr(result, "close", None)
                    if close is not None:
                        close()

        super().set_app(serial)


LiveServerThread.server_class = OneRequestAtATime


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright

        manager = sync_playwright().start()
        browser = manager.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
    except Exception as exc:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"Chromium could not start in CI: {exc}")
        pytest.skip(f"Chromium not available: {exc}")
    yield browser
    browser.close()
    manager.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="vi-VN", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def shot():
    """Save a full-page screenshot under tests/e2e/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def demo_live(transactional_db, live_server):
    from django.core.management import call_command

    call_command("load_demo", "--force", verbosity=0)
    # figures cached by an earlier test describe another database
    from django.core.cache import cache

    cache.clear()
    return live_server


def login(page, base_url: str, username: str, password: str = "learnsociety-demo") -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
