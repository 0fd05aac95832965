"""Links to private entries in the words of a shared entry, for the therapist report. Pure.

A shared entry may link to, or embed, an entry marked private (`[[2026-01-05 the night he
left]]`): Obsidian users link daily notes without a thought, and the link's target is the
private entry's name and often its date. In the report such a link, wherever it stands,
reads "(a private entry)", and so do a reference link's definition, an `obsidian://` or
`file:` address and an HTML `href` or `src` that name one (without its `?query`, too). A
target is matched as Obsidian may resolve it, and more loosely: by name alone, or by path
(from the vault, from the linking entry's folder, or a whole path ending in one of the
vault), whatever the case, with or without `.md`; a name that a private entry shares with
another note is taken as the private entry's. A wiki link or embed that names a private
note by one of its `aliases` (whatever the case) is hidden too, unless a note of the vault
bears that name: Obsidian takes `[[name]]` to the note named so. Links to other notes are
left as they are.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
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


def folded_path(path: str) -> str:
    """A path as links are compared: `/` separated, no `.md`, accents composed, no case."""
    path = unicodedata.normalize("NFC", path.strip().replace("\\", "/")).casefold()
    return path[:-3] if path.endswith(".md") else path


@dataclass(frozen=True)
class PrivateTargets:
    """The notes a link may not name: private entries (and their sync-conflict copies), and
    the aliases of private notes (for wiki links)."""

    paths: frozenset[str]  # folded, from the vault's root
    names: frozenset[str]  # folded file names
    aliases: frozenset[str] = frozenset()  # folded, none of them a note's name

    @classmethod
    def of(cls, paths: Iterable[str], aliases: Iterable[str] = ()) -> PrivateTargets:
        """The targets for these vault-relative paths, and aliases (see `free_aliases`)."""
        folded = frozenset(folded_path(path) for path in paths)
        names = frozenset(path.rsplit("/", 1)[-1] for path in folded)
        return cls(folded, names, frozenset(filter(None, map(folded_path, aliases))))

    @cached_property
    def _by_name(self) -> Mapping[str, frozenset[str]]:
        by_name: dict[str, set[str]] = {}
        for path in self.paths:
            by_name.setdefault(path.rsplit("/", 1)[-1], set()).add(path)
        return {name: frozenset(paths) for name, paths in by_name.items()}

    def which(self, target: str, source: str) -> frozenset[str]:
        """The paths (folded) that a link to `target`, written in the note at `source`, may
        lead to."""
        wanted = folded_path(target)
        if not wanted:
            return frozenset()  # `[[#heading]]`: a heading of the same note
        if "/" not in wanted:
            return self._by_name.get(wanted, frozenset())
        folder = posixpath.dirname(folded_path(source))
        relative = posixpath.normpath(posixpath.join(folder, wanted))
        bare = re.sub(r"^(?:\.{1,2}/|/)+", "", wanted)  # `../`, `./`, `/` taken off the front
        # Each way of matching keeps the file name: only the paths with that name are tried.
        names = {relative.rsplit("/", 1)[-1], bare.rsplit("/", 1)[-1]}
        return frozenset(
            path
            for name in names
            for path in self._by_name.get(name, ())
            if path in (relative, bare) or path.endswith(f"/{bare}") or bare.endswith(f"/{path}")
        )  # the last: an absolute path (`obsidian://open?path=/home/…/vault/Journal/…`)

    def holds(self, target: str, source: str, *, wiki: bool = False) -> bool:
        """True if a link to `target`, written in the note at `source`, may lead to one (by
        an alias too, for a `wiki` link)."""
        if wiki and self.aliases and folded_path(target) in self.aliases:
            return True
        return bool(self.which(target, source))


def free_aliases(aliases: Iterable[str], notes: Iterable[str]) -> tuple[str, ...]:
    """The aliases that are neither the name nor the path of one of `notes` (vault-relative
    paths): a link naming a note goes to that note in Obsidian, whatever alias another has."""
    taken = PrivateTargets.of(notes)
    return tuple(
        alias
        for alias in aliases
        if folded_path(alias) not in taken.names and folded_path(alias) not in taken.paths
    )


def _wiki_target(inside: str) -> str:
    """The note a wiki link's inside names: before its heading, block or alias."""
    target = re.split(r"[|#^]", inside, maxsplit=1)[0]
    return target.removesuffix("\\")  # `[[name\|alias]]`, the pipe escaped in a table


def _markdown_targets(written: str) -> tuple[str, ...]:
    """The notes a Markdown link's target may name: none for a web address; the path of a
    `file:` address (a whole path, matched by its end as an `obsidian://` one is); a path
    without its `#heading`, with and without its `?query` (a file's name may hold a `?`)."""
    if written.startswith("<"):
        written = written[1:-1]
    written = re.sub(r"\\(.)", r"\1", written)  # `\(` and `\)`: Markdown's escapes
    if written.lower().startswith("obsidian:"):
        return _obsidian_files(written)
    local = re.match(r"file:(?://[^/\\]*)?", written, re.IGNORECASE)  # and its host, if any
    if local:
        written = written[local.end() :]
    elif re.match(r"[a-z][a-z0-9+.-]*:", written, re.IGNORECASE):
        return ()  # https:, mailto: ...
    path = written.split("#", 1)[0]
    return tuple(dict.fromkeys(unquote(each) for each in (path.split("?", 1)[0], path)))


Hidden = Callable[[str, bool], bool]  # (a link's target, is it a wiki link) → hide it?


def _each_link(text: str, hidden: Hidden) -> str:
    """`text` with each link or embed whose target is `hidden` shown as "(a private entry)"."""

    def wiki(found: re.Match[str]) -> str:
        return PRIVATE_LINK if hidden(_wiki_target(found.group(1)), True) else found.group(0)

    def any_hidden(targets: tuple[str, ...]) -> bool:
        # Every one looked at (`link_targets` collects them all), then the verdict.
        return any([hidden(target, False) for target in targets])

    def markdown(found: re.Match[str]) -> str:
        return PRIVATE_LINK if any_hidden(_markdown_targets(found.group(1))) else found.group(0)

    def url(found: re.Match[str]) -> str:
        return PRIVATE_LINK if any_hidden(_obsidian_files(found.group(0))) else found.group(0)

    def attribute(found: re.Match[str]) -> str:
        targets = _markdown_targets(found.group(1).strip("\"'"))
        return PRIVATE_LINK if any_hidden(targets) else found.group(0)

    text = _DEFINITION.sub(markdown, _MARKDOWN.sub(markdown, _WIKI.sub(wiki, text)))
    return _ATTRIBUTE.sub(attribute, _OBSIDIAN_URL.sub(url, text))


def hide_private_links(text: str, source: str, private: PrivateTargets) -> str:
    """`text` (the words of the note at `source`) with each link or embed that may lead to a
    private entry shown as "(a private entry)"."""
    if not private.paths and not private.aliases:
        return text
    return _each_link(text, lambda target, wiki: private.holds(target, source, wiki=wiki))


def link_targets(text: str) -> tuple[tuple[str, bool], ...]:
    """What each link or embed of `text` names: (its target, is it a wiki link), in order,
    each once."""
    found: dict[tuple[str, bool], None] = {}

    def collect(target: str, wiki: bool) -> bool:
        if target.strip():
            found[(target, wiki)] = None
        return False

    _each_link(text, collect)
    return tuple(found)
