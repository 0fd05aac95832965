"""`plainheal summarize`: read → analyze → render → write, only what changed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plainheal.analyze.analysis import Analysis, analyze
from plainheal.analyze.periods import summarize_periods
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

PAGES = 200  # month and week pages; from here on they are rendered on every core


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
    )


Mapper = Callable[[Callable[[Any], str], Sequence[Any]], list[str]]


def _in_turn(function: Callable[[Any], str], items: Sequence[Any]) -> list[str]:
    return [function(item) for item in items]


def plan(
    analysis: Analysis,
    output: str,
    only: set[str] | None = None,
    mapper: Mapper = _in_turn,
) -> list[PlannedFile]:
    """Every summary file for an analysis (the overview, and with `only` just the months and
    weeks whose keys it names). Pure; `mapper` may spread the rendering over processes."""
    as_of = analysis.as_of.isoformat() if analysis.as_of else "none"
    linker = Linker(analysis.entries)
    files = [
        PlannedFile(
            f"{output}/Overview.md",
            {"plainheal": "generated", "period": "overview", "as_of": as_of},
            render_overview(analysis, linker),
        )
    ]
    pages = [
        (folder, summary)
        for kind, folder in (("month", "Months"), ("week", "Weeks"))
        for summary in summarize_periods(analysis.entries, analysis.vocabulary, kind, only)
    ]
    # Counted here, before the pages may be spread over processes, so each inherits it.
    analysis.weekly  # noqa: B018
    texts = mapper(lambda page: render_period(page[1], analysis, linker), pages)
    for (folder, summary), text in zip(pages, texts, strict=True):
        period = summary.current.period
        files.append(
            PlannedFile(
                f"{output}/{folder}/{period.key}.md",
                {
                    "plainheal": "generated",
                    "period": period.key,
                    "start": period.start.isoformat(),
                    "end": period.end.isoformat(),
                },
                text,
            )
        )
    return files


def summarize(vault: Path, *, dry_run: bool = False, journal: Journal | None = None) -> SummaryRun:
    """Read the vault (unless given its journal), analyze it and write the summaries."""
    journal = journal or read_journal(vault)
    output = journal.config.output
    if not dry_run:
        clear_temporaries(vault)
    analysis = analyze_journal(journal)
    pages = plan(analysis, output, mapper=lambda f, items: fork_map(f, items, threshold=PAGES))
    pages += emptied_pages(vault, output, pages)
    files = write_files(vault, pages, dry_run=dry_run)
    return SummaryRun(analysis, files)
