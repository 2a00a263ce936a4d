"""Exports too large for a web request: written to a file by a Celery task.

A list's export is a view that ends in ``exports.export_response(..., request=request)``.
When the rows are a query set of more than EXPORT_BACKGROUND_ROWS rows, the request only
records an ``ExportJob`` (its address, user and language) and queues ``run_export``; the
task calls the same view again, as that user, with ``request.export_job`` set, and
``export_response`` then writes the file to storage instead of answering. The user is told
(the bell) and downloads it from the exports page. At most EXPORT_MAX_RUNNING exports per
user wait or run at once, so one person cannot occupy every worker.
"""

from __future__ import annotations

import logging
import tempfile

from django.conf import settings
from django.contrib import messages
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import registry
from .models import ExportJob

logger = logging.getLogger(__name__)


def defer_if_large(request, fmt: str, rows, write, filename: str) -> HttpResponse | None:
    """In the task: write the file with ``write(handle)`` and answer nothing. In a request
    for a large query set: start a job and answer with the exports page. Else None (the
    caller streams the export as usual)."""
    job = getattr(request, "export_job", None)
    if job is not None:
        _write(job, fmt, rows, write)
        return HttpResponse(status=204)
    if not isinstance(rows, QuerySet):
        return None
    count = rows.order_by().count()
    if count <= settings.EXPORT_BACKGROUND_ROWS:
        return None
    return _start(request, filename, count)


def _start(request, filename: str, count: int) -> HttpResponse:
    from .tasks import enqueue, run_export  # noqa: PLC0415 (import cycle)

    State = ExportJob.State
    waiting = ExportJob.objects.filter(
        user=request.user, state__in=[State.QUEUED, State.RUNNING]
    ).count()
    if waiting >= settings.EXPORT_MAX_RUNNING:
        messages.error(
            request,
            _(
                "You already have %(n)s exports being prepared: download them when they are "
                "ready, then ask for this one again."
            )
            % {"n": waiting},
        )
        return redirect("exports")
    with transaction.atomic():
        job = ExportJob.objects.create(
            user=request.user,
            path=request.get_full_path()[:2000],
            filename=filename[:200],
            language=translation.get_language() or "vi",
        )
        enqueue(run_export, job_id=job.pk)
    messages.info(
        request,
        _(
            "This export has %(n)s rows: it is being prepared in the background. The bell "
            "tells you when it is ready to download here."
        )
        % {"n": f"{count:,}".replace(",", ".")},
    )
    return redirect("exports")


def _write(job: ExportJob, fmt: str, rows, write) -> None:
    with tempfile.TemporaryFile() as handle:
        count = write(handle)
        handle.seek(0)
        job.file.save(job.filename, File(handle), save=False)
    job.rows = count or 0
    job.save(update_fields=["file", "rows"])


def run(job_id: int) -> str:
    """The task's work: run the export's view again as its user; the file is written by
    ``export_response`` through ``defer_if_large``."""
    State = ExportJob.State
    if not ExportJob.objects.filter(pk=job_id, state=State.QUEUED).update(state=State.RUNNING):
        return "skipped"
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    request = RequestFactory().get(job.path)
    request.user = job.user
    request.export_job = job  # type: ignore[attr-defined]  # read back by defer_if_large
    try:
        with translation.override(job.language):
            match = resolve(request.path)
            match.func(request, *match.args, **match.kwargs)
        job.refresh_from_db()
        if not job.file:
            raise RuntimeError("the view wrote no file")
    except Exception as exc:
        logger.exception("export %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(
            state=State.FAILED, error=str(exc)[:500], finished=timezone.now()
        )
        return State.FAILED
    ExportJob.objects.filter(pk=job_id).update(state=State.DONE, finished=timezone.now())
    registry.export_ready(job)  # the user is told (notifications registers the bell)
    return State.DONE
