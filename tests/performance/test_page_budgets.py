"""Query budgets of every page of the permission matrix, generated: each role that may open
a page (a 200 cell of ``tests/security/matrix.py``) runs the same number of queries on it
with a generated data set of 12 and of 48 schools (``seed_scale`` on top of the demo
province, as in test_query_budgets.py), list pages also at their last page and with a
search (``tests/security/pages.py``). A new URL is covered as soon as it has its matrix row.

Both sizes are measured in one test, each inside a savepoint rolled back afterwards, so
that the demo province and the ``world`` objects are loaded once. The literal budgets of
the main pages stay in test_query_budgets.py.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.security.conftest import media_root, world  # noqa: F401 (fixtures)
from tests.security.matrix import MATRIX, PUBLISHED
from tests.security.pages import FILE_URLS, Page, pages, publish_public_site, variants

from .conftest import _Null

pytestmark = pytest.mark.django_db

SIZES = (12, 48)

# Pages whose number of queries legitimately depends on the data size: {URL name: why}.
GROWS: dict[str, str] = {
    "awards:council-detail": "the person and organisation pickers list every choice while "
    "there are few (one query more) and switch to search-as-you-type past SEARCH_LIMIT: "
    "bounded, not a query per row",
}


def _measure(clients, page: Page, wrong: list[str]) -> tuple[int, str]:
    """(queries, HTML) of one request; a page that is not HTML or JSON goes to ``wrong``."""
    # the log keeps the last 9,000 queries only: past that, CaptureQueriesContext miscounts
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = clients[page.role].get(page.url)
    kind = response.get("Content-Type", "").split(";")[0]
    if response.status_code != 200 or kind not in ("text/html", "application/json"):
        wrong.append(f"{page.label} {page.url}: {response.status_code} {kind}")
    return len(ctx.captured_queries), response.content.decode(errors="replace")


def _counts(world, size: int, listed: list[Page] | None) -> dict[Page, int]:  # noqa: F811
    """{page: queries} at ``size`` schools for ``listed``, or for every matrix page and its
    variants (last page, search) as this data set shows them, each measured right after
    the page that shows it."""
    clients = world["clients"]
    call_command("seed_scale", schools=size, years=2, verbosity=0, stdout=_Null())
    if listed is None:
        found, missing = pages(world["objects"])
        assert missing == {}
        # Warm what a process keeps whatever the data (content types, templates): one
        # request per URL, so that the first size is not measured in a colder process.
        warmed = set()
        for page in found:
            if page.name not in warmed:
                warmed.add(page.name)
                clients[page.role].get(page.url)
    # Both sizes are measured from an empty cache, in the same order: the figures a page
    # caches are computed within the measured requests, so their queries count too.
    cache.clear()
    counts: dict[Page, int] = {}
    wrong: list[str] = []
    if listed is None:
        for page in found:
            counts[page], html = _measure(clients, page, wrong)
            for variant in variants(page, html):
                counts[variant], _html = _measure(clients, variant, wrong)
    else:
        for page in listed:
            counts[page], _html = _measure(clients, page, wrong)
    assert not wrong, "not an HTML or JSON page (name it in FILE_URLS if it serves a file):\n" + (
        "\n".join(wrong)
    )
    return counts


def test_file_urls_and_published_rows_are_matrix_rows():
    assert (FILE_URLS - set(MATRIX), set(PUBLISHED) - set(MATRIX)) == (set(), set())


def test_every_matrix_page_runs_as_many_queries_at_both_sizes(
    world,  # noqa: F811
    settings,
):
    settings.LANGUAGE_CODE = "en"
    publish_public_site()
    by_size: dict[int, dict[Page, int]] = {}
    listed = None
    # the larger data set first: its lists have the most pages, and the smaller one is
    # asked for the same URLs (a page past the end shows the last one)
    for size in sorted(SIZES, reverse=True):
        with transaction.atomic():
            by_size[size] = _counts(world, size, listed)
            listed = list(by_size[size])
            transaction.set_rollback(True)
    small, large = (by_size[size] for size in SIZES)
    differ = {
        page.label: (small.get(page), large.get(page))
        for page in sorted(set(small) | set(large), key=lambda p: p.label)
        if small.get(page) != large.get(page) and page.name not in GROWS
    }
    assert differ == {}


def test_pages_named_as_growing_are_matrix_rows():
    assert set(GROWS) - set(MATRIX) == set()
