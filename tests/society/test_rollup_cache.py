"""The roll-up page reads a cached roll-up (issue 18) that always equals a direct recount:
after an acceptance, a reopening, a deleted return and a change of the round's map date."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from society import cached, selectors, services
from society.models import CommuneReturn

from .conftest import GOOD, accepted

pytestmark = pytest.mark.django_db

URL = "/society/rollup/?year=2025"


def _page(client) -> tuple[dict, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return response.context["data"], [q["sql"] for q in queries]


def _same(shown: dict, user) -> None:
    direct = selectors.rollup(2025, user)
    assert shown["total"] == direct["total"]
    # the page adds each province's change since last year to its rows
    rows = [{k: v for k, v in row.items() if k != "changes"} for row in shown["provinces"]]
    assert rows == direct["provinces"]


def test_the_cached_rollup_follows_every_write(world, clients):
    officer = world["users"]["officer"]
    client = clients["officer"]
    first = accepted(world, world["a"], GOOD)
    shown, _sql = _page(client)
    _same(shown, officer)
    assert shown["total"]["returns"] == 1
    # a second view adds nothing up: the roll-up comes from the cache
    shown, sql = _page(client)
    assert not [q for q in sql if "society_returnvalue" in q and "SUM(" in q]

    # accepted
    accepted(world, world["b"], {**GOOD, "families_recognised": 100})
    shown, _sql = _page(client)
    _same(shown, officer)
    assert shown["total"]["returns"] == 2

    # reopened for a correction: it leaves the roll-up
    services.return_reopen(by=officer, ret=first, reason="Sai số hộ gia đình")
    shown, _sql = _page(client)
    _same(shown, officer)
    assert shown["total"]["returns"] == 1

    # a return deleted
    CommuneReturn.objects.filter(area=world["b"]).get().delete()
    shown, _sql = _page(client)
    _same(shown, officer)
    assert shown["total"] is None

    # the round's map date moved before the communes existed: none of them counts
    accepted(world, world["b"], GOOD)
    assert _page(client)[0]["total"]["returns"] == 1
    world["round"].map_date = date(2020, 1, 1)
    world["round"].save()
    shown, _sql = _page(client)
    _same(shown, officer)


def test_a_secretarys_rollup_is_read_live_and_the_cache_is_per_province_scope(world):
    accepted(world, world["a"], GOOD)
    accepted(world, world["c"], GOOD, by=world["users"]["sec_c"])
    users = world["users"]
    assert cached.rollup(2025, users["officer"])["total"]["returns"] == 1
    assert cached.rollup(2025, users["officer2"])["total"]["returns"] == 1
    assert cached.rollup(2025, users["sec_a"]) == selectors.rollup(2025, users["sec_a"])
    assert [r["province"] for r in cached.rollup(2025, users["officer2"])["provinces"]] == [
        "Tỉnh Khác"
    ]


def test_the_generation_is_renewed_again_when_the_acceptance_commits(
    world, django_capture_on_commit_callbacks
):
    """Another process may add up the returns between the write and its commit, without
    the write, and cache that under the new generation: the commit renews it again."""
    from learnsociety.cache import generation

    with django_capture_on_commit_callbacks(execute=True):
        accepted(world, world["a"], GOOD)
        during = generation(cached.NAMESPACE)
    assert generation(cached.NAMESPACE) != during


def test_an_officer_who_is_also_a_secretary_elsewhere_leaves_the_provinces_entry_alone(world):
    """A cached entry holds its key's provinces only: an officer of one province who is
    also a commune's secretary in another reads their own mix live, and the province's
    other officers never see that commune."""
    from accounts.enums import Role
    from accounts.models import Membership

    from .conftest import branch

    accepted(world, world["a"], GOOD)
    accepted(world, world["c"], GOOD, by=world["users"]["sec_c"])
    mixed = world["users"]["officer2"]  # the other province's officer
    Membership.objects.create(
        user=mixed, organisation=branch(world["a"]), role=Role.COMMUNE_SECRETARY
    )
    mixed = type(mixed).objects.get(pk=mixed.pk)  # memberships are memoised per user object
    assert cached.rollup(2025, mixed) == selectors.rollup(2025, mixed)
    assert cached.rollup(2025, mixed)["total"]["returns"] == 2
    officer = world["users"]["officer"]
    assert cached.rollup(2025, officer)["total"]["returns"] == 1
    other = world["users"]["staff"]  # no commune: the cached entry of its province
    assert cached.rollup(2025, other) == cached.rollup(2025, officer)
