"""Figures computed from LearnSociety's own data, for indicators with a computed source.

Other apps register their figures (``units.indicators``, ``awards.indicators``,
``society.indicators``) in ``learnsociety.registry``, so that programme never imports their
models. ``None`` always means "no data yet": we never make a value up.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time
from decimal import Decimal
from functools import cached_property

from django.core.cache import cache
from django.db.models import Subquery
from django.utils import timezone

from accounts.roles import scope_key
from learnsociety import registry
from learnsociety.cache import compute_once

from .enums import ComputedSource, FeatureStatus, Source
from .models import YEARS, Indicator, LearningCityFeature, Programme

logger = logging.getLogger(__name__)


# How long a figure another app computes is kept (the dashboard's minute): over a national
# data set each is a count over thousands of dossiers, and beat renews them before they
# expire (``refresh``), so no page waits for one.
CACHE_SECONDS = 60

# The provinces a programme's figures cover: None for every province, else a sorted tuple.
Provinces = tuple[int, ...] | None


def programme_provinces() -> Provinces:
    """The provinces of the current programme's parties (its DOET and Association): the
    computed indicators count that province's schools, dossiers, commendations and returns,
    not the whole deployment's (issue 18). None, every province, for a programme without
    parties or with a party of no province (a central body's programme). Kept in the cache
    for CACHE_SECONDS, like the figures it scopes."""

    def make() -> tuple[Provinces]:
        current = Programme.objects.order_by("-start_year", "id").values("pk")[:1]
        found: set[int | None] = set(
            Programme.parties.through.objects.filter(programme_id=Subquery(current)).values_list(
                "organisation__province_id", flat=True
            )
        )
        if not found or None in found:
            return (None,)
        return (tuple(sorted(p for p in found if p is not None)),)

    return compute_once("programme:provinces", make, timeout=CACHE_SECONDS)[0]


def _external(source: str, year: int, provinces: Provinces) -> Decimal | None:
    """A figure another app registered for ``source`` (learnsociety.registry)."""
    registered = registry.indicator_figure(source)
    if registered is None:
        return None
    figure, extra = registered
    result = figure(year, provinces=provinces, **extra)
    if result is None:
        return None
    return Decimal(str(result))


def learning_city_share(year: int) -> Decimal | None:
    """Percentage of the learning-city key features marked "in place": the checklist as it
    stood at the end of ``year`` (from its history), today's state for the current year,
    nothing for future years."""

    today = timezone.localdate()
    if year > today.year:
        return None
    if year == today.year:
        statuses = list(LearningCityFeature.objects.values_list("status", flat=True))
    else:
        moment = timezone.make_aware(datetime.combine(date(year, 12, 31), time.max))
        statuses = [row.status for row in LearningCityFeature.history.as_of(moment)]
    if not statuses:
        return None
    in_place = sum(1 for status in statuses if status == FeatureStatus.IN_PLACE)
    return (Decimal(in_place * 100) / Decimal(len(statuses))).quantize(Decimal("0.1"))


class ComputedValues:
    """Memoises computed figures for one request, so a page asks each source once per
    year however many indicators use it (query counts stay constant).

    The figures other apps compute are counted over the programme's provinces
    (``programme_provinces``) and kept in the shared cache for CACHE_SECONDS, renewed in
    the background (``refresh``). The programme's own learning-city share is read live:
    it is cheap, and its checklist is edited on the page that shows it."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, int], Decimal | None] = {}
        self._read = False

    @cached_property
    def provinces(self) -> Provinces:
        return programme_provinces()

    def _read_cached(self) -> None:
        """Every figure of the programme's years already in the shared cache, in one round
        trip (a report reads some forty)."""
        provinces = self.provinces
        wanted = {
            _key(source, year, provinces): (source, year)
            for source in ComputedSource.values
            if source != ComputedSource.LEARNING_CITY_SHARE
            for year in YEARS
        }
        for key, found in cache.get_many(list(wanted)).items():
            self._cache[wanted[key]] = found[0]
        self._read = True

    def get(self, source: str, year: int) -> Decimal | None:
        key = (source, year)
        if not self._read and source != ComputedSource.LEARNING_CITY_SHARE:
            self._read_cached()
        if key not in self._cache:
            if source == ComputedSource.LEARNING_CITY_SHARE:
                self._cache[key] = learning_city_share(year)
            else:
                self._cache[key] = shared(source, year, self.provinces)
        return self._cache[key]


def _key(source: str, year: int, provinces: Provinces) -> str:
    return ":".join(
        [
            "programme:computed",
            scope_key(provinces),
            source,
            str(year),
            timezone.localdate().isoformat(),
        ]
    )


def shared(source: str, year: int, provinces: Provinces, *, refresh: bool = False):
    """``compute`` kept in the shared cache for CACHE_SECONDS; one process computes it while
    the others wait. ``refresh`` computes it now (the background refresh)."""
    # kept in a tuple: "no data yet" (None) is a result too
    return compute_once(
        _key(source, year, provinces),
        lambda: (compute(source, year, provinces),),
        timeout=CACHE_SECONDS,
        refresh=refresh,
    )[0]


def refresh() -> None:
    """Compute again, before they expire, the figures of every computed indicator for each
    year of the programme up to this one (beat, with the dashboard's figures)."""
    provinces = programme_provinces()
    this_year = timezone.localdate().year
    sources = (
        Indicator.objects.filter(source=Source.COMPUTED)
        .exclude(computed_source=ComputedSource.LEARNING_CITY_SHARE)
        .order_by()
        .values_list("computed_source", flat=True)
        .distinct()
    )
    for source in sources:
        for year in YEARS:
            if year <= this_year:
                shared(source, year, provinces, refresh=True)


def compute(source: str, year: int, provinces: Provinces = None) -> Decimal | None:
    if source == ComputedSource.LEARNING_CITY_SHARE:
        return learning_city_share(year)
    return _external(source, year, provinces)
