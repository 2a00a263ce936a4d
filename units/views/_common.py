from __future__ import annotations

from django.contrib import messages

from learnsociety import paging

PAGE_SIZE = 25


def paginate(request, queryset, size: int = PAGE_SIZE, count: int | None = None):
    return paging.paginate(request, queryset, size, count)


def error_messages(request, error) -> None:
    for message in getattr(error, "messages", [str(error)]):
        messages.error(request, message)


__all__ = ["error_messages", "paginate"]
