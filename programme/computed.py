"""Figures computed from LearnSociety's own data, for indicators with a computed source.

Other apps register their figures (``units.indicators``, ``awards.indicators``,
``society.indicators``) in ``learnsociety.registry``, so that programme never imports their
models. ``None`` always means "no data yet": we never make a value up.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone

from learnsociety import registry

from .enums import ComputedSource, FeatureStatus
from .models import LearningCityFeature

logger = logging.getLogger(__name__)


def _external(source: str, year: int) -> Decimal | None:
    """A figure another app registered for ``source`` (learnsociety.registry)."""
    registered = registry.indicator_figure(source)
    if registered is None:
        return None
    figure, extra = registered
    result = figure(year, **extra)
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

    With ``shared_seconds`` the figures are also kept in the shared cache for that long
    (the dashboard, whose figures may be a minute old: over a national data set each one
    is a count over hundreds of thousands of dossiers). Pages where a user checks their
    own change leave it at 0."""

    def __init__(self, shared_seconds: int = 0):
        self._cache: dict[tuple[str, int], Decimal | None] = {}
        self.shared_seconds = shared_seconds

    def get(self, source: str, year: int) -> Decimal | None:
        key = (source, year)
        if key not in self._cache:
            self._cache[key] = (
                self._shared(source, year) if self.shared_seconds else compute(source, year)
            )
        return self._cache[key]

    def _shared(self, source: str, year: int) -> Decimal | None:

        key = f"programme:computed:{source}:{year}:{timezone.localdate().isoformat()}"
        found = cache.get(key)
        if found is None:
            # kept in a tuple: "no data yet" (None) is a result too
            found = (compute(source, year),)
            cache.set(key, found, self.shared_seconds)
        return found[0]


def compute(source: str, year: int) -> Decimal | None:
    if source == ComputedSource.LEARNING_CITY_SHARE:
        return learning_city_share(year)
    return _external(source, year)
