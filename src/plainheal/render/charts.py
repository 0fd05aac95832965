"""The charts of the summaries: the journal week by week as Mermaid blocks. Pure.

Obsidian (1.7 and later) and GitHub draw them; a plain editor shows the block's text, and
the tables beside the charts keep every number. Each chart has a caption in words: what is
drawn, what is left out, and the weeks holding a moment the person marked with `event:`
(xychart cannot draw a marker, so those weeks carry a ◆ in their label).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence

from plainheal.analyze.timeline import (
    SHARE_FROM,
    Bucket,
    Timeline,
    cut,
    journal_timeline,
    timeline,
    weeks_between,
)
from plainheal.entry import Entry
from plainheal.render.mermaid import Chart, Series, xychart
from plainheal.render.words import plural
from plainheal.vocabulary import Vocabulary

MIN_POINTS = 3  # buckets with data before a chart is drawn at all
EVENTS_NAMED = 8  # events named in a caption; the rest are counted
EVENT_MARK = "◆"
GAPS_NAMED = 4  # weeks or months not drawn that a caption names; more are counted


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
    # The most recent ones, when there are many: the older are further back in the story.
    shown = events[-EVENTS_NAMED:]
    named = [f"{label} ({day.isoformat()})" for day, label in shown]
    rest = len(events) - len(shown)
    earlier = f" (and {rest} earlier)" if rest > 0 else ""
    return f" {EVENT_MARK} marks a moment you noted: " + ", ".join(named) + earlier + "."


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _not_drawn(line: Timeline, dropped: Sequence[int], why: Callable[[int], str]) -> str:
    """`Not drawn: the weeks of 21 Sep and 28 Sep (no ratings). The weeks on either side of a
    gap sit next to each other.` Mermaid draws no gap, so the caption names what is
    missing, and why; the buckets after the last one with anything in it are not a gap."""
    filled = filled_buckets(line)
    if not filled:
        return ""
    dropped = [i for i in dropped if filled[0] <= i <= filled[-1]]
    if not dropped:
        return ""
    unit = line.unit
    by_reason: dict[str, list[str]] = {}
    for index in dropped:
        by_reason.setdefault(why(index), []).append(line.buckets[index].label(unit))
    parts = []
    for reason, labels in by_reason.items():
        if len(labels) > GAPS_NAMED:
            parts.append(f"{len(labels)} {unit}s ({reason})")
        else:
            parts.append(f"the {unit}{'s' if len(labels) > 1 else ''} of {_and(labels)} ({reason})")
    said = "Not drawn: " + "; ".join(parts) + "."
    drawn = [i for i in range(len(line.buckets)) if i not in set(dropped)]
    if drawn and any(drawn[0] < i < drawn[-1] for i in dropped):
        said += f" The {unit}s on either side of a gap sit next to each other."
    return said


def filled_buckets(line: Timeline) -> list[int]:
    """The buckets with anything recorded in them (a rating or a partner value)."""
    return [
        i
        for i in range(len(line.buckets))
        if line.value_n[i] or any(n[i] for n in line.rating_n.values())
    ]


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
    *,
    min_for_percent: int,
) -> Iterator[str]:
    """Markdown: a chart of the self-ratings and one of the partner's positive share over
    `line`'s buckets, each with its caption, or a plain line when there is too little.

    The share is a percentage, so a bucket with fewer than `min_for_percent` values has no
    point (PRODUCT.md: percentages on very few values are shown as counts, and a chart has
    no room for counts); the caption says so and names or counts those buckets."""
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
        values = [s.values for s in series]
        missing = [i for i in range(len(labels)) if any(v[i] is None for v in values)]

        def why(index: int, values: list[tuple[float | None, ...]] = values) -> str:
            if all(v[index] is None for v in values):
                return "no ratings" if len(values) > 1 else "no rating"
            return "not every one of these ratings"

        gaps = _not_drawn(line, missing, why)
        if gaps:
            parts.append(gaps)
        yield "*" + " ".join(parts) + _event_caption(events) + "*"
        yield ""
    least = max(SHARE_FROM, min_for_percent)  # values a bucket needs for its point
    share = Series(
        "positive %",
        tuple(
            None if s is None or n < least else round(s * 100)
            for s, n in zip(line.positive_share, line.value_n, strict=True)
        ),
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
    valued = [i for i, n in enumerate(line.value_n) if n]
    if drawn.points >= MIN_POINTS:
        drew = True
        yield drawn.block
        yield ""
        thin = [i for i, n in enumerate(line.value_n) if n < least]

        def thin_why(index: int) -> str:
            if line.value_n[index] == 0:
                return "nothing recorded about your partner"
            return f"fewer than {least} values"

        gaps = _not_drawn(line, thin, thin_why)
        # Said only when it happened: a bucket with values is never outside the drawn span.
        few = (
            f" A {unit} with fewer than {least} values is left out: a percentage of so few "
            "would say more than they can."
            if any(line.value_n[i] for i in thin)
            else ""
        )
        yield (
            f"*Of everything you recorded about your partner each {unit}, the share that was "
            f"positive, {what}.{few}{' ' + gaps if gaps else ''}{_event_caption(events)}*"
        )
        yield ""
    elif len(valued) >= MIN_POINTS:
        # Weeks enough with values about the partner, but too few values in most of them.
        yield (
            f"No chart yet of the share of positive values about your partner: it needs "
            f"{MIN_POINTS} {unit}s with at least {least} values each, and "
            f"{plural(drawn.points, unit)} {'has' if drawn.points == 1 else 'have'} that many."
        )
        yield ""
        drew = True
    if not drew:
        yield f"Not enough {unit}s with entries yet for a chart (at least {MIN_POINTS} are needed)."
        yield ""


def overview_charts(
    entries: Sequence[Entry],
    vocabulary: Vocabulary,
    first: dt.date,
    as_of: dt.date,
    *,
    min_for_percent: int,
) -> Iterator[str]:
    """The whole journal (its last two years, month by month, when it is long)."""
    line = journal_timeline(entries, vocabulary, first, as_of)
    if line.buckets[0].start <= first:
        what = "over the whole journal"
    else:
        what = f"over the last {len(line.buckets)} months"
    yield from chart_lines(line, entries, vocabulary, what, min_for_percent=min_for_percent)


def period_charts(
    entries: Sequence[Entry],
    vocabulary: Vocabulary,
    start: dt.date,
    end: dt.date,
    context_start: dt.date,
    weekly: Timeline | None = None,
    *,
    min_for_percent: int,
) -> Iterator[str]:
    """The weeks of a period, with the weeks from `context_start` before it for context.

    `weekly`, the same entries week by week (`Analysis.weekly`), is cut instead of counting
    the entries again when it holds those weeks."""
    # `entries` are the analysis's: dated and in date order, so two binary searches.
    # Whole weeks, even where they reach into the months around: a week labelled `29 Jun`
    # shows the same figures on every page.
    weeks = weeks_between(context_start, end)
    low = bisect_left(entries, weeks[0].start, key=_day)
    high = bisect_right(entries, weeks[-1].end, key=_day)
    inside = entries[low:high]
    line = cut(weekly, weeks[0].start, weeks[-1].end) if weekly is not None else None
    if line is None:
        line = timeline(inside, vocabulary, weeks, "week")
    # The weeks drawn: from the first to the last with anything in it (the rest of a month
    # still to come is not a week without entries).
    filled = filled_buckets(line) or [0, len(line.buckets) - 1]
    first, last = line.buckets[filled[0]], line.buckets[filled[-1]]
    what = f"in the weeks from {first.start.isoformat()} to {last.end.isoformat()}"
    if context_start < start:
        what += " (the previous month's too, for context)"
    own = [e for e in inside if e.date is not None and start <= e.date <= end]
    yield from chart_lines(line, own, vocabulary, what, min_for_percent=min_for_percent)


def _day(entry: Entry) -> dt.date:
    return entry.date or dt.date.max
