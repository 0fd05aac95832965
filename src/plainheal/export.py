"""Export: a report of a period to share with a therapist, the library verb behind
`plainheal export`.

`make_report` reads nothing but the bodies of the entries marked `share: true`, the
sync-conflict copies of the entries (for their privacy), the vault's templates, and for the
shared entries' links: the notes outside the journal they lead to (for their privacy) and,
when a wiki link names no note, the aliases of the journal's private notes and of the
vault's other notes (each read once, for its aliases and privacy);
`export_report` also writes the report where `output` says, if that is a place a report may
go (see `plainheal.write.report_place`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from plainheal.analyze.analysis import journal_began
from plainheal.entry import Conflict, Entry, printable
from plainheal.read.files import read_body
from plainheal.read.layout import conflict_original
from plainheal.read.linked import LinkedNote, read_linked, reads_as_private
from plainheal.read.templates import template_texts
from plainheal.read.vault import Journal, read_journal
from plainheal.render.report import markdown_document
from plainheal.render.report_data import ExportError, SharedEntry, build, select
from plainheal.render.report_html import render_html
from plainheal.render.report_links import PrivateTargets, folded_path, free_aliases, link_targets
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


def _md(path: str) -> str:
    return path[:-3] + ".md"  # `.MD` as `.md`: a sync client's copy keeps either


def _copies(notes: Sequence[str]) -> dict[str, list[str]]:
    """The sync-conflict copies among `notes`, by the path of the note each is a copy of."""
    copies: dict[str, list[str]] = {}
    for path in notes:
        folder, _, name = path.rpartition("/")
        original = conflict_original(name)
        if original is not None:
            copies.setdefault(_md(f"{folder}/{original}" if folder else original), []).append(path)
    return copies


def _hidden(
    vault: Path, journal: Journal, marked: Sequence[Entry], shared: Sequence[SharedEntry]
) -> tuple[set[str], tuple[str, ...]]:
    """The notes the shared entries' links may not name, and the aliases they may not name
    them by: the private entries and notes (see `_private_paths`); the vault's other notes
    (outside the journal folders, or in them but no entries) that a link leads to, read
    again and counted when they or a sync-conflict copy of theirs are private; and, when a
    wiki link names no note of the vault, the aliases of the private notes of the journal
    and of the other notes that are private, read then (an alias that a note of the vault
    bears as its name names that note, as in Obsidian). Each note is read at most once here
    (`private_by_copy` has read the entries' sync-conflict copies before, for itself)."""
    private = _private_paths(marked, journal.conflicts, journal.private_notes)
    links = [(target, wiki, s.entry.path) for s in shared for target, wiki in link_targets(s.body)]
    if not links:
        return private, ()

    @functools.cache
    def read(path: str) -> LinkedNote:
        return read_linked(vault, path, journal.vocabulary)

    copies = _copies(journal.other_notes)

    def reads_private(path: str) -> bool:
        # A sync-conflict copy of it counts too: marked private on another device, maybe.
        return any(read(note).private for note in (path, *copies.get(_md(path), ())))

    by_fold: dict[str, list[str]] = {}
    for path in journal.other_notes:
        by_fold.setdefault(folded_path(path), []).append(path)
    others = PrivateTargets.of(journal.other_notes)
    linked = {
        path
        for target, _, source in links
        for folded in others.which(target, source)
        for path in by_fold[folded]
    }
    known = sorted(private)  # the journal's private notes and their copies
    private |= {path for path in linked if reads_private(path)}
    notes = (
        *(entry.path for entry in journal.entries),
        *journal.private_notes,
        *(conflict.path for conflict in journal.conflicts),
        *journal.other_notes,
    )
    named = PrivateTargets.of(notes)
    if all(named.which(target, source) for target, wiki, source in links if wiki):
        return private, ()  # every wiki link names a note: no alias can come into it
    # A note that cannot be read counts as private but carries no alias we could read (nor
    # can Obsidian, from a FIFO, a dangling link or a binary file): a link naming no note
    # stays as written unless a private note, read, bears its words as an alias. Hiding
    # every such link would take the person's own unwritten-note links out of the report.
    aliases = [alias for path in known for alias in read(path).aliases]
    aliases += [
        alias
        for path in sorted(set(journal.other_notes) - set(known))
        if read(path).aliases and reads_private(path)
        for alias in read(path).aliases
    ]
    return private, free_aliases(aliases, notes)


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
            and reads_as_private(vault, conflict.path, vocabulary)
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
    hidden, aliases = _hidden(vault, journal, marked, shared)
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
        private_paths=hidden,
        private_aliases=aliases,
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
