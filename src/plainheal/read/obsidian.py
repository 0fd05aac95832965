"""What Obsidian keeps in `.obsidian/`: daily-notes settings and property types."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from plainheal.vocabulary import Vocabulary

DEFAULT_FOLDER = "Journal"
DEFAULT_FORMAT = "YYYY-MM-DD"
DEFAULT_TEMPLATE = "Templates/Journal entry"


@dataclass(frozen=True)
class DailyNotes:
    """Where a day's entry goes and which template it starts from."""

    folder: str = DEFAULT_FOLDER
    format: str = DEFAULT_FORMAT
    template: str = DEFAULT_TEMPLATE  # vault-relative, without `.md`, as Obsidian stores it
    date_format: str = DEFAULT_FORMAT  # for `{{date}}` in templates (Templates plugin)
    time_format: str = "HH:mm"


class SettingsError(Exception):
    """An Obsidian settings file is not valid JSON."""


def _load(text: str | None, name: str) -> dict[str, Any]:
    if text is None:
        return {}
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise SettingsError(f".obsidian/{name} is not valid JSON: {error}") from None
    except RecursionError:
        raise SettingsError(f".obsidian/{name} is not valid JSON: nested too deeply") from None
    return document if isinstance(document, dict) else {}


# Obsidian's settings that name a folder of templates: the core Templates plugin, Templater.
TEMPLATE_SETTINGS = (
    (".obsidian/templates.json", "folder"),
    (".obsidian/plugins/templater-obsidian/data.json", "templates_folder"),
)


def template_folders(*settings_texts: str | None) -> tuple[str, ...]:
    """The folders named by the texts of `TEMPLATE_SETTINGS` (in that order, `None` for a
    file that is not there). Their notes are templates, never entries. A settings file that
    cannot be read names none: it decides nothing else here."""
    found: list[str] = []
    for text, (_, key) in zip(settings_texts, TEMPLATE_SETTINGS, strict=True):
        try:
            document = json.loads(text) if text else {}
        except (json.JSONDecodeError, RecursionError):
            continue
        value = document.get(key) if isinstance(document, dict) else None
        if not isinstance(value, str) or not value.isprintable():
            continue
        folder = value.strip().strip("/")
        parts = folder.split("/")
        if folder and not any(part in ("", ".", "..") or part.startswith(".") for part in parts):
            found.append(folder)
    return tuple(dict.fromkeys(found))


def daily_notes(daily_notes_json: str | None, templates_json: str | None) -> DailyNotes:
    """The daily-notes settings from the text of Obsidian's two settings files (or defaults)."""
    daily = _load(daily_notes_json, "daily-notes.json")
    templates = _load(templates_json, "templates.json")

    def text(document: dict[str, Any], key: str, default: str) -> str:
        value = document.get(key)
        if isinstance(value, str) and not value.isprintable():
            # A NUL or a line break in a format or folder would become part of a file name.
            name = "daily-notes.json" if document is daily else "templates.json"
            raise SettingsError(f".obsidian/{name}: {key} holds a control character; fix it")
        return value.strip().strip("/") if isinstance(value, str) and value.strip() else default

    template = text(daily, "template", DEFAULT_TEMPLATE)
    if template.lower().endswith(".md"):
        template = template[:-3]
    return DailyNotes(
        folder=text(daily, "folder", "") if "folder" in daily else DEFAULT_FOLDER,
        format=text(daily, "format", DEFAULT_FORMAT),
        template=template,
        date_format=text(templates, "dateFormat", DEFAULT_FORMAT),
        time_format=text(templates, "timeFormat", "HH:mm"),
    )


def property_types(vocabulary: Vocabulary) -> dict[str, str]:
    """Obsidian's property type for every key a journal uses."""
    types = {"date": "date", "tags": "tags"}
    types.update({key: "number" for key in vocabulary.ratings})
    types.update({key: "text" for key in vocabulary.dimensions})
    types.update({key: "multitext" for key in vocabulary.checklists})
    types.update({"event": "multitext", "private": "checkbox", "share": "checkbox"})
    return types


def types_json(vocabulary: Vocabulary) -> str:
    """The text of `.obsidian/types.json` for a vocabulary."""
    return json.dumps({"types": property_types(vocabulary)}, indent=2) + "\n"


# Where Obsidian's settings name the folder of daily notes: Periodic Notes (when its daily
# notes are on), else the core Daily notes plugin.
DAILY_SETTINGS = ".obsidian/daily-notes.json"
PERIODIC_SETTINGS = ".obsidian/plugins/periodic-notes/data.json"


def daily_folder(
    daily_notes_json: str | None, periodic_daily: dict[str, Any] | None
) -> tuple[str, str] | None:
    """(folder, settings file) where Obsidian makes daily notes (`""`: the vault's top
    folder, Obsidian's own default when the settings name none); None without such settings,
    or when they cannot be read or name a folder no file system could hold (they decide
    nothing then)."""
    if periodic_daily is not None:
        folder = periodic_daily.get("folder")
        return _plain(folder if isinstance(folder, str) else "", PERIODIC_SETTINGS)
    if daily_notes_json is None:
        return None
    try:
        document = _load(daily_notes_json, "daily-notes.json")
    except SettingsError:
        return None
    folder = document.get("folder", "")
    return _plain(folder, DAILY_SETTINGS) if isinstance(folder, str) else None


def _plain(folder: str, settings: str) -> tuple[str, str] | None:
    """The folder as Obsidian reads it; None for a name with a control character or one that
    is not text (a lone surrogate), which no file system could hold."""
    try:
        folder.encode("utf-8")
    except UnicodeEncodeError:
        return None
    if not folder.isprintable():
        return None
    return folder.strip().strip("/"), settings
