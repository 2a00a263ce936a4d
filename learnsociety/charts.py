"""Server-rendered SVG charts for every app (dashboard, reports, public pages, the
programme's indicator charts): no JavaScript, no CDN, no inline styles (colours are
classes in static/css/dashboard.css and programme.css)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from .i18n import format_number

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 56
SERIES_CLASSES = 6


def fmt(number: float) -> str:
    return f"{number:.1f}"


def join(parts: list[SafeString]) -> SafeString:
    """Concatenate fragments already built (and escaped) by format_html."""
    return format_html_join("", "{}", ((part,) for part in parts))


def nice_ceiling(value: Decimal) -> Decimal:
    """The smallest round number (1, 1.2, 1.5, 2 … 8, 10 × 10^k) at or above ``value``."""
    magnitude = Decimal(10) ** (len(str(int(value))) - 1) if value >= 1 else Decimal(1)
    for step in (1, Decimal("1.2"), Decimal("1.5"), 2, Decimal("2.5"), 3, 4, 5, 6, 8, 10):
        if value <= magnitude * step:
            return magnitude * step
    return magnitude * 10


def _top(values, percent: bool) -> Decimal:
    """100 for percentages; for counts four whole, round steps (1, 2, 5 × 10^k) so that
    the grid lines fall on whole numbers."""
    if percent:
        return Decimal(100)
    top = max((Decimal(v) for v in values if v is not None), default=Decimal(1))
    if top <= 0:
        return Decimal(4)
    if any(Decimal(v) != int(Decimal(v)) for v in values if v is not None):
        return nice_ceiling(top)
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude * 4 >= top:
                return Decimal(step * magnitude * 4)
        magnitude *= 10


@dataclass(frozen=True)
class Frame:
    """The drawing area of a chart: a value axis from 0 to ``top`` with four grid steps,
    and ``slots`` equal columns (years, areas) across the width."""

    top: Decimal
    slots: int
    height: int = HEIGHT
    bottom: int = BOTTOM

    @property
    def plot_h(self) -> float:
        return self.height - TOP - self.bottom

    @property
    def slot(self) -> float:
        return (WIDTH - LEFT - RIGHT) / max(self.slots, 1)

    def x_of(self, index: int) -> float:
        return LEFT + self.slot * index

    def centre(self, index: int) -> float:
        return LEFT + self.slot * index + self.slot / 2

    def y_of(self, value) -> float:
        return TOP + self.plot_h - float(Decimal(value) / self.top) * self.plot_h

    def grid(self) -> SafeString:
        """Five horizontal lines (0, ¼ … top) with their values on the left."""
        parts = []
        for step in range(5):
            value = self.top * step / 4
            y = self.y_of(value)
            parts.append(
                format_html(
                    '<line class="chart-grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                    '<text class="chart-axis" x="{}" y="{}" text-anchor="end">{}</text>',
                    LEFT,
                    WIDTH - RIGHT,
                    fmt(y),
                    fmt(y),
                    LEFT - 6,
                    fmt(y + 4),
                    format_number(value, places=0 if self.top >= 10 else 1),
                )
            )
        return join(parts)

    def axis_label(self, index: int, text) -> SafeString:
        """A column's name, centred under it."""
        return format_html(
            '<text class="chart-axis" x="{}" y="{}" text-anchor="middle">{}</text>',
            fmt(self.centre(index)),
            self.height - self.bottom + 16,
            text,
        )


def polyline(css: str, points) -> SafeString:
    """A line through ``points`` (tuples starting with x, y)."""
    return format_html(
        '<polyline class="{}" points="{}"/>',
        css,
        " ".join(f"{point[0]:.1f},{point[1]:.1f}" for point in points),
    )


def _short(label: str, room: float) -> str:
    """Shorten an axis label to what fits (about 6.5 px per character)."""
    label = str(label)
    most = max(int(room / 6.5), 3)
    return label if len(label) <= most else label[: most - 1] + "…"


def _svg(label: str, body: str, css: str, height: int = HEIGHT) -> SafeString:
    # every part of body is built with format_html
    safe_body = mark_safe(body)  # noqa: S308  # nosec
    return format_html(
        '<svg class="dash-chart {}" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg">{}</svg>',
        css,
        WIDTH,
        height,
        label,
        safe_body,
    )


def bar_chart(
    categories: list,
    series: list[tuple[str, list]],
    *,
    label: str,
    percent: bool = False,
    targets: dict | None = None,
) -> SafeString:
    """Grouped bars: one group per category, one bar per series (``(name, values)``);
    ``targets`` maps a category to a value drawn as a dashed mark."""
    values = [v for _name, vals in series for v in vals]
    frame = Frame(_top(values + list((targets or {}).values()), percent), len(categories))
    # Many categories (areas): slanted labels below a taller drawing.
    rotated = len(categories) > 8
    height = HEIGHT + 36 if rotated else HEIGHT
    plot_h, slot, y_of = frame.plot_h, frame.slot, frame.y_of
    bar_w = slot * 0.7 / max(len(series), 1)

    parts = [frame.grid()]
    for index, category in enumerate(categories):
        x = frame.x_of(index)
        for s_index, (name, vals) in enumerate(series):
            value = vals[index]
            if value is None:
                continue
            y = y_of(value)
            parts.append(
                format_html(
                    '<rect class="chart-s{}" x="{}" y="{}" width="{}" height="{}">'
                    "<title>{}: {} {}</title></rect>",
                    s_index % SERIES_CLASSES,
                    fmt(x + slot * 0.15 + bar_w * s_index),
                    fmt(y),
                    fmt(bar_w),
                    fmt(TOP + plot_h - y),
                    category,
                    name,
                    format_number(value) + ("%" if percent else ""),
                )
            )
        target = (targets or {}).get(category)
        if target is not None:
            y = y_of(target)
            parts.append(
                format_html(
                    '<line class="chart-target-mark" x1="{}" x2="{}" y1="{}" y2="{}"/>',
                    fmt(x + slot * 0.05),
                    fmt(x + slot * 0.95),
                    fmt(y),
                    fmt(y),
                )
            )
        text = _short(category, slot)
        if rotated:
            parts.append(
                format_html(
                    '<text class="chart-axis" x="{}" y="{}" text-anchor="end" '
                    'transform="rotate(-35 {} {})">{}</text>',
                    fmt(x + slot / 2),
                    HEIGHT - BOTTOM + 14,
                    fmt(x + slot / 2),
                    HEIGHT - BOTTOM + 14,
                    _short(category, 80),
                )
            )
        else:
            parts.append(frame.axis_label(index, text))
    return _svg(label, "".join(parts), "dash-bar", height)


def bar_list(categories: list, values: list, *, label: str, percent: bool = False) -> SafeString:
    """Horizontal bars as an HTML list, one row per category: the names (areas) wrap and
    keep the page's font size on a phone, where an SVG's slanted labels shrink to a few
    pixels. Each bar is a tiny SVG (attributes, not style=, so the CSP holds)."""
    top = _top(values, percent)
    rows = []
    for category, value in zip(categories, values, strict=True):
        width = float(Decimal(value or 0) / top * 100) if top else 0.0
        rows.append(
            format_html(
                '<li class="hbar-row"><span class="hbar-name">{}</span>'
                '<svg class="hbar-track" viewBox="0 0 100 10" preserveAspectRatio="none" '
                'aria-hidden="true" focusable="false"><rect class="chart-s0" width="{}" '
                'height="10"/></svg><span class="hbar-value">{}</span></li>',
                category,
                fmt(width),
                # the page's language: a decimal comma in Vietnamese (16,7%)
                "—" if value is None else number_format(value) + ("%" if percent else ""),
            )
        )
    return format_html(
        '<ul class="hbar-list list-unstyled mb-1" aria-label="{}">{}</ul>',
        label,
        mark_safe("".join(rows)),  # noqa: S308  # nosec: every row built by format_html
    )


def line_chart(
    categories: list,
    series: list[tuple[str, list]],
    *,
    label: str,
    percent: bool = False,
    targets: dict | None = None,
) -> SafeString:
    """Lines with points, one per series; ``targets`` (category -> value) as diamonds."""
    values = [v for _name, vals in series for v in vals]
    frame = Frame(_top(values + list((targets or {}).values()), percent), len(categories))
    parts = [frame.grid()]
    parts.extend(frame.axis_label(index, category) for index, category in enumerate(categories))
    for s_index, (name, vals) in enumerate(series):
        points = [
            (frame.centre(i), frame.y_of(v), categories[i], v)
            for i, v in enumerate(vals)
            if v is not None
        ]
        css = s_index % SERIES_CLASSES
        if len(points) > 1:
            parts.append(polyline(f"chart-line chart-l{css}", points))
        parts.append(
            format_html_join(
                "",
                '<circle class="chart-s{}" cx="{}" cy="{}" r="4"><title>{} {}: {}</title></circle>',
                (
                    (css, fmt(x), fmt(y), name, c, format_number(v) + ("%" if percent else ""))
                    for x, y, c, v in points
                ),
            )
        )
    for category, value in (targets or {}).items():
        if category not in categories:
            continue
        x = frame.centre(categories.index(category))
        y = frame.y_of(value)
        parts.append(
            format_html(
                '<path class="chart-target-dot" d="M{} {} l6 6 l-6 6 l-6 -6 z">'
                "<title>{}: {}</title></path>",
                fmt(x),
                fmt(y - 6),
                category,
                format_number(value) + ("%" if percent else ""),
            )
        )
    return _svg(label, "".join(parts), "dash-line")


# WeasyPrint does not apply the page's stylesheet inside SVG; for PDFs the chart classes
# are repeated in a <style> element of each SVG (programme's classes included).
PDF_STYLE = (
    ".chart-grid{stroke:#dee2e6;stroke-width:1}.chart-axis{fill:#6c757d;font-size:12px}"
    ".chart-target{fill:#9ec5c3}.chart-actual{fill:#d9480f;stroke:#fff;stroke-width:1.5}"
    ".chart-actual-line{fill:none;stroke:#d9480f;stroke-width:2.5}"
    ".chart-s0{fill:#1f6f6b}.chart-s1{fill:#d9480f}.chart-s2{fill:#6f42c1}"
    ".chart-s3{fill:#e0a800}.chart-s4{fill:#0d6efd}.chart-s5{fill:#6c757d}"
    ".chart-line{fill:none;stroke-width:2.5}.chart-l0{stroke:#1f6f6b}.chart-l1{stroke:#d9480f}"
    ".chart-l2{stroke:#6f42c1}.chart-l3{stroke:#e0a800}.chart-l4{stroke:#0d6efd}"
    ".chart-l5{stroke:#6c757d}.chart-target-mark{stroke:#212529;stroke-width:2;"
    "stroke-dasharray:4 3}.chart-target-dot{fill:#fff;stroke:#dc3545;stroke-width:2}"
)


def for_pdf(svg: str) -> SafeString:
    """The same SVG with its colours in an embedded <style> (for WeasyPrint)."""
    head, sep, rest = str(svg).partition(">")
    # svg is our own SafeString from _svg and PDF_STYLE a constant
    return mark_safe(f"{head}{sep}<style>{PDF_STYLE}</style>{rest}")  # noqa: S308  # nosec
