"""Bar and line charts for the dashboard, reports and public pages: server-rendered SVG like
programme/charts.py (whose ``nice_ceiling`` scale and ``indicator_chart`` they reuse), no
JavaScript, no CDN, no inline styles (colours are classes in static/css/dashboard.css)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from programme.charts import nice_ceiling
from programme.selectors import format_number

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 56
SERIES_CLASSES = 6


def _f(number: float) -> str:
    return f"{number:.1f}"


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


def _grid(top: Decimal, y_of) -> str:
    parts = []
    for step in range(5):
        value = top * step / 4
        y = y_of(value)
        parts.append(
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
    return "".join(parts)


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
    top = _top(values + list((targets or {}).values()), percent)
    # Many categories (areas): slanted labels below a taller drawing.
    rotated = len(categories) > 8
    height = HEIGHT + 36 if rotated else HEIGHT
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(categories), 1)
    bar_w = slot * 0.7 / max(len(series), 1)

    def y_of(value) -> float:
        return TOP + plot_h - float(Decimal(value) / top) * plot_h

    parts = [_grid(top, y_of)]
    for index, category in enumerate(categories):
        x = LEFT + slot * index
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
                    _f(x + slot * 0.15 + bar_w * s_index),
                    _f(y),
                    _f(bar_w),
                    _f(TOP + plot_h - y),
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
                    _f(x + slot * 0.05),
                    _f(x + slot * 0.95),
                    _f(y),
                    _f(y),
                )
            )
        text = _short(category, slot)
        if rotated:
            parts.append(
                format_html(
                    '<text class="chart-axis" x="{}" y="{}" text-anchor="end" '
                    'transform="rotate(-35 {} {})">{}</text>',
                    _f(x + slot / 2),
                    HEIGHT - BOTTOM + 14,
                    _f(x + slot / 2),
                    HEIGHT - BOTTOM + 14,
                    _short(category, 80),
                )
            )
        else:
            parts.append(
                format_html(
                    '<text class="chart-axis" x="{}" y="{}" text-anchor="middle">{}</text>',
                    _f(x + slot / 2),
                    HEIGHT - BOTTOM + 16,
                    text,
                )
            )
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
                _f(width),
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
    top = _top(values + list((targets or {}).values()), percent)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(categories), 1)

    def y_of(value) -> float:
        return TOP + plot_h - float(Decimal(value) / top) * plot_h

    parts = [_grid(top, y_of)]
    for index, category in enumerate(categories):
        parts.append(
            format_html(
                '<text class="chart-axis" x="{}" y="{}" text-anchor="middle">{}</text>',
                _f(LEFT + slot * index + slot / 2),
                HEIGHT - BOTTOM + 16,
                category,
            )
        )
    for s_index, (name, vals) in enumerate(series):
        points = [
            (LEFT + slot * i + slot / 2, y_of(v), categories[i], v)
            for i, v in enumerate(vals)
            if v is not None
        ]
        css = s_index % SERIES_CLASSES
        if len(points) > 1:
            parts.append(
                format_html(
                    '<polyline class="chart-line chart-l{}" points="{}"/>',
                    css,
                    " ".join(f"{x:.1f},{y:.1f}" for x, y, _c, _v in points),
                )
            )
        parts.append(
            format_html_join(
                "",
                '<circle class="chart-s{}" cx="{}" cy="{}" r="4"><title>{} {}: {}</title></circle>',
                (
                    (css, _f(x), _f(y), name, c, format_number(v) + ("%" if percent else ""))
                    for x, y, c, v in points
                ),
            )
        )
    for category, value in (targets or {}).items():
        if category not in categories:
            continue
        x = LEFT + slot * categories.index(category) + slot / 2
        y = y_of(value)
        parts.append(
            format_html(
                '<path class="chart-target-dot" d="M{} {} l6 6 l-6 6 l-6 -6 z">'
                "<title>{}: {}</title></path>",
                _f(x),
                _f(y - 6),
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
