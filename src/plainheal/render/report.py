"""`plainheal export`: a report for a chosen period, to share with a therapist.

A one-page summary first (the period, the check-in answers, the patterns noticed, what
changed); then a timeline of the period (charts in the HTML report, weekly tables in both,
the marked moments and a dated list of concerning moments); then the figures and patterns
of exactly that period; then the person's own words in the entries marked `share: true`;
then an appendix with the long lists. Entries marked `private: true` are left out of
everything — figures, evidence, dates, events — and only their number is said.

The report is built as a list of sections, each a sequence of Markdown text and charts:
the Markdown report shows the text (its weekly tables carry what the charts draw), the HTML
report draws the charts too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from plainheal.analyze.analysis import (
    NOT_ENOUGH,
    Analysis,
    analyze,
    compare_ratings,
    rating_stat,
    rating_values,
)
from plainheal.analyze.periods import Period, PeriodFigures, period_figures
from plainheal.analyze.timeline import Timeline, timeline, weeks_between
from plainheal.api import Analyzer, Finding, Thresholds, Window
from plainheal.entry import Entry
from plainheal.read.config import CONFIG_NAME
from plainheal.read.layout import conflict_original
from plainheal.render.own_words import own_words
from plainheal.render.pages import FINDINGS_SHOWN, direction_text, pattern_title
from plainheal.render.svg import Line, Marker, Stack, line_chart, stacked_chart
from plainheal.render.words import (
    cell,
    entries,
    literal,
    mean,
    percent,
    plural,
    shown_difference,
    signed,
    span,
    sparkline,
    visible,
)
from plainheal.vocabulary import Vocabulary
from plainheal.write.atomic import (
    Status,
    WriteError,
    lstat_or_none,
    read_regular,
    remove_stale_temporaries,
    what_it_is,
    write_atomic,
)
from plainheal.write.generated import BOM


class ExportError(Exception):
    """The report cannot be made for this period."""


# Every report carries one of these, so that only an earlier report is ever replaced.
REPORT_PROPERTY = "plainheal: export"
HTML_MARK = '<meta name="generator" content="plainheal export">'


@dataclass(frozen=True)
class SharedEntry:
    """An entry marked `share: true`, with its body text (frontmatter removed)."""

    entry: Entry
    body: str


@dataclass(frozen=True)
class ExportData:
    """Everything the report shows, computed from in-period, non-private entries only."""

    start: dt.date
    end: dt.date
    analysis: Analysis
    figures: PeriodFigures
    private_left_out: int
    shared: tuple[SharedEntry, ...]
    markers: tuple[Marker, ...]  # events of the period's entries, and the discovery date
    timeline: Timeline  # week by week


def markdown_document(data: ExportData) -> str:
    """The Markdown report as a file: frontmatter (which marks it as plainheal's report),
    then the report."""
    return f"---\n{REPORT_PROPERTY}\nperiod: {data.start}/{data.end}\n---\n" + render_markdown(data)


def select(
    all_entries: Sequence[Entry], since: dt.date | None, until: dt.date | None
) -> tuple[dt.date, dt.date, list[Entry], int]:
    """The period (defaulting to the journal's span), its non-private entries, and how many
    private ones were left out."""
    dated = [e for e in all_entries if e.date is not None]
    # The default period is that of the entries the report may show: a private entry's
    # date must not appear even as the first or last day.
    dates = [e.date for e in dated if e.date is not None and not e.private]
    if not dates and (since is None or until is None):
        raise ExportError(
            "there are no dated entries to report on yet (entries marked private never are)"
        )
    start = since or min(dates)
    end = until or max(dates)
    if start > end:
        raise ExportError(f"the period starts ({start}) after it ends ({end})")
    inside = [e for e in dated if e.date is not None and start <= e.date <= end]
    kept = [e for e in inside if not e.private]
    if not kept:
        # A report of dashes saying "1 entry marked private was left out" would tell whoever
        # reads it that a private entry exists in that period (of one day, say).
        raise ExportError(f"there are no entries to report between {start} and {end}")
    return start, end, kept, len(inside) - len(kept)


def build(
    kept: Sequence[Entry],
    start: dt.date,
    end: dt.date,
    private_left_out: int,
    vocabulary: Vocabulary,
    thresholds: Thresholds,
    analyzers: Sequence[Analyzer],
    shared: Sequence[SharedEntry],
    *,
    discovery: dt.date | None = None,
    templates: Sequence[str] = (),
) -> ExportData:
    """The report's data. Pure.

    `kept` are the period's non-private entries (see `select`); `templates` the text of the
    vault's entry templates, whose prompts and comments are taken out of shared entries."""
    kept = [e for e in kept if not e.private]  # privacy fails closed, whoever calls
    analysis = analyze(kept, vocabulary, thresholds, analyzers)
    period = Period("export", f"{start}/{end}", start, end)
    markers = {
        (e.date, label)
        for e in kept
        if e.date is not None and not e.private and start <= e.date <= end
        for label in e.events
    }
    if discovery is not None and start <= discovery <= end:
        markers.add((discovery, "discovery"))
    return ExportData(
        start=start,
        end=end,
        analysis=analysis,
        figures=period_figures(period, kept, vocabulary),
        private_left_out=private_left_out,
        shared=tuple(
            SharedEntry(s.entry, own_words(s.body, templates))
            for s in sorted(shared, key=lambda s: s.entry.sort_key())
            if not s.entry.private
        ),
        markers=tuple(Marker(day, label) for day, label in sorted(markers)),
        timeline=timeline(kept, vocabulary, weeks_between(start, end), "week"),
    )


# -- the report, as sections of Markdown text and charts --


@dataclass(frozen=True)
class Figure:
    """A chart: inline SVG, drawn in the HTML report only (a table beside it says the same)."""

    svg: str


@dataclass(frozen=True)
class Section:
    """A part of the report; `kind` names it for print layout (page breaks)."""

    kind: str
    parts: tuple[str | Figure, ...]


EVIDENCE_SHOWN = 10  # dates listed under a pattern before the rest go to the appendix
MOMENTS_SHOWN = 15  # concerning moments listed before the earlier ones go to the appendix


def _check_in_window(data: ExportData) -> tuple[Window, Window] | None:
    """The first and the last `recent_days` of the period, when they do not overlap."""
    days = data.analysis.thresholds.recent_days
    if (data.end - data.start).days + 1 < 2 * days:
        return None
    return Window(data.start, data.start + dt.timedelta(days=days - 1)), Window.ending(
        data.end, days
    )


@dataclass(frozen=True)
class _Answer:
    title: str
    before: float | None
    before_n: int
    after: float | None
    after_n: int
    answer: str  # higher, lower, about the same, not enough data


def _answers(data: ExportData, windows: tuple[Window, Window]) -> list[_Answer]:
    first, last = windows
    kept = data.analysis.entries
    in_first = [e for e in kept if e.date and first.contains(e.date)]
    in_last = [e for e in kept if e.date and last.contains(e.date)]
    out = []
    for key, rating in data.analysis.vocabulary.ratings.items():
        before, after = rating_stat(in_first, key), rating_stat(in_last, key)
        answer, _ = compare_ratings(
            rating_values(in_first, key),
            rating_values(in_last, key),
            rating,
            data.analysis.thresholds,
        )
        out.append(_Answer(rating.title(), before.mean, before.n, after.mean, after.n, answer))
    return out


def _answer_sentence(answer: _Answer, need: int) -> str:
    figures = (
        f"{mean(answer.before)} at the start ({plural(answer.before_n, 'rating')}), "
        f"{mean(answer.after)} at the end ({plural(answer.after_n, 'rating')})"
    )
    if answer.answer == NOT_ENOUGH:
        return (
            f"- **{answer.title}**: not enough data to compare ({figures}; {need} are needed "
            "on each side)."
        )
    if answer.answer in ("higher", "lower"):
        return (
            f"- **{answer.title}**: {answer.answer} at the end — {figures}. A difference this "
            "large is unlikely to be chance."
        )
    return f"- **{answer.title}**: about the same — {figures}; the difference could be chance."


def _concerning(data: ExportData) -> list[tuple[dt.date, str]]:
    """Each entry with a concerning value: its date and what was recorded (never its text)."""
    vocabulary = data.analysis.vocabulary
    moments = []
    for entry in data.analysis.entries:
        if entry.date is None:
            continue
        recorded = []
        for key, dimension in vocabulary.dimensions.items():
            worrying = [v for v in entry.observations.get(key, ()) if dimension.scores[v] < 0]
            if worrying:
                recorded.append(f"{dimension.title()}: {', '.join(worrying)}")
        if recorded:
            moments.append((entry.date, " · ".join(recorded)))
    return moments


def _halves(data: ExportData, moments: list[tuple[dt.date, str]]) -> tuple[int, int]:
    """Concerning moments in the first and the second half of the period (the middle day is
    not named: a day the report has no reason to show could be a private entry's)."""
    middle = data.start + dt.timedelta(days=((data.end - data.start).days + 1) // 2)
    first = sum(1 for day, _ in moments if day < middle)
    return first, len(moments) - first


def _summary(data: ExportData) -> Iterator[str]:
    analysis = data.analysis
    vocabulary = analysis.vocabulary
    weeks = len(data.timeline.buckets)
    yield "## Summary"
    yield ""
    yield f"- **Period**: {span(data.start, data.end)} ({plural(weeks, 'week')})."
    days = len({e.date for e in analysis.entries if e.date})
    yield f"- **Entries**: {len(analysis.entries)}, on {plural(days, 'day')}."
    if data.markers:
        marked = "; ".join(f"{literal(m.label)} ({m.day.isoformat()})" for m in data.markers)
        yield f"- **Moments marked**: {marked}."
    yield ""
    yield "### Then and now"
    yield ""
    windows = _check_in_window(data)
    days_each = analysis.thresholds.recent_days
    if not vocabulary.ratings:
        yield "The journal has no self-ratings to compare."
    elif windows is None:
        yield (
            f"The period is too short to compare its start with its end: that needs two "
            f"stretches of {days_each} days, {2 * days_each} days in all."
        )
    else:
        first, last = windows
        yield (
            f"Self-ratings (higher is better) in the first {days_each} days of the period "
            f"({span(first.start, first.end)}) against the last {days_each} "
            f"({span(last.start, last.end)}):"
        )
        yield ""
        for answer in _answers(data, windows):
            yield _answer_sentence(answer, analysis.thresholds.min_entries)
    yield ""
    yield "### What changed"
    yield ""
    trend_weeks = analysis.thresholds.trend_weeks
    moved = [
        f"{vocabulary.dimensions[d.key].title().lower()} ({d.direction})"
        for d in analysis.dimensions
        if d.direction in ("rising", "falling")
    ]
    if moved:
        others = (
            " The others show no clear change, or have too few entries to tell."
            if len(moved) < len(analysis.dimensions)
            else ""
        )
        yield (
            f"- Over the last {trend_weeks} weeks of the period, partner behaviours moved "
            f"clearly: {', '.join(moved)}.{others}"
        )
    else:
        yield (
            f"- Over the last {trend_weeks} weeks of the period, no partner behaviour rose or "
            "fell clearly (or there are too few entries to tell)."
        )
    moments = _concerning(data)
    first_half, second_half = _halves(data, moments)
    yield (
        f"- Entries with a concerning value: {first_half} in the first half of the period, "
        f"{second_half} in the second."
    )
    yield ""
    yield "### Patterns noticed"
    yield ""
    noticed = _shown_findings(data)
    for title, finding in noticed:
        yield f"- **{title}**: {finding.sentence}"
    if not noticed:
        yield "- No pattern stands out in this period, or there is not enough data yet."
    yield ""
    yield (
        "A pattern or a link describes what was written down; it is not a cause. Every "
        "figure is explained further on."
    )


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


def _timeline(data: ExportData) -> Iterator[str | Figure]:
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


def _moments_table(moments: Sequence[tuple[dt.date, str]]) -> Iterator[str]:
    yield "| Date | Recorded as concerning |"
    yield "|---|---|"
    for day, recorded in moments:
        yield f"| {day.isoformat()} | {cell(recorded)} |"


def _moments(data: ExportData) -> Iterator[str]:
    moments = _concerning(data)
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
    yield from _moments_table(shown)


def _legend(vocabulary: Vocabulary) -> Iterator[str]:
    yield "## How to read this report"
    yield ""
    yield (
        "The person keeping this journal records, in each entry, what they noticed of their "
        "partner's behaviour and how they felt. Each behaviour value counts as positive (+1), "
        "mixed (0) or concerning (−1). *n* is the number of entries or ratings behind a figure. "
        "Pattern sentences are addressed to the person keeping the journal."
    )
    yield ""
    yield "| Dimension | +1 | 0 | −1 | Question |"
    yield "|---|---|---|---|---|"
    for dimension in vocabulary.dimensions.values():
        by_score = {score: [v for v in dimension.values if dimension.scores[v] == score]
                    for score in (1, 0, -1)}  # fmt: skip
        yield (
            f"| {cell(dimension.title())} | {', '.join(by_score[1]) or '–'} | "
            f"{', '.join(by_score[0]) or '–'} | {', '.join(by_score[-1]) or '–'} | "
            f"{cell(dimension.question)} |"
        )
    yield ""
    ratings = ", ".join(
        f"{r.title().lower()} ({r.low}–{r.high})" for r in vocabulary.ratings.values()
    )
    if ratings:
        yield f"Self-ratings, higher is better: {ratings}."
        yield ""


def _period_ratings(data: ExportData, vocabulary: Vocabulary) -> Iterator[str]:
    yield "## Self-ratings over the period"
    yield ""
    yield "| Rating | Mean | n |"
    yield "|---|---:|---:|"
    for key, rating in vocabulary.ratings.items():
        stat = data.figures.ratings[key]
        yield f"| {cell(rating.title())} | {mean(stat.mean)} | {stat.n} |"
    windows = _check_in_window(data)
    if windows is None:
        return
    first, last = windows
    days = data.analysis.thresholds.recent_days
    need = data.analysis.thresholds.min_entries
    yield ""
    yield (
        f"The first {days} days of the period ({span(first.start, first.end)}) against the "
        f"last {days} ({span(last.start, last.end)}):"
    )
    yield ""
    yield "| Rating | First days | Last days | Change |"
    yield "|---|---:|---:|---:|"
    for answer in _answers(data, windows):
        enough = answer.before_n >= need and answer.after_n >= need
        change = (
            f"{signed(shown_difference(answer.before, answer.after))}, {answer.answer}"
            if enough
            else answer.answer
        )
        yield (
            f"| {cell(answer.title)} | {mean(answer.before)} (n={answer.before_n}) | "
            f"{mean(answer.after)} (n={answer.after_n}) | {change} |"
        )


def _dimensions(data: ExportData, vocabulary: Vocabulary) -> Iterator[str]:
    weeks = data.analysis.thresholds.trend_weeks
    yield "## Partner behaviours over the period"
    yield ""
    yield f"| Dimension | Values recorded | Positive | Last {weeks} weeks | Direction |"
    yield "|---|---|---:|---|---|"
    summaries = {d.key: d for d in data.analysis.dimensions}
    for key, dimension in vocabulary.dimensions.items():
        counts = data.figures.counts[key]
        total = sum(counts.values())
        positive = sum(n for v, n in counts.items() if dimension.scores[v] > 0)
        share = f"{percent(positive / total)} ({positive} of {total})" if total else "–"
        values = " · ".join(f"{v} {n}" for v, n in counts.items())
        summary = summaries.get(key)
        trend = sparkline([w.mean_score for w in summary.weekly]) if summary else ""
        direction = direction_text(summary) if summary else "–"
        yield f"| {cell(dimension.title())} | {values} | {share} | `{trend}` | {direction} |"


def _consistency(data: ExportData, vocabulary: Vocabulary) -> Iterator[str]:
    trend_weeks = data.analysis.thresholds.trend_weeks
    yield "## Consistency"
    yield ""
    yield f"Weeks and runs are counted over the last {trend_weeks} weeks of the period."
    yield ""
    yield "| Dimension | Weeks with a positive mean | Longest positive run | Last concerning |"
    yield "|---|---|---|---|"
    for summary in data.analysis.dimensions:
        dimension = vocabulary.dimensions[summary.key]
        weeks = (
            f"{summary.positive_weeks} of {plural(summary.weeks_with_data, 'week')}"
            if summary.weeks_with_data
            else "–"
        )
        run = summary.longest_run
        longest = (
            f"{entries(run.length)} ({run.first.date} to {run.last.date})"
            if run.length and run.first and run.last
            else "–"
        )
        last = summary.last_concerning
        when = (
            f"{last.date} ({plural(summary.days_since_concerning or 0, 'day')} before the "
            "last entry)"
            if last is not None
            else "no concerning value recorded"
        )
        yield f"| {cell(dimension.title())} | {weeks} | {longest} | {when} |"


def _date_of(entry: Entry | None) -> dt.date | None:
    return entry.date if entry is not None else None


def _shown_findings(data: ExportData) -> list[tuple[str, Finding]]:
    """The noticed findings the report shows (at most `FINDINGS_SHOWN` per analyzer), with
    their titles."""
    shown: dict[str, int] = {}
    out = []
    for result, finding in data.analysis.findings("noticed"):
        shown[result.analyzer] = shown.get(result.analyzer, 0) + 1
        if shown[result.analyzer] > FINDINGS_SHOWN:
            continue
        title = pattern_title(finding.id)
        if finding.subject:
            title = f"{title} ({finding.subject})"
        out.append((title, finding))
    return out


def _evidence_dates(data: ExportData, finding: Finding) -> list[dt.date]:
    by_path = {e.path: e for e in data.analysis.entries}
    return sorted({d for p in finding.evidence if (d := _date_of(by_path.get(p)))})


def _dates(days: Sequence[dt.date]) -> str:
    return ", ".join(d.isoformat() for d in days)


def _patterns(data: ExportData) -> Iterator[str]:
    yield "## Patterns"
    yield ""
    findings = _shown_findings(data)
    for title, finding in findings:
        yield f"### {title}"
        yield ""
        yield finding.sentence
        dates = _evidence_dates(data, finding)
        if dates:
            more = len(dates) - EVIDENCE_SHOWN
            yield ""
            if more > 0:
                yield (
                    f"Entries: {_dates(dates[:EVIDENCE_SHOWN])} and {more} more "
                    "(all listed in the appendix)."
                )
            else:
                yield f"Entries: {_dates(dates)}."
        yield ""
    if not findings:
        yield "No pattern stands out in this period, or there is not enough data yet."
        yield ""
    waiting = sorted({f.id for _, f in data.analysis.findings("not-enough-data")})
    if waiting:
        names = ", ".join(pattern_title(i).lower() for i in waiting)
        yield f"Not enough data in this period for: {names}."
        yield ""


def _needs(data: ExportData, vocabulary: Vocabulary) -> Iterator[str]:
    met = vocabulary.checklists.get("needs_met")
    unmet = vocabulary.checklists.get("needs_unmet")
    items = list(dict.fromkeys([*(met.items if met else ()), *(unmet.items if unmet else ())]))
    if not items:
        return
    yield "## Needs"
    yield ""
    if not any(data.figures.needs_met.values()) and not any(data.figures.needs_unmet.values()):
        yield "No needs were recorded as met or unmet in this period."
        yield ""
        return
    yield "| Need | Met (entries) | Unmet (entries) |"
    yield "|---|---:|---:|"
    for item in items:
        yield (
            f"| {cell(item.capitalize())} | {data.figures.needs_met.get(item, 0)} | "
            f"{data.figures.needs_unmet.get(item, 0)} |"
        )
    yield ""


def entry_heading(shared: SharedEntry) -> str:
    """`2026-11-20` (with the file name when it adds something)."""
    assert shared.entry.date is not None
    day = shared.entry.date.isoformat()
    name = visible(shared.entry.name)  # a line break in a name would end the heading
    return day if name == day else f"{day} — {name}"


def observation_line(entry: Entry, vocabulary: Vocabulary) -> str:
    """The entry's recorded values in one line, in the vocabulary's order."""
    parts = [
        f"{rating.title()} {entry.ratings[key]}"
        for key, rating in vocabulary.ratings.items()
        if key in entry.ratings
    ]
    parts += [
        f"{dimension.title()}: {', '.join(entry.observations[key])}"
        for key, dimension in vocabulary.dimensions.items()
        if key in entry.observations
    ]
    parts += [
        f"{checklist.title()}: {', '.join(entry.checklists[key])}"
        for key, checklist in vocabulary.checklists.items()
        if key in entry.checklists
    ]
    return " · ".join(parts)


NOTHING_WRITTEN = "Nothing written here beyond the template's prompts."


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^(\s{0,3})(#{1,6})(\s|$)")


def _shift_headings(body: str, by: int = 3) -> str:
    """An entry's headings moved under the report's heading for the entry (`#` → `####`),
    so they do not break the report's outline; code blocks are left as they are."""
    out = []
    fence: str | None = None
    for line in body.split("\n"):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * 3
        elif fence is not None:
            if line.strip().startswith(fence):
                fence = None
        else:
            line = _ATX.sub(
                lambda m: m.group(1) + "#" * min(6, len(m.group(2)) + by) + m.group(3), line
            )
        out.append(line)
    return "\n".join(out)


def _shared(data: ExportData) -> Iterator[str]:
    vocabulary = data.analysis.vocabulary
    yield "## Shared entries"
    yield ""
    yield (
        "The entries marked `share: true`, in the person's own words (the template's "
        "prompts and comments are left out)."
    )
    yield ""
    for shared in data.shared:
        observed = observation_line(shared.entry, vocabulary)
        yield f"### {entry_heading(shared)}"
        yield ""
        if observed:
            yield f"*{observed}*"
            yield ""
        yield _shift_headings(shared.body).strip() or f"*{NOTHING_WRITTEN}*"
        yield ""


def _appendix(data: ExportData) -> Iterator[str]:
    moments = _concerning(data)
    long_moments = len(moments) > MOMENTS_SHOWN
    long_evidence = [
        (title, dates)
        for title, finding in _shown_findings(data)
        if len(dates := _evidence_dates(data, finding)) > EVIDENCE_SHOWN
    ]
    if not long_moments and not long_evidence:
        return
    yield "## Appendix: the full lists"
    yield ""
    if long_moments:
        yield f"### Every concerning moment ({len(moments)})"
        yield ""
        yield from _moments_table(moments)
        yield ""
    for title, dates in long_evidence:
        yield f"### {title}: every entry ({len(dates)})"
        yield ""
        yield f"{_dates(dates)}."
        yield ""


FOOTER = "*Patterns describe what was written down; they are for reflection, not verdicts.*"


def _intro(data: ExportData) -> Iterator[str]:
    kept = len(data.analysis.entries)
    yield f"# Journal report, {span(data.start, data.end)}"
    yield ""
    private = (
        f"{plural(data.private_left_out, 'entry', 'entries')} marked private "
        f"{'was' if data.private_left_out == 1 else 'were'} left out of everything below."
        if data.private_left_out
        else "No entry was marked private."
    )
    shared = (
        f" {plural(len(data.shared), 'entry was', 'entries were')} marked `share: true`; "
        "the person's own words in them are at the end."
        if data.shared
        else ""
    )
    yield f"Prepared from {entries(kept)} in this period. {private}{shared}"
    yield ""


def sections(data: ExportData) -> tuple[Section, ...]:
    """The report, part by part. Pure."""
    vocabulary = data.analysis.vocabulary
    out = [
        Section("summary", (*_intro(data), *_summary(data))),
        Section("timeline", (*_timeline(data), "", *_moments(data))),
        Section(
            "figures",
            (
                *_legend(vocabulary),
                *_period_ratings(data, vocabulary),
                "",
                *_dimensions(data, vocabulary),
                "",
                *_consistency(data, vocabulary),
                "",
                *_patterns(data),
                *_needs(data, vocabulary),
            ),
        ),
    ]
    if data.shared:
        out.append(Section("shared", tuple(_shared(data))))
    appendix = tuple(_appendix(data))
    if appendix:
        out.append(Section("appendix", appendix))
    return tuple(out)


def _text(section: Section) -> str:
    lines = [part for part in section.parts if isinstance(part, str)]
    text = "\n".join(lines).strip("\n") + "\n"
    while "\n\n\n" in text:  # a chart's place leaves no extra blank line
        text = text.replace("\n\n\n", "\n\n")
    return text


def section_markdown(section: Section) -> str:
    """A section's Markdown text (its charts left out: its tables say the same)."""
    return _text(section)


def render_markdown(data: ExportData) -> str:
    """The whole report as Markdown.

    The charts are left out of the Markdown report: its weekly tables give the same figures,
    and read the same in any editor, in print and in Obsidian, where a chart block would show
    as code. The HTML report draws them."""
    body = "\n".join(_text(s) for s in sections(data))
    return f"{body}\n---\n\n{FOOTER}\n"


# -- where the report may be written: the only part of this module that touches the disk --


class ReportRefused(ExportError):
    """The report may not be written to that path (it is not an earlier report)."""


MAX_NEW_FOLDERS = 3  # folders export may make inside the vault (e.g. `Reports/`)


@dataclass(frozen=True)
class ReportPlace:
    """A checked place for the report: its path, whether it is inside the vault, and the
    folders to make for it there (a new `Reports/`, say)."""

    path: Path
    in_vault: bool
    new_folders: tuple[str, ...] = ()


def is_report(data: bytes) -> bool:
    """True if these bytes are a report plainheal wrote (Markdown or HTML)."""
    head = data[:4096].decode("utf-8", "replace").removeprefix(BOM).replace("\r\n", "\n")
    if head.startswith("---\n"):
        close = head.find("\n---\n", 3)
        frontmatter = head[4:close] if close != -1 else ""
        return REPORT_PROPERTY in frontmatter.split("\n")
    return HTML_MARK in head


def _folders_up(folder: Path) -> list[tuple[Path, os.stat_result]]:
    """`folder` and each folder above it, with what the file system says about each."""
    chain = []
    for path in (folder, *folder.parents):
        chain.append((path, os.stat(path)))
    return chain


def _within(chain: list[tuple[Path, os.stat_result]], folder: os.stat_result) -> list[str] | None:
    """The names from `folder` down to the chain's start, if the chain passes through it.
    Compared as the file system does (device and inode), so `..`, links and case-insensitive
    names all count as the same folder."""
    for depth, (_path, info) in enumerate(chain):
        if os.path.samestat(info, folder):
            return [path.name for path, _ in reversed(chain[:depth])]
    return None


def report_target(vault: Path, output: str | os.PathLike[str], summaries: str) -> ReportPlace:
    """Where the report may go; raises `ReportRefused` saying why not.

    Only a new file, or a regular file that is an earlier plainheal report, may be written:
    never a note, entry, template, sync-conflict copy, `plainheal.toml` or anything that is
    not a regular file; never into the summaries folder or a hidden folder of the vault."""
    raw = os.fspath(output)
    refuse = f"-o {raw}:"
    if not raw or raw.endswith(("/", os.sep)):
        raise ReportRefused(f"{refuse} give the name of a file, not a folder")
    given = Path(raw).absolute()
    if given.name in ("", ".", ".."):
        raise ReportRefused(f"{refuse} give the name of a file, not a folder")
    missing: list[str] = []  # folders to make, inside the vault only
    parent = given.parent
    while True:
        try:
            chain = _folders_up(parent.resolve(strict=True))
            break
        except (FileNotFoundError, NotADirectoryError):
            if parent == parent.parent or len(missing) >= MAX_NEW_FOLDERS:
                raise ReportRefused(f"{refuse} the folder it would go in does not exist") from None
            missing.insert(0, parent.name)
            parent = parent.parent
        except OSError as error:
            raise ReportRefused(f"{refuse} its folder cannot be used ({error.strerror})") from None
    if missing:
        inside = _within(chain, os.stat(vault.resolve()))
        if inside is None or not stat.S_ISDIR(chain[0][1].st_mode):
            # Outside the vault, a folder is the person's to make: plainheal makes none.
            raise ReportRefused(f"{refuse} the folder it would go in does not exist")
        if any(name.startswith(".") or name in ("", "..") for name in missing):
            raise ReportRefused(f"{refuse} that is inside a hidden folder of your vault")
        try:
            folder = os.stat(vault.resolve() / summaries)
        except OSError:
            folder = None
        below = [name.casefold() for name in (*inside, *missing)]
        output_parts = [part.casefold() for part in summaries.split("/") if part]
        if (folder is not None and _within(chain, folder) is not None) or (
            output_parts and below[: len(output_parts)] == output_parts
        ):
            raise ReportRefused(
                f"{refuse} that is plainheal's summaries folder; choose another place"
            )
        return ReportPlace(chain[0][0].joinpath(*missing, given.name), True, tuple(missing))
    if not stat.S_ISDIR(chain[0][1].st_mode):
        raise ReportRefused(f"{refuse} {given.parent.name} is not a folder")
    target = chain[0][0] / given.name
    try:
        info = lstat_or_none(target)
    except OSError as error:
        raise ReportRefused(f"{refuse} {error.strerror}") from None
    root = vault.resolve()
    in_vault = _within(chain, os.stat(root))
    if in_vault is not None:
        if any(name.startswith(".") for name in in_vault):
            raise ReportRefused(f"{refuse} that is inside a hidden folder of your vault")
        if not in_vault and target.name.lower() == CONFIG_NAME:
            raise ReportRefused(f"{refuse} that is where your vault's settings go")
        try:
            folder = os.stat(root / summaries)
        except OSError:
            folder = None
        if folder is not None and _within(chain, folder) is not None:
            raise ReportRefused(
                f"{refuse} that is plainheal's summaries folder; choose another place"
            )
    if info is None:
        return ReportPlace(target, in_vault is not None)
    kind = what_it_is(info)
    if kind is not None:
        raise ReportRefused(
            f"{refuse} that is {kind}; the report goes only to a new file or over an earlier report"
        )
    if in_vault is not None and conflict_original(target.name) is not None:
        raise ReportRefused(f"{refuse} that is a sync-conflict copy; choose another name")
    try:
        current = read_regular(target, raw)
    except WriteError as error:
        raise ReportRefused(f"{refuse} {error}") from None
    if current is not None and not is_report(current):
        raise ReportRefused(
            f"{refuse} that file exists and is not a report plainheal wrote, so it is left "
            "alone; choose a new name"
        )
    return ReportPlace(target, in_vault is not None)


def write_report(place: ReportPlace, text: str, shown: str) -> Status:
    """Write the report to a checked place, atomically; remove temporaries an interrupted
    export left there. Raises `ReportRefused` if the file changed into something else."""
    if place.new_folders:
        base = place.path.parents[len(place.new_folders)]
        for depth in range(1, len(place.new_folders) + 1):
            folder = base.joinpath(*place.new_folders[:depth])
            try:
                folder.mkdir(mode=0o700)  # readable by its owner only, like every folder made
            except FileExistsError:
                if folder.is_symlink() or not folder.is_dir():
                    raise ReportRefused(f"-o {shown}: {folder.name} is not a folder") from None
            except OSError as error:
                raise ReportRefused(f"-o {shown}: {folder.name}: {error.strerror}") from None
    remove_stale_temporaries(place.path.parent, recursive=False)
    current = read_regular(place.path, shown)
    if current is not None and not is_report(current):
        raise ReportRefused(f"-o {shown}: that file is not a report plainheal wrote; left alone")
    return write_atomic(place.path, text.encode("utf-8"), shown=shown, current=current)


TEMPLATE_MAX_BYTES = 1_000_000  # a template is a page; anything larger is not read


def template_texts(vault: Path, folders: Sequence[str], date_formats: tuple[str, ...]) -> list[str]:
    """The text of the vault's entry templates, to take their prompts out of shared entries:
    every note in the templates folders, the daily notes' template, and plainheal's own.
    Unreadable files are passed over (a template only removes text, it never adds any)."""
    from plainheal.write.starter import (
        TEMPLATE_ENTRY,
        TemplateMissing,
        template_root,
        vault_daily_notes,
    )

    paths: list[Path] = []
    for folder in folders:
        root = vault / folder
        if root.is_dir():
            paths.extend(sorted(p for p in root.rglob("*.md") if p.is_file()))
    paths.append(vault / f"{vault_daily_notes(vault, date_formats).template}.md")
    with contextlib.suppress(TemplateMissing):  # an installation without it: the others
        paths.append(template_root() / TEMPLATE_ENTRY)
    texts: list[str] = []
    seen: set[Path] = set()
    for path in paths:
        try:
            real = path.resolve()
            if real in seen or not path.is_file() or path.stat().st_size > TEMPLATE_MAX_BYTES:
                continue
            seen.add(real)
            texts.append(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    return texts
