"""Figures the programme app reads for its indicators (through importlib): the province's
shares of the learning-society models and its Learning Citizens, from the accepted
returns of the year's round. ``None`` when the year has no round or no accepted return."""

from __future__ import annotations

from decimal import Decimal

from . import selectors


def _total(year: int) -> dict | None:
    return selectors.rollup(year)["total"]


def share(year: int, key: str) -> Decimal | None:
    total = _total(year)
    return None if total is None else total["shares"].get(key)


def citizens(year: int) -> Decimal | None:
    total = _total(year)
    return None if total is None else total["citizens"]
