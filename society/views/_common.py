from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.access import get_for_user_or_404
from learnsociety import paging, params

PAGE_SIZE = 50


def paginate(request: HttpRequest, queryset, size: int = PAGE_SIZE, count: int | None = None):
    return paging.paginate(request, queryset, size, count)


def year_param(request: HttpRequest, years: list[int], default: int | None) -> int | None:
    year = params.year_param(request.GET.get("year"))
    return year if year in years else default


# Labels of historical rows (simple_history builds their classes at run time: Any).
def code_of(record: Any) -> str:
    """A field's code, from its historical row."""
    return record.code


def field_code_of(record: Any) -> str:
    """The code of the field a rule or value belongs to, from its historical row."""
    return record.field.code if record.field_id else ""


__all__ = [
    "code_of",
    "field_code_of",
    "get_for_user_or_404",
    "paginate",
    "year_param",
]
