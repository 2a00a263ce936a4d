from __future__ import annotations

from accounts.access import get_for_user_or_404
from learnsociety import paging, params

PAGE_SIZE = 50


def paginate(request, queryset, size: int = PAGE_SIZE, count: int | None = None):
    return paging.paginate(request, queryset, size, count)


def year_param(request, years: list[int], default: int | None) -> int | None:
    year = params.year_param(request.GET.get("year"))
    return year if year in years else default


__all__ = ["get_for_user_or_404", "paginate", "year_param"]
