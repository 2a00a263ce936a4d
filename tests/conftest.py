import os

import pytest
from django.conf import settings


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` need real PostgreSQL and ``redis`` a real broker; without
    them they are deselected (not skipped): `.ci/run` runs the suite again with both."""
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    has_redis = bool(os.environ.get("REDIS_URL"))
    keep, drop = [], []
    for item in items:
        if ("postgres" in item.keywords and not on_postgres) or (
            "redis" in item.keywords and not has_redis
        ):
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(autouse=True)
def _english_off_by_default(settings):
    # Tests see the product as users do: Vietnamese unless they switch.
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture
def demo(db):
    """The demo province loaded through the real command (copied from its first run in this
    process when nothing differs: tests/demo_snapshot.py)."""
    from tests.demo_snapshot import load_demo

    load_demo()
    from accounts.models import User

    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def honours_published(db):
    """The honour roll published by an administrator (it answers 404 until then)."""
    from dashboard.models import PublicSite

    site = PublicSite.load()
    site.show_honours = True
    site.save()
    return site


@pytest.fixture(autouse=True)
def _services_start_up():
    """Each test starts with the cache and the broker taken as reachable (a fault test's
    back-off must not leak into the next test) and an empty cache (with REDIS_URL set the
    cache outlives the test's database: figures another test cached would be read)."""
    from django.core.cache import cache as default_cache

    from learnsociety import cache, tasks

    cache._down_until.clear()
    tasks.mark_broker_up()
    default_cache.clear()
    return
