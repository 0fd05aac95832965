"""How each dimension went: its recent share, weekly scores, trend and runs."""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from plainheal.analyze.statistics import TestResult, benjamini_hochberg, slope
from plainheal.analyze.weeks import iso_week, week_start
from plainheal.api import Context, Thresholds, Window
from plainheal.entry import Entry
from plainheal.vocabulary import Dimension

NOT_ENOUGH = "not enough data"


@dataclass(frozen=True)
class WeekScore:
    """The mean score of a dimension in one ISO week."""

    week: str
    n: int
    mean_score: float | None


@dataclass(frozen=True)
class Trend:
    """The direction of a dimension over the trend weeks, and the test behind it."""

    direction: str  # "rising", "falling", "no clear change" or "not enough data"
    level: str | None  # "mostly positive", "mixed" or "mostly concerning" (None: no values)
    n: int  # days with entries recording the dimension in the trend weeks (the test's points)
    weeks_with_data: int
    slope_per_week: float | None  # change in mean score per week (least squares)
    test: TestResult
    # Benjamini–Hochberg across the trends of every dimension (`across_dimensions`); None
    # for a trend not tested.
    q_value: float | None = None


@dataclass(frozen=True)
class Run:
    """A run of consecutive entries with a positive value."""

    length: int = 0
    first: Entry | None = None
    last: Entry | None = None


@dataclass(frozen=True)
class DimensionSummary:
    """One dimension: the recent window, the weekly trend and how consistent it is."""

    key: str
    entries: int  # recent entries recording it
    counts: dict[str, int]  # every value, in the dimension's order
    positive_share: float | None
    mean_score: float | None
    weekly: tuple[WeekScore, ...]
    trend: Trend
    positive_weeks: int  # recent weeks whose mean score is positive
    weeks_with_data: int
    longest_run: Run  # within the trend weeks
    current_run: int  # up to the latest entry, however far back it goes
    last_concerning: Entry | None
    days_since_concerning: int | None

    @property
    def n(self) -> int:
        """Values recorded in the recent window (an entry may record several)."""
        return sum(self.counts.values())

    @property
    def direction(self) -> str:
        """`rising`, `falling`, `no clear change` or `not enough data`."""
        return self.trend.direction


def _level(scores: Sequence[int], high_share: float) -> str | None:
    """Mostly positive (at least `high_share` positive), mostly concerning, or mixed."""
    if not scores:
        return None
    if len([s for s in scores if s > 0]) >= high_share * len(scores):
        return "mostly positive"
    if len([s for s in scores if s < 0]) >= high_share * len(scores):
        return "mostly concerning"
    return "mixed"


@dataclass(frozen=True)
class _Recorded:
    """One dimension over the `weeks` weeks ending with the as-of week: each entry recording
    it, as its day (counted from the first Monday) and the scores of its values. Worked out
    once for both the weekly scores and the trend."""

    first_monday: dt.date
    weeks: int
    within: list[Entry]  # every entry of those weeks, recording it or not
    entries: list[tuple[int, list[int]]]


def _recorded(context: Context, dimension: Dimension, weeks: int) -> _Recorded:
    """The entries recording `dimension` in the `weeks` weeks (see `_Recorded`)."""
    first_monday = week_start(context.as_of) - dt.timedelta(weeks=weeks - 1)
    first = first_monday.toordinal()
    scores = dimension.scores
    entries = []
    within = context.within(Window(first_monday, context.as_of))
    for entry in within:
        recorded = entry.observations.get(dimension.key)
        if recorded and entry.date is not None:
            entries.append((entry.date.toordinal() - first, [scores[v] for v in recorded]))
    return _Recorded(first_monday, weeks, within, entries)


def _trend(recorded: _Recorded, thresholds: Thresholds) -> Trend:
    """Rising or falling only when the least-squares slope of the entry-level scores (each
    entry's mean score, averaged per day) is unlikely to be chance and at least
    `trend_slope` a week. The standard error is the larger of the usual one and HC2's (see
    plainheal.analyze.statistics)."""
    by_day: dict[int, list[float]] = {}  # days after the first Monday → each entry's score
    values: list[int] = []
    # Means as fmean works them out (fsum / len), without its call: this runs for every
    # entry of every dimension. The mean of one value is that value, as a float.
    for day, entry_scores in recorded.entries:
        values.extend(entry_scores)
        score = (
            float(entry_scores[0])
            if len(entry_scores) == 1
            else math.fsum(entry_scores) / len(entry_scores)
        )
        day_scores = by_day.get(day)
        if day_scores is None:
            by_day[day] = [score]
        else:
            day_scores.append(score)
    # Each day is one point (the mean of its entries' scores): a morning and an evening
    # note of the same day are not two independent pieces of evidence.
    days = [float(day) for day in by_day]
    scores = [
        day_scores[0] if len(day_scores) == 1 else math.fsum(day_scores) / len(day_scores)
        for day_scores in by_day.values()
    ]
    mondays = {day // 7 for day in by_day}  # the weeks, counted from the first Monday
    test = slope(days, scores, robust=True)
    per_week = None if test.estimate is None else test.estimate * 7
    level = _level(values, thresholds.high_share)
    if len(mondays) < thresholds.trend_min_weeks or test.p_value is None or per_week is None:
        return Trend(NOT_ENOUGH, level, len(days), len(mondays), per_week, test)
    if test.p_value < thresholds.alpha and abs(per_week) >= thresholds.trend_slope:
        direction = "rising" if per_week > 0 else "falling"
    else:
        direction = "no clear change"
    return Trend(direction, level, len(days), len(mondays), per_week, test)


def _weekly(recorded: _Recorded) -> tuple[WeekScore, ...]:
    """Mean score per ISO week for the weeks of `recorded` (ending with the as-of week)."""
    buckets: list[list[int]] = [[] for _ in range(recorded.weeks)]
    for day, entry_scores in recorded.entries:
        buckets[day // 7].extend(entry_scores)
    # Means as statistics.fmean works them out (fsum / len), without its call.
    return tuple(
        WeekScore(week, len(scores), math.fsum(scores) / len(scores) if scores else None)
        for week, scores in zip(
            _week_names(recorded.first_monday, recorded.weeks), buckets, strict=True
        )
    )


@functools.lru_cache(maxsize=16)
def _week_names(first_monday: dt.date, weeks: int) -> tuple[str, ...]:
    """The ISO week names of `weeks` weeks from `first_monday`: the same for every dimension
    of an analysis, so named once."""
    return tuple(iso_week(first_monday + dt.timedelta(weeks=index)) for index in range(weeks))


class _Kinds(dict[tuple[str, ...], int]):
    """Values recorded together → 1 if every one is positive, −1 if any is concerning, else
    0; each combination worked out once, on first use."""

    def __init__(self, dimension: Dimension) -> None:
        super().__init__()
        self._positive = {v for v, score in dimension.scores.items() if score > 0}
        self._concerning = {v for v, score in dimension.scores.items() if score < 0}

    def __missing__(self, values: tuple[str, ...]) -> int:
        kind = (
            1
            if self._positive.issuperset(values)
            else -1
            if not self._concerning.isdisjoint(values)
            else 0
        )
        self[values] = kind
        return kind


def _longest_run(entries: Sequence[Entry], dimension: Dimension, kinds: _Kinds) -> Run:
    """The longest run of consecutive entries recording the dimension with only positive
    values (entries that do not record it do not break a run)."""
    best_length, best_first, best_last = 0, None, None
    length, first = 0, None
    for entry in entries:
        values = entry.observations.get(dimension.key)
        if not values:
            continue
        if kinds[values] == 1:
            if length == 0:
                first = entry
            length += 1
            if length > best_length:
                best_length, best_first, best_last = length, first, entry
        else:
            length = 0
    return Run(best_length, best_first, best_last)


def _from_the_end(
    entries: Sequence[Entry], dimension: Dimension, kinds: _Kinds
) -> tuple[int, Entry | None]:
    """The current run of positive entries and the last concerning entry, walking back from
    the latest entry and stopping as soon as both are known (usually a few entries)."""
    current, run_open, last_concerning = 0, True, None
    for entry in reversed(entries):
        values = entry.observations.get(dimension.key)
        if not values:
            continue
        found = kinds[values]
        if run_open and found == 1:
            current += 1
        else:
            run_open = False
        if found == -1:
            last_concerning = entry
            break
    return current, last_concerning


def summarize_dimension(context: Context, dimension: Dimension) -> DimensionSummary:
    """Counts, share, trend and consistency of one dimension."""
    recent = [e for e in context.within(context.recent) if dimension.key in e.observations]
    counts = {value: 0 for value in dimension.values}
    for entry in recent:
        for value in entry.observations[dimension.key]:
            counts[value] += 1
    total = sum(counts.values())
    positive = dimension.positive(counts)
    score_sum = sum(n * dimension.scores[v] for v, n in counts.items())
    recorded = _recorded(context, dimension, context.thresholds.trend_weeks)
    weekly = _weekly(recorded)
    with_data = [w for w in weekly if w.mean_score is not None]
    kinds = _Kinds(dimension)
    longest = _longest_run(recorded.within, dimension, kinds)
    current, last_concerning = _from_the_end(context.entries, dimension, kinds)
    return DimensionSummary(
        key=dimension.key,
        entries=len(recent),
        counts=counts,
        positive_share=positive / total if total else None,
        mean_score=score_sum / total if total else None,
        weekly=weekly,
        trend=_trend(recorded, context.thresholds),
        positive_weeks=sum(1 for w in with_data if (w.mean_score or 0) > 0),
        weeks_with_data=len(with_data),
        longest_run=longest,
        current_run=current,
        last_concerning=last_concerning,
        days_since_concerning=(
            (context.as_of - last_concerning.date).days
            if last_concerning and last_concerning.date
            else None
        ),
    )


def across_dimensions(
    summaries: Sequence[DimensionSummary], thresholds: Thresholds
) -> tuple[DimensionSummary, ...]:
    """The dimensions with false discoveries controlled across their trends.

    Each trend alone names a direction in about 1 unchanged journal in 20, but a page shows
    six of them (more with a plugin's or the vault's own dimensions): one in four journals
    where nothing changed would show a behaviour *rising* or *falling*. So, as for links,
    Benjamini–Hochberg at `alpha` across every dimension's trend test: a direction is named
    only when its q-value is below alpha too (then about 1 unchanged journal in 20 shows
    one). The price is power: a decline found in 83% of journals alone is found in 61%
    among six, a steeper one in 89% instead of 98% (benchmarks/calibrate.py, README)."""
    tested = [
        index
        for index, summary in enumerate(summaries)
        if summary.trend.direction != NOT_ENOUGH and summary.trend.test.p_value is not None
    ]
    q_values = benjamini_hochberg([summaries[index].trend.test.p_value or 1.0 for index in tested])
    adjusted = [
        s if s.trend.q_value is None else replace(s, trend=replace(s.trend, q_value=None))
        for s in summaries
    ]
    for index, q_value in zip(tested, q_values, strict=True):
        trend = summaries[index].trend
        direction = trend.direction
        if direction in ("rising", "falling") and not q_value < thresholds.alpha:
            direction = "no clear change"
        adjusted[index] = replace(
            summaries[index], trend=replace(trend, direction=direction, q_value=q_value)
        )
    return tuple(adjusted)
