"""Presentation helpers shared by the overview, the period pages and the report."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from plainheal.analyze.analysis import Analysis
from plainheal.analyze.dimensions import DimensionSummary
from plainheal.api import Finding, Thresholds
from plainheal.render.words import (
    percent,
    plural,
)

REMINDER = (
    "*These patterns are here for reflection, not as a verdict on anyone. Numbers can show "
    "what you wrote down; they cannot say why. A therapist who understands betrayal trauma "
    "can help you make sense of them.*"
)

GROUP_FROM = 3  # the same problem in this many files is listed once
GROUP_SHOWN = 5  # files named in such an item (all are in `plainheal check`)
FINDINGS_SHOWN = 3  # per analyzer (all links together); the strongest first, all in the JSON


def share_text(positive: int, total: int, thresholds: Thresholds) -> str:
    """`67% (8 of 12)`; on fewer than `min_for_percent` values only the count, `2 of 3`."""
    if not total:
        return "–"
    if total < thresholds.min_for_percent:
        return f"{positive} of {total}"
    return f"{percent(positive / total)} ({positive} of {total})"


ANSWERS = {"not enough data": "not enough data yet"}
CHANCE = "could be chance"  # a difference large enough to matter, but not clear of chance


def reads_as(direction: str, change: float | None, large: float) -> str:
    """How a then-and-now comparison reads in a table: `higher`, `lower`, `not enough data
    yet`, `about the same` — or `could be chance` when the difference is at least `large`
    (the smallest change that matters) but this few ratings cannot tell it from chance.
    Calling a drop of a whole point "about the same" would tell the person their own
    experience is nothing; saying it could be chance is the truth."""
    if direction == "about the same" and change is not None and abs(change) >= large:
        return CHANCE
    return ANSWERS.get(direction, direction)


def value_text(value: str) -> str:
    """A recorded value in italics, `*none*`, so that it reads as a value and not as a word of
    the sentence around it (recovery's worst value is `none`)."""
    escaped = "".join(f"\\{c}" if c in "\\*_`[]<>" else c for c in value)
    return f"*{escaped}*"


def counts_text(counts: dict[str, int]) -> str:
    """`*full* 3 · *partial* 1`: the values recorded, with their counts (none that were not)."""
    return " · ".join(f"{value_text(value)} {n}" for value, n in counts.items() if n) or "–"


def share_cell(summary: DimensionSummary, analysis: Analysis) -> str:
    dimension = analysis.vocabulary.dimensions[summary.key]
    positive = dimension.positive(summary.counts)
    return share_text(positive, summary.n, analysis.thresholds)


def positive_weeks_text(summary: DimensionSummary) -> str:
    """`7 of 12 weeks`: weeks with a positive mean of those with data (the consistency rows
    of the overview and the report)."""
    if not summary.weeks_with_data:
        return "–"
    return f"{summary.positive_weeks} of {plural(summary.weeks_with_data, 'week')}"


def no_concerning_text(analysis: Analysis, key: str) -> str:
    """For a dimension without a concerning value: `nothing recorded yet`, never a
    reassurance with no entry behind it, or `none in the 12 entries recording it`."""
    recording = sum(1 for entry in analysis.entries if key in entry.observations)
    if not recording:
        return "nothing recorded yet"
    return f"none in the {plural(recording, 'entry', 'entries')} recording it"


def direction_text(summary: DimensionSummary) -> str:
    """`rising`, `falling`, `no clear change, mostly positive`, `not enough data yet`."""
    trend = summary.trend
    if trend.direction == "no clear change" and trend.level:
        return f"no clear change, {trend.level}"
    return ANSWERS.get(trend.direction, trend.direction)


def title_of(finding: Finding) -> str:
    """A finding's heading: the title its analyzer gave it, else one made from its id."""
    return finding.title or finding.id.replace("-", " ").capitalize()


def finding_title(finding: Finding) -> str:
    """The heading of a finding with what it is about: `Linked to ... (Empathy: hollow)`."""
    title = title_of(finding)
    return f"{title} ({finding.subject})" if finding.subject else title


def titles_text(findings: Iterable[Finding]) -> str:
    """`early effort fading, sustained change`: the kinds of finding, once each, by id."""
    titles: dict[str, str] = {}
    for finding in findings:
        titles.setdefault(finding.id, title_of(finding))
    return ", ".join(titles[key].lower() for key in sorted(titles))


def not_recorded_lines(items: list[str], when: str) -> Iterator[str]:
    """The line under a needs table naming the needs left out of it."""
    if items:
        names = ", ".join(items)
        yield ""
        yield f"Not recorded as met or unmet in {when}: {names}."
