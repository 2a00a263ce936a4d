"""Enqueue Celery tasks safely: after the transaction commits, never failing the request.

With the broker down the task is logged and dropped from the queue; work that must not be
lost is kept as database rows (e.g. reminders, certificate jobs) and picked up by the next
periodic scan.
"""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task, **kwargs) -> None:
    """Send ``task`` with keyword arguments (primitive ids only) once the current
    transaction commits."""

    def send() -> None:
        try:
            task.apply_async(kwargs=kwargs, retry=False)
        except Exception:  # broker down: the row-based state lets a later scan catch up
            logger.exception("could not enqueue %s %s", task.name, kwargs)

    transaction.on_commit(send)
