"""The folder walk: every file of a vault, following folder links."""

from __future__ import annotations

import heapq
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from plainheal.entry import Problem, printable
from plainheal.read.config import Config
from plainheal.read.files import os_problem
from plainheal.read.layout import is_skipped_folder

FileId = tuple[int, int] | None  # device and inode, when known


@dataclass(frozen=True)
class ReadAs:
    """A folder of the vault read under a link's path, not its own (see `walk`)."""

    path: str


@dataclass(frozen=True)
class Followed:
    """A folder link the walk read through, and the real folder it leads to (see `walk`)."""

    real: str


def walk(vault: Path, config: Config) -> Iterator[tuple[str, FileId | Problem | ReadAs | Followed]]:
    """(relative path, identity) for every file, following folder links, each folder once.

    A folder reached two ways is read under the path where it counts. A link inside a
    journal folder to a folder of the vault outside every journal folder is read first, so
    its notes are entries (the folder's own path is then skipped, saying so); otherwise a
    folder is read under its own name, links being followed after the vault's own folders.
    Never followed: a link to a folder that holds the vault (`/`, the home folder it is in,
    the vault itself), which would read the disk as the journal; a link into the system's
    own folders (/proc, /sys, /dev: other programs' folders); a link back to a folder it
    is in (a loop); a second way into a folder already read. A link to a folder elsewhere
    that does not hold the vault (a journal kept outside it) is read like a folder of the
    vault. A folder read under a link's path is named at its own path with `ReadAs`; a
    folder link read through is named at its path with `Followed` (where it leads).
    """
    holding = _holding(vault)
    never = _never_read(vault, config)
    read: dict[tuple[int, int], str] = {}  # each folder read, by identity: where it was read
    # By turn (see `_turn`): folders to read (a stack), and folder links (a heap, in order).
    folders: list[list[tuple[str, str]]] = [[("", str(vault))], [], [], []]
    links: list[list[tuple[str, str]]] = [[], [], [], []]
    while any(folders) or any(links):
        turn = next(t for t in range(4) if folders[t] or links[t])
        through_link = not folders[turn]
        relative, folder = folders[turn].pop() if folders[turn] else heapq.heappop(links[turn])
        try:
            info = os.stat(folder)
        except OSError as error:
            yield relative, os_problem(relative, error)
            continue
        identity = (info.st_dev, info.st_ino)
        own = turn % 2 == 0  # reached without going through a link
        refusal = None
        if relative:
            refusal = _refusal(relative, folder, identity, holding, read, own)
            if refusal is None and through_link and _never_above(folder, never):
                # A link to the summaries or templates folder (or into it) is passed over
                # without a word, as the folder itself is: nothing there is to be read, and
                # nothing for the person to fix (a link put there to see the summaries).
                continue
        if refusal is not None:
            yield relative, refusal
            if own and refusal.code == "same-file":
                yield relative, ReadAs(read[identity])
            continue
        read[identity] = relative
        try:
            with os.scandir(folder) as scan:
                children = sorted(scan, key=lambda item: item.name)
        except OSError as error:
            yield relative or ".", os_problem(relative or ".", error)
            continue
        if through_link:
            yield relative, Followed(os.path.realpath(folder))
        for child in children:
            child_relative = f"{relative}/{child.name}" if relative else child.name
            try:
                is_dir = child.is_dir()
            except OSError:
                is_dir = False
            if not is_dir:
                yield child_relative, _file_id(child, info.st_dev)
            elif is_skipped_folder(child_relative, config):
                continue
            elif _is_link(child):
                heapq.heappush(
                    links[_turn(child_relative, config, own=False)], (child_relative, child.path)
                )
            else:
                folders[_turn(child_relative, config, own=own)].append((child_relative, child.path))


def _turn(relative: str, config: Config, *, own: bool) -> int:
    """When a folder is read: 0, the vault's own folders in (or holding) a journal folder;
    1, those reached through a link; 2 and 3, the same outside every journal folder. A
    folder reached both ways is claimed by the earlier turn."""
    counts = not config.journal or in_journal(relative, config.journal)
    return (0 if own else 1) + (0 if counts else 2)


def in_journal(folder: str, journal: tuple[str, ...]) -> bool:
    """True for a folder in a journal folder or holding one (where its notes count)."""
    return any(
        folder == f or folder.startswith(f"{f}/") or f.startswith(f"{folder}/") for f in journal
    )


def _holding(vault: Path) -> set[tuple[int, int]]:
    """The identities of the vault's folder and of every folder holding it, up to `/`."""
    holding: set[tuple[int, int]] = set()
    folder = os.path.realpath(vault)
    while True:
        try:
            info = os.stat(folder)
        except OSError:
            pass  # a folder that cannot be looked at cannot be reached from the vault either
        else:
            holding.add((info.st_dev, info.st_ino))
        parent = os.path.dirname(folder)
        if parent == folder:
            return holding
        folder = parent


def _never_read(vault: Path, config: Config) -> dict[tuple[int, int], str]:
    """The identities of the vault's summaries and templates folders, each with how
    messages name it: never read, and a link to one is not read through either. (A link to
    a hidden folder is: a journal kept in one is linked in to be read.)"""
    named = {config.output: "the summaries folder"} if config.output else {}
    named |= {folder: "a templates folder" for folder in config.templates}
    never: dict[tuple[int, int], str] = {}
    for relative, what in named.items():
        try:
            info = os.stat(vault / relative)
        except OSError:
            continue  # not there (yet): nothing to lead to
        never.setdefault((info.st_dev, info.st_ino), what)
    return never


def _never_above(folder: str, never: dict[tuple[int, int], str]) -> str | None:
    """What the never-read folder is that `folder` (a link) leads to, or into:
    `Templates/Daily` is as much a templates folder as `Templates`; None for any other."""
    if not never:
        return None
    path = os.path.realpath(folder)
    while True:
        try:
            info = os.stat(path)
        except OSError:
            return None
        what = never.get((info.st_dev, info.st_ino))
        parent = os.path.dirname(path)
        if what is not None or parent == path:
            return what
        path = parent


def _refusal(
    relative: str,
    folder: str,
    identity: tuple[int, int],
    holding: set[tuple[int, int]],
    read: dict[tuple[int, int], str],
    own: bool,
) -> Problem | None:
    """Why a folder is not read (it holds the vault, it is the system's, it loops back, it
    was read), or None."""
    if not own and _of_the_system(folder):
        message = "is a link to a folder of the system (not of notes); skipped"
        return Problem(relative, "warning", "system-folder", message)
    if identity in holding:
        what = "a link to a folder" if os.path.islink(folder) else "a folder"
        message = f"is {what} that holds the vault; skipped"
        return Problem(relative, "warning", "symlink-loop", message)
    earlier = read.get(identity)
    if earlier is None:
        return None
    if not earlier or relative.startswith(f"{earlier}/"):  # a folder this link is in
        message = "is a folder link that loops back; skipped"
        return Problem(relative, "warning", "symlink-loop", message)
    # The path is escaped by the caller, the one in the message here.
    if own:  # claimed by a link in a journal folder, where its notes are entries
        through = printable(earlier)
        message = f"is a folder already read through a link in the journal ({through}); skipped"
        return Problem(relative, "warning", "same-file", message)
    message = f"leads to a folder already read ({printable(earlier)}); skipped"
    return Problem(relative, "warning", "same-file", message)


# The kernel's own folders: files made up on the spot, those of /proc/PID/cwd among them (other
# programs' folders), never notes.
_SYSTEM_FOLDERS = ("/proc", "/sys", "/dev")


def _of_the_system(folder: str) -> bool:
    """True for a link leading into /proc, /sys or /dev."""
    real = os.path.realpath(folder)
    return any(real == top or real.startswith(f"{top}/") for top in _SYSTEM_FOLDERS)


def _is_link(child: os.DirEntry[str]) -> bool:
    try:
        return child.is_symlink()
    except OSError:
        return False


def _file_id(child: os.DirEntry[str], folder_device: int) -> FileId:
    """A file's identity: free from the directory listing, one stat for a link."""
    try:
        if child.is_symlink():
            info = child.stat()
            return info.st_dev, info.st_ino
        return folder_device, child.inode()
    except OSError:
        return None  # a dangling link or a vanished file: reading it says what is wrong
