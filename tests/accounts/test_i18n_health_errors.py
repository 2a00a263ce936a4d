import json
import os

import pytest

from accounts.enums import Role
from tests.factories.accounts import user_with_role

pytestmark = pytest.mark.django_db


def test_language_switch_persists_on_the_account(client):
    user = user_with_role(Role.DEPARTMENT_STAFF, full_name="Lê Hoa")
    client.force_login(user)
    assert "Xin chào, Lê Hoa" in client.get("/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response["Location"] == "/"
    user.refresh_from_db()
    assert user.language == "en"
    body = client.get("/").content.decode()
    assert "Welcome, Lê Hoa" in body
    assert '<html lang="en">' in body
    # Another browser (no cookie) still gets English: the choice is on the account.
    client.cookies.clear()
    client.force_login(user)
    assert "Welcome, Lê Hoa" in client.get("/").content.decode()


def test_language_switch_works_before_login(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert "Log in" in client.get("/accounts/login/").content.decode()


def test_health_reports_database_and_broker(client, settings):
    # Embedded mode runs tasks eagerly; with REDIS_URL (CI's second run) the broker answers.
    expected_broker, expected_cache = "eager", "local"
    if os.environ.get("REDIS_URL"):
        settings.CELERY_TASK_ALWAYS_EAGER = False
        expected_broker = expected_cache = "ok"
    response = client.get("/health/")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "database": "ok",
        "broker": expected_broker,
        "cache": expected_cache,
        "deferred_tasks": 0,
    }
    head = client.head("/health/")
    assert (head.status_code, head.content) == (200, b"")


def test_health_reports_broker_down_when_redis_unreachable(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/health/")
    assert response.status_code == 200
    assert json.loads(response.content)["broker"] == "down"


def test_health_is_503_when_database_is_down(client, monkeypatch):
    from learnsociety import views

    monkeypatch.setattr(views.connection, "cursor", _broken_cursor)
    response = client.get("/health/")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "down"


def _broken_cursor(*args, **kwargs):
    from django.db import OperationalError

    raise OperationalError("connection refused")


def test_unknown_url_gets_translated_404_in_site_layout(client, settings):
    settings.DEBUG = False
    user = user_with_role(Role.PRINCIPAL)
    client.force_login(user)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang" in body
    assert "navbar" in body
    assert "Traceback" not in body


def test_server_error_page_is_plain_and_leaks_nothing(client, settings):
    settings.DEBUG = False
    from learnsociety.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "Server error" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_security_headers_are_sent(client):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
