"""Links to private entries in the words of a shared entry, for the therapist report. Pure.

A shared entry may link to, or embed, an entry marked private (`[[2026-01-05 the night he
left]]`): Obsidian users link daily notes without a thought, and the link's target is the
private entry's name and often its date. In the report such a link, wherever it stands,
reads "(a private entry)", and so do a reference link's definition, an `obsidian://` address
and an HTML `href` or `src` that name one. A target is matched as Obsidian may resolve it, and more
loosely: by name alone, or by path (from the vault, or from the linking entry's folder),
whatever the case, with or without `.md`; a name that a private entry shares with another
note is taken as the private entry's. Links to other notes are left as they are.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

PRIVATE_LINK = "(a private entry)"

# `[[target]]`, `[[target|alias]]`, `[[target#heading]]`, `![[target]]` (an embed).
_WIKI = re.compile(r"!?\[\[([^\[\]\n]*)\]\]")
# `[text](target.md)`, `![text](<target with spaces.md> "title")`: Markdown links and embeds.
_MARKDOWN = re.compile(
    r"!?\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]"  # the text, one level of brackets inside
    r"\(\s*(<[^<>\n]*>|(?:\\.|[^()\s\\]|\([^()\s]*\))*)"  # bare (escapes, one level of ()) or <>
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"  # a title
)


# `[label]: target` on a line of its own: a reference link's definition.
_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*(<[^<>\n]*>|\S+).*$", re.MULTILINE)
# `obsidian://open?vault=…&file=Journal%2F2026-01-05` ("Copy Obsidian URL"), anywhere.
_OBSIDIAN_URL = re.compile(r"obsidian://[^\s<>\"`]+", re.IGNORECASE)
# `href="…"` and `src="…"` of HTML the person wrote (the report shows it as text).
_ATTRIBUTE = re.compile(r"\b(?:href|src)[ \t]*=[ \t]*(\"[^\"\n]*\"|'[^'\n]*'|[^\s>]+)", re.I)


def _trimmed(url: str) -> str:
    """An address found in prose, without the punctuation after it (`.`, `,`, a `)` that
    closes a parenthesis around it). Linear: it moves an index, never copies the text."""
    punctuation = ".,;:!?'"
    end = len(url.rstrip(punctuation))
    unmatched = url.count(")", 0, end) - url.count("(", 0, end)
    while end > 0 and url[end - 1] == ")" and unmatched > 0:
        end -= 1
        unmatched -= 1
        while end > 0 and url[end - 1] in punctuation:
            end -= 1
    return url[:end]


def _obsidian_files(url: str) -> tuple[str, ...]:
    """The note an `obsidian://` address opens (its `file`, `path` or Advanced URI's
    `filepath`), read with and without the punctuation that may follow it in prose (a name
    may end in `!` or `)` too)."""
    found: list[str] = []
    trimmed = _trimmed(url)
    # Each way of ending it, from all of it down to the trimmed one (at most a few `)`).
    cut = min(8, len(url) - len(trimmed))
    ends = [*(url[: len(url) - k] for k in range(cut + 1)), trimmed]
    for address in dict.fromkeys(ends):
        if "?" not in address:
            # The short forms: `obsidian://vault/<vault>/<path>` and `obsidian:///<path>`.
            rest = unquote(address.split("://", 1)[-1])
            if rest.lower().startswith("vault/"):
                found.append(rest.split("/", 2)[2] if rest.count("/") >= 2 else "")
            elif rest.startswith("/"):
                found.append(rest)
            continue
        query = address.split("?", 1)[1]
        for part in query.replace("&amp;", "&").split("&"):
            key, _, value = part.partition("=")
            if key.lower() in ("file", "path", "filepath", "filename"):
                found.append(unquote(value))
    return tuple(found)


def _folded(path: str) -> str:
    """A path as links are compared: `/` separated, no `.md`, accents composed, no case."""
    path = unicodedata.normalize("NFC", path.strip().replace("\\", "/")).casefold()
    return path[:-3] if path.endswith(".md") else path


@dataclass(frozen=True)
class PrivateTargets:
    """The notes a link may not name: private entries (and their sync-conflict copies)."""

    paths: frozenset[str]  # folded, from the vault's root
    names: frozenset[str]  # folded file names

    @classmethod
    def of(cls, paths: Iterable[str]) -> PrivateTargets:
        """The targets for these vault-relative paths."""
        folded = frozenset(_folded(path) for path in paths)
        return cls(folded, frozenset(path.rsplit("/", 1)[-1] for path in folded))

    def holds(self, target: str, source: str) -> bool:
        """True if a link to `target`, written in the note at `source`, may lead to one."""
        wanted = _folded(target)
        if not wanted:
            return False  # `[[#heading]]`: a heading of the same note
        if "/" not in wanted:
            return wanted in self.names
        folder = posixpath.dirname(_folded(source))
        relative = posixpath.normpath(posixpath.join(folder, wanted))
        bare = re.sub(r"^(?:\.{1,2}/|/)+", "", wanted)  # `../`, `./`, `/` taken off the front
        return relative in self.paths or any(
            path == bare or path.endswith(f"/{bare}") or bare.endswith(f"/{path}")
            for path in self.paths
        )  # the last: an absolute path (`obsidian://open?path=/home/…/vault/Journal/…`)


def _wiki_target(inside: str) -> str:
    """The note a wiki link's inside names: before its heading, block or alias."""
    target = re.split(r"[|#^]", inside, maxsplit=1)[0]
    return target.removesuffix("\\")  # `[[name\|alias]]`, the pipe escaped in a table


def _markdown_target(written: str) -> str:
    """The note a Markdown link's target names (a web address names none)."""
    if written.startswith("<"):
        written = written[1:-1]
    written = re.sub(r"\\(.)", r"\1", written)  # `\(` and `\)`: Markdown's escapes
    if written.lower().startswith("obsidian:"):
        files = _obsidian_files(written)
        return files[0] if files else ""
    if re.match(r"[a-z][a-z0-9+.-]*:", written, re.IGNORECASE):
        return ""  # https:, mailto: ...
    return unquote(written.split("#", 1)[0])


def hide_private_links(text: str, source: str, private: PrivateTargets) -> str:
    """`text` (the words of the note at `source`) with each link or embed that may lead to a
    private entry shown as "(a private entry)"."""
    if not private.paths:
        return text

    def wiki(found: re.Match[str]) -> str:
        hidden = private.holds(_wiki_target(found.group(1)), source)
        return PRIVATE_LINK if hidden else found.group(0)

    def markdown(found: re.Match[str]) -> str:
        hidden = private.holds(_markdown_target(found.group(1)), source)
        return PRIVATE_LINK if hidden else found.group(0)

    def url(found: re.Match[str]) -> str:
        hidden = any(private.holds(f, source) for f in _obsidian_files(found.group(0)))
        return PRIVATE_LINK if hidden else found.group(0)

    def attribute(found: re.Match[str]) -> str:
        hidden = private.holds(_markdown_target(found.group(1).strip("\"'")), source)
        return PRIVATE_LINK if hidden else found.group(0)

    text = _DEFINITION.sub(markdown, _MARKDOWN.sub(markdown, _WIKI.sub(wiki, text)))
    return _ATTRIBUTE.sub(attribute, _OBSIDIAN_URL.sub(url, text))
