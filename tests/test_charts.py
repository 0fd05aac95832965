"""The charts of the summaries: what they draw and what their captions say."""

from __future__ import annotations

import datetime as dt
import re

from mermaid_grammar import parse_xychart

from plainheal.builtin import VOCABULARY
from plainheal.entry import Entry
from plainheal.render.charts import overview_charts, period_charts

from builders import make


def _blocks(lines: list[str]) -> list[str]:
    return re.findall(r"^```mermaid\n.*?^```$", "\n".join(lines), re.M | re.S)


def _journal() -> list[Entry]:
    days = [dt.date(2026, 6, 1) + dt.timedelta(days=i) for i in range(0, 70)]
    return [
        make(
            day, {"safety": 1 + i % 5, "connection": 3}, empathy="connected" if i % 2 else "hollow"
        )
        for i, day in enumerate(days)
    ]


def test_a_week_reaching_into_the_next_month_shows_its_whole_figures() -> None:
    entries = _journal()
    june = period_charts(
        entries, VOCABULARY, dt.date(2026, 6, 1), dt.date(2026, 6, 30), dt.date(2026, 6, 1)
    )
    july = period_charts(
        entries, VOCABULARY, dt.date(2026, 7, 1), dt.date(2026, 7, 31), dt.date(2026, 6, 1)
    )
    june_chart, july_chart = (
        parse_xychart(_blocks(list(june))[0]),
        parse_xychart(_blocks(list(july))[0]),
    )
    week = "29 Jun"  # 29 June to 5 July
    june_safety = june_chart.series[0][2][june_chart.x_labels.index(week)]
    july_safety = july_chart.series[0][2][july_chart.x_labels.index(week)]
    assert june_safety == july_safety


def test_events_mark_their_week_and_are_named_below() -> None:
    entries = _journal()
    entries[9] = Entry(
        entries[9].path,
        entries[9].date,
        entries[9].observations,
        entries[9].ratings,
        events=("disclosure",),
    )
    lines = list(
        period_charts(
            entries, VOCABULARY, dt.date(2026, 6, 1), dt.date(2026, 6, 30), dt.date(2026, 6, 1)
        )
    )
    chart = parse_xychart(_blocks(lines)[0])
    assert "8 Jun ◆" in chart.x_labels
    assert any("◆ marks a moment you noted: disclosure (2026-06-10)" in line for line in lines)


def test_a_short_journal_gets_a_plain_line_instead_of_a_chart() -> None:
    entries = [make(dt.date(2026, 6, 1), {"safety": 3}, empathy="connected")]
    lines = list(overview_charts(entries, VOCABULARY, dt.date(2026, 6, 1), dt.date(2026, 6, 1)))
    assert _blocks(lines) == []
    assert lines[0].startswith("Not enough weeks with entries yet for a chart")


def test_the_overview_says_when_it_shows_only_the_last_months() -> None:
    start = dt.date(2025, 1, 6)
    entries = [make(start + dt.timedelta(days=i), {"safety": 3}) for i in range(0, 700, 3)]
    lines = list(overview_charts(entries, VOCABULARY, start, entries[-1].date or start))
    assert any("each month, over the last 12 months" in line for line in lines)


def _caption(lines: list[str], starts: str) -> str:
    return next(line for line in lines if line.startswith(starts))


def test_weeks_missing_inside_the_journal_are_named_with_why() -> None:
    # Entries every day but for three weeks with none, and one week with only a partner value.
    entries = [e for e in _journal() if not dt.date(2026, 6, 22) <= (e.date or START) <= END_GAP]
    entries = [
        make(e.date, {"safety": 3}, empathy="connected") if e.date == dt.date(2026, 7, 15) else e
        for e in entries
        if not (e.date and dt.date(2026, 7, 13) <= e.date <= dt.date(2026, 7, 19))
        or e.date == dt.date(2026, 7, 15)
    ]
    lines = list(overview_charts(entries, VOCABULARY, START, dt.date(2026, 8, 9)))
    chart = parse_xychart(_blocks(lines)[0])
    assert "22 Jun" not in chart.x_labels and "13 Jul" not in chart.x_labels
    ratings = _caption(lines, "*The average of your")
    assert (
        "Not drawn: the weeks of 22 Jun, 29 Jun and 6 Jul (no ratings); the week of 13 Jul "
        "(not every one of these ratings)." in ratings
    )
    assert "The weeks on either side of a gap sit next to each other." in ratings
    share = _caption(lines, "*Of everything you recorded")
    assert "the weeks of 22 Jun, 29 Jun and 6 Jul (nothing recorded about your partner)" in share
    assert "the week of 13 Jul (fewer than 3 values)" in share


def test_the_weeks_still_to_come_of_a_month_are_not_called_missing() -> None:
    entries = [e for e in _journal() if (e.date or START) <= dt.date(2026, 7, 8)]
    lines = list(
        period_charts(
            entries, VOCABULARY, dt.date(2026, 7, 1), dt.date(2026, 7, 31), dt.date(2026, 6, 1)
        )
    )
    ratings = _caption(lines, "*The average of your")
    assert "in the weeks from 2026-06-01 to 2026-07-12" in ratings
    assert "Not drawn" not in ratings


def test_many_events_name_the_most_recent() -> None:
    entries = [
        Entry(e.path, e.date, e.observations, e.ratings, events=(f"moment {i}",) if i < 12 else ())
        for i, e in enumerate(_journal()[:21])
    ]
    lines = list(overview_charts(entries, VOCABULARY, START, dt.date(2026, 6, 21)))
    caption = _caption(lines, "*The average of your")
    assert "moment 11 (2026-06-12)" in caption and "moment 4 (2026-06-05)" in caption
    assert "moment 3 (" not in caption and "(and 4 earlier)." in caption


START = dt.date(2026, 6, 1)
END_GAP = dt.date(2026, 7, 12)
