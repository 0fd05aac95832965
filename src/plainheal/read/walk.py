"""The folder walk: every file of a vault, following folder links."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from plainheal.entry import Problem
from plainheal.read.config import Config
from plainheal.read.files import os_problem
from plainheal.read.layout import is_skipped_folder

FileId = tuple[int, int] | None  # device and inode, when known


def walk(vault: Path, config: Config) -> Iterator[tuple[str, FileId | Problem]]:
    """(relative path, identity) for every file, following folder links without looping."""
    seen: set[tuple[int, int]] = set()
    stack = [("", vault)]
    while stack:
        relative, folder = stack.pop()
        try:
            info = folder.stat()
        except OSError as error:
            yield relative, os_problem(relative, error)
            continue
        identity = (info.st_dev, info.st_ino)
        if identity in seen:
            yield (
                relative,
                Problem(
                    relative, "warning", "symlink-loop", "is a folder link that loops back; skipped"
                ),
            )
            continue
        seen.add(identity)
        try:
            with os.scandir(folder) as scan:
                children = sorted(scan, key=lambda item: item.name)
        except OSError as error:
            yield relative or ".", os_problem(relative or ".", error)
            continue
        for child in children:
            child_relative = f"{relative}/{child.name}" if relative else child.name
            try:
                is_dir = child.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not is_skipped_folder(child_relative, config):
                    stack.append((child_relative, Path(child.path)))
            else:
                yield child_relative, _file_id(child, info.st_dev)


def _file_id(child: os.DirEntry[str], folder_device: int) -> FileId:
    """A file's identity: free from the directory listing, one stat for a link."""
    try:
        if child.is_symlink():
            info = child.stat()
            return info.st_dev, info.st_ino
        return folder_device, child.inode()
    except OSError:
        return None  # a dangling link or a vanished file: reading it says what is wrong
