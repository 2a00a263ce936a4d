"""The validation of a return, from the rules its form defines as data.

Pure functions over plain values so that the page, the Excel upload and the services
give the same answers. An error must be fixed; a warning (a jump from last year) must be
explained in the field's comment before the return can be submitted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .enums import FieldKind, RuleKind, Severity


@dataclass(frozen=True)
class Issue:
    field: str
    severity: str
    message: str
    explained: bool = False
    village_id: int | None = None

    @property
    def blocking(self) -> bool:
        return self.severity == Severity.ERROR or not self.explained

    @property
    def is_warning(self) -> bool:
        return self.severity == Severity.WARNING


def _n(value: Decimal) -> str:
    if value == value.to_integral_value():
        return number_format(int(value), force_grouping=True)
    return number_format(value, decimal_pos=1, force_grouping=True)


def kind_error(kind: str, value: Decimal) -> str | None:
    """The built-in range of each kind of field: counts are whole and not negative,
    percentages lie within 0–100, yes/no is 0 or 1."""
    if value < 0:
        return _("The value cannot be negative.")
    if kind == FieldKind.COUNT and value != value.to_integral_value():
        return _("Enter a whole number.")
    if kind == FieldKind.PERCENT and value > 100:
        return _("A share must lie between 0 and 100%.")
    if kind == FieldKind.YES_NO and value not in (0, 1):
        return _("Enter 1 (yes) or 0 (no).")
    return None


def _field_error(field, value: Decimal | None) -> str | None:
    """The field's own error: empty though required, or outside its kind's range."""
    if value is None:
        return _("Enter a value.") if field.required else None
    return kind_error(field.kind, value)


def _not_above(rule, value: Decimal, values, previous) -> str | None:
    other = values.get(rule.other.code) if rule.other_id else None
    if other is None or value <= other:
        return None
    return _("%(field)s (%(value)s) cannot be above %(other)s (%(limit)s).") % {
        "field": rule.field.display_label,
        "value": _n(value),
        "other": rule.other.display_label,
        "limit": _n(other),
    }


def _range(rule, value: Decimal, values, previous) -> str | None:
    if rule.minimum is not None and value < rule.minimum:
        return _("The value must be at least %(min)s.") % {"min": _n(rule.minimum)}
    if rule.maximum is not None and value > rule.maximum:
        return _("The value must be at most %(max)s.") % {"max": _n(rule.maximum)}
    return None


def _jump(rule, value: Decimal, values, previous) -> str | None:
    before = previous.get(rule.field.code)
    if rule.percent is None or not before:
        return None
    change = (value - before) * 100 / before
    if abs(change) <= rule.percent:
        return None
    return _(
        "%(change)s%% compared with last year (%(before)s): more than "
        "%(limit)s%%. Explain the change in the comment."
    ) % {
        "change": ("+" if change > 0 else "") + _n(change.quantize(Decimal("0.1"))),
        "before": _n(before),
        "limit": _n(rule.percent),
    }


# what each kind of rule says about a value, given all values and last year's
RULE_CHECKS = {RuleKind.NOT_ABOVE: _not_above, RuleKind.RANGE: _range, RuleKind.JUMP: _jump}


def check(
    fields: Iterable,
    rules: Iterable,
    values: Mapping[str, Decimal | None],
    *,
    notes: Mapping[str, str] | None = None,
    previous: Mapping[str, Decimal | None] | None = None,
    village_id: int | None = None,
    with_jumps: bool = True,
) -> list[Issue]:
    """Every broken rule, in field order. ``fields`` and ``rules`` are the form's rows
    (rules with their ``field`` and ``other`` loaded); ``values`` maps a field code to its
    value (None when empty)."""
    notes = notes or {}
    previous = previous or {}
    fields = list(fields)
    order = {f.code: i for i, f in enumerate(fields)}
    issues: list[Issue] = []
    broken: set[str] = set()
    for field in fields:
        message = _field_error(field, values.get(field.code))
        if message:
            issues.append(Issue(field.code, Severity.ERROR, message, False, village_id))
            broken.add(field.code)
    for rule in rules:
        code = rule.field.code
        value = values.get(code)
        checker = RULE_CHECKS.get(rule.kind)
        if value is None or code in broken or checker is None:
            continue
        if rule.kind == RuleKind.JUMP and not with_jumps:
            continue
        message = checker(rule, value, values, previous)
        if message:
            explained = rule.severity == Severity.WARNING and bool(notes.get(code, "").strip())
            issues.append(Issue(code, rule.severity, message, explained, village_id))
    issues.sort(key=lambda i: (order.get(i.field, 0), i.severity != Severity.ERROR))
    return issues


def blocking(issues: Iterable[Issue]) -> list[Issue]:
    return [i for i in issues if i.blocking]
