"""The production processes for fault tests: gunicorn and Celery in subprocesses with the
production settings, against the test's PostgreSQL database and a chosen Redis (a live
one, or a dead port to play an outage)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import requests
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def live_redis_url(db: int = 15) -> str:
    """The machine's Redis, in a database of its own (flushed by the caller)."""
    parts = urlsplit(os.environ["REDIS_URL"])
    return urlunsplit(parts._replace(path=f"/{db}"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dead_redis_url() -> str:
    """A Redis URL on a port where nothing listens (connections are refused)."""
    return f"redis://127.0.0.1:{free_port()}/0"


def environment(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"EMAIL_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="learnsociety.settings",
        DATABASE_URL=database_url(),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        VAR_DIR=str(tmp_path),
        EMAIL_FILE_PATH=str(tmp_path),
        DEBUG="1",
    )
    env.update(overrides)
    return env


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Server:
    def __init__(self, url: str):
        self.url = url


@contextmanager
def gunicorn(env: dict[str, str], log: Path, workers: int = 1):
    """A gunicorn serving the app; yields an object with ``.url`` (like ``live_server``)."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "learnsociety.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--no-control-socket",  # several servers at once must not share one
        ],
        cwd=ROOT,
        env=env,
        stdout=open(log, "w"),  # noqa: SIM115 - closed with the process
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                requests.get(url + "/health/", timeout=30)
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        else:
            raise AssertionError(f"gunicorn did not start: {log.read_text()}")
        yield Server(url)
    finally:
        stop(process)


def celery(env: dict[str, str], *args: str, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "learnsociety", *args, "--loglevel", "INFO"],
        cwd=ROOT,
        env=env,
        stdout=open(log, "w"),  # noqa: SIM115 - closed with the process
        stderr=subprocess.STDOUT,
    )


def wait_for(predicate, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")
