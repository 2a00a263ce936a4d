from django import template
from django.utils.translation import gettext

from learnsociety.i18n import format_number

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def number(value, places: int = 2) -> str:
    """A count or figure in the reader's language: "11.000" and "58,33" in Vietnamese."""
    return format_number(value, int(places))


@register.filter
def pct_class(value) -> str:
    """A CSS width class (``w-pct-5`` … ``w-pct-100``) for a 0–100 value, so progress bars
    need no style attribute."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "w-progress-0"
    step = int(max(0, min(100, number)) // 5 * 5)
    return f"w-pct-{step}" if step else "w-progress-0"


@register.filter
def translated(value) -> str:
    """A message stored untranslated (marked with gettext_noop where it is written), in
    the reader's language; text that is not in the catalogue stays as it is."""

    return gettext(value) if value else value
