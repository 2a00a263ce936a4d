"""An indicator's targets and actual values by year, drawn on the shared chart frame of
learnsociety/charts.py (colours are classes in static/css/programme.css)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from learnsociety.charts import TOP, WIDTH, Frame, fmt, join, nice_ceiling, polyline
from learnsociety.i18n import format_number

from .enums import Unit
from .selectors import IndicatorSeries

HEIGHT, BOTTOM = 240, 36


def _scale_max(series: IndicatorSeries) -> Decimal:
    if series.indicator.unit == Unit.PERCENTAGE:
        return Decimal(100)
    if series.indicator.unit == Unit.YES_NO:
        return Decimal(1)
    values = [v for _y, t, a in series.points for v in (t, a) if v is not None]
    if series.indicator.baseline_value is not None:
        values.append(series.indicator.baseline_value)
    top = max(values, default=Decimal(1))
    return nice_ceiling(top) if top > 0 else Decimal(1)


def indicator_chart(series: IndicatorSeries) -> SafeString:
    """Targets as bars and actuals as a line with points, one slot per year."""
    frame = Frame(_scale_max(series), len(series.points), height=HEIGHT, bottom=BOTTOM)
    slot, y_of = frame.slot, frame.y_of
    bars, labels, points = [], [], []
    for index, (year, target, actual) in enumerate(series.points):
        x = frame.x_of(index)
        centre = frame.centre(index)
        labels.append(frame.axis_label(index, year))
        if target is not None:
            y = y_of(target)
            bars.append(
                format_html(
                    '<rect class="chart-target" x="{}" y="{}" width="{}" height="{}">'
                    "<title>{}</title></rect>",
                    fmt(x + slot * 0.2),
                    fmt(y),
                    fmt(slot * 0.6),
                    fmt(TOP + frame.plot_h - y),
                    _("Target %(year)s: %(value)s")
                    % {"year": year, "value": format_number(target)},
                )
            )
        if actual is not None:
            points.append((centre, y_of(actual), year, actual))
    line = ""
    if len(points) > 1:
        line = polyline("chart-actual-line", points)
    dots = format_html_join(
        "",
        '<circle class="chart-actual" cx="{}" cy="{}" r="5"><title>{}</title></circle>',
        (
            (
                fmt(x),
                fmt(y),
                _("Actual %(year)s: %(value)s") % {"year": yr, "value": format_number(v)},
            )
            for x, y, yr, v in points
        ),
    )
    label = _("Targets and actual values of %(indicator)s by year") % {
        "indicator": series.indicator.name
    }
    return format_html(
        '<svg class="indicator-chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg">{}{}{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        label,
        frame.grid(),
        join(bars),
        join(labels),
        line,
        dots,
    )
