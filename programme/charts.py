"""Server-rendered SVG charts: no JavaScript, no CDN, no inline styles (colours come from
classes in static/css/programme.css)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from learnsociety.i18n import format_number

from .enums import Unit
from .selectors import IndicatorSeries

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 36


def _join(parts: list[SafeString]) -> SafeString:
    """Concatenate fragments already built (and escaped) by format_html."""
    return format_html_join("", "{}", ((part,) for part in parts))


def _f(number: float) -> str:
    return f"{number:.1f}"


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


def nice_ceiling(value: Decimal) -> Decimal:
    """The smallest round number (1, 1.2, 1.5, 2 … 8, 10 × 10^k) at or above ``value``."""
    magnitude = Decimal(10) ** (len(str(int(value))) - 1) if value >= 1 else Decimal(1)
    for step in (1, Decimal("1.2"), Decimal("1.5"), 2, Decimal("2.5"), 3, 4, 5, 6, 8, 10):
        if value <= magnitude * step:
            return magnitude * step
    return magnitude * 10


def indicator_chart(series: IndicatorSeries) -> SafeString:
    """Targets as bars and actuals as a line with points, one slot per year."""
    top = _scale_max(series)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / len(series.points)

    def y_of(value: Decimal) -> float:
        return TOP + plot_h - float(value / top) * plot_h

    grid = []
    for step in range(5):
        value = top * step / 4
        y = y_of(value)
        grid.append(
            format_html(
                '<line class="chart-grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="chart-axis" x="{}" y="{}" text-anchor="end">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                _f(y),
                _f(y),
                LEFT - 6,
                _f(y + 4),
                format_number(value, places=0 if top >= 10 else 1),
            )
        )
    bars, labels, points = [], [], []
    for index, (year, target, actual) in enumerate(series.points):
        x = LEFT + slot * index
        centre = x + slot / 2
        labels.append(
            format_html(
                '<text class="chart-axis" x="{}" y="{}" text-anchor="middle">{}</text>',
                _f(centre),
                HEIGHT - BOTTOM + 16,
                year,
            )
        )
        if target is not None:
            y = y_of(target)
            bars.append(
                format_html(
                    '<rect class="chart-target" x="{}" y="{}" width="{}" height="{}">'
                    "<title>{}</title></rect>",
                    _f(x + slot * 0.2),
                    _f(y),
                    _f(slot * 0.6),
                    _f(TOP + plot_h - y),
                    _("Target %(year)s: %(value)s")
                    % {"year": year, "value": format_number(target)},
                )
            )
        if actual is not None:
            points.append((centre, y_of(actual), year, actual))
    line = ""
    if len(points) > 1:
        line = format_html(
            '<polyline class="chart-actual-line" points="{}"/>',
            " ".join(f"{x:.1f},{y:.1f}" for x, y, _yr, _v in points),
        )
    dots = format_html_join(
        "",
        '<circle class="chart-actual" cx="{}" cy="{}" r="5"><title>{}</title></circle>',
        (
            (
                _f(x),
                _f(y),
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
        _join(grid),
        _join(bars),
        _join(labels),
        line,
        dots,
    )
