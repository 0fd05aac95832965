import itertools

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from plainheal.read.properties import (
    FrontmatterError,
    JournalLoader,
    key_line,
    load_properties,
    split,
)
from plainheal.read.simple_yaml import NotSimple, load_simple


def test_split_finds_frontmatter_and_body_line() -> None:
    parts = split("---\na: b\nc: d\n---\nbody\n")
    assert parts.frontmatter == "a: b\nc: d\n"
    assert parts.body == "body\n"
    assert parts.body_line == 5


def test_split_without_frontmatter() -> None:
    parts = split("just text\n---\n")
    assert parts.frontmatter is None
    assert parts.body_line == 1


def test_unclosed_frontmatter_is_an_error_on_line_1() -> None:
    with pytest.raises(FrontmatterError) as failure:
        split("---\na: b\n")
    assert failure.value.line == 1


def test_dates_stay_text_and_only_true_false_are_booleans() -> None:
    loaded = load_properties("date: 2026-02-30\nx: 'q'\nprivate: true\nflag: on\nother: yes\n")
    assert loaded == {"date": "2026-02-30", "x": "q", "private": True, "flag": "on", "other": "yes"}


def test_yaml_errors_carry_the_file_line() -> None:
    with pytest.raises(FrontmatterError) as failure:
        load_properties("a: b\nc: [d\ne: f\n", first_line=2)
    assert failure.value.line is not None and failure.value.line >= 3


def test_block_lists_and_flow_lists() -> None:
    text = "needs_met:\n  - validation\n  - patience\nneeds_unmet: [reassurance]\nsafety: 3\n"
    assert load_simple(text) == {
        "needs_met": ["validation", "patience"],
        "needs_unmet": ["reassurance"],
        "safety": 3,
    }


@pytest.mark.parametrize(
    "text",
    [
        "a: 'it''s'\n",
        "a: b # comment\n",
        "a:\n  b: c\n",
        "a:\n  - x\n    - y\n",
        "1: x\n",
        "a: 1.5\n",
        "a: -3\n",
        "a: 012\n",
        "a: null\n",
        "a: ~\n",
        "true: x\n",
        "a: b, c\n",
        "a:\tb\n",
    ],
)
def test_anything_unusual_goes_to_yaml(text: str) -> None:
    with pytest.raises(NotSimple):
        load_simple(text)


def test_key_line() -> None:
    assert key_line("a: 1\nsafety: 3\n", "safety") == 3
    assert key_line("a: 1\n", "safety") is None


_words = st.sampled_from(
    [
        "full",
        "on-request",
        "Task oriented",
        "x",
        "proactive",
        "a_b",
        "yes",
        "no",
        "on",
        "true",
        "False",
        "null",
        "NULL",
        "~",
        "2026-11-20",
        "2026-02-30",
        "3",
        "0",
        "012",
        "1.5",
        "-2",
        "0x1F",
        "1_000",
        "'q'",
        '"q"',
        "a: b",
        "a #c",
        "#c",
        "",
        " ",
        "[a]",
        ".inf",
        "1e3",
        "Y",
        "n",
        "[",
        "]",
        "a,b",
        "-",
        "- x",
        "&a",
        "*a",
        "|",
        ">",
        "!x",
        "a/b",
        "transparency/proactive",
        "a.b",
        "a. b",
        "a/ b",
        "a:b",
        '"quoted, text"',
        "'single'",
        "'it''s'",
        '"with \\" escape"',
        '"tab\\t"',
        '""',
        "''",
        "# comment",
        "a #b",
        "a#b",
    ]
)
_KEYS = (
    *("safety", "tags", "date", "needs_met", "true", "null", "on", "a-b", "_x", "1", "a b"),
    "Key",
)
_COMMENTS = ("# a comment", "  # indented comment", "")
# How a group of lines starts, in one draw: a comment line before it one time in ten (each of
# three as likely), its key, and its form: `key: value`, `key: [flow, list]`, or a block list
# indented by none, two or four spaces (each of the three forms as likely).
_STARTS = st.sampled_from(
    list(
        itertools.product(
            (None,) * 27 + _COMMENTS,
            _KEYS,
            ("value",) * 3 + ("flow",) * 3 + ("block", "block  ", "block    "),
        )
    )
)
_COUNTS = st.integers(0, 6)
_WORD_LISTS = st.lists(_words, max_size=3)


@st.composite
def _frontmatter(draw: st.DrawFn) -> list[str]:
    """Frontmatter as groups of lines: a key with its value or list, or a comment."""
    groups = []
    for _ in range(draw(_COUNTS)):
        comment, key, form = draw(_STARTS)
        if comment is not None:
            groups.append(comment)
        if form == "value":
            groups.append(f"{key}: {draw(_words)}")
        elif form == "flow":
            items = draw(_WORD_LISTS)
            groups.append(f"{key}: [{', '.join(items)}]")
        else:
            indent = form.removeprefix("block")
            items = draw(_WORD_LISTS)
            groups.append("\n".join([f"{key}:", *(f"{indent}- {item}" for item in items)]))
    return groups


# Each drawn frontmatter is read whole and one group of lines at a time (drawing it is what
# costs, not reading it): 250 wholes and some 1,100 groups alone reach every form above.
@settings(max_examples=250)
@given(_frontmatter())
def test_fast_reader_agrees_with_yaml_whenever_it_answers(groups: list[str]) -> None:
    for text in ("\n".join(groups) + "\n", *(group + "\n" for group in groups)):
        try:
            fast = load_simple(text)
        except NotSimple:
            continue
        assert fast == (yaml.load(text, Loader=JournalLoader) or {}), text
