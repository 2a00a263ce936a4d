"""Object lookups that never reveal whether an object exists to someone who may not see it."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from .security_log import permission_denied


def get_for_user_or_404(queryset, *, user, perm: str, request=None, **lookup):
    """Fetch an object and check ``perm`` on it; outsiders get the same 404 as for a
    missing object."""
    obj = get_object_or_404(queryset, **lookup)
    if not user.has_perm(perm, obj):
        if request is not None:
            permission_denied(request, f"{perm} on {obj._meta.label}:{obj.pk}")
        raise Http404
    return obj
