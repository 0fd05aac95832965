"""Split a note into frontmatter and body, and load the frontmatter's properties.

Most journal frontmatter is a flat list of `key: word`, `key: 3`, `key: [a, b]` and short
block lists. Those are read by a small exact reader; anything else (quotes, comments,
nesting, anchors, multi-line strings) goes to YAML proper (PyYAML's safe loader, with libyaml
when it is installed), composed first so that aliases are counted and repeated keys found
before anything is built. The fast reader only accepts lines whose YAML
meaning is unambiguous, and a property test holds it to YAML's answer.

Two YAML 1.1 habits are switched off, as Obsidian does: dates stay text (an impossible
date such as `2026-02-30` is then our clear message, not a loader crash), and only
`true`/`false` are booleans (`on`, `yes`, `no` stay words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from plainheal.read.simple_yaml import NotSimple, fold_key, load_simple

if TYPE_CHECKING:
    import yaml


@lru_cache(maxsize=1)
def journal_loader() -> type[yaml.SafeLoader]:
    """A safe YAML loader with Obsidian's idea of dates and booleans.

    Made (and PyYAML imported) on first use: the frontmatter of most journals is read by
    the simple reader alone, so most runs never start PyYAML."""
    import yaml

    base: type[yaml.SafeLoader]
    try:
        base = yaml.CSafeLoader  # type: ignore[assignment]
    except AttributeError:  # pragma: no cover - PyYAML built without libyaml
        base = yaml.SafeLoader

    class JournalLoader(base):  # type: ignore[misc, valid-type]
        """A safe YAML loader with Obsidian's idea of dates and booleans."""

    replaced = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    numbers = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
    JournalLoader.yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag not in replaced + numbers]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    JournalLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )
    # Numbers as a person writes them: plain digits, in base ten. YAML 1.1 also reads
    # `0x3`, `0b11`, `+3`, `1_0`, `3e0` and `.inf` as numbers, and `010` as eight; here they
    # are text, which a rating names as not a number and `private` as not clearly false.
    digits = list("-0123456789")
    # `00`, `-0` and `007` stay text: a rating reads them as numbers all the same, and
    # `private: 00` is not "clearly false".
    JournalLoader.add_implicit_resolver(numbers[0], re.compile(r"^(?:0|-?[1-9][0-9]*)$"), digits)
    JournalLoader.add_implicit_resolver(numbers[1], re.compile(r"^-?[0-9]+\.[0-9]+$"), digits)
    JournalLoader.add_constructor(numbers[0], _decimal)
    return JournalLoader


def _decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    """An integer in base ten (`010` is ten; YAML 1.1 would read eight)."""
    return int(loader.construct_scalar(node), 10)


def __getattr__(name: str) -> Any:
    """`JournalLoader`, made when first asked for."""
    if name == "JournalLoader":
        return journal_loader()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class FrontmatterError(Exception):
    """The frontmatter could not be read as YAML."""

    def __init__(self, message: str, line: int | None, *, plain: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.plain = plain  # already in plain words; else PyYAML's, to be put plainly


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

# YAML aliases (`*name`) share one value, but whatever walks the value walks each use: a
# few hundred bytes of nested aliases expand to billions of items. No journal needs more.
MAX_FRONTMATTER_CHARACTERS = 1024 * 1024
MAX_NODES = 10_000


@dataclass(frozen=True)
class Duplicate:
    """A key set again in the same frontmatter (exactly, or spelled another way)."""

    key: str  # as written the second time
    first: str  # as written the first time
    line: int | None
    value: Any  # the value given the second time (not used, except that privacy fails closed)


@dataclass(frozen=True)
class Loaded:
    """The frontmatter's value and the keys that were set more than once."""

    value: Any
    duplicates: tuple[Duplicate, ...] = ()


def _expanded_size(node: yaml.Node, limit: int) -> int:
    """How many nodes the value has once every alias is expanded (stops past `limit`)."""
    import yaml  # loaded already: there is a node

    sizes: dict[int, int] = {}

    def size(current: yaml.Node, depth: int) -> int:
        if depth > 100:
            return limit + 1
        known = sizes.get(id(current))
        if known is not None:
            return known
        total = 1
        if isinstance(current, yaml.SequenceNode):
            for child in current.value:
                total += size(child, depth + 1)
                if total > limit:
                    break
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                total += size(key, depth + 1) + size(value, depth + 1)
                if total > limit:
                    break
        sizes[id(current)] = total
        return total

    return size(node, 0)


def _drop_duplicates(node: yaml.Node, first_line: int) -> list[tuple[str, str, int, yaml.Node]]:
    """Remove later settings of a top-level key (the first one is used); say which."""
    import yaml  # loaded already: there is a node

    if not isinstance(node, yaml.MappingNode):
        return []
    seen: dict[str, str] = {}
    kept: list[tuple[yaml.Node, yaml.Node]] = []
    dropped: list[tuple[str, str, int, yaml.Node]] = []
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and isinstance(key.value, str):
            folded = fold_key(key.value)
            if folded in seen:
                dropped.append((key.value, seen[folded], first_line + key.start_mark.line, value))
                continue
            seen[folded] = key.value
        kept.append((key, value))
    node.value = kept
    return dropped


def _plain_problem(problem: str | None) -> str:
    """A YAML error's wording without anything quoted from the file."""
    if not problem:
        return "is not valid YAML"
    # Quoted punctuation (`expected ',' or ']'`) is YAML's own; anything else was the file's.
    return _QUOTED.sub(_keep_punctuation, problem).strip() or "is not valid YAML"


_QUOTED = re.compile(r"\s*('[^']*'|\"[^\"]*\")")


def _keep_punctuation(match: re.Match[str]) -> str:
    inner = match.group(1)[1:-1]
    keep = 0 < len(inner) <= 3 and not any(c.isalnum() or not c.isprintable() for c in inner)
    return match.group(0) if keep else ""


def load_frontmatter(frontmatter: str, first_line: int = 2) -> Loaded:
    """The frontmatter's YAML value (normally a mapping); `first_line` is its file line.

    A key set twice (exactly, or in another spelling such as `Safety`/`safety`): the first
    setting is used, and each later one is returned as a `Duplicate` to warn about. Error
    messages never quote the file: not a tag, a value, nor an alias name.
    """
    if len(frontmatter) > MAX_FRONTMATTER_CHARACTERS or frontmatter.count("\n") > MAX_NODES:
        # Checked before YAML builds the document: a few MB of `a:` lines took 1.7 GB.
        raise FrontmatterError(
            "the frontmatter is too large to be the properties of an entry (over "
            f"{MAX_NODES:,} lines or {MAX_FRONTMATTER_CHARACTERS // 1024:,} KB); move the text "
            "below the closing ---",
            first_line,
            plain=True,
        )
    try:
        return Loaded(load_simple(frontmatter))
    except NotSimple:
        pass
    import yaml  # only for frontmatter the simple reader cannot take

    loader = journal_loader()(frontmatter)
    try:
        node = loader.get_single_node()
        if node is None:
            return Loaded(None)
        if _expanded_size(node, MAX_NODES) > MAX_NODES:
            raise FrontmatterError(
                "the frontmatter is too large or nests YAML aliases (*name) too deeply to "
                "be read; write each value out",
                first_line,
                plain=True,
            )
        dropped = _drop_duplicates(node, first_line)
        value = loader.construct_document(node)
        duplicates = tuple(
            Duplicate(key, first, line, loader.construct_object(item, deep=True))
            for key, first, line, item in dropped
        )
        return Loaded(value, duplicates)
    except yaml.constructor.ConstructorError as error:
        mark = error.problem_mark or error.context_mark
        at = first_line + mark.line if mark is not None else first_line
        if "unhashable" in (error.problem or ""):  # `{{date}}`: braces read as a table
            raise FrontmatterError(
                "the frontmatter holds {{…}}, a template's placeholder that was never filled "
                "in (YAML reads the braces as a table); write the value, or put it in quotes",
                at,
                plain=True,
            ) from None
        raise FrontmatterError(
            "the frontmatter uses a YAML tag (a word after ! or !!) that plainheal does not "
            "read; remove the tag",
            at,
            plain=True,
        ) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not take
        raise FrontmatterError(
            "the frontmatter holds a control character (an invisible one, often pasted in), "
            "which YAML does not accept; delete it, or retype the line",
            first_line + frontmatter.count("\n", 0, max(0, error.position)),
            plain=True,
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark is not None else None
        message = f"the frontmatter is not valid YAML: {_plain_problem(error.problem)}"
        raise FrontmatterError(message, line) from None
    except FrontmatterError:
        raise
    except Exception:  # a tagged value that does not convert (`!!int words`, `!!timestamp x`)
        raise FrontmatterError(
            "the frontmatter has a value that YAML could not convert (a tag such as !!int "
            "on a value that is not one); remove the tag",
            first_line,
            plain=True,
        ) from None
    finally:
        loader.dispose()


def load_properties(frontmatter: str, first_line: int = 2) -> Any:
    """The frontmatter's YAML value (normally a mapping); `first_line` is its file line."""
    return load_frontmatter(frontmatter, first_line).value


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
