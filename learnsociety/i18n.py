"""Translated text that waits for its reader, and numbers in the reader's language.

``gettext_lazy("… %(name)s") % {...}`` is not lazy: the ``%`` translates the message at
once, in the language of whoever is acting. Text stored for someone else (notifications)
must be formatted when it is read: ``lazy_format(gettext_lazy("… %(name)s"), name=…)``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.functional import lazy


def _format(message, params: dict) -> str:
    return str(message) % params


_lazy_format = lazy(_format, str)


def lazy_format(message, **params):
    """``message % params``, translated and formatted each time it is turned into text."""
    return _lazy_format(message, params)


def format_number(value, places: int = 2) -> str:
    """A figure for reading, at most ``places`` decimals (trailing zeros dropped), in the
    reader's language: "10.500" and "96,72" in Vietnamese, "10,500" and "96.72" in
    English. Spreadsheets get the numbers themselves, never this text."""
    if value is None or value == "":
        return ""
    try:
        value = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if places == 0:
        text = f"{value.quantize(Decimal(1)):f}"
    else:
        text = f"{value.quantize(Decimal(1).scaleb(-places)):f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
    return number_format(Decimal(text), use_l10n=True, force_grouping=True)
