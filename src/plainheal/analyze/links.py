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
(`statistics.stratified_difference`). Moods carry over from one day to the next, and the
days with a value come in runs (the day and the day after), so the ratings of one side lean
together and count for less than their number: counting each day as independent, journals
whose ratings carry over by 0.2–0.4 from one day to the next showed a link where there was
none in 10–16% of them (benchmarks/calibrate.py). So each test allows for the carry-over
measured in the journal (`carry_over.carry_over`, on every rating compared with the value at
once), which only ever widens it. False discoveries are controlled across every value and
every rating tested (Benjamini–Hochberg at `alpha`). A link is named only when it is
unlikely to be chance after that, the difference is at least `link_difference` points (on a
1–5 scale), and each side has at least `link_min_days` rated days. Values recorded on
exactly the same days cannot be told apart, so they are reported together.

Links to a rating are looked for only once its rated days span `link_min_weeks` (8) weeks.
Benjamini–Hochberg keeps the false discovery rate averaged over journals, most of which
show no link; but a short journal finds so few real links that most of those it shows are
chance: with the planted link of benchmarks/simulate.py, 55% of the links shown on 4-week
journals were not planted, 30% on 6 weeks, 20% on 8 and 12% on 13 (benchmarks/calibrate.py).

The days compared are worked out in `link_days`; a test whose p-value is certainly not
below alpha is not worked out at all (`screen`), since no link depends on its exact figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from plainheal.analyze.analysis import scaled
from plainheal.analyze.carry_over import carry_over, carry_over_moments
from plainheal.analyze.link_days import (
    RatedDays,
    Side,
    Split,
    dated_of,
    rated_days,
    sides_of,
    split_by,
    strata_of,
)
from plainheal.analyze.screen import certainly_chance
from plainheal.analyze.statistics import TestResult, benjamini_hochberg, stratified_difference
from plainheal.api import Context, Finding, Status, Window
from plainheal.entry import Entry
from plainheal.vocabulary import Rating

Described = tuple[tuple[str, str], ...]  # (dimension title, value) recorded on the same days


@dataclass(frozen=True)
class _Tested:
    rating: Rating
    described: Described
    members: list[Entry]  # the entries recording the value(s)
    test: TestResult | None  # None: certainly chance, not worked out (`screen`)
    days: RatedDays
    split: Split
    carry_over: float  # the day-to-day correlation of the ratings the test allowed for

    @property
    def evidence(self) -> tuple[str, ...]:
        """The paths of the entries recording the value(s), each once."""
        return tuple(dict.fromkeys(e.path for e in self.members))

    @property
    def with_(self) -> Side:
        """The days with the value(s) or the day after (worked out only for a link found)."""
        return Side.of(self.days, [with_ for _, with_ in self.split])

    @property
    def without(self) -> Side:
        """The other days of the same blocks."""
        return Side.of(self.days, [without for without, _ in sides_of(self.days, self.split)])


def _title(rating: Rating) -> str:
    return rating.title().lower()


def weeks_phrase(weeks: int) -> str:
    """`week`, `two weeks`, `5 weeks`: the blocks within which links are compared."""
    return {1: "week", 2: "two weeks", 3: "three weeks", 4: "four weeks"}.get(
        weeks, f"{weeks} weeks"
    )


def _sentence(tested: _Tested, with_: Side, without: Side, weeks: int) -> str:
    described = [f"{title} as {value}" for title, value in tested.described]
    together = (
        described[0]
        if len(described) == 1
        else ", ".join(described[:-1]) + f" and {described[-1]} (always on the same days)"
    )
    estimate = tested.test.estimate if tested.test else None
    assert estimate is not None  # only a test worked out, with an estimate, is a link
    direction = "lower" if estimate < 0 else "higher"
    # The direction belongs to the comparison within the same weeks, never to the two
    # averages, which mix every week and may even run the other way.
    return (
        f"On days when you recorded {together}, or the day after, your {_title(tested.rating)} "
        f"rating averaged {with_.mean:.1f} ({with_.n} ratings on {with_.days} days), against "
        f"{without.mean:.1f} on the other days of the same {_stretches(weeks)}, all taken "
        f"together ({without.n} ratings on {without.days} days). Compared within each "
        f"{_stretches(weeks, 1)}, it was {direction} on those days, by about "
        f"{abs(estimate):.1f} points{_mixed(with_, without, estimate)}, which is unlikely to "
        "be chance. A link is not a cause: it cannot say what led to what."
    )


_WHY = "they take all the weeks together, and some weeks' ratings were higher than others'"


def _stretches(weeks: int, count: int = 2) -> str:
    """`weeks` or `week` for blocks of one week; `two-week stretches`, `two-week stretch`."""
    if weeks == 1:
        return "week" if count == 1 else "weeks"
    words = {2: "two", 3: "three", 4: "four"}.get(weeks, str(weeks))
    return f"{words}-week stretch" + ("" if count == 1 else "es")


def _mixed(with_: Side, without: Side, estimate: float) -> str:
    """Why the two averages shown may not show the difference compared, said when they do
    not by more than rounding: they run the other way (or not at all), or apart by 0.2 or
    more from it. They mix every week; the difference is compared within the same weeks."""
    shown = round(round(with_.mean, 1) - round(without.mean, 1), 1)
    if shown == 0:
        return f" (the two averages above are the same: {_WHY})"
    if (shown < 0) != (estimate < 0):
        return f" (the two averages above run the other way: {_WHY})"
    if abs(abs(shown) - round(abs(estimate), 1)) < 0.15:
        return ""
    return f" (the two averages above differ by {abs(shown):.1f}: {_WHY})"


def _finding(tested: _Tested, q_value: float, weeks: int) -> Finding:
    test = tested.test
    assert test is not None  # only a test worked out is a link
    with_, without = tested.with_, tested.without
    numbers = {
        "with_n": with_.n,
        "with_days": with_.days,
        "with_mean": with_.mean,
        "without_n": without.n,
        "without_days": without.days,
        "without_mean": without.mean,
        "difference": test.estimate,
        "test_statistic": test.statistic,
        "test_df": test.df,
        "p_value": test.p_value,
        "q_value": q_value,
        "carry_over": tested.carry_over,
    }
    # Findings carry finite numbers only: ratings with no spread at all around a real
    # difference (the same rating every day on each side) give an infinite statistic.
    numbers = {
        key: None if isinstance(value, float) and not math.isfinite(value) else value
        for key, value in numbers.items()
    }
    subject = "; ".join(f"{title}: {value}" for title, value in tested.described)
    return Finding(
        f"linked-to-{tested.rating.key}",
        "noticed",
        _sentence(tested, with_, without, weeks),
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
) -> dict[frozenset[int], tuple[Described, list[Entry]]]:
    """Days with a value or the day after → the (dimension title, value) pairs behind them
    and their entries, for the entries inside `window` (from the context's index of entries
    by value)."""
    groups: dict[frozenset[int], tuple[list[tuple[str, str]], list[Entry]]] = {}
    start, end = window.start, window.end
    for key, dimension in context.vocabulary.dimensions.items():
        title = dimension.title().lower()
        for value in dimension.values:
            having = [
                e
                for e in context.by_value.get((key, value), [])
                if e.date is not None and start <= e.date <= end
            ]
            days = {e.date.toordinal() for e in having if e.date is not None}
            linked = frozenset(days | {day + 1 for day in days})
            if linked:
                described, members = groups.setdefault(linked, ([], []))
                described.append((title, value))
                members.extend(having)
    return {
        linked: (tuple(dict.fromkeys(described)), members)
        for linked, (described, members) in groups.items()
    }


def _allowing_for_carry_over(tested: list[_Tested], values: set[Described]) -> list[_Tested]:
    """The tests of `values` worked out again allowing for carry-over between days, measured
    for each value on every rating compared with it at once (one rating's days alone give
    too unsteady a figure)."""
    by_value: dict[Described, list[int]] = {}
    for index, item in enumerate(tested):
        if item.described in values:
            by_value.setdefault(item.described, []).append(index)
    result = list(tested)
    for indices in by_value.values():
        dated = [dated_of(tested[i].days, tested[i].split) for i in indices]
        carried = carry_over([carry_over_moments(pairs) for pairs in dated])
        if carried == 0:
            continue
        for index in indices:
            item = tested[index]
            if item.test is None:
                continue  # certainly chance, and allowing for carry-over only widens it
            test = stratified_difference(
                strata_of(item.days, item.split),
                days=sides_of(item.days, item.split),
                carry_over=carried,
            )
            result[index] = replace(item, test=test, carry_over=carried)
    return result


def _p_values(tested: list[_Tested]) -> list[float]:
    """The tests' p-values for Benjamini–Hochberg; 1 for those certainly chance (no q-value
    below alpha depends on a p-value that is not below alpha)."""
    return [(item.test.p_value or 1.0) if item.test else 1.0 for item in tested]


def linked_to_ratings(context: Context) -> list[Finding]:
    """Partner values with which a self-rating differs on the same or the next day."""
    return _linked_to_ratings(context)


def _linked_to_ratings(context: Context, *, carry_over_everywhere: bool = False) -> list[Finding]:
    """`linked_to_ratings`; with `carry_over_everywhere`, carry-over is allowed for in every
    test, not only in those of the values with a link found without it (the same findings,
    more slowly: the tests check that)."""
    t = context.thresholds
    window = Window.ending(context.as_of, t.linked_days)
    entries = context.within(window)
    groups = _groups(context, window)
    tested: list[_Tested] = []
    waiting: dict[str, tuple[Status, Rating]] = {}
    ratings = context.vocabulary.ratings.values()
    weeks = max(1, t.link_weeks)
    rated = rated_days(entries, [rating.key for rating in ratings], weeks)
    # A value recorded on so few days cannot reach `link_min_days` with any rating.
    testable = [linked for linked in groups if len(linked) >= t.link_min_days]
    for rating in ratings:
        pattern = f"linked-to-{rating.key}"
        waiting[pattern] = ("not-enough-data", rating)
        days = rated[rating.key]
        if not days.blocks or len(days.value) < 2 * t.link_min_days:
            continue  # too few rated days for both sides of any comparison
        if max(days.value) - min(days.value) < 7 * t.link_min_weeks - 1:
            continue  # too short a stretch: a link found would more often be chance than not
        for linked in testable:
            compared = split_by(days, linked, t.link_min_days)
            if compared is None:
                continue  # too few days to test: the test is not worth working out
            split, sums = compared
            test = None
            if not certainly_chance(sums, t.alpha):
                test = stratified_difference(strata_of(days, split))
                if test.p_value is None:
                    continue
            waiting[pattern] = ("not-noticed", rating)
            described, members = groups[linked]
            tested.append(_Tested(rating, described, members, test, days, split, 0.0))
    q_values = benjamini_hochberg(_p_values(tested))
    # Allowing for carry-over only ever raises a p-value, so with it Benjamini–Hochberg finds
    # no link it did not find without it. It is worked out only for the values with a link
    # found without it: the same links with the same figures as working it out for every
    # test, since every other test's p-value is above theirs and only rises.
    found = {item.described for item, q in zip(tested, q_values, strict=True) if q < t.alpha}
    if carry_over_everywhere:
        found = {item.described for item in tested}
    if found:
        tested = _allowing_for_carry_over(tested, found)
        q_values = benjamini_hochberg(_p_values(tested))
    noticed = []
    for item, q_value in zip(tested, q_values, strict=True):
        if item.test is None:
            continue  # certainly chance
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
