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

_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*) *:(?: +(.*?))? *")
_ITEM_LINE = re.compile(r" *- +(.*?) *")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*(?: [A-Za-z0-9_-]+)*")
_INT = re.compile(r"0|[1-9][0-9]{0,17}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_YAML_WORDS = {"null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"}


class _NotSimple(Exception):
    """The frontmatter needs a real YAML parser."""


def _scalar(text: str) -> str | int:
    if _INT.fullmatch(text):
        return int(text)
    if _DATE.fullmatch(text):
        return text
    if _WORD.fullmatch(text) and text not in _YAML_WORDS:
        return text
    raise _NotSimple


def _flow_list(text: str) -> list[str | int]:
    inner = text[1:-1].strip()
    if not inner:
        return []
    return [_scalar(item.strip()) for item in inner.split(",")]


def _load_simple(frontmatter: str) -> dict[str, Any]:
    """Read frontmatter that is a flat mapping of words, numbers and lists of them."""
    result: dict[str, Any] = {}
    list_key: str | None = None  # the key whose block list items may follow
    item_indent: int | None = None
    for line in frontmatter.split("\n"):
        if not line.strip():
            continue
        item = _ITEM_LINE.fullmatch(line)
        if item is not None:
            indent = len(line) - len(line.lstrip(" "))
            if list_key is None or item_indent not in (None, indent):
                raise _NotSimple
            item_indent = indent
            if result[list_key] is None:
                result[list_key] = []
            result[list_key].append(_scalar(item.group(1)))
            continue
        match = _KEY_LINE.fullmatch(line)
        if match is None:
            raise _NotSimple
        key, value = match.group(1), match.group(2)
        if key in _YAML_WORDS:
            raise _NotSimple
        list_key, item_indent = None, None
        if not value:
            result[key] = None
            list_key = key
        elif value.startswith("["):
            if not value.endswith("]"):
                raise _NotSimple
            result[key] = _flow_list(value)
        else:
            result[key] = _scalar(value)
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


def key_line(frontmatter: str, key: str, first_line: int = 2) -> int | None:
    """The file line where `key:` is set in the frontmatter, if it can be found."""
    pattern = re.compile(rf"^['\"]?{re.escape(key)}['\"]?[ \t]*:", re.MULTILINE)
    match = pattern.search(frontmatter)
    if match is None:
        return None
    return first_line + frontmatter.count("\n", 0, match.start())
