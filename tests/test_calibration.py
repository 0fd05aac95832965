"""The claims hold up on simulated journals: rarely made when nothing changes, made when a
change a person would notice is there. Fewer journals than benchmarks/calibrate.py, seeded,
with margins; the full table is in the README's figures from that script.

Twenty journals a claim is enough to fail when a method breaks: a claim made on 30% of
journals where nothing is there passes a 10% bound (2 of 20) in 3.5% of seeds; one found in
half of those where it is planted passes an 80% bound in 0.6%."""

import datetime as dt
import random
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))

from simulate import (
    declining,
    drift,
    early_fall,
    journal,
    linked_safety,
    noticed,
    rating_claims,
    run,
    safety_rises,
    step,
    trend_claims,
)

from plainheal.analyze.analysis import Analysis
from plainheal.analyze.family import held_together
from plainheal.analyze.statistics import slope, welch
from plainheal.api import Thresholds
from plainheal.entry import Entry

pytestmark = pytest.mark.slow


def analyses(
    make: Callable[[random.Random], list[Entry]], n: int, seed: int, *, links: bool = True
) -> list[Analysis]:
    rng = random.Random(seed)
    return [run(make(rng), links=links) for _ in range(n)]


def rate(pairs: list[tuple[int, int]]) -> float:
    claimed, out_of = sum(c for c, _ in pairs), sum(n for _, n in pairs)
    assert out_of > 0
    return claimed / out_of


def share(found: list[bool]) -> float:
    return sum(found) / len(found)


def test_nothing_changes_over_four_months() -> None:
    done = analyses(lambda rng: journal(rng, 120), 30, seed=1)
    assert rate([rating_claims(a) for a in done]) <= 0.10
    assert rate([trend_claims(a) for a in done]) <= 0.10
    assert share([noticed(a, "linked-to-") for a in done]) <= 0.14
    assert share([noticed(a, "early-effort-fading") for a in done]) <= 0.04


def test_nothing_changes_in_three_weeks() -> None:
    done = analyses(lambda rng: journal(rng, 21), 50, seed=2)
    assert all(rating_claims(a)[1] == 0 for a in done)  # no three-months-ago window yet
    assert rate([trend_claims(a) for a in done]) <= 0.10
    assert share([noticed(a, "linked-to-") for a in done]) <= 0.14


def test_ratings_that_carry_over_from_day_to_day_do_not_make_links() -> None:
    # Moods carry over (a day-to-day correlation of 0.2-0.5 is usual in diaries), and the
    # days with a value come in runs (the day and the day after), so their ratings lean
    # together. Counting each day as independent showed a link in 15.4% of these journals
    # (benchmarks/calibrate.py, 1,000 journals; 31 of these 200); allowing for the
    # carry-over measured in them, 7.1% (2,000 journals; 11 of these 200). A method at 15.4%
    # passes this bound (20 of 200) in 1.8% of seeds; one at 7.1% fails it in 4.7%.
    done = analyses(lambda rng: journal(rng, 120, carry_over=0.4), 200, seed=12)
    assert share([noticed(a, "linked-to-") for a in done]) <= 0.1


def test_a_link_of_one_point_is_found_when_ratings_carry_over() -> None:
    # Each day says less when ratings carry over: found in 84.0% of such journals
    # (benchmarks/calibrate.py, 2,000 journals). At 84% this bound (21 of 30) fails in about
    # 1.5% of seeds; a method finding it in half of them passes in about 2%.
    done = analyses(
        lambda rng: journal(rng, 150, centres=linked_safety, carry_over=0.4), 30, seed=13
    )
    found = [noticed(a, "linked-to-safety", "transparency: withheld") for a in done]
    assert share(found) >= 0.7


def test_a_link_of_one_point_is_found() -> None:
    done = analyses(lambda rng: journal(rng, 150, centres=linked_safety), 20, seed=3)
    found = [noticed(a, "linked-to-safety", "transparency: withheld") for a in done]
    assert share(found) >= 0.8


def test_a_slow_drift_is_not_a_link() -> None:
    shares, centres = drift(180)
    done = analyses(lambda rng: journal(rng, 180, shares, centres), 20, seed=4)
    assert share([noticed(a, "linked-to-safety", "transparency: withheld") for a in done]) <= 0.1


def test_a_drift_within_two_months_is_not_a_link_either() -> None:
    # The blocks of `link_weeks` (two weeks) are short enough for a faster drift too.
    shares, centres = drift(60)
    done = analyses(lambda rng: journal(rng, 60, shares, centres), 25, seed=8)
    assert share([noticed(a, "linked-to-safety", "transparency: withheld") for a in done]) <= 0.1


def test_a_step_in_life_is_not_a_link() -> None:
    # Safety and withheld transparency both change on one day and stay changed.
    shares, centres = step(120)
    done = analyses(lambda rng: journal(rng, 120, shares, centres), 20, seed=11)
    assert share([noticed(a, "linked-to-safety", "transparency: withheld") for a in done]) <= 0.1


def test_a_step_with_steady_ratings_is_not_a_link() -> None:
    # Every day for four months; on one day boundaries go from respected to tested and safety
    # from 2 to 1, and both stay there. Blocks of two weeks hold 14 days, fewer than the 8 + 8
    # rated days a link needs, so the one block that spans the step cannot make a link alone
    # (with blocks of four weeks it did, wherever the step fell in its block).
    end = dt.date(2026, 11, 20)
    for step_day in range(60, 74):
        entries = []
        for i in range(120):
            day = end - dt.timedelta(days=119 - i)
            after = i >= step_day
            value = "tested" if after else "respected"
            entries.append(
                Entry(f"Journal/{day}.md", day, {"boundaries": (value,)}, {"safety": 2 - after})
            )
        assert not noticed(run(entries), "linked-to-")


def test_the_check_in_test_holds_its_level_on_whole_number_ratings() -> None:
    # Two 30-day windows of unchanged 1-5 ratings (about 23 a side). Read against the
    # smaller side's n - 1, Welch's test claims a change in 4.4% of them (measured on 200,000
    # by benchmarks/ceilings.py); the usual reading in about 5.0% (5.2% on a dozen a side).
    rng = random.Random(9)
    usual = careful = 0
    draws = 6000  # a test at 5.5% would pass the 5% bound in about 4.5% of seeds
    for _ in range(draws):
        before = [rng.randint(1, 5) for _ in range(30) if rng.random() < 0.765]
        after = [rng.randint(1, 5) for _ in range(30) if rng.random() < 0.765]
        for conservative in (False, True):
            test = welch(before, after, conservative=conservative)
            assert test.p_value is not None and test.estimate is not None
            if test.p_value < 0.05 and abs(test.estimate) >= 0.5:
                careful += conservative
                usual += not conservative
    assert careful / draws <= 0.05
    assert careful < usual


def test_the_trend_test_holds_its_level_on_a_short_run_of_scores() -> None:
    # Three weeks of unchanged -1/0/+1 scores (about 14 entries): with the larger of the
    # usual and HC2 errors a trend is named in 4.9% (benchmarks/ceilings.py), the usual
    # error alone 5.2%.
    rng = random.Random(10)
    usual = careful = 0
    draws = 10000  # a test at 5.5% would pass the 5% bound in about 1.5% of seeds
    for _ in range(draws):
        days = [float(d) for d in range(21) if rng.random() < 0.68]
        scores = [float(rng.choice((-1, 0, 1))) for _ in days]
        for robust in (False, True):
            test = slope(days, scores, robust=robust)
            if (
                test.p_value is not None
                and test.estimate is not None
                and test.p_value < 0.05
                and abs(test.estimate * 7) >= 0.05
            ):
                careful += robust
                usual += not robust
    assert careful / draws <= 0.05
    assert careful < usual


def test_early_effort_fading_is_found() -> None:
    done = analyses(lambda rng: journal(rng, 120, early_fall), 20, seed=5, links=False)
    assert share([noticed(a, "early-effort-fading") for a in done]) >= 0.9
    # The directions over the last weeks (after the fall) do not claim a rise.
    rising = [sum(d.direction == "rising" for d in a.dimensions) for a in done]
    assert sum(rising) <= 0.1 * 6 * len(done)


def test_a_decline_and_a_rise_are_found() -> None:
    falling = analyses(lambda rng: journal(rng, 180, declining(180)), 20, seed=6, links=False)
    empathy = [next(d for d in a.dimensions if d.key == "empathy") for a in falling]
    assert share([d.direction == "falling" for d in empathy]) >= 0.65
    rising = analyses(
        lambda rng: journal(rng, 120, centres=safety_rises(120)), 20, seed=7, links=False
    )
    safety = [next(r for r in a.ratings if r.key == "safety") for a in rising]
    assert share([r.direction == "higher" for r in safety]) >= 0.85


def test_comparisons_made_at_once_are_held_together_on_unchanged_journals() -> None:
    # The six directions and the three check-ins of a page, each alone at 1 in 20, would show
    # a behaviour rising or falling in one unchanged journal in four, and a rating higher or
    # lower in one in eight; held together (Benjamini–Hochberg), in about 1 in 20 each.
    done = analyses(lambda rng: journal(rng, 120), 60, seed=7, links=False)
    directions = [any(d.direction in ("rising", "falling") for d in a.dimensions) for a in done]
    assert sum(directions) <= 7  # 7 or more of 60 at a true 5%: p < 0.15
    ratings = [any(r.direction in ("higher", "lower") for r in a.ratings) for a in done]
    assert sum(ratings) <= 7
    # The check-ins are their tests held together, and that made a difference somewhere: a
    # rating that alone would have read higher or lower does not.
    held = 0
    for analysis in done:
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


def test_a_clear_fall_and_a_clear_rise_stand_out_from_the_rest() -> None:
    falls = analyses(lambda rng: journal(rng, 180, declining(180, top=0.9)), 20, 8, links=False)
    empathy = [next(d for d in a.dimensions if d.key == "empathy") for a in falls]
    assert sum(d.direction == "falling" for d in empathy) >= 16
