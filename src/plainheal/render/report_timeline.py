"""The report's timeline: week by week, as charts (HTML) and tables (both), and its moments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from plainheal.render.report_data import MOMENTS_SHOWN, ExportData, Figure
from plainheal.render.report_summary import concerning_moments
from plainheal.render.svg import Line, Stack, line_chart, stacked_chart
from plainheal.render.words import (
    cell,
    literal,
    mean,
    plural,
    span,
)
from plainheal.vocabulary import Vocabulary


def _rating_scales(vocabulary: Vocabulary) -> dict[tuple[int, int], list[str]]:
    scales: dict[tuple[int, int], list[str]] = {}
    for key, rating in vocabulary.ratings.items():
        scales.setdefault((rating.low, rating.high), []).append(key)
    return scales


def _describe_line(title: str, values: Sequence[float | None], n: Sequence[int]) -> str:
    shown = [(i, v) for i, v in enumerate(values) if v is not None]
    if not shown:
        return f"{title}: no ratings."
    (_, first), (_, last) = shown[0], shown[-1]
    low = min(v for _, v in shown)
    high = max(v for _, v in shown)
    return (
        f"{title}: {mean(first)} in the first week with ratings, {mean(last)} in the last; "
        f"weekly averages between {mean(low)} and {mean(high)} ({plural(sum(n), 'rating')})."
    )


def timeline_lines(data: ExportData) -> Iterator[str | Figure]:
    vocabulary = data.analysis.vocabulary
    line = data.timeline
    mondays = [b.start for b in line.buckets]
    yield "## Timeline"
    yield ""
    yield (
        "Week by week (weeks start on Monday; the first row starts on the period's first "
        "day). A dotted vertical line marks a moment the "
        "journal marked (an `event:` on an entry, or the discovery date in the settings)."
    )
    yield ""
    if data.markers:
        for marker in data.markers:
            yield f"- {marker.day.isoformat()}: {literal(marker.label)}"
    else:
        yield "No moments were marked in this period."
    yield ""
    for number, ((low, high), keys) in enumerate(_rating_scales(vocabulary).items()):
        titles = [vocabulary.ratings[k].title() for k in keys]
        description = " ".join(
            _describe_line(vocabulary.ratings[k].title(), line.ratings[k], line.rating_n[k])
            for k in keys
        )
        yield "### Self-ratings, weekly averages"
        yield ""
        yield Figure(
            line_chart(
                f"ratings-{number}",
                f"Weekly averages of {', '.join(t.lower() for t in titles)} "
                f"({low} to {high}, higher is better), {span(data.start, data.end)}",
                description + " The table under the chart gives every week.",
                mondays,
                [Line(vocabulary.ratings[k].title(), line.ratings[k]) for k in keys],
                low,
                high,
                data.markers,
            )
        )
        yield ""
        yield "| Week of | " + " | ".join(cell(t) for t in titles) + " |"
        yield "|---|" + "---:|" * len(keys)
        for i, bucket in enumerate(line.buckets):
            cells = [
                f"{mean(line.ratings[k][i])} (n={line.rating_n[k][i]})"
                if line.rating_n[k][i]
                else "–"
                for k in keys
            ]
            yield f"| {max(bucket.start, data.start).isoformat()} | " + " | ".join(cells) + " |"
        yield ""
    dimensions = [
        (key, d)
        for key, d in vocabulary.dimensions.items()
        if any(k.total for k in line.kinds[key])
    ]
    if not dimensions:
        return
    yield "### Partner behaviours, weekly"
    yield ""
    totals = [
        f"{d.title()}: {sum(k.positive for k in line.kinds[key])} positive, "
        f"{sum(k.mixed for k in line.kinds[key])} mixed, "
        f"{sum(k.concerning for k in line.kinds[key])} concerning."
        for key, d in dimensions
    ]
    yield Figure(
        stacked_chart(
            "partner",
            f"Partner behaviours, weekly counts of positive, mixed and concerning values, "
            f"{span(data.start, data.end)}",
            " ".join(totals) + " The table under the chart gives every week.",
            mondays,
            [
                Stack(
                    d.title(),
                    tuple(k.positive for k in line.kinds[key]),
                    tuple(k.mixed for k in line.kinds[key]),
                    tuple(k.concerning for k in line.kinds[key]),
                )
                for key, d in dimensions
            ],
            data.markers,
        )
    )
    yield ""
    yield "Each cell: positive · mixed · concerning values recorded that week."
    yield ""
    yield "| Week of | " + " | ".join(cell(d.title()) for _, d in dimensions) + " |"
    yield "|---|" + "---|" * len(dimensions)
    for i, bucket in enumerate(line.buckets):
        cells = []
        for key, _ in dimensions:
            kinds = line.kinds[key][i]
            cells.append(
                f"{kinds.positive} · {kinds.mixed} · {kinds.concerning}" if kinds.total else "–"
            )
        yield f"| {max(bucket.start, data.start).isoformat()} | " + " | ".join(cells) + " |"


def moments_table(moments: Sequence[tuple[dt.date, str]]) -> Iterator[str]:
    yield "| Date | Recorded as concerning |"
    yield "|---|---|"
    for day, recorded in moments:
        yield f"| {day.isoformat()} | {cell(recorded)} |"


def moments_lines(data: ExportData) -> Iterator[str]:
    moments = concerning_moments(data)
    yield "## Concerning moments"
    yield ""
    if not moments:
        yield "No concerning value was recorded in this period."
        return
    yield (
        f"{plural(len(moments), 'entry', 'entries')} recorded a concerning value; the date "
        "and what was recorded, never the entry's words."
    )
    yield ""
    shown = moments[-MOMENTS_SHOWN:]
    earlier = len(moments) - len(shown)
    if earlier:
        yield (
            f"The {len(shown)} most recent; and {earlier} more before {shown[0][0].isoformat()}, "
            "listed in full in the appendix."
        )
        yield ""
    yield from moments_table(shown)
