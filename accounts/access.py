"""Object lookups and permission checks that never reveal whether an object or a page
exists to someone who may not see it."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from .security_log import permission_denied


def _refusal(perm: str, obj) -> str:
    meta = getattr(obj, "_meta", None)
    return perm if meta is None else f"{perm} on {meta.label}:{obj.pk}"


def get_for_user_or_404(queryset, *, user, perm: str, request=None, **lookup):
    """Fetch an object and check ``perm`` on it; outsiders get the same 404 as for a
    missing object."""
    obj = get_object_or_404(queryset, **lookup)
    if not user.has_perm(perm, obj):
        if request is not None:
            permission_denied(request, _refusal(perm, obj))
        raise Http404
    return obj


def require_perm_or_404(request, perm: str, obj=None) -> None:
    """Answer 404, like an unknown page, to a user without ``perm`` (on ``obj`` if given).

    A 403 would tell a role that the page exists; the refusal still reaches the security
    log so that probing shows up there.
    """
    if not request.user.has_perm(perm, obj):
        permission_denied(request, _refusal(perm, obj))
        raise Http404
