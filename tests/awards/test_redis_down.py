"""Degrade, don't stall: gunicorn with the production settings and Redis (cache and
broker) on a dead port, beside the same app with Redis up. The staff and officer home
pages answer within the normal time plus one second (the figures' lock no longer waits
for a cache that cannot answer), recording an award decision answers at once and keeps
its certificate job in the outbox, and once Redis is back a real worker and beat pick the
job up: the certificate is generated, nothing is lost."""

import statistics
import time
from datetime import timedelta

import pytest
import redis
from django.utils import timezone

from accounts.enums import Role
from awards import services
from awards.models import Commendation, Decision
from learnsociety.models import DeferredTask
from tests.factories.accounts import user_with_role
from tests.factories.awards import PDF, submitted
from tests.live_stack import (
    celery,
    dead_redis_url,
    environment,
    gunicorn,
    live_redis_url,
    stop,
    wait_for,
)
from tests.parallel_http import Browser

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _approved(world, name):
    nomination = submitted(
        round=world["round"], nominating_organisation=world["school"], nominee_name=name
    )
    criteria = list(world["round"].criteria.all())
    for reviewer in (world["reviewer1"], world["reviewer2"]):
        assignment = services.assignment_create(
            by=world["manager"], nomination=nomination, reviewer=reviewer
        )
        services.review_submit(
            by=reviewer,
            assignment=assignment,
            scores={c.pk: 9 for c in criteria},
            recommendation="approve",
            comment="",
        )
    return services.nomination_approve(by=world["manager"], nomination=nomination)


def _median_seconds(browser: Browser, path: str, times: int = 3, before=None) -> float:
    browser.open(path)  # warm: imports, first connection
    spent = []
    for _ in range(times):
        if before is not None:
            before()
        start = time.monotonic()
        browser.open(path)
        spent.append(time.monotonic() - start)
    return statistics.median(spent)


def _decide(server, world, nomination, number: int) -> tuple[list[int], float]:
    path = f"/awards/rounds/{world['round'].pk}/decide/{world['association'].pk}/"
    browser = Browser(server, world["manager"])
    browser.open(path)
    start = time.monotonic()
    outcome = browser.post(
        path,
        {"nominations": [nomination.pk], "number": number, "date": "2026-03-10", "signer": "A"},
        files={"scanned_document": ("decision.pdf", PDF, "application/pdf")},
    )
    return outcome.statuses, time.monotonic() - start


def test_redis_down_pages_answer_in_time_and_the_certificate_job_waits(world, tmp_path):
    live_url = live_redis_url()
    redis.Redis.from_url(live_url).flushdb()
    staff = user_with_role(Role.DEPARTMENT_STAFF)
    first = _approved(world, "Lường Thị Hoa")
    second = _approved(world, "Cầm Văn Nam")
    up_env = environment(tmp_path, REDIS_URL=live_url)
    down_env = environment(tmp_path, REDIS_URL=dead_redis_url())
    with (
        gunicorn(up_env, tmp_path / "up.log") as up,
        gunicorn(down_env, tmp_path / "down.log") as down,
    ):
        for user in (staff, world["manager"]):
            # Normal: Redis up, the figures computed afresh (as for the first visitor
            # after they expire), so the comparison measures waiting, not computing.
            flush = redis.Redis.from_url(live_url).flushdb
            normal = _median_seconds(Browser(up, user), "/", before=flush)
            degraded = _median_seconds(Browser(down, user), "/")
            assert degraded <= normal + 1.0, (user.username, normal, degraded)

        statuses, normal = _decide(up, world, first, number=7)
        assert statuses == [302, 200]
        statuses, degraded = _decide(down, world, second, number=8)
        assert statuses == [302, 200]
        assert degraded <= normal + 1.0, (normal, degraded)

        health = Browser(down, staff)._session().get(down.url + "/health/", timeout=10)
        assert (health.status_code, health.json()) == (
            200,
            {
                "status": "ok",
                "database": "ok",
                "broker": "down",
                "cache": "down",
                "deferred_tasks": 1,
            },
        )

    kept = Decision.objects.get(number=8)
    assert kept.certificates_running is True
    [(task, kwargs)] = DeferredTask.objects.values_list("task", "kwargs")
    # the job carries the address the certificates' QR codes open (the request's own)
    assert (task, kwargs["decision_id"]) == ("awards.tasks.generate_certificates", kept.pk)
    assert kwargs["base_url"].startswith("http://127.0.0.1:")
    # Redis is back: beat's next dispatch hands the kept job to a real worker.
    DeferredTask.objects.update(created=timezone.now() - timedelta(minutes=5))
    worker_env = {**up_env, "DEFERRED_TASK_SCAN_SECONDS": "1"}
    processes = [
        celery(worker_env, "worker", "--pool=solo", log=tmp_path / "worker.log"),
        celery(worker_env, "beat", "--schedule", str(tmp_path / "beat"), log=tmp_path / "beat.log"),
    ]
    try:
        wait_for(
            lambda: Commendation.objects.exclude(certificate="").count() == 2,
            "both certificates",
            timeout=90,
        )
    finally:
        for process in processes:
            stop(process)
    assert DeferredTask.objects.count() == 0
    assert list(Decision.objects.order_by("number").values_list("number", "certificates_done")) == [
        (7, 1),
        (8, 1),
    ]
