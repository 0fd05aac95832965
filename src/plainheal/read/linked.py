"""Notes that a shared entry's links may lead to, read for the therapist export: whether a
note plainheal does not otherwise read is private, and the aliases of notes.

Both fail closed. A note that cannot be read (gone, a FIFO, a dangling link, over the size
an entry may be, not text) or whose frontmatter cannot be, counts as private. Its aliases
are read as Obsidian reads them: from the frontmatter, or none when it cannot be read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plainheal.entry import Problem
from plainheal.read.files import read_bytes
from plainheal.read.observations import strings
from plainheal.read.parse import decode, parse_file
from plainheal.read.properties import FrontmatterError, load_frontmatter, split
from plainheal.vocabulary import Vocabulary, normalize_key

# A dated name to read a note under: the reader then gives its verdict on privacy even for
# a note that, under its own name, would not be an entry (no date, say).
_STAND_IN = "2000-01-01.md"
# `aliases`, and `alias`, the older name Obsidian still reads.
_ALIAS_KEYS = frozenset({"aliases", "alias"})


def reads_as_private(vault: Path, relative: str, vocabulary: Vocabulary) -> bool:
    """True unless the note reads as one not marked private (`private`, a `#private` tag, a
    `private::` field): one that cannot be read, or whose frontmatter cannot, may be."""
    data = read_bytes(vault, relative)
    return isinstance(data, Problem) or _private(data, vocabulary)


def _private(data: bytes, vocabulary: Vocabulary) -> bool:
    entry = parse_file(_STAND_IN, data, vocabulary).entry
    return entry is None or entry.private


def aliases_of(properties: Mapping[Any, Any]) -> tuple[str, ...]:
    """The aliases a note's frontmatter gives it: `aliases` or `alias`, a list or a single
    text (and, as older Obsidian split one, each part of a text between commas)."""
    found: list[str] = []
    for key, value in properties.items():
        if not isinstance(key, str) or normalize_key(key) not in _ALIAS_KEYS:
            continue
        items = value if isinstance(value, list) else [value]
        for item in items:
            texts = strings(item) or ([str(item)] if isinstance(item, int | float) else [])
            for text in texts:
                found.append(text)
                if "," in text:
                    found.extend(text.split(","))
    return tuple(dict.fromkeys(alias.strip() for alias in found if alias.strip()))


@dataclass(frozen=True)
class LinkedNote:
    """A note as the export sees it: is it private (see `reads_as_private`), and its
    aliases: none when it or its frontmatter cannot be read. A key set twice counts both
    times."""

    private: bool
    aliases: tuple[str, ...]


def read_linked(vault: Path, relative: str, vocabulary: Vocabulary) -> LinkedNote:
    """Whether a note is private, and its aliases, from one read of it."""
    data = read_bytes(vault, relative)
    if isinstance(data, Problem):
        return LinkedNote(True, ())
    return LinkedNote(_private(data, vocabulary), _aliases(relative, data))


def _aliases(relative: str, data: bytes) -> tuple[str, ...]:
    text, _ = decode(relative, data)
    if text is None:
        return ()
    try:
        frontmatter = split(text).frontmatter
        loaded = load_frontmatter(frontmatter) if frontmatter is not None else None
    except FrontmatterError:
        return ()
    if loaded is None or not isinstance(loaded.value, dict):
        return ()
    found = list(aliases_of(loaded.value))
    for duplicate in loaded.duplicates:
        found += aliases_of({duplicate.key: duplicate.value})
    return tuple(dict.fromkeys(found))
