"""What a report shows: the period chosen, its entries and figures (values in, values out)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from plainheal.analyze.analysis import Analysis, analyze
from plainheal.analyze.periods import Period, PeriodFigures, period_figures
from plainheal.analyze.timeline import Timeline, timeline, weeks_between
from plainheal.api import Analyzer, Thresholds
from plainheal.entry import Entry
from plainheal.render.own_words import own_words
from plainheal.render.svg import Marker
from plainheal.vocabulary import Vocabulary


class ExportError(Exception):
    """The report cannot be made for this period."""


# Every report carries one of these, so that only an earlier report is ever replaced.
REPORT_PROPERTY = "plainheal: export"
HTML_MARK = '<meta name="generator" content="plainheal export">'


@dataclass(frozen=True)
class SharedEntry:
    """An entry marked `share: true`, with its body text (frontmatter removed)."""

    entry: Entry
    body: str


@dataclass(frozen=True)
class ExportData:
    """Everything the report shows, computed from in-period, non-private entries only."""

    start: dt.date
    end: dt.date
    analysis: Analysis
    figures: PeriodFigures
    private_left_out: int
    shared: tuple[SharedEntry, ...]
    markers: tuple[Marker, ...]  # events of the period's entries, and the discovery date
    timeline: Timeline  # week by week


def select(
    all_entries: Sequence[Entry], since: dt.date | None, until: dt.date | None
) -> tuple[dt.date, dt.date, list[Entry], int]:
    """The period (defaulting to the journal's span), its non-private entries, and how many
    private ones were left out."""
    dated = [e for e in all_entries if e.date is not None]
    # The default period is that of the entries the report may show: a private entry's
    # date must not appear even as the first or last day.
    dates = [e.date for e in dated if e.date is not None and not e.private]
    if not dates and (since is None or until is None):
        raise ExportError(
            "there are no dated entries to report on yet (entries marked private never are)"
        )
    start = since or min(dates)
    end = until or max(dates)
    if start > end:
        raise ExportError(f"the period starts ({start}) after it ends ({end})")
    inside = [e for e in dated if e.date is not None and start <= e.date <= end]
    kept = [e for e in inside if not e.private]
    if not kept:
        # A report of dashes saying "1 entry marked private was left out" would tell whoever
        # reads it that a private entry exists in that period (of one day, say).
        raise ExportError(f"there are no entries to report between {start} and {end}")
    return start, end, kept, len(inside) - len(kept)


def build(
    kept: Sequence[Entry],
    start: dt.date,
    end: dt.date,
    private_left_out: int,
    vocabulary: Vocabulary,
    thresholds: Thresholds,
    analyzers: Sequence[Analyzer],
    shared: Sequence[SharedEntry],
    *,
    discovery: dt.date | None = None,
    templates: Sequence[str] = (),
) -> ExportData:
    """The report's data. Pure.

    `kept` are the period's non-private entries (see `select`); `templates` the text of the
    vault's entry templates, whose prompts and comments are taken out of shared entries."""
    kept = [e for e in kept if not e.private]  # privacy fails closed, whoever calls
    analysis = analyze(kept, vocabulary, thresholds, analyzers)
    period = Period("export", f"{start}/{end}", start, end)
    markers = {
        (e.date, label)
        for e in kept
        if e.date is not None and not e.private and start <= e.date <= end
        for label in e.events
    }
    if discovery is not None and start <= discovery <= end:
        markers.add((discovery, "discovery"))
    return ExportData(
        start=start,
        end=end,
        analysis=analysis,
        figures=period_figures(period, kept, vocabulary),
        private_left_out=private_left_out,
        shared=tuple(
            SharedEntry(s.entry, own_words(s.body, templates))
            for s in sorted(shared, key=lambda s: s.entry.sort_key())
            if not s.entry.private
        ),
        markers=tuple(Marker(day, label) for day, label in sorted(markers)),
        timeline=timeline(kept, vocabulary, weeks_between(start, end), "week"),
    )


@dataclass(frozen=True)
class Figure:
    """A chart: inline SVG, drawn in the HTML report only (a table beside it says the same)."""

    svg: str


@dataclass(frozen=True)
class Section:
    """A part of the report; `kind` names it for print layout (page breaks)."""

    kind: str
    parts: tuple[str | Figure, ...]


EVIDENCE_SHOWN = 10  # dates listed under a pattern before the rest go to the appendix
MOMENTS_SHOWN = 15  # concerning moments listed before the earlier ones go to the appendix
