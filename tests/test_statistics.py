"""Every test of plainheal.analyze.statistics against scipy.stats (a test-only dependency)."""

import importlib
import itertools
import math
import random
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from plainheal.analyze.carry_over import carry_over, carry_over_moments
from plainheal.analyze.statistics import (
    NO_SPREAD,
    benjamini_hochberg,
    incomplete_beta,
    normal_sf,
    one_sample,
    slope,
    stratified_difference,
    t_sf,
    t_two_sided,
    welch,
)

REL = 1e-9


class _OnFirstUse:
    """A module imported on first use: scipy.stats takes a second, numpy a tenth, and every
    pytest-xdist worker collects this file whether or not it runs its tests (with numpy
    loaded, Hypothesis also reseeds numpy's generator before each example of every test).
    The price: what is called through it is not type-checked."""

    def __init__(self, module: str) -> None:
        self._module = module

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # what pytest asks of everything in a test module
            raise AttributeError(name)
        return getattr(importlib.import_module(self._module), name)


np = _OnFirstUse("numpy")
reference = _OnFirstUse("scipy.stats")

# scipy warns about its own precision on nearly constant samples; ours does not warn.
pytestmark = [
    pytest.mark.filterwarnings("ignore:Precision loss:RuntimeWarning"),
    pytest.mark.slow,
]


@pytest.mark.parametrize("df", [1, 2, 3, 4.5, 7, 12.3, 30, 100, 1000])
@pytest.mark.parametrize("t", [-40.0, -5.0, -2.1, -0.3, 0.0, 0.01, 1.0, 1.96, 3.5, 12.0, 60.0])
def test_t_tails_match_scipy(t: float, df: float) -> None:
    assert t_sf(t, df) == pytest.approx(reference.t.sf(t, df), rel=1e-8, abs=1e-300)
    assert t_two_sided(t, df) == pytest.approx(
        min(1.0, 2 * reference.t.sf(abs(t), df)), rel=1e-8, abs=1e-300
    )


def test_t_tails_at_infinity() -> None:
    assert t_sf(math.inf, 3) == 0.0 and t_sf(-math.inf, 3) == 1.0
    assert math.isnan(t_sf(math.nan, 3))


@given(
    st.floats(0.05, 200),
    st.floats(0.05, 200),
    st.floats(0, 1),
)
def test_incomplete_beta_matches_scipy(a: float, b: float, x: float) -> None:
    from scipy.special import betainc

    assert incomplete_beta(a, b, x) == pytest.approx(betainc(a, b, x), rel=1e-7, abs=1e-12)


@pytest.mark.parametrize("z", [-8.0, -1.0, 0.0, 0.5, 1.6449, 3.0, 10.0])
def test_normal_tail_matches_scipy(z: float) -> None:
    assert normal_sf(z) == pytest.approx(reference.norm.sf(z), rel=1e-12, abs=1e-300)


samples = st.lists(st.integers(1, 5), min_size=2, max_size=40)


@given(samples, samples)
def test_welch_matches_scipy(before: list[int], after: list[int]) -> None:
    ours = welch(before, after)
    assert ours.estimate == pytest.approx(np.mean(after) - np.mean(before), abs=1e-12)
    if np.var(before) + np.var(after) == 0:
        both_ways = 2 / math.comb(len(before) + len(after), len(before))
        assert ours.p_value == (1.0 if ours.estimate == 0 else min(1.0, both_ways))
        return
    theirs = reference.ttest_ind(after, before, equal_var=False)
    assert ours.statistic == pytest.approx(theirs.statistic, rel=REL)
    assert ours.p_value == pytest.approx(theirs.pvalue, rel=1e-7, abs=1e-14)
    for alternative in ("greater", "less"):
        one = reference.ttest_ind(after, before, equal_var=False, alternative=alternative)
        assert welch(before, after, alternative).p_value == pytest.approx(
            one.pvalue, rel=1e-7, abs=1e-14
        )


@given(samples, samples)
def test_conservative_welch_reads_the_statistic_against_the_smaller_side(
    before: list[int], after: list[int]
) -> None:
    ours = welch(before, after, conservative=True)
    if np.var(before) + np.var(after) == 0:
        return  # decided by the sign, as above
    theirs = reference.ttest_ind(after, before, equal_var=False)
    df = min(len(before), len(after)) - 1
    assert ours.statistic == pytest.approx(theirs.statistic, rel=REL)
    assert ours.df == df
    expected = 2 * reference.t.sf(abs(theirs.statistic), df)
    assert ours.p_value == pytest.approx(min(1.0, expected), rel=1e-7, abs=1e-14)
    assert ours.p_value >= theirs.pvalue - 1e-12  # never more sure than Welch–Satterthwaite


def test_welch_with_too_few_values_gives_no_p_value() -> None:
    assert welch([3], [4, 5]).p_value is None
    assert welch([3], [4, 5]).estimate == 1.5
    assert welch([], [4, 5]).estimate is None


@given(st.lists(st.floats(0, 1), min_size=2, max_size=30), st.floats(0.1, 0.9))
def test_one_sample_matches_scipy(values: list[float], level: float) -> None:
    ours = one_sample(values, level)
    if np.var(values) < 1e-20:
        return  # scipy gives nan where we decide by the sign (tested below)
    theirs = reference.ttest_1samp(values, level, alternative="greater")
    assert ours.p_value == pytest.approx(theirs.pvalue, rel=1e-6, abs=1e-12)


def _permutation_p(before: list[float], after: list[float]) -> float:
    """The exact two-sided permutation p-value of mean(after) − mean(before), by brute force."""
    pooled = before + after
    observed = abs(np.mean(after) - np.mean(before))
    splits = list(itertools.combinations(range(len(pooled)), len(after)))
    extreme = 0
    for chosen in splits:
        picked = [pooled[i] for i in chosen]
        rest = [pooled[i] for i in range(len(pooled)) if i not in chosen]
        extreme += abs(np.mean(picked) - np.mean(rest)) >= observed - 1e-12
    return extreme / len(splits)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ([3.0] * 3, [4.0] * 3),
        ([3.0] * 2, [5.0] * 4),
        ([1.0] * 5, [2.0] * 5),
        ([2.0] * 3, [1.0] * 6),
    ],
)
def test_no_spread_is_not_certainty(before: list[float], after: list[float]) -> None:
    """3 ratings of 3 against 3 of 4: the t statistic is infinite, but such a split happens
    by chance in 2 of the 20 ways of dealing six values into two groups of three. The
    p-value is the exact permutation one, never below it."""
    ours = welch(before, after, conservative=True)
    assert ours.test == NO_SPREAD and ours.df is None
    exact = _permutation_p(before, after)
    assert ours.p_value is not None and ours.p_value >= exact - 1e-12
    assert ours.p_value == pytest.approx(2 / math.comb(len(before) + len(after), len(before)))
    assert welch([3.0] * 3, [4.0] * 3).p_value == pytest.approx(0.1)  # not "unlikely to be chance"


def test_one_sample_without_spread_is_a_sign_test() -> None:
    # Three values above the level: as likely as three heads in a row, 1 in 8.
    assert one_sample([1.0, 1.0, 1.0], 0.6).p_value == pytest.approx(0.125)
    assert one_sample([1.0] * 10, 0.6).p_value == pytest.approx(0.5**10)
    assert one_sample([0.5, 0.5, 0.5], 0.6).p_value == 1.0


@given(st.lists(st.tuples(st.integers(0, 90), st.sampled_from([-1.0, 0.0, 0.5, 1.0])), min_size=3))
def test_slope_matches_scipy_linregress(points: list[tuple[int, float]]) -> None:
    xs = [float(x) for x, _ in points]
    ys = [y for _, y in points]
    ours = slope(xs, ys)
    if len(set(xs)) < 2:
        assert ours.p_value is None
        return
    theirs = reference.linregress(xs, ys)
    assert ours.estimate == pytest.approx(theirs.slope, rel=1e-9, abs=1e-12)
    if ours.statistic is not None and math.isfinite(ours.statistic) and theirs.stderr > 1e-9:
        assert ours.p_value == pytest.approx(theirs.pvalue, rel=1e-6, abs=1e-12)


def _hc2_reference(xs: list[float], ys: list[float]) -> float:
    """HC2 by the matrix formula (X'X)⁻¹ X' diag(e²/(1−h)) X (X'X)⁻¹."""
    x = np.column_stack([np.ones(len(xs)), xs])
    y = np.array(ys)
    inverse = np.linalg.inv(x.T @ x)
    residuals = y - x @ (inverse @ x.T @ y)
    leverage = np.einsum("ij,jk,ik->i", x, inverse, x)
    meat = x.T @ (x * (residuals**2 / (1 - leverage))[:, None])
    # A variance: where it is 0 (the points off the line are all at the mean of x), rounding
    # can leave it a hair below, and only that is taken for 0.
    variance = float((inverse @ meat @ inverse)[1, 1])
    assert variance > -1e-12 * max(1.0, float(abs(meat).max())), variance
    return math.sqrt(max(0.0, variance))


@given(st.lists(st.tuples(st.integers(0, 90), st.sampled_from([-1.0, 0.0, 0.5, 1.0])), min_size=4))
@example([(34, -1.0), (47, -1.0), (47, 0.0), (60, 0.0)])  # HC2 of 0, a hair below in numpy
def test_robust_slope_uses_the_larger_of_the_usual_and_hc2_errors(
    points: list[tuple[int, float]],
) -> None:
    xs = [float(x) for x, _ in points]
    ys = [y for _, y in points]
    ours = slope(xs, ys, robust=True)
    usual = slope(xs, ys)
    if usual.statistic is None or not math.isfinite(usual.statistic) or len(set(xs)) < 3:
        return
    theirs = reference.linregress(xs, ys)
    if not theirs.stderr > 1e-9:  # also nan
        return  # no spread around the line: decided by the sign (tested below)
    standard_error = max(theirs.stderr, _hc2_reference(xs, ys))
    assert ours.estimate == pytest.approx(theirs.slope, rel=1e-9, abs=1e-12)
    assert ours.statistic == pytest.approx(theirs.slope / standard_error, rel=1e-6, abs=1e-9)
    assert ours.p_value is not None and usual.p_value is not None
    assert ours.p_value >= usual.p_value - 1e-12


def test_robust_slope_is_wider_when_the_spread_changes_over_time() -> None:
    # Quiet early, noisy late: the usual error averages the spread; HC2 weighs the ends.
    xs = [float(x) for x in range(20)]
    ys = [0.0] * 10 + [1.0, -1.0] * 5
    ys = [y + 0.01 * x for y, x in zip(ys, xs, strict=True)]
    assert slope(xs, ys, robust=True).p_value > slope(xs, ys).p_value  # type: ignore[operator]


def test_a_straight_line_is_as_sure_as_its_ordering_is_unlikely() -> None:
    # Four points exactly on a rising line: 2 of the 24 orders of the four values lie on a
    # line (rising or falling), so this is not certainty.
    result = slope([0, 1, 2, 3], [0.0, 0.5, 1.0, 1.5])
    assert result.estimate == 0.5 and result.p_value == pytest.approx(2 / 24)
    assert result.test == NO_SPREAD
    # With equal values counted once: 6!/(2!·2!·2!) = 90 orders.
    tied = slope([0, 0, 1, 1, 2, 2], [0.0, 0.0, 1.0, 1.0, 2.0, 2.0])
    assert tied.p_value == pytest.approx(2 / 90)
    assert slope([0, 1, 2, 3], [1.0, 1.0, 1.0, 1.0]).p_value == 1.0


def test_stratified_difference_without_spread_is_the_within_week_permutation() -> None:
    # Two weeks, each with 2 days without (rating 4) and 2 with (rating 3): C(4,2)² = 36
    # within-week arrangements, 2 of them as extreme.
    week = ([4.0, 4.0], [3.0, 3.0])
    result = stratified_difference([week, week])
    assert result.test == NO_SPREAD and result.p_value == pytest.approx(2 / 36)
    # Weeks pointing different ways: no better than chance.
    other = ([3.0, 3.0], [5.0, 5.0])
    assert stratified_difference([week, other]).p_value == 1.0


def test_stratified_difference_with_one_stratum_is_the_pooled_t_test() -> None:
    rng = random.Random(5)
    for _ in range(50):
        without = [rng.randint(1, 5) for _ in range(rng.randint(2, 20))]
        with_ = [rng.randint(1, 5) for _ in range(rng.randint(2, 20))]
        if np.var(without + with_) == 0:
            continue
        ours = stratified_difference([(without, with_)])
        theirs = reference.ttest_ind(with_, without, equal_var=True)
        if not np.isfinite(theirs.statistic):
            continue
        assert ours.statistic == pytest.approx(theirs.statistic, rel=1e-9)
        assert ours.p_value == pytest.approx(theirs.pvalue, rel=1e-7, abs=1e-14)


def test_stratified_difference_matches_the_fixed_effects_regression() -> None:
    # Reference: least squares with one mean per (week, side) cell; the weighted average of
    # the per-week differences and its standard error from the pooled residual variance.
    rng = random.Random(11)
    for _ in range(30):
        strata = []
        for week in range(rng.randint(2, 8)):
            drift = week * 0.5  # weeks differ a lot: must not matter
            strata.append(
                (
                    [drift + rng.gauss(3, 1) for _ in range(rng.randint(1, 5))],
                    [drift + rng.gauss(2.5, 1) for _ in range(rng.randint(1, 5))],
                )
            )
        ours = stratified_difference(strata)
        ys, cells, n_cells = [], [], 0
        for without, with_ in strata:
            for side in (without, with_):
                ys.extend(side)
                cells.extend([n_cells] * len(side))
                n_cells += 1
        design = np.zeros((len(ys), n_cells))
        design[np.arange(len(ys)), cells] = 1
        coefficients, *_ = np.linalg.lstsq(design, np.array(ys), rcond=None)
        residual = float(np.sum((np.array(ys) - design @ coefficients) ** 2))
        df = len(ys) - n_cells
        weights = [len(a) * len(b) / (len(a) + len(b)) for a, b in strata]
        differences = [coefficients[2 * i + 1] - coefficients[2 * i] for i in range(len(strata))]
        estimate = sum(w * d for w, d in zip(weights, differences, strict=True)) / sum(weights)
        statistic = estimate / math.sqrt(residual / df / sum(weights))
        assert ours.estimate == pytest.approx(estimate, rel=1e-9)
        assert ours.df == df
        assert ours.statistic == pytest.approx(statistic, rel=1e-9)
        assert ours.p_value == pytest.approx(2 * reference.t.sf(abs(statistic), df), rel=1e-7)


def test_stratified_difference_ignores_a_drift_between_weeks() -> None:
    # Within each week the two sides are alike; across weeks both climb with the "with"
    # side more common early. A plain comparison finds a difference; this one does not.
    strata = [([w + 0.0, w + 1.0, w + 2.0], [w + 0.0, w + 1.0, w + 2.0]) for w in range(6)]
    assert stratified_difference(strata).estimate == pytest.approx(0.0)
    assert stratified_difference(strata).p_value == pytest.approx(1.0)
    assert stratified_difference([([1.0], [])]).p_value is None


@given(st.lists(st.floats(0, 1), min_size=1, max_size=60))
def test_benjamini_hochberg_matches_scipy(p_values: list[float]) -> None:
    expected = reference.false_discovery_control(p_values, method="bh")
    assert benjamini_hochberg(p_values) == pytest.approx(list(expected), rel=1e-12, abs=1e-15)


def _layout(rng: random.Random, weeks: int) -> list[tuple[list[int], list[int]]]:
    """Two-week strata of rated days (about 77% of days), each day with or without a value
    recorded on it or the day before (a value on about 23% of days), as links compare them."""
    value_days = {d for d in range(weeks * 7) if rng.random() < 0.23}
    strata = []
    for start in range(0, weeks * 7, 14):
        without: list[int] = []
        with_: list[int] = []
        for day in range(start, start + 14):
            if rng.random() < 0.77:
                (with_ if day in value_days or day - 1 in value_days else without).append(day)
        strata.append((without, with_))
    return strata


def _ar1(rng: random.Random, days: int, rho: float) -> list[float]:
    """A stationary AR(1) series with day-to-day correlation `rho`."""
    value, series = rng.gauss(0, 1), []
    for _ in range(days):
        value = rho * value + math.sqrt(1 - rho * rho) * rng.gauss(0, 1)
        series.append(value)
    return series


def test_carry_over_moments_are_the_exact_expectations_of_the_fit() -> None:
    # E[Σ r_d r_(d+1)] = σ²(−c + ρb)/2 and E[Σ r²] = σ²(df − ρc) for R = I + ρA, where r are
    # the residuals of the comparison's fit (stratum means and one difference): checked
    # against the traces worked out with matrices.
    rng = random.Random(21)
    for _ in range(20):
        layout = [s for s in _layout(rng, rng.randint(2, 12)) if s[0] and s[1]]
        if not layout:
            continue
        strata = [
            ([(d, rng.gauss(0, 1)) for d in without], [(d, rng.gauss(0, 1)) for d in with_])
            for without, with_ in layout
        ]
        moments = carry_over_moments(strata)
        days = sorted(
            (d, s, side) for s, pair in enumerate(layout) for side in (0, 1) for d in pair[side]
        )
        if moments is None:
            assert len(days) - len(layout) - 1 < 1
            continue
        n = len(days)
        design = np.zeros((n, len(layout) + 1))
        for i, (_, s, side) in enumerate(days):
            design[i, s] = 1
            design[i, -1] = side
        residual_maker = np.eye(n) - design @ np.linalg.pinv(design)
        adjacent = np.zeros((n, n))
        for i in range(n - 1):
            if days[i + 1][0] == days[i][0] + 1 and days[i + 1][1] == days[i][1]:
                adjacent[i, i + 1] = adjacent[i + 1, i] = 1
        ama = adjacent @ residual_maker
        assert moments.df == n - len(layout) - 1
        assert -moments.absorbed == pytest.approx(np.trace(ama), rel=1e-9, abs=1e-9)
        assert moments.spread == pytest.approx(np.trace(ama @ ama), rel=1e-9, abs=1e-9)
        values = {d: v for pair in strata for side in pair for d, v in side}
        residuals = residual_maker @ np.array([values[d] for d, _, _ in days])
        assert moments.squares == pytest.approx(float(residuals @ residuals), rel=1e-9)
        assert moments.products == pytest.approx(
            float(residuals @ adjacent @ residuals) / 2, rel=1e-9, abs=1e-12
        )


@pytest.mark.parametrize("rho", [0.0, 0.2, 0.4])
def test_carry_over_is_measured_without_the_bias_of_short_strata(rho: float) -> None:
    # Two-week strata hold about 5 rated days a side: the plain correlation of the residuals
    # of consecutive days would read about 0.1 too low. Pooled over three ratings, the
    # estimate averaged over 60 half-year journals is near the truth: a little below it,
    # since correlations two days apart and more are left out of the expectations (0.4
    # reads about 0.36, 0.2 about 0.19), and a little above 0, since it is never below.
    rng = random.Random(int(rho * 100) + 3)
    estimates = []
    for _ in range(60):
        layout = _layout(rng, 26)
        moments = []
        for _rating in range(3):
            series = _ar1(rng, 26 * 7, rho)
            moments.append(
                carry_over_moments(
                    [
                        ([(d, series[d]) for d in w0], [(d, series[d]) for d in w1])
                        for w0, w1 in layout
                    ]
                )
            )
        estimates.append(carry_over(moments))
    assert all(0.0 <= e <= 0.9 for e in estimates)
    average = sum(estimates) / len(estimates)
    assert rho - 0.06 < average < rho + 0.04


def test_carry_over_of_nothing_is_none() -> None:
    assert carry_over([]) == 0.0
    assert carry_over([None]) == 0.0
    assert carry_over_moments([([(1, 3.0)], [(2, 4.0)])]) is None


def test_allowing_for_carry_over_is_the_variance_under_ar1() -> None:
    # The statistic, divided by the one with independent days, is the square root of
    # (x'Rx / x'x) · df / (df − 2ρ·Σ pairs/n): R_de = ρ^|d−e| over every day of the comparison.
    rng = random.Random(8)
    for _ in range(20):
        layout = [s for s in _layout(rng, rng.randint(2, 10)) if len(s[0]) > 1 and len(s[1]) > 1]
        if not layout:
            continue
        values = [
            ([rng.gauss(3, 1) for _ in w0], [rng.gauss(3, 1) for _ in w1]) for w0, w1 in layout
        ]
        rho = rng.uniform(0.05, 0.8)
        plain = stratified_difference(values)
        carried = stratified_difference(values, days=layout, carry_over=rho)
        assert plain.statistic is not None and carried.statistic is not None
        xs, day_list, absorbed = [], [], 0.0
        for without, with_ in layout:
            share = len(with_) / (len(with_) + len(without))
            xs += [-share] * len(without) + [1 - share] * len(with_)
            day_list += without + with_
            for side in (without, with_):
                absorbed += sum(1 for d in side if d + 1 in side) / len(side)
        x, d = np.array(xs), np.array(day_list)
        correlation = rho ** np.abs(d[:, None] - d[None, :])
        df = plain.df
        assert df is not None
        factor = (
            max(1.0, float(x @ correlation @ x) / float(x @ x))
            * df
            / max(1.0, df - 2 * rho * absorbed)
        )
        assert plain.statistic / carried.statistic == pytest.approx(math.sqrt(factor), rel=1e-9)
        assert carried.df == plain.df and carried.estimate == plain.estimate
        assert carried.p_value is not None and plain.p_value is not None
        assert carried.p_value >= plain.p_value


@given(
    st.lists(
        st.tuples(st.integers(0, 60), st.integers(1, 5), st.booleans()), min_size=4, max_size=60
    ),
    st.floats(0, 1),
)
def test_carry_over_never_makes_a_difference_surer(
    rows: list[tuple[int, int, bool]], rho: float
) -> None:
    by_day = {day: (float(value), side) for day, value, side in rows}
    layout: list[tuple[list[int], list[int]]] = [([], []) for _ in range(5)]
    for day, (_, side) in sorted(by_day.items()):
        layout[day // 14][side].append(day)
    values = [([by_day[d][0] for d in w0], [by_day[d][0] for d in w1]) for w0, w1 in layout]
    plain = stratified_difference(values)
    carried = stratified_difference(values, days=layout, carry_over=rho)
    assert carried.estimate == plain.estimate
    if plain.p_value is None:
        assert carried.p_value is None
    else:
        assert carried.p_value is not None and carried.p_value >= plain.p_value
    assert stratified_difference(values, days=layout, carry_over=0.0) == plain
