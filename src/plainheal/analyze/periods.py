"""Months and ISO weeks: the figures of the entries in one period, beside the one before."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import fmean

from plainheal.analyze.analysis import Stat
from plainheal.analyze.weeks import iso_week, week_start
from plainheal.entry import Entry
from plainheal.vocabulary import NEEDS_MET, NEEDS_UNMET, Vocabulary


@dataclass(frozen=True)
class Period:
    """A calendar month or ISO week, with a stable key (`2026-11`, `2026-W47`)."""

    kind: str  # "month" or "week"
    key: str
    start: dt.date
    end: dt.date


def month_of(day: dt.date) -> Period:
    """The calendar month holding `day`."""
    start = day.replace(day=1)
    following = (start + dt.timedelta(days=32)).replace(day=1)
    return Period("month", f"{day.year}-{day.month:02d}", start, following - dt.timedelta(days=1))


def week_of(day: dt.date) -> Period:
    """The ISO week holding `day`."""
    monday = week_start(day)
    return Period("week", iso_week(day), monday, monday + dt.timedelta(days=6))


@dataclass(frozen=True)
class PeriodFigures:
    """Ratings, dimension values and needs of the entries in one period."""

    period: Period
    entries: tuple[Entry, ...]
    ratings: dict[str, Stat]
    # Each rating's daily means, in date order: the units of its test, as in the check-in
    # (a morning and an evening note of one day are not two pieces of evidence).
    daily_ratings: dict[str, tuple[float, ...]]
    counts: dict[str, dict[str, int]]  # dimension → value → count
    needs_met: dict[str, int]
    needs_unmet: dict[str, int]
    concerning: dict[tuple[str, str], list[str]]  # (dimension, value) → entry paths
    positive: dict[tuple[str, str], list[str]]  # the same for positive values

    @property
    def as_of(self) -> dt.date:
        """The latest entry date in the period."""
        dates = [e.date for e in self.entries if e.date is not None]
        return max(dates)


@dataclass(frozen=True)
class PeriodSummary:
    """A period's figures beside the previous period of the same kind (if it has entries)."""

    current: PeriodFigures
    previous: PeriodFigures | None


def period_figures(
    period: Period, entries: Sequence[Entry], vocabulary: Vocabulary
) -> PeriodFigures:
    """The figures of `entries`, all dated inside `period`, in one pass over them."""
    counts = {
        key: {value: 0 for value in dimension.values}
        for key, dimension in vocabulary.dimensions.items()
    }
    # One pass over the entries for everything: counts, listed paths, needs and ratings.
    scores = {key: dimension.scores for key, dimension in vocabulary.dimensions.items()}
    concerning: dict[tuple[str, str], list[str]] = {}
    positive: dict[tuple[str, str], list[str]] = {}
    met: dict[str, int] = {}
    unmet: dict[str, int] = {}
    rated: dict[str, list[float]] = {key: [] for key in vocabulary.ratings}
    days: dict[str, dict[dt.date, list[float]]] = {key: {} for key in vocabulary.ratings}
    for entry in entries:
        for key, values in entry.observations.items():
            tally = counts.get(key)
            if tally is None:
                continue
            signs = scores[key]
            for value in values:
                if value in tally:
                    tally[value] += 1
                    score = signs.get(value, 0)
                    if score:
                        listed = concerning if score < 0 else positive
                        listed.setdefault((key, value), []).append(entry.path)
        checklists = entry.checklists
        if checklists:
            for item in checklists.get(NEEDS_MET, ()):
                met[item] = met.get(item, 0) + 1
            for item in checklists.get(NEEDS_UNMET, ()):
                unmet[item] = unmet.get(item, 0) + 1
        for key, rating in entry.ratings.items():
            values_of = rated.get(key)
            if values_of is not None:
                values_of.append(rating)
                if entry.date is not None:
                    days[key].setdefault(entry.date, []).append(rating)
    return PeriodFigures(
        period=period,
        entries=tuple(entries),
        ratings={key: Stat.of(rated[key]) for key in vocabulary.ratings},
        daily_ratings={
            key: tuple(fmean(values) for _, values in sorted(days[key].items()))
            for key in vocabulary.ratings
        },
        counts=counts,
        needs_met=met,
        needs_unmet=unmet,
        concerning=concerning,
        positive=positive,
    )


def _around(
    entries: Sequence[Entry], keys: set[str], locate: Callable[[dt.date], Period]
) -> Sequence[Entry]:
    """The date-ordered entries that can matter to the periods named by `keys` (and to the
    periods before them), found by binary search instead of a walk through all of them."""
    starts = []
    for key in keys:
        try:
            first = (
                dt.date.fromisoformat(f"{key}-01")
                if "-W" not in key
                else (dt.date.fromisocalendar(int(key[:4]), int(key[6:]), 1))
            )
        except ValueError:
            continue
        starts.append(first)
    dates = [e.date for e in entries if e.date is not None]
    if not starts or len(dates) != len(entries) or dates != sorted(dates):
        return entries
    start = locate(min(starts) - dt.timedelta(days=1)).start
    end = locate(max(starts)).end
    return entries[bisect_left(dates, start) : bisect_right(dates, end)]


def summarize_periods(
    entries: Sequence[Entry],
    vocabulary: Vocabulary,
    kind: str,
    only: set[str] | None = None,
) -> list[PeriodSummary]:
    """One summary per month (or ISO week) that has dated entries, oldest first.

    With `only`, just the periods with those keys (`2026-11`, `2026-W47`) are summarized.
    """
    locate = month_of if kind == "month" else week_of
    if only is not None:
        entries = _around(entries, only, locate)
    grouped: dict[tuple[int, int], list[Entry]] = {}
    for entry in entries:
        if entry.date is None:
            continue
        if kind == "month":
            group = (entry.date.year, entry.date.month)
        else:
            group = entry.date.isocalendar()[:2]
        grouped.setdefault(group, []).append(entry)
    periods = {}
    for members in grouped.values():
        assert members[0].date is not None
        period = locate(members[0].date)
        periods[period.key] = (period, members)
    wanted = sorted(periods if only is None else set(periods) & only)
    figures: dict[str, PeriodFigures] = {}

    def figures_of(key: str) -> PeriodFigures | None:
        if key not in periods:
            return None
        if key not in figures:
            figures[key] = period_figures(*periods[key], vocabulary)
        return figures[key]

    summaries = []
    for key in wanted:
        current = figures_of(key)
        assert current is not None
        previous_key = locate(current.period.start - dt.timedelta(days=1)).key
        summaries.append(PeriodSummary(current, figures_of(previous_key)))
    return summaries


def affected_periods(dates: set[dt.date]) -> set[str]:
    """Month and week keys whose summaries a change on these dates can alter: the period
    itself and the next one, which compares itself with it."""
    keys: set[str] = set()
    for day in dates:
        month = month_of(day)
        week = week_of(day)
        keys |= {
            month.key,
            month_of(month.end + dt.timedelta(days=1)).key,
            week.key,
            week_of(week.end + dt.timedelta(days=1)).key,
        }
    return keys
