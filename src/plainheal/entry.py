"""What reading a file yields: an entry, the problems found, sync-conflict copies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

Severity = Literal["error", "warning"]

# Dates outside these are typos (year 1, 9999): refused, so that no window ever overflows.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)


def printable(text: str) -> str:
    """`text` safe to print or store: control characters and undecodable bytes escaped.

    A file name may hold a terminal escape sequence or bytes that are not UTF-8 (read as
    surrogates by Python); either is shown as `\\xNN` / `\\uNNNN`, never passed through.
    """
    if text.isprintable():
        return text
    out: list[str] = []
    for character in text:
        code = ord(character)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
            out.append(f"\\x{code - 0xDC00:02x}")
        elif character.isprintable() or character == " ":
            out.append(character)
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out)


@dataclass(frozen=True)
class Problem:
    """Something about one file the user should know: `error` (not read) or `warning`."""

    path: str
    severity: Severity
    code: str
    message: str
    line: int | None = None

    def sort_key(self) -> tuple[str, int, str, str]:
        """Stable order: by path, line, code, message."""
        return (self.path, self.line or 0, self.code, self.message)


@dataclass(frozen=True)
class Conflict:
    """A sync-conflict copy, not counted, reported with the entry it belongs to."""

    path: str
    original: str


@dataclass(frozen=True)
class Entry:
    """One journal entry: its date and the normalised observations in it.

    The body text is deliberately not kept: summaries never quote it, and a journal of
    thousands of entries stays small in memory.
    """

    path: str
    date: dt.date | None
    observations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    ratings: Mapping[str, int] = field(default_factory=dict)
    checklists: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    private: bool = False
    share: bool = False
    events: tuple[str, ...] = ()  # `event:` labels: markers in the story, never scored

    @cached_property
    def name(self) -> str:
        """The file name without folder or `.md`, as a wiki link names it."""
        base = self.path.rsplit("/", 1)[-1]
        return base[:-3] if base.lower().endswith(".md") else base

    @property
    def records_something(self) -> bool:
        """True if the entry records an observation, a rating, a checklist item or an event:
        a note opened from the template and left blank does not."""
        return bool(self.observations or self.ratings or self.checklists or self.events)

    def sort_key(self) -> tuple[dt.date, str]:
        """Date, then path; undated entries last."""
        return (self.date or dt.date.max, self.path)


@dataclass(frozen=True)
class FileResult:
    """What one file turned out to be: an entry (or not), with its problems."""

    entry: Entry | None
    problems: tuple[Problem, ...] = ()
    generated: bool = False
    private: bool = False  # a note that is not an entry, marked private (no export names it)
