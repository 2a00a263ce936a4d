"""Reads of the learning-society returns shared by pages, exports, indicators and the
dashboard: scoped querysets, a return's values, completeness and the roll-up — each in a
fixed number of queries, the sums computed by the database."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import overload

from django.db.models import (
    CharField,
    Count,
    DateTimeField,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.enums import AreaLevel
from accounts.models import AdministrativeArea

from .enums import EDITABLE, ReturnStatus
from .models import (
    CollectionRound,
    CommuneReturn,
    ReturnField,
    ReturnForm,
    ReturnRule,
    ReturnValue,
    Village,
)
from .rules import commune_ids, province_ids

# The shares the province reports (numerator field, denominator field); "returns" is the
# number of communes whose return was accepted.
RETURNS = "__returns__"
SHARES = {
    "families": ("families_recognised", "households", _("Learning families")),
    "clans": ("clans_recognised", "clans_total", _("Learning clans")),
    "communities": (
        "commune_recognised",
        RETURNS,
        _("Communes recognised as learning communities"),
    ),
    "villages": (
        "villages_recognised",
        "villages_total",
        _("Villages recognised as learning communities"),
    ),
}
CITIZENS = "citizens_recognised"
# Decision 1373/QĐ-TTg's targets for 2025 (DOMAIN.md §5b); later targets are the programme
# indicators' data.
TARGETS_2025 = {"families": 70, "clans": 65, "communities": 65}


def pct(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- scope -------------------------------------------------------------------------------


def valid_on(day: date, prefix: str = "") -> Q:
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def _in_provinces(ids, prefix: str = "") -> Q:
    return Q(**{f"{prefix}province_id__in": ids})


def sees_everything(user) -> bool:
    """Administrators and national viewers read every province's returns."""
    return roles.sees_every_province(user)


def area_scope(user, prefix: str = "") -> Q | None:
    """The communes a user may see (``None``: all of them)."""
    if sees_everything(user):
        return None
    provinces = province_ids(user)
    q = Q(**{f"{prefix}pk__in": list(commune_ids(user))})
    if provinces:
        q |= _in_provinces(list(provinces), prefix)
    return q


def returns_for(user):
    qs = CommuneReturn.objects.select_related("round", "area__parent")
    scope = area_scope(user, "area__")
    return qs if scope is None else qs.filter(scope)


def secretary_communes(user):

    return AdministrativeArea.objects.filter(pk__in=commune_ids(user)).order_by("name")


def current_round(today: date | None = None) -> CollectionRound | None:
    """The round still open (the earliest deadline not yet past), else the latest."""
    today = today or timezone.localdate()
    found = CollectionRound.objects.filter(deadline__gte=today).order_by("deadline").first()
    return found or CollectionRound.objects.order_by("-year").first()


# --- a return's form and values ---------------------------------------------------------


@dataclass
class FormParts:
    form: ReturnForm
    fields: list[ReturnField]
    rules: list[ReturnRule]

    @property
    def by_code(self) -> dict[str, ReturnField]:
        return {f.code: f for f in self.fields}


@overload
def form_parts(form: ReturnForm) -> FormParts: ...
@overload
def form_parts(form: ReturnForm | None) -> FormParts | None: ...
def form_parts(form: ReturnForm | None) -> FormParts | None:
    if form is None:
        return None
    fields = list(ReturnField.objects.filter(form=form).order_by("order", "id"))
    rules = list(
        ReturnRule.objects.filter(form=form).select_related("field", "other").order_by("id")
    )
    return FormParts(form, fields, rules)


@dataclass
class Values:
    values: dict  # code -> Decimal | None
    notes: dict  # code -> str
    comments: dict  # code -> reviewer's comment
    villages: dict  # (village id, code) -> Decimal | None


def values_of(ret: CommuneReturn) -> Values:
    result = Values({}, {}, {}, {})
    for row in ReturnValue.objects.filter(ret=ret).values(
        "field__code", "village_id", "value", "note", "review_comment"
    ):
        code = row["field__code"]
        if row["village_id"] is None:
            result.values[code] = row["value"]
            result.notes[code] = row["note"]
            result.comments[code] = row["review_comment"]
        else:
            result.villages[(row["village_id"], code)] = row["value"]
    return result


def previous_values(ret: CommuneReturn) -> dict:
    """Last year's accepted figures of the same commune, by field code."""
    return dict(
        ReturnValue.objects.filter(
            ret__area_id=ret.area_id,
            ret__round__year=ret.round.year - 1,
            ret__status=ReturnStatus.ACCEPTED,
            village__isnull=True,
        ).values_list("field__code", "value")
    )


def villages_of(area_id: int):
    return Village.objects.filter(commune_id=area_id, is_active=True).order_by("name", "id")


def is_editable(ret: CommuneReturn) -> bool:
    return ret.status in EDITABLE


# --- completeness -------------------------------------------------------------------------


def communes_of_round(round_: CollectionRound, user):
    """The communes that owe a return in ``round_``: valid on its map date, in the user's
    scope."""

    qs = AdministrativeArea.objects.filter(valid_on(round_.map_date), level=AreaLevel.COMMUNE)
    scope = area_scope(user)
    return qs if scope is None else qs.filter(scope)


def _province_expr(prefix: str = ""):
    """The province of a commune (kept on the area, see ``accounts.areas.fill_provinces``)."""
    return F(f"{prefix}province_id")


def completeness_rows(round_: CollectionRound, user):
    """Every commune in scope with its return's status, submission time and id (one query,
    paginated by the caller)."""
    returns = CommuneReturn.objects.filter(round=round_, area_id=OuterRef("pk"))
    return (
        communes_of_round(round_, user)
        .annotate(
            return_id=Subquery(returns.values("pk")[:1]),
            return_status=Coalesce(
                Subquery(returns.values("status")[:1]),
                Value(ReturnStatus.NOT_STARTED),
                output_field=CharField(),
            ),
            submitted_at=Subquery(returns.values("submitted_at")[:1], output_field=DateTimeField()),
        )
        .select_related("parent")
        .order_by("parent__name", "name", "pk")
    )


def completeness_summary(round_: CollectionRound, user, today: date | None = None) -> dict:
    """Counts per province and status, late counts, in two aggregate queries."""

    today = today or timezone.localdate()
    communes = communes_of_round(round_, user)
    # communes per province, then returns per province and status: plain GROUP BYs
    by_province: dict = defaultdict(lambda: dict.fromkeys(ReturnStatus.values, 0))
    for row in (
        communes.annotate(province_key=_province_expr())
        .values("province_key")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        by_province[row["province_key"]][ReturnStatus.NOT_STARTED] = row["n"]
    for row in (
        CommuneReturn.objects.filter(round=round_, area_id__in=communes.values("pk"))
        .annotate(province_key=_province_expr("area__"))
        .values("province_key", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts = by_province[row["province_key"]]
        counts[row["status"]] += row["n"]
        counts[ReturnStatus.NOT_STARTED] -= row["n"]
    deadline_end = timezone.make_aware(datetime.combine(round_.deadline, time.max))
    late_q = CommuneReturn.objects.filter(
        round=round_, area_id__in=communes.values("pk")
    ).aggregate(
        submitted_late=Count("pk", filter=Q(submitted_at__gt=deadline_end)),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
    )
    names = dict(
        AdministrativeArea.objects.filter(pk__in=[p for p in by_province if p]).values_list(
            "pk", "name"
        )
    )
    totals = dict.fromkeys(ReturnStatus.values, 0)
    for counts in by_province.values():
        for key, n in counts.items():
            totals[key] += n
    communes_total = sum(totals.values())
    not_in = totals[ReturnStatus.NOT_STARTED] + totals[ReturnStatus.DRAFT]
    overdue = not_in if today > round_.deadline else 0
    return {
        "totals": totals,
        "communes": communes_total,
        "in": communes_total - not_in,
        "in_pct": pct(communes_total - not_in, communes_total),
        "overdue": overdue,
        "submitted_late": late_q["submitted_late"],
        "by_province": sorted(
            (
                {"province_id": p, "province": names.get(p, "—"), "counts": counts}
                for p, counts in by_province.items()
            ),
            key=lambda r: r["province"],
        ),
    }


# --- roll-up ------------------------------------------------------------------------------


def rollup(
    year: int,
    user=None,
    province_id: int | None = None,
    area_id: int | None = None,
    within: tuple[int, ...] | None = None,
) -> dict:
    """Accepted returns of ``year`` added up per province (and for all provinces in
    scope), by the communes valid on the round's map date: two aggregate queries. With
    ``area_id``, only that commune's return (or, for a province or a pre-2025 district, its
    communes'). ``within``: only the provinces of that tuple."""
    round_ = CollectionRound.objects.filter(year=year).first()
    if round_ is None:
        return {"round": None, "provinces": [], "total": None}
    accepted = CommuneReturn.objects.filter(round=round_, status=ReturnStatus.ACCEPTED).filter(
        valid_on(round_.map_date, "area__")
    )
    if user is not None:
        scope = area_scope(user, "area__")
        if scope is not None:
            accepted = accepted.filter(scope)
    if province_id:
        accepted = accepted.filter(_in_provinces([province_id], "area__"))
    if within is not None:
        accepted = accepted.filter(_in_provinces(list(within), "area__"))
    if area_id:
        accepted = accepted.filter(
            Q(area_id=area_id) | Q(area__parent_id=area_id) | Q(area__parent__parent_id=area_id)
        )
    sums = (
        ReturnValue.objects.filter(ret__in=accepted.values("pk"), village__isnull=True)
        .annotate(province_key=_province_expr("ret__area__"))
        .values("province_key", "field__code")
        .annotate(total=Sum("value"))
        .order_by()
    )
    counts = (
        accepted.annotate(province_key=_province_expr("area__"))
        .values("province_key", "area__parent__level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    provinces: dict = defaultdict(lambda: {"sums": {}, "returns": 0})
    for row in counts:
        provinces[row["province_key"]]["returns"] += row["n"]
    for summed in sums:
        provinces[summed["province_key"]]["sums"][summed["field__code"]] = summed[
            "total"
        ] or Decimal(0)

    names = dict(
        AdministrativeArea.objects.filter(pk__in=[p for p in provinces if p]).values_list(
            "pk", "name"
        )
    )
    rows = [
        {"province_id": p, "province": names.get(p, "—"), **_figures(d["sums"], d["returns"])}
        for p, d in provinces.items()
    ]
    rows.sort(key=lambda r: r["province"])
    total_sums: dict = defaultdict(Decimal)
    for d in provinces.values():
        for code, value in d["sums"].items():
            total_sums[code] += value
    total = _figures(dict(total_sums), sum(d["returns"] for d in provinces.values()))
    return {"round": round_, "provinces": rows, "total": total if provinces else None}


def _figures(sums: dict, returns: int) -> dict:
    shares = {}
    for key, (numerator, denominator, _label) in SHARES.items():
        whole = returns if denominator == RETURNS else sums.get(denominator)
        shares[key] = pct(sums.get(numerator) or 0, whole) if whole else None
    return {
        "sums": sums,
        "returns": returns,
        "shares": shares,
        "citizens": sums.get(CITIZENS),
    }


def share_labels() -> list[tuple[str, str]]:
    return [(key, str(label)) for key, (_n, _d, label) in SHARES.items()]


def accepted_returns(year: int, user=None):
    """The accepted returns of ``year`` in the user's scope, by commune name (for pages)."""
    qs = CommuneReturn.objects.filter(round__year=year, status=ReturnStatus.ACCEPTED)
    if user is not None:
        scope = area_scope(user, "area__")
        if scope is not None:
            qs = qs.filter(scope)
    return qs.select_related("area__parent").order_by("area__name", "pk")


def share_changes(shares: dict, before: dict | None) -> dict:
    """Each share's change in points since the year before (``before``: that year's
    shares, None without a return then); None where either year lacks the share."""
    return {
        key: value - before[key]
        if before is not None and value is not None and before.get(key) is not None
        else None
        for key, value in shares.items()
    }


def commune_shares(returns: list, year: int) -> list[dict]:
    """Each return's shares and Learning Citizens, with the change since the commune's
    accepted return of the year before: two queries for a page of returns."""
    codes = {CITIZENS}
    for numerator, denominator, _label in SHARES.values():
        codes.update({numerator, denominator} - {RETURNS})

    def figures(filter_q: Q) -> dict:
        found: dict = defaultdict(dict)
        for area_id, code, value in ReturnValue.objects.filter(
            filter_q, village__isnull=True, field__code__in=codes
        ).values_list("ret__area_id", "field__code", "value"):
            found[area_id][code] = value or Decimal(0)
        return found

    now = figures(Q(ret__in=[r.pk for r in returns]))
    before = figures(
        Q(
            ret__area_id__in=[r.area_id for r in returns],
            ret__round__year=year - 1,
            ret__status=ReturnStatus.ACCEPTED,
        )
    )
    rows = []
    for ret in returns:
        this = _figures(now.get(ret.area_id, {}), 1)
        old = before.get(ret.area_id)
        old = _figures(old, 1) if old else None
        rows.append(
            {
                "ret": ret,
                "shares": this["shares"],
                "citizens": this["citizens"],
                "changes": share_changes(this["shares"], old["shares"] if old else None),
            }
        )
    return rows
