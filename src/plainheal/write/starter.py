"""Starting out: `plainheal init` (a vault from the template) and `plainheal new` (an entry).

Neither ever overwrites a file: a file that exists is left exactly as it is.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from plainheal.entry import Problem, printable
from plainheal.read.config import CONFIG_NAME
from plainheal.read.dates import ISO_FORMAT, name_dates, obsidian_formats, periodic_daily
from plainheal.read.files import settings_text
from plainheal.read.folders import as_on_disk
from plainheal.read.layout import outside_journal
from plainheal.read.moment import format_moment
from plainheal.read.obsidian import (
    DAILY_SETTINGS,
    DEFAULT_FOLDER,
    PERIODIC_SETTINGS,
    DailyNotes,
    SettingsError,
    daily_folder,
    daily_notes,
    types_json,
)
from plainheal.read.vault import list_vault, open_vault, read_journal
from plainheal.write.atomic import WriteError, create_new, inside, make_folders

TEMPLATE_ENTRY = "Templates/Journal entry.md"
TYPES = ".obsidian/types.json"
DAILY_NOTES = ".obsidian/daily-notes.json"


class TemplateMissing(Exception):
    """The vault template is not installed with this copy of plainheal."""


class EntryExists(Exception):
    """The entry for that date already exists; it is left alone."""

    def __init__(self, relative: str, day: dt.date | None = None) -> None:
        said = f"{relative} already exists" if day is None else f"{day} has its entry: {relative}"
        super().__init__(f"{said}; it is left as it is")
        self.relative = relative


def template_root() -> Path:
    """The `obsidian_template/` folder: inside the installed package, or the source tree's."""
    packaged = Path(str(resources.files("plainheal"))) / "obsidian_template"
    if packaged.is_dir():
        return packaged
    source = Path(__file__).resolve().parents[3] / "obsidian_template"
    if source.is_dir():
        return source
    raise TemplateMissing("the vault template is missing from this installation of plainheal")


def _template_files(root: Path) -> list[str]:
    files = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            files.append((Path(folder) / name).relative_to(root).as_posix())
    return sorted(files)


@dataclass(frozen=True)
class InitReport:
    """What `init` created and what it found already there and left alone."""

    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def init_vault(target: Path) -> InitReport:
    """Copy the vault template into `target` (made if missing), never overwriting a file.

    `.obsidian/types.json` is written for the vocabulary in force in `target`, so
    dimensions added by its `plainheal.toml` or by plugins get their property types too.
    A new `.obsidian/daily-notes.json` names days the way `plainheal new` would without it
    (Periodic Notes' daily format when on, else the first `date_formats` of plainheal.toml);
    from then on Obsidian's format decides the name, for Obsidian and `new` alike.
    """
    root = template_root()
    make_folders(target)
    formats = open_vault(target)[0].date_formats if (target / CONFIG_NAME).is_file() else ()
    # An existing vault's own daily notes: plainheal.toml reads them where they are.
    existing = daily_folder(
        _read_text(target, DAILY_SETTINGS),
        periodic_daily(_read_text(target, PERIODIC_SETTINGS)),
    )
    report = InitReport()
    for relative in _template_files(root):
        if relative == TYPES:
            continue  # written last, from the vocabulary
        destination = inside(target, relative)
        data = (root / relative).read_bytes()
        if relative == DAILY_NOTES and not destination.exists():
            chosen = _periodic_format(target) or _first_day_format(formats)
            data = _with_format(data, chosen) if chosen else data
        if relative == CONFIG_NAME and existing is not None and existing[0] != DEFAULT_FOLDER:
            data = _with_journal(data, existing[0])
        if create_new(destination, data):
            report.created.append(relative)
        else:
            report.kept.append(relative)
    config, vocabulary, _registry = open_vault(target)
    if create_new(inside(target, TYPES), types_json(vocabulary).encode()):
        report.created.append(TYPES)
    else:
        report.kept.append(TYPES)
    settings = vault_daily_notes(target, config.date_formats)
    # Every journal folder exists from the start: plainheal refuses a config naming one
    # that does not (Obsidian would make it only with the first daily note).
    for folder in (settings.folder, *config.journal):
        if folder:
            make_folders(inside(target, folder))
    return report


def _with_journal(config_toml: bytes, folder: str) -> bytes:
    """The template's plainheal.toml with `folder` (where Obsidian already makes the vault's
    daily notes) as the journal folder; the vault's top folder: no `journal`, the whole
    vault."""
    line = (
        f"journal = [{json.dumps(folder, ensure_ascii=False)}]    # where your entries live "
        "(Obsidian's daily-notes folder)"
        if folder
        else '# journal = ["Journal"]  # not set: your daily notes are in the top folder, so '
        "the whole vault is read"
    )
    text = config_toml.decode("utf-8")
    start = text.index("journal = ")
    end = text.index("\n", start)
    return (text[:start] + line + text[end:]).encode("utf-8")


def _with_format(daily_notes_json: bytes, pattern: str) -> bytes:
    settings = json.loads(daily_notes_json)
    settings["format"] = pattern
    return (json.dumps(settings, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _read_text(vault: Path, relative: str) -> str | None:
    """A settings file or template of the vault, None if it is not there; one that cannot be
    read (a FIFO, a device, over 1 MB, not UTF-8) is a `SettingsError` naming it."""
    text = settings_text(vault, relative)
    if isinstance(text, Problem):
        raise SettingsError(f"{printable(relative)}: {text.message}")
    return text


def _periodic_format(vault: Path) -> str | None:
    """Periodic Notes' daily format when its daily notes are on (empty means YYYY-MM-DD)."""
    periodic = periodic_daily(_read_text(vault, ".obsidian/plugins/periodic-notes/data.json"))
    if periodic is None:
        return None
    pattern = periodic.get("format")
    return pattern.strip() if isinstance(pattern, str) and pattern.strip() else ISO_FORMAT


def _first_day_format(date_formats: tuple[str, ...]) -> str | None:
    """The first of `date_formats` that names a single day, if any."""
    readable = name_dates(date_formats).formats
    return readable[0].pattern if date_formats and readable else None


def vault_daily_notes(vault: Path, date_formats: tuple[str, ...] = ()) -> DailyNotes:
    """Where and how the vault's entries are named, or plainheal's defaults when it says nothing.

    The folder, template and name are those Obsidian itself uses for a daily note: the
    Periodic Notes plugin's when its daily notes are on, else the core Daily notes plugin's
    (`.obsidian/daily-notes.json`). Only when neither names a format does the first of
    `date_formats` (see `Config.date_formats`) name the file, else `YYYY-MM-DD`; so
    `plainheal new` and Obsidian's daily note never give one day two files.
    """
    daily_text = _read_text(vault, ".obsidian/daily-notes.json")
    settings = daily_notes(daily_text, _read_text(vault, ".obsidian/templates.json"))
    periodic = periodic_daily(_read_text(vault, ".obsidian/plugins/periodic-notes/data.json"))
    if periodic is not None:
        folder, template = periodic.get("folder"), periodic.get("template")
        if isinstance(folder, str) and folder.isprintable():  # no control or lone surrogate
            settings = replace(settings, folder=folder.strip().strip("/"))
        if isinstance(template, str) and template.strip():
            template = template.strip().strip("/")
            template = template[:-3] if template.lower().endswith(".md") else template
            settings = replace(settings, template=template)
        return replace(settings, format=_periodic_format(vault) or ISO_FORMAT)
    if obsidian_formats(daily_text):
        return settings  # the core plugin's own format
    return replace(settings, format=_first_day_format(date_formats) or ISO_FORMAT)


_PLACEHOLDER = re.compile(r"\{\{\s*(date|time|title)\s*(?::([^}]*))?\}\}")


def fill_template(template: str, moment: dt.datetime, title: str, settings: DailyNotes) -> str:
    """Replace Obsidian's `{{date}}`, `{{time}}`, `{{title}}` (and `{{date:FORMAT}}`)."""

    def replace(match: re.Match[str]) -> str:
        name, pattern = match.group(1), match.group(2)
        if name == "title":
            return title
        default = settings.date_format if name == "date" else settings.time_format
        return format_moment(moment, (pattern or default).strip())

    return _PLACEHOLDER.sub(replace, template)


def entry_path(settings: DailyNotes, day: dt.date) -> str:
    """The vault-relative path of the entry for `day` under the daily-notes settings."""
    name = format_moment(dt.datetime.combine(day, dt.time()), settings.format)
    return f"{settings.folder}/{name}.md" if settings.folder else f"{name}.md"


def existing_entry(vault: Path, day: dt.date, relative: str) -> str | None:
    """The vault-relative path of an entry already there for `day`, under any name.

    `relative` (where `new` would put it) first; then any entry the vault reads as of that
    day (by its `date` property or its name); then any note whose name, in one of the
    vault's date formats, names that day even if it could not be read.
    """
    if inside(vault, relative).exists():
        return relative
    journal = read_journal(vault)
    named = relative.rsplit("/", 1)[-1]
    same_day = [entry.path for entry in journal.entries if entry.date == day]
    if same_day:  # the one named like a daily note first: `2026-11-20.md`, not `… evening.md`
        return min(same_day, key=lambda path: (path.rsplit("/", 1)[-1] != named, path))
    names = name_dates(journal.config.date_formats)
    for note in list_vault(vault, journal.config).notes:
        if names.read(note).date == day:
            return note
    return None


def new_entry(vault: Path, day: dt.date, now: dt.datetime) -> str:
    """Create the entry for `day` from the vault's template (or the built-in one).

    `now` fills `{{time}}`. Returns the new file's vault-relative path; raises
    `EntryExists` rather than touch an existing entry, or make a second one for a day
    that has its entry under another name.
    """
    config, _vocabulary, _registry = open_vault(vault)
    settings = vault_daily_notes(vault, config.date_formats)
    relative = entry_path(settings, day)
    if any(len(part.encode("utf-8")) > 255 for part in relative.split("/")):
        raise SettingsError(
            "the daily-note format or folder in Obsidian's settings makes a file name over 255 "
            "bytes, longer than a file system takes; shorten it"
        )
    target = inside(vault, relative)
    for folder in config.journal:
        if not (vault / folder).is_dir() and relative.startswith(f"{folder}/"):
            # The first entry of a journal folder makes it (it is refused while missing).
            make_folders(inside(vault, folder))
    found = existing_entry(vault, day, relative)
    if found is not None:
        raise EntryExists(found, None if found == relative else day)
    try:
        inside(vault, f"{settings.template}.md")
    except WriteError:
        raise SettingsError(
            f"{printable(settings.template)}.md: the entry template the settings name is "
            "outside the vault; it is not read"
        ) from None
    own = _read_text(vault, f"{settings.template}.md")
    template = own if own is not None else (template_root() / TEMPLATE_ENTRY).read_text("utf-8")
    moment = dt.datetime.combine(day, now.time())
    title = relative.rsplit("/", 1)[-1][:-3]
    text = fill_template(template, moment, title, settings)
    try:
        created = create_new(target, text.encode("utf-8"))
    except OSError as error:
        raise WriteError(f"{relative}: could not be created ({error.strerror})") from None
    if not created:
        raise EntryExists(relative)
    return relative


def not_read_note(vault: Path, relative: str) -> str | None:
    """What to tell the person when the entry `relative` (just made by `new_entry`) is
    outside the journal folders, so that plainheal will not read it: Obsidian's daily-notes
    folder moved elsewhere, say. None when it is read."""
    config = open_vault(vault)[0]
    if not outside_journal(as_on_disk(vault, relative, config.journal), config):
        return None
    folders = ", ".join(printable(folder) for folder in config.journal)
    return (
        f"note: {printable(relative)} is outside the journal folders of plainheal.toml "
        f"({folders}), so plainheal does not read it; add its folder to `journal` there"
    )
