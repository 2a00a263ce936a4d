"""Lighthouse accessibility scores of each role's home, the self-assessment, the review,
the nomination form and the public pages, against a running server with the demo data.

Usage (by hand; Lighthouse is a Node tool, not a dependency of the app):

    npm i -E --prefix /tmp/lh lighthouse@12.2.3      # 12.x runs on this machine's Node
    .venv/bin/python bench/lighthouse_a11y.py [BASE_URL] [vi|en]

Each page is opened by Debian's Chromium (``CHROME_PATH``), logged in as its demo account
(the session cookie goes in the request headers), in the language given; the public pages
must be published (``/dashboard/public-pages/``). Prints the score and the failed audits.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request

BASE = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000").rstrip("/")
LANG = sys.argv[2] if len(sys.argv) > 2 else "vi"
LIGHTHOUSE = os.environ.get("LIGHTHOUSE", "/tmp/lh/node_modules/.bin/lighthouse")
PAGES = {
    "principal": ["/", "/units/", "/awards/nominations/new/"],
    "staff": ["/"],
    "officer": ["/", "/awards/reviews/"],
    "reviewer": ["/", "/units/review/"],
    "": [
        "/public/",
        "/public/progress/",
        "/public/learning-units/",
        "/public/verify/",
        "/honours/",
    ],
}


def session_cookie(username: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{BASE}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"username": username, "password": "learnsociety-demo", "csrfmiddlewaretoken": token}
    opener.open(
        urllib.request.Request(
            f"{BASE}/accounts/login/",
            data=urllib.parse.urlencode(form).encode(),
            headers={"Referer": f"{BASE}/accounts/login/"},
        )
    )
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def score(url: str, cookie: str) -> tuple[int, list[str]]:
    headers = {"Cookie": "; ".join(filter(None, [cookie, f"django_language={LANG}"]))}
    out = subprocess.run(
        [
            LIGHTHOUSE,
            url,
            "--only-categories=accessibility",
            "--output=json",
            "--quiet",
            "--chrome-flags=--headless --no-sandbox --disable-gpu",
            "--extra-headers",
            json.dumps(headers),
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
    )
    report = json.loads(out.stdout)
    failed = [
        name
        for name, audit in report["audits"].items()
        if audit.get("score") == 0 and audit.get("scoreDisplayMode") == "binary"
    ]
    return round(report["categories"]["accessibility"]["score"] * 100), failed


def main() -> None:
    for username, urls in PAGES.items():
        cookie = session_cookie(username) if username else ""
        for url in urls:
            value, failed = score(BASE + url, cookie)
            print(f"{LANG} {username or 'public':10} {url:40} {value:4} {' '.join(failed)}")


if __name__ == "__main__":
    main()
