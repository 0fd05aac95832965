"""Hand-built journals for analysis tests: entries from dates and observations."""

from __future__ import annotations

import datetime as dt

from plainheal.analyze.analysis import Analysis, analyze
from plainheal.api import Thresholds
from plainheal.builtin import VOCABULARY
from plainheal.builtin.patterns import ANALYZERS
from plainheal.entry import Entry

AS_OF = dt.date(2026, 11, 20)


def make(day: dt.date | str, ratings: dict[str, int] | None = None, /, **values: str) -> Entry:
    """An entry on `day` with dimension values (one each) and ratings."""
    date = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return Entry(
        path=f"Journal/{date.isoformat()}.md",
        date=date,
        observations={k: (v,) for k, v in values.items()},
        ratings=ratings or {},
    )


def days_before(n: int, end: dt.date = AS_OF) -> dt.date:
    """The date `n` days before `end`."""
    return end - dt.timedelta(days=n)


def run(entries: list[Entry], **thresholds: float) -> Analysis:
    """The analysis with the built-in analyzers."""
    return analyze(entries, VOCABULARY, Thresholds(**thresholds), ANALYZERS)  # type: ignore[arg-type]
