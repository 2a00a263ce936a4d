"""Turning criterion results into an outcome (a grade for points frameworks, a level for
threshold frameworks). Pure functions over already-loaded rows: no queries here."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from .enums import CriterionKind, FrameworkKind


@dataclass(frozen=True)
class Value:
    points: Decimal | None = None
    numerator: int | None = None
    denominator: int | None = None
    answer: bool | None = None

    def is_blank(self, kind: str) -> bool:
        if kind == CriterionKind.POINTS:
            return self.points is None
        if kind == CriterionKind.THRESHOLD:
            return self.numerator is None or self.denominator is None
        return self.answer is None


@dataclass
class Outcome:
    code: str  # "" when not achieved
    label: str
    points: Decimal | None
    percents: dict[int, Decimal | None] = field(default_factory=dict)
    unmet: dict[str, list[str]] = field(default_factory=dict)  # outcome code -> criterion codes


def percent(numerator: int | None, denominator: int | None) -> Decimal | None:
    """The share rounded to one decimal, for display only: never compare it with a
    threshold (899/999 shows as 90.0% but does not meet 90%), use ``meets`` instead."""
    if numerator is None or not denominator:
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def meets(numerator: int | None, denominator: int | None, min_percent: Decimal | None) -> bool:
    """Whether numerator/denominator reaches ``min_percent`` %, compared as exact fractions
    (Circular 24/2023 sets "≥ 90%": 1424 of 1499 is 94.996…%, which is not 95%)."""
    if numerator is None or not denominator or min_percent is None:
        return False
    return Fraction(numerator * 100, denominator) >= Fraction(min_percent)


def requirement_met(criterion, requirement, value: Value) -> bool:
    """Whether one criterion's value meets what one outcome requires of it."""
    if criterion.kind == CriterionKind.THRESHOLD:
        return meets(value.numerator, value.denominator, requirement.min_percent)
    if criterion.kind == CriterionKind.YES_NO:
        return value.answer is True
    return value.points is not None and (
        requirement.min_percent is None or value.points >= requirement.min_percent
    )


def _missing_for(outcome, criteria, values: dict[int, Value]) -> list[str]:
    """The codes of the criteria that fall short of ``outcome``, in criteria order."""
    return [
        criterion.code
        for criterion in criteria
        for requirement in criterion.requirements.all()
        if requirement.outcome_id == outcome.id
        and not requirement_met(criterion, requirement, values.get(criterion.id, Value()))
    ]


def _points_outcome(outcomes, criteria, values: dict[int, Value], percents) -> Outcome:

    total = sum(
        (
            points
            for c in criteria
            if c.id in values and (points := values[c.id].points) is not None and points
        ),
        Decimal(0),
    )
    reached = [o for o in outcomes if o.min_points is not None and total >= o.min_points]
    best = reached[-1] if reached else None
    return Outcome(
        code=best.code if best else "",
        label=best.name if best else _("Not achieved"),
        points=total,
        percents=percents,
    )


def compute(framework, criteria, values: dict[int, Value]) -> Outcome:
    """``criteria``: the criteria that apply to the school (with ``requirements``
    prefetched); ``framework.outcomes`` prefetched; ``values`` by criterion id."""

    outcomes = sorted(framework.outcomes.all(), key=lambda o: o.rank)
    percents = {
        c.id: percent(values.get(c.id, Value()).numerator, values.get(c.id, Value()).denominator)
        for c in criteria
        if c.kind == CriterionKind.THRESHOLD
    }
    if framework.kind == FrameworkKind.POINTS:
        return _points_outcome(outcomes, criteria, values, percents)
    best = None
    unmet: dict[str, list[str]] = {}
    for outcome in outcomes:
        unmet[outcome.code] = _missing_for(outcome, criteria, values)
        # Levels are cumulative: Level 2 needs Level 1 as well.
        if unmet[outcome.code]:
            break
        best = outcome
    return Outcome(
        code=best.code if best else "",
        label=best.name if best else _("Not achieved"),
        points=None,
        percents=percents,
        unmet=unmet,
    )


def outcome_label(framework, code: str) -> str:

    for outcome in framework.outcomes.all():
        if outcome.code == code:
            return outcome.name
    return _("Not achieved") if code == "" else code
