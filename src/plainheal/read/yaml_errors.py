"""YAML errors in plain words, with the fix: what a person typed that YAML could not read.

PyYAML describes what its parser expected ("mapping values are not allowed in this
context"); a person needs to hear what is on their line and what to change. The line is
looked at to tell causes apart (a colon inside a value, or an indented property), but its
text is never repeated: messages hold only fixed words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

FENCE = "add a line with just --- after the last property"
COLON = (
    "a colon inside a value; keep the property to its one word and write the rest below "
    'the closing ---, or put the whole value in quotes, like key: "…: …"'
)
TAB = "a tab character; YAML needs spaces here, so replace the tab with spaces"
QUOTE = "a quote that is opened but never closed; close it, or remove it"
AFTER_QUOTE = "text after a closing quote; put the whole value inside the quotes"
BRACKET = "a [ or { that is opened but never closed; close it, or put the whole value in quotes"
INDENT = (
    "the lines do not line up; start each property at the very beginning of its line, "
    "and indent the items of a list all alike"
)
LIST = (
    "a list item (-) under a property that already has a value; leave the value after "
    "the colon empty and put each item on its own line"
)
NO_COLON = (
    "a line that is not a property; write it as key: value, or move the text below the closing ---"
)
RESERVED = (
    "a value that starts with a sign YAML reserves (such as & * ! | > % @ or `); "
    "put the whole value in quotes"
)
ESCAPE = "a backslash inside double quotes; use single quotes around the value instead"
DOUBLED_FENCE = (
    "--- appears twice at the top, so the properties below it are read as text; "
    "remove one of the two --- lines"
)
OTHER = "check the quotes, colons and indentation on this line"

_VALUE = re.compile(r"^[^:#]*:[ \t]+(?P<value>.*)$")
_PROPERTY = re.compile(r"^[A-Za-z_][\w -]*:(?:[ \t]|$)")


def _opens_quote(text: str) -> bool:
    """True when the value on a `key: value` line opens a quote it does not close."""
    match = _VALUE.match(text)
    value = match.group("value").strip() if match else text.strip()
    if not value or value[0] not in "\"'":
        return False
    return value.count(value[0]) % 2 == 1


def _text_after_quote(text: str) -> bool:
    match = _VALUE.match(text)
    value = match.group("value").strip() if match else ""
    if not value or value[0] not in "\"'":
        return False
    closing = value.find(value[0], 1)
    return closing != -1 and bool(value[closing + 1 :].strip())


def plain_yaml_error(
    problem: str, lines: Sequence[str], line: int | None
) -> tuple[str, int | None]:
    """The plain message and the line to name, for PyYAML's `problem` on file line `line`.

    `lines` are the file's lines (line 1 is `lines[0]`); they are only looked at.
    """
    here = lines[line - 1] if line is not None and 0 < line <= len(lines) else ""
    found: str
    if "no closing ---" in problem:
        return f"the frontmatter starts with --- on line 1 but has no closing ---; {FENCE}", 1
    if "tab character" in problem or ("cannot start any token" in problem and "\t" in here):
        found = TAB
    elif any(
        words in problem
        for words in (
            "cannot start any token",
            "unknown directive",
            "expected alphabetic or numeric",
            "expected comment or line break",
        )
    ):
        found = RESERVED
    elif "escape character" in problem:
        found = ESCAPE
    elif "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        found = BRACKET
    elif "end of stream" in problem:
        found = QUOTE
        last = min(line or len(lines), len(lines))
        opening = next((n for n in range(2, last + 1) if _opens_quote(lines[n - 1])), None)
        line = opening or line
    elif "mapping values are not allowed" in problem:
        found = INDENT if here[:1].isspace() else COLON
    elif "expected key" in problem or "expected <block end>" in problem or "'-'" in problem:
        if _text_after_quote(here):
            found = AFTER_QUOTE
        elif here.lstrip().startswith("-"):
            found = LIST if not here[:1].isspace() else INDENT
        else:
            found = INDENT
    elif "expected ':'" in problem:
        found = NO_COLON
    else:
        found = OTHER
    return f"the frontmatter could not be read: {found}", line


def doubled_fence(frontmatter: str | None, body: str, known: frozenset[str]) -> bool:
    """True when `---` was written twice at the top, leaving the properties in the body.

    Only said when a line right after the second `---` sets a property the journal knows
    (or `date`) and a later `---` closes them, so a note that merely starts with a rule
    is left alone.
    """
    if frontmatter is None or frontmatter.strip():
        return False
    head, fence, _rest = body.partition("\n---")
    if not fence:
        return False
    for text in head.split("\n"):
        if _PROPERTY.match(text):
            key = text.split(":", 1)[0].strip().lower().replace(" ", "_").replace("-", "_")
            if key in known or key == "date":
                return True
    return False
