"""Split a note into frontmatter and body, and load the frontmatter's properties.

Most journal frontmatter is a flat list of `key: word`, `key: 3`, `key: [a, b]` and short
block lists. Those are read by a small exact reader; anything else (quotes, comments,
nesting, anchors, multi-line strings) goes to YAML proper through python-frontmatter's
handler, with libyaml when it is installed. The fast reader only accepts lines whose YAML
meaning is unambiguous, and a property test holds it to YAML's answer.

Two YAML 1.1 habits are switched off, as Obsidian does: dates stay text (an impossible
date such as `2026-02-30` is then our clear message, not a loader crash), and only
`true`/`false` are booleans (`on`, `yes`, `no` stay words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

_BaseLoader: type[yaml.SafeLoader]
try:
    _BaseLoader = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class JournalLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe YAML loader with Obsidian's idea of dates and booleans."""


JournalLoader.yaml_implicit_resolvers = {
    first: [
        (tag, pattern)
        for tag, pattern in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
JournalLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)

_HANDLER = YAMLHandler()


class FrontmatterError(Exception):
    """The frontmatter could not be read as YAML."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Split:
    """A note cut in two: the frontmatter text (None if absent) and the body."""

    frontmatter: str | None
    body: str
    body_line: int  # 1-based line of the file where the body starts


def split(text: str) -> Split:
    """Cut `text` at its frontmatter fences (`---` on the first line and a later line)."""
    if not (text.startswith("---\n") or text == "---" or text.startswith("---\r\n")):
        return Split(None, text, 1)
    first_break = text.index("\n") + 1 if "\n" in text else len(text)
    match = _CLOSING_FENCE.search(text, first_break)
    if match is None:
        raise FrontmatterError(
            "the frontmatter starts with --- on line 1 but has no closing --- line", 1
        )
    frontmatter = text[first_break : match.start()]
    body = text[match.end() :]
    body_line = text.count("\n", 0, match.end()) + 1
    return Split(frontmatter, body, body_line)


_CLOSING_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\n|$)", re.MULTILINE)

_YAML_WORDS = {"null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"}


class _NotSimple(Exception):
    """The frontmatter needs a real YAML parser."""


_BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
             "FALSE": False}  # fmt: skip

_SCALAR = re.compile(
    r"""(?P<int>0|[1-9][0-9]{0,17})
    | (?P<text>[0-9]{4}-[0-9]{2}-[0-9]{2} | [A-Za-z][A-Za-z0-9_./-]*(?:\ [A-Za-z0-9_./-]+)*)
    | "(?P<double>[^"\\]*)"
    | '(?P<single>[^']*)'
    """,
    re.VERBOSE,
)
_NOT_SIMPLE = object()
# Journals repeat the same few values thousands of times; remember what each one means.
_SCALARS: dict[str, object] = {}


def _scalar(text: str) -> str | int | bool:
    known = _SCALARS.get(text)
    if known is None:
        known = _classify(text)
        if len(_SCALARS) < 4096:
            _SCALARS[text] = known
    if known is _NOT_SIMPLE:
        raise _NotSimple
    return known  # type: ignore[return-value]


def _classify(text: str) -> object:
    if text in _BOOLEANS:
        return _BOOLEANS[text]
    match = _SCALAR.fullmatch(text)
    if match is None or text in _YAML_WORDS:
        return _NOT_SIMPLE
    if match.group("int") is not None:
        return int(text)
    if match.group("text") is not None:
        return text
    return match.group("double") if match.group("double") is not None else match.group("single")


def _flow_list(text: str) -> list[str | int | bool]:
    inner = text[1:-1].strip()
    if not inner:
        return []
    return [_scalar(item.strip()) for item in inner.split(",")]


# One line of simple frontmatter: `key: value`, `key:`, `  - item`, or blank / comment.
_LINE = re.compile(
    r"""^(?:
        (?P<key>[A-Za-z_][A-Za-z0-9_-]*)\ *:(?:\ +(?P<value>[^\n]*?))?\ *
      | (?P<indent>\ *)-\ +(?P<item>[^\n]*?)\ *
      | \ *(?:\#[^\n]*)?
    )$""",
    re.VERBOSE | re.MULTILINE,
)


def _load_simple(frontmatter: str) -> dict[str, Any]:
    """Read frontmatter that is a flat mapping of words, numbers and lists of them."""
    matches = list(_LINE.finditer(frontmatter))
    if len(matches) != frontmatter.count("\n") + 1:
        raise _NotSimple  # some line is not of the simple kinds
    result: dict[str, Any] = {}
    list_key: str | None = None  # the key whose block list items may follow
    item_indent: str | None = None
    for match in matches:
        key, value, indent, item = match.groups()
        if key is not None:
            if key in _YAML_WORDS:
                raise _NotSimple
            list_key, item_indent = None, None
            if not value:
                result[key] = None
                list_key = key
            elif value[0] == "[":
                if value[-1] != "]":
                    raise _NotSimple
                result[key] = _flow_list(value)
            else:
                result[key] = _scalar(value)
            continue
        if item is None:
            continue  # blank lines and whole-line comments mean nothing to YAML
        if list_key is None or item_indent not in (None, indent):
            raise _NotSimple
        item_indent = indent
        if result[list_key] is None:
            result[list_key] = []
        result[list_key].append(_scalar(item))
    return result


def load_properties(frontmatter: str, first_line: int = 2) -> Any:
    """The frontmatter's YAML value (normally a mapping); `first_line` is its file line."""
    try:
        return _load_simple(frontmatter)
    except _NotSimple:
        pass
    try:
        return _HANDLER.load(frontmatter, Loader=JournalLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark is not None else None
        problem = error.problem or "is not valid YAML"
        raise FrontmatterError(f"the frontmatter is not valid YAML: {problem}", line) from None
    except yaml.YAMLError as error:
        raise FrontmatterError(f"the frontmatter is not valid YAML: {error}", first_line) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as error:
        raise FrontmatterError(f"the frontmatter could not be read: {error}", first_line) from None


_KEY_START = re.compile(r"^['\"]?([^'\":#\s][^'\":]*?)['\"]?[ \t]*:", re.MULTILINE)


def key_lines(frontmatter: str, first_line: int = 2) -> dict[str, int]:
    """The file line where each top-level key is set (the first time), for messages."""
    lines: dict[str, int] = {}
    for match in _KEY_START.finditer(frontmatter):
        key = match.group(1)
        if key not in lines:
            lines[key] = first_line + frontmatter.count("\n", 0, match.start())
    return lines


def key_line(frontmatter: str, key: str, first_line: int = 2) -> int | None:
    """The file line where `key:` is set in the frontmatter, if it can be found."""
    return key_lines(frontmatter, first_line).get(key)
