"""Why the tests are read the way they are, and how much any test could find.

Two tables, by seeded Monte Carlo with NumPy and SciPy (the `test` extras; plainheal itself
needs neither):

1. Sizes. On values where nothing changes — 1–5 ratings drawn uniformly, −1/0/+1 scores —
   how often each test claims a change at alpha = 5%, with Student's tails as usually read
   and as plainheal reads them. Hundreds of thousands of draws, so the figures are exact to
   about ±0.1 point: this is what tells a real excess over 5% from sampling error, which
   the few thousand journals of benchmarks/calibrate.py cannot.
2. Ceilings. For the planted effects of benchmarks/simulate.py, the power of the best test
   of its kind at that n: the least-squares slope t-test for the 12-week decline (by
   simulation, and in closed form with the noncentral t at the expected n), and for the
   link of safety with withheld transparency, how often that one test passes alpha alone,
   alpha/m (Benjamini–Hochberg with one discovery among m) and 3·alpha/m (with three).

    python benchmarks/ceilings.py               # about a minute
    python benchmarks/ceilings.py --draws 50000 # quicker, rougher
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np
from scipy import stats

sys.path.insert(0, str(Path(__file__).parent))

from simulate import DIMENSION_ON_ENTRY, ENTRY_DAY, RATING_ON_ENTRY, journal, linked_safety

import plainheal.analyze.link_days as link_days
import plainheal.analyze.links as links
from plainheal.analyze.analysis import make_context
from plainheal.analyze.statistics import stratified_difference
from plainheal.api import Thresholds, Window
from plainheal.builtin import VOCABULARY

ALPHA = 0.05
RATED = ENTRY_DAY * RATING_ON_ENTRY  # share of days with a given rating
SCORED = ENTRY_DAY * DIMENSION_ON_ENTRY  # share of days with a given dimension
TREND_DAYS = 82  # 12 ISO weeks up to a Friday: 11 weeks and 5 days


def welch_sizes(rng: np.random.Generator, draws: int, days: int, share: float) -> str:
    """Two windows of `days` days, each day rated with probability `share`, uniform 1–5."""
    before = rng.integers(1, 6, (draws, days)).astype(float)
    after = rng.integers(1, 6, (draws, days)).astype(float)
    has_before = rng.random((draws, days)) < share
    has_after = rng.random((draws, days)) < share
    n1, n2 = has_before.sum(1), has_after.sum(1)
    keep = (n1 >= 3) & (n2 >= 3)
    before, after, has_before, has_after = (
        before[keep],
        after[keep],
        has_before[keep],
        has_after[keep],
    )
    n1, n2 = n1[keep], n2[keep]
    m1 = (before * has_before).sum(1) / n1
    m2 = (after * has_after).sum(1) / n2
    v1 = (((before - m1[:, None]) ** 2) * has_before).sum(1) / (n1 - 1) / n1
    v2 = (((after - m2[:, None]) ** 2) * has_after).sum(1) / (n2 - 1) / n2
    spread = v1 + v2
    ok = spread > 0
    t = np.abs(m2 - m1)[ok] / np.sqrt(spread[ok])
    satterthwaite = (spread**2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1)))[ok]
    smaller = (np.minimum(n1, n2) - 1)[ok]
    usual = (2 * stats.t.sf(t, satterthwaite) < ALPHA).mean()
    ours = (2 * stats.t.sf(t, smaller) < ALPHA).mean()
    mean_n = (n1.mean() + n2.mean()) / 2
    return (
        f"| Check-in, {mean_n:.0f} ratings a side ({days}-day windows) | {usual:.2%} | {ours:.2%} |"
    )


def _slopes(
    rng: np.random.Generator, draws: int, days: int, expected: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Slope, usual and HC2 standard errors and n, for −1/0/+1 scores over `days` days.
    `expected`: each day's expected score (10% mixed throughout), or None for uniform."""
    x = np.arange(days, dtype=float)
    if expected is None:
        y = rng.choice([-1.0, 0.0, 1.0], (draws, days))
    else:
        roll = rng.random((draws, days))
        positive, concerning = 0.9 * (1 + expected) / 2, 0.9 * (1 - expected) / 2
        y = np.where(roll < positive, 1.0, np.where(roll < positive + concerning, -1.0, 0.0))
    has = rng.random((draws, days)) < SCORED
    n = has.sum(1)
    mx = (x * has).sum(1) / n
    my = (y * has).sum(1) / n
    dx = (x - mx[:, None]) * has
    sxx = (dx**2).sum(1)
    estimate = (dx * (y - my[:, None])).sum(1) / sxx
    residuals = (y - my[:, None] - estimate[:, None] * (x - mx[:, None])) * has
    usual = np.sqrt((residuals**2).sum(1) / (n - 2) / sxx)
    leverage = 1 / n[:, None] + dx**2 / sxx[:, None]
    hc2 = np.sqrt((dx**2 * residuals**2 / np.maximum(1 - leverage, 1e-12)).sum(1)) / sxx
    return estimate, usual, hc2, n


def _claims(estimate: np.ndarray, error: np.ndarray, n: np.ndarray) -> float:
    """Share of draws named rising or falling (p < alpha and at least 0.05 a week)."""
    with np.errstate(divide="ignore", invalid="ignore"):  # no spread: no test, no claim
        p = 2 * stats.t.sf(np.abs(estimate / error), n - 2)
    return float(((p < ALPHA) & (np.abs(estimate * 7) >= 0.05)).mean())


def slope_sizes(rng: np.random.Generator, draws: int, days: int) -> str:
    """Uniform −1/0/+1 scores on a share of `days` days: how often a trend is named."""
    estimate, usual, hc2, n = _slopes(rng, draws, days, None)
    return (
        f"| Trend, {n.mean():.0f} entries over {days} days | {_claims(estimate, usual, n):.2%} "
        f"| {_claims(estimate, np.maximum(usual, hc2), n):.2%} |"
    )


def decline_expected(offset: int = 2) -> np.ndarray:
    """The planted decline of simulate.declining, seen through the trend window (which starts
    `offset` days after the decline does)."""
    progress = np.clip((np.arange(TREND_DAYS) + offset) / 84, 0, 1)
    return 0.9 * (0.7 - 1.4 * progress)


def trend_ceiling(rng: np.random.Generator, draws: int) -> list[str]:
    """Power of the slope t-test on the planted 12-week decline."""
    expected = decline_expected()
    estimate, usual, hc2, n = _slopes(rng, draws, TREND_DAYS, expected / 0.9)
    x = np.arange(TREND_DAYS, dtype=float)
    true_slope = np.polyfit(x, expected, 1)[0]
    spread = float(np.mean(0.9 - expected**2))  # variance of a −1/0/+1 score around its mean
    mean_n = SCORED * TREND_DAYS
    ncp = abs(true_slope) / np.sqrt(spread / (mean_n * x.var()))
    critical = stats.t.isf(ALPHA / 2, mean_n - 2)
    closed = stats.nct.sf(critical, mean_n - 2, ncp) + stats.nct.cdf(-critical, mean_n - 2, ncp)
    return [
        f"| Decline over 12 weeks, usual error (simulated) | {_claims(estimate, usual, n):.1%} |",
        "| Decline over 12 weeks, larger of usual and HC2 (simulated, plainheal) | "
        f"{_claims(estimate, np.maximum(usual, hc2), n):.1%} |",
        f"| Decline over 12 weeks, noncentral t at n = {mean_n:.0f}, slope "
        f"{true_slope * 7:.3f} a week, noncentrality {ncp:.2f} (closed form) | {closed:.1%} |",
        "| Decline: entries needed for 90% (closed form, same slope and spread) | "
        f"{_entries_for(0.9, abs(true_slope), spread, x.var()):.0f} |",
    ]


def _entries_for(power: float, true_slope: float, spread: float, x_variance: float) -> float:
    """Entries over the same 12 weeks for the slope t-test to reach `power`."""
    for n in range(10, 1000):
        ncp = true_slope / np.sqrt(spread / (n * x_variance))
        if stats.nct.sf(stats.t.isf(ALPHA / 2, n - 2), n - 2, ncp) >= power:
            return n
    return float("inf")


def link_ceiling(journals: int, weeks: tuple[int, ...]) -> list[str]:
    """How often the planted link's own test passes alpha, alpha/m and 3·alpha/m, for
    blocks of `weeks` weeks (26: the whole five months, no protection against drift)."""
    passed = {w: [0, 0, 0] for w in weeks}
    tests = 0
    rng = random.Random(21)
    for _ in range(journals):
        context = make_context(journal(rng, 150, centres=linked_safety), VOCABULARY, Thresholds())
        assert context is not None
        window = Window.ending(context.as_of, 365)
        entries = context.within(window)
        groups = links._groups(context, window)
        m = len(groups) * len(VOCABULARY.ratings)
        tests += m
        for w in weeks:
            days = link_days.rated_days(entries, ["safety"], w)["safety"]
            for linked, (described, _entries) in groups.items():
                if ("transparency", "withheld") in described:
                    compared = link_days.split_by(days, linked, 0)
                    assert compared is not None  # no fewest days asked for
                    split = compared[0]
                    p = stratified_difference(link_days.strata_of(days, split)).p_value
                    for i, level in enumerate((ALPHA, ALPHA / m, 3 * ALPHA / m)):
                        passed[w][i] += p is not None and p < level
    average = tests / journals
    rows = []
    for w, (alone, one, three) in passed.items():
        rows.append(
            f"| Link, blocks of {w} weeks: p < 5% alone / < 5%/m / < 3·5%/m (m = {average:.0f}) | "
            f"{alone / journals:.1%} / {one / journals:.1%} / {three / journals:.1%} |"
        )
    return rows


def main() -> None:
    """Print both tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=200_000, help="draws per size figure")
    parser.add_argument("--journals", type=int, default=1000, help="journals for the link")
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args()
    started = time.perf_counter()
    rng = np.random.default_rng(arguments.seed)
    draws = arguments.draws
    print(f"Sizes at alpha = 5% when nothing changes ({draws} draws each, ±0.1 point)")
    print()
    print("| test | as usually read | as plainheal reads it |")
    print("|---|---|---|")
    for days, share in ((30, RATED), (30, RATED / 2), (14, RATED)):
        print(welch_sizes(rng, draws, days, share))
    for days in (21, 28, 42, TREND_DAYS):
        print(slope_sizes(rng, draws, days))
    print()
    print(f"Ceilings for the planted effects ({draws // 2} draws, {arguments.journals} journals)")
    print()
    print("| planted effect, test | found |")
    print("|---|---|")
    for row in trend_ceiling(rng, draws // 2):
        print(row)
    for row in link_ceiling(arguments.journals, (1, 2, 4, 26)):
        print(row)
    print()
    print(f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
