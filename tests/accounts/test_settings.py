import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from learnsociety.envconf import env_bool, env_int, env_list, env_url

ROOT = Path(__file__).resolve().parents[2]


def test_env_bool_accepts_the_usual_spellings(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "0")
    assert env_bool("X_FLAG", True) is False
    monkeypatch.delenv("X_FLAG")
    assert env_bool("X_FLAG", True) is True


def test_env_bool_malformed_value_is_an_error_naming_the_variable(monkeypatch):
    monkeypatch.setenv("X_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG='ture' is not a boolean"):
        env_bool("X_FLAG", False)


def test_env_int_and_list_reject_malformed_values(monkeypatch):
    monkeypatch.setenv("X_NUM", "12a")
    with pytest.raises(ImproperlyConfigured, match="X_NUM"):
        env_int("X_NUM", 1)
    monkeypatch.setenv("X_HOSTS", "a.org,,b.org")
    with pytest.raises(ImproperlyConfigured, match="X_HOSTS"):
        env_list("X_HOSTS", [])
    monkeypatch.setenv("X_HOSTS", "a.org, b.org")
    assert env_list("X_HOSTS", []) == ["a.org", "b.org"]


def test_env_url_rejects_unknown_scheme(monkeypatch):
    monkeypatch.setenv("X_DB", "mysql://root@localhost/db")
    with pytest.raises(ImproperlyConfigured, match="X_DB"):
        env_url("X_DB", ("postgres",))


def _run_manage(env_overrides: dict, *args: str) -> subprocess.CompletedProcess:
    dropped = {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_startup_stops_on_malformed_debug_naming_the_variable(tmp_path):
    result = _run_manage({"DEBUG": "maybe", "VAR_DIR": str(tmp_path)}, "check")
    assert result.returncode == 1
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_startup_refuses_production_without_real_secret_key(tmp_path):
    result = _run_manage(
        {"DEBUG": "0", "ALLOWED_HOSTS": "example.org", "VAR_DIR": str(tmp_path)}, "check"
    )
    assert result.returncode == 1
    assert "SECRET_KEY must be set" in result.stderr


def test_startup_refuses_production_without_site_url(tmp_path):
    result = _run_manage(
        {
            "DEBUG": "0",
            "SECRET_KEY": "k9$Qw2!vX7@pL4#zR8^mN1&bT6*yH3(cJ5)fG0-dS2+aE9=uW7_iO4",
            "ALLOWED_HOSTS": "example.org",
            "VAR_DIR": str(tmp_path),
        },
        "check",
    )
    assert result.returncode == 1
    assert "SITE_URL must be set when DEBUG is off" in result.stderr


def test_check_deploy_is_clean_with_documented_production_variables(tmp_path):
    result = _run_manage(
        {
            "DEBUG": "0",
            "SECRET_KEY": "k9$Qw2!vX7@pL4#zR8^mN1&bT6*yH3(cJ5)fG0-dS2+aE9=uW7_iO4",
            "ALLOWED_HOSTS": "example.org",
            "SITE_URL": "https://example.org",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "VAR_DIR": str(tmp_path),
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
