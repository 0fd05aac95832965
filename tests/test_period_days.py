"""Month and week pages, like the check-in, test each rated day once: the same days written
as one note or as three notes a day give the same answer (review 5, R1)."""

from __future__ import annotations

import datetime as dt
import random
import re

from plainheal.analyze.periods import summarize_periods
from plainheal.entry import Entry
from plainheal.render.period_page import render_period

from builders import make, run


def _days(notes_a_day: int) -> list[Entry]:
    # Safety higher from April on, on a dozen or so rated days a month: could be chance on
    # that many days; counted three times over, as notes, it would read "higher".
    rng = random.Random(9)
    entries = []
    for index in range(92):  # March to May 2026
        day = dt.date(2026, 3, 1) + dt.timedelta(days=index)
        if rng.random() < 0.6:
            continue
        rating = rng.choice((1, 2, 3, 4, 5)) if day.month == 3 else rng.choice((2, 3, 4, 5, 5))
        for note in range(notes_a_day):
            entry = make(day, {"safety": rating})
            entries.append(Entry(f"Journal/{day} {note}.md", day, {}, entry.ratings))
    return entries


def _change(entries: list[Entry]) -> str:
    analysis = run(entries)
    (april,) = [s for s in summarize_periods(entries, analysis.vocabulary, "month") if
                s.current.period.key == "2026-04"]  # fmt: skip
    page = render_period(april, analysis)
    (row,) = [line for line in page.splitlines() if line.startswith("| Safety |")]
    return row.rstrip(" |").rsplit("|", 1)[1].strip()


def test_three_notes_a_day_read_as_one_day_on_a_month_page() -> None:
    once, thrice = _change(_days(1)), _change(_days(3))
    assert once == thrice
    assert once.endswith(", could be chance"), once


def test_three_notes_a_day_read_as_one_day_in_the_report() -> None:
    from plainheal.api import Thresholds
    from plainheal.builtin.patterns import ANALYZERS
    from plainheal.render.report import render_markdown
    from plainheal.render.report_data import build, select

    def then_and_now(entries: list[Entry], notes: int) -> str:
        start, end, kept, private = select(entries, None, None)
        analysis = run(entries)
        data = build(kept, start, end, private, analysis.vocabulary, Thresholds(), ANALYZERS, [])
        (line,) = [x for x in render_markdown(data).splitlines() if x.startswith("- **Safety**")]
        return re.sub(r"\((\d+) ratings\)", lambda m: f"({int(m[1]) // notes} ratings)", line)

    once, thrice = then_and_now(_days(1), 1), then_and_now(_days(3), 3)
    assert once == thrice
    assert "could be chance with this few ratings" in once
