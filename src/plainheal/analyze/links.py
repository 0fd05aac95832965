"""Links between what a partner did and how you felt: `linked-to-<rating>`.

For every self-rating of the vocabulary (safety, connection, regulation, and a plugin's or
the vault's own), and every partner value: the ratings of days on which the value was
recorded, or the day after, against the ratings of the other days *of the same weeks*
(blocks of `link_weeks` ISO weeks, two by default). Comparing inside each block means that
slow changes over months — feeling safer as time goes on while a behaviour becomes rarer —
cannot pass for a day-to-day link. Two weeks rather than one: single weeks hold so few
ratings on each side that too much is lost. Two rather than four: longer blocks find the
planted link of benchmarks/simulate.py (a point lower, five months) a little more often —
its own test passes the Benjamini–Hochberg level of one discovery among 54 in about 78% of
journals with single weeks, 88% with two, 91% with four, 95% with no blocks at all
(benchmarks/ceilings.py) — but a step change, where a behaviour and a rating both change
on the same day and stay changed, leaks into every block that straddles it, and a longer
block holds more days on both sides of the step. Two weeks are 14 days, fewer than the
2 × `link_min_days` (16) a link needs, so the one block spanning a step can never make a
link alone. On the noisy simulated journals a step is not taken for a link with blocks of
one, two or four weeks (benchmarks/calibrate.py has the row), but people often give the
same rating for weeks: with four weeks, a daily journal whose ratings are that steady, and
the crisis-response golden case, showed links made by their steps alone
(tests/test_calibration.py).

Each comparison is a within-week difference of means with its t-test
(`statistics.stratified_difference`); false discoveries are controlled across every value
and every rating tested (Benjamini–Hochberg at `alpha`). A link is named only when it is
unlikely to be chance after that, the difference is at least `link_difference` points (on a
1–5 scale), and each side has at least `link_min_days` rated days. Values recorded on
exactly the same days cannot be told apart, so they are reported together.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from plainheal.analyze.analysis import scaled
from plainheal.analyze.statistics import TestResult, benjamini_hochberg, stratified_difference
from plainheal.api import Context, Finding, Status, Window
from plainheal.entry import Entry
from plainheal.vocabulary import Rating


@dataclass(frozen=True)
class _Rated:
    """One day's ratings: the test's unit, because two entries of one day (a morning and an
    evening note) are not independent evidence."""

    day: int  # the date as an ordinal
    week: int  # its block of `link_weeks` ISO weeks
    value: float  # the day's mean rating
    count: int  # ratings given that day
    total: float  # their sum


Described = tuple[tuple[str, str], ...]  # (dimension title, value) recorded on the same days


@dataclass(frozen=True)
class _Tested:
    rating: Rating
    described: Described
    evidence: tuple[str, ...]  # paths of the entries recording the value(s)
    test: TestResult
    with_n: int
    with_mean: float
    with_days: int
    without_n: int
    without_mean: float
    without_days: int


def _rated(entries: list[Entry], key: str, weeks: int) -> list[_Rated]:
    """The ratings, one unit per day, each with its block of `weeks` ISO weeks (counted
    from a fixed Monday, so the blocks do not depend on where the journal starts)."""
    days: dict[int, list[float]] = {}
    for entry in entries:
        value = entry.ratings.get(key)
        if value is not None and entry.date is not None:
            days.setdefault(entry.date.toordinal(), []).append(float(value))
    rated = []
    for day, values in days.items():
        monday = day - dt.date.fromordinal(day).weekday()  # ordinals of Mondays are 1 + 7k
        total = math.fsum(values)
        rated.append(
            _Rated(day, (monday - 1) // (7 * weeks), total / len(values), len(values), total)
        )
    return rated


def _blocks(rated: list[_Rated]) -> list[list[_Rated]]:
    """The ratings by block of weeks, in the order of the days."""
    blocks: dict[int, list[_Rated]] = {}
    for unit in rated:
        blocks.setdefault(unit.week, []).append(unit)
    return list(blocks.values())


def _split(
    blocks: list[list[_Rated]], linked: frozenset[int]
) -> list[tuple[list[_Rated], list[_Rated]]]:
    """(without, with) the `linked` days, in each block holding both."""
    used = []
    for units in blocks:
        without: list[_Rated] = []
        with_: list[_Rated] = []
        for unit in units:
            (with_ if unit.day in linked else without).append(unit)
        if without and with_:
            used.append((without, with_))
    return used


def _title(rating: Rating) -> str:
    return rating.title().lower()


def weeks_phrase(weeks: int) -> str:
    """`week`, `two weeks`, `5 weeks`: the blocks within which links are compared."""
    return {1: "week", 2: "two weeks", 3: "three weeks", 4: "four weeks"}.get(
        weeks, f"{weeks} weeks"
    )


def _sentence(tested: _Tested, weeks: int) -> str:
    described = [f"{title} as {value}" for title, value in tested.described]
    together = (
        described[0]
        if len(described) == 1
        else ", ".join(described[:-1]) + f" and {described[-1]} (always on the same days)"
    )
    assert tested.test.estimate is not None
    direction = "lower" if tested.test.estimate < 0 else "higher"
    return (
        f"On days when you recorded {together}, or the day after, your {_title(tested.rating)} "
        f"rating was {direction}: {tested.with_mean:.1f} on average ({tested.with_n} ratings "
        f"on {tested.with_days} days), against {tested.without_mean:.1f} on the other days "
        f"of the same {weeks_phrase(weeks)} ({tested.without_n} ratings on "
        f"{tested.without_days} days). Compared within the same {weeks_phrase(weeks)}, the "
        f"difference is about {abs(tested.test.estimate):.1f} points, which is unlikely to be "
        "chance. A link is not a cause: it cannot say what led to what."
    )


def _finding(tested: _Tested, q_value: float, weeks: int) -> Finding:
    numbers = {
        "with_n": tested.with_n,
        "with_days": tested.with_days,
        "with_mean": tested.with_mean,
        "without_n": tested.without_n,
        "without_days": tested.without_days,
        "without_mean": tested.without_mean,
        "difference": tested.test.estimate,
        "test_statistic": tested.test.statistic,
        "test_df": tested.test.df,
        "p_value": tested.test.p_value,
        "q_value": q_value,
    }
    subject = "; ".join(f"{title}: {value}" for title, value in tested.described)
    return Finding(
        f"linked-to-{tested.rating.key}",
        "noticed",
        _sentence(tested, weeks),
        subject,
        numbers,
        tested.evidence,
        link_title(tested.rating),
    )


_FELT = {"safety": "safe", "connection": "connected", "regulation": "regulated"}


def link_title(rating: Rating) -> str:
    """`Linked to how safe you felt` (the built-in ratings); `Linked to your hope rating`."""
    if rating.key in _FELT:
        return f"Linked to how {_FELT[rating.key]} you felt"
    return f"Linked to your {rating.key.replace('_', ' ')} rating"


def _groups(
    context: Context, window: Window
) -> dict[frozenset[int], tuple[Described, tuple[str, ...]]]:
    """Days with a value or the day after → the (dimension title, value) pairs behind them
    and the paths of their entries, for the entries inside `window` (from the context's
    index of entries by value)."""
    groups: dict[frozenset[int], list[tuple[str, str, Entry]]] = {}
    for key, dimension in context.vocabulary.dimensions.items():
        for value in dimension.values:
            having = [
                e
                for e in context.by_value.get((key, value), [])
                if e.date is not None and window.contains(e.date)
            ]
            days = {e.date.toordinal() for e in having if e.date is not None}
            linked = frozenset(days | {day + 1 for day in days})
            if linked:
                members = groups.setdefault(linked, [])
                members.extend((dimension.title().lower(), value, e) for e in having)
    return {
        linked: (
            tuple(dict.fromkeys((title, value) for title, value, _ in members)),
            tuple(dict.fromkeys(e.path for _, _, e in members)),
        )
        for linked, members in groups.items()
    }


def linked_to_ratings(context: Context) -> list[Finding]:
    """Partner values with which a self-rating differs on the same or the next day."""
    t = context.thresholds
    window = Window.ending(context.as_of, t.linked_days)
    entries = context.within(window)
    groups = _groups(context, window)
    tested: list[_Tested] = []
    waiting: dict[str, tuple[Status, Rating]] = {}
    for rating in context.vocabulary.ratings.values():
        pattern = f"linked-to-{rating.key}"
        waiting[pattern] = ("not-enough-data", rating)
        blocks = _blocks(_rated(entries, rating.key, max(1, t.link_weeks)))
        if not blocks:
            continue
        for linked, (described, evidence) in groups.items():
            used = _split(blocks, linked)
            without = [u for a, _ in used for u in a]
            with_ = [u for _, b in used for u in b]
            with_days, without_days = len(with_), len(without)  # one unit a day
            if min(with_days, without_days) < t.link_min_days:
                continue  # too few days to test: the test is not worth working out
            test = stratified_difference(
                [([u.value for u in a], [u.value for u in b]) for a, b in used]
            )
            if test.p_value is None:
                continue
            waiting[pattern] = ("not-noticed", rating)
            tested.append(
                _Tested(
                    rating,
                    described,
                    evidence,
                    test,
                    sum(u.count for u in with_),
                    math.fsum(u.total for u in with_) / sum(u.count for u in with_),
                    with_days,
                    sum(u.count for u in without),
                    math.fsum(u.total for u in without) / sum(u.count for u in without),
                    without_days,
                )
            )
    q_values = benjamini_hochberg([item.test.p_value or 1.0 for item in tested])
    noticed = []
    for item, q_value in zip(tested, q_values, strict=True):
        estimate = item.test.estimate
        if (
            q_value < t.alpha
            and estimate is not None
            and abs(estimate) >= scaled(t.link_difference, item.rating)
        ):
            noticed.append((abs(estimate) / scaled(1.0, item.rating), q_value, item))
    noticed.sort(key=lambda found: (-found[0], found[1], found[2].rating.key, found[2].described))
    findings = [_finding(item, q_value, max(1, t.link_weeks)) for _, q_value, item in noticed]
    seen = {f.id for f in findings}
    findings += [
        Finding(p, status, title=link_title(rating))
        for p, (status, rating) in waiting.items()
        if p not in seen
    ]
    return findings
