"""The person's own words in an entry, for the therapist report. Pure.

An entry made from a template still holds the template's prompts: its HTML comments, its
questions and its headings. Printed as they are, a report would show the template's
questions as if the person had written them. This keeps only what they wrote: comments go
(HTML's, and Obsidian's `%% … %%`, hidden when reading), lines that are the template's own
lines go, lines that hold only Dataview inline fields (`accountability:: partial`,
`[repair:: attempted]`: data, which the report lists above the words) go, and a heading left
with nothing under it goes. Code blocks are kept as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# HTML comments and Obsidian's `%% … %%` comments, which its reading view hides: what the
# person kept from view stays out of the report. One left open hides the rest, as it does
# in Obsidian; one inside inline code (`100%%`) hides too: hiding too much is safe.
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)|%%.*?(?:%%|\Z)", re.DOTALL)
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_VARIABLE = re.compile(r"\\\{\\\{[^}]*\\\}\\\}")  # {{date}}, {{title:YYYY}} once escaped
# Inline fields as the reader finds them (plainheal.read.body): a whole line, or bracketed.
_LINE_FIELD = re.compile(r"[ \t]*\w[\w -]*?[ \t]*::.*")
_BRACKETED_FIELD = re.compile(r"\[\w[\w -]*?[ \t]*::[^\]]*\]|\(\w[\w -]*?[ \t]*::[^)]*\)")


def only_fields(line: str) -> bool:
    """True for a line holding inline fields and nothing else."""
    return bool(_LINE_FIELD.fullmatch(line)) or (
        "::" in line and not _BRACKETED_FIELD.sub("", line).strip()
    )


def _normal(line: str) -> str:
    return " ".join(line.split())


def _template_lines(template: str) -> tuple[set[str], list[re.Pattern[str]]]:
    """The template's body lines: exact ones, and patterns for lines with `{{variables}}`."""
    exact: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for line in _without_comments(_body(template)).splitlines():
        normal = _normal(line)
        if not normal:
            continue
        if "{{" in normal:
            patterns.append(re.compile(_VARIABLE.sub(".*", re.escape(normal)) + r"\Z"))
        else:
            exact.add(normal)
    return exact, patterns


def _body(text: str) -> str:
    """The text after a frontmatter block, if there is one."""
    if text.startswith("---"):
        lines = text.splitlines(keepends=True)
        for index in range(1, len(lines)):
            if lines[index].rstrip() in ("---", "..."):
                return "".join(lines[index + 1 :])
    return text


def _without_comments(text: str) -> str:
    """Comments removed, except inside fenced code."""
    out: list[str] = []
    fence: str | None = None
    chunk: list[str] = []
    for line in text.splitlines(keepends=True):
        match = _FENCE.match(line)
        if fence is None and match:
            out.append(_COMMENT.sub("", "".join(chunk)))
            chunk = []
            fence = match.group(1)[0] * 3
            out.append(line)
        elif fence is not None:
            out.append(line)
            if line.strip().startswith(fence):
                fence = None
        else:
            chunk.append(line)
    out.append(_COMMENT.sub("", "".join(chunk)))
    return "".join(out)


def own_words(body: str, templates: Iterable[str] = ()) -> str:
    """`body` without comments, lines of any of `templates`, lines of inline fields
    only, and empty headings."""
    exact: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for template in templates:
        more_exact, more_patterns = _template_lines(template)
        exact |= more_exact
        patterns.extend(more_patterns)
    kept: list[str] = []
    fence: str | None = None
    for line in _without_comments(body).splitlines():
        match = _FENCE.match(line)
        if fence is not None or match:
            kept.append(line)
            if fence is None and match:
                fence = match.group(1)[0] * 3
            elif fence is not None and line.strip().startswith(fence):
                fence = None
            continue
        if only_fields(line):
            continue  # data, shown with the entry's other values
        normal = _normal(line)
        if normal and any(p.match(normal) for p in patterns):
            continue  # a line of the template filled in with the day: a title, a date
        if normal and not _HEADING.match(line) and normal in exact:
            continue  # a prompt; the template's headings go only when left empty
        kept.append(line)
    return _drop_empty_headings(kept)


def _drop_empty_headings(lines: list[str]) -> str:
    """Headings with nothing but blank lines (or only smaller empty headings) under them."""
    keep = [True] * len(lines)
    level_of: list[int] = []
    fence: str | None = None
    for line in lines:
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * 3
            level_of.append(0)
        elif fence is not None:
            if line.strip().startswith(fence):
                fence = None
            level_of.append(0)
        else:
            heading = _HEADING.match(line)
            level_of.append(len(line.lstrip().split(" ", 1)[0]) if heading else 0)
    for index in range(len(lines) - 1, -1, -1):
        level = level_of[index]
        if not level:
            continue
        has_content = False
        for later in range(index + 1, len(lines)):
            if level_of[later] and level_of[later] <= level:
                break
            if keep[later] and lines[later].strip() and not level_of[later]:
                has_content = True
                break
            if keep[later] and level_of[later]:
                has_content = True
                break
        keep[index] = has_content
    text = "\n".join(line for line, kept in zip(lines, keep, strict=True) if kept)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + ("\n" if text.strip() else "")
