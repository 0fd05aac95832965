"""Small, locale-free formatting for summaries: numbers, dates, links, tables."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from plainheal.entry import Entry

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

SPARKS = "▁▂▃▄▅▆▇█"
NO_DATA_WEEK = "\u2007"  # figure space: a blank as wide as a digit, never collapsed


def plural(n: int, one: str, many: str | None = None) -> str:
    """`1 entry`, `2 entries`."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def entries(n: int) -> str:
    """`1 entry`, `3 entries`."""
    return plural(n, "entry", "entries")


def percent(share: float | None) -> str:
    """`0.666` → `67%`; None → `–`."""
    return "–" if share is None else f"{round(share * 100)}%"


def mean(value: float | None) -> str:
    """One decimal, or `–` when there is nothing to average."""
    return "–" if value is None else f"{value:.1f}"


def signed(value: float | None) -> str:
    """`+1.3`, `−0.4`, `0.0`."""
    if value is None:
        return "–"
    if round(value, 1) == 0:
        return "0.0"
    return f"+{value:.1f}" if value > 0 else f"−{abs(value):.1f}"


def shown_difference(before: float | None, after: float | None) -> float | None:
    """`after − before` as the reader can check it from the two means shown (each to one
    decimal): 2.84 and 2.66 are shown as 2.8 and 2.7, so their difference is 0.1, not 0.2."""
    if before is None or after is None:
        return None
    return round(float(f"{after:.1f}") - float(f"{before:.1f}"), 1)


def month_name(period_key: str) -> str:
    """`2026-11` → `November 2026`."""
    year, month = period_key.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


def day(date: dt.date) -> str:
    """`2026-11-20`."""
    return date.isoformat()


def span(start: dt.date, end: dt.date) -> str:
    """`2026-10-22 to 2026-11-20`; a single day once, `2026-11-20`."""
    if start == end:
        return start.isoformat()
    return f"{start.isoformat()} to {end.isoformat()}"


def sparkline(means: Sequence[float | None]) -> str:
    """Mean scores in [−1, 1] as `▁` (−1) to `▇` (+1), an even 0 in the middle (`▄`), a
    blank for weeks without data. Symmetric: +x and −x sit as far from the middle."""
    marks = []
    half = 3  # steps from the middle to either end of ▁▂▃▄▅▆▇
    for value in means:
        if value is None:
            marks.append(NO_DATA_WEEK)
        else:
            clamped = max(-1.0, min(1.0, value))
            steps = int(abs(clamped) * half + 0.5)  # round half away from the middle
            if clamped != 0:
                # A week that leans either way never shows as `▄` (even): the consistency
                # table counts a week with a mean of +0.1 as positive, and so must the eye.
                steps = max(1, steps)
            marks.append(SPARKS[half + (steps if clamped >= 0 else -steps)])
    return "".join(marks)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Characters a file name may hold that would break a wiki link or the Markdown around it.
_NOT_IN_WIKI_LINKS = re.compile(r"[\[\]|#^<>`\\\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ENTITIES = {c: f"&#{ord(c)};" for c in "&<>[]|`\\*_#^~=$%"}


def visible(text: str) -> str:
    """`text` with line breaks and control characters (terminal escapes) made visible."""
    return _CONTROL.sub("\ufffd", text)


def literal(text: str) -> str:
    """A file name as plain text in Markdown: nothing in it is read as formatting, a link,
    a tag, a table border or a comment (so no marker can be spelled by a name)."""
    return "".join(_ENTITIES.get(char, char) for char in visible(text))


def code(text: str) -> str:
    """A path as inline code, whatever backticks or line breaks its name holds."""
    text = visible(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


class Linker:
    """Wiki links to entries: the bare name, or the path when two notes share a name (two
    entries, or an entry and another note of the vault, `shared`, casefolded: Obsidian
    matches a link's name whatever its case)."""

    def __init__(self, all_entries: Iterable[Entry], shared: frozenset[str] = frozenset()) -> None:
        names = Counter(e.name.casefold() for e in all_entries)
        self._ambiguous = {name for name, count in names.items() if count > 1} | shared
        self._targets: dict[str, str] = {}
        self._links: dict[str, str] = {}

    def target(self, entry_path: str) -> str:
        """The link target for an entry path."""
        if entry_path not in self._targets:  # links repeat across pages: work each out once
            base = entry_path[:-3] if entry_path.lower().endswith(".md") else entry_path
            name = base.rsplit("/", 1)[-1]
            ambiguous = name.casefold() in self._ambiguous
            self._targets[entry_path] = base if ambiguous else name
        return self._targets[entry_path]

    def link(self, entry_path: str) -> str:
        """`[[2026-11-20]]`; for a name a wiki link cannot hold (`|`, `]]`, `#`, `^`, a line
        break...), a Markdown link to the percent-encoded path, its text escaped."""
        known = self._links.get(entry_path)
        if known is None:  # an entry is linked from its week, its month and their lists
            known = self._links[entry_path] = self._link(entry_path)
        return known

    def _link(self, entry_path: str) -> str:
        target = self.target(entry_path)
        if not _NOT_IN_WIKI_LINKS.search(target):
            return f"[[{target}]]"
        name = target.rsplit("/", 1)[-1]
        return f"[{literal(name)}]({quote(entry_path, safe='/')})"

    def links(self, paths: Sequence[str], limit: int = 12) -> str:
        """Links separated by ` · `, the rest counted after `limit`."""
        shown = " · ".join(self.link(p) for p in paths[:limit])
        rest = len(paths) - limit
        return f"{shown} and {rest} more" if rest > 0 else shown

    def file(self, path: str) -> str:
        """Any Markdown file of the vault as a link Obsidian opens, by its whole path
        (`[[Journal/2026-11-20.md]]`, sync-conflict copies too); a file Obsidian cannot open,
        or a name a wiki link cannot hold, as code."""
        linkable = path.lower().endswith(".md") and not path.startswith("[")
        if linkable and not _NOT_IN_WIKI_LINKS.search(path):
            return f"[[{path}]]"
        return code(path)
