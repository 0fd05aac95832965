"""Which paths in a vault are entries, which are passed over, which are sync conflicts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from plainheal.entry import Problem, printable
from plainheal.read.config import Config
from plainheal.read.dates import name_dates

# Editors' and sync clients' temporary and partial files (matched on the file name).
_TEMPORARY = re.compile(
    r"""(?x)
    ^~\$ | ^\.~lock\. | ^\.syncthing\. | ^~syncthing~
    | \.tmp$ | ~$ | \.part$ | \.partial$ | \.!sync$ | \.icloud$ | \.crdownload$ | \.swp$
    """,
    re.IGNORECASE,
)

# Sync-conflict copies: each pattern removes the client's marker to give the original name.
_CONFLICTS = (
    *(
        re.compile(pattern, re.IGNORECASE)
        for pattern in (
            # Syncthing: note.sync-conflict-20261121-101010-ABCDEFG.md
            r"^(?P<stem>.+?)\.sync-conflict-\d{8}-\d{6}(?:-[A-Z0-9]{7})?(?P<ext>\.md)$",
            # Dropbox, Nextcloud, ownCloud, Obsidian Sync, pCloud: note (… conflicted copy …).md
            r"^(?P<stem>.+?) ?\([^()]*conflicted copy[^()]*\)(?P<ext>\.md)$",
            # Obsidian and others: note (conflicted).md, note (Conflict 1).md, note (conflict).md
            r"^(?P<stem>.+?) ?\((?:conflicted|conflict(?: \d+)?)\)(?P<ext>\.md)$",
            # Seafile: note (SFConflict someone 2026-11-21-10-10-10).md
            r"^(?P<stem>.+?) ?\(SFConflict[^()]*\)(?P<ext>\.md)$",
            # ownCloud/Nextcloud desktop (older): note_conflict-20261121-101010.md
            r"^(?P<stem>.+?)_conflict-\d{8}-\d{6}(?P<ext>\.md)$",
            # Resilio Sync and others: note.Conflict.md, note.Conflict 2.md
            r"^(?P<stem>.+?)\.conflict(?: ?\d+)?(?P<ext>\.md)$",
            # Cryptomator/Box-style backups: note-safeBackup-0001.md
            r"^(?P<stem>.+?)-safeBackup-\d{4}(?P<ext>\.md)$",
        )
    ),
    # OneDrive keeps both by adding the computer's name, and Windows names a new computer
    # DESKTOP-XXXXXXX or LAPTOP-XXXXXXXX (upper case, with a digit): note-DESKTOP-AB12CD3.md.
    # Exactly those, in that case: `2026-11-27-laptop-stolen.md` is a note of its own.
    re.compile(
        r"^(?P<stem>.+?)-(?:DESKTOP-(?=[A-Z]*[0-9])[A-Z0-9]{7}|LAPTOP-(?=[A-Z]*[0-9])[A-Z0-9]{8})"
        r"(?P<ext>\.(?i:md))$"
    ),
)


_MARKER_WORDS = ("conflict", "safebackup", "-desktop-", "-laptop-")


class Kind(Enum):
    """What a path in the vault is to plainheal."""

    NOTE = "note"  # read it: it may be an entry
    CONFLICT = "conflict"  # a sync-conflict copy: reported, not counted
    PASSED_OVER = "passed-over"  # not ours to read


@dataclass(frozen=True)
class Placement:
    """A path's kind and, for a conflict copy, the path of the entry it belongs to."""

    kind: Kind
    original: str | None = None


# iCloud Drive and Google Drive keep both files by numbering the second: `2026-07-06 2.md`,
# `2026-07-06 (1).md`, `6 July 2026 2.md`. Only names ending in a digit before the number,
# as names with a date do: `Session 2.md` is a note of its own. Like every copy, one only
# when its original is beside it, and a file plainheal wrote (the report export puts
# `Report 2026-11-20 (2).md` beside one the person wrote in) is none (the reader checks).
_NUMBERED = re.compile(r"^(?P<stem>.*\d) (?:[2-9]|[1-9]\d|\([1-9]\d?\))(?P<ext>\.(?i:md))$")


def conflict_original(name: str) -> str | None:
    """The original file name of a sync-conflict copy, or None if it is not one."""
    numbered = _NUMBERED.match(name)
    if numbered is not None:
        return numbered.group("stem") + numbered.group("ext")
    folded = name.lower()
    if not any(word in folded for word in _MARKER_WORDS):
        return None  # every client's marker holds one of these words
    for pattern in _CONFLICTS:
        match = pattern.match(name)
        if match is not None:
            return match.group("stem") + match.group("ext")
    return None


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder + "/")


def is_skipped_folder(relative: str, config: Config) -> bool:
    """A folder (relative, `/`-separated) that is never read: hidden, output, templates."""
    return _skipped(relative, config.output, config.templates)


@lru_cache(maxsize=1024)  # a vault's files share a few hundred folders at most
def _skipped(relative: str, output: str, templates: tuple[str, ...]) -> bool:
    if any(part.startswith(".") for part in relative.split("/")):
        return True
    return any(_under(relative, folder) for folder in (output, *templates))


@lru_cache(maxsize=1024)
def _outside_journal(folder: str, journal: tuple[str, ...]) -> bool:
    # A file is under a journal folder when its own folder is that folder or inside it.
    return not folder or not any(folder == f or folder.startswith(f + "/") for f in journal)


def is_app_template(relative: str, folder: str, config: Config) -> bool:
    """A note in a template folder of Obsidian's settings that is not named by date: a
    template (one named by date there is a daily note kept beside its template)."""
    return any(folder == f or folder.startswith(f"{f}/") for f in config.app_templates) and (
        name_dates(config.date_formats).read(relative).date is None
    )


def place(relative: str, config: Config) -> Placement:
    """Classify a file path relative to the vault (with `/` separators)."""
    folder, _, name = relative.rpartition("/")
    if not name.lower().endswith(".md") or name.startswith(".") or _TEMPORARY.search(name):
        return Placement(Kind.PASSED_OVER)
    if folder and is_skipped_folder(folder, config):
        return Placement(Kind.PASSED_OVER)
    if folder and is_app_template(relative, folder, config):
        return Placement(Kind.PASSED_OVER)
    if (
        config.journal
        and relative not in config.journal
        and _outside_journal(folder, config.journal)
    ):
        return Placement(Kind.PASSED_OVER)
    original = conflict_original(name)
    if original is not None:
        return Placement(Kind.CONFLICT, f"{folder}/{original}" if folder else original)
    return Placement(Kind.NOTE)


def outside_journal(relative: str, config: Config) -> bool:
    """True for a vault-relative file path outside every journal folder (never, when the
    whole vault is the journal). Spell it as the disk does first (`folders.as_on_disk`)."""
    return bool(config.journal) and _outside_journal(relative.rpartition("/")[0], config.journal)


def daily_notes_problem(config: Config) -> Problem | None:
    """A warning when Obsidian makes daily notes (and `plainheal new` entries) in a folder
    that is not a journal folder: they would be left out without a word."""
    if config.daily_folder is None or not config.journal:
        return None
    folder, settings = config.daily_folder
    if not outside_journal(f"{folder}/note.md" if folder else "note.md", config):
        return None
    where = f"the folder {printable(folder)!r}" if folder else "the vault's top folder"
    journal = ", ".join(repr(printable(f)) for f in config.journal)
    message = (
        f"Obsidian makes daily notes in {where}, which is not a journal folder of "
        f"plainheal.toml ({journal}): entries written there are not read; add it to "
        "`journal`, or choose a journal folder in Obsidian's settings"
    )
    return Problem(settings, "warning", "daily-notes-outside", message)


def entries_elsewhere_problem(
    config: Config, entry_count: int, other_notes: Sequence[str]
) -> Problem | None:
    """A warning when the journal folders hold no entry while notes named by a date lie
    elsewhere in the vault (daily notes kept where plainheal does not look): without it,
    the summaries would say nothing, and not why."""
    if not config.journal or entry_count:
        return None
    names = name_dates(config.date_formats)
    dated = [
        path
        for path in other_notes
        if not is_skipped_folder(path.rpartition("/")[0], config)
        and names.read(path).date is not None
    ]
    if not dated:
        return None
    folders = sorted({path.rpartition("/")[0] or "the vault's top folder" for path in dated})
    shown = ", ".join(printable(folder) for folder in folders[:3])
    more = f" and {len(folders) - 3} more" if len(folders) > 3 else ""
    journal = ", ".join(repr(printable(f)) for f in config.journal)
    notes = (
        "1 note named by a date is"
        if len(dated) == 1
        else f"{len(dated)} notes named by a date are"
    )
    message = (
        f"no entry is in the journal folders of plainheal.toml ({journal}), but {notes} "
        f"elsewhere (in {shown}{more}); if they are your entries, add their folder to `journal`"
    )
    return Problem("", "warning", "entries-elsewhere", message)
