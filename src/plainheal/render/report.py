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

from collections.abc import Iterator

from plainheal.render.report_data import REPORT_PROPERTY, ExportData, Section
from plainheal.render.report_figures import (
    appendix_lines,
    consistency_lines,
    dimensions_lines,
    legend_lines,
    needs_lines,
    patterns_lines,
    period_ratings_lines,
    shared_lines,
)
from plainheal.render.report_seal import seal
from plainheal.render.report_summary import summary_lines
from plainheal.render.report_timeline import moments_lines, timeline_lines
from plainheal.render.words import (
    entries,
    plural,
    span,
)


def markdown_document(data: ExportData) -> str:
    """The Markdown report as a file: frontmatter (which marks it as plainheal's report and
    carries its digest), then the report."""
    return seal(
        f"---\n{REPORT_PROPERTY}\nperiod: {data.start}/{data.end}\n---\n" + render_markdown(data)
    )


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
        f"the person's own words in {'it' if len(data.shared) == 1 else 'them'} are at the end."
        if data.shared
        else ""
    )
    yield f"Prepared from {entries(kept)} in this period. {private}{shared}"
    yield ""


def sections(data: ExportData) -> tuple[Section, ...]:
    """The report, part by part. Pure."""
    vocabulary = data.analysis.vocabulary
    out = [
        Section("summary", (*_intro(data), *summary_lines(data))),
        Section("timeline", (*timeline_lines(data), "", *moments_lines(data))),
        Section(
            "figures",
            (
                *legend_lines(vocabulary),
                *period_ratings_lines(data, vocabulary),
                "",
                *dimensions_lines(data, vocabulary),
                "",
                *consistency_lines(data, vocabulary),
                "",
                *patterns_lines(data),
                *needs_lines(data, vocabulary),
            ),
        ),
    ]
    if data.shared:
        out.append(Section("shared", tuple(shared_lines(data))))
    appendix = tuple(appendix_lines(data))
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
