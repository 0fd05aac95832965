"""`plainheal.toml` at the vault root: folders, discovery date, thresholds, vocabulary."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from plainheal.api import Thresholds
from plainheal.entry import EARLIEST, LATEST
from plainheal.read.moment import FormatError, compile_format
from plainheal.vocabulary import (
    RESERVED_KEYS,
    Checklist,
    Dimension,
    Rating,
    Vocabulary,
    definition_problems,
    normalize_key,
)

CONFIG_NAME = "plainheal.toml"


class ConfigError(Exception):
    """`plainheal.toml` is not valid; the message says where and why."""


@dataclass(frozen=True)
class Config:
    """A vault's settings; every field has a default so a vault needs no config at all."""

    journal: tuple[str, ...] = ()  # folders holding entries; empty means the whole vault
    output: str = "Patterns"
    templates: tuple[str, ...] = ("Templates",)
    discovery: dt.date | None = None
    thresholds: Thresholds = field(default_factory=Thresholds)
    vocabulary: Vocabulary = field(default_factory=Vocabulary)  # the vault's additions
    # How file names give a day, in the order tried: `date_formats` of plainheal.toml, then
    # (added when the vault is opened) the daily-note formats of Obsidian's settings.
    date_formats: tuple[str, ...] = ()
    # Template folders of Obsidian's settings (added when the vault is opened), read as
    # `templates` are: never as entries.
    app_templates: tuple[str, ...] = ()
    # Where Obsidian's settings make daily notes, and the settings file naming it (see
    # `obsidian.daily_folder`): `check` warns when that is not a journal folder.
    daily_folder: tuple[str, str] | None = None


def _has_control(text: str) -> bool:
    return any(not character.isprintable() for character in text)


def _folder(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{name} should be a folder name inside the vault")
    if _has_control(value):
        raise ConfigError(f"{name} should be a folder name without control characters")
    cleaned = value.strip().replace("\\", "/").strip("/")
    parts = cleaned.split("/")
    if value.strip().startswith(("/", "\\")) or any(p in ("", ".", "..") for p in parts):
        raise ConfigError(f"{name} {value!r} must be a folder inside the vault")
    return cleaned


def _same_or_inside(inner: str, outer: str) -> bool:
    """`inner` is `outer` or a folder under it (compared as a case-insensitive volume would)."""
    inner, outer = inner.casefold(), outer.casefold()
    return inner == outer or inner.startswith(outer + "/")


def _check_folders(journal: tuple[str, ...], output: str, templates: tuple[str, ...]) -> None:
    """The output and templates folders must be apart from every journal folder."""
    for folder in journal:
        if _same_or_inside(output, folder) or _same_or_inside(folder, output):
            raise ConfigError(
                f"output {output!r} overlaps the journal folder {folder!r}; summaries and "
                "entries need folders of their own"
            )
        for template in templates:
            if _same_or_inside(folder, template):
                raise ConfigError(
                    f"templates {template!r} holds the journal folder {folder!r}; "
                    "no entry would be read"
                )


def _folders(value: Any, name: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise ConfigError(f"{name} should be a folder name or a list of them")
    return tuple(_folder(item, name) for item in items)


def _text(table: Mapping[str, Any], key: str, where: str) -> str:
    value = table.get(key, "")
    if not isinstance(value, str) or _has_control(value):
        raise ConfigError(f"{where}.{key} should be text on one line")
    return value


def _aliases(table: Mapping[str, Any], where: str) -> dict[str, str]:
    value = table.get("aliases", {})
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ConfigError(f'{where}.aliases should be a table like {{ asked = "on-request" }}')
    return dict(value)


def _dimension(key: str, table: Any, base: Dimension | None) -> Dimension:
    where = f"dimensions.{key}"
    if not isinstance(table, dict):
        raise ConfigError(f"[{where}] should be a table")
    values = table.get("values")
    if values is None and base is None:
        raise ConfigError(f"[{where}] needs values, e.g. values = {{ open = 1, guarded = -1 }}")
    if values is not None:
        if not isinstance(values, dict) or not values:
            raise ConfigError(f"{where}.values should be a table of value = score")
        for value, score in values.items():
            if score not in (-1, 0, 1) or isinstance(score, bool):
                raise ConfigError(f"{where}.values.{value} should be 1, 0 or -1")
    aliases = _aliases(table, where)
    scores = dict(values) if values is not None else dict(base.scores if base else {})
    for alias, target in aliases.items():
        if target not in scores:
            raise ConfigError(f"{where}.aliases.{alias} points to {target!r}, not a value")
    return Dimension(
        key,
        scores,
        {**(base.aliases if base and values is None else {}), **aliases},
        _text(table, "label", where) or (base.label if base else ""),
        _text(table, "question", where) or (base.question if base else ""),
    )


def _rating(key: str, table: Any, base: Rating | None) -> Rating:
    where = f"ratings.{key}"
    if not isinstance(table, dict):
        raise ConfigError(f"[{where}] should be a table")
    low, high = (base.low, base.high) if base else (1, 5)
    if "range" in table:
        bounds = table["range"]
        if not (isinstance(bounds, list) and len(bounds) == 2):
            raise ConfigError(f"{where}.range should be [low, high], e.g. [1, 10]")
        low, high = bounds
    if not (isinstance(low, int) and isinstance(high, int) and low < high):
        raise ConfigError(f"{where}.range should be two whole numbers, low before high")
    return Rating(
        key,
        low,
        high,
        _text(table, "label", where) or (base.label if base else ""),
        _text(table, "question", where) or (base.question if base else ""),
    )


def _checklist(key: str, table: Any, base: Checklist | None) -> Checklist:
    where = f"checklists.{key}"
    if not isinstance(table, dict):
        raise ConfigError(f"[{where}] should be a table")
    items = table.get("items", [])
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise ConfigError(f"{where}.items should be a list of words")
    merged = tuple(dict.fromkeys([*(base.items if base else ()), *items]))
    if not merged:
        raise ConfigError(f'[{where}] needs items, e.g. items = ["validation"]')
    aliases = _aliases(table, where)
    return Checklist(
        key,
        merged,
        {**(base.aliases if base else {}), **aliases},
        _text(table, "label", where) or (base.label if base else ""),
        _text(table, "question", where) or (base.question if base else ""),
    )


def _vocabulary(document: Mapping[str, Any], base: Vocabulary) -> Vocabulary:
    """The vault's additions and changes, each resolved against `base`."""
    dimensions: dict[str, Dimension] = {}
    ratings: dict[str, Rating] = {}
    checklists: dict[str, Checklist] = {}
    for section in ("dimensions", "ratings", "checklists"):
        tables = document.get(section, {})
        if not isinstance(tables, dict):
            raise ConfigError(f"[{section}] should hold one table per key")
        for raw_key, table in tables.items():
            key = normalize_key(raw_key)
            if key in RESERVED_KEYS:
                raise ConfigError(
                    f"[{section}.{raw_key}]: {key!r} is reserved for plainheal itself "
                    f"({', '.join(sorted(RESERVED_KEYS))}); choose another name"
                )
            if section == "dimensions":
                dimensions[key] = _dimension(key, table, base.dimensions.get(key))
            elif section == "ratings":
                ratings[key] = _rating(key, table, base.ratings.get(key))
            else:
                checklists[key] = _checklist(key, table, base.checklists.get(key))
    clash = (
        (dimensions.keys() & ratings.keys())
        | (dimensions.keys() & checklists.keys())
        | (ratings.keys() & checklists.keys())
    )
    if clash:
        raise ConfigError(f"{', '.join(sorted(clash))} is defined as two kinds of property")
    vocabulary = Vocabulary(dimensions, ratings, checklists)
    problems = definition_problems(vocabulary)
    if problems:
        raise ConfigError("; ".join(problems))
    return vocabulary


# Sensible bounds for thresholds, by name. A threshold not named here is bounded by its
# kind and the end of its name (`_days`, `_weeks`, `_share`, ...), so a new one is never
# accepted unchecked; see `threshold_bounds`.
_BOUNDS: dict[str, tuple[float, float]] = {
    "min_entries": (1, 1000),
    "link_difference": (0, 100),  # points on a rating's own scale (ranges are configurable)
    "min_rating_change": (0, 100),  # likewise
    "alpha": (0.000001, 1),  # a chance level of 0 would never say anything
    "trend_slope": (0, 2),  # score change per week; scores lie in -1..1
    "modified_grace_seconds": (0, 3600),
}
_SHARE_ENDINGS = ("_share", "_drop", "_fraction", "_rate", "_level", "alpha", "fdr")
MAX_DAYS = 3660  # ten years: a window longer than that is a typo


def threshold_bounds(name: str, kind: type) -> tuple[float, float]:
    """The (low, high) a threshold may take, both inclusive."""
    if name in _BOUNDS:
        return _BOUNDS[name]
    if kind is int:
        if name.endswith("_days"):
            return (1, MAX_DAYS)
        if name.endswith("_weeks"):
            return (1, MAX_DAYS // 7)
        return (1, 100_000)
    if name.endswith(_SHARE_ENDINGS) or name.endswith("_weeks"):  # `steady_weeks` is a share
        return (0, 1)
    return (0, 1_000_000)


def _threshold(name: str, value: Any, kind: type) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"thresholds.{name} should be a number")
    if not math.isfinite(value):
        raise ConfigError(f"thresholds.{name} should be a finite number, not {value}")
    if kind is int and not isinstance(value, int):
        raise ConfigError(f"thresholds.{name} should be a whole number")
    low, high = threshold_bounds(name, kind)
    if not low <= value <= high:
        if low == 1 and value < 1:
            raise ConfigError(f"thresholds.{name} should be at least 1")
        raise ConfigError(f"thresholds.{name} should be between {low:g} and {high:g}")
    return kind(value)  # type: ignore[no-any-return]


def _date_formats(value: Any) -> tuple[str, ...]:
    example = 'date_formats = ["DD.MM.YYYY", "YYYYMMDD"]'
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"date_formats should be a list of date formats, e.g. {example}")
    if len(value) > 20:
        raise ConfigError("date_formats should list at most 20 formats")
    for position, pattern in enumerate(value, start=1):
        try:
            compile_format(pattern.strip())
        except FormatError as error:
            raise ConfigError(f"date_formats: format {position} {error}") from None
    return tuple(pattern.strip() for pattern in value)


def plugin_defaults(declared: Mapping[str, float | int]) -> Thresholds:
    """The default thresholds, with those the installed plugins declare."""
    return Thresholds(plugin_values=tuple(sorted(declared.items())))


def _thresholds(table: Any, declared: Mapping[str, float | int]) -> Thresholds:
    if not isinstance(table, dict):
        raise ConfigError("[thresholds] should be a table")
    defaults = Thresholds()
    known = {
        **{f.name: type(getattr(defaults, f.name)) for f in fields(Thresholds)},
        **{name: type(value) for name, value in declared.items()},
    }
    del known["plugin_values"]
    changes: dict[str, Any] = {}
    for name, value in table.items():
        if name not in known:
            raise ConfigError(f"thresholds.{name} is not a threshold; known: {', '.join(known)}")
        changes[name] = _threshold(name, value, known[name])
    own = {name: changes.pop(name, default) for name, default in declared.items()}
    return replace(plugin_defaults(own), **changes)


_KNOWN_SECTIONS = {
    "journal",
    "output",
    "templates",
    "discovery",
    "thresholds",
    "dimensions",
    "ratings",
    "checklists",
    "date_formats",
}


def parse_config(
    text: str, base: Vocabulary, declared: Mapping[str, float | int] | None = None
) -> Config:
    """Parse the text of `plainheal.toml`; vocabulary entries are checked against `base`,
    thresholds against plainheal's own and those the plugins declared (name → default)."""
    # Windows editors may start the file with a byte-order mark; TOML does not allow one.
    text = text.removeprefix("\ufeff")
    import tomllib  # here: most vaults have no plainheal.toml, and most runs never need it

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"is not valid TOML: {error}") from None
    unknown = sorted(set(document) - _KNOWN_SECTIONS)
    if unknown:
        raise ConfigError(
            f"does not know {', '.join(unknown)}; known: {', '.join(sorted(_KNOWN_SECTIONS))}"
        )
    discovery = document.get("discovery")
    if discovery is not None and (
        isinstance(discovery, dt.datetime) or not isinstance(discovery, dt.date)
    ):
        raise ConfigError("discovery should be a date, e.g. discovery = 2026-06-01")
    if discovery is not None and not EARLIEST <= discovery <= LATEST:
        raise ConfigError(f"discovery should be a date between {EARLIEST.year} and {LATEST.year}")
    journal = _folders(document["journal"], "journal") if "journal" in document else ()
    output = _folder(document.get("output", "Patterns"), "output")
    templates = _folders(document.get("templates", ["Templates"]), "templates")
    _check_folders(journal, output, templates)
    return Config(
        journal=journal,
        output=output,
        templates=templates,
        discovery=discovery,
        thresholds=_thresholds(document.get("thresholds", {}), declared or {}),
        vocabulary=_vocabulary(document, base),
        date_formats=_date_formats(document.get("date_formats", [])),
    )
