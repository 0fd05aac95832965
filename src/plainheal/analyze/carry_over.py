"""How much a rating carries over from one day to the next, and what that does to a
within-week difference (`statistics.stratified_difference`). Pure and deterministic.

Moods carry over: how a person feels one day says something about the next. The days with
a value come in runs (the day and the day after), so under carry-over the ratings of one
side lean together, and a test counting every day as independent claims links that are not
there (benchmarks/calibrate.py: 10–16% of journals where nothing is linked, with a
day-to-day correlation of 0.2–0.4). Here:

- `carry_over_moments` and `carry_over`: the correlation of consecutive days, measured by a
  method of moments on the residuals of the comparison's own fit (stratum means and one
  difference), with what that fit absorbs of the correlation worked out exactly (two-week
  strata absorb a lot: the plain correlation of the residuals reads about 0.1 too low),
  pooled over several comparisons (the ratings compared with one value), never below 0.
- `variance_factor`: how many times larger the difference's variance is when the values
  follow an AR(1) with that correlation over the calendar days.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import pairwise

DayStrata = Sequence[tuple[Collection[int], Collection[int]]]  # (days without, days with)
Dated = Sequence[tuple[int, float]]  # (day number, value), a day at most once
MAX_CARRY_OVER = 0.9  # beyond this the correction is taken as no larger


def variance_factor(days: DayStrata, carry_over: float, df: int) -> float:
    """How many times larger the estimate's variance is when the values of days d and e
    correlate by carry_over^|d − e| (an AR(1) over calendar days) than when they are
    independent, as `stratified_difference` estimates it.

    Two parts. The estimate is Σ x·value / Σ x², where x is a day's side centred in its
    stratum (1 − share of days with on a day with, −share on a day without), so its true
    variance is σ²·Σ Σ x_d x_e ρ^|d−e| / (Σ x²)²; independence counts only the squares.
    And the pooled variance around the stratum-and-side means underestimates σ² when
    consecutive days of one side move together: its expectation is
    σ²·(df − 2ρ·Σ pairs/n) (each side's pairs of consecutive days over its size, to the first
    order in ρ), so it is scaled up by df over that.
    """
    rows = []  # (day, x) of every day of the strata holding both sides
    absorbed = 0.0  # Σ over sides of (pairs of consecutive days) / (days on the side)
    for without, with_ in days:
        n0, n1 = len(without), len(with_)
        if not n0 or not n1:
            continue
        share = n1 / (n0 + n1)
        rows += [(day, -share) for day in without] + [(day, 1 - share) for day in with_]
        for side in (without, with_):
            ordered = sorted(side)
            pairs = sum(1 for d, e in pairwise(ordered) if e == d + 1)
            absorbed += pairs / len(side)
    if not rows:
        return 1.0
    rows.sort()
    squares = quadratic = running = 0.0
    previous_day, previous_x = rows[0][0], 0.0
    for day, x in rows:
        # running = Σ over the earlier days e of x_e·ρ^(day − e), carried forward
        running = (running + previous_x) * carry_over ** (day - previous_day)
        squares += x * x
        quadratic += x * x + 2 * x * running
        previous_day, previous_x = day, x
    understated = max(1.0, df - 2 * carry_over * absorbed)
    return max(1.0, quadratic / squares) * df / understated


@dataclass(frozen=True)
class CarryOverMoments:
    """What one within-week comparison's values say about their day-to-day correlation: the
    pieces of `carry_over`'s method of moments (see `carry_over_moments`)."""

    products: float  # Σ r_d·r_(d+1) over consecutive days of one stratum (r: residuals)
    squares: float  # Σ r²
    df: int  # days − strata − 1
    absorbed: float  # c: E[Σ r²] = σ²(df − ρc), to the first order in ρ
    spread: float  # b: E[products] = σ²(−c + ρb)/2


def carry_over_moments(strata: Sequence[tuple[Dated, Dated]]) -> CarryOverMoments | None:
    """The residuals of consecutive days, and what they would be expected to be, for one
    comparison of (without, with) days: each (day number, value), a day at most once.

    The residuals are those of the comparison's own model: each stratum its mean, and one
    difference between the sides, so the difference being tested does not pass for
    carry-over. Fitting those means absorbs part of the correlation of consecutive days (the
    more, the shorter the strata), so the expected products and squares are worked out
    for that fit exactly, with the correlation of days two apart and more left out (ρ², at
    ρ = 0.4 a sixth of ρ): with M the residual-maker, A the matrix of consecutive days of a
    stratum and R = I + ρA, E[r'Ar/2] = σ²·tr(AM(I + ρA)M)/2 and E[r'r] = σ²·tr(M(I + ρA)).
    None when there is nothing to measure.
    """
    rows: list[tuple[int, int, float, float]] = []  # (day, stratum, x, value − stratum mean)
    sizes: list[int] = []
    weight = 0.0
    for without, with_ in strata:
        n0, n1 = len(without), len(with_)
        if not n0 or not n1:
            continue
        n = n0 + n1
        share = n1 / n
        mean = (math.fsum(v for _, v in without) + math.fsum(v for _, v in with_)) / n
        stratum = len(sizes)
        rows += [(d, stratum, -share, v - mean) for d, v in without]
        rows += [(d, stratum, 1 - share, v - mean) for d, v in with_]
        sizes.append(n)
        weight += n0 * n1 / n
    df = len(rows) - len(sizes) - 1
    if df < 1:
        return None
    rows.sort()
    difference = math.fsum([x * y for _, _, x, y in rows]) / weight
    residuals = [y - difference * x for _, _, x, y in rows]
    count = len(rows)
    neighbours = [0.0] * count  # (Ax)_d: x of the day before and the day after
    degree = [0] * count
    products = 0.0
    for i in range(count - 1):
        day, stratum, x, _ = rows[i]
        next_day, next_stratum, next_x, _ = rows[i + 1]
        if next_day == day + 1 and next_stratum == stratum:
            products += residuals[i] * residuals[i + 1]
            neighbours[i] += next_x
            neighbours[i + 1] += x
            degree[i] += 1
            degree[i + 1] += 1
    pairs = [0] * len(sizes)  # 1'A1 of each stratum (twice its pairs)
    degree_squares = [0] * len(sizes)  # 1'A²1 of each stratum
    neighbour_sums = [0.0] * len(sizes)  # 1'Ax of each stratum
    for (_, stratum, _, _), k, ax in zip(rows, degree, neighbours, strict=True):
        pairs[stratum] += k  # each pair counted from both ends: 1'A1
        degree_squares[stratum] += k * k
        neighbour_sums[stratum] += ax
    xax = math.fsum([x * ax for (_, _, x, _), ax in zip(rows, neighbours, strict=True)])
    # M = I − H − P: H the stratum means, P = xx'/W the one difference (HP = 0).
    absorbed = math.fsum([p / n for p, n in zip(pairs, sizes, strict=True)]) + xax / weight
    spread = (
        sum(pairs)  # tr(A²): each pair twice
        - 2 * math.fsum([q / n for q, n in zip(degree_squares, sizes, strict=True)])  # tr(AHA)
        - 2 * math.fsum([ax * ax for ax in neighbours]) / weight  # tr(APA)
        + math.fsum([(p / n) ** 2 for p, n in zip(pairs, sizes, strict=True)])  # tr(AHAH)
        + 2 * math.fsum([s * s / n for s, n in zip(neighbour_sums, sizes, strict=True)]) / weight
        + (xax / weight) ** 2  # tr(APAP)
    )
    squares = math.fsum([r * r for r in residuals])
    return CarryOverMoments(products, squares, df, absorbed, spread)


def carry_over(moments: Sequence[CarryOverMoments | None]) -> float:
    """The correlation of consecutive days' values, one for several comparisons (of several
    ratings, say) assumed to share it: the ρ at which their residuals' products of
    consecutive days, each comparison's scaled by its own variance, add up to what is
    expected (`carry_over_moments`). Never below 0 (a negative one would narrow the test:
    it is taken as chance), at most `MAX_CARRY_OVER`."""
    usable = [m for m in moments if m is not None and m.squares > 0 and m.spread > 0]
    if not usable:
        return 0.0
    observed = math.fsum([m.products * m.df / m.squares for m in usable])
    rho = 0.0
    for _ in range(50):
        # The squares' own expectation depends on ρ (df − ρc): solve, holding that part.
        scale = [m.df / max(1.0, m.df - rho * m.absorbed) for m in usable]
        numerator = (
            observed + math.fsum([k * m.absorbed for k, m in zip(scale, usable, strict=True)]) / 2
        )
        denominator = math.fsum([k * m.spread for k, m in zip(scale, usable, strict=True)]) / 2
        updated = min(MAX_CARRY_OVER, max(0.0, numerator / denominator))
        if abs(updated - rho) < 1e-12:
            break
        rho = updated
    return rho
