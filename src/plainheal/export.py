"""Export: a report of a period to share with a therapist, the library verb behind
`plainheal export`.

`make_report` reads nothing but the bodies of the entries marked `share: true`, the
sync-conflict copies of the entries (for their privacy) and the vault's templates;
`export_report` also writes the report where `output` says, if that is a place a report may
go (see `plainheal.write.report_place`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from plainheal.analyze.analysis import journal_began
from plainheal.entry import Conflict, Entry, Problem, printable
from plainheal.read.files import read_body, read_bytes
from plainheal.read.parse import parse_file
from plainheal.read.templates import template_texts
from plainheal.read.vault import Journal, read_journal
from plainheal.render.report import markdown_document
from plainheal.render.report_data import ExportError, SharedEntry, build, select
from plainheal.render.report_html import render_html
from plainheal.vocabulary import Vocabulary
from plainheal.write.atomic import Status
from plainheal.write.report_place import report_target, write_report

__all__ = ["ExportError", "ExportRun", "Report", "export_report", "make_report"]

Form = Literal["md", "html"]


@dataclass(frozen=True)
class Report:
    """A report's text, and the shared entries it could not include (with why)."""

    text: str
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExportRun:
    """What `export_report` did: the report, and where it went (`status` None: not written)."""

    report: Report
    status: Status | None = None
    in_vault: bool = True
    path: Path | None = None  # where it went: beside `output` when a changed report is there
    kept: str | None = None  # the name of that changed report, left as it is


# A dated name for reading a copy: the reader then gives its verdict on privacy even for a
# copy that, alone, would not be an entry (its date taken out, say).
_STAND_IN = "2000-01-01.md"


def _copy_is_private(vault: Path, copy: str, vocabulary: Vocabulary) -> bool:
    """True unless the copy reads as a note not marked private: one that cannot be read, or
    whose frontmatter cannot, may be marked private (privacy fails closed)."""
    data = read_bytes(vault, copy)
    if isinstance(data, Problem):
        return True
    entry = parse_file(_STAND_IN, data, vocabulary).entry
    return entry is None or entry.private


def _root(original: str, copies: dict[str, str]) -> str:
    """The entry a sync-conflict copy belongs to, through copies of copies."""
    for _ in range(len(copies)):
        if original not in copies:
            break
        original = copies[original]
    return original


def _private_paths(
    entries: Sequence[Entry], conflicts: Sequence[Conflict], notes: Sequence[str] = ()
) -> set[str]:
    """The private entries and private `notes` (not entries), and their sync-conflict copies
    (named like them)."""
    private = {entry.path for entry in entries if entry.private} | set(notes)
    copies = {conflict.path: conflict.original for conflict in conflicts}
    return private | {
        copy for copy, original in copies.items() if _root(original, copies) in private
    }


def private_by_copy(
    vault: Path, entries: Sequence[Entry], conflicts: Sequence[Conflict], vocabulary: Vocabulary
) -> list[Entry]:
    """The entries, each marked private when a sync-conflict copy of it is private or cannot
    be read: the person may have marked it private on another device."""
    copies = {conflict.path: conflict.original for conflict in conflicts}
    shown = {entry.path for entry in entries if not entry.private}
    private: set[str] = set()
    for conflict in conflicts:
        original = _root(conflict.original, copies)
        if (
            original in shown
            and original not in private
            and _copy_is_private(vault, conflict.path, vocabulary)
        ):
            private.add(original)
    return [
        dataclasses.replace(entry, private=True) if entry.path in private else entry
        for entry in entries
    ]


def make_report(
    vault: Path,
    journal: Journal | None = None,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    form: Form = "md",
) -> Report:
    """The report of the period `since`..`until` (default: the whole journal) as Markdown or
    HTML text. Raises `ExportError` when there is nothing to report on."""
    journal = journal or read_journal(vault)
    marked = private_by_copy(vault, journal.entries, journal.conflicts, journal.vocabulary)
    start, end, kept, private = select(marked, since, until)
    shared: list[SharedEntry] = []
    skipped: list[str] = []
    for entry in kept:
        if entry.share:
            body = read_body(vault, entry.path)
            if isinstance(body, str):
                shared.append(SharedEntry(entry, body))
            else:
                skipped.append(printable(f"{body.path}: {body.message}; not included"))
    config = journal.config
    data = build(
        kept,
        start,
        end,
        private,
        journal.vocabulary,
        config.thresholds,
        journal.registry.analyzers,
        shared,
        discovery=config.discovery,
        began=journal_began(
            [e for e in marked if not e.private], config.thresholds, config.discovery
        ),
        templates=(
            template_texts(vault, config.templates, config.date_formats, config.app_templates)
            if shared
            else ()
        ),
        private_paths=_private_paths(marked, journal.conflicts, journal.private_notes),
    )
    text = render_html(data) if form == "html" else markdown_document(data)
    return Report(text, tuple(skipped))


def export_report(
    vault: Path,
    output: str | os.PathLike[str] | None = None,
    journal: Journal | None = None,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    form: Form = "md",
) -> ExportRun:
    """Make the report and, when `output` is given, write it there: a new file or an earlier
    report, never a note of the journal or plainheal's summaries. Raises `ExportError` (a
    place the report may not go, or nothing to report) or `WriteError`."""
    journal = journal or read_journal(vault)
    if output is not None:  # a place refused is said before the report is made
        report_target(vault, output, journal.config.output)
    report = make_report(vault, journal, since=since, until=until, form=form)
    if output is None:
        return ExportRun(report)
    place = report_target(vault, output, journal.config.output)  # as it is now, to write
    status = write_report(place, report.text, os.fspath(output))
    return ExportRun(report, status, place.in_vault, place.path, place.kept)
