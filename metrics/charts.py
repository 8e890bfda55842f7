"""Small server-rendered SVG charts: bars (stacked by series), lines, horizontal bars.

Hand-made rather than a charting library: each chart is a few dozen elements, carries its
own title and description for screen readers (role="img"), needs no JavaScript and no
stylesheet, and scales to the page's width (viewBox). The numbers are always in the table
under the chart (metrics/templates/metrics/_section.html), which is the accessible form.
A suppressed count ("<5") is drawn as nothing; its table cell says "<5".
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 28, 40
# Colours with at least 3:1 contrast on white, told apart by the legend's words too.
COLOURS = ("#3366cc", "#a65200", "#14866d", "#7a4fb3", "#d73333", "#54595d", "#006c8a")
MAX_TICKS = 8


def _number(value) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    step = 10 ** (len(str(int(value))) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        if value <= step * factor:
            return step * factor
    return value


def _frame(chart_id: str, title: str, description: str, body: SafeString, height=HEIGHT):
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" '
        'class="chart" role="img" aria-labelledby="{id}-t {id}-d" direction="ltr" '
        'font-family="sans-serif" font-size="12">'
        '<title id="{id}-t">{title}</title><desc id="{id}-d">{desc}</desc>{body}</svg>',
        w=WIDTH,
        h=height,
        id=chart_id,
        title=title,
        desc=description,
        body=body,
    )


def _axes(top: float, unit: str, height=HEIGHT) -> SafeString:
    bottom = height - BOTTOM
    lines = []
    for i in range(5):
        value = top * i / 4
        y = bottom - (bottom - TOP) * i / 4
        label = f"{value:g}"
        lines.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{y}" y2="{y}" stroke="#c8ccd1"/>'
                '<text x="{}" y="{ty}" text-anchor="end" fill="#202122">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                LEFT - 4,
                label,
                y=f"{y:.1f}",
                ty=f"{y + 4:.1f}",
            )
        )
    if unit:
        lines.append(format_html('<text x="4" y="14" fill="#54595d">{}</text>', unit))
    return mark_safe("".join(lines))  # noqa: S308 - every piece went through format_html


def _x_labels(labels, slot: float, height=HEIGHT) -> SafeString:
    every = max(1, -(-len(labels) // MAX_TICKS))
    return format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" fill="#202122">{}</text>',
        (
            (f"{LEFT + slot * (i + 0.5):.1f}", height - BOTTOM + 16, label)
            for i, label in enumerate(labels)
            if i % every == 0
        ),
    )


def _legend(names, y: float) -> SafeString:
    parts = []
    x = LEFT
    for i, name in enumerate(names):
        colour = COLOURS[i % len(COLOURS)]
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="10" height="10" fill="{}"/>'
                '<text x="{}" y="{}" fill="#202122">{}</text>',
                x,
                y - 9,
                colour,
                x + 14,
                y,
                name,
            )
        )
        x += 24 + 7 * len(str(name))
    return mark_safe("".join(parts))  # noqa: S308 - every piece went through format_html


def bars(chart_id, title, description, labels, series, unit="") -> SafeString:
    """Vertical bars per label, the series stacked. series: [(name, [value per label])]."""
    totals = [sum(_number(values[i]) for _name, values in series) for i in range(len(labels))]
    top = _nice_max(max(totals, default=0))
    plot = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(labels))
    rects = []
    for i in range(len(labels)):
        y: float = HEIGHT - BOTTOM
        for s, (_name, values) in enumerate(series):
            h = plot * _number(values[i]) / top
            if h <= 0:
                continue
            y -= h
            rects.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                    f"{LEFT + slot * i + slot * 0.15:.1f}",
                    f"{y:.1f}",
                    f"{slot * 0.7:.1f}",
                    f"{h:.1f}",
                    COLOURS[s % len(COLOURS)],
                )
            )
    body = (
        _axes(top, unit)
        + mark_safe("".join(rects))  # noqa: S308 - format_html output
        + _x_labels(labels, slot)
        + _legend([name for name, _values in series], 14)
    )
    return _frame(chart_id, title, description, body)


def lines(chart_id, title, description, labels, series, unit="") -> SafeString:
    """One line per series over the labels; None values leave a gap."""
    values = [_number(v) for _name, vs in series for v in vs if v is not None]
    top = _nice_max(max(values, default=0))
    plot = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(labels))
    drawn = []
    for s, (_name, points) in enumerate(series):
        colour = COLOURS[s % len(COLOURS)]
        coords = [
            (LEFT + slot * (i + 0.5), HEIGHT - BOTTOM - plot * _number(v) / top)
            for i, v in enumerate(points)
            if v is not None and not isinstance(v, str)
        ]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            dash = ' stroke-dasharray="6 4"' if s % 2 else ""
            drawn.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"{}/>',
                    path,
                    colour,
                    mark_safe(dash),  # noqa: S308 - a constant
                )
            )
        drawn.extend(
            format_html('<circle cx="{}" cy="{}" r="3" fill="{}"/>', f"{x:.1f}", f"{y:.1f}", colour)
            for x, y in coords
        )
    body = (
        _axes(top, unit)
        + mark_safe("".join(drawn))  # noqa: S308 - format_html output
        + _x_labels(labels, slot)
        + _legend([name for name, _points in series], 14)
    )
    return _frame(chart_id, title, description, body)


def hbars(chart_id, title, description, items, unit="") -> SafeString:
    """One horizontal bar per (label, value), longest first as given."""
    row = 26
    height = TOP + row * max(1, len(items)) + 8
    label_width = 200
    top = _nice_max(max((_number(v) for _label, v in items), default=0))
    span = WIDTH - label_width - RIGHT - 48
    parts = []
    for i, (label, value) in enumerate(items):
        y = TOP + row * i
        width = span * _number(value) / top
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" fill="#202122">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="18" fill="{}"/>'
                '<text x="{}" y="{}" fill="#202122">{}</text>',
                label_width - 6,
                y + 13,
                label,
                label_width,
                y,
                f"{width:.1f}",
                COLOURS[0],
                f"{label_width + width + 4:.1f}",
                y + 13,
                value,
            )
        )
    if unit:
        parts.append(format_html('<text x="4" y="14" fill="#54595d">{}</text>', unit))
    return _frame(chart_id, title, description, mark_safe("".join(parts)), height)  # noqa: S308
