"""Where the report may be written: the only part of the export that touches the disk."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from plainheal.read.config import CONFIG_NAME
from plainheal.read.layout import conflict_original
from plainheal.render.report_data import HTML_MARK, REPORT_PROPERTY, ExportError
from plainheal.render.report_seal import carries_digest, is_sealed
from plainheal.write.atomic import (
    Status,
    WriteError,
    lstat_or_none,
    read_in,
    read_regular,
    remove_stale_in,
    what_it_is,
    write_in,
)
from plainheal.write.errors import LeftAlone
from plainheal.write.folder_fd import held
from plainheal.write.generated import BOM


class ReportRefused(ExportError):
    """The report may not be written to that path (it is not an earlier report)."""


MAX_NEW_FOLDERS = 3  # folders export may make inside the vault (e.g. `Reports/`)


@dataclass(frozen=True)
class ReportPlace:
    """A checked place for the report: its path, whether it is inside the vault, and the
    folders to make for it there (a new `Reports/`, say)."""

    path: Path
    in_vault: bool
    new_folders: tuple[str, ...] = ()
    kept: str | None = None  # the name of a changed report left as it is, beside `path`
    # Inside the vault: the vault (resolved) and the folders from it down to the report's
    # (those to make included), by which the report is written (`write_report`).
    vault: Path | None = None
    within: tuple[str, ...] = ()
    # The identity (device, inode) of the folder the report's folders are opened from (the
    # vault, or the folder chosen outside it) when it was looked at: a link put in its place
    # since is not written through.
    anchor_id: tuple[int, int] | None = None


def looks_like_report(data: bytes) -> bool:
    """True if these bytes carry the mark of a plainheal report (Markdown or HTML), whether
    or not anyone changed them since."""
    head = data[:4096].decode("utf-8", "replace").removeprefix(BOM).replace("\r\n", "\n")
    if carries_digest(head):  # a line added above the frontmatter, say
        return True
    if head.startswith("---\n"):
        close = head.find("\n---\n", 3)
        frontmatter = head[4:close] if close != -1 else ""
        return REPORT_PROPERTY in frontmatter.split("\n")
    return head.lstrip().lower().startswith("<!doctype html") and HTML_MARK in head


def is_report(data: bytes) -> bool:
    """True if these bytes are exactly a report plainheal wrote: its digest matches it."""
    return is_sealed(data)


def _why_not_replaced(data: bytes) -> str | None:
    """Why the file holding `data` may not be replaced by a report; None if it may."""
    if is_report(data):
        return None
    if looks_like_report(data):
        # The person's notes before a session, say: their words, not plainheal's.
        return (
            "that report was changed since plainheal wrote it (or comes from a version "
            "before reports carried a digest of their content), so it is left alone; choose "
            "a new name"
        )
    return (
        "that file exists and is not a report plainheal wrote, so it is left alone; "
        "choose a new name"
    )


def _folders_up(folder: Path) -> list[tuple[Path, os.stat_result]]:
    """`folder` and each folder above it, with what the file system says about each."""
    chain = []
    for path in (folder, *folder.parents):
        chain.append((path, os.stat(path)))
    return chain


def _within(chain: list[tuple[Path, os.stat_result]], folder: os.stat_result) -> list[str] | None:
    """The names from `folder` down to the chain's start, if the chain passes through it.
    Compared as the file system does (device and inode), so `..`, links and case-insensitive
    names all count as the same folder."""
    for depth, (_path, info) in enumerate(chain):
        if os.path.samestat(info, folder):
            return [path.name for path, _ in reversed(chain[:depth])]
    return None


def report_target(vault: Path, output: str | os.PathLike[str], summaries: str) -> ReportPlace:
    """Where the report may go; raises `ReportRefused` saying why not.

    Only a new file, or a regular file that is an earlier plainheal report, may be written:
    never a note, entry, template, sync-conflict copy, `plainheal.toml` or anything that is
    not a regular file; never into the summaries folder or a hidden folder of the vault."""
    raw = os.fspath(output)
    refuse = f"-o {raw}:"
    if not raw or raw.endswith(("/", os.sep)):
        raise ReportRefused(f"{refuse} give the name of a file, not a folder")
    given = Path(raw).absolute()
    if given.name in ("", ".", ".."):
        raise ReportRefused(f"{refuse} give the name of a file, not a folder")
    missing: list[str] = []  # folders to make, inside the vault only
    parent = given.parent
    while True:
        try:
            chain = _folders_up(parent.resolve(strict=True))
            break
        except (FileNotFoundError, NotADirectoryError):
            if parent == parent.parent or len(missing) >= MAX_NEW_FOLDERS:
                raise ReportRefused(f"{refuse} the folder it would go in does not exist") from None
            missing.insert(0, parent.name)
            parent = parent.parent
        except OSError as error:
            raise ReportRefused(f"{refuse} its folder cannot be used ({error.strerror})") from None
    if ".." in missing:  # `journal/../Journal` with no `journal`: no such folder either
        raise ReportRefused(f"{refuse} the folder it would go in does not exist")
    if missing:
        inside = _within(chain, os.stat(vault.resolve()))
        if inside is None or not stat.S_ISDIR(chain[0][1].st_mode):
            # Outside the vault, a folder is the person's to make: plainheal makes none.
            raise ReportRefused(f"{refuse} the folder it would go in does not exist")
        if any(name.startswith(".") or name in ("", "..") for name in missing):
            raise ReportRefused(f"{refuse} that is inside a hidden folder of your vault")
        try:
            folder = os.stat(vault.resolve() / summaries)
        except OSError:
            folder = None
        below = [name.casefold() for name in (*inside, *missing)]
        output_parts = [part.casefold() for part in summaries.split("/") if part]
        if (folder is not None and _within(chain, folder) is not None) or (
            output_parts and below[: len(output_parts)] == output_parts
        ):
            raise ReportRefused(
                f"{refuse} that is plainheal's summaries folder; choose another place"
            )
        vault_info = os.stat(vault.resolve())
        return ReportPlace(
            chain[0][0].joinpath(*missing, given.name),
            True,
            tuple(missing),
            vault=vault.resolve(),
            within=(*inside, *missing),
            anchor_id=(vault_info.st_dev, vault_info.st_ino),
        )
    if not stat.S_ISDIR(chain[0][1].st_mode):
        raise ReportRefused(f"{refuse} {given.parent.name} is not a folder")
    target = chain[0][0] / given.name
    try:
        info = lstat_or_none(target)
    except OSError as error:
        raise ReportRefused(f"{refuse} {error.strerror}") from None
    root = vault.resolve()
    in_vault = _within(chain, os.stat(root))
    if in_vault is not None:
        if any(name.startswith(".") for name in in_vault):
            raise ReportRefused(f"{refuse} that is inside a hidden folder of your vault")
        if not in_vault and target.name.lower() == CONFIG_NAME:
            raise ReportRefused(f"{refuse} that is where your vault's settings go")
        try:
            folder = os.stat(root / summaries)
        except OSError:
            folder = None
        if folder is not None and _within(chain, folder) is not None:
            raise ReportRefused(
                f"{refuse} that is plainheal's summaries folder; choose another place"
            )
    found_in = root if in_vault is not None else None  # the vault the report goes in
    within = tuple(in_vault or ())
    anchor = chain[len(within)][1]  # the vault, or the report's own folder outside it
    anchor_id = (anchor.st_dev, anchor.st_ino)
    if info is None:
        return ReportPlace(
            target, found_in is not None, vault=found_in, within=within, anchor_id=anchor_id
        )
    kind = what_it_is(info)
    if kind is not None:
        raise ReportRefused(
            f"{refuse} that is {kind}; the report goes only to a new file or over an earlier report"
        )
    if in_vault is not None and conflict_original(target.name) is not None:
        raise ReportRefused(f"{refuse} that is a sync-conflict copy; choose another name")
    try:
        current = read_regular(target, raw)
    except WriteError as error:
        raise ReportRefused(f"{refuse} {error}") from None
    if current is not None and not is_report(current) and looks_like_report(current):
        # A report the person wrote in (notes for the session) or an earlier version's: it
        # stays as it is, and this one goes beside it, as `report (2).md`.
        beside = _beside(target)
        if beside is not None:
            return ReportPlace(
                beside,
                found_in is not None,
                kept=target.name,
                vault=found_in,
                within=within,
                anchor_id=anchor_id,
            )
    why = None if current is None else _why_not_replaced(current)
    if why is not None:
        raise ReportRefused(f"{refuse} {why}")
    return ReportPlace(
        target, found_in is not None, vault=found_in, within=within, anchor_id=anchor_id
    )


def _beside(target: Path) -> Path | None:
    """The first `name (N).ext` beside `target` that is free or an unchanged report."""
    for number in range(2, 100):
        candidate = target.with_name(f"{target.stem} ({number}){target.suffix}")
        try:
            info = lstat_or_none(candidate)
            if info is None:
                return candidate
            if stat.S_ISREG(info.st_mode) and is_report(read_regular(candidate, "") or b""):
                return candidate
        except (OSError, WriteError):
            continue
    return None


def write_report(place: ReportPlace, text: str, shown: str) -> Status:
    """Write the report to a checked place, atomically; remove temporaries an interrupted
    export left there. Raises `ReportRefused` if the file changed into something else.

    Inside the vault, `report_target` looked at every folder from the vault down, so a link
    among them now was made since: each is opened from the vault without following a link
    (`folder_fd`), and the report is written in the folder held open, never through such a
    link. Outside it, the folder is the person's choice, opened as they named it. Either
    must still be the folder `report_target` looked at (`anchor_id`), not a link put in its
    place. (Never from `/` down: a folder above that can be passed through but not read, as
    a shared `/home` often is, must not stop the report.)"""
    if place.vault is not None:
        anchor, parts = place.vault, place.within
    else:
        anchor, parts = place.path.parent, ()
    existing = len(parts) - len(place.new_folders)
    refuse = f"-o {shown}:"
    try:
        with held(anchor, parts[:existing], expect=place.anchor_id) as base:
            if base is None:
                raise ReportRefused(f"{refuse} the folder it would go in was moved; not written")
        with held(anchor, parts, making_for=shown, expect=place.anchor_id) as there:
            assert there is not None  # made if missing
            remove_stale_in(there)
            current = read_in(there, place.path.name, shown)
            why = None if current is None else _why_not_replaced(current)
            if why is not None:  # changed since `report_target` looked
                raise ReportRefused(f"{refuse} {why}")
            return write_in(
                there, place.path.name, text.encode("utf-8"), shown=shown, current=current
            )
    except LeftAlone as error:
        raise ReportRefused(f"{refuse} {error}") from None
