"""Charts as Mermaid `xychart-beta` blocks, which Obsidian (1.7 and later) and GitHub draw.

Pure: the same points always give the same text, whatever the machine, time zone or
locale (numbers are formatted by hand, month names come from our own table).

Mermaid's xychart (as Obsidian bundles it) has no legend and no gaps in a line, so each
series carries a colour named in the caption beside the chart (newer Mermaid also draws a
legend from the series' names), and a point where any series has no value is left out of
the chart (the caption says how many were). The palette is Okabe and Ito's, which
stays distinguishable for the common kinds of colour blindness and on light and dark
themes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

PALETTE = (
    ("blue", "#0072B2"),
    ("orange", "#E69F00"),
    ("green", "#009E73"),
    ("red", "#D55E00"),
    ("purple", "#CC79A7"),
    ("sky blue", "#56B4E9"),
)


LABEL_FONT_SIZE = 11


class ChartError(ValueError):
    """A chart was asked for with points that cannot be drawn (a programming error)."""


@dataclass(frozen=True)
class Series:
    """One line or set of bars: a name and a value (or None) per point on the x axis."""

    name: str
    values: tuple[float | None, ...]
    kind: str = "line"  # "line" or "bar"


@dataclass(frozen=True)
class Chart:
    """What a chart shows: its title, x labels, series and the y axis."""

    title: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    y_title: str
    y_min: float
    y_max: float


@dataclass(frozen=True)
class Drawn:
    """A chart as Markdown: the Mermaid block and a plain caption for any editor."""

    block: str
    caption: str
    points: int  # points drawn
    left_out: int  # points left out because a series had no value there


def _number(value: float) -> str:
    """Mermaid's NUMBER_WITH_DECIMAL: `3`, `2.75`, `-0.5` (never `1e-05`, `nan` or `,`)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _text(value: str) -> str:
    """A quoted Mermaid string: its grammar allows anything but `"` and line breaks."""
    cleaned = " ".join(value.replace('"', "'").replace("%%", "%").split())
    return f'"{cleaned or "–"}"'


def xychart(chart: Chart) -> Drawn:
    """The Mermaid block for `chart`, with points missing a value left out."""
    if not chart.series or len(chart.series) > len(PALETTE):
        raise ChartError(f"a chart needs 1 to {len(PALETTE)} series")
    if any(len(s.values) != len(chart.labels) for s in chart.series):
        raise ChartError("every series needs one value per label")
    if not chart.y_min < chart.y_max:
        raise ChartError("the y axis needs its minimum below its maximum")
    kept = [
        i for i in range(len(chart.labels)) if all(s.values[i] is not None for s in chart.series)
    ]
    left_out = len(chart.labels) - len(kept)
    if not kept:
        return Drawn("", "Nothing to draw yet.", 0, left_out)
    palette = ", ".join(colour for _, colour in PALETTE[: len(chart.series)])
    # Axis labels a little smaller than Mermaid's default, so 16 weeks fit a note's width.
    init = {
        "themeVariables": {"xyChart": {"plotColorPalette": palette}},
        "xyChart": {"xAxis": {"labelFontSize": LABEL_FONT_SIZE}},
    }
    lines = [
        "```mermaid",
        f"%%{{init: {json.dumps(init, sort_keys=True)}}}%%",
        "xychart-beta",
        f"    title {_text(chart.title)}",
        "    x-axis [" + ", ".join(_text(chart.labels[i]) for i in kept) + "]",
        f"    y-axis {_text(chart.y_title)} {_number(chart.y_min)} --> {_number(chart.y_max)}",
    ]
    for series in chart.series:
        if series.kind not in ("line", "bar"):
            raise ChartError(f"unknown series kind {series.kind!r}")
        values = []
        for i in kept:
            value = series.values[i]
            assert value is not None
            values.append(_number(min(chart.y_max, max(chart.y_min, value))))
        lines.append(f"    {series.kind} {_text(series.name)} [" + ", ".join(values) + "]")
    lines.append("```")
    return Drawn("\n".join(lines), _caption(chart, len(kept), left_out), len(kept), left_out)


def _caption(chart: Chart, points: int, left_out: int) -> str:
    """The colours in words (`Blue: safety, orange: connection.`), for charts of several
    series; what was left out is for the caller to say, in its own unit."""
    if len(chart.series) < 2:
        return ""
    named = ", ".join(f"{PALETTE[i][0]}: {s.name}" for i, s in enumerate(chart.series))
    return named[0].upper() + named[1:] + "."
