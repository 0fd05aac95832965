"""Writing inside the vault: atomic, only when the bytes change, keeping permissions.

A temporary file sits in the same folder as its target (so the rename is atomic) under a
hidden name; one left behind by an interrupted run is removed by the next run.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import Literal

Status = Literal["created", "updated", "unchanged"]

TEMPORARY_MARK = ".plainheal-tmp-"
NEW_FILE_MODE = 0o600
NEW_FOLDER_MODE = 0o700


def make_folders(folder: Path) -> None:
    """Create `folder` and any missing parents, readable by the owner only."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile by someone else
            path.mkdir(mode=NEW_FOLDER_MODE)


class WriteError(Exception):
    """A file could not be written, or would have been written outside the vault."""


def inside(vault: Path, relative: str, resolved: dict[Path, Path] | None = None) -> Path:
    """The path of `relative` in the vault; refuses anything that resolves outside it.

    `resolved` may carry folders already resolved in this run (summaries share three).
    """
    cache = {} if resolved is None else resolved
    root = cache.get(vault) or cache.setdefault(vault, vault.resolve())
    folder_part, _, name = relative.rstrip("/").rpartition("/")
    folder = root / folder_part
    folder = cache.get(folder) or cache.setdefault(folder, folder.resolve())
    target = folder / name
    if name in ("", ".", "..") or target.is_symlink():
        target = target.resolve()
    if target != root and root not in target.parents:
        raise WriteError(f"{relative}: would be written outside the vault; refused")
    return target


def temporary_name(target: Path) -> Path:
    """The hidden temporary file used while writing `target`."""
    return target.with_name(f".{target.name}{TEMPORARY_MARK}{os.getpid()}")


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove temporary files left by an interrupted run under `folder`."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for root, _dirs, files in os.walk(folder):
        for name in files:
            if TEMPORARY_MARK in name and name.startswith("."):
                path = Path(root) / name
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed.append(path)
    return removed


def write_atomic(target: Path, data: bytes) -> Status:
    """Write `data` to `target` unless it already holds exactly those bytes."""
    try:
        current = target.read_bytes()
    except FileNotFoundError:
        current = None
    except OSError as error:
        raise WriteError(f"could not read {target.name}: {error.strerror}") from None
    if current == data:
        return "unchanged"
    mode = NEW_FILE_MODE
    if current is not None:
        mode = stat.S_IMODE(target.stat().st_mode)
    make_folders(target.parent)
    temporary = temporary_name(target)
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)  # the umask may have narrowed it
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise WriteError(f"could not write {target.name}: {error.strerror}") from None
    return "created" if current is None else "updated"
