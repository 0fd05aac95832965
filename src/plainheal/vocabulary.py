"""The words a journal uses: scale dimensions, ratings and checklists, and how values resolve."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from plainheal.spelling import (
    Resolved,
    Unknown,
    lookup,
    normalize_key,
    normalize_word,
    resolve,
    tables,
    word_forms,
    word_root,
)

__all__ = [
    "Checklist",
    "Dimension",
    "Rating",
    "Resolved",
    "Unknown",
    "Vocabulary",
    "VocabularyError",
    "definition_problems",
    "needs_items",
    "normalize_key",
    "normalize_word",
    "resolve",
    "word_forms",
    "word_root",
]


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

    def positive(self, counts: Mapping[str, int]) -> int:
        """How many of the values counted in `counts` (value → count) are positive."""
        return sum(n for value, n in counts.items() if self.scores[value] > 0)

    @cached_property
    def _table(self) -> tuple[dict[str, str], dict[str, str | None]]:
        return tables(self.scores, self.aliases)

    def resolve(self, raw: str) -> Resolved | Unknown:
        """The value `raw` stands for (see `resolve`)."""
        return lookup(raw, *self._table)


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
    def _table(self) -> tuple[dict[str, str], dict[str, str | None]]:
        return tables(self.items, self.aliases)

    def resolve(self, raw: str) -> Resolved | Unknown:
        """The item `raw` stands for (see `resolve`)."""
        return lookup(raw, *self._table)


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


# Keys that mean something to plainheal itself; a vocabulary defining one would change what
# they mean (a dimension named `private` would switch privacy off).
NEEDS_MET, NEEDS_UNMET = "needs_met", "needs_unmet"  # the checklist pair the needs tables read


def needs_items(vocabulary: Vocabulary) -> tuple[str, ...]:
    """The items of the `needs_met` and `needs_unmet` checklists, each once, in order."""
    pair = [vocabulary.checklists.get(key) for key in (NEEDS_MET, NEEDS_UNMET)]
    return tuple(dict.fromkeys(item for checklist in pair if checklist for item in checklist.items))


RESERVED_KEYS = frozenset(
    {"date", "tags", "tag", "private", "share", "event", "aliases", "plainheal"}
)


RATING_LIMIT = 1000  # a self-rating scale wider than this is a typo


def _word_problems(where: str, words: Iterable[str], aliases: Mapping[str, str]) -> list[str]:
    """Values (or items) that fold to the same word, and aliases that clash or lead nowhere."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    for word in words:
        folded = normalize_word(word) if isinstance(word, str) else ""
        if isinstance(word, str) and not word.isprintable():
            problems.append(f"{where}: {word!r} should be a word on one line")
        elif not folded:
            problems.append(f"{where}: {word!r} is not a word")
        elif folded in seen:
            problems.append(f"{where}: {seen[folded]!r} and {word!r} are the same word")
        else:
            seen[folded] = word
    alias_seen: dict[str, str] = {}
    for alias, target in aliases.items():
        if not isinstance(alias, str) or not alias.isprintable():
            problems.append(f"{where}.aliases: {alias!r} should be a word on one line")
            continue
        folded = normalize_word(alias)
        if folded in seen and seen[folded] != target:
            problems.append(f"{where}.aliases.{alias}: is also a value; remove one of them")
        elif folded in alias_seen and aliases[alias_seen[folded]] != target:
            problems.append(
                f"{where}.aliases.{alias}: {alias_seen[folded]!r} is the same word "
                "and points elsewhere"
            )
        if target not in seen.values():
            problems.append(f"{where}.aliases.{alias}: points to {target!r}, which is not a value")
        alias_seen.setdefault(folded, alias)
    return problems


def definition_problems(vocabulary: Vocabulary) -> list[str]:
    """What makes a vocabulary unusable, one message per fault, each naming its key.

    Reserved keys, values that are the same word in two spellings, aliases equal to a value
    or pointing to none, scores other than 1/0/−1, ranges that are not low < high.
    """
    problems: list[str] = []
    sections: list[tuple[str, Mapping[str, Any]]] = [
        ("dimensions", vocabulary.dimensions),
        ("ratings", vocabulary.ratings),
        ("checklists", vocabulary.checklists),
    ]
    for section, definitions in sections:
        for key in definitions:
            if not isinstance(key, str) or not key.isprintable() or not normalize_key(key):
                problems.append(f"{section}: {key!r} should be a name on one line")
                continue
            where = f"{section}.{key}"
            if normalize_key(key) in RESERVED_KEYS:
                problems.append(
                    f"{where}: {key!r} is reserved for plainheal itself "
                    f"({', '.join(sorted(RESERVED_KEYS))}); choose another name"
                )
            for part in ("label", "question"):
                text = getattr(definitions[key], part, "")
                if not isinstance(text, str) or not text.isprintable():
                    problems.append(f"{where}.{part}: should be text on one line")
    if problems:
        return problems  # the checks below name keys, which must be printable first
    for key, dimension in vocabulary.dimensions.items():
        where = f"dimensions.{key}.values"
        for value, score in dimension.scores.items():
            if isinstance(score, bool) or score not in (-1, 0, 1):
                problems.append(f"{where}.{value}: should be 1, 0 or -1")
        problems += _word_problems(where, dimension.scores, dimension.aliases)
    for key, rating in vocabulary.ratings.items():
        bounds = (rating.low, rating.high)
        if not all(isinstance(b, int) and not isinstance(b, bool) for b in bounds) or not (
            rating.low < rating.high
        ):
            problems.append(f"ratings.{key}.range: should be two whole numbers, low before high")
        elif not -RATING_LIMIT <= rating.low < rating.high <= RATING_LIMIT:
            problems.append(
                f"ratings.{key}.range: should lie within -{RATING_LIMIT} to {RATING_LIMIT}"
            )
    for key, checklist in vocabulary.checklists.items():
        problems += _word_problems(f"checklists.{key}.items", checklist.items, checklist.aliases)
    return problems
