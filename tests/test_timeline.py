"""The journal week by week and month by month, as the charts draw it."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from typing import Any

import pytest

from plainheal.analyze.timeline import (
    MONTHS_SHOWN,
    SHARE_FROM,
    Kinds,
    Timeline,
    cut,
    journal_timeline,
    months_between,
    timeline,
    weeks_between,
)
from plainheal.builtin import VOCABULARY
from plainheal.entry import Entry
from plainheal.summarize import plan

from builders import make, run

# The modules, not the functions of the same names.
analysis_module = importlib.import_module("plainheal.analyze.analysis")
charts_module = importlib.import_module("plainheal.render.charts")
AUGUST_END = dt.date(2026, 8, 31)


def test_weeks_run_monday_to_sunday_and_cover_both_ends() -> None:
    weeks = weeks_between(dt.date(2026, 11, 4), dt.date(2026, 11, 22))
    assert [w.start for w in weeks] == [
        dt.date(2026, 11, 2),
        dt.date(2026, 11, 9),
        dt.date(2026, 11, 16),
    ]
    assert weeks[-1].end == dt.date(2026, 11, 22)
    assert weeks[0].label("week") == "2 Nov"


def test_months_are_calendar_months() -> None:
    months = months_between(dt.date(2026, 11, 30), dt.date(2027, 2, 1))
    assert next((m.start, m.end) for m in months) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert months[-1].label("month") == "Feb 2027"
    assert len(months) == 4


def test_ratings_are_averaged_and_values_counted_by_kind() -> None:
    entries = [
        make("2026-11-02", {"safety": 2}, empathy="connected", boundaries="crossed"),
        make("2026-11-03", {"safety": 4}, empathy="hollow", transparency="proactive"),
        make("2026-11-16", {"connection": 3}),
    ]
    weeks = weeks_between(dt.date(2026, 11, 2), dt.date(2026, 11, 22))
    line = timeline(entries, VOCABULARY, weeks, "week")
    assert line.ratings["safety"] == (3.0, None, None)
    assert line.rating_n["safety"] == (2, 0, 0)
    assert line.ratings["connection"] == (None, None, 3.0)
    assert line.kinds["empathy"][0] == Kinds(1, 1, 0)
    assert line.kinds["boundaries"][0] == Kinds(0, 0, 1)
    assert line.value_n == (4, 0, 0)
    assert line.positive_share == (0.5, None, None)


def test_a_share_needs_a_few_values_behind_it() -> None:
    entries = [make("2026-11-02", transparency="proactive")] * (SHARE_FROM - 1)
    weeks = weeks_between(dt.date(2026, 11, 2), dt.date(2026, 11, 8))
    assert timeline(entries, VOCABULARY, weeks, "week").positive_share == (None,)
    more = [*entries, make("2026-11-03", transparency="withheld")]
    assert timeline(more, VOCABULARY, weeks, "week").positive_share == (
        (SHARE_FROM - 1) / SHARE_FROM,
    )


def test_entries_outside_the_buckets_are_ignored() -> None:
    weeks = weeks_between(dt.date(2026, 11, 2), dt.date(2026, 11, 8))
    entries = [make("2026-10-01", {"safety": 1}), make("2026-12-01", {"safety": 1})]
    assert timeline(entries, VOCABULARY, weeks, "week").rating_n["safety"] == (0,)


def test_a_long_journal_is_drawn_month_by_month_over_the_last_two_years() -> None:
    first, as_of = dt.date(2022, 1, 10), dt.date(2026, 11, 20)
    line = journal_timeline([make(as_of, {"safety": 5})], VOCABULARY, first, as_of)
    assert line.unit == "month" and len(line.buckets) == MONTHS_SHOWN
    assert line.labels[:3] == ("Dec 2025", "Jan 2026", "Feb")
    assert len(set(line.labels)) == len(line.labels)
    assert line.buckets[-1].start == dt.date(2026, 11, 1)
    assert line.ratings["safety"][-1] == 5.0
    short = journal_timeline([], VOCABULARY, dt.date(2026, 9, 1), as_of)
    assert short.unit == "week" and short.buckets[0].start == dt.date(2026, 8, 31)


def _months_of_entries() -> list[Entry]:
    start = dt.date(2026, 1, 14)
    return [
        make(
            start + dt.timedelta(days=i),
            {"safety": 1 + i % 5, "connection": 1 + i % 3},
            empathy=("connected", "hollow", "dismissive")[i % 3],
            boundaries=("respected", "crossed")[i % 2],
        )
        for i in range(0, 160, 2)
        if i % 11  # some days without an entry
    ]


def test_a_cut_of_the_whole_timeline_is_the_timeline_of_those_weeks_alone() -> None:
    entries = _months_of_entries()
    whole = timeline(entries, VOCABULARY, weeks_between(dt.date(2026, 1, 1), AUGUST_END), "week")
    for first in (dt.date(2025, 12, 29), dt.date(2026, 3, 2), dt.date(2026, 6, 22)):
        for last in (dt.date(2026, 3, 8), dt.date(2026, 7, 5), dt.date(2026, 8, 30)):
            if last < first:
                continue
            alone = timeline(entries, VOCABULARY, weeks_between(first, last), "week")
            assert cut(whole, first, last) == alone, (first, last)


def test_a_cut_outside_the_timeline_or_off_its_weeks_is_none() -> None:
    whole = timeline(
        [], VOCABULARY, weeks_between(dt.date(2026, 3, 2), dt.date(2026, 3, 29)), "week"
    )
    assert cut(whole, dt.date(2026, 2, 23), dt.date(2026, 3, 15)) is None  # starts before it
    assert cut(whole, dt.date(2026, 3, 2), dt.date(2026, 4, 5)) is None  # ends after it
    assert cut(whole, dt.date(2026, 3, 3), dt.date(2026, 3, 15)) is None  # not a Monday
    assert cut(whole, dt.date(2026, 3, 16), dt.date(2026, 3, 8)) is None  # ends before it starts
    assert cut(whole, dt.date(2026, 3, 9), dt.date(2026, 3, 22)) is not None


def test_the_weekly_timeline_is_counted_once_per_run(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def counted(where: str, real: Callable[..., Timeline]) -> Callable[..., Timeline]:
        def count(*args: Any, **kwargs: Any) -> Timeline:
            calls.append(where)
            return real(*args, **kwargs)

        return count

    for module in (analysis_module, charts_module):
        monkeypatch.setattr(module, "timeline", counted(module.__name__, module.timeline))
    analysis = run(_months_of_entries())
    pages = plan(analysis, "Patterns")
    months = [p for p in pages if p.path.startswith("Patterns/Months/")]
    assert len(months) == 6 and all("## Week by week" in p.content for p in months)
    # The overview's own chart (month by month here) is not the weekly timeline.
    assert calls.count("plainheal.analyze.analysis") == 1
    assert calls.count("plainheal.render.charts") == 0
