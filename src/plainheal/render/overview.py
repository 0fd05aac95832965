"""The overview page: analysis → Markdown. Pure: the same analysis always gives the same text.

Only Markdown that Obsidian renders and a plain editor shows well: headings, tables,
callouts and wiki links. No journal text is ever quoted.
"""

from __future__ import annotations

from collections.abc import Iterator

from plainheal.analyze.analysis import Analysis, RatingCheckIn, scaled
from plainheal.analyze.links import weeks_phrase
from plainheal.entry import Problem
from plainheal.render.charts import overview_charts
from plainheal.render.present import (
    FINDINGS_SHOWN,
    GROUP_FROM,
    GROUP_SHOWN,
    REMINDER,
    counts_text,
    direction_text,
    finding_title,
    no_concerning_text,
    not_recorded_lines,
    positive_weeks_text,
    reads_as,
    share_cell,
    titles_text,
    value_text,
)
from plainheal.render.words import (
    Linker,
    cell,
    entries,
    mean,
    percent,
    plural,
    shown_difference,
    signed,
    span,
    sparkline,
)


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
            f"{figures}: {abs(change):.1f} {'higher' if change > 0 else 'lower'} now, a "
            "difference that could be chance with this few ratings."
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
        rating = analysis.vocabulary.ratings[check_in.key]
        then, recent = check_in.three_months_ago, check_in.recent
        change = shown_difference(then.mean, recent.mean)
        large = scaled(analysis.thresholds.min_rating_change, rating)
        yield (
            f"| {cell(rating.title())} | {mean(then.mean)} (n={then.n}) | {mean(recent.mean)} "
            f"(n={recent.n}) | {signed(change)} | {reads_as(check_in.direction, change, large)} |"
        )
    yield ""
    for check_in in analysis.ratings:
        yield _check_in_line(check_in, analysis.vocabulary.ratings[check_in.key].title(), analysis)


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
        "large enough to be unlikely to be chance, even with every behaviour here looked at "
        "at once; otherwise it says *no clear change* and whether the values were mostly "
        f"positive, mostly concerning (each at least {percent(thresholds.high_share)}) or "
        f"mixed. It needs entries in at least {thresholds.trend_min_weeks} of the weeks."
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
            f"| {cell(title)} | {counts_text(summary.counts)} | "
            f"{share_cell(summary, analysis)} | `{spark}` | {direction_text(summary)} |"
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
        positive_weeks = positive_weeks_text(summary)
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
            since = no_concerning_text(analysis, summary.key)
        else:
            values = [v for v in last.observations[summary.key] if dimension.scores[v] < 0]
            days = summary.days_since_concerning
            ago = plural(days, "day") if days else "on your latest entry's day"
            shown = ", ".join(value_text(v) for v in values)
            since = f"{ago} ({shown}, {linker.link(last.path)})"
        yield f"| {cell(dimension.title())} | {positive_weeks} | {longest} | {cell(since)} |"


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
            yield f"> [!note] {finding_title(finding)}"
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
        # A finding waiting for data may say what it waits for (a plugin with thresholds of
        # its own); the others share one line stating plainheal's own guardrail.
        explained = [
            f for r in results for f in r.findings if f.status == "not-enough-data" and f.sentence
        ]
        waiting = sorted(
            {
                f.id
                for r in results
                for f in r.findings
                if f.status == "not-enough-data" and not f.sentence
            }
        )
        if not noticed:
            yield "Nothing here stands out in the entries so far."
            yield ""
        if quiet:
            names = titles_text(f for r in results for f in r.findings if f.id in quiet)
            yield f"Looked for and not seen: {names}."
            yield ""
            for result in results:
                for finding in result.findings:
                    if finding.status == "not-noticed" and finding.sentence:
                        yield f"- {finding_title(finding)}: {finding.sentence}."
                        said = True
            if said:
                yield ""
        for finding in explained:
            yield f"- {finding_title(finding)}: not enough data yet; {finding.sentence}."
        if explained:
            yield ""
        if waiting:
            names = titles_text(
                f for r in results for f in r.findings if f.id in waiting and not f.sentence
            )
            links = (
                f"; a link needs {thresholds.link_min_days} rated days on each side, compared "
                f"within the same {weeks_phrase(max(1, thresholds.link_weeks))}, over at "
                f"least {thresholds.link_min_weeks} weeks of ratings"
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


def _checklists(analysis: Analysis) -> Iterator[str]:
    """Each checklist but the needs pair: how often each item was recorded, then and now."""
    for summary in analysis.checklists:
        yield ""
        yield f"## {summary.title}"
        yield ""
        yield (
            f"How often each item was recorded three months ago "
            f"({entries(summary.entries_then)} noting it) and recently "
            f"({entries(summary.entries_recent)})."
        )
        yield ""
        recorded = [i for i in summary.items if i.then or i.recent]
        if not recorded:
            yield "Nothing of it was recorded in either of these windows."
            continue
        yield "| Item | Then | Recently |"
        yield "|---|---:|---:|"
        for item in recorded:
            yield f"| {cell(item.item.capitalize())} | {item.then} | {item.recent} |"
        left_out = [i.item for i in summary.items if i not in recorded]
        if left_out:
            yield ""
            yield f"Not recorded in either window: {', '.join(left_out)}."


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
    yield from not_recorded_lines(
        [i.item for i in needs.items if i not in recorded], "either window"
    )


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
    linker = linker or Linker(analysis.entries, analysis.shared_names)
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
        *overview_charts(
            analysis.entries,
            analysis.vocabulary,
            first,
            analysis.as_of,
            min_for_percent=analysis.thresholds.min_for_percent,
        ),
        *_dimensions(analysis),
        "",
        *_consistency(analysis, linker),
        "",
        *_findings(analysis, linker),
        *_needs(analysis),
        *_checklists(analysis),
        "",
        *attention_lines(analysis, linker),
        "---",
        REMINDER,
    ]
    return "\n".join(lines) + "\n"
