"""Project-level views: the role-aware home page, health, certificate verification,
language switching and error pages.

Part of the roof, not of the floor: only ``learnsociety/urls.py`` (its paths and error
handlers) reaches this module, so it may use ``accounts`` (roles, the security log,
signature checks); no app imports it."""

from __future__ import annotations

import hashlib
import logging

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe
from django.views.i18n import set_language as django_set_language

from accounts import roles
from accounts.http import AuthenticatedRequest
from accounts.security_log import permission_denied as log_denied
from accounts.signing import check_signature

from . import registry
from .cache import cache_state, compute_once
from .exports import _private
from .models import DeferredTask, ExportJob
from .paging import paginate

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    panels = []
    # Each app registers its panel (learnsociety.registry).
    for hook in registry.home_panels():
        panel = hook(request)
        if panel:
            panels.append(panel)
    # Each panel may name its next actions; the most urgent lead the page, above the
    # dashboard (the officer's next review used to sit 4,500 px down).
    next_steps = sorted(
        (step for panel in panels for step in panel.get("next", [])), key=lambda s: s["order"]
    )
    return render(
        request,
        "home.html",
        {
            "panels": panels,
            "next_steps": next_steps,
            "user_role_set": roles.roles(request.user),
        },
    )


def broker_state() -> str:
    """``eager`` in the embedded set-up, else ``ok`` or ``down`` for the Redis broker."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
        return "ok"
    except Exception:  # any failure to reach the broker means it is down for us
        return "down"


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return "ok"
    except Exception:
        logger.exception("health: database check failed")
        return "down"


def deferred_tasks_waiting() -> int | None:
    """How many tasks wait in the outbox for the broker (None if it cannot be read)."""

    try:
        return DeferredTask.objects.count()
    except Exception:  # the database is down: already reported as such
        return None


@login_not_required
@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """Each component's state: ``database`` (503 when down: nothing works without it),
    ``broker`` and ``cache`` (``down`` means degraded, still 200: pages keep serving,
    tasks wait in the outbox, counted in ``deferred_tasks``)."""
    db = database_state()
    broker = broker_state()
    status = 200 if db == "ok" else 503
    return JsonResponse(
        {
            "status": "ok" if status == 200 else "down",
            "database": db,
            "broker": broker,
            "cache": cache_state(),
            "deferred_tasks": deferred_tasks_waiting() if db == "ok" else None,
        },
        status=status,
    )


@login_not_required
@require_GET
def verify_certificate(request: HttpRequest, code: str) -> HttpResponse:
    """Public check of a certificate's code: each app that issues certificates answers
    for its own codes."""
    found = None
    for lookup in registry.certificate_lookups():
        found = lookup(code)
        if found:
            break
    status = 200 if found else 404
    signature = _signature(found) if found and found.get("pdf") else None
    return render(
        request,
        "verify.html",
        {"code": code, "certificate": found, "signature": signature},
        status=status,
    )


def _signature(found: dict) -> dict:
    """The digital signature of the certificate's PDF (``found["pdf"]``: a cache key, a
    loader of the PDF and the issuer's id), kept an hour: a regenerated PDF costs seconds."""

    key, load, issuer_id = found["pdf"]

    def make() -> dict:
        result = check_signature(load(), issuer_id=issuer_id)
        return {"state": result.state, "signer": result.signer}

    digest = hashlib.sha256(key.encode()).hexdigest()
    return compute_once(f"verify-signature:{digest}", make, timeout=3600)


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, also saved on the account so that it persists."""
    response = django_set_language(request)
    lang = request.POST.get("language")
    codes = {code for code, _name in settings.LANGUAGES}
    if lang in codes and request.user.is_authenticated and request.user.language != lang:
        request.user.language = lang
        request.user.save(update_fields=["language"])
    return response


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:

    log_denied(request, str(exception) if exception else "403")
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # Plain page: no context processors, nothing that could fail again.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def exports(request: AuthenticatedRequest) -> HttpResponse:
    """The user's large exports, prepared in the background, newest first."""

    jobs = ExportJob.objects.filter(user=request.user)
    return render(request, "exports.html", {"page_obj": paginate(request, jobs, 25)})


def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    """One of the user's own finished exports (anyone else's answers 404)."""

    job = get_object_or_404(ExportJob, pk=pk, user=request.user, state=ExportJob.State.DONE)
    if not job.file:
        raise Http404
    return _private(FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename))
