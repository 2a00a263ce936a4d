"""Search-as-you-type for the long organisation pickers (accounts.widgets.SearchSelect):
the same rows the form accepts, filtered on the server."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from accounts import widgets
from accounts.access import require_perm_or_404
from accounts.http import AuthenticatedRequest
from accounts.models import Organisation

from .. import selectors
from ..rules import nominating_organisation_ids


@require_GET
def organisation_search(request: AuthenticatedRequest, field: str) -> JsonResponse:
    if field == "nominee":
        if not nominating_organisation_ids(request.user):
            raise Http404
        queryset = selectors.nominee_organisations(request.user)
    elif field == "discipline":
        require_perm_or_404(request, "awards.manage_discipline")
        queryset = Organisation.objects.filter(is_active=True)
    else:
        raise Http404
    return widgets.organisation_results(queryset, request.GET.get("q", ""))
