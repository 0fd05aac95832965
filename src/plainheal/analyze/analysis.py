"""The analysis of a journal: a pure function of its entries, vocabulary and thresholds.

Everything is computed as of the latest entry's date, never today's, so the same journal
gives the same figures on every device and every run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from statistics import fmean

from plainheal.analyze.dimensions import (
    NOT_ENOUGH,
    DimensionSummary,
    across_dimensions,
    summarize_dimension,
)
from plainheal.analyze.family import held_together, q_values
from plainheal.analyze.statistics import TestResult, welch
from plainheal.analyze.timeline import Timeline, timeline, weeks_between
from plainheal.api import Analyzer, Context, Finding, Thresholds, Window
from plainheal.entry import Conflict, Entry, Problem
from plainheal.validate import call_analyzer
from plainheal.vocabulary import NEEDS_MET, NEEDS_UNMET, Rating, Vocabulary, needs_items


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
    began: dt.date | None = None,
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
    if discovery is None:
        # Without `discovery` in plainheal.toml, an entry marked `event: discovery` says when
        # the story started, so "the first 30 days" start there, not at older notes.
        marked = [
            e.date
            for e in dated
            if e.date is not None and any(label.casefold() == "discovery" for label in e.events)
        ]
        discovery = min(marked) if marked else None
    start = (
        discovery if discovery is not None and discovery <= latest else _begun(dated, thresholds)
    )
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
        began=began,
    )


def journal_began(
    entries: Sequence[Entry], thresholds: Thresholds, discovery: dt.date | None = None
) -> dt.date | None:
    """The day a whole journal began, as its context counts its first days (None if no
    entry has a date)."""
    context = make_context(entries, Vocabulary(), thresholds, discovery)
    return None if context is None else context.early.start


def _begun(dated: Sequence[Entry], thresholds: Thresholds) -> dt.date:
    """The day the journal began, for its first days: its first entry's, past any few notes
    (fewer than `min_entries`) left alone by a silence longer than those first days (notes
    tried out months before the journal began would otherwise be its first 30 days)."""
    days = [entry.date for entry in dated if entry.date is not None]
    start = 0
    for index in range(len(days) - 1):
        if (days[index + 1] - days[index]).days > thresholds.early_days:
            if index + 1 - start >= thresholds.min_entries:
                break  # a stretch of its own: the journal began there
            start = index + 1
    return days[start]


def scaled(points: float, rating: Rating) -> float:
    """A size given in points of a 1–5 scale, on the scale of `rating` (1–10: doubled)."""
    return points * (rating.high - rating.low) / 4


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
    q_value: float | None = None  # among the ratings compared at once (`family`)

    @property
    def change(self) -> float | None:
        """Recent mean minus the mean three months ago."""
        if self.recent.mean is None or self.three_months_ago.mean is None:
            return None
        return self.recent.mean - self.three_months_ago.mean


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
class ItemCount:
    """How many entries recorded one item of a checklist, three months ago and recently."""

    item: str
    then: int
    recent: int


@dataclass(frozen=True)
class ChecklistSummary:
    """Any checklist but the needs pair (a plugin's or the vault's own), item by item."""

    key: str
    title: str
    entries_then: int  # entries recording the checklist at all
    entries_recent: int
    items: tuple[ItemCount, ...]


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
    checklists: tuple[ChecklistSummary, ...] = ()
    results: tuple[AnalyzerResult, ...] = ()
    problems: tuple[Problem, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    entries: tuple[Entry, ...] = field(default=(), repr=False)
    shared_names: frozenset[str] = frozenset()  # names notes of the vault share (links)

    def findings(self, status: str = "noticed") -> list[tuple[AnalyzerResult, Finding]]:
        """Findings with the given status, with the analyzer that made them."""
        return [(r, f) for r in self.results for f in r.findings if f.status == status]

    @cached_property
    def weekly(self) -> Timeline | None:
        """The journal week by week, from the start of its first month to the end of its
        last (None without a dated entry). Computed once: every month page's charts are cut
        from it (`cut`), instead of going through the entries again for each month."""
        if self.first_date is None or self.as_of is None:
            return None
        last = (self.as_of.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        weeks = weeks_between(self.first_date.replace(day=1), last - dt.timedelta(days=1))
        return timeline(self.entries, self.vocabulary, weeks, "week")


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


def _held_together(check_ins: list[RatingCheckIn], t: Thresholds) -> tuple[RatingCheckIn, ...]:
    """The check-ins with false discoveries controlled across the ratings (`family`)."""
    tests = [(c.direction, c.test) for c in check_ins]
    found = zip(check_ins, held_together(tests, t), q_values(tests), strict=True)
    return tuple(replace(c, direction=a, q_value=q) for c, a, q in found)


def summarize_checklists(context: Context) -> tuple[ChecklistSummary, ...]:
    """Every checklist but the needs pair (which `summarize_needs` reads as a pair)."""
    recent = context.within(context.recent)
    then = context.within(context.three_months_ago)
    summaries = []
    for key, checklist in context.vocabulary.checklists.items():
        if key in (NEEDS_MET, NEEDS_UNMET):
            continue

        def count(entries: list[Entry], item: str, key: str = key) -> int:
            return sum(1 for e in entries if item in e.checklists.get(key, ()))

        summaries.append(
            ChecklistSummary(
                key,
                checklist.title(),
                sum(1 for e in then if key in e.checklists),
                sum(1 for e in recent if key in e.checklists),
                tuple(ItemCount(i, count(then, i), count(recent, i)) for i in checklist.items),
            )
        )
    return tuple(summaries)


def summarize_needs(context: Context) -> NeedsSummary | None:
    """Met and unmet needs, recently and three months ago (the `needs_met`/`needs_unmet` pair)."""
    checklists = context.vocabulary.checklists
    if NEEDS_MET not in checklists and NEEDS_UNMET not in checklists:
        return None
    items = needs_items(context.vocabulary)
    recent = context.within(context.recent)
    then = context.within(context.three_months_ago)

    def count(entries: list[Entry], key: str, item: str) -> int:
        return sum(1 for e in entries if item in e.checklists.get(key, ()))

    def recording(entries: list[Entry]) -> int:
        return sum(1 for e in entries if NEEDS_MET in e.checklists or NEEDS_UNMET in e.checklists)

    return NeedsSummary(
        entries_recent=recording(recent),
        entries_then=recording(then),
        items=tuple(
            NeedCount(
                item,
                count(recent, NEEDS_MET, item),
                count(then, NEEDS_MET, item),
                count(recent, NEEDS_UNMET, item),
                count(then, NEEDS_UNMET, item),
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
    shared_names: frozenset[str] = frozenset(),
    began: dt.date | None = None,
) -> Analysis:
    """The full analysis of a journal's entries (`shared_names`: see `Journal`)."""
    context = make_context(entries, vocabulary, thresholds, discovery, as_of, began)
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
        shared_names=shared_names,
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
        ratings=_held_together(
            [check_in(rating, recent, then, thresholds) for rating in vocabulary.ratings.values()],
            thresholds,
        ),
        dimensions=across_dimensions(
            [summarize_dimension(context, d) for d in vocabulary.dimensions.values()], thresholds
        ),
        needs=summarize_needs(context),
        checklists=summarize_checklists(context),
        results=tuple(run_analyzer(analyzer, context) for analyzer in analyzers),
        problems=base.problems,
        conflicts=base.conflicts,
        entries=context.entries,
        shared_names=shared_names,
    )
