"""The directions of the dimensions are named with false discoveries controlled across them
all (Benjamini–Hochberg), as links are: six trends at 1 in 20 each would show a behaviour
*rising* or *falling* on one unchanged journal in four."""

from __future__ import annotations

import random
from dataclasses import replace

from plainheal.analyze import statistics
from plainheal.analyze.dimensions import NOT_ENOUGH, DimensionSummary, across_dimensions
from plainheal.api import Thresholds
from plainheal.builtin import VOCABULARY

from builders import days_before, make, run


def _summaries() -> list[DimensionSummary]:
    """The six built-in dimensions of a small journal, each with a trend tested."""
    rng = random.Random(1)
    values = {key: dimension.values for key, dimension in VOCABULARY.dimensions.items()}
    entries = [
        make(days_before(i), **{k: rng.choice(v) for k, v in values.items()}) for i in range(84)
    ]
    summaries = list(run(entries).dimensions)
    assert all(s.trend.direction != NOT_ENOUGH for s in summaries)
    return summaries


def _with(summary: DimensionSummary, direction: str, p_value: float) -> DimensionSummary:
    test = statistics.TestResult("slope", -0.1, -2.5, 40.0, p_value)
    trend = replace(summary.trend, direction=direction, test=test, slope_per_week=-0.1)
    return replace(summary, trend=trend)


def test_a_direction_alone_below_alpha_is_not_named_among_six_unchanged() -> None:
    quiet = [_with(s, "no clear change", 0.5 + i / 20) for i, s in enumerate(_summaries())]
    alone = [_with(quiet[0], "falling", 0.02), *quiet[1:]]
    adjusted = across_dimensions(alone, Thresholds())
    assert adjusted[0].direction == "no clear change"
    assert adjusted[0].trend.q_value is not None and adjusted[0].trend.q_value >= 0.05
    assert [s.direction for s in adjusted[1:]] == [s.direction for s in quiet[1:]]
    # Clear enough to stand out among six, it is named, with its q-value.
    clear = across_dimensions([_with(quiet[0], "falling", 0.001), *quiet[1:]], Thresholds())
    assert clear[0].direction == "falling" and clear[0].trend.q_value == 0.001 * 6
    # A trend that is not tested (not enough data) takes no part, and gets no q-value.
    untested = replace(quiet[1], trend=replace(quiet[1].trend, direction=NOT_ENOUGH))
    two = across_dimensions([_with(quiet[0], "falling", 0.02), untested], Thresholds())
    assert two[0].trend.q_value == 0.02 and two[0].direction == "falling"  # one of one
    assert two[1].trend.q_value is None and two[1].direction == NOT_ENOUGH


def test_the_analysis_names_directions_only_against_the_whole_family() -> None:
    analysis = run(
        [make(days_before(i), empathy="connected" if i > 42 else "dismissive") for i in range(84)]
    )
    empathy = next(d for d in analysis.dimensions if d.key == "empathy")
    assert empathy.direction == "falling" and empathy.trend.q_value is not None
