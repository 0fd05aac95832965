"""The tests behind every comparison plainheal puts into words. Pure and deterministic.

Closed forms only (no SciPy at run time: a local CLI should start fast and install small).
Each function is checked against `scipy.stats` in tests/test_statistics.py.

- Student's t tails through the regularized incomplete beta function, evaluated with
  Lentz's continued fraction; the normal tail through `math.erfc`.
- Welch's t-test: two windows of ratings (then against now), or early against recent effort.
  plainheal reads it against min(n1, n2) − 1 degrees of freedom (`conservative=True`), the
  textbook conservative bound, not the Welch–Satterthwaite estimate: on 1–5 ratings and
  −1/0/+1 scores (few values, light tails) Student's tails with the estimated df claim a
  change slightly more often than alpha when nothing changed (up to 5.2% on a dozen ratings
  a side; benchmarks/ceilings.py); the bound brings that to 3.7–4.4%.
- The least-squares slope with its t-test: a trend over entry-level scores. With `robust`,
  the standard error is the larger of the usual one and HC2 (White's, with the leverage
  correction that makes it unbiased when the spread is constant), so a spread that changes
  over time cannot shrink it, and a short run of −1/0/+1 scores (n−2 df claims up to 5.2%
  on 14–19 entries) stays within alpha (4.7–4.9%).
- A stratified difference of means: days with a value against days without, compared only
  within the same weeks (each week a stratum), so slow drifts over months cancel; with the
  day-to-day correlation of the values measured by the `carry_over` module, its variance is
  widened to what such a correlation (an AR(1)) gives it.
- A one-sample t-test against a fixed level: is a share clearly above a threshold?
- Benjamini–Hochberg adjusted p-values: false discoveries controlled across many links.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from plainheal.analyze.carry_over import MAX_CARRY_OVER, DayStrata, variance_factor

_TINY = 1e-300
_EPSILON = 1e-15
_MAX_TERMS = 500


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz method)."""
    # Local names are faster to read than globals in a loop this hot, and two comparisons
    # faster than abs(): `v > tiny or v < low` is `abs(v) > tiny`, NaN included (False).
    tiny, low, epsilon = _TINY, -_TINY, _EPSILON
    ab = a + b  # a + b + m is (a + b) + m: the same sum either way
    c, d = 1.0, 1.0 - ab * x / (a + 1.0)
    d = 1.0 / (d if d > tiny or d < low else tiny)
    result = d
    # The two steps of each term are written out rather than looped over: this runs
    # thousands of times in an analysis, and the loop's tuple cost a quarter of its time.
    for m in range(1, _MAX_TERMS + 1):
        a2m = a + 2 * m
        numerator = m * (b - m) * x / ((a2m - 1) * a2m)
        d = 1.0 + numerator * d
        d = 1.0 / (d if d > tiny or d < low else tiny)
        c = 1.0 + numerator / c
        if not (c > tiny or c < low):
            c = tiny
        result *= c * d
        numerator = -(a + m) * (ab + m) * x / (a2m * (a2m + 1))
        d = 1.0 + numerator * d
        d = 1.0 / (d if d > tiny or d < low else tiny)
        c = 1.0 + numerator / c
        if not (c > tiny or c < low):
            c = tiny
        step = c * d
        result *= step
        if -epsilon < step - 1.0 < epsilon:
            break
    return result


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b), for a, b > 0 and 0 ≤ x ≤ 1."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    # The fraction converges fast on this side of the mean; use the symmetry on the other.
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_fraction(a, b, x) / a
    return 1.0 - front * _beta_fraction(b, a, 1.0 - x) / b


def t_sf(t: float, df: float) -> float:
    """P(T > t) for Student's t with `df` degrees of freedom."""
    if math.isnan(t):
        return math.nan
    if math.isinf(t):
        return 0.0 if t > 0 else 1.0
    tail = 0.5 * incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return tail if t > 0 else 1.0 - tail


def t_two_sided(t: float, df: float) -> float:
    """P(|T| ≥ |t|) for Student's t with `df` degrees of freedom."""
    return min(1.0, 2.0 * t_sf(abs(t), df))


def normal_sf(z: float) -> float:
    """P(Z > z) for the standard normal distribution."""
    return 0.5 * math.erfc(z / math.sqrt(2.0))


@dataclass(frozen=True)
class TestResult:
    """One test: the estimate (a difference or a slope), its statistic and p-value.

    `p_value` is None when the test cannot be computed (too few values). A statistic is
    infinite when there is no spread at all around a real difference; callers turn
    non-finite numbers into null before writing JSON.
    """

    test: str
    estimate: float | None
    statistic: float | None
    df: float | None
    p_value: float | None


NO_SPREAD = "exact permutation (no spread)"  # the test named when there is no spread at all


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def _sum_of_squares(values: Sequence[float], centre: float) -> float:
    return math.fsum([(v - centre) ** 2 for v in values])


def _p_from_t(t: float, df: float, alternative: str) -> float:
    if alternative == "greater":
        return t_sf(t, df)
    if alternative == "less":
        return t_sf(-t, df)
    return t_two_sided(t, df)


def _degenerate(estimate: float, alternative: str, arrangements: int) -> tuple[float, float]:
    """Statistic and p-value when there is no spread at all (every value on each side the
    same, or points exactly on a line).

    The t statistic is then infinite, but that is not certainty: with 3 ratings of 3 against
    3 ratings of 4, the values could have fallen into those two groups by chance in 1 of the
    20 ways of splitting six values into two groups of three. So the p-value is the exact
    permutation one: the observed arrangement is the most extreme of `arrangements` equally
    likely ones when nothing is there, 1/arrangements in its direction, at most twice that
    both ways.
    """
    if estimate == 0:
        return 0.0, 1.0 if alternative == "two-sided" else 0.5
    statistic = math.copysign(math.inf, estimate)
    one_way = 1 / arrangements
    if alternative == "greater":
        return statistic, one_way if estimate > 0 else 1.0
    if alternative == "less":
        return statistic, one_way if estimate < 0 else 1.0
    return statistic, min(1.0, 2 * one_way)


def _orderings(values: Sequence[float]) -> int:
    """How many distinct orders the values can be put in (equal values are one)."""
    count = math.factorial(len(values))
    for n in Counter(values).values():
        count //= math.factorial(n)
    return count


def welch(
    before: Sequence[float],
    after: Sequence[float],
    alternative: str = "two-sided",
    *,
    conservative: bool = False,
) -> TestResult:
    """Welch's t-test of mean(after) − mean(before), without assuming equal spreads.

    `alternative` is "two-sided", "greater" (after is higher) or "less" (after is lower).
    `conservative` reads the statistic against min(n1, n2) − 1 degrees of freedom, never
    more than the Welch–Satterthwaite estimate, so the p-value is never smaller.
    """
    n1, n2 = len(before), len(after)
    if n1 < 2 or n2 < 2:
        estimate = _mean(after) - _mean(before) if n1 and n2 else None
        return TestResult("welch", estimate, None, None, None)
    m1, m2 = _mean(before), _mean(after)
    v1 = _sum_of_squares(before, m1) / (n1 - 1) / n1
    v2 = _sum_of_squares(after, m2) / (n2 - 1) / n2
    estimate = m2 - m1
    if v1 + v2 == 0:
        statistic, p = _degenerate(estimate, alternative, math.comb(n1 + n2, n1))
        if estimate == 0:
            return TestResult("welch", estimate, statistic, float(n1 + n2 - 2), p)
        return TestResult(NO_SPREAD, estimate, statistic, None, p)
    statistic = estimate / math.sqrt(v1 + v2)
    if conservative:
        name, df = "welch (conservative df)", float(min(n1, n2) - 1)
    else:
        name, df = "welch", (v1 + v2) ** 2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1))
    return TestResult(name, estimate, statistic, df, _p_from_t(statistic, df, alternative))


def one_sample(values: Sequence[float], level: float, alternative: str = "greater") -> TestResult:
    """One-sample t-test of mean(values) − level (by default: is the mean above `level`?)."""
    n = len(values)
    if n < 2:
        return TestResult("one-sample t", _mean(values) - level if n else None, None, None, None)
    centre = _mean(values)
    estimate = centre - level
    variance = _sum_of_squares(values, centre) / (n - 1) / n
    if variance == 0:  # every value the same: as likely above the level as below, n times
        statistic, p = _degenerate(estimate, alternative, 2**n)
        if estimate == 0:
            return TestResult("one-sample t", estimate, statistic, float(n - 1), p)
        return TestResult(NO_SPREAD, estimate, statistic, None, p)
    statistic = estimate / math.sqrt(variance)
    return TestResult(
        "one-sample t", estimate, statistic, float(n - 1), _p_from_t(statistic, n - 1, alternative)
    )


def slope(xs: Sequence[float], ys: Sequence[float], *, robust: bool = False) -> TestResult:
    """The least-squares slope of ys on xs and its t-test (two-sided, n − 2 df).

    `robust`: the standard error is the larger of the usual one and HC2's.
    """
    n = len(xs)
    if n < 3:
        return TestResult("least-squares slope", None, None, None, None)
    mx, my = _mean(xs), _mean(ys)
    sxx = _sum_of_squares(xs, mx)
    if sxx == 0:
        return TestResult("least-squares slope", None, None, None, None)
    sxy = math.fsum([(x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)])
    syy = _sum_of_squares(ys, my)
    estimate = sxy / sxx
    residual = max(0.0, syy - estimate * sxy)
    df = float(n - 2)
    if residual <= 1e-12 * max(1.0, syy):
        statistic, p = _degenerate(estimate, "two-sided", _orderings(ys))
        if estimate == 0:
            return TestResult("least-squares slope", estimate, statistic, df, p)
        return TestResult(NO_SPREAD, estimate, statistic, None, p)
    standard_error = math.sqrt(residual / df / sxx)
    name = "least-squares slope"
    if robust:
        name = "least-squares slope (larger of usual and HC2 standard errors)"
        standard_error = max(standard_error, _hc2(xs, ys, mx, my, sxx, estimate))
    statistic = estimate / standard_error
    return TestResult(name, estimate, statistic, df, t_two_sided(statistic, df))


def _hc2(
    xs: Sequence[float], ys: Sequence[float], mx: float, my: float, sxx: float, estimate: float
) -> float:
    """HC2 standard error of a least-squares slope: each squared residual is divided by
    1 − its leverage, which makes the variance unbiased when the spread is constant."""
    n = len(xs)
    total = 0.0
    for x, y in zip(xs, ys, strict=True):
        dx = x - mx
        leverage = 1.0 / n + dx * dx / sxx
        residual = y - my - estimate * dx
        if leverage < 1.0:
            total += dx * dx * residual * residual / (1.0 - leverage)
    return math.sqrt(total) / sxx


def stratified_difference(
    strata: Sequence[tuple[Sequence[float], Sequence[float]]],
    *,
    days: DayStrata | None = None,
    carry_over: float = 0.0,
) -> TestResult:
    """mean(with) − mean(without), compared only inside each stratum (e.g. each week).

    Each stratum is (values without, values with). Strata lacking either side are left out.
    The estimate is the average of the per-stratum differences, each weighted by
    n_with·n_without/(n_with + n_without), the weight that makes it most precise when the
    spread is the same everywhere. The spread is the pooled variance of the values around
    their own stratum-and-side means, so differences between strata (a slow drift over
    months) neither create a difference nor hide one. The t statistic has
    N − 2·(strata used) degrees of freedom: a fixed-effects within-stratum comparison.

    With `days` (the values' day numbers, in the same shape) and a `carry_over` above 0
    (the correlation of consecutive days' values, see `carry_over.carry_over`), the variance
    is the one the estimate has when the values follow an AR(1) with that correlation over
    the days (`carry_over.variance_factor`), so the statistic is smaller, and the p-value
    larger, than with independent days; never the other way.
    """
    weights, differences, sizes = [], [], []
    residual = 0.0
    fsum = math.fsum  # the same sums as _mean and _sum_of_squares, without their calls
    for without, with_ in strata:
        n0, n1 = len(without), len(with_)
        if not n0 or not n1:
            continue
        m0, m1 = fsum(without) / n0, fsum(with_) / n1
        sizes.append((n0, n1))
        weights.append(n0 * n1 / (n0 + n1))
        differences.append(m1 - m0)
        residual += fsum([(v - m0) ** 2 for v in without]) + fsum([(v - m1) ** 2 for v in with_])
    if not sizes:
        return TestResult("within-week difference", None, None, None, None)
    df = sum(n0 + n1 for n0, n1 in sizes) - 2 * len(sizes)
    weight = fsum(weights)
    estimate = fsum([w * d for w, d in zip(weights, differences, strict=True)]) / weight
    if df < 1:
        return TestResult("within-week difference", estimate, None, None, None)
    if residual == 0:
        # Each side the same in every week: the exact within-week permutation p-value, when
        # every week's difference points the same way (else no better than chance).
        same_way = all(d * estimate > 0 for d in differences)
        arrangements = math.prod(math.comb(n0 + n1, n1) for n0, n1 in sizes)
        statistic, p = _degenerate(estimate, "two-sided", arrangements if same_way else 1)
        if estimate == 0:
            return TestResult("within-week difference", estimate, statistic, float(df), p)
        return TestResult(NO_SPREAD, estimate, statistic, None, p)
    statistic = estimate / math.sqrt(residual / df / weight)
    name = "within-week difference"
    if carry_over > 0 and days is not None:
        name = "within-week difference (allowing for carry-over between days)"
        statistic /= math.sqrt(variance_factor(days, min(carry_over, MAX_CARRY_OVER), df))
    return TestResult(name, estimate, statistic, float(df), t_two_sided(statistic, df))


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """Benjamini–Hochberg adjusted p-values (q-values), in the order given.

    Declaring every test with q < alpha a discovery keeps the expected share of false
    discoveries among them at most alpha.
    """
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [0.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        index = order[rank - 1]
        running = min(running, p_values[index] * m / rank)
        adjusted[index] = running
    return adjusted
