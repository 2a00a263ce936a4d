"""Page weight and load time on a slow mountain line, measured in Chromium.

Usage: ``.venv/bin/python bench/slow_line.py [BASE_URL] [USER]`` against a running server
(``make run`` serves http://127.0.0.1:8000 with the demo data). Chromium's own network
throttling (DevTools protocol) emulates 50 KB/s both ways with 400 ms latency. For each
page the first visit starts with an empty browser cache, the repeat visit reloads it with
the cache the first visit filled. "bytes" is what crossed the line (compressed, headers
included); "usable" is DOMContentLoaded (deferred scripts run, page interactive), "load"
every image and script done.
"""

from __future__ import annotations

import os
import sys

from playwright.sync_api import sync_playwright

BASE = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000").rstrip("/")
USER = sys.argv[2] if len(sys.argv) > 2 else "principal"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LINE = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 50 * 1024,
    "uploadThroughput": 50 * 1024,
}
PAGES = ["/", "/units/", "/notifications/"]


def visit(page, cdp, url: str) -> dict:
    transferred: dict[str, float] = {}
    cdp.on(
        "Network.loadingFinished",
        lambda event: transferred.__setitem__(event["requestId"], event["encodedDataLength"]),
    )
    page.goto(url, wait_until="load")
    timing = page.evaluate(
        "(() => { const n = performance.getEntriesByType('navigation')[0];"
        " return {usable: n.domContentLoadedEventEnd, load: n.loadEventEnd}; })()"
    )
    requests = page.evaluate("performance.getEntriesByType('resource').length") + 1
    return {
        "bytes": int(sum(transferred.values())),
        "requests": requests,
        "usable": timing["usable"] / 1000,
        "load": timing["load"] / 1000,
    }


def main() -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
        page = context.new_page()
        page.goto(f"{BASE}/accounts/login/")
        page.fill("input[name=username]", USER)
        page.fill("input[name=password]", "learnsociety-demo")
        page.click("button[type=submit]")
        page.wait_for_load_state("load")
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", LINE)
        print(
            f"{'page':<18} {'visit':<7} {'bytes':>9} {'requests':>8} {'usable s':>9} {'load s':>7}"
        )
        for path in PAGES:
            cdp.send("Network.clearBrowserCache")
            for label in ("first", "repeat"):
                r = visit(page, cdp, BASE + path)
                print(
                    f"{path:<18} {label:<7} {r['bytes']:>9,} {r['requests']:>8} "
                    f"{r['usable']:>9.2f} {r['load']:>7.2f}"
                )
        browser.close()


if __name__ == "__main__":
    main()
