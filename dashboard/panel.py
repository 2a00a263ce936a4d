"""Turns the dashboard's numbers into what the templates show: headline cards with their
change since last year and links to the filtered lists behind them, charts with their
table alternatives, and the "needs attention" list."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from accounts import roles
from accounts.enums import Tier
from accounts.selectors import is_province
from awards.enums import NominationStatus
from awards.selectors import nominations_visible_to
from learnsociety import charts
from learnsociety.params import id_param, year_param
from programme import computed as programme_computed
from programme import selectors as ps
from programme.charts import indicator_chart
from programme.computed import ComputedValues
from programme.enums import STATUS_BADGE, CommitmentStatus
from programme.models import Indicator
from society.selectors import share_labels
from units import selectors as units_selectors
from units.enums import AssessmentStatus, EducationLevel

from . import figures

logger = logging.getLogger(__name__)

TREND_YEARS = figures.YEARS


@dataclass
class Line:
    label: str | Promise
    value: object
    url: str = ""
    note: str = ""
    badge: str = ""


@dataclass
class Card:
    key: str
    title: str
    value: object
    url: str
    change: int | Decimal | None = None
    change_label: str = ""
    lines: list[Line] = field(default_factory=list)
    note: str = ""
    percent: bool = False
    # Whether a rise is good news (green) or bad news (red).
    rise_is_good: bool = True

    @property
    def change_class(self) -> str:
        if not self.change:
            return "text-body-secondary"
        return "text-success" if (self.change > 0) == self.rise_is_good else "text-danger"


@dataclass
class Chart:
    key: str
    title: str
    svg: str
    columns: list[str]
    rows: list[list]
    legend: list[tuple[int, str]] = field(default_factory=list)
    note: str = ""
    # On screen, instead of the SVG (which PDFs keep): wrapping HTML bars for many areas.
    html: str = ""


def _pct_note(part, whole, places: str = "0.1") -> str:
    return f"{number_format(figures.pct(part, whole, places) or 0)}%"


def _url(name: str, args=None, **params) -> str:
    base = reverse(name, args=args)
    clean = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{base}?{urlencode(clean)}" if clean else base


def parse_filters(get) -> tuple[int, int | None]:
    year = year_param(get.get("year"))
    if year not in figures.YEARS:
        year = figures.default_year()
    return year, id_param(get.get("area"))


def _level_label(code: str) -> str:

    try:
        return str(EducationLevel(code).label)
    except ValueError:
        return code


def _form_name(row: dict) -> str:
    lang = translation.get_language() or "vi"
    return row["name_en"] if lang.startswith("en") else row["name_vi"]


def _commitments_card(data: dict) -> Card:
    """Commitments by status, and overdue ones since last year."""
    year = data["year"]
    prog = data["programme"]
    statuses = prog["status"]
    return Card(
        key="commitments",
        title=_("Commitments by status"),
        value=sum(statuses.values()),
        url=_url("programme:overview"),
        change=statuses[CommitmentStatus.OVERDUE]
        - prog["status_previous"][CommitmentStatus.OVERDUE],
        change_label=_("overdue since 31/12/%(year)s") % {"year": year - 1},
        rise_is_good=False,
        lines=[
            Line(
                CommitmentStatus(s).label,
                n,
                _url("programme:overview", status=s),
                badge=STATUS_BADGE[s],
            )
            for s, n in statuses.items()
        ],
    )


def _units_card(data: dict) -> Card:
    """The share of schools recognised as Learning Units, by tier and by level."""
    area = data["area_id"]
    units = data["units"]
    share = units["share"]
    tiers = units["tiers"]
    lines = []
    for tier in (Tier.DISTRICT, Tier.PROVINCIAL, Tier.COMMUNE):
        row = tiers.get(tier)
        if not row:
            continue
        lines.append(
            Line(
                str(tier.label),
                f"{row['now']}/{row['schools']}",
                _url("units:school-list", tier=tier, area=area),
                note=_pct_note(row["now"], row["schools"]),
            )
        )
    for code, row in sorted(units["levels"].items(), key=lambda i: _level_label(i[0])):
        lines.append(
            Line(
                _level_label(code),
                f"{row['now']}/{row['schools']}",
                _url("units:school-list", education_level=code, area=area),
                note=_pct_note(row["now"], row["schools"]),
            )
        )
    target_note = _(
        "National targets: %(t2025)s%% of units by 2025, %(t2030)s%% by 2030 "
        "(Decisions 1373/QĐ-TTg, 387/QĐ-TTg, 677/QĐ-TTg)."
    ) % {"t2025": figures.NATIONAL_TARGETS[2025], "t2030": figures.NATIONAL_TARGETS[2030]}
    return Card(
        key="learning_units",
        title=_("Schools recognised as Learning Units in %(year)s")
        % {"year": units["results_year"]},
        value=share if share is not None else 0,
        percent=True,
        url=_url("units:coverage"),
        change=(share - units["share_previous"])
        if share is not None and units["share_previous"] is not None
        else None,
        change_label=_("points since %(year)s") % {"year": units["results_year"] - 1},
        lines=[
            Line(
                _("Recognised schools"),
                f"{units['recognised']}/{units['schools']}",
                _url("units:school-list", area=area),
            ),
            *lines,
        ],
        note=target_note,
    )


def _society_card(data: dict) -> Card | None:
    """The communes' learning-society returns (None before any is accepted)."""
    society = data.get("society") or {}
    if not society.get("results_year"):
        return None

    shares, before = society["shares"], society["shares_previous"]
    families = shares.get("families")
    previous = before.get("families") if before else None
    return Card(
        key="learning_society",
        title=_("Learning families in %(year)s (communes' returns)")
        % {"year": society["results_year"]},
        value=families if families is not None else 0,
        percent=True,
        url=_url("society:rollup", year=society["results_year"]),
        change=(families - previous) if families is not None and previous is not None else None,
        change_label=_("points since %(year)s") % {"year": society["results_year"] - 1},
        lines=[
            *[
                Line(
                    label,
                    f"{number_format(shares[key])}%" if shares.get(key) is not None else "—",
                    _url("society:rollup", year=society["results_year"]),
                    note=_("target 2025: %(t)s%%") % {"t": society["targets"][key]}
                    if key in society["targets"]
                    else "",
                )
                # labels in the reader's language: the cached figures are shared
                for key, label in share_labels()
                if key != "families"
            ],
            Line(
                _("Learning Citizens"),
                number_format(society["citizens"] or 0, decimal_pos=0, force_grouping=True),
                _url("society:rollup", year=society["results_year"]),
            ),
            Line(
                _("Communes with an accepted return"),
                society["returns"],
                _url("society:completeness", year=society["results_year"]),
            ),
        ],
        note=_(
            "National targets for 2025 (Decision 1373/QĐ-TTg): learning families "
            "%(f)s%%, clans %(c)s%%, communities %(m)s%%."
        )
        % {
            "f": society["targets"]["families"],
            "c": society["targets"]["clans"],
            "m": society["targets"]["communities"],
        },
    )


def _assessments_card(data: dict) -> Card:
    """The self-assessments of the year's cycle, by state."""
    year = data["year"]
    area = data["area_id"]
    units = data["units"]
    a = units["assessments"]
    return Card(
        key="assessments",
        title=_("Self-assessments of the %(year)s cycle") % {"year": year},
        value=a["submitted"],
        url=_url("units:review-queue", area=area),
        change=a["submitted"] - a["submitted_previous"],
        change_label=_("submitted, compared with %(year)s") % {"year": year - 1},
        lines=[
            Line(_("Submitted"), a["submitted"], _url("units:review-queue", area=area)),
            Line(
                _("In review"),
                a["in_review"],
                _url("units:review-queue", area=area),
                badge="text-bg-info",
            ),
            Line(
                _("Returned for corrections"),
                a["returned"],
                _url("units:review-queue", status=AssessmentStatus.RETURNED, area=area),
                badge="text-bg-warning",
            ),
            Line(
                _("Verified, waiting for a decision"),
                a["verified"],
                _url("units:review-queue", status=AssessmentStatus.VERIFIED, area=area),
            ),
            Line(
                _("Overdue (not submitted after the deadline)"),
                a["overdue"],
                _url("units:coverage"),
                badge="text-bg-danger",
            ),
        ],
    )


def _nominations_card(data: dict) -> Card:
    """The nominations of the year's rounds, by status."""
    year = data["year"]
    awards = data["awards"]
    rounds = awards["rounds"]
    round_id = rounds[0]["id"] if len(rounds) == 1 else None
    by_status = awards["by_status"]
    return Card(
        key="nominations",
        title=_("Nominations in the %(year)s rounds") % {"year": year},
        value=awards["submitted"],
        url=_url("awards:nomination-list", round=round_id),
        change=awards["submitted"] - awards["submitted_previous"],
        change_label=_("submitted, compared with %(year)s") % {"year": year - 1},
        lines=[
            Line(
                NominationStatus(s).label,
                by_status.get(s, 0),
                _url("awards:nomination-list", round=round_id, status=s),
            )
            for s in NominationStatus.values
            if by_status.get(s, 0)
        ],
    )


def _quota_card(data: dict) -> Card:
    """The quota used in the year's rounds, and commendations granted."""
    year = data["year"]
    awards = data["awards"]
    rounds = awards["rounds"]
    round_id = rounds[0]["id"] if len(rounds) == 1 else None
    quota_lines = [
        Line(
            _form_name(r),
            f"{r['used']}/{r['quota']}",
            _url("awards:round-ranking", args=[round_id]) if round_id else "",
            note=_pct_note(r["used"], r["quota"], "1"),
        )
        for r in awards["quota"]
    ]
    return Card(
        key="quota",
        title=_("Quota used in the %(year)s rounds") % {"year": year},
        value=f"{awards['quota_used']}/{awards['quota_total']}",
        url=_url("awards:round-list"),
        change=awards["commended"] - awards["commended_previous"],
        change_label=_("commendations, compared with %(year)s") % {"year": year - 1},
        lines=[
            Line(
                _("Commendations granted in %(year)s") % {"year": year},
                awards["commended"],
                _url("awards:register", year=year),
            ),
            *quota_lines,
        ],
    )


def _overdue_card(data: dict) -> Card:
    """Overdue milestones and progress reports."""
    year = data["year"]
    prog = data["programme"]
    m, r = prog["milestones"], prog["reports"]
    return Card(
        key="overdue",
        title=_("Overdue milestones and reports"),
        value=m["overdue"] + r["overdue"],
        url=_url("programme:overview", status=CommitmentStatus.OVERDUE),
        change=m["done_year"] - m["done_previous"],
        change_label=_("milestones done in %(year)s, compared with %(previous)s")
        % {"year": year, "previous": year - 1},
        lines=[
            Line(
                _("Overdue milestones"),
                m["overdue"],
                _url("programme:overview", status=CommitmentStatus.OVERDUE),
                badge="text-bg-danger",
            ),
            Line(
                _("Progress reports overdue in %(year)s") % {"year": year},
                r["overdue"],
                _url("programme:report-list", year=year),
                badge="text-bg-danger",
            ),
            Line(
                _("Reports returned for corrections"),
                r["returned"],
                _url("programme:report-list", status="returned"),
                badge="text-bg-warning",
            ),
            Line(
                _("Reports waiting for review"),
                r["waiting"],
                _url("programme:report-list", status="submitted"),
            ),
            Line(
                _("Milestones due in %(year)s: done") % {"year": year},
                f"{m['done_year']}/{m['due_year']}",
                _url("programme:overview", year=year),
            ),
        ],
    )


def cards(data: dict) -> list[Card]:
    """The dashboard's figure cards, in the order they are shown."""
    found = (
        _commitments_card(data),
        _units_card(data),
        _society_card(data),
        _assessments_card(data),
        _nominations_card(data),
        _quota_card(data),
        _overdue_card(data),
    )
    return [card for card in found if card is not None]


def _coverage_area_chart(units: dict) -> Chart:
    """Learning Unit coverage by area, in the year of the latest decisions."""
    areas = units["by_area"]
    return Chart(
        key="coverage-area",
        title=_("Learning Unit coverage by area, %(year)s") % {"year": units["results_year"]},
        svg=charts.bar_chart(
            [r["area"] for r in areas],
            [(_("Recognised"), [r["share"] or 0 for r in areas])],
            label=_("Share of schools recognised as Learning Units by area"),
            percent=True,
        ),
        html=charts.bar_list(
            [r["area"] for r in areas],
            [r["share"] for r in areas],
            label=_("Share of schools recognised as Learning Units by area"),
            percent=True,
        ),
        columns=[_("Area"), _("Schools"), _("Recognised"), _("Share (%)")],
        rows=[[r["area"], r["schools"], r["recognised"], r["share"]] for r in areas],
        note=_("More than %(n)s areas: added up per province.") % {"n": figures.AREA_LIMIT}
        if units.get("by_area_grouped")
        else "",
    )


def _coverage_years_chart(units: dict) -> Chart:
    """Learning Unit coverage over the years, against the national targets."""
    schools = units["schools"]
    shares = [
        figures.pct(units["by_year"][y], schools) if units["by_year"][y] else None
        for y in TREND_YEARS
    ]
    targets = dict(figures.NATIONAL_TARGETS)
    return Chart(
        key="coverage-years",
        title=_("Learning Unit coverage over the years"),
        svg=charts.line_chart(
            list(TREND_YEARS),
            [(_("Recognised"), shares)],
            label=_("Share of schools recognised as Learning Units by year"),
            percent=True,
            targets=targets,
        ),
        columns=[_("Year"), _("Recognised schools"), _("Share (%)"), _("National target (%)")],
        rows=[
            [y, units["by_year"][y], s, targets.get(y)]
            for y, s in zip(TREND_YEARS, shares, strict=True)
        ],
        legend=[(0, _("Share recognised")), (-1, _("National target"))],
        note=_("Share of today's active schools, by year of recognition."),
    )


def _award_chart(awards: dict, key: str, title, source: str) -> Chart:
    """Nominations or commendations by award form and year."""
    rows = awards[source]
    years = sorted({y for y, _c, _n in rows})
    forms = sorted({c for _y, c, _n in rows})
    counts = {(y, c): n for y, c, n in rows}
    lang = "en" if (translation.get_language() or "vi").startswith("en") else "vi"
    names = {c: awards["form_names"].get(c, {}).get(lang, c) for c in forms}
    series = [(names[c], [counts.get((y, c), 0) for y in years]) for c in forms]
    return Chart(
        key=key,
        title=title,
        svg=charts.bar_chart(years, series, label=title),
        columns=[_("Year"), *[names[c] for c in forms]],
        rows=[[y, *[counts.get((y, c), 0) for c in forms]] for y in years],
        legend=[(i % charts.SERIES_CLASSES, names[c]) for i, c in enumerate(forms)],
    )


def chart_list(data: dict, *, with_indicators: bool = True, indicator_limit: int | None = 3):
    units, awards = data["units"], data["awards"]
    result = []
    if with_indicators:
        result.extend(indicator_charts(limit=indicator_limit))
    result.append(_coverage_area_chart(units))
    result.append(_coverage_years_chart(units))
    for key, title, source in (
        ("nominations", _("Nominations by award form and year"), "nominations_by_form_year"),
        ("commendations", _("Commendations by award form and year"), "commendations_by_form_year"),
    ):
        result.append(_award_chart(awards, key, title, source))
    return result


def indicator_charts(limit: int | None = 3) -> list[Chart]:
    """Targets against actuals 2024–2030 (programme.charts.indicator_chart), computed
    indicators first; a fixed number of queries."""

    indicators = list(
        Indicator.objects.select_related("commitment")
        .prefetch_related(ps.accepted_values_prefetch())
        .order_by("-source", "commitment__code", "code")
    )
    indicators.sort(key=lambda i: (not i.is_computed, i.commitment.code, i.code))
    if limit is not None:
        indicators = indicators[:limit]
    computed = ComputedValues()
    result = []
    for indicator in indicators:
        series = ps.indicator_series(indicator, computed)
        result.append(
            Chart(
                key=f"indicator-{indicator.pk}",
                title=_("%(code)s %(name)s: targets and actual values")
                % {"code": indicator.code, "name": indicator.name},
                svg=indicator_chart(series),
                columns=[_("Year"), _("Target"), _("Actual")],
                rows=[
                    [y, ps.format_number(t) or "—", ps.format_number(a) or "—"]
                    for y, t, a in series.points
                ],
                legend=[(-2, _("Target")), (-3, _("Actual"))],
            )
        )
    return result


def attention_items(data: dict) -> list[dict]:
    """One flat list of what waits, with links, in order of urgency."""

    def day(value) -> str:
        return date_format(value, "SHORT_DATE_FORMAT") if value else ""

    items = []
    groups = [
        (
            "milestones",
            _("Overdue milestones"),
            "text-bg-danger",
            lambda m: (
                f"{m.commitment.code}. {m.title}",
                _("due %(date)s") % {"date": day(m.due_date)},
                reverse("programme:commitment-detail", args=[m.commitment_id]),
            ),
            _url("programme:overview", status="overdue"),
        ),
        (
            "returned_reports",
            _("Progress reports returned for corrections"),
            "text-bg-warning",
            lambda r: (
                f"{r.commitment.code} · {r.period_label}",
                _("returned"),
                reverse("programme:report-detail", args=[r.pk]),
            ),
            _url("programme:report-list", status="returned"),
        ),
        (
            "waiting_reports",
            _("Progress reports waiting for review too long"),
            "text-bg-secondary",
            lambda r: (
                f"{r.commitment.code} · {r.period_label}",
                _("submitted %(date)s") % {"date": day(r.submitted_at)},
                reverse("programme:report-detail", args=[r.pk]),
            ),
            _url("programme:report-list", status="submitted"),
        ),
        (
            "returned_assessments",
            _("Self-assessments returned to schools"),
            "text-bg-warning",
            lambda a: (
                f"{a.school.organisation.name} · {a.cycle.year}",
                _("returned"),
                reverse("units:assessment-detail", args=[a.pk]),
            ),
            _url("units:review-queue", status="returned", area=data["area_id"]),
        ),
        (
            "waiting_assessments",
            _("Self-assessments waiting for review too long"),
            "text-bg-secondary",
            lambda a: (
                f"{a.school.organisation.name} · {a.cycle.year}",
                _("submitted %(date)s") % {"date": day(a.submitted_at)},
                reverse("units:assessment-detail", args=[a.pk]),
            ),
            _url("units:review-queue", waiting=figures.WAITING_DAYS, area=data["area_id"]),
        ),
        (
            "more_info",
            _("Nominations waiting for more information"),
            "text-bg-warning",
            lambda n: (
                f"{n.nominee_name} · {n.round.title}",
                _("more information requested"),
                reverse("awards:nomination-detail", args=[n.pk]),
            ),
            _url("awards:nomination-list", status="more_info"),
        ),
        (
            "waiting_nominations",
            _("Nominations waiting for review too long"),
            "text-bg-secondary",
            lambda n: (
                f"{n.nominee_name} · {n.round.title}",
                _("submitted %(date)s") % {"date": day(n.submitted_at)},
                reverse("awards:nomination-detail", args=[n.pk]),
            ),
            _url("awards:nomination-list"),
        ),
    ]
    attention = data["attention"]
    for key, title, badge, describe, more_url in groups:
        found = attention[key]
        if not found["count"]:
            continue
        entries = []
        for obj in found["items"]:
            label, note, url = describe(obj)
            entries.append({"label": label, "note": note, "url": url})
        items.append(
            {
                "key": key,
                "title": title,
                "badge": badge,
                "count": found["count"],
                "entries": entries,
                "more_url": more_url,
            }
        )
    return items


def parse_by_today(get) -> bool:
    """The "by today's areas" switch; by default a year's figures group schools by the
    areas of that year."""
    return get.get("areas") == "today"


# The permission each linked list asks for: a card's link is shown only to a user who may
# open it (the figures are cached for every role alike).
LINK_PERMS = {
    "units:review-queue": "units.review_queue",
    "units:coverage": "units.view_coverage",
    "units:school-list": "units.list_schools",
    "society:completeness": "society.view_completeness",
    "society:rollup": "society.view_completeness",
    "awards:round-ranking": "awards.manage_nominations",
    "awards:register": "awards.view_register",
    "awards:round-list": "awards.view_rounds",
}


def _view_name(url: str) -> tuple[str, dict] | None:

    try:
        match = resolve(url.split("?", 1)[0])
    except Resolver404:
        return None
    return match.view_name, match.kwargs


def _may_open(user, url: str) -> bool:
    if not url:
        return True
    found = _view_name(url)
    if found is None:
        return False
    perm = LINK_PERMS.get(found[0])
    return perm is None or user.has_perm(perm)


def _objects_may_open(user, urls: list[str]) -> dict[str, bool]:
    """For the detail links among ``urls`` to rows another party may own, whether the user
    may open each: at most one query (the nominations the user sees); dossiers are open to
    every role that has the dashboard."""

    wanted: dict[int, str] = {}
    for url in urls:
        found = _view_name(url)
        if found and found[0] == "awards:nomination-detail":
            wanted[int(found[1]["pk"])] = url
    if not wanted:
        return {}
    visible = set(
        nominations_visible_to(user).filter(pk__in=list(wanted)).values_list("pk", flat=True)
    )
    return {url: pk in visible for pk, url in wanted.items()}


def for_user(cards_: list[Card], attention: list[dict], user) -> tuple[list[Card], list[dict]]:
    """The same cards and attention items without the links this user may not open (the
    figures are the whole scope's; the lists and rows behind them are not all theirs)."""

    allowed: dict[str, bool] = {}

    def keep(url: str) -> str:
        if url not in allowed:
            allowed[url] = _may_open(user, url)
        return url if allowed[url] else ""

    shown = [
        replace(
            card,
            url=keep(card.url),
            lines=[replace(line, url=keep(line.url)) for line in card.lines],
        )
        for card in cards_
    ]
    may_open = _objects_may_open(user, [e["url"] for item in attention for e in item["entries"]])
    items = [
        {
            **item,
            "entries": [e for e in item["entries"] if may_open.get(e["url"], True)],
            "more_url": keep(item["more_url"]),
        }
        for item in attention
    ]
    return shown, items


def dashboard_context(
    request, *, year: int, area_id: int | None, by_today: bool | None = None
) -> dict:
    if by_today is None:
        by_today = parse_by_today(request.GET)
    provinces = figures.scope_of(request.user)
    areas = list(figures.area_choices(request.user))
    area = next((a for a in areas if a.pk == area_id), None)
    figures_area_id = area_id
    if is_province(area) and area is not None:
        # A national user chose one province: its figures are that province's scope.
        provinces, figures_area_id = (area.pk,), None
    figures.mark_viewed(provinces)
    data = dict(figures.dashboard_figures(year, figures_area_id, by_today, provinces=provinces))
    data["attention"] = figures.dashboard_attention(year, figures_area_id, provinces=provinces)
    shown_cards, shown_attention = for_user(cards(data), attention_items(data), request.user)
    return {
        "template": "dashboard/_panel.html",
        "wide": True,
        "year": year,
        "area_id": area_id,
        "by_today": by_today,
        "area": area,
        "years": figures.YEARS,
        "areas": areas,
        "cards": shown_cards,
        "charts": _cached_charts(data, year, figures_area_id, by_today, provinces),
        "attention": shown_attention,
        "figures": data,
    }


def report_charts(
    data: dict, year: int, provinces: figures.Provinces = None, *, refresh: bool = False
) -> list:
    """The report's charts (every indicator's), drawn from the cached figures and kept for
    the same minute, per language; ``refresh`` draws them now (``refresh_cached``)."""
    key = ":".join(
        [
            "dashboard:report-charts",
            roles.scope_key(provinces),
            str(year),
            translation.get_language() or "vi",
            timezone.localdate().isoformat(),
        ]
    )
    return figures.cached(key, lambda: chart_list(data, indicator_limit=None), refresh=refresh)


def _cached_charts(
    data: dict,
    year: int,
    area_id: int | None,
    by_today: bool = False,
    provinces: figures.Provinces = None,
    *,
    refresh: bool = False,
) -> list:
    """The charts drawn from the cached figures, kept for the same minute (drawing the SVGs
    and reading the indicators cost more than the rest of the page), per language."""

    key = ":".join(
        [
            "dashboard:charts",
            roles.scope_key(provinces),
            str(year),
            str(area_id or 0),
            str(int(by_today)),
            translation.get_language() or "vi",
            timezone.localdate().isoformat(),
        ]
    )
    return figures.cached(key, lambda: chart_list(data), refresh=refresh)


def public_charts(data: dict, *, refresh: bool = False) -> list:
    """The public progress page's charts (no nominations), drawn from the cached figures of
    the default view and kept, per language, for the same minute: anonymous visitors do not
    draw them again on every request."""
    key = ":".join(
        [
            "public:progress:charts",
            str(data["year"]),
            translation.get_language() or "vi",
            timezone.localdate().isoformat(),
        ]
    )
    return figures.cached(
        key,
        lambda: [c for c in chart_list(data, indicator_limit=6) if c.key != "nominations"],
        refresh=refresh,
    )


def refresh_cached(year: int | None = None) -> None:
    """Compute again, before they expire, the figures, the attention totals and the charts
    (in both languages) of the view every dashboard, staff home and the public progress page
    open with: the default year, areas of that year; for every province (administrators,
    national viewers, the public page) and for each province whose dashboard was opened in
    the last quarter of an hour (``figures.viewed_provinces``: a national deployment does
    not recompute 34 provinces' figures nobody reads). Beat runs it more often than the
    cache expires (``dashboard.tasks.refresh_dashboard``), so no user's request pays for it.
    The programme's computed indicators are renewed first, for every year (their pages and
    the figures below read them), and the coverage report of all provinces together. A
    failure of one of those two is logged and leaves the dashboard's figures to be renewed.
    """
    for renew_also in (programme_computed.refresh, units_selectors.refresh_coverage):
        try:
            renew_also()
        except Exception:
            logger.exception("background refresh failed: %s", renew_also.__qualname__)
    year = year or figures.default_year()
    for provinces in [None, *((p,) for p in figures.viewed_provinces())]:
        data = dict(figures.dashboard_figures(year, None, False, provinces=provinces, refresh=True))
        data["attention"] = figures.dashboard_attention(
            year, None, provinces=provinces, refresh=True
        )
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                _cached_charts(data, year, None, False, provinces, refresh=True)
                report_charts(data, year, provinces, refresh=True)
                if provinces is None:
                    public_charts(data, refresh=True)
