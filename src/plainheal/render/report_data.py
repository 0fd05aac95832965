"""What a report shows: the period chosen, its entries and figures (values in, values out)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from plainheal.analyze.analysis import Analysis, analyze, make_context
from plainheal.analyze.periods import Period, PeriodFigures, period_figures
from plainheal.analyze.timeline import Timeline, timeline, weeks_between
from plainheal.api import Analyzer, Thresholds, Window
from plainheal.entry import Entry
from plainheal.render.own_words import own_words
from plainheal.render.report_links import PrivateTargets, hide_private_links
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
    analysis: Analysis  # its thresholds fitted to the period (see `fitted`)
    thresholds: Thresholds  # as the settings give them
    early: Window | None  # "the first 30 days" of the patterns (from the discovery, if any)
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
    shown = [e for e in dated if e.date is not None and not e.private]
    dates = [e.date for e in shown if e.date is not None]
    if not dates and (since is None or until is None):
        raise ExportError(
            "there are no dated entries to report on yet (entries marked private never are)"
        )
    start = since or min(dates)
    end = until or _last_day(shown, start)
    if start > end:
        raise ExportError(f"the period starts ({start}) after it ends ({end})")
    inside = [e for e in dated if e.date is not None and start <= e.date <= end]
    kept = [e for e in inside if not e.private]
    if not kept:
        # A report of dashes saying "1 entry marked private was left out" would tell whoever
        # reads it that a private entry exists in that period (of one day, say).
        raise ExportError(f"there are no entries to report between {start} and {end}")
    return start, end, kept, len(inside) - len(kept)


def _last_day(shown: Sequence[Entry], start: dt.date) -> dt.date:
    """The default end of the period: the last entry from `start` on that records something.
    A note opened from the template and left blank (Obsidian makes today's on start-up) does
    not move it, as it does not move the summaries' as-of date."""
    later = [e for e in shown if e.date is not None and e.date >= start] or list(shown)
    recorded = [e.date for e in later if e.date is not None and e.records_something]
    return max(recorded or [e.date for e in later if e.date is not None])


def fitted(thresholds: Thresholds, start: dt.date, end: dt.date) -> Thresholds:
    """The thresholds with their windows no longer than the period: "the last 30 days" and
    "the last 12 weeks" of an 8-day period are its 8 days, and its sentences say so."""
    return dataclasses.replace(
        thresholds,
        recent_days=min(thresholds.recent_days, (end - start).days + 1),
        trend_weeks=min(thresholds.trend_weeks, len(weeks_between(start, end))),
    )


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
    began: dt.date | None = None,
    templates: Sequence[str] = (),
    private_paths: Iterable[str] = (),
    private_aliases: Iterable[str] = (),
) -> ExportData:
    """The report's data. Pure.

    `kept` are the period's non-private entries (see `select`); `templates` the text of the
    vault's entry templates, whose prompts and comments are taken out of shared entries;
    `private_paths` the private entries of the whole journal (and their sync-conflict
    copies), to which a shared entry's links are shown as "(a private entry)", as are its
    wiki links naming one by `private_aliases` (none of them a note's name)."""
    kept = [e for e in kept if not e.private]  # privacy fails closed, whoever calls
    hidden = PrivateTargets.of(private_paths, private_aliases)
    # The settings' discovery date starts "the first 30 days" when the period holds it, as in
    # the summaries; otherwise an `event: discovery` in the period does, or its first entry.
    inside = discovery if discovery is not None and start <= discovery <= end else None
    # `began`: when the whole journal began (its non-private entries), for the patterns that
    # look at how long it has lasted (sustained change is not called in its early days).
    analysis = analyze(
        kept, vocabulary, fitted(thresholds, start, end), analyzers, discovery=inside, began=began
    )
    context = make_context(kept, vocabulary, analysis.thresholds, inside)
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
        thresholds=thresholds,
        early=context.early if context is not None else None,
        figures=period_figures(period, kept, vocabulary),
        private_left_out=private_left_out,
        shared=tuple(
            SharedEntry(
                s.entry, hide_private_links(own_words(s.body, templates), s.entry.path, hidden)
            )
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
