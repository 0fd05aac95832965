"""The report's figures and patterns of the period, the shared entries and the appendix."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence

from plainheal.api import Finding
from plainheal.entry import Entry
from plainheal.render.present import (
    direction_text,
    no_concerning_text,
    positive_weeks_text,
    reads_as,
    share_text,
    titles_text,
)
from plainheal.render.report_data import EVIDENCE_SHOWN, MOMENTS_SHOWN, ExportData, SharedEntry
from plainheal.render.report_summary import (
    check_in_answers,
    check_in_windows,
    concerning_moments,
    date_of,
    early_note,
    last_weeks,
    shown_findings,
    trend_span,
)
from plainheal.render.report_timeline import moments_table
from plainheal.render.words import (
    cell,
    entries,
    mean,
    plural,
    shown_difference,
    signed,
    span,
    sparkline,
    visible,
)
from plainheal.vocabulary import Vocabulary, needs_items


def legend_lines(vocabulary: Vocabulary) -> Iterator[str]:
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


def period_ratings_lines(data: ExportData, vocabulary: Vocabulary) -> Iterator[str]:
    yield "## Self-ratings over the period"
    yield ""
    yield "| Rating | Mean | n |"
    yield "|---|---:|---:|"
    for key, rating in vocabulary.ratings.items():
        stat = data.figures.ratings[key]
        yield f"| {cell(rating.title())} | {mean(stat.mean)} | {stat.n} |"
    windows = check_in_windows(data)
    if windows is None:
        return
    first, last = windows
    days = data.thresholds.recent_days
    need = data.analysis.thresholds.min_entries
    yield ""
    yield (
        f"The first {days} days of the period ({span(first.start, first.end)}) against the "
        f"last {days} ({span(last.start, last.end)}):"
    )
    yield ""
    yield "| Rating | First days | Last days | Change |"
    yield "|---|---:|---:|---:|"
    for answer in check_in_answers(data, windows):
        enough = answer.before_n >= need and answer.after_n >= need
        difference = shown_difference(answer.before, answer.after)
        change = (
            f"{signed(difference)}, {reads_as(answer.answer, difference, answer.large)}"
            if enough and difference is not None
            else answer.answer
        )
        yield (
            f"| {cell(answer.title)} | {mean(answer.before)} (n={answer.before_n}) | "
            f"{mean(answer.after)} (n={answer.after_n}) | {change} |"
        )


def dimensions_lines(data: ExportData, vocabulary: Vocabulary) -> Iterator[str]:
    weeks = last_weeks(data)
    column = "Week by week" if weeks is None else f"Last {weeks} weeks"
    yield "## Partner behaviours over the period"
    yield ""
    # Which span each figure is of, so that a share over the whole period beside a direction
    # over its last weeks never reads as one figure (a collapse before those weeks shows in
    # the share and in early effort fading, not in the direction).
    direction = "Direction" if weeks is None else "Direction in those weeks"
    yield f"| Dimension | Values recorded | Positive, whole period | {column} | {direction} |"
    yield "|---|---|---:|---|---|"
    summaries = {d.key: d for d in data.analysis.dimensions}
    for key, dimension in vocabulary.dimensions.items():
        counts = data.figures.counts[key]
        total = sum(counts.values())
        positive = dimension.positive(counts)
        share = share_text(positive, total, data.analysis.thresholds)  # "1 of 1", not "100%"
        values = " · ".join(f"{v} {n}" for v, n in counts.items())
        summary = summaries.get(key)
        trend = sparkline([w.mean_score for w in summary.weekly]) if summary else ""
        direction = direction_text(summary) if summary else "–"
        yield f"| {cell(dimension.title())} | {values} | {share} | `{trend}` | {direction} |"


def consistency_lines(data: ExportData, vocabulary: Vocabulary) -> Iterator[str]:
    yield "## Consistency"
    yield ""
    yield f"Weeks and runs are counted over {trend_span(data)}."
    yield ""
    yield "| Dimension | Weeks with a positive mean | Longest positive run | Last concerning |"
    yield "|---|---|---|---|"
    for summary in data.analysis.dimensions:
        dimension = vocabulary.dimensions[summary.key]
        weeks = positive_weeks_text(summary)
        run = summary.longest_run
        longest = (
            f"{entries(run.length)} ({span(run.first.date, run.last.date)})"
            if run.length and run.first and run.last and run.first.date and run.last.date
            else "–"
        )
        last = summary.last_concerning
        since = summary.days_since_concerning or 0
        when = (
            no_concerning_text(data.analysis, summary.key)
            if last is None
            else f"{last.date} (the day of the last entry)"
            if since == 0
            else f"{last.date} ({plural(since, 'day')} before the last entry)"
        )
        yield f"| {cell(dimension.title())} | {weeks} | {longest} | {when} |"


def evidence_dates(data: ExportData, finding: Finding) -> list[dt.date]:
    by_path = {e.path: e for e in data.analysis.entries}
    return sorted({d for p in finding.evidence if (d := date_of(by_path.get(p)))})


def dates_text(days: Sequence[dt.date]) -> str:
    return ", ".join(d.isoformat() for d in days)


def patterns_lines(data: ExportData) -> Iterator[str]:
    yield "## Patterns"
    yield ""
    findings = shown_findings(data)
    for title, finding in findings:
        yield f"### {title}"
        yield ""
        yield finding.sentence
        note = early_note(data, [finding])
        if note:
            yield ""
            yield note
        dates = evidence_dates(data, finding)
        if dates:
            more = len(dates) - EVIDENCE_SHOWN
            yield ""
            if more > 0:
                yield (
                    f"Entries: {dates_text(dates[:EVIDENCE_SHOWN])} and {more} more "
                    "(all listed in the appendix)."
                )
            else:
                yield f"Entries: {dates_text(dates)}."
        yield ""
    if not findings:
        yield "No pattern stands out in this period, or there is not enough data yet."
        yield ""
    waiting = [f for _, f in data.analysis.findings("not-enough-data")]
    links = [f for f in waiting if f.id.startswith("linked-to-")]
    others = [f for f in waiting if f not in links]
    if others:
        yield f"Not enough data in this period for: {titles_text(others)}."
        yield ""
    if links:
        t = data.analysis.thresholds
        yield (
            f"Not enough data in this period to look for links ({titles_text(links)}): a link "
            f"needs {t.link_min_weeks} weeks of ratings in the period, and {t.link_min_days} "
            "rated days on each side."
        )
        yield ""


def needs_lines(data: ExportData, vocabulary: Vocabulary) -> Iterator[str]:
    items = needs_items(vocabulary)
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
    """`2026-11-20` (with the file name when it adds something: not when it is the same day
    written another way, `20.11.2026` or `20261120`)."""
    assert shared.entry.date is not None
    day = shared.entry.date.isoformat()
    name = visible(shared.entry.name)  # a line break in a name would end the heading
    digits = [c for c in name if c.isdigit()]
    only_the_day = not any(c.isalpha() for c in name) and sorted(digits) == sorted(
        c for c in day if c.isdigit()
    )
    return day if name == day or only_the_day else f"{day} — {name}"


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


def shared_lines(data: ExportData) -> Iterator[str]:
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


def appendix_lines(data: ExportData) -> Iterator[str]:
    moments = concerning_moments(data)
    long_moments = len(moments) > MOMENTS_SHOWN
    long_evidence = [
        (title, dates)
        for title, finding in shown_findings(data)
        if len(dates := evidence_dates(data, finding)) > EVIDENCE_SHOWN
    ]
    if not long_moments and not long_evidence:
        return
    yield "## Appendix: the full lists"
    yield ""
    if long_moments:
        yield f"### Every concerning moment ({len(moments)})"
        yield ""
        yield from moments_table(moments)
        yield ""
    for title, dates in long_evidence:
        yield f"### {title}: every entry ({len(dates)})"
        yield ""
        yield f"{dates_text(dates)}."
        yield ""
