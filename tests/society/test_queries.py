"""N+1 guards: the completeness page, the roll-up and the lists answer with the same number
of queries for one commune and for many (two sizes)."""

from __future__ import annotations

import pytest

from .conftest import GOOD, accepted, branch, commune_area

pytestmark = pytest.mark.django_db


@pytest.fixture
def grow(world):
    made = {"n": 0}

    def add(n: int) -> None:
        for _i in range(n):
            made["n"] += 1
            area = commune_area(world["province"], f"Xã Số {made['n']}", f"N{made['n']}")
            branch(area)
            accepted(world, area, GOOD)
            # and one in the other province, for the nation's roll-up
            other = commune_area(world["other_province"], f"Xã Khác {made['n']}", f"K{made['n']}")
            accepted(world, other, GOOD)

    return add


PAGES = [
    # (user, url, queries)
    ("officer", "/society/completeness/?year=2025", 17),
    ("officer", "/society/rollup/?year=2025", 23),
    ("officer", "/society/returns/?year=2025", 12),
    ("staff", "/society/completeness/?year=2025", 17),
]


@pytest.mark.parametrize(("who", "url", "queries"), PAGES)
def test_pages_have_constant_query_counts(
    clients, grow, django_assert_num_queries, who, url, queries
):
    from django.core.cache import cache

    grow(1)
    clients[who].get(url)  # warm caches (content types, sessions)
    cache.clear()  # the roll-up computed, not read from the cache
    with django_assert_num_queries(queries):
        assert clients[who].get(url).status_code == 200
    grow(6)
    cache.clear()
    with django_assert_num_queries(queries):
        assert clients[who].get(url).status_code == 200


def test_completeness_summary_counts_every_commune(world, grow):
    from society import selectors

    grow(7)
    summary = selectors.completeness_summary(world["round"], world["users"]["officer"])
    assert (
        summary["communes"],
        summary["totals"]["accepted"],
        summary["totals"]["not_started"],
    ) == (
        9,
        7,
        2,
    )
    assert [r["counts"]["accepted"] for r in summary["by_province"]] == [7]


def test_national_rollup_has_constant_query_counts(world, grow, django_assert_num_queries):
    from society import selectors

    grow(1)
    with django_assert_num_queries(4):
        small = selectors.rollup(2025)
    grow(6)
    with django_assert_num_queries(4):
        big = selectors.rollup(2025)
    assert (len(small["provinces"]), small["total"]["returns"]) == (2, 2)
    assert (len(big["provinces"]), big["total"]["returns"]) == (2, 14)
