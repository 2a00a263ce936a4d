from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404

from learnsociety import paging

PAGE_SIZE = 25


def paginate(request, queryset, size: int = PAGE_SIZE, count: int | None = None):
    return paging.paginate(request, queryset, size, count)


def require_perm(request, perm: str, obj=None) -> None:
    """List and create pages: users without the role get a 404 like an unknown page."""
    if not request.user.has_perm(perm, obj):
        from accounts.security_log import permission_denied

        permission_denied(request, perm)
        raise Http404


def error_messages(request, error) -> None:
    for message in getattr(error, "messages", [str(error)]):
        messages.error(request, message)


__all__ = ["PermissionDenied", "error_messages", "paginate", "require_perm"]
