"""Ratings compared at once are held together: Benjamini–Hochberg across them, so that a
page of three comparisons does not call an unchanged rating higher or lower in one unchanged
journal in eight."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from plainheal.analyze import statistics
from plainheal.analyze.family import held_together
from plainheal.api import Thresholds

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
from simulate import journal, safety_rises
from simulate import run as simulate


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


def test_unchanged_journals_rarely_show_a_rating_change_and_a_clear_rise_is_found() -> None:
    rng = random.Random(7)
    unchanged = [simulate(journal(rng, 120), links=False) for _ in range(60)]
    shown = [any(r.direction in ("higher", "lower") for r in a.ratings) for a in unchanged]
    assert sum(shown) <= 7  # alone, about 1 journal in 8 (5% expected held together)
    # The check-in's answers are those of its tests held together, and that made a
    # difference somewhere: a rating that alone would have read higher or lower does not.
    held = 0
    for analysis in unchanged:
        alone = [
            (
                r.direction
                if r.direction == "not enough data"
                or r.test is None
                or r.test.p_value is None
                or r.test.estimate is None
                or not (r.test.p_value < 0.05 and abs(r.test.estimate) >= 0.5)
                else "higher"
                if r.test.estimate > 0
                else "lower",
                r.test,
            )
            for r in analysis.ratings
        ]
        assert [r.direction for r in analysis.ratings] == held_together(alone, Thresholds())
        held += [answer for answer, _ in alone] != [r.direction for r in analysis.ratings]
    assert held
    rises = [simulate(journal(rng, 120, centres=safety_rises(120)), links=False) for _ in range(20)]
    safety = [next(r for r in a.ratings if r.key == "safety") for a in rises]
    assert sum(r.direction == "higher" for r in safety) >= 17
