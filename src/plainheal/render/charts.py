"""The charts of the summaries: the journal week by week as Mermaid blocks. Pure.

Obsidian (1.7 and later) and GitHub draw them; a plain editor shows the block's text, and
the tables beside the charts keep every number. Each chart has a caption in words: what is
drawn, what is left out, and the weeks holding a moment the person marked with `event:`
(xychart cannot draw a marker, so those weeks carry a ◆ in their label).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence

from plainheal.analyze.timeline import (
    SHARE_FROM,
    Bucket,
    Timeline,
    journal_timeline,
    timeline,
    weeks_between,
)
from plainheal.entry import Entry
from plainheal.render.mermaid import Chart, Series, xychart
from plainheal.vocabulary import Vocabulary

MIN_POINTS = 3  # buckets with data before a chart is drawn at all
EVENTS_NAMED = 8  # events named in a caption; the rest are counted
EVENT_MARK = "◆"


def _events(entries: Sequence[Entry], buckets: Sequence[Bucket]) -> list[tuple[dt.date, str]]:
    if not buckets:
        return []
    start, end = buckets[0].start, buckets[-1].end
    return [
        (entry.date, label)
        for entry in entries
        if entry.date is not None and start <= entry.date <= end
        for label in entry.events
    ]


def _labels(line: Timeline, events: Sequence[tuple[dt.date, str]]) -> tuple[str, ...]:
    marked = {
        index
        for day, _ in events
        for index, bucket in enumerate(line.buckets)
        if bucket.start <= day <= bucket.end
    }
    return tuple(
        f"{label} {EVENT_MARK}" if index in marked else label
        for index, label in enumerate(line.labels)
    )


def _event_caption(events: Sequence[tuple[dt.date, str]]) -> str:
    if not events:
        return ""
    named = [f"{label} ({day.isoformat()})" for day, label in events[:EVENTS_NAMED]]
    rest = len(events) - EVENTS_NAMED
    more = f" and {rest} more" if rest > 0 else ""
    return f" {EVENT_MARK} marks a moment you noted: " + ", ".join(named) + more + "."


def _unit_words(unit: str) -> tuple[str, str]:
    return ("week by week", "week") if unit == "week" else ("month by month", "month")


def _rating_groups(vocabulary: Vocabulary) -> list[tuple[int, int, list[str]]]:
    """Ratings sharing a range are drawn together (1–5 for the built-in three)."""
    groups: dict[tuple[int, int], list[str]] = {}
    for key, rating in vocabulary.ratings.items():
        groups.setdefault((rating.low, rating.high), []).append(key)
    return [(low, high, keys) for (low, high), keys in groups.items()]


def chart_lines(
    line: Timeline,
    entries: Sequence[Entry],
    vocabulary: Vocabulary,
    what: str,
) -> Iterator[str]:
    """Markdown: a chart of the self-ratings and one of the partner's positive share over
    `line`'s buckets, each with its caption, or a plain line when there is too little."""
    by_unit, unit = _unit_words(line.unit)
    events = _events(entries, line.buckets)
    labels = _labels(line, events)
    drew = False
    for low, high, keys in _rating_groups(vocabulary):
        series = [
            Series(vocabulary.ratings[key].title().lower(), line.ratings[key])
            for key in keys
            if sum(1 for v in line.ratings[key] if v is not None) >= MIN_POINTS
        ]
        if not series:
            continue
        names = [s.name for s in series]
        title = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        drawn = xychart(
            Chart(
                f"Your ratings {by_unit}",
                labels,
                tuple(series),
                f"average, {low} to {high}",
                low,
                high,
            )
        )
        if drawn.points < MIN_POINTS:
            continue
        drew = True
        yield drawn.block
        yield ""
        parts = [f"The average of your {title} ratings each {unit}, {what}."]
        if drawn.caption:
            parts.append(drawn.caption)
        if drawn.left_out:
            without = unit if drawn.left_out == 1 else f"{unit}s"
            rated = "that rating" if len(series) == 1 else "all of these ratings"
            verb = "is" if drawn.left_out == 1 else "are"
            parts.append(f"{drawn.left_out} {without} without {rated} {verb} not drawn.")
        yield "*" + " ".join(parts) + _event_caption(events) + "*"
        yield ""
    share = Series(
        "positive %", tuple(None if s is None else round(s * 100) for s in line.positive_share)
    )
    drawn = xychart(
        Chart(
            f"Positive values about your partner, {by_unit}",
            labels,
            (Series(share.name, share.values, "bar"),),
            "% positive",
            0,
            100,
        )
    )
    if drawn.points >= MIN_POINTS:
        drew = True
        yield drawn.block
        yield ""
        yield (
            f"*Of everything you recorded about your partner each {unit}, the share that was "
            f"positive, {what}; a {unit} with fewer than {SHARE_FROM} values is left out."
            f"{_event_caption(events)}*"
        )
        yield ""
    if not drew:
        yield f"Not enough {unit}s with entries yet for a chart (at least {MIN_POINTS} are needed)."
        yield ""


def overview_charts(
    entries: Sequence[Entry], vocabulary: Vocabulary, first: dt.date, as_of: dt.date
) -> Iterator[str]:
    """The whole journal (its last two years, month by month, when it is long)."""
    line = journal_timeline(entries, vocabulary, first, as_of)
    if line.buckets[0].start <= first:
        what = "over the whole journal"
    else:
        what = f"over the last {len(line.buckets)} months"
    yield from chart_lines(line, entries, vocabulary, what)


def period_charts(
    entries: Sequence[Entry],
    vocabulary: Vocabulary,
    start: dt.date,
    end: dt.date,
    context_start: dt.date,
) -> Iterator[str]:
    """The weeks of a period, with the weeks from `context_start` before it for context."""
    # `entries` are the analysis's: dated and in date order, so two binary searches.
    # Whole weeks, even where they reach into the months around: a week labelled `29 Jun`
    # shows the same figures on every page.
    weeks = weeks_between(context_start, end)
    low = bisect_left(entries, weeks[0].start, key=_day)
    high = bisect_right(entries, weeks[-1].end, key=_day)
    inside = entries[low:high]
    line = timeline(inside, vocabulary, weeks, "week")
    what = f"in the weeks from {weeks[0].start.isoformat()} to {weeks[-1].end.isoformat()}"
    if context_start < start:
        what += " (the previous month's too, for context)"
    own = [e for e in inside if e.date is not None and start <= e.date <= end]
    yield from chart_lines(line, own, vocabulary, what)


def _day(entry: Entry) -> dt.date:
    return entry.date or dt.date.max
