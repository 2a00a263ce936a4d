"""Print, as JSON, every page the benchmark measures: the two references, then every GET page
each role can open, derived from the permission matrix by ``tests/security/pages.py`` (list
pages also at their last page and with a search). Run with manage.py shell against the
benchmark's data set (bench/run.sh does); locust and report.py only read the JSON. It turns
on every switch of the public site first (the public pages are measured published).

With a generated data set, the staff and officer of a generated province (``staff_p01``,
``officer_p01``: ``PROVINCE_ACCOUNTS`` in bench/pages.py) are measured too, on their role's
pages that name no object.

Environment: BENCH_FILES=1 also lists the URLs that serve files (PDF, Word, spreadsheets),
which bench/documents.py and run.sh's export checks otherwise measure on their own.
"""

import json
import os
import sys

from django.test import Client
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from tests.security.pages import (
    Page,
    existing_objects,
    pages,
    publish_public_site,
    with_variants,
)

sys.path.insert(0, "bench")
from pages import BENCH_ROLES, PROVINCE_ACCOUNTS, REFERENCES  # noqa: E402


def names_no_object(page: Page) -> bool:
    try:
        return reverse(page.name) == page.url
    except NoReverseMatch:
        return False


# the public pages are measured as visitors see them: published
publish_public_site()
found, missing = pages(existing_objects(), BENCH_ROLES, files=os.environ.get("BENCH_FILES") == "1")
# a generated province's staff and officer (bench/pages.py), when seed_scale made them
province_accounts = {
    username: role
    for username, role in PROVINCE_ACCOUNTS.items()
    if User.objects.filter(username=username).exists()
}
clients = {}
for role in (*BENCH_ROLES, *province_accounts):
    clients[role] = Client(raise_request_exception=False)
    if role != "anonymous":
        clients[role].force_login(User.objects.get(username=role))
# their role's pages that name no object and that they open: the matrix answers for the
# demo's accounts; a generated province's staff are no party to Son La's programme, so its
# "new commitment" is a 404 for them, and rightly
for username, role in province_accounts.items():
    for page in [p for p in found if p.role == role and names_no_object(p)]:
        status = clients[username].get(page.url, HTTP_HOST="127.0.0.1").status_code
        if status == 200:
            found.append(Page(page.name, username, page.url))
        else:
            print(f"left out {page.name} ({username}): HTTP {status}", file=sys.stderr)


def html(page) -> str:
    response = clients[page.role].get(page.url, HTTP_HOST="127.0.0.1")
    if response.streaming:
        return ""
    return response.content.decode(errors="replace")


listed = [{"label": label, "role": role, "url": url} for label, (role, url) in REFERENCES.items()]
listed += [
    {"label": p.label, "role": p.role, "url": p.url, "name": p.name, "variant": p.variant}
    for p in with_variants(found, html)
]
for name, why in sorted(missing.items()):
    print(f"left out {name}: {why}", file=sys.stderr)
print(json.dumps(listed, ensure_ascii=False, indent=1))
