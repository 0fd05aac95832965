"""Generated files: our frontmatter and the markers that keep the user's own words safe.

Only the text between `<!-- plainheal:begin -->` and `<!-- plainheal:end -->` is ever
replaced. Anything written outside the markers is kept on every regeneration. A file
whose markers were removed is left alone (and reported).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

BEGIN = "<!-- plainheal:begin -->"
END = "<!-- plainheal:end -->"


def _frontmatter(properties: Mapping[str, str]) -> str:
    return "".join(f"{key}: {value}\n" for key, value in properties.items())


def fresh(properties: Mapping[str, str], content: str) -> str:
    """A new generated file."""
    return f"---\n{_frontmatter(properties)}---\n{BEGIN}\n{content}{END}\n"


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


def regenerate(existing: str | None, properties: Mapping[str, str], content: str) -> str | None:
    """The file's new text, or None if the existing file has no (or broken) markers."""
    if existing is None:
        return fresh(properties, content)
    text = existing.replace("\r\n", "\n")
    if text.count(BEGIN) != 1 or text.count(END) != 1:
        return None
    begin, end = text.index(BEGIN), text.index(END)
    if end < begin:
        return None
    head, tail = text[:begin], text[end + len(END) :]
    if head.startswith("---\n"):
        close = head.find("\n---\n", 3)
        if close == -1:
            return None
        frontmatter = _update_frontmatter(head[4 : close + 1], properties)
        head = f"---\n{frontmatter}---\n{head[close + 5 :]}"
    else:
        head = f"---\n{_frontmatter(properties)}---\n{head}"
    return f"{head}{BEGIN}\n{content}{END}{tail}"
