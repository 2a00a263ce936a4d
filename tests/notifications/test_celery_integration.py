"""A real Celery worker and beat against the machine's Redis and PostgreSQL (run by
`.ci/run`): the schedule fires many times for the same occasion, a worker is killed
with SIGKILL in the middle of a delivery, and every reminder is still delivered exactly
once (one e-mail message each, from a file-based backend in a temporary folder).

How the kill lands mid-delivery deterministically: the test holds an ACCESS EXCLUSIVE
lock on the preferences table, so the first worker claims a reminder (committed: the row
is ``sending``) and then blocks reading the recipient's preferences, before anything is
delivered. It is killed there, the lock is released, and a second worker takes over; the
claimed row is picked up again by a later scan once its lease (4 s here) has expired.
"""

import os
import re
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.enums import Role
from notifications.models import Notification, Reminder
from tests.factories.accounts import user_with_role
from tests.factories.programme import CommitmentFactory, MilestoneFactory

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

REMINDERS = 5
TIMEOUT = 40


def _database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _redis_url() -> str:
    # A database of its own so that other queues on the same Redis are left alone.
    parts = urlsplit(os.environ["REDIS_URL"])
    return urlunsplit(parts._replace(path="/13"))


def _wait(predicate, what: str, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_worker_and_beat_deliver_each_reminder_exactly_once(tmp_path):
    import redis

    redis.Redis.from_url(_redis_url()).flushdb()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"EMAIL_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="learnsociety.settings",
        DATABASE_URL=_database_url(),
        REDIS_URL=_redis_url(),
        EMAIL_FILE_PATH=str(mail_dir),
        REMINDER_SCAN_SECONDS="2",
        REMINDER_LEASE_SECONDS="4",
        VAR_DIR=str(tmp_path),
        DEBUG="1",
    )
    today = timezone.localdate()
    commitment = CommitmentFactory()
    for n in range(REMINDERS):
        MilestoneFactory(
            commitment=commitment,
            due_date=today + timedelta(days=3),
            owner=user_with_role(Role.DEPARTMENT_STAFF, username=f"owner{n}"),
        )

    def celery(*args, log: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "learnsociety", *args, "--loglevel", "INFO"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=open(tmp_path / log, "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )

    processes = []
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "LOCK TABLE notifications_notificationpreference IN ACCESS EXCLUSIVE MODE"
                )
            first = celery("worker", "--pool=solo", "-n", "first@%h", log="worker1.log")
            processes.append(first)
            beat = celery("beat", "--schedule", str(tmp_path / "beat-schedule"), log="beat.log")
            processes.append(beat)
            # The first worker has claimed a reminder and is stuck before delivering it:
            # kill it there.
            claimed = _wait(
                lambda: Reminder.objects.filter(state="sending").first(), "a claimed reminder"
            )
            assert Reminder.objects.count() == REMINDERS
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        assert Reminder.objects.get(pk=claimed.pk).state == "sending"
        assert list(mail_dir.iterdir()) == []

        second = celery("worker", "--pool=solo", "-n", "second@%h", log="worker2.log")
        processes.append(second)
        _wait(
            lambda: Reminder.objects.filter(state="sent").count() == REMINDERS,
            "every reminder sent",
        )
        # Let the schedule fire a few more times for the same occasion.
        scans_so_far = _scans(tmp_path)
        _wait(lambda: _scans(tmp_path) >= scans_so_far + 2, "two more scans", timeout=20)
    finally:
        for process in processes:
            _stop(process)

    files = sorted(mail_dir.iterdir())
    ids = sorted(
        int(m) for f in files for m in re.findall(r"Message-ID: <reminder-(\d+)@", f.read_text())
    )
    # Django's file backend names a file by second and object id, so two deliveries may
    # share one file: count the messages, not the files.
    assert ids == sorted(Reminder.objects.values_list("pk", flat=True))
    assert Notification.objects.count() == REMINDERS
    assert Reminder.objects.get(pk=claimed.pk).attempts == 2
    assert Reminder.objects.filter(attempts=1).count() == REMINDERS - 1
    assert _scans(tmp_path) >= 3


def _scans(folder: Path) -> int:
    return sum(
        (folder / log).read_text().count("reminders scan:")
        for log in ("worker1.log", "worker2.log")
        if (folder / log).exists()
    )
