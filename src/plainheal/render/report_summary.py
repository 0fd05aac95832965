"""The report's first page: the check-in answers, the concerning moments, what changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from plainheal.analyze.analysis import compare_ratings, daily_ratings, rating_stat, scaled
from plainheal.analyze.dimensions import NOT_ENOUGH
from plainheal.analyze.family import held_together
from plainheal.api import Finding, Window
from plainheal.entry import Entry
from plainheal.render.present import FINDINGS_SHOWN, finding_title
from plainheal.render.report_data import ExportData
from plainheal.render.words import (
    literal,
    mean,
    plural,
    shown_difference,
    span,
)

SHORT_PERIOD_DAYS = 28  # a period shorter than this is said in days, not calendar weeks


def check_in_windows(data: ExportData) -> tuple[Window, Window] | None:
    """The first and the last `recent_days` of the period, when they do not overlap."""
    days = data.thresholds.recent_days
    if (data.end - data.start).days + 1 < 2 * days:
        return None
    return Window(data.start, data.start + dt.timedelta(days=days - 1)), Window.ending(
        data.end, days
    )


@dataclass(frozen=True)
class Answer:
    title: str
    before: float | None
    before_n: int
    after: float | None
    after_n: int
    answer: str  # higher, lower, about the same, not enough data
    large: float = 0.5  # the smallest change that matters on this rating's scale


def check_in_answers(data: ExportData, windows: tuple[Window, Window]) -> list[Answer]:
    first, last = windows
    kept = data.analysis.entries
    in_first = [e for e in kept if e.date and first.contains(e.date)]
    in_last = [e for e in kept if e.date and last.contains(e.date)]
    out = []
    tests = []
    for key, rating in data.analysis.vocabulary.ratings.items():
        before, after = rating_stat(in_first, key), rating_stat(in_last, key)
        answer, test = compare_ratings(  # each day once, as in the check-in
            daily_ratings(in_first, key),
            daily_ratings(in_last, key),
            rating,
            data.analysis.thresholds,
        )
        tests.append((answer, test))
        large = scaled(data.analysis.thresholds.min_rating_change, rating)
        out.append(
            Answer(rating.title(), before.mean, before.n, after.mean, after.n, answer, large)
        )
    # Every rating compared at once: false discoveries controlled across them (`family`).
    together = held_together(tests, data.analysis.thresholds)
    return [replace(answer, answer=held) for answer, held in zip(out, together, strict=True)]


def answer_sentence(answer: Answer, need: int) -> str:
    figures = (
        f"{mean(answer.before)} at the start ({plural(answer.before_n, 'rating')}), "
        f"{mean(answer.after)} at the end ({plural(answer.after_n, 'rating')})"
    )
    if answer.answer == NOT_ENOUGH:
        return (
            f"- **{answer.title}**: not enough data to compare ({figures}; {need} "
            f"{'is' if need == 1 else 'are'} needed on each side)."
        )
    if answer.answer in ("higher", "lower"):
        return (
            f"- **{answer.title}**: {answer.answer} at the end — {figures}. A difference this "
            "large is unlikely to be chance."
        )
    change = shown_difference(answer.before, answer.after)
    if change is not None and abs(change) >= answer.large:  # as the overview: could be chance
        return (
            f"- **{answer.title}**: {abs(change):.1f} {'higher' if change > 0 else 'lower'} "
            f"at the end — {figures}; a difference that could be chance with this few ratings."
        )
    return f"- **{answer.title}**: about the same — {figures}."


def concerning_moments(data: ExportData) -> list[tuple[dt.date, str]]:
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


def halves(data: ExportData, days: list[dt.date]) -> tuple[int, int]:
    """How many of `days` fall in the first and the second half of the period (the middle
    day is not named: a day the report has no reason to show could be a private entry's)."""
    middle = data.start + dt.timedelta(days=((data.end - data.start).days + 1) // 2)
    first = sum(1 for day in days if day < middle)
    return first, len(days) - first


def summary_lines(data: ExportData) -> Iterator[str]:
    analysis = data.analysis
    vocabulary = analysis.vocabulary
    weeks = len(data.timeline.buckets)
    yield "## Summary"
    yield ""
    days = (data.end - data.start).days + 1
    length = plural(days, "day") if days < SHORT_PERIOD_DAYS else plural(weeks, "week")
    yield f"- **Period**: {span(data.start, data.end)} ({length})."
    dates = len({e.date for e in analysis.entries if e.date})
    yield f"- **Entries**: {len(analysis.entries)}, on {plural(dates, 'day')}."
    if data.markers:
        marked = "; ".join(f"{literal(m.label)} ({m.day.isoformat()})" for m in data.markers)
        yield f"- **Moments marked**: {marked}."
    yield ""
    yield "### Then and now"
    yield ""
    windows = check_in_windows(data)
    days_each = data.thresholds.recent_days
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
        for answer in check_in_answers(data, windows):
            yield answer_sentence(answer, analysis.thresholds.min_entries)
    yield ""
    yield "### What changed"
    yield ""
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
            f"- Over {trend_span(data)}, partner behaviours moved clearly: "
            f"{', '.join(moved)}.{others}"
        )
    else:
        yield (
            f"- Over {trend_span(data)}, no partner behaviour rose or fell clearly (or there "
            "are too few entries to tell)."
        )
    moments = concerning_moments(data)
    first_half, second_half = halves(data, [day for day, _ in moments])
    first_all, second_all = halves(data, [e.date for e in analysis.entries if e.date])
    yield (
        f"- Entries with a concerning value: {first_half} of {first_all} in the first half "
        f"of the period, {second_half} of {second_all} in the second."
    )
    yield ""
    yield "### Patterns noticed"
    yield ""
    noticed = shown_findings(data)
    for title, finding in noticed:
        yield f"- **{title}**: {finding.sentence}"
    if not noticed:
        yield "- No pattern stands out in this period, or there is not enough data yet."
    note = early_note(data, [finding for _, finding in noticed])
    if note:
        yield ""
        yield note
    yield ""
    yield (
        "A pattern or a link describes what was written down; it is not a cause. Every "
        "figure is explained further on."
    )


def last_weeks(data: ExportData) -> int | None:
    """The weeks behind the directions, sparklines and consistency figures: the last
    `trend_weeks` of the period, or None when that is the whole period."""
    weeks = data.analysis.thresholds.trend_weeks
    return None if weeks >= len(data.timeline.buckets) else weeks


def trend_span(data: ExportData) -> str:
    """`the last 12 weeks of the period`, or `the whole period` when it is no longer."""
    weeks = last_weeks(data)
    return "the whole period" if weeks is None else f"the last {weeks} weeks of the period"


EARLY_PATTERN = "early-effort-fading"


def early_note(data: ExportData, findings: Sequence[Finding]) -> str | None:
    """When early effort fading is shown and its "first 30 days" start elsewhere than those
    of the check-in (at the discovery, say, a few days into the period): which is which."""
    windows = check_in_windows(data)
    early = data.early
    if early is None or windows is None or windows[0].start == early.start:
        return None
    if not any(finding.id == EARLY_PATTERN for finding in findings):
        return None
    first_entry = min(e.date for e in data.analysis.entries if e.date is not None)
    why = "the period's first entry" if early.start == first_entry else "the discovery date"
    days = data.thresholds.early_days
    return (
        f"*Then and now* compares the first {data.thresholds.recent_days} days of the period "
        f"(from {windows[0].start}); *early effort fading* counts its first {days} days from "
        f"{why}, {early.start}."
    )


def date_of(entry: Entry | None) -> dt.date | None:
    return entry.date if entry is not None else None


def shown_findings(data: ExportData) -> list[tuple[str, Finding]]:
    """The noticed findings the report shows (at most `FINDINGS_SHOWN` per analyzer), with
    their titles."""
    shown: dict[str, int] = {}
    out = []
    for result, finding in data.analysis.findings("noticed"):
        shown[result.analyzer] = shown.get(result.analyzer, 0) + 1
        if shown[result.analyzer] > FINDINGS_SHOWN:
            continue
        out.append((finding_title(finding), finding))
    return out
