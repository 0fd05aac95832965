"""A month or week page: a period's figures → Markdown. Pure, as the overview is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from plainheal.analyze.analysis import Analysis, compare_ratings, scaled
from plainheal.analyze.family import held_together
from plainheal.analyze.periods import PeriodFigures, PeriodSummary
from plainheal.analyze.statistics import TestResult
from plainheal.api import Thresholds
from plainheal.render.charts import period_charts
from plainheal.render.present import (
    REMINDER,
    counts_text,
    not_recorded_lines,
    reads_as,
    share_text,
    value_text,
)
from plainheal.render.words import (
    Linker,
    cell,
    entries,
    literal,
    mean,
    month_name,
    percent,
    plural,
    shown_difference,
    signed,
    span,
)
from plainheal.vocabulary import Vocabulary, needs_items


def period_title(figures: PeriodFigures) -> str:
    """`November 2026` or `Week 47 of 2026 (16 to 22 November)`."""
    period = figures.period
    if period.kind == "month":
        return month_name(period.key)
    year, week = period.key.split("-W")
    return f"Week {int(week)} of {year} ({span(period.start, period.end)})"


def _period_dimensions(
    summary: PeriodSummary, vocabulary: Vocabulary, previous_name: str, thresholds: Thresholds
) -> Iterator[str]:
    yield "## Your partner's actions"
    yield ""
    yield f"| Dimension | Values | Positive | {previous_name}, positive |"
    yield "|---|---|---:|---:|"

    def share(figures: PeriodFigures | None, key: str) -> str:
        if figures is None:
            return "–"
        dimension = vocabulary.dimensions[key]
        counts = figures.counts[key]
        positive = dimension.positive(counts)
        return share_text(positive, sum(counts.values()), thresholds)

    for key, dimension in vocabulary.dimensions.items():
        yield (
            f"| {cell(dimension.title())} | {counts_text(summary.current.counts[key])} | "
            f"{share(summary.current, key)} | {share(summary.previous, key)} |"
        )


TOO_FEW = "too few ratings to compare"


def _period_ratings(
    summary: PeriodSummary, vocabulary: Vocabulary, kind: str, thresholds: Thresholds
) -> Iterator[str]:
    # A handful of ratings a week says little: a change is only read when each side has at
    # least `min_for_percent` ratings and passes the same test as the check-in.
    need = max(thresholds.min_entries, thresholds.min_for_percent)
    yield "## Check-in"
    yield ""
    yield f"| Rating | Previous {kind} | This {kind} | Change |"
    yield "|---|---:|---:|---|"
    compared: dict[str, tuple[str, TestResult | None]] = {}
    for key, rating in vocabulary.ratings.items():
        now = summary.current.ratings[key]
        before = summary.previous.ratings[key] if summary.previous else None
        if before is None or before.mean is None or now.mean is None:
            compared[key] = ("–", None)
        elif before.n < need or now.n < need:
            compared[key] = (TOO_FEW, None)
        else:
            assert summary.previous is not None
            compared[key] = compare_ratings(
                summary.previous.daily_ratings[key],
                summary.current.daily_ratings[key],
                rating,
                thresholds,
            )
    # Every rating compared at once: false discoveries controlled across them (`family`).
    answers = dict(zip(compared, held_together(list(compared.values()), thresholds), strict=True))
    for key, rating in vocabulary.ratings.items():
        now = summary.current.ratings[key]
        before = summary.previous.ratings[key] if summary.previous else None
        before_text = f"{mean(before.mean)} (n={before.n})" if before else "–"
        change = answers[key]
        if before is not None and compared[key][1] is not None:
            difference = shown_difference(before.mean, now.mean) or 0.0
            large = scaled(thresholds.min_rating_change, rating)
            change = f"{signed(difference)}, {reads_as(change, difference, large)}"
        yield (
            f"| {cell(rating.title())} | {before_text} | {mean(now.mean)} (n={now.n}) | {change} |"
        )
    if any(answer == TOO_FEW for answer, _ in compared.values()):
        yield ""
        yield f"A change is read only with at least {need} ratings on each side."


def period_line(figures: PeriodFigures, vocabulary: Vocabulary, thresholds: Thresholds) -> str:
    """The period in one line: its entries, the share of positive partner values (a count
    below `min_for_percent` values) and the average of each rating. Figures, no comparison."""
    dates = sorted(e.date for e in figures.entries if e.date is not None)
    when = f"on {dates[0]}" if dates[0] == dates[-1] else f"from {span(dates[0], dates[-1])}"
    parts = [f"{entries(len(figures.entries))} {when}"]
    total = positive = 0
    for key, dimension in vocabulary.dimensions.items():
        for value, n in figures.counts[key].items():
            total += n
            positive += n if dimension.scores[value] > 0 else 0
    about = "you recorded about your partner's actions"
    if not total:
        parts.append(f"no values {about}")
    elif total < thresholds.min_for_percent:
        verb = "was" if positive == 1 else "were"
        parts.append(f"{positive} of the {plural(total, 'value')} {about} {verb} positive")
    else:
        parts.append(
            f"{percent(positive / total)} of the values {about} were positive "
            f"({positive} of {total})"
        )
    averages = [
        f"{rating.title().lower()} {mean(stat.mean)} ({plural(stat.n, 'rating')})"
        for key, rating in vocabulary.ratings.items()
        if (stat := figures.ratings[key]).n
    ]
    if averages:
        first, *others = averages
        parts.append(", ".join([first.replace(" ", " averaged ", 1), *others]))
    return "; ".join(parts) + "."


def _period_values(
    listed: dict[tuple[str, str], list[str]], vocabulary: Vocabulary, linker: Linker
) -> list[str]:
    lines = []
    for key, dimension in vocabulary.dimensions.items():
        for value in dimension.values:
            having = listed.get((key, value), [])
            if having:
                lines.append(
                    f"- {dimension.title()}: {value_text(value)} in {entries(len(having))}: "
                    f"{linker.links(having)}"
                )
    return lines


def _period_positive(
    summary: PeriodSummary, vocabulary: Vocabulary, linker: Linker
) -> Iterator[str]:
    yield "## Positive values this period"
    yield ""
    lines = _period_values(summary.current.positive, vocabulary, linker)
    yield from lines or ["No positive value was recorded this period."]


def _period_concerns(
    summary: PeriodSummary, vocabulary: Vocabulary, linker: Linker
) -> Iterator[str]:
    yield "## Concerning values this period"
    yield ""
    lines = _period_values(summary.current.concerning, vocabulary, linker)
    yield from lines or ["No concerning value was recorded this period."]


def _period_needs(summary: PeriodSummary, vocabulary: Vocabulary) -> Iterator[str]:
    items = needs_items(vocabulary)
    if not items:
        return
    met_counts, unmet_counts = summary.current.needs_met, summary.current.needs_unmet
    recorded = [i for i in items if met_counts.get(i) or unmet_counts.get(i)]
    kind = summary.current.period.kind
    yield "## Needs"
    yield ""
    if not recorded:
        yield f"No needs were recorded this {kind}."
        return
    yield "| Need | Met | Unmet |"
    yield "|---|---:|---:|"
    for item in recorded:
        yield (
            f"| {cell(item.capitalize())} | {met_counts.get(item, 0)} | "
            f"{unmet_counts.get(item, 0)} |"
        )
    yield from not_recorded_lines([i for i in items if i not in recorded], f"this {kind}")


def _period_charts(summary: PeriodSummary, analysis: Analysis) -> Iterator[str]:
    """A month's weeks as charts, the previous month's weeks beside them (a week is one
    point: no chart)."""
    period = summary.current.period
    if period.kind != "month":
        return
    before = (period.start - dt.timedelta(days=1)).replace(day=1)
    if analysis.first_date is not None:
        before = max(before, min(analysis.first_date, period.start))
    yield "## Week by week"
    yield ""
    yield from period_charts(
        analysis.entries,
        analysis.vocabulary,
        period.start,
        period.end,
        before,
        analysis.weekly,
        min_for_percent=analysis.thresholds.min_for_percent,
    )


def _period_events(summary: PeriodSummary, linker: Linker) -> Iterator[str]:
    """The moments marked with `event:` in the period, if any."""
    marked = [(e, label) for e in summary.current.entries for label in e.events]
    if not marked:
        return
    yield "## Moments you marked"
    yield ""
    for entry, label in marked:
        assert entry.date is not None
        yield f"- {entry.date.isoformat()}: {literal(label)} ({linker.link(entry.path)})"
    yield ""


def render_period(summary: PeriodSummary, analysis: Analysis, linker: Linker | None = None) -> str:
    """A month or week summary, between the markers."""
    vocabulary = analysis.vocabulary
    linker = linker or Linker(analysis.entries, analysis.shared_names)
    current = summary.current
    kind = current.period.kind
    previous_name = f"Previous {kind}"
    if summary.previous is not None:
        previous = summary.previous.period
        name = month_name(previous.key) if kind == "month" else previous.key
        comparison = (
            f"Compared with the previous {kind} ({name}, {entries(len(summary.previous.entries))})."
        )
    else:
        comparison = f"The previous {kind} has no entries to compare with."
    lines = [
        f"# {period_title(current)}",
        "",
        period_line(current, vocabulary, analysis.thresholds),
        "",
        f"The {kind} runs from {span(current.period.start, current.period.end)}; figures are as "
        f"of **{current.as_of}**, the date of its latest entry. {comparison}",
        "",
        *_period_charts(summary, analysis),
        *_period_ratings(summary, vocabulary, kind, analysis.thresholds),
        "",
        *_period_dimensions(summary, vocabulary, previous_name, analysis.thresholds),
        "",
        *_period_positive(summary, vocabulary, linker),
        "",
        *_period_concerns(summary, vocabulary, linker),
        "",
        *_period_events(summary, linker),
        *_period_needs(summary, vocabulary),
        "",
        "## Entries",
        "",
        linker.links([e.path for e in current.entries], limit=len(current.entries)),
        "",
        "---",
        REMINDER,
    ]
    return "\n".join(lines) + "\n"


def render_emptied(kind: str, key: str) -> str:
    """A month or week page whose period no longer holds any entry (they were moved,
    renamed or deleted): said plainly, and left for the person to delete, since they may
    have written their own words beside it."""
    title = month_name(key) if kind == "month" else f"Week {key}"
    return (
        "\n".join(
            [
                f"# {title}",
                "",
                f"No entry of your journal falls in this {kind} any more (its entries were moved, "
                "renamed or deleted), so there is nothing to summarize here. Delete this page when "
                "you no longer need it; anything you wrote outside the markers stays until you do.",
                "",
                "---",
                REMINDER,
            ]
        )
        + "\n"
    )
