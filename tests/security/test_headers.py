"""ASVS V3 (web frontend) and V7 (sessions): headers, cookies, session expiry, password
rules and lockout. `check --deploy` itself runs in tests/accounts/test_settings.py; here
the production values it relies on are read back from a production-configured process."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def csp_of(response) -> dict:
    parts = (p.strip().split(" ", 1) for p in response["Content-Security-Policy"].split(";"))
    return {p[0]: p[1] for p in parts}


def test_production_settings_secure_cookies_hsts_and_https(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": "k9$Qw2!vX7@pL4#zR8^mN1&bT6*yH3(cJ5)fG0-dS2+aE9=uW7_iO4",
            "ALLOWED_HOSTS": "example.org",
            "SITE_URL": "https://example.org",
            "VAR_DIR": str(tmp_path),
        }
    )
    names = [
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "LANGUAGE_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "X_FRAME_OPTIONS",
        "SESSION_COOKIE_AGE",
        "DEBUG",
    ]
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = subprocess.run(  # noqa: S603 - fixed argv, our own manage.py
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "LANGUAGE_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        "SESSION_COOKIE_AGE": 7200,
        "DEBUG": False,
    }


@pytest.mark.parametrize("path", ["/accounts/login/", "/health/", "/honours/"])
def test_public_pages_send_strict_headers(client, honours_published, path):
    response = client.get(path)
    assert response.status_code == 200
    assert csp_of(response) == CSP
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_logged_in_pages_send_the_same_csp(client, db):
    from tests.factories.accounts import UserFactory

    client.force_login(UserFactory())
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert csp_of(response) == CSP
    assert response["X-Frame-Options"] == "DENY"


def test_hsts_and_secure_http_only_session_cookie_over_https(client, db, settings):
    from tests.factories.accounts import UserFactory

    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    UserFactory(username="lan", password="correct-horse-battery")

    response = client.post(
        reverse("accounts:login"),
        {"username": "lan", "password": "correct-horse-battery"},
        secure=True,
    )

    assert response.status_code == 302
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert (cookie["secure"], cookie["httponly"], cookie["samesite"]) == (True, True, "Lax")
    assert cookie["max-age"] == 7200


def test_session_expires_after_two_idle_hours(client, db):
    from tests.factories.accounts import UserFactory

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        UserFactory(username="lan", password="correct-horse-battery")
        client.post(
            reverse("accounts:login"), {"username": "lan", "password": "correct-horse-battery"}
        )
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=119), tick=False):
        assert client.get(reverse("home")).status_code == 200  # activity slides the expiry
    with time_machine.travel(start + dt.timedelta(minutes=119 + 121), tick=False):
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "password",
    ["short1!", "password123", "12345678901234", "lan.nguyen.thi"],
)
def test_weak_passwords_are_refused(db, password):
    from tests.factories.accounts import UserFactory

    user = UserFactory(username="lan.nguyen.thi", first_name="Lan", email="lan@example.org")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_strong_password_is_accepted(db):
    from tests.factories.accounts import UserFactory

    validate_password("Mây-trắng-bay-qua-Sơn-La-2026", UserFactory())


def test_lockout_after_five_failures_even_with_the_right_password(client, db, settings):
    from tests.factories.accounts import UserFactory

    UserFactory(username="lan", password="correct-horse-battery")
    login = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(login, {"username": "lan", "password": "wrong-password"})
    response = client.post(login, {"username": "lan", "password": "correct-horse-battery"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert settings.AXES_FAILURE_LIMIT == 5
