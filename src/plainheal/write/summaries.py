"""Writing the summaries: each planned page into its file, only if its bytes change, never
over a file that is not plainheal's, a link, or a page someone is editing."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from plainheal.render.period_page import render_emptied
from plainheal.write.atomic import Status, WriteError, read_in, remove_stale_temporaries, write_in
from plainheal.write.folder_fd import Folder, held, split_relative
from plainheal.write.generated import refusal, regenerate, says_generated


@dataclass(frozen=True)
class PlannedFile:
    """A summary file to write: its vault-relative path, frontmatter and generated content."""

    path: str
    properties: dict[str, str]
    content: str


HELD = "edited moments ago; it is updated once that has settled"


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one summary file."""

    path: str
    status: str  # created, updated, unchanged or skipped
    reason: str = ""
    failed: bool = False  # skipped because it could not be read or written


_PERIOD_KEY = {"Months": re.compile(r"\d{4}-\d{2}"), "Weeks": re.compile(r"\d{4}-W\d{2}")}


def emptied_pages(
    vault: Path, output: str, planned: Sequence[PlannedFile], only: set[str] | None = None
) -> list[PlannedFile]:
    """Month and week pages plainheal wrote earlier whose period has no entry any more:
    rewritten to say so (never deleted: the person may have written beside them)."""
    wanted = {f.path for f in planned}
    pages: list[PlannedFile] = []
    for name_of_folder, kind in (("Months", "month"), ("Weeks", "week")):
        pattern = _PERIOD_KEY[name_of_folder]
        try:
            parts, _ = split_relative(f"{output}/{name_of_folder}/-")
            with held(vault.resolve(), parts) as folder:
                if folder is None:
                    continue  # no such folder yet
                for name in _markdown_names(folder):
                    key = name.removesuffix(".md")
                    path = f"{output}/{name_of_folder}/{name}"
                    if not pattern.fullmatch(key) or path in wanted:
                        continue
                    if only is not None and key not in only:
                        continue
                    if says_generated(_head(folder, name)):
                        properties = {"plainheal": "generated", "period": key}
                        pages.append(PlannedFile(path, properties, render_emptied(kind, key)))
        except WriteError:
            continue  # a link, or not a folder: writing reports that
    return pages


def _markdown_names(folder: Folder) -> list[str]:
    """The names ending in `.md` in an open folder, sorted; none if it cannot be listed."""
    try:
        with os.scandir(folder.path if folder.descriptor is None else folder.descriptor) as items:
            return sorted(item.name for item in items if item.name.endswith(".md"))
    except OSError:
        return []


def _head(folder: Folder, name: str) -> str:
    """The first 4 KB of a regular file in an open folder ("" for anything else): never
    through a link, never waiting on a FIFO."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(folder.at(name), flags, dir_fd=folder.descriptor)
    except OSError:
        return ""
    with os.fdopen(descriptor, "rb") as handle:
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                return ""
            return handle.read(4096).decode("utf-8", "replace")
        except OSError:
            return ""


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
    root = vault.resolve()
    for planned in files:
        try:
            outcomes.append(_write_one(root, planned, dry_run=dry_run, hold=hold))
        except WriteError as error:  # a link, FIFO or device (LeftAlone), or unreadable
            if error.fatal:
                raise
            outcomes.append(_failed(planned.path, error))
    return tuple(outcomes)


def _write_one(
    root: Path, planned: PlannedFile, *, dry_run: bool, hold: Callable[[Path], bool] | None
) -> FileOutcome:
    """Read, regenerate and write one file, its folder held open from the look to the write
    (so no folder on the way can be turned into a link in between: see `folder_fd`)."""
    parts, name = split_relative(planned.path)
    with held(root, parts) as folder:  # None: not there yet, nor the file
        current = None if folder is None else read_in(folder, name, planned.path)
        existing = _decoded(current)
        text = regenerate(existing, planned.properties, planned.content)
        if text is None:
            assert existing is not None
            return FileOutcome(planned.path, "skipped", refusal(existing) or "")
        data = text.encode("utf-8")
        status: Status
        if current == data:
            status = "unchanged"
        elif hold is not None and existing is not None and hold(root / planned.path):
            return FileOutcome(planned.path, "skipped", HELD)
        elif dry_run:
            status = "created" if existing is None else "updated"
        elif folder is not None:
            status = write_in(folder, name, data, shown=planned.path, current=current)
        else:
            with held(root, parts, making_for=planned.path) as made:
                assert made is not None  # made, or `WriteError`
                status = write_in(made, name, data, shown=planned.path, current=current)
        return FileOutcome(planned.path, status)


def clear_temporaries(vault: Path) -> None:
    """Remove temporaries abandoned anywhere in the vault by an interrupted summary or
    export (never another run's; hidden folders such as .obsidian are not entered)."""
    remove_stale_temporaries(vault.resolve(), hidden_folders=False)
