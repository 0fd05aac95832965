"""Mermaid xychart blocks: accepted by Mermaid's grammar, faithful to the numbers, stable."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plainheal.render.mermaid import PALETTE, Chart, ChartError, Series, xychart

from mermaid_grammar import MermaidSyntaxError, parse_xychart

RATINGS = Chart(
    "Weekly self-ratings",
    ("Sep 7", "Sep 14", "Sep 21", "Sep 28"),
    (
        Series("safety", (2.0, 2.5, None, 3.25)),
        Series("connection", (1.5, 2.0, 2.0, 2.75)),
    ),
    "average, 1 to 5",
    1,
    5,
)


def test_a_chart_parses_as_mermaid_draws_it() -> None:
    drawn = xychart(RATINGS)
    parsed = parse_xychart(drawn.block)
    assert parsed.x_labels == ["Sep 7", "Sep 14", "Sep 28"]
    assert parsed.y_range == (1.0, 5.0)
    assert parsed.y_title == "average, 1 to 5"
    assert parsed.series == [
        ("line", "safety", [2.0, 2.5, 3.25]),
        ("line", "connection", [1.5, 2.0, 2.75]),
    ]
    assert parsed.title == "Weekly self-ratings"  # short: the caption names the colours
    assert parsed.init == {
        "themeVariables": {"xyChart": {"plotColorPalette": "#0072B2, #E69F00"}},
        "xyChart": {"xAxis": {"labelFontSize": 11}},
    }


def test_the_caption_names_colours_and_counts_what_was_left_out() -> None:
    drawn = xychart(RATINGS)
    assert drawn.caption == "Blue: safety, orange: connection."
    assert (drawn.points, drawn.left_out) == (3, 1)


def test_one_series_needs_no_colour_names() -> None:
    chart = Chart(
        "Positive share", ("W1", "W2"), (Series("positive", (80.0, 20.0), "bar"),), "%", 0, 100
    )
    drawn = xychart(chart)
    assert parse_xychart(drawn.block).title == "Positive share"
    assert drawn.caption == ""


def test_values_outside_the_axis_are_drawn_at_its_edge() -> None:
    chart = Chart("t", ("a", "b"), (Series("s", (-3.0, 9.0)),), "y", 1, 5)
    assert parse_xychart(xychart(chart).block).series[0][2] == [1.0, 5.0]


@pytest.mark.parametrize(
    ("chart", "reason"),
    [
        (Chart("t", ("a",), (), "y", 0, 1), "1 to"),
        (Chart("t", ("a", "b"), (Series("s", (1.0,)),), "y", 0, 1), "one value per label"),
        (Chart("t", ("a",), (Series("s", (1.0,)),), "y", 1, 1), "minimum below"),
        (Chart("t", ("a",), (Series("s", (1.0,), "pie"),), "y", 0, 1), "unknown series kind"),
    ],
)
def test_charts_that_cannot_be_drawn_are_refused(chart: Chart, reason: str) -> None:
    with pytest.raises(ChartError, match=reason):
        xychart(chart)


def test_the_grammar_reader_refuses_what_mermaid_refuses() -> None:
    good = xychart(RATINGS).block
    for broken in (
        good.replace("[2, 2.5", "[nan, 2.5"),
        good.replace('"Sep 7"', '"Sep 7'),
        good.replace("xychart-beta", "xychart-alpha"),
        good.replace("--> 5", "5"),
        good.replace("2.5, 3.25]", "2.5, 3.25"),
    ):
        with pytest.raises(MermaidSyntaxError):
            parse_xychart(broken)


labels = st.text(min_size=0, max_size=20)
# Every finite 32-bit float. Without the bounds, Hypothesis draws from the 64-bit range and
# throws the whole chart away when a value does not fit in 32 bits.
_FLOAT32_MAX = float.fromhex("0x1.fffffep+127")
values = st.one_of(st.none(), st.floats(-_FLOAT32_MAX, _FLOAT32_MAX, width=32))
_LABEL_LISTS = st.lists(labels, min_size=1, max_size=30)
# One to four series of one value per label, for each number of labels: built once, not for
# every example (a flatmap builds them anew each time: half of what drawing a chart cost).
_ROWS = {
    n: st.lists(st.lists(values, min_size=n, max_size=n), min_size=1, max_size=4)
    for n in range(1, 31)
}


@st.composite
def charts(draw: st.DrawFn) -> tuple[list[str], list[list[float | None]], str]:
    """Labels, series of one value or none per label, and a title."""
    xs = draw(_LABEL_LISTS)
    return xs, draw(_ROWS[len(xs)]), draw(labels)


@given(charts())
def test_any_points_and_names_give_a_chart_mermaid_accepts(
    case: tuple[list[str], list[list[float | None]], str],
) -> None:
    xs, rows, title = case
    chart = Chart(
        title,
        tuple(xs),
        tuple(Series(f"s{i}", tuple(row)) for i, row in enumerate(rows)),
        "y",
        -5,
        5,
    )
    drawn = xychart(chart)
    kept = [i for i in range(len(xs)) if all(row[i] is not None for row in rows)]
    if not kept:
        assert drawn.block == "" and drawn.caption == "Nothing to draw yet."
        return
    parsed = parse_xychart(drawn.block)
    assert len(parsed.x_labels) == len(kept) == drawn.points
    for (_, _, got), row in zip(parsed.series, rows, strict=True):
        for value, i in zip(got, kept, strict=True):
            expected = min(5.0, max(-5.0, row[i] or 0.0))
            assert math.isclose(value, expected, abs_tol=0.006)
    assert drawn.block == xychart(chart).block  # deterministic


def test_at_most_the_palette_s_series() -> None:
    series = tuple(Series(f"s{i}", (1.0,)) for i in range(len(PALETTE) + 1))
    with pytest.raises(ChartError):
        xychart(Chart("t", ("a",), series, "y", 0, 2))


def test_every_chart_in_the_golden_summaries_reads_as_mermaid() -> None:
    cases = Path(__file__).parent / "cases"
    blocks = [
        block
        for page in sorted(cases.glob("*/expected/**/*.md"))
        for block in re.findall(r"^```mermaid\n.*?^```$", page.read_text(), re.M | re.S)
    ]
    assert len(blocks) > 20
    for block in blocks:
        parsed = parse_xychart(block)
        assert parsed.series and all(len(v) == len(parsed.x_labels) for _, _, v in parsed.series)
