"""Ratings compared at once are held together: Benjamini–Hochberg across them, so that a
page of three comparisons does not call an unchanged rating higher or lower in one unchanged
journal in eight."""

from __future__ import annotations

from plainheal.analyze import statistics
from plainheal.analyze.family import held_together
from plainheal.api import Thresholds


def _test(p_value: float | None) -> statistics.TestResult:
    return statistics.TestResult("welch", 0.8, 2.5, 20.0, p_value)


def test_a_change_alone_below_alpha_is_not_named_among_three() -> None:
    answers = [
        ("higher", _test(0.03)),
        ("about the same", _test(0.4)),
        ("about the same", _test(0.8)),
    ]
    assert held_together(answers, Thresholds()) == ["about the same"] * 3
    clear = [("higher", _test(0.001)), *answers[1:]]
    assert held_together(clear, Thresholds()) == ["higher", "about the same", "about the same"]
    # Not compared (too few ratings, no test) takes no part: one of one stands alone.
    alone = [("lower", _test(0.03)), ("not enough data", _test(None)), ("–", None)]
    assert held_together(alone, Thresholds()) == ["lower", "not enough data", "–"]
