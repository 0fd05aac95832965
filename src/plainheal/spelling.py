"""How a written word is matched to a known value: case and separators folded, other forms
of the same word taken, near misses and opposites never guessed (only suggested). Pure."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

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
    endings_off: set[str] = set()
    for endings, shortest in ((_INFLECTIONS, 3), (_DERIVATIONS, 4)):
        for ending in endings:
            if (
                stem.endswith(ending)
                and len(stem) - len(ending) >= shortest
                and not (ending == "s" and stem.endswith("ss"))
            ):
                stem, stripped = stem[: -len(ending)], True
                endings_off.add(ending)
                break
    # A word takes -ance or -ence, never both: the other is a misspelling (`reassurence`).
    unlike = {"ance": "ence", "ence": "ance"}
    never = {unlike[ending] for ending in endings_off if ending in unlike}
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
            if ending in never:
                continue
            forms.add(base + ending)
            short = len(base) >= 3 and base[-1] not in "aeiouwxy" and base[-2] in "aeiou"
            if short and base[-3] not in "aeiou":
                forms.add(base + base[-1] + ending)  # `stop` → `stopped`
            if base.endswith("y"):
                forms.add(base[:-1] + "i" + ending)  # `deny` → `denied`
    return frozenset(forms)


@dataclass(frozen=True)
class Resolved:
    """A raw value matched to a known value of a dimension or checklist."""

    value: str


@dataclass(frozen=True)
class Unknown:
    """A raw value that matches nothing; `suggestion` is a close known value, if any."""

    raw: str
    suggestion: str | None


def tables(
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


def lookup(
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
    return lookup(raw, *tables(known, aliases))
