"""Everything a plugin sees: the contract between plainheal and the packages that extend it.

This module imports nothing of plainheal's implementation, only the two modules of plain
data types beside it (`entry`, `vocabulary`), which import nothing of plainheal themselves.
A plugin needs only this module (or the same names from `plainheal`).

Stability: the fields of `Plugin`, `Analyzer`, `Finding`, `Thresholds`, `Vocabulary`,
`Dimension`, `Rating` and `Checklist` and the read-only attributes of `Context` documented in
docs/plugins.md are kept across minor versions; new optional fields may be added.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from plainheal.entry import Entry
from plainheal.vocabulary import Checklist, Dimension, Rating, Vocabulary

__all__ = [
    "STATUSES",
    "Analyzer",
    "Checklist",
    "Context",
    "Dimension",
    "Entry",
    "Finding",
    "Plugin",
    "Rating",
    "Status",
    "Thresholds",
    "Vocabulary",
    "Window",
]

Status = Literal["noticed", "not-noticed", "not-enough-data"]
STATUSES: tuple[Status, ...] = ("noticed", "not-noticed", "not-enough-data")


@dataclass(frozen=True)
class Thresholds:
    """The numbers behind every pattern, documented in the README."""

    min_entries: int = 3  # entries needed on each side before anything is said in words
    recent_days: int = 30  # the recent window, ending on the as-of date
    then_days_ago: int = 90  # the three-months-ago window ends this many days before
    early_days: int = 30  # the first days of the journal (or after discovery)
    alpha: float = 0.05  # a change is named only when chance would show one this large less
    # often than this (a p-value below alpha); links: the false discovery rate across all
    min_rating_change: float = 0.5  # smallest rating change named (points on 1–5, scaled)
    high_share: float = 0.6  # a positive share at least this high counts as high
    fading_drop: float = 0.2  # how much lower the recent share must be to count as fading
    steady_weeks: float = 0.75  # share of recent weeks with a positive mean for "steady"
    hollow_share: float = 0.6  # share of hollow/dismissive empathy with recovery work
    link_difference: float = 0.5  # smallest rating difference named as a link (1–5, scaled)
    link_min_days: int = 8  # rated days needed on each side of a link, in the same weeks
    link_weeks: int = 2  # links compare days only within the same blocks of this many weeks
    link_min_weeks: int = 8  # weeks a rating's days must span before links to it are looked for
    linked_days: int = 365  # links look at this many days up to the as-of date
    trend_weeks: int = 12  # weeks in the sparkline and trend
    trend_slope: float = 0.05  # score change per week counted as rising or falling
    trend_min_weeks: int = 4  # weeks with data needed before a direction is given
    min_for_percent: int = 5  # fewer values than this are shown as counts, not percentages
    modified_grace_seconds: float = 5.0  # watch: leave a summary alone this soon after an edit
    # The thresholds plugins declare (`Plugin.thresholds`), as set in plainheal.toml or their
    # defaults: (name, value) pairs, so that thresholds stay hashable like the numbers above.
    plugin_values: tuple[tuple[str, float | int], ...] = ()

    def plugin(self, name: str) -> float | int:
        """The value of a threshold a plugin declared (its default unless plainheal.toml
        sets it)."""
        for key, value in self.plugin_values:
            if key == name:
                return value
        raise KeyError(f"no plugin declares the threshold {name!r}")


@dataclass(frozen=True)
class Window:
    """A closed range of days."""

    start: dt.date
    end: dt.date

    def contains(self, day: dt.date) -> bool:
        """True if `day` is inside the window."""
        return self.start <= day <= self.end

    @classmethod
    def ending(cls, end: dt.date, days: int) -> Window:
        """The `days` days ending on `end`, inclusive."""
        return cls(end - dt.timedelta(days=days - 1), end)


@dataclass(frozen=True)
class Context:
    """What an analyzer receives: the dated entries and everything needed to read them."""

    entries: tuple[Entry, ...]  # dated, in date order
    vocabulary: Vocabulary
    thresholds: Thresholds
    as_of: dt.date
    recent: Window
    three_months_ago: Window
    early: Window  # the first days of the journal, or after the discovery date
    # The day the whole journal began (or its discovery), when these entries are only a
    # part of it (an export's period): its early days may lie before them. None otherwise.
    began: dt.date | None = None

    @cached_property
    def _dates(self) -> list[dt.date]:
        return [e.date for e in self.entries if e.date is not None]

    def within(self, window: Window) -> list[Entry]:
        """Entries dated inside `window` (entries are in date order: two binary searches)."""
        start = bisect_left(self._dates, window.start)
        end = bisect_right(self._dates, window.end)
        return list(self.entries[start:end])

    @cached_property
    def by_value(self) -> dict[tuple[str, str], list[Entry]]:
        """(dimension, value) → the entries recording it, in date order."""
        index: dict[tuple[str, str], list[Entry]] = {}
        for entry in self.entries:
            for key, values in entry.observations.items():
                for value in values:
                    index.setdefault((key, value), []).append(entry)
        return index

    @cached_property
    def _scores(self) -> dict[int, tuple[Entry, tuple[int, ...]]]:
        # id(entry) → (the entry, its scores): entries are frozen and live as long as the
        # context, and several analyzers ask for the same entries' scores many times. The
        # entry is kept beside its scores (so its id cannot pass to another object meanwhile),
        # and checked to be the one asked about.
        return {}

    def scores(self, entry: Entry, keys: Iterable[str] | None = None) -> list[int]:
        """The scores of every dimension value in an entry (optionally only some keys)."""
        if keys is not None:
            return self._scores_of(entry, keys)
        known = self._scores.get(id(entry))
        if known is None or known[0] is not entry:
            known = (entry, tuple(self._scores_of(entry, self.vocabulary.dimensions.keys())))
            self._scores[id(entry)] = known
        return list(known[1])

    def _scores_of(self, entry: Entry, keys: Iterable[str]) -> list[int]:
        result: list[int] = []
        for key in keys:
            dimension = self.vocabulary.dimensions.get(key)
            if dimension is not None:
                result.extend(dimension.scores[v] for v in entry.observations.get(key, ()))
        return result

    def enough(self, *counts: int) -> bool:
        """The guardrail: every side has at least `min_entries`."""
        return all(count >= self.thresholds.min_entries for count in counts)


@dataclass(frozen=True)
class Finding:
    """A pattern an analyzer looked for: noticed (with its sentence) or not enough data."""

    id: str
    status: Status
    sentence: str = ""
    subject: str = ""  # what the finding is about when an id can hold several, e.g. a value
    numbers: Mapping[str, float | int | None] = field(default_factory=dict)
    evidence: tuple[str, ...] = ()  # entry paths, relative to the vault
    title: str = ""  # the finding's heading, e.g. "Early effort fading"; empty: from its id


@dataclass(frozen=True)
class Analyzer:
    """A named function of the journal returning findings, shown in its own section."""

    id: str
    title: str
    analyze: Callable[[Context], Sequence[Finding]]


@dataclass(frozen=True)
class Plugin:
    """What a package contributes: vocabulary and analyzers."""

    name: str
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    analyzers: tuple[Analyzer, ...] = ()
    # Thresholds of its own, name → default; set like the others in `[thresholds]` of
    # plainheal.toml and read by its analyzers as `context.thresholds.plugin(name)`.
    thresholds: Mapping[str, float | int] = field(default_factory=dict)
