"""Translated text that waits for its reader.

``gettext_lazy("… %(name)s") % {...}`` is not lazy: the ``%`` translates the message at
once, in the language of whoever is acting. Text stored for someone else (notifications)
must be formatted when it is read: ``lazy_format(gettext_lazy("… %(name)s"), name=…)``.
"""

from __future__ import annotations

from django.utils.functional import lazy


def _format(message, params: dict) -> str:
    return str(message) % params


_lazy_format = lazy(_format, str)


def lazy_format(message, **params):
    """``message % params``, translated and formatted each time it is turned into text."""
    return _lazy_format(message, params)
