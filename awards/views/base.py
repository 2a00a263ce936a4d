"""Helpers shared by the awards views."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.access import get_for_user_or_404
from accounts.models import User
from learnsociety import paging

from .. import selectors
from ..models import (
    Nomination,
)

PAGE_SIZE = 25


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind LoginRequiredMiddleware (any view not marked
    ``@login_not_required``): its user is signed in. An annotation only, for the type
    checker; Django still passes its own request."""

    user: User


def _page(request: HttpRequest, queryset, size: int = PAGE_SIZE):
    return paging.paginate(request, queryset, size)


def _nomination(
    request: AuthenticatedHttpRequest, pk: int, perm: str = "awards.view_nomination"
) -> Nomination:
    return get_for_user_or_404(
        selectors.nomination_for_detail(), user=request.user, perm=perm, request=request, pk=pk
    )
