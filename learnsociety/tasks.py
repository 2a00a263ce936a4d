"""Enqueue Celery tasks safely: recorded in the database with the decision, sent after
the commit, never failing (nor stalling) the request.

``enqueue`` writes a ``DeferredTask`` row in the current transaction and sends the task
once it commits; the row is deleted when the broker accepts it. With the broker down the
row stays and ``dispatch_deferred_tasks`` (run by beat every DEFERRED_TASK_SCAN_SECONDS)
sends it later: one outbox for every deferred task. Reminders keep their own row-based
outbox (``notifications.Reminder``), which also honours ``broker_is_down``.

After a broker failure this process does not try the broker again for
``RETRY_AFTER_SECONDS``: a request never waits for a broker that is known to be down.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

from celery import current_app, shared_task
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from .background_exports import run
from .models import DeferredTask

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0
# A row younger than this is still being sent by the request that wrote it.
GRACE_SECONDS = 30
_state = {"down_until": 0.0}
_lock = threading.Lock()


def broker_is_down() -> bool:
    """True for a few seconds after this process failed to reach the broker (never when
    tasks run eagerly: there is no broker)."""

    if current_app.conf.task_always_eager:
        return False
    return _state["down_until"] > time.monotonic()


def mark_broker_down() -> None:
    with _lock:
        _state["down_until"] = time.monotonic() + RETRY_AFTER_SECONDS


def mark_broker_up() -> None:
    with _lock:
        _state["down_until"] = 0.0


def broker_errors() -> tuple[type[BaseException], ...]:

    return (OperationalError, ConnectionError, OSError, TimeoutError)


def enqueue(task, **kwargs) -> None:
    """Send ``task`` with keyword arguments (primitive ids only) once the current
    transaction commits; the outbox row is part of that transaction."""

    row = DeferredTask.objects.create(task=task.name, kwargs=kwargs)
    transaction.on_commit(lambda: _send([row.pk]))


def _send(ids: list[int]) -> tuple[int, int]:
    """Send the given outbox rows; returns (sent, left waiting). Stops at the first broker
    failure. In eager mode the task runs here, and a failing task stays in the outbox."""

    sent = 0
    rows = list(DeferredTask.objects.filter(pk__in=ids).order_by("id"))
    for index, row in enumerate(rows):
        if broker_is_down():
            return sent, len(rows) - index
        try:
            current_app.tasks[row.task].apply_async(kwargs=row.kwargs, retry=False)
        except broker_errors() as exc:
            mark_broker_down()
            logger.warning("broker unreachable, %s waits in the outbox: %s", row, exc)
            DeferredTask.objects.filter(pk=row.pk).update(
                attempts=row.attempts + 1, last_error=str(exc)[:1000]
            )
            return sent, len(rows) - index
        except Exception as exc:  # eager mode: the task itself failed; retried later
            logger.exception("deferred task %s failed", row)
            DeferredTask.objects.filter(pk=row.pk).update(
                attempts=row.attempts + 1, last_error=str(exc)[:1000]
            )
            continue
        mark_broker_up()
        DeferredTask.objects.filter(pk=row.pk).delete()
        sent += 1
    return sent, 0


def dispatch_waiting(*, older_than_seconds: int = GRACE_SECONDS) -> tuple[int, int]:
    """Send every outbox row older than the grace period; returns (sent, still waiting)."""

    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(DeferredTask.objects.filter(created__lte=cutoff).values_list("id", flat=True))
    mark_broker_up()  # the scan always tries the broker once
    return _send(ids)


@shared_task(ignore_result=True)
def dispatch_deferred_tasks() -> None:
    sent, waiting = dispatch_waiting()
    if sent or waiting:
        logger.info("deferred tasks: %d sent, %d waiting", sent, waiting)


@shared_task(ignore_result=True)
def run_export(*, job_id: int) -> None:
    """A large export, written to a file (learnsociety.background_exports)."""

    logger.info("run_export job=%s state=%s", job_id, run(job_id))
