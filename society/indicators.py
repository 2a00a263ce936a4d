"""Figures the programme app reads for its indicators (registered in learnsociety.registry): the
shares of the learning-society models and the Learning Citizens of the programme's provinces,
from the accepted returns of the year's round. ``None`` when the year has no round or no
accepted return."""

from __future__ import annotations

from decimal import Decimal

from learnsociety import registry

from . import cached

Provinces = tuple[int, ...] | None


def _total(year: int, provinces: Provinces) -> dict | None:
    # the cached roll-up: five sources read the same year's
    return cached.rollup_within(year, provinces)["total"]


@registry.indicator_source("society_families", key="families")
@registry.indicator_source("society_clans", key="clans")
@registry.indicator_source("society_communities", key="communities")
@registry.indicator_source("society_villages", key="villages")
def share(year: int, key: str, provinces: Provinces = None) -> Decimal | None:
    total = _total(year, provinces)
    return None if total is None else total["shares"].get(key)


@registry.indicator_source("society_citizens")
def citizens(year: int, provinces: Provinces = None) -> Decimal | None:
    total = _total(year, provinces)
    return None if total is None else total["citizens"]
