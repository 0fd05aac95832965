"""Inline SVG charts for the report: valid, deterministic, readable without colour."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from plainheal.render.svg import (
    HATCH_SPACING,
    LINE_STYLES,
    Line,
    Marker,
    Stack,
    hatching,
    line_chart,
    short_date,
    stacked_chart,
)

NS = "{http://www.w3.org/2000/svg}"
MONDAYS = [dt.date(2026, 6, 1) + dt.timedelta(weeks=i) for i in range(10)]


def ratings(values: tuple[float | None, ...] = (2, 2.5, None, 3, 3, 3.5, 4, None, None, 4)) -> str:
    return line_chart(
        "r",
        "Weekly self-ratings",
        "Safety rose from 2 to 4.",
        MONDAYS,
        [Line("safety", values), Line("connection", tuple(3.0 for _ in MONDAYS))],
        1,
        5,
        [Marker(dt.date(2026, 6, 10), "disclosure"), Marker(dt.date(2027, 1, 1), "later")],
    )


def test_a_line_chart_is_valid_svg_with_a_title_and_description() -> None:
    root = ET.fromstring(ratings())
    assert root.tag == f"{NS}svg"
    assert root.findtext(f"{NS}title") == "Weekly self-ratings"
    assert root.findtext(f"{NS}desc") == "Safety rose from 2 to 4."
    assert root.get("role") == "img" and root.get("aria-labelledby") == "r-t r-d"


def test_a_week_without_a_value_breaks_the_line() -> None:
    root = ET.fromstring(ratings())
    safety_paths = [p for p in root.iter(f"{NS}path") if p.get("stroke") == LINE_STYLES[0][0]]
    assert len(safety_paths) == 2  # weeks 1-2 and 4-7; the lone last week is a point
    points = [c for c in root.iter(f"{NS}circle") if c.get("fill") == LINE_STYLES[0][0]]
    assert len(points) == 7 + 1  # seven weeks with a value, and the legend's sample


def test_lines_differ_by_dash_and_shape_for_black_and_white_print() -> None:
    styles = {(dash, shape) for _, dash, shape in LINE_STYLES}
    assert len(styles) == len(LINE_STYLES)
    svg = ratings()
    assert 'stroke-dasharray="6 3"' in svg and "<rect" in svg


def test_markers_inside_the_period_are_drawn_and_labelled_others_are_not() -> None:
    svg = ratings()
    assert ">disclosure</text>" in svg
    assert ">later</text>" not in svg


def test_axis_dates_are_readable_and_locale_free() -> None:
    assert short_date(dt.date(2026, 9, 7)) == "7 Sep"
    assert short_date(dt.date(2026, 9, 7), with_year=True) == "7 Sep 2026"
    labels = [
        t.text for t in ET.fromstring(ratings()).iter(f"{NS}text") if t.get("class") == "axis"
    ]
    assert "1 Jun 2026" in labels


def test_names_are_escaped() -> None:
    svg = line_chart("x", "<b>", "a & b", MONDAYS[:2], [Line("<script>", (1.0, 2.0))], 1, 5)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)


def test_stacked_chart_draws_each_kind_with_its_own_fill() -> None:
    stack = Stack("Empathy", (1, 0) * 5, (0, 2) * 5, (1, 1) * 5)
    svg = stacked_chart("s", "Partner", "desc", MONDAYS, [stack], [Marker(MONDAYS[3], "therapy")])
    root = ET.fromstring(svg)
    fills = {r.get("fill") for r in root.iter(f"{NS}rect")}
    assert {"#2b2b2b", "#ffffff", "#bdbdbd"} <= fills
    # Mixed and concerning bars are hatched in opposite directions, for black-and-white print.
    hatches = [p for p in root.iter(f"{NS}path") if p.get("fill") == "none"]
    assert {p.get("stroke") for p in hatches} == {"#555", "#000"}
    assert ">therapy</text>" in svg


def test_bars_are_hatched_with_lines_never_with_a_fill_pattern() -> None:
    # Chromium prints an SVG <pattern> tile by tile: a report's chart of 4-unit tiles came
    # out as a 34 MB PDF page. Plain lines, at a coarser spacing, print as a few kilobytes.
    weeks = [dt.date(2026, 3, 16) + dt.timedelta(weeks=i) for i in range(38)]
    stacks = [Stack(name, (3,) * 38, (2,) * 38, (2,) * 38) for name in "ABCDEF"]
    svg = stacked_chart("p", "t", "d", weeks, stacks)
    assert "<pattern" not in svg and "url(" not in svg
    assert len(svg) < 150_000, len(svg)


@given(
    st.floats(0, 600),
    st.floats(0, 400),
    st.floats(0.5, 60),
    st.floats(0.5, 60),
    st.sampled_from(["/", "\\"]),
)
def test_hatching_stays_inside_its_bar(
    x: float, y: float, width: float, height: float, direction: str
) -> None:
    data = hatching(x, y, width, height, direction)
    segments = re.findall(r"M([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)", data)
    assert data == "".join(f"M{a} {b}L{c} {d}" for a, b, c, d in segments)
    slack = 0.06  # coordinates are written to one decimal
    for ax, ay, bx, by in (tuple(map(float, s)) for s in segments):
        for px, py in ((ax, ay), (bx, by)):
            assert x - slack <= px <= x + width + slack and y - slack <= py <= y + height + slack
        # "/" rises to the right (y grows downwards), "\\" falls.
        assert (by < ay) if direction == "/" else (by > ay)
    # Lines HATCH_SPACING apart along the diagonal: about (width + height) / spacing of them.
    assert len(segments) <= (width + height) / HATCH_SPACING + 1
    if width >= HATCH_SPACING and height >= HATCH_SPACING:
        assert len(segments) >= (width + height) / HATCH_SPACING - 2


def test_bar_rows_carry_their_scale() -> None:
    stacks = [
        Stack("A", (1, 2, 0), (0, 1, 0), (0, 0, 0)),
        Stack("B", (4, 0, 0), (1, 0, 0), (0, 0, 2)),
    ]
    root = ET.fromstring(stacked_chart("s", "t", "d", MONDAYS[:3], stacks))
    axis = [t.text for t in root.iter(f"{NS}text") if t.get("class") == "axis"]
    # Both rows on one scale, 0 to the biggest week (4 + 1), labelled on each row.
    assert axis.count("0") == 2 and axis.count("5") == 2
    assert any("0 to 5, on the same scale in every row" in (t or "") for t in axis)


def test_only_the_first_row_labels_its_markers() -> None:
    stacks = [Stack(name, (1,) * 10, (0,) * 10, (0,) * 10) for name in ("A", "B", "C")]
    svg = stacked_chart("s", "t", "d", MONDAYS, stacks, [Marker(MONDAYS[2], "session")])
    assert svg.count(">session</text>") == 1
    assert svg.count('class="marker"') == 3


@given(
    st.lists(
        st.one_of(st.none(), st.floats(min_value=-100, max_value=100, allow_nan=False)),
        min_size=1,
        max_size=60,
    )
)
def test_any_values_give_the_same_valid_svg_every_time(values: list[float | None]) -> None:
    mondays = [dt.date(2026, 1, 5) + dt.timedelta(weeks=i) for i in range(len(values))]
    svg = line_chart("p", "t", "d", mondays, [Line("x", tuple(values))], 1, 5)
    assert svg == line_chart("p", "t", "d", mondays, [Line("x", tuple(values))], 1, 5)
    assert not re.search(r"\d[eE][+-]?\d", svg) and "nan" not in svg.lower()
    ET.fromstring(svg)


def test_marker_labels_stand_above_the_plot_clear_of_lines_and_bars() -> None:
    line = ET.fromstring(ratings())
    frame = next(r for r in line.iter(f"{NS}rect") if r.get("class") == "frame")
    labels = [t for t in line.iter(f"{NS}text") if t.get("class") == "marker-label"]
    assert labels and all(float(t.get("y", 0)) < float(frame.get("y", 0)) for t in labels)
    stacks = [Stack(name, (1,) * 10, (0,) * 10, (0,) * 10) for name in ("A", "B")]
    bars = ET.fromstring(stacked_chart("s", "t", "d", MONDAYS, stacks, [Marker(MONDAYS[2], "x")]))
    title_y = min(float(t.get("y", 0)) for t in bars.iter(f"{NS}text") if t.text == "A")
    label_y = [float(t.get("y", 0)) for t in bars.iter(f"{NS}text") if t.text == "x"]
    assert label_y and max(label_y) < title_y - 9  # the label's baseline above the row title
