"""Project-wide rows: the outbox of deferred Celery tasks; the bilingual base of named rows."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Bilingual(models.Model):
    """Rows named in Vietnamese and English (criteria, award forms…); ``name`` follows the
    active language and falls back to Vietnamese."""

    name_vi = models.CharField(_("name (Vietnamese)"), max_length=500)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "vi").startswith("en") and self.name_en:
            return self.name_en
        return self.name_vi


class DeferredTask(models.Model):
    """A Celery task to run after the transaction that decided it commits.

    Written in that same transaction by ``learnsociety.tasks.enqueue`` and deleted once
    the broker has accepted the task, so a task is never lost: with the broker down (or
    the process killed right after the commit) the row stays, and the periodic
    ``dispatch_deferred_tasks`` sends it later. Tasks queued this way must be idempotent:
    after a crash between sending and deleting, a task may be sent twice."""

    task = models.CharField(_("task"), max_length=200)
    kwargs = models.JSONField(_("arguments"), default=dict, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("deferred task")
        verbose_name_plural = _("deferred tasks")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.task} {self.kwargs}"
