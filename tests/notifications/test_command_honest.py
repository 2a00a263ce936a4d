"""`send_reminders` says what happened: with the broker on a dead port nothing is queued
and it says so (it printed "13 queued"); once the broker answers, the next run queues
the reminders that waited. Production settings in a subprocess, PostgreSQL and Redis."""

import subprocess
import sys
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.utils import timezone

from accounts.enums import Role
from notifications.models import Reminder
from tests.factories.accounts import user_with_role
from tests.factories.programme import CommitmentFactory, MilestoneFactory
from tests.live_stack import dead_redis_url, environment, live_redis_url

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _send_reminders(env) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "send_reminders"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_send_reminders_is_honest_when_the_broker_is_down(tmp_path):
    commitment = CommitmentFactory()
    for n in range(3):
        MilestoneFactory(
            commitment=commitment,
            due_date=timezone.localdate() + timedelta(days=7),
            owner=user_with_role(Role.DEPARTMENT_STAFF, username=f"owner{n}"),
        )
    live = live_redis_url()
    redis.Redis.from_url(live).flushdb()

    down = _send_reminders(environment(tmp_path, REDIS_URL=dead_redis_url()))

    waiting = Reminder.objects.filter(state="pending", enqueued_at__isnull=True).count()
    assert waiting == Reminder.objects.count() >= 3
    assert down == (
        f"{waiting} reminder(s) recorded, 0 queued for delivery, 0 cancelled. {waiting} "
        "reminder(s) wait in the database: the broker is unreachable; the next scan queues them."
    )

    up = _send_reminders(environment(tmp_path, REDIS_URL=live))

    assert up == f"0 reminder(s) recorded, {waiting} queued for delivery, 0 cancelled."
    assert Reminder.objects.filter(enqueued_at__isnull=True).count() == 0
    assert redis.Redis.from_url(live).llen("celery") >= 1
