"""The analysis of a journal: a pure function of its entries, vocabulary and thresholds.

Everything is computed as of the latest entry's date, never today's, so the same journal
gives the same figures on every device and every run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from statistics import fmean

from plainheal.analyze.statistics import TestResult, slope, welch
from plainheal.api import Analyzer, Context, Finding, Thresholds, Window
from plainheal.entry import Conflict, Entry, Problem
from plainheal.validate import call_analyzer
from plainheal.vocabulary import Dimension, Rating, Vocabulary


def iso_week(day: dt.date) -> str:
    """`2026-W47` for a date."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(day: dt.date) -> dt.date:
    """The Monday of the ISO week of `day`."""
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class Stat:
    """How many numbers and their mean (None when there are none)."""

    n: int
    mean: float | None

    @classmethod
    def of(cls, numbers: Sequence[float]) -> Stat:
        """The count and mean of `numbers`."""
        return cls(len(numbers), fmean(numbers) if numbers else None)


def make_context(
    entries: Sequence[Entry],
    vocabulary: Vocabulary,
    thresholds: Thresholds,
    discovery: dt.date | None = None,
    as_of: dt.date | None = None,
) -> Context | None:
    """The analysis context, or None when no entry has a date."""
    dated = tuple(sorted((e for e in entries if e.date is not None), key=Entry.sort_key))
    if not dated:
        return None
    # A note opened from the template and left blank (Obsidian makes today's note on start-up)
    # must not move the as-of date: it would empty the recent window. The latest entry that
    # records something decides; blank ones still count as entries.
    recorded = [e for e in dated if e.observations or e.ratings or e.checklists or e.events]
    latest = as_of or max(e.date for e in (recorded or dated) if e.date is not None)
    dated = tuple(e for e in dated if e.date is not None and e.date <= latest)
    first = min(e.date for e in dated if e.date is not None)
    if discovery is None:
        # Without `discovery` in plainheal.toml, an entry marked `event: discovery` says when
        # the story started, so "the first 30 days" start there, not at older notes.
        marked = [
            e.date
            for e in dated
            if e.date is not None and any(label.casefold() == "discovery" for label in e.events)
        ]
        discovery = min(marked) if marked else None
    start = discovery if discovery is not None and discovery <= latest else first
    return Context(
        entries=dated,
        vocabulary=vocabulary,
        thresholds=thresholds,
        as_of=latest,
        recent=Window.ending(latest, thresholds.recent_days),
        three_months_ago=Window.ending(
            latest - dt.timedelta(days=thresholds.then_days_ago), thresholds.recent_days
        ),
        early=Window(start, start + dt.timedelta(days=thresholds.early_days - 1)),
    )


def scaled(points: float, rating: Rating) -> float:
    """A size given in points of a 1–5 scale, on the scale of `rating` (1–10: doubled)."""
    return points * (rating.high - rating.low) / 4


NOT_ENOUGH = "not enough data"


def compare_ratings(
    before: Sequence[float], after: Sequence[float], rating: Rating, thresholds: Thresholds
) -> tuple[str, TestResult]:
    """`higher`, `lower`, `about the same` or `not enough data`, and the test behind it.

    Welch's t-test on the two sets of ratings, read against min(n1, n2) − 1 degrees of
    freedom (conservative: see plainheal.analyze.statistics): higher or lower only when a difference
    this large would come from chance less often than `alpha` and it is at least
    `min_rating_change` points (on a 1–5 scale).
    """
    test = welch(before, after, conservative=True)
    if min(len(before), len(after)) < thresholds.min_entries or test.p_value is None:
        return NOT_ENOUGH, test
    assert test.estimate is not None
    if test.p_value < thresholds.alpha and abs(test.estimate) >= scaled(
        thresholds.min_rating_change, rating
    ):
        return ("higher" if test.estimate > 0 else "lower"), test
    return "about the same", test


@dataclass(frozen=True)
class RatingCheckIn:
    """One rating, recent window against three months ago, with the test behind the answer."""

    key: str
    recent: Stat
    three_months_ago: Stat
    direction: str = NOT_ENOUGH  # "higher", "lower", "about the same" or "not enough data"
    test: TestResult | None = None

    @property
    def change(self) -> float | None:
        """Recent mean minus the mean three months ago."""
        if self.recent.mean is None or self.three_months_ago.mean is None:
            return None
        return self.recent.mean - self.three_months_ago.mean


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


@dataclass(frozen=True)
class NeedCount:
    """How often one need was met and unmet, recently and three months ago."""

    item: str
    met_recent: int
    met_then: int
    unmet_recent: int
    unmet_then: int


@dataclass(frozen=True)
class NeedsSummary:
    """A pair of checklists (met and unmet) over the same items."""

    entries_recent: int
    entries_then: int
    items: tuple[NeedCount, ...]


@dataclass(frozen=True)
class AnalyzerResult:
    """What one analyzer found."""

    analyzer: str
    title: str
    findings: tuple[Finding, ...]
    error: str | None = None  # the analyzer raised; its section says so


@dataclass(frozen=True)
class Analysis:
    """Every figure and pattern of a journal, as of its latest entry."""

    as_of: dt.date | None
    first_date: dt.date | None
    entry_count: int
    dated_count: int
    recent: Window | None
    three_months_ago: Window | None
    thresholds: Thresholds
    vocabulary: Vocabulary
    ratings: tuple[RatingCheckIn, ...] = ()
    dimensions: tuple[DimensionSummary, ...] = ()
    needs: NeedsSummary | None = None
    results: tuple[AnalyzerResult, ...] = ()
    problems: tuple[Problem, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    entries: tuple[Entry, ...] = field(default=(), repr=False)

    def findings(self, status: str = "noticed") -> list[tuple[AnalyzerResult, Finding]]:
        """Findings with the given status, with the analyzer that made them."""
        return [(r, f) for r in self.results for f in r.findings if f.status == status]


def _level(scores: Sequence[int], high_share: float) -> str | None:
    """Mostly positive (at least `high_share` positive), mostly concerning, or mixed."""
    if not scores:
        return None
    if sum(1 for s in scores if s > 0) >= high_share * len(scores):
        return "mostly positive"
    if sum(1 for s in scores if s < 0) >= high_share * len(scores):
        return "mostly concerning"
    return "mixed"


def dimension_trend(context: Context, dimension: Dimension, weeks: int) -> Trend:
    """Rising or falling only when the least-squares slope of the entry-level scores (each
    entry's mean score, averaged per day) is unlikely to be chance and at least
    `trend_slope` a week. The standard error is the larger of the usual one and HC2's (see
    plainheal.analyze.statistics)."""
    thresholds = context.thresholds
    first_monday = week_start(context.as_of) - dt.timedelta(weeks=weeks - 1)
    by_day: dict[dt.date, list[float]] = {}
    values: list[int] = []
    for entry in context.within(Window(first_monday, context.as_of)):
        recorded = entry.observations.get(dimension.key)
        if not recorded or entry.date is None:
            continue
        entry_scores = [dimension.scores[v] for v in recorded]
        values.extend(entry_scores)
        by_day.setdefault(entry.date, []).append(fmean(entry_scores))
    # Each day is one point (the mean of its entries' scores): a morning and an evening
    # note of the same day are not two independent pieces of evidence.
    days = [float((day - first_monday).days) for day in by_day]
    scores = [fmean(day_scores) for day_scores in by_day.values()]
    mondays = {week_start(day) for day in by_day}
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


def weekly_scores(context: Context, dimension: Dimension, weeks: int) -> tuple[WeekScore, ...]:
    """Mean score per ISO week for the `weeks` weeks ending with the as-of week."""
    last_monday = week_start(context.as_of)
    first_monday = last_monday - dt.timedelta(weeks=weeks - 1)
    buckets: dict[dt.date, list[int]] = {
        first_monday + dt.timedelta(weeks=i): [] for i in range(weeks)
    }
    for entry in context.within(Window(first_monday, context.as_of)):
        assert entry.date is not None
        monday = week_start(entry.date)
        if monday in buckets:
            buckets[monday].extend(
                dimension.scores[v] for v in entry.observations.get(dimension.key, ())
            )
    return tuple(
        WeekScore(iso_week(monday), len(scores), fmean(scores) if scores else None)
        for monday, scores in buckets.items()
    )


def _kinds(dimension: Dimension) -> Callable[[tuple[str, ...]], int]:
    """1 if every value is positive, −1 if any is concerning, else 0."""
    positive = {v for v, score in dimension.scores.items() if score > 0}
    concerning = {v for v, score in dimension.scores.items() if score < 0}
    known: dict[tuple[str, ...], int] = {}

    def kind(values: tuple[str, ...]) -> int:
        if values not in known:
            known[values] = (
                1 if positive.issuperset(values) else -1 if not concerning.isdisjoint(values) else 0
            )
        return known[values]

    return kind


def _longest_run(entries: Sequence[Entry], dimension: Dimension) -> Run:
    """The longest run of consecutive entries recording the dimension with only positive
    values (entries that do not record it do not break a run)."""
    kind = _kinds(dimension)
    best_length, best_first, best_last = 0, None, None
    length, first = 0, None
    for entry in entries:
        values = entry.observations.get(dimension.key)
        if not values:
            continue
        if kind(values) == 1:
            if length == 0:
                first = entry
            length += 1
            if length > best_length:
                best_length, best_first, best_last = length, first, entry
        else:
            length = 0
    return Run(best_length, best_first, best_last)


def _from_the_end(entries: Sequence[Entry], dimension: Dimension) -> tuple[int, Entry | None]:
    """The current run of positive entries and the last concerning entry, walking back from
    the latest entry and stopping as soon as both are known (usually a few entries)."""
    kind = _kinds(dimension)
    current, run_open, last_concerning = 0, True, None
    for entry in reversed(entries):
        values = entry.observations.get(dimension.key)
        if not values:
            continue
        found = kind(values)
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
    positive = sum(n for v, n in counts.items() if dimension.scores[v] > 0)
    score_sum = sum(n * dimension.scores[v] for v, n in counts.items())
    weekly = weekly_scores(context, dimension, context.thresholds.trend_weeks)
    with_data = [w for w in weekly if w.mean_score is not None]
    first_monday = week_start(context.as_of) - dt.timedelta(
        weeks=context.thresholds.trend_weeks - 1
    )
    longest = _longest_run(context.within(Window(first_monday, context.as_of)), dimension)
    current, last_concerning = _from_the_end(context.entries, dimension)
    return DimensionSummary(
        key=dimension.key,
        entries=len(recent),
        counts=counts,
        positive_share=positive / total if total else None,
        mean_score=score_sum / total if total else None,
        weekly=weekly,
        trend=dimension_trend(context, dimension, context.thresholds.trend_weeks),
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


def rating_values(entries: Iterable[Entry], key: str) -> list[float]:
    """One rating's values over some entries."""
    return [e.ratings[key] for e in entries if key in e.ratings]


def rating_stat(entries: Iterable[Entry], key: str) -> Stat:
    """The count and mean of one rating over some entries."""
    return Stat.of(rating_values(entries, key))


def daily_ratings(entries: Iterable[Entry], key: str) -> list[float]:
    """One rating's values averaged per day, in date order: the unit of its tests, because
    two entries of one day (a morning and an evening note) are not independent evidence."""
    days: dict[dt.date, list[float]] = {}
    for entry in entries:
        if key in entry.ratings and entry.date is not None:
            days.setdefault(entry.date, []).append(entry.ratings[key])
    return [fmean(values) for _, values in sorted(days.items())]


def check_in(
    rating: Rating, recent: Sequence[Entry], then: Sequence[Entry], t: Thresholds
) -> RatingCheckIn:
    """One rating, recent against three months ago: the means are over every rating, the
    test over each day's mean."""
    now, before = rating_values(recent, rating.key), rating_values(then, rating.key)
    direction, test = compare_ratings(
        daily_ratings(then, rating.key), daily_ratings(recent, rating.key), rating, t
    )
    return RatingCheckIn(rating.key, Stat.of(now), Stat.of(before), direction, test)


def summarize_needs(context: Context) -> NeedsSummary | None:
    """Met and unmet needs, recently and three months ago (the `needs_met`/`needs_unmet` pair)."""
    met = context.vocabulary.checklists.get("needs_met")
    unmet = context.vocabulary.checklists.get("needs_unmet")
    if met is None and unmet is None:
        return None
    items = tuple(dict.fromkeys([*(met.items if met else ()), *(unmet.items if unmet else ())]))
    recent = context.within(context.recent)
    then = context.within(context.three_months_ago)

    def count(entries: list[Entry], key: str, item: str) -> int:
        return sum(1 for e in entries if item in e.checklists.get(key, ()))

    def recording(entries: list[Entry]) -> int:
        return sum(
            1 for e in entries if "needs_met" in e.checklists or "needs_unmet" in e.checklists
        )

    return NeedsSummary(
        entries_recent=recording(recent),
        entries_then=recording(then),
        items=tuple(
            NeedCount(
                item,
                count(recent, "needs_met", item),
                count(then, "needs_met", item),
                count(recent, "needs_unmet", item),
                count(then, "needs_unmet", item),
            )
            for item in items
        ),
    )


def run_analyzer(analyzer: Analyzer, context: Context) -> AnalyzerResult:
    """Run one analyzer; one that raises is reported, and the others still run."""
    findings, failure = call_analyzer(analyzer, context)  # checked: a bad one costs its section
    return AnalyzerResult(analyzer.id, analyzer.title, findings, failure)


def analyze(
    entries: Sequence[Entry],
    vocabulary: Vocabulary,
    thresholds: Thresholds,
    analyzers: Sequence[Analyzer] = (),
    *,
    discovery: dt.date | None = None,
    problems: Sequence[Problem] = (),
    conflicts: Sequence[Conflict] = (),
    as_of: dt.date | None = None,
) -> Analysis:
    """The full analysis of a journal's entries."""
    context = make_context(entries, vocabulary, thresholds, discovery, as_of)
    base = Analysis(
        as_of=None,
        first_date=None,
        entry_count=len(entries),
        dated_count=sum(1 for e in entries if e.date is not None),
        recent=None,
        three_months_ago=None,
        thresholds=thresholds,
        vocabulary=vocabulary,
        problems=tuple(problems),
        conflicts=tuple(conflicts),
        entries=tuple(entries),
    )
    if context is None:
        return base
    recent = context.within(context.recent)
    then = context.within(context.three_months_ago)
    return Analysis(
        as_of=context.as_of,
        first_date=context.entries[0].date,
        entry_count=base.entry_count,
        dated_count=len(context.entries),
        recent=context.recent,
        three_months_ago=context.three_months_ago,
        thresholds=thresholds,
        vocabulary=vocabulary,
        ratings=tuple(
            check_in(rating, recent, then, thresholds) for rating in vocabulary.ratings.values()
        ),
        dimensions=tuple(
            summarize_dimension(context, dimension) for dimension in vocabulary.dimensions.values()
        ),
        needs=summarize_needs(context),
        results=tuple(run_analyzer(analyzer, context) for analyzer in analyzers),
        problems=base.problems,
        conflicts=base.conflicts,
        entries=context.entries,
    )
