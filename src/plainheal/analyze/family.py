"""Several ratings compared at once, as one family: false discoveries controlled across them.

A check-in compares every rating (three built in, more with a plugin's or the vault's own),
and each comparison alone calls an unchanged rating higher or lower about 1 time in 20; a
page of three would show one in about 1 unchanged journal in 8. So, as for links and the
directions of the dimensions, Benjamini–Hochberg at `alpha` across the ratings compared
together: `higher` or `lower` only when the q-value is below alpha too; otherwise
`about the same` (which the pages word *could be chance* where the difference matters).
"""

from __future__ import annotations

from collections.abc import Sequence

from plainheal.analyze.statistics import TestResult, benjamini_hochberg
from plainheal.api import Thresholds

CHANGED = ("higher", "lower")


def held_together(
    answers: Sequence[tuple[str, TestResult | None]], thresholds: Thresholds
) -> list[str]:
    """The answers (`higher`, `lower`, `about the same`, `not enough data`), each with its
    test, as they read once the comparisons worked out are held together; an answer whose
    test has no p-value takes no part."""
    adjusted = [answer for answer, _ in answers]
    for index, q_value in enumerate(q_values(answers)):
        if adjusted[index] in CHANGED and (q_value is None or not q_value < thresholds.alpha):
            adjusted[index] = "about the same"
    return adjusted


def q_values(answers: Sequence[tuple[str, TestResult | None]]) -> list[float | None]:
    """Each comparison's Benjamini–Hochberg q-value among those worked out; None for one
    not worked out (too few ratings, or no test)."""
    tested = [
        index
        for index, (answer, test) in enumerate(answers)
        if answer in (*CHANGED, "about the same") and test is not None and test.p_value is not None
    ]
    p_values = [answers[index][1].p_value or 1.0 for index in tested]  # type: ignore[union-attr]
    found: list[float | None] = [None] * len(answers)
    for index, q_value in zip(tested, benjamini_hochberg(p_values), strict=True):
        found[index] = q_value
    return found
