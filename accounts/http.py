"""The request a signed-in view receives, for the type checker: ``request.user`` is a
:class:`~accounts.models.User` there, never ``AnonymousUser`` (the login middleware and
``login_required`` see to it at run time)."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from .models import User


class AuthenticatedRequest(HttpRequest):
    user: User
    htmx: HtmxDetails  # django-htmx's middleware
