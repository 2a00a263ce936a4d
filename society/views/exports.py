"""Streamed exports of the returns: raw (one row per commune's return, one column per field)
and rolled up (one row per province, with the nation when several are loaded)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from accounts.access import require_perm_or_404
from accounts.http import AuthenticatedRequest
from learnsociety.exports import CHUNK_SIZE, Column, export_response

from .. import cached, selectors
from ..enums import ReturnStatus
from ..models import CollectionRound, ReturnValue
from ._common import year_param


def _returns_with_values(returns) -> Iterator[dict]:
    """Each return as a dict with its commune figures, reading the values one chunk of
    returns at a time (two queries per chunk, memory flat)."""
    source = returns.values(
        "pk",
        "round__year",
        "area__code",
        "area__name",
        "area__parent__name",
        "status",
        "submitted_at",
        "reviewed_at",
        "by_village",
    ).iterator(chunk_size=CHUNK_SIZE)
    while True:
        chunk = list(islice(source, CHUNK_SIZE))
        if not chunk:
            return
        values: dict = {}
        for ret_id, code, value, note in ReturnValue.objects.filter(
            ret_id__in=[r["pk"] for r in chunk], village__isnull=True
        ).values_list("ret_id", "field__code", "value", "note"):
            values.setdefault(ret_id, {})[code] = (value, note)
        for row in chunk:
            row["values"] = values.get(row["pk"], {})
            yield row


def _value(code: str):
    def get(row):
        found = row["values"].get(code)
        if found is None or found[0] is None:
            return None
        number = found[0]
        return int(number) if number == number.to_integral_value() else number

    return get


def _share(key: str):
    return lambda row: row["shares"][key]


def _sum(code: str):
    return lambda row: row["sums"].get(code)


@login_required
def export(request: AuthenticatedRequest, name: str) -> HttpResponse:
    require_perm_or_404(request, "society.use")
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    years = list(CollectionRound.objects.order_by("-year").values_list("year", flat=True))
    current = selectors.current_round()
    year = year_param(request, years, current.year if current else None)
    round_ = (
        CollectionRound.objects.filter(year=year).select_related("commune_form").first()
        if year is not None
        else None
    )
    if round_ is None:
        raise Http404
    fields = selectors.form_parts(round_.commune_form).fields
    if name == "returns":
        returns = (
            selectors.returns_for(request.user)
            .filter(round=round_)
            .order_by("area__parent__name", "area__name", "pk")
        )
        status = request.GET.get("status") or ""
        if status in ReturnStatus.values:
            returns = returns.filter(status=status)
        columns = [
            Column(_("Year"), lambda r: r["round__year"], 8),
            Column(_("Province"), lambda r: r["area__parent__name"], 18),
            Column(_("Commune code"), lambda r: r["area__code"], 12),
            Column(_("Commune"), lambda r: r["area__name"], 24),
            Column(_("Status"), lambda r: ReturnStatus(r["status"]).label, 16),
            Column(_("Submitted"), lambda r: r["submitted_at"], 18),
            Column(_("Reviewed"), lambda r: r["reviewed_at"], 18),
            Column(_("Filled by village"), lambda r: _("yes") if r["by_village"] else _("no"), 10),
            *[Column(f.label, _value(f.code), 14) for f in fields],
        ]
        return export_response(
            fmt,
            _returns_with_values(returns),
            columns,
            f"xhht-{round_.year}-phieu",
            _("Returns %(year)s") % {"year": round_.year},
            request=request,
        )
    if name == "rollup":
        require_perm_or_404(request, "society.view_completeness")
        data = cached.rollup(round_.year, request.user)
        rows = list(data["provinces"])
        if data["total"] is not None and len(rows) > 1:
            rows.append({"province": _("All provinces"), **data["total"]})
        columns = [
            Column(_("Area"), lambda r: r["province"], 24),
            Column(_("Accepted returns"), lambda r: r["returns"], 10),
            *[
                Column(str(label) + " (%)", _share(key), 12)
                for key, label in selectors.share_labels()
            ],
            *[Column(f.label, _sum(f.code), 14) for f in fields if f.kind != "percent"],
        ]
        return export_response(
            fmt,
            rows,
            columns,
            f"xhht-{round_.year}-tong-hop",
            _("Roll-up %(year)s") % {"year": round_.year},
        )
    raise Http404
