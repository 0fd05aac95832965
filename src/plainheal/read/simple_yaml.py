"""The fast reader of the frontmatter most journals write: a flat list of `key: word`,
`key: 3`, `key: [a, b]` and short block lists. It accepts only lines whose YAML meaning is
unambiguous and raises `NotSimple` for anything else, which then goes to YAML proper
(`properties.load_frontmatter`); a property test holds it to YAML's answer. Pure, with two
bounded memories of the lines and values it has read (journals repeat them thousands of
times)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_YAML_WORDS = {"null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"}


class NotSimple(Exception):
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
        raise NotSimple
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


_BLOCK = object()  # the value of `key:` alone, which a block list may follow

# A line of simple frontmatter, read: ("key", key, folded key, value), ("item", indent,
# value, None) or ("blank", None, None, None). Journals repeat the same lines thousands of
# times (`empathy: hollow`), so each is read once (None: a line only YAML proper can read).
_Read = tuple[str, Any, Any, Any]
_LINES: dict[str, _Read | None] = {}


def _read_line(line: str) -> _Read:
    try:
        known = _LINES[line]
    except KeyError:
        try:
            known = _read_new_line(line)
        except NotSimple:
            known = None
        if len(_LINES) < 4096:
            _LINES[line] = known
    if known is None:
        raise NotSimple
    return known


def _read_new_line(line: str) -> _Read:
    match = _LINE.fullmatch(line)
    if match is None:
        raise NotSimple  # not of the simple kinds
    key, value, indent, item = match.groups()
    if key is not None:
        if key in _YAML_WORDS:
            raise NotSimple
        parsed: object
        if not value:
            parsed = _BLOCK
        elif value[0] == "[":
            if value[-1] != "]":
                raise NotSimple
            parsed = tuple(_flow_list(value))  # a list again for each note that uses it
        else:
            parsed = _scalar(value)
        return ("key", key, fold_key(key), parsed)
    if item is None:
        return ("blank", None, None, None)  # blank lines and whole-line comments
    return ("item", indent, _scalar(item), None)


def load_simple(frontmatter: str) -> dict[str, Any]:
    """Read frontmatter that is a flat mapping of words, numbers and lists of them."""
    result: dict[str, Any] = {}
    folded_keys: set[str] = set()
    list_key: str | None = None  # the key whose block list items may follow
    item_indent: str | None = None
    for line in frontmatter.split("\n"):
        kind, first, second, third = _read_line(line)
        if kind == "key":
            list_key, item_indent = None, None
            if second in folded_keys:
                raise NotSimple  # a repeated key (in any spelling): the full reader says so
            folded_keys.add(second)
            if third is _BLOCK:
                result[first] = None
                list_key = first
            else:
                result[first] = list(third) if type(third) is tuple else third
        elif kind == "item":
            if list_key is None or item_indent not in (None, first):
                raise NotSimple
            item_indent = first
            if result[list_key] is None:
                result[list_key] = []
            result[list_key].append(second)
    return result


@lru_cache(maxsize=4096)
def fold_key(key: str) -> str:
    return "_".join(key.replace("-", " ").replace("_", " ").lower().split())
