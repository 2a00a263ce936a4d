"""No page links a role to a page that refuses it (issue 16, point 7): every demo account
follows the links of the pages it can reach, breadth first from its home, and none answers
403, 404 or a server error. Downloads (PDF, DOCX, Excel, CSV exports) are left out: their
permission is the page's that links them, tested elsewhere."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ROLES = ("admin", "staff", "officer", "principal", "reviewer", "commune", "officer2", "staff2")
PAGES_PER_ROLE = 70
HREF = re.compile(r'href="([^"#][^"]*)"')
SKIP = re.compile(
    r"^/(static|media|admin|i18n|accounts/logout|accounts/password)"
    r"|\.(pdf|docx|xlsx|csv|zip|png|jpe?g)(\?|$)|[?&](format|export)="
    r"|/(export|download|file|scan|certificates\.pdf)\b"
)


def _links(html: str) -> list[str]:
    found = []
    for href in HREF.findall(html):
        href = urldefrag(href.replace("&amp;", "&"))[0]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/") or SKIP.search(href):
            continue
        found.append(href)
    return found


@pytest.mark.parametrize("username", ROLES)
def test_every_link_a_role_sees_opens_for_it(demo, username):
    client = Client()
    client.force_login(demo[username])
    seen = {"/"}
    queue = deque([("/", "(home)")])
    broken = []
    visited = 0
    while queue and visited < PAGES_PER_ROLE:
        url, source = queue.popleft()
        response = client.get(url)
        visited += 1
        if response.status_code in (403, 404) or response.status_code >= 500:
            broken.append((url, response.status_code, source))
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for link in _links(response.content.decode()):
            # One page of each list is enough: pages and filters repeat the same links.
            key = link.split("?")[0] if "page=" in link or "?" in link else link
            if key in seen:
                continue
            seen.add(key)
            queue.append((link, url))
    assert visited > 10
    assert broken == [], "\n".join(f"{u} {s} from {src}" for u, s, src in broken)
