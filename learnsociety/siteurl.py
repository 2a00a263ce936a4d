"""The address the app is reached at, for links that leave the browser: QR codes and
verification links on certificates, links in e-mail.

``SITE_URL`` wins when it is set (production must set it: see settings). Without it, the
address the current request came in on is used, so ``make run PORT=8123`` prints QR codes
that open on port 8123; background work started by a request receives that address as an
argument (``using_base``). With neither, the development default.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import DisallowedHost

DEVELOPMENT_URL = "http://127.0.0.1:8000"
_request_base: ContextVar[str] = ContextVar("learnsociety_request_base", default="")


def site_url() -> str:
    return settings.SITE_URL or _request_base.get() or DEVELOPMENT_URL


def absolute_url(path: str) -> str:
    return site_url() + path


@contextmanager
def using_base(base: str) -> Iterator[None]:
    """Run a block (e.g. a Celery task) as if inside the request that started it."""
    token = _request_base.set((base or "").rstrip("/"))
    try:
        yield
    finally:
        _request_base.reset(token)


class RequestBaseMiddleware:
    """Remember the request's scheme and host (already checked against ALLOWED_HOSTS)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SITE_URL:
            return self.get_response(request)
        try:
            base = f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:
            return self.get_response(request)
        with using_base(base):
            return self.get_response(request)
