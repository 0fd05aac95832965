"""Generated files: our frontmatter and the markers that keep the user's own words safe.

Only the text between `<!-- plainheal:begin -->` and `<!-- plainheal:end -->` is ever
replaced. Anything written outside the markers is kept on every regeneration. A file
whose markers were removed is left alone (and reported), and so is a file whose frontmatter
does not say `plainheal:` — by definition that could be an entry, and entries are never
written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

BEGIN = "<!-- plainheal:begin -->"
END = "<!-- plainheal:end -->"
BOM = "\ufeff"

MARKERS_REMOVED = "its plainheal markers were removed, so it is left alone"
MARKERS_TWICE = (
    "its plainheal markers are there more than once (pasted twice?), so it is left alone; "
    "keep one pair"
)
NOT_GENERATED = (
    "it has no `plainheal:` property in its frontmatter, so it may be one of your notes and "
    "is left alone (delete it to have it written again)"
)

_OURS = re.compile(r"^plainheal[ \t]*:", re.MULTILINE)


def neutral(content: str) -> str:
    """`content` with any marker text in it made harmless (a file name can hold one)."""
    for marker in (BEGIN, END):
        content = content.replace(marker, marker.replace("<", "&lt;").replace(">", "&gt;"))
    return content


def _frontmatter(properties: Mapping[str, str]) -> str:
    return "".join(f"{key}: {value}\n" for key, value in properties.items())


def fresh(properties: Mapping[str, str], content: str) -> str:
    """A new generated file."""
    return f"---\n{_frontmatter(properties)}---\n{BEGIN}\n{neutral(content)}{END}\n"


def _update_frontmatter(frontmatter: str, properties: Mapping[str, str]) -> str:
    """Set our keys in an existing frontmatter, keeping every other line as it was."""
    for key, value in properties.items():
        line = re.compile(rf"^{re.escape(key)}[ \t]*:.*$", re.MULTILINE)
        match = line.search(frontmatter)
        if match is not None:
            frontmatter = (
                f"{frontmatter[: match.start()]}{key}: {value}{frontmatter[match.end() :]}"
            )
        else:
            frontmatter += f"{key}: {value}\n"
    return frontmatter


def normalised(existing: str) -> str:
    """A generated file's text as plainheal writes it: no BOM, `\\n` line endings."""
    return existing.removeprefix(BOM).replace("\r\n", "\n")


def says_generated(head: str) -> bool:
    """True if the text starts with a frontmatter holding a `plainheal:` property."""
    head = normalised(head)
    close = head.find("\n---\n", 3)
    return head.startswith("---\n") and close != -1 and bool(_OURS.search(head[4 : close + 1]))


def refusal(existing: str) -> str | None:
    """Why an existing file may not be regenerated, or None if it may."""
    text = normalised(existing)
    if text.count(BEGIN) > 1 or text.count(END) > 1:
        return MARKERS_TWICE
    if text.count(BEGIN) != 1 or text.count(END) != 1 or text.index(END) < text.index(BEGIN):
        return MARKERS_REMOVED
    if not says_generated(text[: text.index(BEGIN)]):
        return NOT_GENERATED
    return None


def regenerate(existing: str | None, properties: Mapping[str, str], content: str) -> str | None:
    """The file's new text, or None if the existing file may not be touched (`refusal`)."""
    if existing is None:
        return fresh(properties, content)
    if refusal(existing) is not None:
        return None
    text = normalised(existing)
    begin, end = text.index(BEGIN), text.index(END)
    head, tail = text[:begin], text[end + len(END) :]
    close = head.find("\n---\n", 3)
    frontmatter = _update_frontmatter(head[4 : close + 1], properties)
    head = f"---\n{frontmatter}---\n{head[close + 5 :]}"
    return f"{head}{BEGIN}\n{neutral(content)}{END}{tail}"
