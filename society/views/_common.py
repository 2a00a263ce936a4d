from __future__ import annotations

from django.contrib import messages

from accounts.access import get_for_user_or_404
from learnsociety import paging, params

PAGE_SIZE = 50


def paginate(request, queryset, size: int = PAGE_SIZE, count: int | None = None):
    return paging.paginate(request, queryset, size, count)


def error_messages(request, error) -> None:
    if hasattr(error, "message_dict"):
        for items in error.message_dict.values():
            for message in items:
                messages.error(request, message)
        return
    for message in getattr(error, "messages", [str(error)]):
        messages.error(request, message)


def year_param(request, years: list[int], default: int | None) -> int | None:
    year = params.year_param(request.GET.get("year"))
    return year if year in years else default


__all__ = ["get_for_user_or_404", "error_messages", "paginate", "year_param"]
