import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

import pytest
from django.core.cache import caches
from django.db import connection

from accounts.enums import Role
from tests.factories.accounts import user_with_role

ROOT = Path(__file__).resolve().parents[2]


def test_cache_with_redis_unreachable_acts_as_a_miss_instead_of_failing(settings):
    settings.CACHES = {
        "dead": {
            "BACKEND": "learnsociety.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    cache = caches.create_connection("dead")
    assert cache.get("figure", "fallback") == "fallback"
    assert cache.get("figure") is None
    assert cache.set("figure", 42) is None
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("figure", 1) is False


@pytest.mark.django_db
def test_pages_keep_serving_with_the_broker_down(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    client.force_login(user_with_role(Role.DEPARTMENT_STAFF))
    assert client.get("/").status_code == 200
    health = client.get("/health/")
    assert health.status_code == 200
    assert json.loads(health.content)["broker"] == "down"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_next_request_succeeds_after_postgres_drops_the_connections():
    """As after a PostgreSQL restart: every server-side session of a running gunicorn is
    killed; CONN_HEALTH_CHECKS makes its next request reconnect instead of failing."""
    db = connection.settings_dict
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "learnsociety.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "DEBUG": "1",
    }
    env.pop("REDIS_URL", None)
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "learnsociety.wsgi",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/health/"
    try:
        for _ in range(100):
            try:
                first = urlopen(url, timeout=5)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start")
        assert json.loads(first.read())["database"] == "ok"
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            assert cursor.fetchone()[0] == 1  # the worker's kept-alive connection
        for _ in range(3):
            response = urlopen(url, timeout=10)
            assert response.status == 200
            assert json.loads(response.read())["database"] == "ok"
    finally:
        server.terminate()
        server.wait(timeout=10)
