"""Project-wide rows: the outbox of deferred Celery tasks; the bilingual base of named rows."""

from __future__ import annotations

from django.conf import settings
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


class ExportJob(models.Model):
    """A large export (more than EXPORT_BACKGROUND_ROWS rows) written to a file by a Celery
    task instead of holding a web worker for minutes; the user is told (the bell) when it
    is ready and downloads it from the exports page. The task runs the same view as the
    request did, with the same filters, as the same user, in the same language."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    path = models.CharField(_("address"), max_length=2000)
    filename = models.CharField(_("file name"), max_length=200)
    language = models.CharField(_("language"), max_length=10, default="vi")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="queued")
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created"]
        indexes = [models.Index(fields=["user", "state"])]

    def __str__(self) -> str:
        return self.filename

    @property
    def running(self) -> bool:
        return self.state in {self.State.QUEUED, self.State.RUNNING}
