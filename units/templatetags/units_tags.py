from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def result_value(result, verified: bool = False, percent=None) -> str:
    """A criterion result as text: points, counts with percentage, or yes/no."""
    prefix = "verified_" if verified else ""
    kind = result.criterion.kind
    if kind == "points":
        value = getattr(result, f"{prefix}points")
        if value is None:
            return "—"
        return (
            f"{number_format(value.normalize())} / "
            f"{number_format(result.criterion.max_points.normalize())}"
        )
    if kind == "threshold":
        num = getattr(result, f"{prefix}numerator")
        den = getattr(result, f"{prefix}denominator")
        if num is None or den is None:
            return "—"
        text = f"{num} / {den}"
        return f"{text} ({number_format(percent)}%)" if percent is not None else text
    answer = getattr(result, f"{prefix}answer")
    return {True: _("Yes"), False: _("No")}.get(answer, "—")


@register.filter
def days_since(moment, now) -> int | str:
    if not moment:
        return ""
    return (now - moment).days


@register.filter
def get_item(mapping, key):
    if not mapping:
        return ""
    return mapping.get(key, "")
