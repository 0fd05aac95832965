"""`plainheal summarize`: read → analyze → render → write, only what changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plainheal.analyze.analysis import Analysis, analyze
from plainheal.analyze.periods import summarize_periods
from plainheal.entry import Entry
from plainheal.read.parallel import fork_map
from plainheal.read.vault import Journal, read_journal
from plainheal.render.overview import render_overview
from plainheal.render.period_page import render_period
from plainheal.render.words import Linker
from plainheal.write.summaries import (
    FileOutcome,
    PlannedFile,
    clear_temporaries,
    emptied_pages,
    write_files,
)

PAGES = 200  # month and week pages; from here on, months and weeks are made side by side


@dataclass(frozen=True)
class SummaryRun:
    """The analysis and what became of each file."""

    analysis: Analysis
    files: tuple[FileOutcome, ...]


def analyze_journal(journal: Journal) -> Analysis:
    """The analysis of a read journal, with its config, plugins and problems."""
    return analyze(
        journal.entries,
        journal.vocabulary,
        journal.config.thresholds,
        journal.registry.analyzers,
        discovery=journal.config.discovery,
        problems=journal.problems,
        conflicts=journal.conflicts,
        shared_names=journal.shared_names,
    )


Mapper = Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]]


def _in_turn(function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    return [function(item) for item in items]


def _side_by_side(function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    # The months (with the weekly timeline their charts are cut from) and the weeks are
    # about the same work: one process each.
    return fork_map(function, items, threshold=len(items))


def page_count(entries: Iterable[Entry]) -> int:
    """How many month and week pages the entries make."""
    days = {entry.date for entry in entries if entry.date is not None}
    return len({(day.year, day.month) for day in days}) + len(
        {day.isocalendar()[:2] for day in days}
    )


def plan(
    analysis: Analysis,
    output: str,
    only: set[str] | None = None,
    mapper: Mapper = _in_turn,
) -> list[PlannedFile]:
    """Every summary file for an analysis (the overview, and with `only` just the months and
    weeks whose keys it names). Pure; `mapper` may make the months and the weeks in two
    processes."""
    as_of = analysis.as_of.isoformat() if analysis.as_of else "none"
    linker = Linker(analysis.entries, analysis.shared_names)
    overview = PlannedFile(
        f"{output}/Overview.md",
        {"plainheal": "generated", "period": "overview", "as_of": as_of},
        render_overview(analysis, linker),
    )

    def pages(kind: str) -> list[PlannedFile]:
        folder = "Months" if kind == "month" else "Weeks"
        return [
            PlannedFile(
                f"{output}/{folder}/{summary.current.period.key}.md",
                {
                    "plainheal": "generated",
                    "period": summary.current.period.key,
                    "start": summary.current.period.start.isoformat(),
                    "end": summary.current.period.end.isoformat(),
                },
                render_period(summary, analysis, linker),
            )
            for summary in summarize_periods(analysis.entries, analysis.vocabulary, kind, only)
        ]

    months, weeks = mapper(pages, ("month", "week"))
    return [overview, *months, *weeks]


def summarize(vault: Path, *, dry_run: bool = False, journal: Journal | None = None) -> SummaryRun:
    """Read the vault (unless given its journal), analyze it and write the summaries."""
    journal = journal or read_journal(vault)
    output = journal.config.output
    if not dry_run:
        clear_temporaries(vault)
    analysis = analyze_journal(journal)
    many = page_count(analysis.entries) >= PAGES
    pages = plan(analysis, output, mapper=_side_by_side if many else _in_turn)
    pages += emptied_pages(vault, output, pages)
    files = write_files(vault, pages, dry_run=dry_run)
    return SummaryRun(analysis, files)
