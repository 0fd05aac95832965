"""Charts as inline SVG for the therapist report: a pure function of the numbers.

Our own small module rather than a charting library: two kinds of chart (lines of weekly
averages, stacked weekly bars) with dated axes and event markers are a few hundred lines,
while the libraries that draw them either pull in a numeric stack (matplotlib: tens of MB
and seconds of start-up for a local CLI) or write SVG whose bytes change between versions
and machines (ids, float formatting). Here every number is formatted by hand, so the same
report gives the same bytes everywhere.

Made for print: black-and-white legible (lines differ by dash and point shape, bars by
grey level and hatching), a legend inside each chart, readable dates on the axis, and a title and
description for screen readers. The viewBox scales to any page size.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

WIDTH = 640
LEFT, RIGHT, TOP = 44, 12, 30
LABELS_MAX = 8  # dates on the x axis at most

# Lines: colour for the screen, dash and point shape for black-and-white print.
LINE_STYLES = (
    ("#0072B2", "", "circle"),
    ("#D55E00", "6 3", "square"),
    ("#009E73", "2 3", "triangle"),
    ("#CC79A7", "8 3 2 3", "diamond"),
    ("#E69F00", "4 2", "circle"),
)


@dataclass(frozen=True)
class Line:
    """One line: a name and a value (or None: no point that week) per week."""

    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Stack:
    """Weekly counts of positive, mixed and concerning values of one dimension."""

    name: str
    positive: tuple[int, ...]
    mixed: tuple[int, ...]
    concerning: tuple[int, ...]


@dataclass(frozen=True)
class Marker:
    """A moment in the story drawn as a vertical line: an event or the discovery date."""

    day: dt.date
    label: str


def _n(value: float) -> str:
    """A coordinate with at most one decimal, never `-0` or an exponent."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def short_date(day: dt.date, with_year: bool = False) -> str:
    """`7 Sep` or `7 Sep 2026`, the same in every locale."""
    text = f"{day.day} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if with_year else text


def _x_positions(weeks: int, plot_width: float) -> list[float]:
    step = plot_width / max(weeks, 1)
    return [LEFT + step * (i + 0.5) for i in range(weeks)]


def _x_of_day(day: dt.date, mondays: Sequence[dt.date], plot_width: float) -> float | None:
    if not mondays:
        return None
    first, step = mondays[0], plot_width / len(mondays)
    offset = (day - first).days / 7
    if offset < 0 or offset >= len(mondays):
        return None
    return LEFT + step * offset


def _axis_labels(mondays: Sequence[dt.date], xs: Sequence[float], bottom: float) -> list[str]:
    every = max(1, -(-len(mondays) // LABELS_MAX))
    out = []
    years = {m.year for m in mondays}
    for i in range(0, len(mondays), every):
        with_year = len(years) > 1 and (i == 0 or mondays[i].year != mondays[i - every].year)
        out.append(
            f'<text x="{_n(xs[i])}" y="{_n(bottom + 14)}" text-anchor="middle" '
            f'class="axis">{_e(short_date(mondays[i], with_year or i == 0))}</text>'
        )
    return out


def _markers(
    markers: Sequence[Marker],
    mondays: Sequence[dt.date],
    plot_width: float,
    top: float,
    bottom: float,
    labelled: bool = True,
    label_top: float | None = None,
) -> list[str]:
    """Dotted vertical lines from `top` to `bottom`; labels above `top` (from `label_top`,
    alternating between two heights so neighbouring labels do not collide), clear of the
    lines and bars they would otherwise cross."""
    first_label = (top - 12) if label_top is None else label_top
    out = []
    for i, marker in enumerate(sorted(markers, key=lambda m: (m.day, m.label))):
        x = _x_of_day(marker.day, mondays, plot_width)
        if x is None:
            continue
        y = first_label + (i % 2) * 9
        out.append(
            f'<line x1="{_n(x)}" y1="{_n(top)}" x2="{_n(x)}" y2="{_n(bottom)}" class="marker"/>'
        )
        if labelled:
            out.append(
                f'<text x="{_n(x + 3)}" y="{_n(y)}" class="marker-label">{_e(marker.label)}</text>'
            )
    return out


def _open(height: float, chart_id: str, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_n(height)}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'class="chart" font-family="sans-serif" font-size="10">',
        f'<title id="{chart_id}-t">{_e(title)}</title>',
        f'<desc id="{chart_id}-d">{_e(description)}</desc>',
        "<style>.axis{fill:#333}.grid{stroke:#ddd;stroke-width:1}"
        ".frame{stroke:#555;stroke-width:1;fill:none}"
        ".marker{stroke:#000;stroke-width:1;stroke-dasharray:2 2}"
        ".marker-label{fill:#000;font-size:9px}.legend{fill:#1d1d1d}</style>",
    ]


def _point(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return (
            f'<rect x="{_n(x - 3)}" y="{_n(y - 3)}" width="6" height="6" fill="{colour}" '
            f'stroke="#000" stroke-width="0.5"/>'
        )
    if shape == "triangle":
        return (
            f'<path d="M{_n(x)} {_n(y - 4)}L{_n(x + 4)} {_n(y + 3)}L{_n(x - 4)} {_n(y + 3)}Z" '
            f'fill="{colour}" stroke="#000" stroke-width="0.5"/>'
        )
    if shape == "diamond":
        return (
            f'<path d="M{_n(x)} {_n(y - 4)}L{_n(x + 4)} {_n(y)}L{_n(x)} {_n(y + 4)}'
            f'L{_n(x - 4)} {_n(y)}Z" fill="{colour}" stroke="#000" stroke-width="0.5"/>'
        )
    return (
        f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3" fill="{colour}" stroke="#000" '
        f'stroke-width="0.5"/>'
    )


def line_chart(
    chart_id: str,
    title: str,
    description: str,
    mondays: Sequence[dt.date],
    lines: Sequence[Line],
    y_min: float,
    y_max: float,
    markers: Sequence[Marker] = (),
) -> str:
    """Weekly averages as lines (a gap where a week has no value), with a legend."""
    plot_height = 150.0
    legend_rows = -(-len(lines) // 3)
    bottom = TOP + plot_height
    height = bottom + 24 + legend_rows * 14
    plot_width = WIDTH - LEFT - RIGHT
    xs = _x_positions(len(mondays), plot_width)

    def y_of(value: float) -> float:
        share = (min(y_max, max(y_min, value)) - y_min) / (y_max - y_min)
        return bottom - share * plot_height

    out = _open(height, chart_id, title, description)
    ticks = [y_min + (y_max - y_min) * k / 4 for k in range(5)]
    for tick in ticks:
        y = y_of(tick)
        out.append(
            f'<line x1="{LEFT}" y1="{_n(y)}" x2="{WIDTH - RIGHT}" y2="{_n(y)}" class="grid"/>'
            f'<text x="{LEFT - 5}" y="{_n(y + 3)}" text-anchor="end" class="axis">'
            f"{_n(tick)}</text>"
        )
    out.append(
        f'<rect x="{LEFT}" y="{TOP}" width="{_n(plot_width)}" height="{_n(plot_height)}" '
        f'class="frame"/>'
    )
    out.extend(_markers(markers, mondays, plot_width, TOP, bottom))
    for index, line in enumerate(lines):
        colour, dash, shape = LINE_STYLES[index % len(LINE_STYLES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        segment: list[str] = []
        segments: list[list[str]] = []
        for x, value in zip(xs, line.values, strict=True):
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
            else:
                segment.append(f"{_n(x)} {_n(y_of(value))}")
        if segment:
            segments.append(segment)
        for points in segments:
            if len(points) > 1:
                out.append(
                    f'<path d="M{"L".join(points)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"{dash_attr}/>'
                )
        for x, value in zip(xs, line.values, strict=True):
            if value is not None:
                out.append(_point(shape, x, y_of(value), colour))
    out.extend(_axis_labels(mondays, xs, bottom))
    for index, line in enumerate(lines):
        colour, dash, shape = LINE_STYLES[index % len(LINE_STYLES)]
        x = LEFT + (index % 3) * 190
        y = bottom + 32 + (index // 3) * 14
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{_n(x)}" y1="{_n(y - 3)}" x2="{_n(x + 26)}" y2="{_n(y - 3)}" '
            f'stroke="{colour}" stroke-width="2"{dash_attr}/>'
            + _point(shape, x + 13, y - 3, colour)
            + f'<text x="{_n(x + 32)}" y="{_n(y)}" class="legend">{_e(line.name)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


# Fills for black-and-white print: solid dark, white with "/" hatching, grey with "\\"
# hatching. The hatching is drawn as plain lines, one path per kind and row, never as an
# SVG <pattern>: Chromium prints a pattern fill tile by tile, and one chart of 4-unit tiles
# made a 34 MB page.
_FILLS = (
    ("positive", "#2b2b2b", ""),
    ("mixed", "#ffffff", "/"),
    ("concerning", "#bdbdbd", "\\"),
)
HATCH_SPACING = 6.0  # units between hatching lines (1.7 mm on A4 paper)


def hatching(x: float, y: float, width: float, height: float, direction: str) -> str:
    """Path data for diagonal lines across a rectangle (`/` or `\\`), on a grid shared by every
    rectangle of the chart so neighbouring bars line up."""
    x1, y1 = x + width, y + height
    parts = []
    if direction == "/":  # lines x + y = c
        first, last = x + y, x1 + y1
    else:  # lines y - x = c
        first, last = y - x1, y1 - x
    k = int(first // HATCH_SPACING) + 1
    while k * HATCH_SPACING < last:
        c = k * HATCH_SPACING
        k += 1
        if direction == "/":
            low, high = max(x, c - y1), min(x1, c - y)
            ends = ((low, c - low), (high, c - high))
        else:
            low, high = max(x, y - c), min(x1, y1 - c)
            ends = ((low, low + c), (high, high + c))
        if high - low < 0.3:
            continue
        (ax, ay), (bx, by) = ends
        parts.append(f"M{_n(ax)} {_n(ay)}L{_n(bx)} {_n(by)}")
    return "".join(parts)


def _hatch_path(data: list[str], direction: str) -> str:
    if not any(data):
        return ""
    colour = "#555" if direction == "/" else "#000"
    return f'<path d="{"".join(data)}" fill="none" stroke="{colour}" stroke-width="0.8"/>'


def stacked_chart(
    chart_id: str,
    title: str,
    description: str,
    mondays: Sequence[dt.date],
    stacks: Sequence[Stack],
    markers: Sequence[Marker] = (),
) -> str:
    """Small multiples: per dimension, each week's values stacked as positive, mixed and
    concerning (dark; white, hatched one way; grey, hatched the other way), so the shape
    reads in black and white. Bar heights are counts, on one scale for every row (shown at
    the left of each)."""
    row_height, gap = 46.0, 16.0
    band = 20.0 if markers else 0.0  # room above the first row for the markers' labels
    plot_width = WIDTH - LEFT - RIGHT
    step = plot_width / max(len(mondays), 1)
    bar = max(2.0, step * 0.7)
    height = TOP + band + len(stacks) * (row_height + gap) + 54
    out = _open(height, chart_id, title, description)
    biggest = max(
        (
            p + m + c
            for s in stacks
            for p, m, c in zip(s.positive, s.mixed, s.concerning, strict=True)
        ),
        default=0,
    )
    scale = row_height / max(biggest, 1)
    for row, stack in enumerate(stacks):
        top = TOP + band + row * (row_height + gap)
        bottom = top + row_height
        out.append(
            f'<text x="{LEFT}" y="{_n(top - 4)}" class="legend" font-weight="bold">'
            f"{_e(stack.name)}</text>"
            f'<line x1="{LEFT}" y1="{_n(bottom)}" x2="{WIDTH - RIGHT}" y2="{_n(bottom)}" '
            f'class="frame"/>'
            f'<line x1="{LEFT}" y1="{_n(bottom - max(biggest, 1) * scale)}" x2="{LEFT}" '
            f'y2="{_n(bottom)}" class="frame"/>'
            f'<text x="{LEFT - 5}" y="{_n(bottom - max(biggest, 1) * scale + 3)}" '
            f'text-anchor="end" class="axis">{max(biggest, 1)}</text>'
            f'<text x="{LEFT - 5}" y="{_n(bottom + 3)}" text-anchor="end" class="axis">0</text>'
        )
        hatches: dict[str, list[str]] = {"/": [], "\\": []}
        for i in range(len(mondays)):
            x = LEFT + step * i + (step - bar) / 2
            y = bottom
            for (_, colour, direction), count in zip(
                _FILLS, (stack.positive[i], stack.mixed[i], stack.concerning[i]), strict=True
            ):
                if not count:
                    continue
                h = count * scale
                y -= h
                out.append(
                    f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(bar)}" height="{_n(h)}" '
                    f'fill="{colour}" stroke="#000" stroke-width="0.4"/>'
                )
                if direction:
                    hatches[direction].append(hatching(x, y, bar, h, direction))
        out.extend(_hatch_path(data, direction) for direction, data in hatches.items())
        out.extend(
            _markers(markers, mondays, plot_width, top, bottom, row == 0, label_top=TOP - 12)
        )
    last_bottom = TOP + band + len(stacks) * (row_height + gap) - gap
    xs = _x_positions(len(mondays), plot_width)
    out.extend(_axis_labels(mondays, xs, last_bottom))
    legend_y = last_bottom + 32
    for index, (name, colour, direction) in enumerate(_FILLS):
        x = LEFT + index * 130
        out.append(
            f'<rect x="{x}" y="{_n(legend_y - 10)}" width="14" height="12" fill="{colour}" '
            f'stroke="#000" stroke-width="0.4"/>'
            + (
                _hatch_path([hatching(x, legend_y - 10, 14, 12, direction)], direction)
                if direction
                else ""
            )
            + f'<text x="{x + 19}" y="{_n(legend_y)}" class="legend">{name}</text>'
        )
    out.append(
        f'<text x="{LEFT}" y="{_n(legend_y + 16)}" class="axis">Bar height: the number of '
        f"values recorded that week, 0 to {max(biggest, 1)}, on the same scale in every row."
        "</text>"
    )
    out.append("</svg>")
    return "".join(out)
