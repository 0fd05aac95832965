"""The charts of the summaries: what they draw and what their captions say."""

from __future__ import annotations

import datetime as dt
import re

from plainheal.api import Thresholds
from plainheal.builtin import VOCABULARY
from plainheal.entry import Entry
from plainheal.render.charts import overview_charts, period_charts

from builders import make
from mermaid_grammar import parse_xychart

JUNE_1 = dt.date(2026, 6, 1)
PERCENT_FROM = Thresholds().min_for_percent  # 5


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
        entries, VOCABULARY, JUNE_1, dt.date(2026, 6, 30), JUNE_1, min_for_percent=PERCENT_FROM
    )
    july = period_charts(
        entries,
        VOCABULARY,
        dt.date(2026, 7, 1),
        dt.date(2026, 7, 31),
        JUNE_1,
        min_for_percent=PERCENT_FROM,
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
            entries, VOCABULARY, JUNE_1, dt.date(2026, 6, 30), JUNE_1, min_for_percent=PERCENT_FROM
        )
    )
    chart = parse_xychart(_blocks(lines)[0])
    assert "8 Jun ◆" in chart.x_labels
    assert any("◆ marks a moment you noted: disclosure (2026-06-10)" in line for line in lines)


def test_a_short_journal_gets_a_plain_line_instead_of_a_chart() -> None:
    entries = [make(dt.date(2026, 6, 1), {"safety": 3}, empathy="connected")]
    lines = list(overview_charts(entries, VOCABULARY, JUNE_1, JUNE_1, min_for_percent=PERCENT_FROM))
    assert _blocks(lines) == []
    assert lines[0].startswith("Not enough weeks with entries yet for a chart")


def test_the_overview_says_when_it_shows_only_the_last_months() -> None:
    start = dt.date(2025, 1, 6)
    entries = [make(start + dt.timedelta(days=i), {"safety": 3}) for i in range(0, 700, 3)]
    lines = list(
        overview_charts(
            entries, VOCABULARY, start, entries[-1].date or start, min_for_percent=PERCENT_FROM
        )
    )
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
    lines = list(
        overview_charts(
            entries, VOCABULARY, START, dt.date(2026, 8, 9), min_for_percent=PERCENT_FROM
        )
    )
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
    assert "the week of 13 Jul (fewer than 5 values)" in share
    assert "A week with fewer than 5 values is left out" in share


def test_the_weeks_still_to_come_of_a_month_are_not_called_missing() -> None:
    entries = [e for e in _journal() if (e.date or START) <= dt.date(2026, 7, 8)]
    lines = list(
        period_charts(
            entries,
            VOCABULARY,
            dt.date(2026, 7, 1),
            dt.date(2026, 7, 31),
            JUNE_1,
            min_for_percent=PERCENT_FROM,
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
    lines = list(
        overview_charts(
            entries, VOCABULARY, START, dt.date(2026, 6, 21), min_for_percent=PERCENT_FROM
        )
    )
    caption = _caption(lines, "*The average of your")
    assert "moment 11 (2026-06-12)" in caption and "moment 4 (2026-06-05)" in caption
    assert "moment 3 (" not in caption and "(and 4 earlier)." in caption


START = dt.date(2026, 6, 1)
END_GAP = dt.date(2026, 7, 12)


def _share_chart(lines: list[str]) -> tuple[tuple[str, ...], tuple[float | None, ...]] | None:
    """The share chart's labels and the points it draws (by label), or None."""
    for block in _blocks(lines):
        chart = parse_xychart(block)
        if chart.title.startswith("Positive values"):
            return tuple(chart.x_labels), tuple(chart.series[0][2])
    return None


def _weeks_of(values_per_week: list[int], positive_per_week: list[int]) -> list[Entry]:
    """One entry a day on the first days of each week from June 1, a value each, with a
    rating, so the weeks hold exactly these many values about the partner."""
    entries = []
    for week, (n, positive) in enumerate(zip(values_per_week, positive_per_week, strict=True)):
        for day in range(n):
            date = START + dt.timedelta(weeks=week, days=day)
            value = "connected" if day < positive else "dismissive"
            entries.append(make(date, {"safety": 3}, empathy=value))
    return entries


def test_a_week_with_fewer_values_than_a_percentage_needs_is_left_out() -> None:
    # Weeks of 6, 4, 5, 3 and 7 values: the weeks of 4 and 3 get no percentage.
    entries = _weeks_of([6, 4, 5, 3, 7], [3, 2, 5, 2, 7])
    end = entries[-1].date or START
    lines = list(overview_charts(entries, VOCABULARY, START, end, min_for_percent=PERCENT_FROM))
    drawn = _share_chart(lines)
    assert drawn is not None
    labels, points = drawn
    assert labels == ("1 Jun", "15 Jun", "29 Jun")  # a week with no point is not drawn
    assert points == (50, 100, 100)
    share = _caption(lines, "*Of everything you recorded")
    assert (
        "A week with fewer than 5 values is left out: a percentage of so few would say more "
        "than they can." in share
    )
    assert "Not drawn: the weeks of 8 Jun and 22 Jun (fewer than 5 values)." in share
    # A threshold set lower in plainheal.toml draws them (down to 3, below which a single
    # week's share is never drawn).
    lines = list(overview_charts(entries, VOCABULARY, START, end, min_for_percent=3))
    assert _share_chart(lines) == (
        ("1 Jun", "8 Jun", "15 Jun", "22 Jun", "29 Jun"),
        (50, 50, 100, 67, 100),
    )
    assert "left out" not in _caption(lines, "*Of everything you recorded")


def test_month_pages_leave_out_the_same_weeks() -> None:
    entries = _weeks_of([6, 4, 5, 3, 7], [3, 2, 5, 2, 7])
    lines = list(
        period_charts(
            entries, VOCABULARY, JUNE_1, dt.date(2026, 6, 30), JUNE_1, min_for_percent=PERCENT_FROM
        )
    )
    drawn = _share_chart(lines)
    assert drawn is not None and drawn[0] == ("1 Jun", "15 Jun", "29 Jun")
    assert "(fewer than 5 values)" in _caption(lines, "*Of everything you recorded")


def test_weeks_of_three_values_get_no_percentage_chart() -> None:
    # The audit's journal: one entry a week, 3 values each, 2 of them positive. The chart drew
    # 67% for every week while the table beside it said "2 of 3".
    entries = [
        make(START + dt.timedelta(weeks=w), {"safety": 3}, accountability="full",
             transparency="proactive", empathy="hollow")
        for w in range(5)
    ]  # fmt: skip
    end = entries[-1].date or START
    lines = list(overview_charts(entries, VOCABULARY, START, end, min_for_percent=PERCENT_FROM))
    assert _share_chart(lines) is None
    assert not any("67" in line for line in lines)
    assert (
        "No chart yet of the share of positive values about your partner: it needs 3 weeks "
        "with at least 5 values each, and 0 weeks have that many." in lines
    )
    assert not any(line.startswith("Not enough weeks with entries") for line in lines)
