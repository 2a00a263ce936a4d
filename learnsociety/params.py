"""Bounds of what a query string may ask for (issue 16): anyone can type any value into
an address bar, so a parameter read outside a form is checked here, and a value that is
malformed or out of bounds counts as missing. The page then shows its default, never a
server error. Filter forms use the same bounds through their fields' validators."""

from __future__ import annotations

YEAR_MIN, YEAR_MAX = 2000, 2100
COUNT_MAX = 10_000_000
# how long a dossier can have waited: the whole span of years the application holds
DAYS_MAX = (YEAR_MAX - YEAR_MIN + 1) * 366
# the largest primary key a bigint column holds
ID_MAX = 2**63 - 1


def int_param(value: str | None, *, minimum: int = 0, maximum: int = COUNT_MAX) -> int | None:
    """``value`` as a whole number from ``minimum`` to ``maximum``, else None.

    Only ASCII digits count (``int()`` also takes "²", "١٢" and "1_000"), and the length is
    checked before converting, so a 10,000-digit value costs nothing."""
    text = (value or "").strip()
    digits = text.removeprefix("-")
    if not digits.isascii() or not digits.isdigit() or len(digits) > len(str(ID_MAX)):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def year_param(value: str | None) -> int | None:
    """``value`` as a year the application can hold (2000–2100), else None."""
    return int_param(value, minimum=YEAR_MIN, maximum=YEAR_MAX)


def id_param(value: str | None) -> int | None:
    """``value`` as a primary key (positive, within a bigint), else None."""
    return int_param(value, minimum=1, maximum=ID_MAX)


def longest_column(model, *names: str) -> int:
    """The longest ``max_length`` of ``model``'s text columns ``names``: the bound of a search
    box looking in them (a longer text can match none of them)."""
    return max(model._meta.get_field(name).max_length for name in names)
