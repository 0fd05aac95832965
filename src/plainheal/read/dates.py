"""An entry's date: the frontmatter `date`, else a date in its name in one of the vault's formats.

The formats a name is read with, in the order they are tried: `date_formats` of
`plainheal.toml`, then the daily-note formats of Obsidian's settings (Periodic Notes when it is
on, the core Daily notes plugin, the Journals plugin's day journals), then `YYYY-MM-DD`. The
first format that names a real day wins, so an ambiguous name such as `01-02-2026` is read only
the way the vault says (and not at all when no format of the vault fits it).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from plainheal.read.moment import DateFormat, FormatError, NotADate, compile_format

ISO_FORMAT = "YYYY-MM-DD"

_ISO_PREFIX = re.compile(r"\s*([0-9]{4})-([0-9]{2})-([0-9]{2})(?:$|[T ])")


class BadDate(ValueError):
    """A `date` property that is not a real calendar date."""


def parse_date_property(value: object, date_formats: tuple[str, ...] = ()) -> dt.date:
    """A frontmatter date: a YAML date, an ISO date or datetime, or a date in a vault format.

    A datetime keeps the calendar date as written (no timezone conversion): the day the
    person wrote about is the day they named. A text that is not ISO is read with the
    vault's `date_formats` (`date: 03.02.2021` where Obsidian's templates write `DD.MM.YYYY`).
    Messages never repeat the value: it may be a sentence typed where a date belongs.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise BadDate("date should look like 2026-11-20")
    match = _ISO_PREFIX.match(value)
    if match is None:
        return _vault_date(value, date_formats)
    year, month, day = (int(part) for part in match.groups())
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise BadDate("date is not a real calendar date") from None
    rest = value.strip()[10:]
    if rest:
        try:
            dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise BadDate("date has a time that is not valid") from None
    return date


def _vault_date(value: str, date_formats: tuple[str, ...]) -> dt.date:
    for date_format in name_dates(date_formats).formats:
        try:
            day = date_format.whole(value)
        except NotADate:
            raise BadDate(
                f"date fits {date_format.pattern} but is not a real calendar date"
            ) from None
        if day is not None:
            return day
    raise BadDate(
        "date should look like 2026-11-20 (a date in another format can be read once the "
        "format is listed in `date_formats` of plainheal.toml)"
    )


@dataclass(frozen=True)
class NameDate:
    """What a note's path says about its day: the date, or the format it only half fits."""

    date: dt.date | None
    impossible: str | None = None  # a format the name fits with an impossible date


@dataclass(frozen=True)
class NameDates:
    """The vault's date formats, compiled, in the order they are tried."""

    formats: tuple[DateFormat, ...]

    def read(self, path: str) -> NameDate:
        """The day a vault-relative path names (`Journal/2021/02/03.md`, `03.02.2021.md`)."""
        stem = path[:-3] if path.lower().endswith(".md") else path
        name = stem.rsplit("/", 1)[-1]
        impossible = None
        for date_format in self.formats:
            try:
                day = date_format.find(stem if date_format.has_folders else name)
            except NotADate:
                impossible = impossible or date_format.pattern
                continue
            if day is not None:
                return NameDate(day)
        return NameDate(None, impossible)


@lru_cache(maxsize=64)
def name_dates(patterns: tuple[str, ...] = ()) -> NameDates:
    """`patterns` compiled once, `YYYY-MM-DD` last; formats that cannot name a day are skipped.

    (`plainheal.toml`'s formats are checked when it is read; Obsidian's settings may hold
    weekly or time formats that name no single day, and those simply do not apply.)
    """
    compiled: list[DateFormat] = []
    for pattern in dict.fromkeys((*patterns, ISO_FORMAT)):
        try:
            compiled.append(compile_format(pattern))
        except FormatError:
            continue
    return NameDates(tuple(compiled))


def date_from_name(name: str) -> dt.date | None:
    """The first real `YYYY-MM-DD` date in a file name, if any."""
    return name_dates().read(name).date


def _document(text: str | None) -> dict[str, Any]:
    if text is None:
        return {}
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return {}
    return document if isinstance(document, dict) else {}


def _format_of(settings: Any, key: str = "format") -> str | None:
    if not isinstance(settings, dict):
        return None
    value = settings.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def periodic_daily(periodic_notes_json: str | None) -> dict[str, Any] | None:
    """The Periodic Notes plugin's daily settings when its daily notes are on, else None.

    Its `data.json` holds `"daily": {"enabled", "format", "folder", "template"}`; version 1
    keeps them per calendar set, `"calendarSets": [{"day": {...}}]`.
    """
    document = _document(periodic_notes_json)
    candidates = [document.get("daily")]
    sets = document.get("calendarSets")
    if isinstance(sets, list):
        candidates += [s.get("day") for s in sets if isinstance(s, dict)]
    for daily in candidates:
        if isinstance(daily, dict) and daily.get("enabled") is True:
            return daily
    return None


def obsidian_formats(
    daily_notes_json: str | None,
    periodic_notes_json: str | None = None,
    journals_json: str | None = None,
) -> tuple[str, ...]:
    """The daily-note formats in Obsidian's settings files (given as text), in the order tried.

    Periodic Notes first when its daily notes are on (an empty format is its default,
    `YYYY-MM-DD`), then the core Daily notes plugin's `format`, then the `dateFormat` of every
    day journal of the Journals plugin (`"journals": {name: {"write": {"type": "day"}}}`).
    Unreadable settings give nothing: the file name is then read as `YYYY-MM-DD`.
    """
    formats: list[str] = []
    daily = periodic_daily(periodic_notes_json)
    if daily is not None:
        formats.append(_format_of(daily) or ISO_FORMAT)
    daily_format = _format_of(_document(daily_notes_json))
    if daily_format:
        formats.append(daily_format)
    journals = _document(journals_json).get("journals")
    if isinstance(journals, dict):
        for journal in journals.values():
            write = journal.get("write") if isinstance(journal, dict) else None
            if isinstance(write, dict) and write.get("type") == "day":
                formats.append(_format_of(journal, "dateFormat") or ISO_FORMAT)
    return tuple(dict.fromkeys(formats))
