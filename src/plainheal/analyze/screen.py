"""Which within-week differences certainly come out as chance, read from a few sums, so that
the links analyzer need not work them out (`statistics.stratified_difference`). Pure.

Most of the comparisons the links analyzer makes show nothing, and for Benjamini–Hochberg
the exact p-value of a test that is not below alpha does not matter: no q-value below alpha
depends on it, so it can neither be a link nor change one (see `links`). A test of such a
comparison is worked out here from each block's count, sum and sum of squares on each side,
with plain sums, and is called chance only when its p-value is at least alpha by a margin
far larger than anything rounding can move:

- the t statistic is bounded from above: the estimate widened, and the spread narrowed, by
  hundreds of times what rounding can change them by in either way of working them out;
- Student's t has heavier tails than the normal distribution (a scale mixture of normals,
  and the normal tail is convex in the scale), so the normal two-sided p-value of that bound
  is below the t-test's own; it must be at least alpha by a further millionth;
- allowing for carry-over between days only makes the statistic smaller, and its p-value
  larger (`carry_over.variance_factor` is at least 1), so the verdict holds with it too.

Whenever it cannot tell (a spread near zero, an exact permutation p-value, more degrees of
freedom than a journal has days in decades), it says no, and the test is worked out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

Sums = tuple[int, float, float, int, float, float]  # (n, Σ, Σ²) of the days without, then with

# Rounding moves a plain sum of n values by at most about n·2⁻⁵³ (1.1e-16·n) of the sum of
# their sizes, and the spread worked out from such sums by a few times that of Σ value²
# (fsum's by less): this is hundreds of times more, per value.
_ROUNDING = 1e-13
_MARGIN = 1e-6  # beyond that, the p-values' own computations' relative error
_MAX_DF = 10_000  # ten thousand rated days: where the t tails stay exact to far within it


def certainly_chance(sums: Sequence[Sums], alpha: float) -> bool:
    """Whether `stratified_difference` of strata with these sums (each side holding at least
    one value) has a p-value of at least `alpha`, with or without carry-over, whatever the
    rounding. False when it cannot tell."""
    days = strata = 0
    weight = weighted = residual = squares = 0.0
    for n0, s0, q0, n1, s1, q1 in sums:
        m0, m1 = s0 / n0, s1 / n1
        w = n0 * n1 / (n0 + n1)
        weight += w
        weighted += w * (m1 - m0)
        residual += (q0 - s0 * m0) + (q1 - s1 * m1)
        squares += q0 + q1
        days += n0 + n1
        strata += 1
    df = days - 2 * strata
    if df < 1 or df > _MAX_DF:
        return False
    slack = _ROUNDING * (days + 30)
    spread = residual - slack * squares
    if spread <= 0:
        return False
    # The largest value is at most √(Σ value²): the estimate's rounding is a share of it.
    estimate = abs(weighted / weight) + slack * math.sqrt(squares)
    statistic = estimate / math.sqrt(spread / df / weight) * (1 + slack)
    return math.erfc(statistic / math.sqrt(2.0)) >= alpha * (1 + _MARGIN)
