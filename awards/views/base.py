"""Helpers shared by the awards views."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.access import get_for_user_or_404
from accounts.http import AuthenticatedRequest
from learnsociety import paging

from .. import selectors
from ..models import (
    Nomination,
)

PAGE_SIZE = 25


def _page(request: HttpRequest, queryset, size: int = PAGE_SIZE):
    return paging.paginate(request, queryset, size)


def _nomination(
    request: AuthenticatedRequest, pk: int, perm: str = "awards.view_nomination"
) -> Nomination:
    return get_for_user_or_404(
        selectors.nomination_for_detail(), user=request.user, perm=perm, request=request, pk=pk
    )
