"""`plainheal summarize`: read → analyze → render → write, only what changed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plainheal.analysis import Analysis, analyze
from plainheal.generated import refusal, regenerate
from plainheal.parallel import fork_map
from plainheal.periods import summarize_periods
from plainheal.read import Journal, read_journal
from plainheal.render import render_overview, render_period
from plainheal.words import Linker
from plainheal.write import (
    WriteError,
    no_links,
    read_regular,
    remove_stale_temporaries,
    write_atomic,
)


@dataclass(frozen=True)
class PlannedFile:
    """A summary file to write: its vault-relative path, frontmatter and generated content."""

    path: str
    properties: dict[str, str]
    content: str


PAGES = 200  # month and week pages; from here on they are rendered on every core

HELD = "edited moments ago; it is updated once that has settled"


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one summary file."""

    path: str
    status: str  # created, updated, unchanged or skipped
    reason: str = ""
    failed: bool = False  # skipped because it could not be read or written


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


def _decoded(data: bytes | None) -> str | None:
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return ""  # not ours to overwrite: refusal() finds no markers in it


def _failed(path: str, error: WriteError) -> FileOutcome:
    # The outcome already names the file: its reason need not say it again.
    reason = str(error).removeprefix(f"{path}: ").removeprefix(f"{path} ")
    return FileOutcome(path, "skipped", reason, failed=True)


def write_files(
    vault: Path,
    files: list[PlannedFile],
    *,
    dry_run: bool = False,
    hold: Callable[[Path], bool] | None = None,
) -> tuple[FileOutcome, ...]:
    """Write the planned files; `hold(path)` may ask to leave a file for later.

    A file that is a link, FIFO, device or not plainheal's own is skipped with its reason;
    one that cannot be read or written is skipped as failed, and the rest are still written.
    Raises `WriteError` only when nothing more can be written (read-only, disk full)."""
    outcomes: list[FileOutcome] = []
    for planned in files:
        try:
            target = no_links(vault, planned.path)
            current = read_regular(target, planned.path)
        except WriteError as error:  # a link, FIFO or device (LeftAlone), or unreadable
            outcomes.append(_failed(planned.path, error))
            continue
        existing = _decoded(current)
        text = regenerate(existing, planned.properties, planned.content)
        if text is None:
            assert existing is not None
            outcomes.append(FileOutcome(planned.path, "skipped", refusal(existing) or ""))
            continue
        data = text.encode("utf-8")
        if current == data:
            outcomes.append(FileOutcome(planned.path, "unchanged"))
        elif hold is not None and existing is not None and hold(target):
            outcomes.append(FileOutcome(planned.path, "skipped", HELD))
        elif dry_run:
            outcomes.append(FileOutcome(planned.path, "created" if existing is None else "updated"))
        else:
            try:
                status = write_atomic(target, data, shown=planned.path, current=current)
            except WriteError as error:
                if error.fatal:
                    raise
                outcomes.append(_failed(planned.path, error))
                continue
            outcomes.append(FileOutcome(planned.path, status))
    return tuple(outcomes)


def clear_temporaries(vault: Path) -> None:
    """Remove temporaries abandoned anywhere in the vault by an interrupted summary or
    export (never another run's; hidden folders such as .obsidian are not entered)."""
    remove_stale_temporaries(vault.resolve(), hidden_folders=False)


def summarize(vault: Path, *, dry_run: bool = False, journal: Journal | None = None) -> SummaryRun:
    """Read the vault (unless given its journal), analyze it and write the summaries."""
    journal = journal or read_journal(vault)
    output = journal.config.output
    if not dry_run:
        clear_temporaries(vault)
    analysis = analyze_journal(journal)
    pages = plan(analysis, output, mapper=lambda f, items: fork_map(f, items, threshold=PAGES))
    files = write_files(vault, pages, dry_run=dry_run)
    return SummaryRun(analysis, files)
