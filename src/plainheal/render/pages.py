"""Analysis → Markdown. Pure: the same analysis always gives the same text.

Only Markdown that Obsidian renders and a plain editor shows well: headings, tables,
callouts and wiki links. No journal text is ever quoted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from plainheal.analyze.analysis import (
    Analysis,
    DimensionSummary,
    RatingCheckIn,
    compare_ratings,
    scaled,
)
from plainheal.analyze.links import weeks_phrase
from plainheal.analyze.periods import PeriodFigures, PeriodSummary
from plainheal.api import Finding, Thresholds
from plainheal.entry import Problem
from plainheal.render.charts import overview_charts, period_charts
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
    sparkline,
)
from plainheal.vocabulary import Vocabulary

REMINDER = (
    "*These patterns are here for reflection, not as a verdict on anyone. Numbers can show "
    "what you wrote down; they cannot say why. A therapist who understands betrayal trauma "
    "can help you make sense of them.*"
)

GROUP_FROM = 3  # the same problem in this many files is listed once
GROUP_SHOWN = 5  # files named in such an item (all are in `plainheal check`)
FINDINGS_SHOWN = 3  # per analyzer (all links together); the strongest first, all in the JSON

PATTERN_TITLES = {
    "early-effort-fading": "Early effort fading",
    "sustained-change": "Sustained change",
    "hollow-effort": "Effort without connection",
    "boundaries-crossed": "Boundaries crossed",
    "linked-to-safety": "Linked to how safe you felt",
    "linked-to-connection": "Linked to how connected you felt",
    "linked-to-regulation": "Linked to how regulated you felt",
}


def pattern_title(pattern: str) -> str:
    """The heading of a pattern id; a plugin's rating gets `Linked to your <rating> rating`."""
    if pattern in PATTERN_TITLES:
        return PATTERN_TITLES[pattern]
    if pattern.startswith("linked-to-"):
        return f"Linked to your {pattern.removeprefix('linked-to-').replace('_', ' ')} rating"
    return pattern.replace("-", " ").capitalize()


def share_text(positive: int, total: int, thresholds: Thresholds) -> str:
    """`67% (8 of 12)`; on fewer than `min_for_percent` values only the count, `2 of 3`."""
    if not total:
        return "–"
    if total < thresholds.min_for_percent:
        return f"{positive} of {total}"
    return f"{percent(positive / total)} ({positive} of {total})"


ANSWERS = {"not enough data": "not enough data yet"}


def _check_in_line(check_in: RatingCheckIn, title: str, analysis: Analysis) -> str:
    thresholds = analysis.thresholds
    need = thresholds.min_entries
    recent, then = check_in.recent, check_in.three_months_ago
    if check_in.direction == "not enough data":
        return (
            f"- **{title}**: not enough data yet to compare "
            f"({plural(then.n, 'rating')} three months ago, {plural(recent.n, 'rating')} "
            f"recently; {need} are needed on each side)."
        )
    change = shown_difference(then.mean, recent.mean) or 0.0
    rating = analysis.vocabulary.ratings[check_in.key]
    figures = (
        f"- **{title}** averaged {mean(recent.mean)} over the last {thresholds.recent_days} "
        f"days ({plural(recent.n, 'rating')}), against {mean(then.mean)} three months ago "
        f"({plural(then.n, 'rating')})"
    )
    if check_in.direction in ("higher", "lower"):
        return (
            f"{figures}: {check_in.direction} now, by {abs(change):.1f}. A difference this "
            "large is unlikely to be chance."
        )
    if abs(change) >= scaled(thresholds.min_rating_change, rating):
        return (
            f"{figures}: about the same as far as these numbers can tell. The difference "
            f"({abs(change):.1f} {'higher' if change > 0 else 'lower'} now) could be chance "
            "with this few ratings."
        )
    if round(change, 1) == 0:
        return f"{figures}: about the same."
    return f"{figures}: about the same (a difference of {abs(change):.1f})."


def _check_in(analysis: Analysis) -> Iterator[str]:
    yield "## Check-in: then and now"
    yield ""
    if not analysis.ratings:
        yield "Your vocabulary has no ratings to compare."
        return
    assert analysis.recent and analysis.three_months_ago
    yield "Do you feel safer than you did three months ago? More connected? More regulated?"
    yield ""
    yield "| Rating | Three months ago | Recent | Change | Reads as |"
    yield "|---|---:|---:|---:|---|"
    for check_in in analysis.ratings:
        title = analysis.vocabulary.ratings[check_in.key].title()
        then, recent = check_in.three_months_ago, check_in.recent
        yield (
            f"| {cell(title)} | {mean(then.mean)} (n={then.n}) | {mean(recent.mean)} "
            f"(n={recent.n}) | {signed(shown_difference(then.mean, recent.mean))} | "
            f"{ANSWERS.get(check_in.direction, check_in.direction)} |"
        )
    yield ""
    for check_in in analysis.ratings:
        yield _check_in_line(check_in, analysis.vocabulary.ratings[check_in.key].title(), analysis)


def value_text(value: str) -> str:
    """A recorded value in italics, `*none*`, so that it reads as a value and not as a word of
    the sentence around it (recovery's worst value is `none`)."""
    escaped = "".join(f"\\{c}" if c in "\\*_`[]<>" else c for c in value)
    return f"*{escaped}*"


def _counts(counts: dict[str, int]) -> str:
    """`*full* 3 · *partial* 1`: the values recorded, with their counts (none that were not)."""
    return " · ".join(f"{value_text(value)} {n}" for value, n in counts.items() if n) or "–"


def _share_cell(summary: DimensionSummary, analysis: Analysis) -> str:
    dimension = analysis.vocabulary.dimensions[summary.key]
    positive = sum(n for v, n in summary.counts.items() if dimension.scores[v] > 0)
    return share_text(positive, summary.n, analysis.thresholds)


def direction_text(summary: DimensionSummary) -> str:
    """`rising`, `falling`, `no clear change, mostly positive`, `not enough data yet`."""
    trend = summary.trend
    if trend.direction == "no clear change" and trend.level:
        return f"no clear change, {trend.level}"
    return ANSWERS.get(trend.direction, trend.direction)


def _dimensions(analysis: Analysis) -> Iterator[str]:
    thresholds = analysis.thresholds
    weeks = thresholds.trend_weeks
    yield "## Your partner's actions"
    yield ""
    yield (
        f"Values recorded in the last {thresholds.recent_days} days, the share that "
        f"were positive, and the weekly average over the last {weeks} weeks "
        "(▁ concerning, ▄ mixed or even, ▇ positive; a gap for a week with no entry). "
        f"A direction is named only when the change over those {weeks} weeks is steady and "
        "large enough to be unlikely to be chance; otherwise it says *no clear change* and "
        f"what most values were. It needs entries in at least {thresholds.trend_min_weeks} "
        "of the weeks."
    )
    yield ""
    yield (
        f"| Dimension | Recent values | Positive | Last {weeks} weeks | Direction in those weeks |"
    )
    yield "|---|---|---:|---|---|"
    for summary in analysis.dimensions:
        title = analysis.vocabulary.dimensions[summary.key].title()
        spark = sparkline([w.mean_score for w in summary.weekly])
        yield (
            f"| {cell(title)} | {_counts(summary.counts)} | "
            f"{_share_cell(summary, analysis)} | `{spark}` | {direction_text(summary)} |"
        )


def _consistency(analysis: Analysis, linker: Linker) -> Iterator[str]:
    weeks = analysis.thresholds.trend_weeks
    yield "## Consistency"
    yield ""
    yield (
        f"Not perfect, but consistent? In the last {weeks} weeks: how many weeks had a "
        "positive average, and the longest run of entries in a row with a positive value. "
        "Then how long it has been since the last concerning value."
    )
    yield ""
    yield "| Dimension | Positive weeks | Longest positive run | Since the last concerning value |"
    yield "|---|---|---|---|"
    for summary in analysis.dimensions:
        dimension = analysis.vocabulary.dimensions[summary.key]
        positive_weeks = (
            f"{summary.positive_weeks} of {plural(summary.weeks_with_data, 'week')}"
            if summary.weeks_with_data
            else "–"
        )
        run = summary.longest_run
        if run.length and run.first and run.last and run.first.date and run.last.date:
            dates = (
                f"{run.first.date}"
                if run.first is run.last
                else f"{run.first.date} to {run.last.date}"
            )
            longest = f"{entries(run.length)} ({dates})"
        else:
            longest = "–"
        last = summary.last_concerning
        if last is None or summary.days_since_concerning is None:
            since = "no concerning value in any entry"
        else:
            values = [v for v in last.observations[summary.key] if dimension.scores[v] < 0]
            days = summary.days_since_concerning
            ago = plural(days, "day") if days else "on your latest entry's day"
            shown = ", ".join(value_text(v) for v in values)
            since = f"{ago} ({shown}, {linker.link(last.path)})"
        yield f"| {cell(dimension.title())} | {positive_weeks} | {longest} | {cell(since)} |"


def _finding_title(finding: Finding) -> str:
    title = pattern_title(finding.id)
    return f"{title} ({finding.subject})" if finding.subject else title


def _findings(analysis: Analysis, linker: Linker) -> Iterator[str]:
    sections: dict[str, list[str]] = {}
    for result in analysis.results:
        sections.setdefault(result.title, [])
    thresholds = analysis.thresholds
    for section in sections:
        results = [r for r in analysis.results if r.title == section]
        yield f"## {section}"
        yield ""
        noticed = [(r, f) for r in results for f in r.findings if f.status == "noticed"]
        shown: dict[str, int] = {}
        for result, finding in noticed:
            shown[result.analyzer] = shown.get(result.analyzer, 0) + 1
            if shown[result.analyzer] > FINDINGS_SHOWN:
                continue
            yield f"> [!note] {_finding_title(finding)}"
            yield f"> {finding.sentence}"
            if finding.evidence:
                yield ">"
                yield f"> Entries: {linker.links(list(finding.evidence))}"
            yield f"> `{finding.id}`"
            yield ""
        for result in results:
            more = shown.get(result.analyzer, 0) - FINDINGS_SHOWN
            if more > 0:
                yield (
                    f"{plural(more, 'more finding')} of this kind, with a smaller difference, "
                    f"{'is' if more == 1 else 'are'} in `plainheal summarize --json`."
                )
                yield ""
        said = False
        quiet = sorted({f.id for r in results for f in r.findings if f.status == "not-noticed"})
        waiting = sorted(
            {f.id for r in results for f in r.findings if f.status == "not-enough-data"}
        )
        if not noticed:
            yield "Nothing here stands out in the entries so far."
            yield ""
        if quiet:
            names = ", ".join(pattern_title(i).lower() for i in quiet)
            yield f"Looked for and not seen: {names}."
            yield ""
            for result in results:
                for finding in result.findings:
                    if finding.status == "not-noticed" and finding.sentence:
                        yield f"- {_finding_title(finding)}: {finding.sentence}."
                        said = True
            if said:
                yield ""
        if waiting:
            names = ", ".join(pattern_title(i).lower() for i in waiting)
            links = (
                f"; a link needs {thresholds.link_min_days} rated days on each side, compared "
                f"within the same {weeks_phrase(max(1, thresholds.link_weeks))}"
                if any(i.startswith("linked-to-") for i in waiting)
                else ""
            )
            yield (
                f"Not enough data yet to look for: {names} "
                f"(at least {thresholds.min_entries} entries are needed on each side{links})."
            )
            yield ""
        for result in results:
            if result.error:
                yield f"*{result.error}. The rest of this summary is unaffected.*"
                yield ""


def _not_recorded(items: list[str], when: str) -> Iterator[str]:
    """The line under a needs table naming the needs left out of it."""
    if items:
        names = ", ".join(items)
        yield ""
        yield f"Not recorded as met or unmet in {when}: {names}."


def _needs(analysis: Analysis) -> Iterator[str]:
    needs = analysis.needs
    if needs is None:
        return
    yield "## Needs"
    yield ""
    yield (
        f"How often each need was met and unmet three months ago "
        f"({entries(needs.entries_then)} noting needs) and recently "
        f"({entries(needs.entries_recent)})."
    )
    yield ""
    recorded = [
        i for i in needs.items if i.met_then or i.met_recent or i.unmet_then or i.unmet_recent
    ]
    if not recorded:
        yield "No needs were recorded in either of these windows."
        return
    # Counts side by side, no arrows: on a handful of entries an arrow reads as a trend.
    yield "| Need | Met then | Met recently | Unmet then | Unmet recently |"
    yield "|---|---:|---:|---:|---:|"
    for item in recorded:
        yield (
            f"| {cell(item.item.capitalize())} | {item.met_then} | {item.met_recent} | "
            f"{item.unmet_then} | {item.unmet_recent} |"
        )
    yield from _not_recorded([i.item for i in needs.items if i not in recorded], "either window")


def attention_lines(analysis: Analysis, linker: Linker) -> Iterator[str]:
    """Problems and sync-conflict copies, each with its path as a link Obsidian opens (code
    for a file it cannot open)."""
    if not analysis.problems and not analysis.conflicts:
        return
    yield "## Needs your attention"
    yield ""
    # The same message in many files (a typo repeated for months) is one item, not fifty.
    by_message: dict[tuple[str, str], list[Problem]] = {}
    for problem in analysis.problems:
        by_message.setdefault((problem.severity, problem.message), []).append(problem)
    for (_severity, message), problems in by_message.items():
        places = [
            linker.file(p.path) + (f", line {p.line}" if p.line else "") if p.path else "plainheal"
            for p in problems
        ]
        if len(places) < GROUP_FROM:
            for place in places:
                yield f"- {place}: {message}"
        else:
            shown = "; ".join(places[:GROUP_SHOWN])
            more = f"; and {len(places) - GROUP_SHOWN} more" if len(places) > GROUP_SHOWN else ""
            yield f"- In {len(places)} files: {message} — {shown}{more}."
    for conflict in analysis.conflicts:
        yield (
            f"- {linker.file(conflict.path)} is a sync-conflict copy of "
            f"{linker.link(conflict.original)}; "
            "it is not counted. Merge what you need into the original, then delete the copy."
        )
    yield ""


def render_overview(analysis: Analysis, linker: Linker | None = None) -> str:
    """The dashboard, `Patterns/Overview.md`, between the markers."""
    lines = ["# Patterns", ""]
    linker = linker or Linker(analysis.entries)
    if analysis.as_of is None or analysis.recent is None or analysis.three_months_ago is None:
        lines += [
            "Not enough data yet: no entry with a date has been found. Give each entry a "
            "`date: YYYY-MM-DD` property, or name the file after its date.",
            "",
            *attention_lines(analysis, linker),
            "---",
            REMINDER,
        ]
        return "\n".join(lines) + "\n"
    first = analysis.first_date
    assert first is not None
    lines += [
        f"As of **{analysis.as_of}**, the date of your latest entry: "
        f"{entries(analysis.dated_count)} from {span(first, analysis.as_of)}. "
        f"*Recent* means {span(analysis.recent.start, analysis.recent.end)}; "
        f"*three months ago* means "
        f"{span(analysis.three_months_ago.start, analysis.three_months_ago.end)}.",
        "",
        *_check_in(analysis),
        "",
        "## Over time",
        "",
        *overview_charts(analysis.entries, analysis.vocabulary, first, analysis.as_of),
        *_dimensions(analysis),
        "",
        *_consistency(analysis, linker),
        "",
        *_findings(analysis, linker),
        *_needs(analysis),
        "",
        *attention_lines(analysis, linker),
        "---",
        REMINDER,
    ]
    return "\n".join(lines) + "\n"


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
        positive = sum(n for v, n in counts.items() if dimension.scores[v] > 0)
        return share_text(positive, sum(counts.values()), thresholds)

    for key, dimension in vocabulary.dimensions.items():
        yield (
            f"| {cell(dimension.title())} | {_counts(summary.current.counts[key])} | "
            f"{share(summary.current, key)} | {share(summary.previous, key)} |"
        )


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
    for key, rating in vocabulary.ratings.items():
        now = summary.current.ratings[key]
        before = summary.previous.ratings[key] if summary.previous else None
        before_text = f"{mean(before.mean)} (n={before.n})" if before else "–"
        if before is None or before.mean is None or now.mean is None:
            change = "–"
        elif before.n < need or now.n < need:
            change = "too few ratings to compare"
        else:
            assert summary.previous is not None
            answer, _ = compare_ratings(
                summary.previous.rating_values[key],
                summary.current.rating_values[key],
                rating,
                thresholds,
            )
            difference = shown_difference(before.mean, now.mean) or 0.0
            if answer in ("higher", "lower"):
                change = f"{signed(difference)}, {answer}"
            elif abs(difference) >= scaled(thresholds.min_rating_change, rating):
                change = f"{signed(difference)}, about the same (could be chance)"
            else:
                change = f"{signed(difference)}, about the same"
        yield (
            f"| {cell(rating.title())} | {before_text} | {mean(now.mean)} (n={now.n}) | {change} |"
        )


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
    met = vocabulary.checklists.get("needs_met")
    unmet = vocabulary.checklists.get("needs_unmet")
    items = dict.fromkeys([*(met.items if met else ()), *(unmet.items if unmet else ())])
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
    yield from _not_recorded([i for i in items if i not in recorded], f"this {kind}")


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
        analysis.entries, analysis.vocabulary, period.start, period.end, before
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
    linker = linker or Linker(analysis.entries)
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
