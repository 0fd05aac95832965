"""What a file event means to the watch: a note to read again, the settings to reload, the
vault to list again, or nothing (our own writes, hidden files, temporaries)."""

from __future__ import annotations

import os
from pathlib import Path

from plainheal.read.config import CONFIG_NAME, Config
from plainheal.read.layout import is_skipped_folder
from plainheal.read.vault import APP_SETTINGS
from plainheal.write.atomic import TEMPORARY_MARK

RELOAD = "\x00reload"  # the config changed: read everything again
RESCAN = "\x00rescan"  # a folder changed: list the vault again
WAKE = "\x00wake"  # stop was asked for: look now, not at the next tick


def relative(path: str, root: Path, config: Config | None) -> str | None:
    """A changed path as the vault at `root` knows it, or None if it is not ours to look at."""
    try:
        inside = Path(os.path.relpath(path, root)).as_posix()
    except ValueError:
        return None
    if inside.startswith("..") or inside == ".":
        return None
    if TEMPORARY_MARK in inside:
        return None
    if inside in APP_SETTINGS:
        return inside  # hidden, but it decides how file names give dates, or what is a template
    if config is not None and is_skipped_folder(inside, config):
        return None  # hidden, the summaries (our own writes), or the templates
    return inside


def meaning(
    path: str, is_directory: bool, kind: str, root: Path, config: Config | None
) -> str | None:
    """What an event naming `path` asks of the watch: RELOAD, RESCAN, a note's vault path,
    or None."""
    inside = relative(path, root, config)
    if inside is None:
        return None
    if inside == CONFIG_NAME or inside in APP_SETTINGS:
        return RELOAD
    if is_directory:
        # A folder appearing, going or moving may carry many notes; a folder merely
        # "modified" only means a file in it changed, and that file has its own event.
        hidden = any(part.startswith(".") for part in inside.split("/"))
        return RESCAN if kind != "modified" and not hidden else None
    return inside if inside.lower().endswith(".md") else None


def folder_link(path: str, followed: frozenset[str]) -> bool:
    """Whether `path` (not a note) is a link to a folder, or was one of the links `followed`
    by the last listing: an event names a link made, removed or re-pointed as a file, yet
    a folder's notes come or go with it."""
    if path.lower().endswith(".md"):
        return False
    return path in followed or (os.path.islink(path) and os.path.isdir(path))
