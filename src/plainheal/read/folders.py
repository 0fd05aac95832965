"""Whether the folders plainheal.toml names make sense in this vault: each journal folder is
there, and no output or templates folder hides the entries."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from plainheal.read.body import might_hold_observations
from plainheal.read.config import CONFIG_NAME, Config
from plainheal.read.dates import name_dates
from plainheal.read.layout import is_skipped_folder
from plainheal.read.walk import in_journal


def folder_refusal(vault: Path, config: Config) -> str | None:
    """Why the vault cannot be read with these folders (naming the key), or None."""
    return (
        _missing_journal_folder(vault, config)
        or _journal_folder_link(vault, config)
        or _entries_hidden(vault, config)
    )


def _missing_journal_folder(vault: Path, config: Config) -> str | None:
    """A `journal` folder of plainheal.toml that is not a folder of the vault: read
    as it is, the journal would silently lack every entry in it (a misspelt name, a folder
    renamed in Obsidian). `init` makes the journal folder, and `new` the one its entry goes
    into."""
    for folder in config.journal:
        if not (vault / folder).is_dir():
            return (
                f"{CONFIG_NAME}: journal: the folder {folder!r} does not exist in the vault; "
                "make it, or name the folder your entries are in"
            )
    return None


def _journal_folder_link(vault: Path, config: Config) -> str | None:
    """A `journal` folder that is a link the folder walk never reads through: to a folder
    holding the vault (it would be the whole disk), or to a folder of the vault that is in
    or holds a journal folder, which is read under its own name. Either way the journal
    would silently lack every entry; the link to a journal kept outside the vault, or to a
    folder of the vault outside every journal folder, is read."""
    home = os.path.realpath(vault)
    for folder in config.journal:
        real = os.path.realpath(vault / folder)
        if real == os.path.normpath(os.path.join(home, folder)):
            continue  # no link on the way
        if real == home or home.startswith(real.rstrip(os.sep) + os.sep):
            return (
                f"{CONFIG_NAME}: journal: {folder!r} is a link to a folder that holds the "
                "vault, which is never read; name the folder your entries are in"
            )
        if real.startswith(home + os.sep):
            target = Path(os.path.relpath(real, home)).as_posix()
            if not is_skipped_folder(target, config) and in_journal(target, config.journal):
                return (
                    f"{CONFIG_NAME}: journal: {folder!r} is a link to the folder {target!r} "
                    f"of the vault, which is read under its own name; name {target!r} instead"
                )
    return None


# What plainheal writes into the output folder (and sync-conflict copies of it).
_GENERATED = re.compile(r"(?:Overview|Months/[0-9]{4}-[0-9]{2}|Weeks/[0-9]{4}-W[0-9]{2})\b.*")


def dated_notes(vault: Path, folder: str, date_formats: tuple[str, ...], *, output: bool) -> int:
    """How many notes in `folder` are named by date and look like entries (see
    `_like_an_entry`); the output folder's own pages aside."""
    if os.path.islink(vault / folder):
        return 0  # never written through (it is named as a link); what it holds is elsewhere
    names = name_dates(date_formats)
    dated = 0
    for here, subfolders, files in os.walk(vault / folder):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        inside = Path(os.path.relpath(here, vault / folder)).as_posix()
        for name in files:
            relative = name if inside == "." else f"{inside}/{name}"
            if name.startswith(".") or not name.lower().endswith(".md"):
                continue
            if output and _GENERATED.fullmatch(relative):
                continue
            if names.read(f"{folder}/{relative}").date is not None:
                dated += _like_an_entry(os.path.join(here, name))
    return dated


def _like_an_entry(path: str) -> bool:
    """True for a note that holds properties or a tag or field: an entry, by the look of it
    (an empty note, or words typed into one made from a link, is not)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False  # a FIFO or a device is no entry, and is never waited on
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(descriptor, "rb") as handle:
            head = handle.read(4096).decode("utf-8", "replace")
    except OSError:
        return False
    return head.lstrip("\ufeff").startswith("---") or might_hold_observations(head)


def _entries_hidden(vault: Path, config: Config) -> str | None:
    """With no `journal` folders the whole vault is the journal, less the output and
    templates folders: either holding notes named by date that look like entries hides them
    without a word (`output = "Journal"`)."""
    if config.journal:
        return None  # a journal folder overlapping them is refused with the config
    folders = [("output", config.output), *(("templates", folder) for folder in config.templates)]
    for key, folder in folders:
        dated = dated_notes(vault, folder, config.date_formats, output=key == "output")
        if dated:
            return (
                f"{CONFIG_NAME}: {key}: the folder {folder!r} holds {dated} notes named by "
                f"date, which are never read as entries while it is the {key} folder; choose "
                "another folder, or name the folders of your entries with `journal`"
            )
    return None


def as_on_disk(vault: Path, relative: str, journal: tuple[str, ...]) -> str:
    """`relative` spelled as the journal folder it is in on disk: on macOS and Windows,
    whose disks ignore case, `journal/x.md` is in `Journal/`; on Linux they are two
    folders, and it is left as it is."""
    for folder in journal:
        head = relative[: len(folder)]
        if (
            head != folder
            and head.casefold() == folder.casefold()
            and relative[len(folder) : len(folder) + 1] in ("", "/")
        ):
            try:
                if os.path.samefile(vault / head, vault / folder):
                    return folder + relative[len(folder) :]
            except OSError:
                continue  # one of them is not there: not the same folder
    return relative
