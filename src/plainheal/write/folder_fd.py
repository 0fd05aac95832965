"""Folders held open while a file in them is read and written, so no link can redirect it.

Looking at each folder on the way with `lstat` and then writing by path leaves a moment in
which a folder can become a link (a sync client or another program renaming folders), and
the write would follow it out of the vault. Here the look is the open itself: each folder is
opened from the one above it with `O_DIRECTORY | O_NOFOLLOW`, and every later step (reading
the file, the temporary, the rename, removing stale temporaries) names its file relative to
the open folder. A folder swapped for a link after that is not followed: the open folder is
still the folder that was checked.

Where the system has no such calls (`DESCRIPTORS` is false), each part is looked at with
`lstat` and paths are used, as plainheal did before.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from plainheal.write.errors import FATAL_ERRNOS, LeftAlone, WriteError

NEW_FOLDER_MODE = 0o700

# Every call a folder held open needs, with the flags that make the open safe.
DESCRIPTORS: bool = (
    {os.open, os.stat, os.mkdir, os.unlink, os.rename} <= os.supports_dir_fd
    and os.stat in os.supports_follow_symlinks
    and hasattr(os, "O_DIRECTORY")
    and hasattr(os, "O_NOFOLLOW")
)
_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)


@dataclass
class Folder:
    """A folder opened for reading and writing the files in it.

    `descriptor` is its open descriptor (None where the system has no `dir_fd` calls: then
    `path` is used); `root` and `parts` are how it was reached, to check it is still there."""

    path: Path
    shown: str  # how messages name it: vault-relative, or its name
    descriptor: int | None
    root: Path
    parts: tuple[str, ...]
    expect: tuple[int, int] | None = None  # what `root` must be (device, inode), if known

    def at(self, name: str) -> str | Path:
        """How the `os` calls name `name` in this folder, given `dir_fd=self.descriptor`."""
        return name if self.descriptor is not None else self.path / name

    def close(self) -> None:
        """Let the folder go (its descriptor, if it has one)."""
        if self.descriptor is not None:
            os.close(self.descriptor)
            self.descriptor = None


def split_relative(relative: str) -> tuple[tuple[str, ...], str]:
    """The folders and the file name of a vault-relative path; `WriteError` if it is not a
    plain path inside the vault (empty parts, `.` or `..`)."""
    parts = relative.strip("/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise WriteError(f"{relative}: not a plain path inside the vault; refused")
    return tuple(parts[:-1]), parts[-1]


def _kind(info: os.stat_result | None) -> str:
    return "a link" if info is not None and stat.S_ISLNK(info.st_mode) else "not a folder"


def _lstat(path: str | Path, folder: int | None) -> os.stat_result | None:
    try:
        return os.stat(path, dir_fd=folder, follow_symlinks=False)
    except (FileNotFoundError, NotADirectoryError):
        return None


def _open_below(parent: int, name: str, shown: str) -> int | None:
    """Open the folder `name` in `parent` without following a link; None if it is missing."""
    for _ in range(3):  # a folder swapped back and forth meanwhile is looked at again
        try:
            return os.open(name, _FOLDER_FLAGS | os.O_NOFOLLOW, dir_fd=parent)
        except FileNotFoundError:
            return None
        except OSError as error:
            if error.errno not in (errno.ENOTDIR, errno.ELOOP):  # a link: ENOTDIR on Linux
                raise WriteError(f"{shown}: could not be looked at ({error.strerror})") from None
        info = _lstat(name, parent)
        if info is not None and not stat.S_ISDIR(info.st_mode):
            raise LeftAlone(f"{shown} is {_kind(info)}; left alone")
    raise LeftAlone(f"{shown} kept changing while it was looked at; left alone")


def _make(name: str | Path, parent: int | None, making_for: str) -> None:
    try:
        os.mkdir(name, NEW_FOLDER_MODE, dir_fd=parent)
    except FileExistsError:
        pass  # made meanwhile by someone else: it is looked at when opened
    except OSError as error:
        fatal = error.errno in FATAL_ERRNOS
        message = f"{making_for}: could not be written ({error.strerror})"
        raise WriteError(message, fatal=fatal) from None


def _open_root(root: Path, shown: str) -> int | None:
    try:
        return os.open(root, _FOLDER_FLAGS)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise WriteError(f"{shown}: could not be looked at ({error.strerror})") from None


def _same(info: os.stat_result, expect: tuple[int, int] | None) -> bool:
    return expect is None or (info.st_dev, info.st_ino) == expect


def _open_descriptors(
    root: Path, parts: Sequence[str], making_for: str | None, expect: tuple[int, int] | None = None
) -> int | None:
    descriptor = _open_root(root, root.name)
    if descriptor is not None and not _same(os.fstat(descriptor), expect):
        os.close(descriptor)
        raise LeftAlone(f"{root.name} was replaced since it was looked at; left alone")
    for depth, part in enumerate(parts):
        if descriptor is None:
            return None
        shown = "/".join(parts[: depth + 1])
        try:
            below = _open_below(descriptor, part, shown)
            if below is None and making_for is not None:
                _make(part, descriptor, making_for)
                below = _open_below(descriptor, part, shown)
        finally:
            os.close(descriptor)
        descriptor = below
    return descriptor


def _look_along(
    root: Path, parts: Sequence[str], making_for: str | None, expect: tuple[int, int] | None = None
) -> bool:
    """The path-based look (no descriptors): True if every folder is there (or was made)."""
    try:
        if not _same(os.stat(root), expect):
            raise LeftAlone(f"{root.name} was replaced since it was looked at; left alone")
    except FileNotFoundError:
        return False
    path = root
    for depth, part in enumerate(parts):
        path = path / part
        shown = "/".join(parts[: depth + 1])
        try:
            info = _lstat(path, None)
        except OSError as error:
            raise WriteError(f"{shown}: could not be looked at ({error.strerror})") from None
        if info is None:
            if making_for is None:
                return False
            _make(path, None, making_for)
            info = _lstat(path, None)
        if info is None or not stat.S_ISDIR(info.st_mode):
            raise LeftAlone(f"{shown} is {_kind(info)}; left alone")
    return True


def open_folder(
    root: Path,
    parts: Sequence[str] = (),
    *,
    making_for: str | None = None,
    descriptors: bool = DESCRIPTORS,
    expect: tuple[int, int] | None = None,
) -> Folder | None:
    """The folder `root/parts...`, opened one folder at a time from `root`; None if part of
    it is missing, unless `making_for` names the file it is for: then missing folders are
    made (readable by the owner only), and a failure says that file could not be written.

    `root` is trusted (the vault, as the person gave it), and opened as it is named; with
    `expect`, it must still be the folder of that identity (device, inode) that was looked
    at before (not a link put in its place since), else `LeftAlone`. Below it, a part that
    is a link or not a folder raises `LeftAlone` naming it. Close the folder when done."""
    parts = tuple(parts)
    shown = "/".join(parts) or root.name
    path = root.joinpath(*parts)
    if not descriptors:
        found = _look_along(root, parts, making_for, expect)
        descriptor = None
    else:
        descriptor = _open_descriptors(root, parts, making_for, expect)
        found = descriptor is not None
    if not found:
        if making_for is not None:  # made, then removed at once by someone else
            raise WriteError(f"{making_for}: could not be written ({shown} disappeared)")
        return None
    return Folder(path, shown, descriptor, root, parts, expect)


@contextlib.contextmanager
def held(
    root: Path,
    parts: Sequence[str] = (),
    *,
    making_for: str | None = None,
    descriptors: bool = DESCRIPTORS,
    expect: tuple[int, int] | None = None,
) -> Iterator[Folder | None]:
    """`open_folder` for the length of a `with` block."""
    folder = open_folder(root, parts, making_for=making_for, descriptors=descriptors, expect=expect)
    try:
        yield folder
    finally:
        if folder is not None:
            folder.close()


def check_still_there(folder: Folder, shown: str) -> None:
    """Raise unless the path `folder` was opened by still leads to it: a folder on the way
    turned into a link (`LeftAlone`, naming it), or the folder was moved (`WriteError`)."""
    if folder.descriptor is None:
        if not _look_along(folder.root, folder.parts, None, folder.expect):
            raise WriteError(f"{shown}: {folder.shown} was moved while it was written; not written")
        return
    again = _open_descriptors(folder.root, folder.parts, None, folder.expect)
    if again is None:
        raise WriteError(f"{shown}: {folder.shown} was moved while it was written; not written")
    try:
        same = os.path.samestat(os.fstat(again), os.fstat(folder.descriptor))
    finally:
        os.close(again)
    if not same:
        raise WriteError(f"{shown}: {folder.shown} was replaced while it was written; not written")
