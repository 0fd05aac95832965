"""The words a journal uses: scale dimensions, ratings and checklists, and how values resolve."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

_SEPARATORS = re.compile(r"[\s_-]+")


@lru_cache(maxsize=8192)
def normalize_word(word: str) -> str:
    """Fold case and treat `_`, `-` and spaces alike: `On_Request` → `on-request`."""
    return _SEPARATORS.sub("-", word.strip().lower()).strip("-")


@lru_cache(maxsize=8192)
def normalize_key(key: str) -> str:
    """Keys fold the same way as values, spelled with `_`: `Needs Met` → `needs_met`."""
    return normalize_word(key).replace("-", "_")


@dataclass(frozen=True)
class Dimension:
    """A scale dimension about the partner: each value has a score (+1, 0 or −1)."""

    key: str
    scores: Mapping[str, int]
    aliases: Mapping[str, str] = field(default_factory=dict)
    label: str = ""
    question: str = ""

    @property
    def values(self) -> tuple[str, ...]:
        """Values from most positive to most concerning."""
        return tuple(sorted(self.scores, key=lambda v: -self.scores[v]))

    def title(self) -> str:
        """The label shown in summaries."""
        return self.label or self.key.replace("_", " ").capitalize()

    @cached_property
    def _table(self) -> dict[str, str]:
        return _table(self.scores, self.aliases)

    def resolve(self, raw: str) -> Resolved | Unknown:
        """The value `raw` stands for (see `resolve`)."""
        return _lookup(raw, self._table)


@dataclass(frozen=True)
class Rating:
    """A self-rating, an integer between `low` and `high` inclusive."""

    key: str
    low: int = 1
    high: int = 5
    label: str = ""
    question: str = ""

    def title(self) -> str:
        """The label shown in summaries."""
        return self.label or self.key.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Checklist:
    """A list property whose items come from a fixed set (the needs lists)."""

    key: str
    items: tuple[str, ...]
    aliases: Mapping[str, str] = field(default_factory=dict)
    label: str = ""
    question: str = ""

    def title(self) -> str:
        """The label shown in summaries."""
        return self.label or self.key.replace("_", " ").capitalize()

    @cached_property
    def _table(self) -> dict[str, str]:
        return _table(self.items, self.aliases)

    def resolve(self, raw: str) -> Resolved | Unknown:
        """The item `raw` stands for (see `resolve`)."""
        return _lookup(raw, self._table)


@dataclass(frozen=True)
class Resolved:
    """A raw value matched to a known value of a dimension or checklist."""

    value: str


@dataclass(frozen=True)
class Unknown:
    """A raw value that matches nothing; `suggestion` is a close known value, if any."""

    raw: str
    suggestion: str | None


def _table(known: Iterable[str], aliases: Mapping[str, str]) -> dict[str, str]:
    """Folded spelling → canonical value, for known values and then aliases."""
    table = {normalize_word(alias): value for alias, value in aliases.items()}
    table.update({normalize_word(value): value for value in known})
    return table


def _lookup(raw: str, table: Mapping[str, str]) -> Resolved | Unknown:
    word = normalize_word(raw)
    if word in table:
        return Resolved(table[word])
    close = difflib.get_close_matches(word, list(table), n=1, cutoff=0.75)
    return Unknown(raw, table[close[0]] if close else None)


def resolve(raw: str, known: Iterable[str], aliases: Mapping[str, str]) -> Resolved | Unknown:
    """Match `raw` to a known value or alias, case- and separator-insensitively.

    A near miss is never guessed: it comes back as `Unknown` with a suggestion.
    """
    return _lookup(raw, _table(known, aliases))


class VocabularyError(Exception):
    """Two sources define the same key, or a definition is inconsistent."""


@dataclass(frozen=True)
class Vocabulary:
    """Every dimension, rating and checklist a vault understands, keyed by normalised key."""

    dimensions: Mapping[str, Dimension] = field(default_factory=dict)
    ratings: Mapping[str, Rating] = field(default_factory=dict)
    checklists: Mapping[str, Checklist] = field(default_factory=dict)

    @cached_property
    def known_keys(self) -> frozenset[str]:
        """All keys, normalised."""
        return frozenset({*self.dimensions, *self.ratings, *self.checklists})

    @cached_property
    def memo(self) -> dict[Any, Any]:
        """A cache for readers: the same raw value of the same key always means the same."""
        return {}

    def merged(self, other: Vocabulary, *, source: str, replace: bool = False) -> Vocabulary:
        """This vocabulary plus `other`.

        With `replace` (a vault's own config) a key may be redefined; otherwise a key defined
        twice is a `VocabularyError` naming `source`.
        """
        if not replace:
            clash = sorted(self.known_keys & other.known_keys)
            if clash:
                raise VocabularyError(f"{source} defines {', '.join(clash)} again")
        dimensions = {**self.dimensions, **other.dimensions}
        ratings = {**self.ratings, **other.ratings}
        checklists = {**self.checklists, **other.checklists}
        for key in other.known_keys:
            # A redefinition may change the kind of a key: drop the old kind.
            if key in other.dimensions:
                ratings.pop(key, None)
                checklists.pop(key, None)
            elif key in other.ratings:
                dimensions.pop(key, None)
                checklists.pop(key, None)
            else:
                dimensions.pop(key, None)
                ratings.pop(key, None)
        return Vocabulary(dimensions, ratings, checklists)
