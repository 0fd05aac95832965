"""The screen of link tests that certainly come out as chance (plainheal.analyze.screen):
never wrong about the test it spares, with or without carry-over, and not idle."""

import math
import random

from plainheal.analyze.screen import Sums, certainly_chance
from plainheal.analyze.statistics import stratified_difference, t_two_sided

Strata = list[tuple[list[float], list[float]]]


def _strata(rng: random.Random, shift: float) -> tuple[Strata, list[tuple[list[int], list[int]]]]:
    """Blocks of 2–14 days, each split into days without and with (both held), of day mean
    ratings (1–3 ratings of 1–5 a day, or of 1–10), those with `shift` higher; and the days'
    numbers (consecutive in each block, as in a journal)."""
    strata: Strata = []
    days: list[tuple[list[int], list[int]]] = []
    top = rng.choice((5, 10))
    for block in range(rng.randint(1, 25)):
        n = rng.randint(2, 14)
        with_ = set(rng.sample(range(n), rng.randint(1, n - 1)))
        sides: tuple[list[float], list[float]] = ([], [])
        numbers: tuple[list[int], list[int]] = ([], [])
        for day in range(n):
            ratings = [rng.randint(1, top) for _ in range(rng.choice((1, 1, 1, 2, 3)))]
            mean = math.fsum(ratings) / len(ratings) + (shift if day in with_ else 0.0)
            sides[day in with_].append(mean)
            numbers[day in with_].append(block * 14 + day)
        strata.append(sides)
        days.append(numbers)
    return strata, days


def _sums(strata: Strata) -> list[Sums]:
    return [
        (len(a), sum(a), sum(v * v for v in a), len(b), sum(b), sum(v * v for v in b))
        for a, b in strata
    ]


def test_a_test_called_chance_has_a_p_value_of_at_least_alpha_even_allowing_for_carry_over() -> (
    None
):
    rng = random.Random(12)
    called = clearly_chance = 0
    for _ in range(400):
        strata, days = _strata(rng, rng.choice((0.0, 0.0, 0.3, 0.6, 1.0)))
        alpha = rng.choice((0.01, 0.05, 0.05, 0.1, 0.5))
        p = stratified_difference(strata).p_value
        if p is None:  # too few days: not a test
            assert not certainly_chance(_sums(strata), alpha)
            continue
        clearly_chance += p >= 1.5 * alpha
        if certainly_chance(_sums(strata), alpha):
            called += 1
            assert p >= alpha
            carried = stratified_difference(strata, days=days, carry_over=rng.uniform(0, 0.95))
            assert carried.p_value is not None and carried.p_value >= alpha
    # Not idle: nearly every test clearly showing nothing is spared.
    assert called >= 0.9 * clearly_chance > 150


def test_the_normal_tail_is_below_students_at_every_df_the_screen_reads() -> None:
    # The screen's bound: where the normal two-sided p-value is alpha (and a millionth), the
    # t-test's is at least alpha, as plainheal works it out.
    for alpha in (0.001, 0.01, 0.05, 0.1, 0.5):
        low, high = 0.0, 40.0
        for _ in range(200):  # the normal quantile, by bisection
            middle = (low + high) / 2
            low, high = (
                (middle, high) if math.erfc(middle / math.sqrt(2)) > alpha else (low, middle)
            )
        for df in (1, 2, 3, 5, 10, 30, 100, 365, 1000, 3650, 10_000):
            assert t_two_sided(low, df) >= alpha


def test_no_spread_or_too_few_days_is_never_called_chance() -> None:
    same = [([3.0, 3.0, 3.0], [4.0, 4.0])] * 3  # an exact permutation p-value
    assert not certainly_chance(_sums(same), 0.05)
    flat = [([3.0, 3.0, 3.0], [3.0, 3.0])] * 3
    assert not certainly_chance(_sums(flat), 0.05)
    assert not certainly_chance(_sums([([1.0], [5.0])] * 4), 0.05)  # no degrees of freedom
    assert not certainly_chance([], 0.05)


def test_every_p_value_is_below_an_alpha_above_one() -> None:
    # alpha above 1 (every test a discovery): nothing is spared.
    strata = [([1.0, 5.0, 2.0, 4.0], [3.0, 3.0, 2.0, 4.0])] * 5
    assert certainly_chance(_sums(strata), 0.5)
    assert not certainly_chance(_sums(strata), 1.0)
    assert not certainly_chance(_sums(strata), 2.0)


def test_more_days_than_the_screen_reads_are_worked_out() -> None:
    big = [([1.0, 5.0, 2.0, 4.0] * 700, [3.0, 3.0, 2.0, 4.0] * 700)] * 2
    assert stratified_difference(big).p_value == 1.0  # chance, but past ten thousand days
    assert not certainly_chance(_sums(big), 0.05)
