"""Pagination shared by every list: one helper, and pages that cost the same at both ends.

A list of tens of thousands of rows sorted on several columns is cheap to read from its
start (the database keeps the first rows of the sort, a top-N heap) but expensive from its
end: ``OFFSET 49950`` makes it sort everything, spilling to disk, before skipping. So a page
in the second half of a query set is read from the other end: the ordering reversed and a
small offset, then the rows put back in order. The last page then costs what the first
does. The ordering must be total (end with the primary key) for both ends to agree.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

# A search lists at most this many matches, and says so when there are more: counting
# every match of a one-letter search over a national data set (50,000 schools) costs more
# than the rest of the page (issue 18). The exports hold every match.
SEARCH_LIMIT = 1000


class TwoWayPaginator(Paginator):
    def __init__(self, object_list, *args, **kwargs):
        if isinstance(object_list, QuerySet) and object_list.ordered:
            object_list = _total(object_list)
        super().__init__(object_list, *args, **kwargs)

    def page(self, number):
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        stop = min(start + self.per_page, self.count)
        rows = self.object_list
        if (
            isinstance(rows, QuerySet)
            and rows.ordered
            and number > 1
            and number > (self.num_pages + 1) // 2
        ):
            from_end = self.count - stop
            found = list(rows.reverse()[from_end : from_end + (stop - start)])
            found.reverse()
            return Page(found, number, self)
        return super().page(number)


def _total(rows: QuerySet) -> QuerySet:
    """``rows`` with the primary key as the last sort key, so that reading from either end
    gives the same sequence (rows that tie on every other key keep one order)."""
    ordering = list(rows.query.order_by) or list(rows.model._meta.ordering)
    if not ordering or ordering[-1] in {"pk", "-pk", "id", "-id"}:
        return rows
    return rows.order_by(*ordering, "pk")


def paginate(request, rows, size: int, count: int | None = None):
    """The page of ``rows`` that ``?page=`` asks for (the first for a bad value, the last
    past the end); ``count``, when the caller already knows it, saves the COUNT query."""
    paginator = TwoWayPaginator(rows, size)
    if count is not None:
        paginator.__dict__["count"] = count  # Paginator.count is a cached_property
    return paginator.get_page(request.GET.get("page"))


def paginate_search(request, rows: QuerySet, size: int) -> tuple[Page, bool]:
    """``paginate`` for a search's matches: counts at most SEARCH_LIMIT + 1 of them and pages
    through the first SEARCH_LIMIT; ``more`` is true when more match."""
    # counted without the ordering: no sort of every match just to count them
    found = rows.order_by()[: SEARCH_LIMIT + 1].count()
    more = found > SEARCH_LIMIT
    # the primary key ends the ordering, so that rows tying on the name keep one order
    # from page to page
    ordered = _total(rows)
    paginator = Paginator(ordered[:SEARCH_LIMIT] if more else ordered, size)
    paginator.__dict__["count"] = min(found, SEARCH_LIMIT)
    return paginator.get_page(request.GET.get("page")), more


def paginate_filtered(request, filterset, size: int) -> tuple[Page, bool]:
    """The page of a filtered list: ``paginate_search`` when its search box (``q``) holds
    text, else ``paginate``; ``more`` as there."""
    if filterset.is_valid() and filterset.form.cleaned_data.get("q"):
        return paginate_search(request, filterset.qs, size)
    return paginate(request, filterset.qs, size), False
