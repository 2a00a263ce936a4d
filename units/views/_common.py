from __future__ import annotations

from learnsociety import paging

PAGE_SIZE = 25


def paginate(request, queryset, size: int = PAGE_SIZE, count: int | None = None):
    return paging.paginate(request, queryset, size, count)


__all__ = ["paginate"]
