"""A journal kept in memory between changes: only files whose size or mtime changed are read.

Used by `watch`. Modification times only decide whether to *re-read* a file, never what it
means: an entry's date still comes from its contents or name.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from plainheal.entry import Conflict, Entry, FileResult, Problem
from plainheal.plugins import Registry
from plainheal.read.files import is_generated
from plainheal.read.layout import Kind, Placement, place
from plainheal.read.vault import (
    Journal,
    Listing,
    assemble,
    decodable,
    list_vault,
    open_vault,
    read_notes,
    shared_names,
)

Stamp = tuple[int, int]  # size, mtime in ns


@dataclass
class _Known:
    stamp: Stamp
    result: FileResult


def _stamp(path: Path) -> Stamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


class JournalState:
    """The parsed notes of a vault, by path, refreshed path by path."""

    def __init__(self, vault: Path, registry: Registry | None = None) -> None:
        self.vault = vault
        self._registry_given = registry
        self._notes: dict[str, _Known] = {}
        self._conflicts: dict[str, Conflict] = {}
        self.reload()

    def reload(self) -> None:
        """Read the config again and every note (after `plainheal.toml` changed)."""
        self.config, self.vocabulary, self.registry = open_vault(self.vault, self._registry_given)
        self._registry_given = self._registry_given or self.registry  # discover once per run
        self._notes.clear()
        self._conflicts.clear()
        self.rescan()

    @property
    def note_count(self) -> int:
        """How many notes are known."""
        return len(self._notes)

    def rescan(self) -> set[str]:
        """List the whole vault; read what is new or changed; forget what is gone."""
        listing = list_vault(self.vault, self.config)
        self._listing = listing
        changed = set(self._notes) - set(listing.notes)
        for gone in changed:
            del self._notes[gone]
        before = dict(self._conflicts)
        self._conflicts = {c.path: c for c in listing.conflicts}
        changed |= set(before) ^ set(self._conflicts)
        changed |= self._read_if_changed(listing.notes)
        return changed

    def _read_if_changed(self, relatives: Iterable[str]) -> set[str]:
        """Read notes whose size or mtime changed; return those whose meaning changed."""
        changed: set[str] = set()
        to_read: list[tuple[str, Stamp]] = []
        for relative in relatives:
            stamp = _stamp(self.vault / relative)
            if stamp is None:
                if self._notes.pop(relative, None) is not None:
                    changed.add(relative)
                continue
            known = self._notes.get(relative)
            if known is None or known.stamp != stamp:
                to_read.append((relative, stamp))
        results = read_notes(
            self.vault,
            [relative for relative, _ in to_read],
            self.vocabulary,
            parallel=True,
            date_formats=self.config.date_formats,
        )
        for (relative, stamp), result in zip(to_read, results, strict=True):
            known = self._notes.get(relative)
            if any(p.code == "vanished" for p in result.problems):
                # Gone mid-read: forget it; if it comes back, an event or a rescan says so.
                if self._notes.pop(relative, None) is not None:
                    changed.add(relative)
                continue
            self._notes[relative] = _Known(stamp, result)
            if known is None or known.result != result:
                changed.add(relative)  # a touch or a sync client's re-stamp changes nothing
        return changed

    def refresh(self, relatives: Iterable[str]) -> set[str]:
        """Re-check these vault-relative file paths; return those whose meaning may change."""
        changed: set[str] = set()
        notes: list[str] = []
        paths = list(map(self._listing.path_read, relatives))
        for relative in dict.fromkeys([*paths, *self._copies_of(paths)]):
            if not decodable(relative):
                continue  # a name that is not UTF-8: a rescan reports it
            placement = place(relative, self.config)
            if placement.kind is Kind.CONFLICT and (
                not self._exists(placement.original) or is_generated(self.vault, relative)
            ):
                placement = Placement(Kind.NOTE)  # no original beside it: an ordinary note
            if placement.kind is Kind.NOTE:
                notes.append(relative)
                if self._conflicts.pop(relative, None) is not None:
                    changed.add(relative)  # its original is gone: a note now
            elif placement.kind is Kind.CONFLICT and placement.original is not None:
                exists = (self.vault / relative).exists()
                if exists and relative not in self._conflicts:
                    self._conflicts[relative] = Conflict(relative, placement.original)
                    self._notes.pop(relative, None)  # read as a note until its original came
                    changed.add(relative)
                elif not exists and self._conflicts.pop(relative, None) is not None:
                    changed.add(relative)
        changed |= self._read_if_changed(notes)
        return changed

    def _copies_of(self, paths: list[str]) -> set[str]:
        """The known notes and copies that may be copies of `paths`: when an original comes
        or goes, each one's place changes with it (a copy, or a note of its own), as a
        listing of the whole vault would place it."""
        stems = tuple(path[: -len(".md")] for path in paths if path.lower().endswith(".md"))
        if not stems:
            return set()
        known = [*self._notes, *self._conflicts]
        return {name for name in known if name.startswith(stems) and name not in paths}

    def outside(self) -> dict[str, str]:
        """The real folders outside the vault that folder links lead to, each with the
        link's path in the vault: those the last listing read through (the walk never
        follows a link to a folder holding the vault or into the system's folders)."""
        root = os.path.realpath(self.vault)
        return {
            real: link
            for link, real in self._listing.followed
            if os.path.commonpath([real, root]) != root
        }

    def links_followed(self, root: Path) -> frozenset[str]:
        """The folder links the last listing read through, as paths under `root` (the
        vault's folder as it is watched)."""
        return frozenset(str(root / link) for link, _ in self._listing.followed)

    def _exists(self, relative: str | None) -> bool:
        return relative is not None and os.path.lexists(self.vault / relative)

    def problems_of(self, relative: str) -> tuple[Problem, ...]:
        """The problems currently known for a path (none if it is not a note)."""
        known = self._notes.get(self._listing.path_read(relative))
        return known.result.problems if known is not None else ()

    def entry(self, relative: str) -> Entry | None:
        """The entry currently known at a path, if any."""
        known = self._notes.get(self._listing.path_read(relative))
        return known.result.entry if known is not None else None

    def journal(self) -> Journal:
        """The journal as it stands."""
        listing = Listing(
            tuple(sorted(self._notes)),
            tuple(sorted(self._conflicts.values(), key=lambda c: c.path)),
            self._listing.problems,
            # Notes come and go between rescans: who shares a name is worked out now.
            shared_names(self._notes, self._listing.other_names),
            self._listing.other_names,
            self._listing.other_notes,
            self._listing.read_as,
        )
        results = [self._notes[path].result for path in listing.notes]
        return assemble(self.config, self.vocabulary, self.registry, results, listing)
