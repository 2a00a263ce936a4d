"""Celery tasks of the dashboard. Beat runs ``refresh_dashboard`` every
DASHBOARD_REFRESH_SECONDS, less than the figures' cache lifetime, so that the cached figures
are renewed in the background and no user's request waits for them
(settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from .panel import refresh_cached


@shared_task(ignore_result=True)
def refresh_dashboard() -> None:
    refresh_cached()
