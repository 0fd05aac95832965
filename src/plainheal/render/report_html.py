"""The therapist report as one self-contained, print-friendly HTML file.

No scripts, no fonts, images or links to the web: raw HTML in entries is escaped, images
become their description, and links become their text (a web address is shown, never
followed). Inline CSS with `@media print` rules so "Save as PDF" gives a tidy handout on
A4 or Letter paper.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from plainheal.render.report import section_markdown, sections
from plainheal.render.report_data import HTML_MARK, ExportData, Figure, Section
from plainheal.render.report_figures import NOTHING_WRITTEN, entry_heading, observation_line
from plainheal.render.report_seal import seal
from plainheal.render.words import span

STYLE = """
:root { color-scheme: light; }
body { font-family: Georgia, "Times New Roman", serif; color: #1d1d1d; max-width: 46rem;
       margin: 2rem auto; padding: 0 1.25rem; line-height: 1.5; font-size: 11pt; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #444; padding-bottom: .3rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #bbb; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
h4, h5, h6 { font-size: 1rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; font-size: .92em; }
th, td { border: 1px solid #bbb; padding: .25rem .45rem; text-align: left;
         vertical-align: top; }
th { background: #f1f1f1; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .9em;
       white-space: pre; }
blockquote { margin: .5rem 0; padding-left: .8rem; border-left: 3px solid #bbb; }
.entry { border-top: 1px solid #888; margin-top: 1.5rem; }
.observed { font-style: italic; color: #444; }
.footer { margin-top: 2rem; font-style: italic; color: #444; }
figure.chart { margin: .8rem 0 .4rem; }
figure.chart svg { display: block; width: 100%; height: auto; }
/* On a phone, a wide table scrolls within its box; the page never scrolls sideways, and
   the table stays a table (for a screen reader too). */
@media screen { .wide { overflow-x: auto; } }
td:first-child, .date { white-space: nowrap; }
@page { margin: 14mm 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  p:has(+ .wide > table.whole), p:has(+ figure.chart) {
    break-after: avoid; page-break-after: avoid; }
  tr, li, .observed, figure.chart, table.whole, .keep {
    break-inside: avoid; page-break-inside: avoid; }
  /* A heading's list may run on to the next page, item by item: kept whole, a long list
     would leave the foot of the page before it empty. */
  .keep:has(> ul), .keep:has(> ol) { break-inside: auto; page-break-inside: auto; }
  /* The summary, set a little tighter, fits one page for a typical journal. */
  section.summary { font-size: 10pt; line-height: 1.33; }
  section.summary h1 { margin: 0 0 .6rem; }
  section.summary h2 { margin: 1rem 0 .4rem; }
  section.summary h3 { margin: .8rem 0 .25rem; }
  section.summary p, section.summary ul { margin: .35rem 0; }
  thead { display: table-header-group; }
  p, li { orphans: 3; widows: 3; }
  section.timeline, section.shared { break-before: page; page-break-before: always; }
  a { color: inherit; text-decoration: none; }
}
"""


_DATE = re.compile(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])")
WHOLE_TABLE_ROWS = 14  # a table up to this many rows is never split across pages


class _OfflineRenderer(RendererHTML):
    """Renders links as their text and images as their description: nothing to fetch.
    A short table is marked `whole`, so that print keeps it on one page; each table is in a
    box of its own, which scrolls sideways on a narrow screen."""

    def table_open(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        rows = 0
        for token in tokens[idx + 1 :]:
            if token.type == "table_close":
                break
            rows += token.type == "tr_open"
        table = '<table class="whole">\n' if rows <= WHOLE_TABLE_ROWS else "<table>\n"
        return '<div class="wide">\n' + table

    def table_close(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        return "</table>\n</div>\n"

    def text(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        # A date is never broken across lines ("2026-09-" / "23") in a narrow table cell.
        return _DATE.sub(r'<span class="date">\g<0></span>', html.escape(tokens[idx].content))

    def link_open(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        env.setdefault("links", []).append(str(tokens[idx].attrGet("href") or ""))
        return '<span class="link">'

    def link_close(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        target = env["links"].pop() if env.get("links") else ""
        shown = f" ({html.escape(target)})" if target.startswith(("http:", "https:")) else ""
        return f"{shown}</span>"

    def image(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        description = self.renderInlineAsText(token.children or [], options, env)
        return f"[image: {html.escape(description or 'no description')}]"


def _markdown(shift_headings: int = 0, *, breaks: bool = False) -> MarkdownIt:
    """The Markdown renderer; with `breaks`, a line break in the text is one on the page (as
    Obsidian shows a note), for the person's own words."""
    md = MarkdownIt("commonmark", {"html": False, "breaks": breaks}, renderer_cls=_OfflineRenderer)
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(tasklists_plugin)
    if shift_headings:

        def heading(
            renderer: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any
        ) -> str:
            token = tokens[idx]
            level = min(6, int(token.tag[1]) + shift_headings)
            closing = "/" if token.nesting == -1 else ""
            return f"<{closing}h{level}>"

        md.add_render_rule("heading_open", heading)
        md.add_render_rule("heading_close", heading)
    return md


def _shared_html(data: ExportData) -> str:
    """The shared entries: each one's own words, its headings under the entry's heading."""
    out = [
        '<section class="shared">',
        '<h2 class="shared">Shared entries</h2>',
        "<p>The entries marked <code>share: true</code>, in the person's own words (the "
        "template's prompts and comments are left out).</p>",
    ]
    entry_md = _markdown(shift_headings=3, breaks=True)
    vocabulary = data.analysis.vocabulary
    for shared in data.shared:
        observed = observation_line(shared.entry, vocabulary)
        out.append('<section class="entry">')
        out.append(f"<h3>{html.escape(entry_heading(shared))}</h3>")
        if observed:
            out.append(f'<p class="observed">{html.escape(observed)}</p>')
        if shared.body.strip():
            out.append(entry_md.render(shared.body, {}))
        else:
            out.append(f'<p class="observed">{html.escape(NOTHING_WRITTEN)}</p>')
        out.append("</section>")
    out.append("</section>")
    return "\n".join(out)


def _blocks(md: MarkdownIt, text: str) -> Iterator[tuple[str, str]]:
    """The top-level blocks of rendered Markdown, each with its kind: `heading`, `long`
    (a table that may run across pages) or `block`."""
    env: dict[str, Any] = {}
    tokens = md.parse(text, env)
    start = 0
    while start < len(tokens):
        end = start
        if tokens[start].nesting == 1:
            depth = 0
            for end in range(start, len(tokens)):
                depth += tokens[end].nesting
                if depth == 0:
                    break
        rendered = md.renderer.render(tokens[start : end + 1], md.options, env)
        kind = tokens[start].type
        if kind == "heading_open":
            yield "heading", rendered
        elif kind == "table_open" and 'class="whole"' not in rendered[:60]:
            yield "long", rendered
        else:
            yield "block", rendered
        start = end + 1


def _keep_together(blocks: Sequence[tuple[str, str]]) -> list[str]:
    """Each heading with what follows it up to the next heading (or a long table) in one
    `keep` box, so that print never leaves a heading, or a heading and its introduction,
    at the foot of a page without what they introduce."""
    out: list[str] = []
    group: list[str] = []

    def close() -> None:
        if group:
            out.append('<div class="keep">\n' + "".join(group) + "</div>\n")
            group.clear()

    for kind, rendered in blocks:
        if kind == "heading":
            close()
            group.append(rendered)
        elif kind == "long":
            close()
            out.append(rendered)
        elif group:
            group.append(rendered)
        else:
            out.append(rendered)
    close()
    return out


def _section_html(section: Section) -> str:
    """A section: its Markdown rendered, its charts drawn where they stand."""
    md = _markdown()
    blocks: list[tuple[str, str]] = []
    text: list[str] = []

    def flush() -> None:
        if text:
            blocks.extend(_blocks(md, section_markdown(Section(section.kind, tuple(text)))))
            text.clear()

    for part in section.parts:
        if isinstance(part, Figure):
            flush()
            blocks.append(("block", f'<figure class="chart">{part.svg}</figure>\n'))
        else:
            text.append(part)
    flush()
    return f'<section class="{section.kind}">\n' + "".join(_keep_together(blocks)) + "</section>"


def render_html(data: ExportData) -> str:
    """The whole report as a standalone HTML document, its digest in its head."""
    title = f"Journal report, {span(data.start, data.end)}"
    body = []
    for section in sections(data):
        if section.kind == "shared":
            body.append(_shared_html(data))
        else:
            body.append(_section_html(section))
    body.append(
        '<p class="footer">Patterns describe what was written down; they are for reflection, '
        "not verdicts.</p>"
    )
    return seal(
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"{HTML_MARK}\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
