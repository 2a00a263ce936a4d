"""Celery tasks: thin wrappers that take ids and call a service. Beat runs
``scan_reminders`` every REMINDER_SCAN_SECONDS and ``send_digests`` daily at
REMINDER_DIGEST_HOUR (settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

import logging
import os

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def scan_reminders() -> None:
    result = services.reminders_scan()
    logger.info(
        "reminders scan: %d new, %d cancelled, %d queued",
        result.total_created,
        result.cancelled,
        result.enqueued,
    )


@shared_task(bind=True, ignore_result=True)
def send_reminder(self, *, reminder_id: int) -> None:
    worker = f"{self.request.hostname or 'local'}:{os.getpid()}"
    outcome = services.reminder_deliver(reminder_id=reminder_id, worker=worker)
    logger.info("reminder %s: %s", reminder_id, outcome)


@shared_task(bind=True, ignore_result=True)
def send_reminder_batch(self, *, reminder_ids: list[int]) -> None:
    """Deliver many reminders with one message (a deadline can concern 50,000 schools).
    Each one is still claimed on its own, so a batch cut short by a dead worker leaves
    the rest pending for the next scan."""
    worker = f"{self.request.hostname or 'local'}:{os.getpid()}"
    for reminder_id in reminder_ids:
        try:
            outcome = services.reminder_deliver(reminder_id=reminder_id, worker=worker)
        except Exception:  # one broken reminder must not hold back the others
            logger.exception("reminder %s: delivery failed", reminder_id)
            continue
        logger.info("reminder %s: %s", reminder_id, outcome)


@shared_task(ignore_result=True)
def send_digests() -> None:
    logger.info("digests sent: %d", services.digests_send())
