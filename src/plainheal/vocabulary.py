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


# Forms of one word share a root once these endings are taken off: `deflected`, `deflects`,
# `deflection` → `deflect`. One inflection, then one derivation, at most; the root keeps at
# least three letters (four under a derivation) so short words are never cut to a fragment.
_INFLECTIONS = ("ingly", "edly", "ings", "ing", "ed", "es", "ly", "s")
_DERIVATIONS = ("ively", "ive", "ions", "ion", "ful", "ness", "ment", "ance", "ence")
_IRREGULAR = {  # past forms no ending rule reaches
    "withheld": "withhold",
    "held": "hold",
    "hid": "hide",
    "hidden": "hide",
    "broke": "break",
    "broken": "break",
    "kept": "keep",
    "told": "tell",
}


@lru_cache(maxsize=8192)
def word_root(word: str) -> str:
    """The root the forms of a word share: `crossing`, `crossed`, `crosses` → `cros`."""
    root = normalize_word(word)
    root = _IRREGULAR.get(root, root)
    for endings, shortest in ((_INFLECTIONS, 3), (_DERIVATIONS, 4)):
        for ending in endings:
            if (
                root.endswith(ending)
                and len(root) - len(ending) >= shortest
                and not (ending == "s" and root.endswith("ss"))
            ):
                root = root[: -len(ending)]
                break
    root = _IRREGULAR.get(root, root)
    if len(root) > 4 and root.endswith("e"):
        root = root[:-1]  # `ignore` and `ignored` both give `ignor`
    if len(root) > 4 and root[-1] == root[-2] and root[-1] not in "aeiou":
        root = root[:-1]  # `cross` and `crossing` both give `cros`
    return root


_ENDINGS = (*_INFLECTIONS, *_DERIVATIONS)
_DOUBLE_AT_THE_END = "slfz"  # letters English doubles at the end of a word: cross, full


@lru_cache(maxsize=2048)
def word_forms(word: str) -> frozenset[str]:
    """The spellings that are forms of `word`: its stem with each known ending, spelled as
    English spells it (`stop` → `stopped`, `ignore` → `ignoring`, `deflecting` →
    `deflected`, `deflection`). A misspelling is not a form: `crosed` and `dismisive` are
    typos of `crossed` and `dismissive` (the same root once letters are folded, which is
    why `word_root` alone cannot tell them apart)."""
    folded = normalize_word(word)
    stem = _IRREGULAR.get(folded, folded)
    stripped = False
    for endings, shortest in ((_INFLECTIONS, 3), (_DERIVATIONS, 4)):
        for ending in endings:
            if (
                stem.endswith(ending)
                and len(stem) - len(ending) >= shortest
                and not (ending == "s" and stem.endswith("ss"))
            ):
                stem, stripped = stem[: -len(ending)], True
                break
    stem = _IRREGULAR.get(stem, stem)
    bases = {stem}
    if stripped:
        bases.add(stem + "e")  # `ignored` → `ignore`
        if stem[-1] == stem[-2] and stem[-1] not in "aeiou" + _DOUBLE_AT_THE_END:
            bases.add(stem[:-1])  # `stopped` → `stop`
    if len(stem) > 4 and stem.endswith("e"):
        bases.add(stem[:-1])  # `ignore` → `ignor-ing`
    forms = {folded}
    for base in bases:
        forms.add(base)
        for ending in _ENDINGS:
            forms.add(base + ending)
            short = len(base) >= 3 and base[-1] not in "aeiouwxy" and base[-2] in "aeiou"
            if short and base[-3] not in "aeiou":
                forms.add(base + base[-1] + ending)  # `stop` → `stopped`
            if base.endswith("y"):
                forms.add(base[:-1] + "i" + ending)  # `deny` → `denied`
    return frozenset(forms)


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
        return _tables(self.scores, self.aliases)

    def resolve(self, raw: str) -> Resolved | Unknown:
        """The value `raw` stands for (see `resolve`)."""
        return _lookup(raw, *self._table)


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
        return _tables(self.items, self.aliases)

    def resolve(self, raw: str) -> Resolved | Unknown:
        """The item `raw` stands for (see `resolve`)."""
        return _lookup(raw, *self._table)


@dataclass(frozen=True)
class Resolved:
    """A raw value matched to a known value of a dimension or checklist."""

    value: str


@dataclass(frozen=True)
class Unknown:
    """A raw value that matches nothing; `suggestion` is a close known value, if any."""

    raw: str
    suggestion: str | None


def _tables(
    known: Iterable[str], aliases: Mapping[str, str]
) -> tuple[dict[str, str], dict[str, str | None]]:
    """Folded spelling → canonical value (known values, then aliases), and word root →
    canonical value, None where two values share a root (then no form of it is taken)."""
    table = {normalize_word(alias): value for alias, value in aliases.items()}
    table.update({normalize_word(value): value for value in known})
    roots: dict[str, str | None] = {}
    for spelling, value in table.items():
        root = word_root(spelling)
        roots[root] = value if roots.get(root, value) == value else None
    return table, roots


def _lookup(
    raw: str, table: Mapping[str, str], roots: Mapping[str, str | None]
) -> Resolved | Unknown:
    word = normalize_word(raw)
    if word in table:
        return Resolved(table[word])
    same_word = roots.get(word_root(word))
    if same_word is not None and any(  # another form of a known word: `deflected`
        word in word_forms(spelling) or _IRREGULAR.get(word, "") in word_forms(spelling)
        for spelling, value in table.items()
        if value == same_word
    ):
        return Resolved(same_word)
    close = difflib.get_close_matches(word, list(table), n=1, cutoff=0.75)
    if close and _negates(word, close[0]):
        close = []  # `disrespected` is not a misspelt `respected`: it means the opposite
    suggestion = table[close[0]] if close else None
    if suggestion is None and len(word) >= 2:  # the start of one word only: `no` for `none`
        started = {value for spelling, value in table.items() if spelling.startswith(word)}
        suggestion = next(iter(started)) if len(started) == 1 else None
    return Unknown(raw, suggestion)


_NEGATIONS = ("dis", "non", "not", "un", "in", "im", "ir", "il", "mis")


def _negates(word: str, known: str) -> bool:
    """True when `word` is `known` (in any form) behind a negating prefix: `un-tested`."""
    for prefix in _NEGATIONS:
        if word.startswith(prefix) and not known.startswith(prefix):
            rest = word[len(prefix) :].lstrip("-")
            if rest and word_root(rest) == word_root(known):
                return True
    return False


def resolve(raw: str, known: Iterable[str], aliases: Mapping[str, str]) -> Resolved | Unknown:
    """Match `raw` to a known value or alias, case- and separator-insensitively.

    Another form of the same word (`deflected`, `deflects` for `deflecting`) is taken as
    that value when no other value shares its root. A near miss is never guessed: it comes
    back as `Unknown` with a suggestion.
    """
    return _lookup(raw, *_tables(known, aliases))


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
