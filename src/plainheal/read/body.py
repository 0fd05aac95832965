"""Observations written in a note's body: Obsidian tags and Dataview inline fields.

`#transparency/proactive`, `transparency:: proactive` on its own line, and
`[transparency:: proactive]` or `(transparency:: proactive)` inside a line. Code (fenced,
indented, inline), HTML (blocks, comments, and the text inside inline elements such as
`<span>...</span>`) and backslash-escaped `\\#` never count.

Parsing Markdown costs about half a millisecond a body, so a cheap scan decides first
whether a body could hold anything at all.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_CANDIDATE = re.compile(r"#[^\s#/]+/|::|#private", re.IGNORECASE)

# A tag starts after whitespace or at the start of the text; Obsidian tags hold letters,
# digits, `_`, `-` and `/` for nesting.
_TAG = re.compile(r"(?:(?<=\s)|^)#([\w-]+)/([\w/-]+)", re.MULTILINE)
# A bare `#private` tag: the one tag without a value that means something (privacy).
_PRIVATE_TAG = re.compile(r"(?:(?<=\s)|^)#(private)(?![\w/-])", re.MULTILINE | re.IGNORECASE)
_LINE_FIELD = re.compile(r"^[ \t]*([\w][\w -]*?)[ \t]*::[ \t]*(.*?)[ \t]*$", re.MULTILINE)
_INLINE_FIELD = re.compile(r"[\[(]([\w][\w -]*?)[ \t]*::[ \t]*([^\])]*?)[ \t]*[\])]")

# Stands in for an escaped character, so that `\#tag` never reads as a tag.
_ESCAPED = "\ufffc"


@dataclass(frozen=True)
class BodyObservation:
    """A raw `key`/`value` pair found in the body, with its line in the body (1-based)."""

    key: str
    value: str
    line: int
    tag: bool = False  # written as a tag: `#key/value`, or a bare `#private`


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # Imported here: most bodies never need a Markdown parser, so most runs never load one.
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    # Keep escapes as their own tokens instead of merging them into the text around them.
    md.disable("text_join")
    return md


def might_hold_observations(body: str) -> bool:
    """Cheap test: is there any `#word/` or `::` at all?"""
    # A search for one character is far quicker than the case-blind pattern, which most
    # bodies (no `#`, no `::`) then never need.
    if "::" in body:
        return True
    return "#" in body and _CANDIDATE.search(body) is not None


# An inline HTML tag as markdown-it gives it: `<name ...>`, `</name>` or `<name .../>`.
# Comments, `<?...?>`, `<!...>` and CDATA have no name and open nothing.
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")


# The elements of HTML that hold text. A word in angle brackets that is none of them
# (`<sigh>`, `<again>`) is the person's own aside: Markdown calls it a tag, but it opens
# nothing here, and what follows it still counts.
_ELEMENTS = frozenset(
    {
        "a", "abbr", "acronym", "address", "article", "aside", "audio", "b", "bdi", "bdo", "big",
        "blink", "blockquote", "body", "button", "canvas", "caption", "center", "cite", "code",
        "colgroup", "data", "datalist", "dd", "del", "details", "dfn", "dialog", "div", "dl", "dt",
        "em", "fieldset", "figcaption", "figure", "font", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "head", "header", "hgroup", "html", "i", "iframe", "ins", "kbd", "label",
        "legend", "li", "main", "map", "mark", "marquee", "math", "menu", "meter", "nav", "nobr",
        "noscript", "object", "ol", "optgroup", "option", "output", "p", "picture", "pre",
        "progress", "q", "rp", "rt", "ruby", "s", "samp", "script", "section", "select", "slot",
        "small", "span", "strike", "strong", "style", "sub", "summary", "sup", "svg", "table",
        "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time", "title", "tr", "tt",
        "u", "ul", "var", "video",
    }
)  # fmt: skip
_MOST_OPEN = 64  # elements open at once; past that a tag opens nothing (keeps this linear)


def _follow_tag(html: str, at: int, open_elements: list[tuple[str, int]]) -> int | None:
    """Update the open elements (name, where its tag is) for the inline HTML tag at `at`;
    the place of the opening tag it closes, if it closes one.

    An opening tag of an HTML element opens it and its closing tag closes it. A closing tag
    with no open element of its name is passed over; one written too early closes only its
    own element (`<b><i>x</b> y</i>`: `y` is still inside `<i>`, as a browser shows it).
    Void elements and self-closing tags (`<br>`, `<img ...>`, `<x/>`) hold nothing, and a
    name that is no HTML element (`<sigh>`) opens nothing.
    """
    tag = _HTML_TAG.match(html)
    if tag is None:
        return None
    name = tag.group(2).lower()  # HTML tag names are case-blind: <B> ... </b>
    if name not in _ELEMENTS:
        return None
    if tag.group(1):
        for index in range(len(open_elements) - 1, -1, -1):
            if open_elements[index][0] == name:
                return open_elements.pop(index)[1]
    elif not html.endswith("/>") and len(open_elements) < _MOST_OPEN:
        open_elements.append((name, at))
    return None


def _inline_parts(token: Token) -> tuple[str, str]:
    """The inline token's visible text, with code, escapes, HTML tags and the text inside
    HTML elements blanked out; and the text inside its HTML elements alone ("" if none
    of it could be a sign of privacy, the only thing read there).
    The two line up character for character, so that what is found in either has its
    line and its place in the line.

    An element closed on a later line of the paragraph runs over lines; one left open runs
    to the end of its line (the page Obsidian shows runs it to the end of the paragraph; a
    forgotten `</b>` must not silence the lines after it).
    """
    visible: list[str] = []
    held: dict[int, str] = {}  # what elements hold, by its place in `visible`
    children = token.children or []
    # Which opening tags are closed further on: such an element runs over lines, while one
    # left open ends with its line (a stray `<b>` must not silence the rest of a paragraph).
    closed: set[int] = set()
    trial: list[tuple[str, int]] = []
    for at, child in enumerate(children):
        if child.type == "html_inline":
            opened = _follow_tag(child.content, at, trial)
            if opened is not None:
                closed.add(opened)
    open_elements: list[tuple[str, int]] = []
    for at, child in enumerate(children):
        kind = child.type
        if kind == "text":
            text = child.content
        elif kind == "softbreak" or kind == "hardbreak":
            if open_elements:
                open_elements[:] = [element for element in open_elements if element[1] in closed]
            visible.append("\n")
            continue
        elif kind == "html_inline":
            _follow_tag(child.content, at, open_elements)
            # A tag may run over lines (`<span\nclass="x">`): keep its line breaks.
            visible.append(" " + "\n" * child.content.count("\n"))
            continue
        elif kind == "text_special":
            # An entity may stand for a line break (`&#10;`) that is not one in the note.
            text = _ESCAPED if child.info == "escape" else child.content.replace("\n", " ")
        elif kind == "code_inline" or kind == "image":
            text = " "
        else:
            continue
        if open_elements:
            held[len(visible)] = text
            text = " " * len(text)
        visible.append(text)
    if not any("private" in text.lower() for text in held.values()):
        return "".join(visible), ""  # only a sign of privacy is read inside (see scan_body)
    # Text holds no line breaks (they are tokens of their own), so blanking it keeps lines.
    inside = [
        held[index] if index in held else part if part.isspace() else " " * len(part)
        for index, part in enumerate(visible)
    ]
    return "".join(visible), "".join(inside)


def _inline_text(token: Token) -> str:
    """The inline token's visible text (see `_inline_parts`)."""
    return _inline_parts(token)[0]


def _texts(body: str) -> Iterator[tuple[str, str, int]]:
    """Each inline run of prose in the body: its visible text, the text inside its HTML
    elements (see `_inline_parts`), and the body line it starts on (0-based)."""
    plain = _plain_paragraphs(body)
    if plain is not None:
        for text, first_line in plain:  # plain prose holds no HTML
            yield text, "", first_line
        return
    for token in _markdown().parse(body):
        if token.type == "inline" and token.map is not None:
            yield *_inline_parts(token), token.map[0]


# Plain prose: paragraphs of lines that Markdown leaves as they are, and code fenced with
# backticks at the start of a line. Anything that could start another block (indentation,
# `>`, `-`, `1.`, a heading's `# `, a `~~~` fence, a table) or mark inline text (code,
# emphasis, links, HTML, entities, escapes) sends the body to the parser.
_NOT_PLAIN = re.compile(
    r"""[`\\<&*~|\x00\r]          # code, escapes, HTML and autolinks, entities, emphasis,
                                  # strikethrough, tables; NUL and CR, which it rewrites
    | !\[ | \]\( | \]\[ | \]:        # images, links, references and their definitions
    | (?<![A-Za-z0-9_])_ | _(?![A-Za-z0-9_])   # `_` that is not inside a word
    | ^(?![ \t]*$)(?!\#[^\W_]|[^\W\d_]|[(\"'])  # a line starting with anything but a
                                  # letter, `(`, a quote or a tag (`#word`), unless blank
    """,
    re.VERBOSE | re.MULTILINE,
)


def _plain_paragraphs(body: str) -> list[tuple[str, int]] | None:
    """The inline runs of a body of plain paragraphs, as the Markdown parser gives them, or
    None when the body holds anything else (the parser costs ~0.5 ms a body; this, ~5 µs).

    A paragraph is a run of lines between blank ones (only spaces and tabs); its text is its
    lines joined, each without its trailing spaces, and the last without trailing spaces or
    tabs. One ending in other white space (which versions of the parser trim differently)
    goes to the parser.
    """
    prose = _without_fenced_code(body) if "`" in body else body
    if prose is None or _NOT_PLAIN.search(prose) is not None:
        return None
    found: list[tuple[str, int]] = []
    lines: list[str] = []
    for number, line in enumerate([*prose.split("\n"), ""]):
        if line.strip(" \t"):
            lines.append(line)
        elif lines:
            last = lines[-1].rstrip(" \t")
            if last[-1].isspace():
                return None
            text = "\n".join([part.rstrip(" ") for part in lines[:-1]] + [last])
            found.append((text, number - len(lines)))
            lines = []
    return found


_FENCE = re.compile(r"(`{3,})[^`]*")  # at the start of a line: it opens a code block


def _without_fenced_code(body: str) -> str | None:
    """The body with its fenced code blocks as blank lines (they hold no prose; a blank line
    ends a paragraph as a fence does), or None for a fence this cannot follow exactly (one
    that may close indented, or text with a carriage return the parser would count)."""
    if "\r" in body:
        return None
    kept: list[str] = []
    fence = ""  # the backticks of the open block
    for line in body.split("\n"):
        if fence:
            if line.startswith(fence) and not line.strip(" \t").strip("`"):
                fence = ""  # its closing line: at least as many backticks, nothing after
            elif line.lstrip(" \t").startswith("`") and not line.startswith("`"):
                return None  # an indented closing line is one too
            kept.append("")
        elif (opening := _FENCE.fullmatch(line)) is not None:
            fence = opening.group(1)
            kept.append("")
        else:
            kept.append(line)
    return "\n".join(kept)


class _Lines:
    """Line numbers of offsets in one run of text, found by bisection (a body may hold
    hundreds of thousands of fields; counting newlines for each would be quadratic)."""

    def __init__(self, text: str, first_line: int) -> None:
        self.breaks = [i for i, c in enumerate(text) if c == "\n"] if "\n" in text else []
        self.first_line = first_line

    def found(self, match: re.Match[str], *, tag: bool = False) -> tuple[int, int, BodyObservation]:
        line = self.first_line + bisect_left(self.breaks, match.start()) + 1
        value = match.group(2) if match.lastindex and match.lastindex > 1 else ""
        return line, match.start(), BodyObservation(match.group(1), value, line, tag)


def _inside(position: int, starts: list[int], ends: list[int]) -> bool:
    """Is `position` inside one of the sorted, non-overlapping spans?"""
    index = bisect_right(starts, position) - 1
    return index >= 0 and position < ends[index]


def _found(text: str, first_line: int) -> list[tuple[int, int, BodyObservation]]:
    """Every tag and inline field in one run of text, with its line and offset."""
    if "#" not in text and "::" not in text:
        return []
    found: list[tuple[int, int, BodyObservation]] = []
    lines = _Lines(text, first_line)
    for match in _TAG.finditer(text):
        found.append(lines.found(match, tag=True))
    for match in _PRIVATE_TAG.finditer(text):
        found.append(lines.found(match, tag=True))
    starts: list[int] = []
    ends: list[int] = []
    for match in _INLINE_FIELD.finditer(text):  # in order, never overlapping
        starts.append(match.start())
        ends.append(match.end())
        found.append(lines.found(match))
    for match in _LINE_FIELD.finditer(text):
        if _inside(match.start(), starts, ends):
            continue
        if match.group(1).startswith(("[", "(")):
            continue
        found.append(lines.found(match))
    return found


def scan_body(body: str) -> list[BodyObservation]:
    """Every tag and inline field in `body`, in order of appearance.

    Inside HTML elements only a sign of privacy (`#private`, `private:: yes`) is read:
    privacy fails closed, and `<mark>#private</mark>` is as clear a wish as `#private`.
    """
    if not might_hold_observations(body):
        return []
    found: list[tuple[int, int, BodyObservation]] = []
    for text, inside, first_line in _texts(body):
        found.extend(_found(text, first_line))
        if inside:
            found.extend(
                item for item in _found(inside, first_line) if item[2].key.lower() == "private"
            )
    found.sort(key=lambda item: (item[0], item[1]))
    return [observation for _, _, observation in found]
