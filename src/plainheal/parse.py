"""One file's bytes → an entry (or not) and its problems. Pure: no disk, no clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from plainheal.body import scan_body
from plainheal.dates import BadDate, date_from_name, parse_date_property
from plainheal.entry import Entry, FileResult, Problem
from plainheal.properties import FrontmatterError, key_line, load_properties, split
from plainheal.vocabulary import Resolved, Vocabulary, normalize_key, resolve

_BOM = "\ufeff"
_TAG_KEYS = ("tags", "tag")
_FLAG_WORDS = {"true": True, "yes": True, "false": False, "no": False}


@dataclass(frozen=True)
class _Raw:
    """An observation as written, before it is checked against the vocabulary."""

    key: str  # normalised
    value: Any
    line: int | None


def _shown(value: object) -> str:
    """A value as it may appear in a message: one short word at most, never journal text."""
    text = str(value).strip()
    if len(text) > 24 or any(c.isspace() for c in text):
        return "a sentence (not repeated here)"
    return repr(text)


def decode(path: str, data: bytes) -> tuple[str | None, Problem | None]:
    """The text of a file, or the problem that stops it being read."""
    if b"\x00" in data[:8192]:
        return None, Problem(path, "error", "binary", "looks like a binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        message = "is not UTF-8 text; save it as UTF-8 (most editors can) and run again"
        return None, Problem(path, "error", "not-utf8", message, line)
    if text.startswith(_BOM):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def _tag_words(value: Any) -> Iterator[str]:
    """The tags of a frontmatter `tags` value: a list, or a comma/space separated string."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, str):
            for word in item.replace(",", " ").split():
                yield word.lstrip("#")


def _split_tag(tag: str) -> tuple[str, str] | None:
    for separator in ("/", ":"):
        if separator in tag:
            key, _, value = tag.partition(separator)
            return key, value
    return None


def _raw_observations(
    properties: dict[Any, Any], frontmatter: str, body: str, body_line: int, vocabulary: Vocabulary
) -> list[_Raw]:
    """Every observation the note writes, from properties, tags and body, in file order."""
    known = vocabulary.all_keys()
    raw: list[_Raw] = []
    for key, value in properties.items():
        if not isinstance(key, str):
            continue
        folded = normalize_key(key)
        if folded in known:
            line = key_line(frontmatter, key)
            values = value if isinstance(value, list) else [value]
            raw.extend(_Raw(folded, item, line) for item in values)
        elif folded in _TAG_KEYS:
            line = key_line(frontmatter, key)
            for tag in _tag_words(value):
                parts = _split_tag(tag)
                if parts is not None and normalize_key(parts[0]) in known:
                    raw.append(_Raw(normalize_key(parts[0]), parts[1], line))
    for found in scan_body(body):
        folded = normalize_key(found.key)
        if folded in known:
            raw.append(_Raw(folded, found.value, body_line + found.line - 1))
    return raw


@dataclass
class _Collected:
    observations: dict[str, list[str]]
    ratings: dict[str, int]
    checklists: dict[str, list[str]]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _collect(
    path: str, raw: list[_Raw], vocabulary: Vocabulary
) -> tuple[_Collected, list[Problem]]:
    """Resolve raw observations against the vocabulary; near misses become warnings."""
    collected = _Collected({}, {}, {})
    problems: list[Problem] = []

    def warn(code: str, message: str, line: int | None) -> None:
        problems.append(Problem(path, "warning", code, message, line))

    for item in raw:
        if _blank(item.value):
            continue  # an empty property is simply unanswered
        if item.key in vocabulary.dimensions:
            dimension = vocabulary.dimensions[item.key]
            result = resolve(str(item.value), dimension.scores, dimension.aliases)
            if isinstance(result, Resolved):
                collected.observations.setdefault(item.key, []).append(result.value)
            else:
                hint = f"; did you mean {result.suggestion!r}?" if result.suggestion else ""
                choices = ", ".join(dimension.values)
                warn(
                    "unknown-value",
                    f"{item.key}: {_shown(item.value)} is not one of {choices}{hint}",
                    item.line,
                )
        elif item.key in vocabulary.ratings:
            rating = vocabulary.ratings[item.key]
            number = _as_int(item.value)
            if number is None:
                warn(
                    "rating-not-a-number",
                    f"{item.key}: {_shown(item.value)} should be a whole number "
                    f"from {rating.low} to {rating.high}",
                    item.line,
                )
            elif not rating.low <= number <= rating.high:
                warn(
                    "rating-out-of-range",
                    f"{item.key}: {number} is outside {rating.low}–{rating.high}; left out",
                    item.line,
                )
            elif collected.ratings.setdefault(item.key, number) != number:
                warn(
                    "rating-repeated",
                    f"{item.key} is given more than once with different numbers; "
                    f"the first ({collected.ratings[item.key]}) is used",
                    item.line,
                )
        else:
            checklist = vocabulary.checklists[item.key]
            words = str(item.value).split(",") if isinstance(item.value, str) else [item.value]
            for word in words:
                if _blank(word):
                    continue
                result = resolve(str(word), checklist.items, checklist.aliases)
                if isinstance(result, Resolved):
                    collected.checklists.setdefault(item.key, []).append(result.value)
                else:
                    hint = f"; did you mean {result.suggestion!r}?" if result.suggestion else ""
                    warn(
                        "unknown-item",
                        f"{item.key}: {_shown(word)} is not one of "
                        f"{', '.join(checklist.items)}{hint}",
                        item.line,
                    )
    return collected, problems


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _FLAG_WORDS.get(value.strip().lower(), False)
    return False


def parse_file(path: str, data: bytes, vocabulary: Vocabulary) -> FileResult:
    """Read one note: is it an entry, what does it observe, what is wrong with it.

    `path` is relative to the vault with `/` separators; it is only used to name the file
    in problems and to find a date in the file name. Never raises on any input.
    """
    text, problem = decode(path, data)
    if text is None:
        return FileResult(None, (problem,) if problem else ())
    name_date = date_from_name(path.rsplit("/", 1)[-1])
    if not text.strip():
        if name_date is None:
            return FileResult(None)
        empty = Problem(path, "warning", "empty", "is empty: nothing to read for this day")
        return FileResult(Entry(path, name_date), (empty,))

    def error(code: str, message: str, line: int | None) -> FileResult:
        return FileResult(None, (Problem(path, "error", code, message, line),))

    try:
        parts = split(text)
        properties = load_properties(parts.frontmatter) if parts.frontmatter is not None else {}
    except FrontmatterError as failure:
        return error("yaml-syntax", failure.message, failure.line)
    if properties is None:
        properties = {}
    if not isinstance(properties, dict):
        return error(
            "frontmatter-not-mapping",
            "the frontmatter should be a list of `key: value` properties",
            2,
        )
    if "plainheal" in properties:
        return FileResult(None, generated=True)

    frontmatter = parts.frontmatter or ""
    raw = _raw_observations(properties, frontmatter, parts.body, parts.body_line, vocabulary)
    collected, problems = _collect(path, raw, vocabulary)

    date: dt.date | None = name_date
    date_key = next((k for k in properties if isinstance(k, str) and k.lower() == "date"), None)
    if date_key is not None and not _blank(properties[date_key]):
        try:
            date = parse_date_property(properties[date_key])
        except BadDate as bad:
            fallback = (
                f"; using {name_date.isoformat()} from the file name"
                if name_date
                else "; this entry is left out of every time series"
            )
            problems.append(
                Problem(
                    path,
                    "error",
                    "invalid-date",
                    f"{bad}{fallback}",
                    key_line(frontmatter, date_key),
                )
            )

    if date is None and not raw:
        return FileResult(None, tuple(problems))
    if date is None:
        problems.append(
            Problem(
                path,
                "warning",
                "no-date",
                "has observations but no date: add `date: YYYY-MM-DD` or put the date in "
                "the file name; it is left out of every time series",
            )
        )
    flags = {normalize_key(k): v for k, v in properties.items() if isinstance(k, str)}
    entry = Entry(
        path=path,
        date=date,
        observations={k: tuple(sorted(set(v))) for k, v in sorted(collected.observations.items())},
        ratings=dict(sorted(collected.ratings.items())),
        checklists={k: tuple(sorted(set(v))) for k, v in sorted(collected.checklists.items())},
        private=_flag(flags.get("private")),
        share=_flag(flags.get("share")),
    )
    return FileResult(entry, tuple(problems))
