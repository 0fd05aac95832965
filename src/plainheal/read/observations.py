"""Property values → what an entry records: tags, privacy, events, observations, ratings."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from plainheal.entry import EARLIEST, LATEST, Problem
from plainheal.read.body import might_hold_observations, scan_body
from plainheal.read.privacy import (
    ANY_PRIVATE,
    PRIVATE,
    Privacy,
    typed_private,
)
from plainheal.read.properties import key_lines
from plainheal.vocabulary import Resolved, Vocabulary, normalize_key

BOM = "\ufeff"
TAG_KEYS = ("tags", "tag")
_FLAG_WORDS = {"true": True, "yes": True, "false": False, "no": False}


class _Raw(NamedTuple):
    """An observation as written, before it is checked against the vocabulary."""

    key: str  # normalised
    value: Any
    line: int | None  # a body line; for a property, found from `property` when needed
    property: str | None = None


_NUMBER = re.compile(r"[+-]?[0-9]{1,6}(?:[.,][0-9]{1,6})?")


def _shown(value: object, *, attempt: bool = False) -> str:
    """A value as it may appear in a message: never the person's own words.

    A word is named only when it is an `attempt` at a vocabulary word (`proactve`, which
    comes with its did-you-mean); any other word may be a name or a feeling (`'Jessica'`,
    `'terrified'`), on a screen someone else may see, so it is described. A plain number
    (`3.5` for a rating) is shown: it says what is wrong and tells nothing of the journal.
    """
    text = str(value).strip() if isinstance(value, str | int | float) else ""
    if len(text.split()) > 1 and text.isprintable():
        return "a sentence (not repeated here)"  # a thought typed where a word belongs
    if not text or len(text) > 24 or not all(c.isprintable() and not c.isspace() for c in text):
        return "a value (not repeated here)"
    if _NUMBER.fullmatch(text) or (attempt and text.isprintable()):
        return repr(text)
    if any(c.isdigit() for c in text):
        return "a value (not repeated here)"  # `0x3`, `1_0`: not a plain number
    return "a word (not repeated here)"


def _near(value: object, suggestion: str | None) -> bool:
    """True if `value` is a slip of `suggestion` (`proactve`), close enough to be named: a
    name that only starts like a word (`Val`, for validation) is not."""
    if suggestion is None:
        return False
    word = str(value).strip().casefold()
    return difflib.SequenceMatcher(None, word, suggestion.casefold()).ratio() >= 0.75


def shown_key(key: str) -> str:
    """A property name for a message: named when it is a short name, else described."""
    if len(key) > 32 or len(key.split()) > 3 or not key.isprintable():
        return "a property (its long or unusual name is not repeated here)"
    return repr(key)


_ISO_DATE = re.compile(r"\s*([0-9]{4})-([0-9]{2})-([0-9]{2})")


def _date_message(value: object) -> str:
    """Why a `date` value is not a date, without repeating it (it may be a sentence)."""
    match = _ISO_DATE.match(value) if isinstance(value, str) else None
    if match is None:
        return "date: the value is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20"
    try:
        dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return f"date: {match.group(0).strip()} is not a real calendar date"
    return f"date: {match.group(0).strip()} is followed by a time that is not valid"


def out_of_range(date: dt.date) -> bool:
    return not EARLIEST <= date <= LATEST


DATE_RANGE = f"between {EARLIEST.year} and {LATEST.year}"


def tag_words(value: Any, *, split_items: bool = False) -> Iterator[str]:
    """The tags of a frontmatter `tags` value: a list, or a comma/space separated string.

    A list item is one tag, spaces and all (`- transparency/when asked`); a plain string
    holds several, split on commas and spaces (`tags: a, b`). `split_items` splits list
    items too: for the signs of privacy, which fail closed.
    """
    if isinstance(value, str):
        items, split = [value], True
    else:
        items, split = (value if isinstance(value, list) else []), split_items
    for item in items:
        if not isinstance(item, str):
            continue
        words = item.replace(",", " ").split() if split else [item.strip()]
        for word in words:
            tag = word.lstrip("#").strip()
            if tag:
                yield tag


def strings(value: Any) -> list[str]:
    """Every text inside a value, however nested (lists, mappings' keys and values)."""
    found: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
    return found


def _split_tag(tag: str) -> tuple[str, str] | None:
    for separator in ("/", ":"):
        if separator in tag:
            key, _, value = tag.partition(separator)
            return key, value
    return None


_SPECIAL_KEYS = frozenset({"date", "private", "share", "event"})
EVENT_LABEL_MAX = 40  # characters: an event is a short label, never a sentence of the journal
# Markdown parsing costs up to ~30 µs a character on hostile text (thousands of `[`); a
# body longer than this (a short novel) has its text searched only for signs of privacy.
MAX_SCANNED_BODY = 256 * 1024


def too_long_to_scan(body: str) -> bool:
    return len(body) > MAX_SCANNED_BODY and might_hold_observations(body)


def is_private_tag(tag: str) -> bool:
    """`private`, or a nested or keyed form of it (`private/x`, `private:x`)."""
    head = _split_tag(tag)
    return normalize_key(head[0] if head is not None else tag) == PRIVATE


def raw_observations(
    properties: dict[Any, Any],
    body: str,
    body_line: int,
    vocabulary: Vocabulary,
    special: dict[str, str],
    privacy: Privacy,
) -> list[_Raw]:
    """Every observation the note writes, from properties, tags and body, in file order.

    Fills `special` with the property names used for `date` and `share`, and `privacy`
    with every sign of privacy (property, tag, body tag or inline field).
    """
    known = vocabulary.known_keys
    raw: list[_Raw] = []
    for key, value in properties.items():
        if not isinstance(key, str):
            continue
        folded = normalize_key(key)
        if folded in known:
            if isinstance(value, list):
                raw.extend([_Raw(folded, item, None, key) for item in value])
            else:
                raw.append(_Raw(folded, value, None, key))
        elif folded == PRIVATE:
            privacy.value(value, key)
        elif folded in _SPECIAL_KEYS:
            special.setdefault(folded, key)
        elif folded in TAG_KEYS:
            if any(is_private_tag(tag) for tag in tag_words(strings(value), split_items=True)):
                privacy.private = True  # however deeply it is written (fails closed)
            for tag in tag_words(value):
                parts = _split_tag(tag)
                if is_private_tag(tag):
                    continue
                if parts is not None and normalize_key(parts[0]) in known:
                    raw.append(_Raw(normalize_key(parts[0]), parts[1], None, key))
    if too_long_to_scan(body):
        # Too long to parse as Markdown promptly: its tags and fields are not read, but any
        # sign of privacy anywhere in it still counts (fails closed).
        privacy.private |= ANY_PRIVATE.search(body) is not None
        body = ""
    privacy.private |= typed_private(body)
    for found in scan_body(body):
        folded = normalize_key(found.key)
        if folded == PRIVATE:
            if found.tag:
                privacy.private = True
            else:
                privacy.value(found.value, found.key)
        elif folded in known:
            raw.append(_Raw(folded, found.value, body_line + found.line - 1))
    return raw


@dataclass
class _Collected:
    observations: dict[str, list[str]]
    ratings: dict[str, int]
    checklists: dict[str, list[str]]


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# An outcome of one raw value: ("observation" | "rating" | "item", key, value) or
# ("warning", code, message). Computed once per distinct (key, value) and remembered.
_Outcome = tuple[str, str, Any]


def _interpret(key: str, value: Any, vocabulary: Vocabulary) -> tuple[_Outcome, ...]:
    """What one raw value of a known key means, or the warning it deserves."""
    if key in vocabulary.dimensions:
        dimension = vocabulary.dimensions[key]
        result = dimension.resolve(str(value))
        if isinstance(result, Resolved):
            return (("observation", key, result.value),)
        hint = f"; did you mean {result.suggestion!r}?" if result.suggestion else ""
        if not hint and _shown(value).startswith("a sentence"):
            hint = "; write one of these words, and the rest below the properties"
        shown = _shown(value, attempt=_near(value, result.suggestion))
        message = f"{key}: {shown} is not one of {', '.join(dimension.values)}{hint}"
        return (("warning", "unknown-value", message),)
    if key in vocabulary.ratings:
        rating = vocabulary.ratings[key]
        number = _as_int(value)
        if number is None:
            message = (
                f"{key}: {_shown(value)} should be a whole number "
                f"from {rating.low} to {rating.high}"
            )
            return (("warning", "rating-not-a-number", message),)
        if not rating.low <= number <= rating.high:
            message = f"{key}: {number} is outside {rating.low}–{rating.high}; left out"
            return (("warning", "rating-out-of-range", message),)
        return (("rating", key, number),)
    checklist = vocabulary.checklists[key]
    outcomes: list[_Outcome] = []
    for word in str(value).split(",") if isinstance(value, str) else [value]:
        if is_blank(word):
            continue
        result = checklist.resolve(str(word))
        if isinstance(result, Resolved):
            outcomes.append(("item", key, result.value))
        else:
            hint = f"; did you mean {result.suggestion!r}?" if result.suggestion else ""
            shown = _shown(word, attempt=_near(word, result.suggestion))
            message = f"{key}: {shown} is not one of {', '.join(checklist.items)}{hint}"
            outcomes.append(("warning", "unknown-item", message))
    return tuple(outcomes)


def _outcomes(key: str, value: Any, vocabulary: Vocabulary) -> tuple[_Outcome, ...]:
    if is_blank(value):
        return ()  # an empty property is simply unanswered
    return _interpret(key, value, vocabulary)


def collect(
    path: str, raw: list[_Raw], vocabulary: Vocabulary, frontmatter: str
) -> tuple[_Collected, list[Problem]]:
    """Resolve raw observations against the vocabulary; near misses become warnings."""
    collected = _Collected({}, {}, {})
    problems: list[Problem] = []
    lines: dict[str, int] = {}
    memo = vocabulary.memo

    def line_of(item: _Raw) -> int | None:
        if item.property is None:
            return item.line
        if not lines:  # only a file with a problem pays for finding its lines
            lines.update(key_lines(frontmatter))
        return lines.get(item.property)

    for item in raw:
        value = item.value
        memo_key = (item.key, type(value), value)
        try:
            outcomes = memo[memo_key]
        except TypeError:  # an unhashable value (a nested list or mapping)
            outcomes = _outcomes(item.key, value, vocabulary)
        except KeyError:
            outcomes = _outcomes(item.key, value, vocabulary)
            if len(memo) < 20_000:
                memo[memo_key] = outcomes
        for kind, key, result in outcomes:
            if kind == "observation":
                collected.observations.setdefault(key, []).append(result)
            elif kind == "item":
                collected.checklists.setdefault(key, []).append(result)
            elif kind == "rating":
                first = collected.ratings.setdefault(key, result)
                if first != result:
                    message = (
                        f"{key} is given more than once with different numbers; "
                        f"the first ({first}) is used"
                    )
                    problems.append(
                        Problem(path, "warning", "rating-repeated", message, line_of(item))
                    )
            else:
                problems.append(Problem(path, "warning", key, result, line_of(item)))
    return collected, problems


_PLAIN_NUMBER = re.compile(r"[0-9]{1,9}")


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _PLAIN_NUMBER.fullmatch(value.strip()):
        return int(value.strip())  # only plain digits: `²` or `٣` are not numbers here
    return None


def event_labels(value: Any) -> tuple[tuple[str, ...], bool]:
    """The labels of `event:` (one or a list) and whether any was refused: a label is a
    few printable words on one line; anything longer is a sentence and is not kept."""
    items = value if isinstance(value, list) else [value]
    labels: list[str] = []
    refused = False
    for item in items:
        if item is None or (isinstance(item, str) and not item.strip()):
            continue
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            refused = True
            continue
        label = " ".join(str(item).split())
        if len(label) > EVENT_LABEL_MAX or not label.isprintable():
            refused = True
            continue
        if label not in labels:
            labels.append(label)
    return tuple(labels), refused


def flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _FLAG_WORDS.get(value.strip().lower(), False)
    return False
