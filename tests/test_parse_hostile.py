"""Hostile frontmatter: bounded, never a crash, never a word of the person's repeated."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plainheal.builtin import VOCABULARY
from plainheal.entry import FileResult
from plainheal.read.parse import parse_file

SENTENCE = "the night he finally told me everything"


def parse(frontmatter: str, path: str = "Journal/note.md", body: str = "") -> FileResult:
    return parse_file(path, f"---\n{frontmatter}\n---\n{body}".encode(), VOCABULARY)


def messages(result: FileResult) -> str:
    return "\n".join(p.message for p in result.problems)


def alias_bomb(levels: int) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 9)}]")
    return "\n".join(lines) + f"\nempathy: *a{levels - 1}\nsafety: *a{levels - 1}"


def test_an_alias_bomb_is_refused_before_it_expands() -> None:
    result = parse("date: 2026-11-20\n" + alias_bomb(9))  # 9**9 items once expanded
    assert result.entry is None
    (problem,) = result.problems
    assert problem.code == "yaml-syntax" and "aliases" in problem.message


def test_a_few_aliases_are_fine() -> None:
    result = parse("date: 2026-11-20\nx: &v hollow\nempathy: *v")
    assert result.entry is not None and result.entry.observations == {"empathy": ("hollow",)}


@pytest.mark.parametrize(
    "frontmatter",
    [
        "date: !!python/object/apply:os.system ['echo secretword']",
        "date: 2026-11-20\nsafety: !secretword 3",
        "date: 2026-11-20\nsafety: !!int secretword and more",
        "date: 2026-11-20\nsafety: !!float secretword",
        "date: !!timestamp secretword",
        "date: !!binary secretword",
        "date: 2026-11-20\nx: *secretword",
        "date: 2026-11-20\nx: !!set {secretword: 1}\ny: !!omap secretword",
        'date: "secretword \\q"',
        "date: 2026-11-20\nx: [\n[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[secretword",
        "date: 2026-11-20\n" + "x: " + "[" * 500 + "secretword" + "]" * 500,
    ],
)
def test_yaml_that_cannot_be_read_is_named_not_quoted(frontmatter: str) -> None:
    result = parse(frontmatter)
    assert result.problems, frontmatter
    text = messages(result)
    assert "secretword" not in text and "python" not in text


def test_a_sentence_where_the_date_belongs_is_never_repeated() -> None:
    result = parse(f"date: {SENTENCE}\nsafety: 3", path="Journal/2026-11-20.md")
    assert result.entry is not None and result.entry.date == dt.date(2026, 11, 20)
    (problem,) = result.problems
    assert problem.code == "invalid-date" and problem.line == 2
    assert SENTENCE not in problem.message and "night" not in problem.message
    impossible = parse("date: 2026-02-30\nsafety: 3")
    assert "is not a real calendar date" in messages(impossible)


@pytest.mark.parametrize("value", ["'²'", "'٣'", "'³'", "'1²'", "'१'", "'0x3'", "'9' "])
def test_only_plain_digits_are_numbers(value: str) -> None:
    result = parse(f"date: 2026-11-20\nsafety: {value}")
    assert result.entry is not None
    expected = {"safety": 9} if value.strip() == "'9'" else {}
    if expected:
        assert result.entry.ratings == {}  # 9 is a number, but outside 1–5
        assert [p.code for p in result.problems] == ["rating-out-of-range"]
    else:
        assert result.entry.ratings == {}
        assert [p.code for p in result.problems] == ["rating-not-a-number"]


@pytest.mark.parametrize("value", ["0x3", "0b11", "0o3", "+3", "1_0", "3e0", ".inf", "1:30"])
def test_numbers_yaml_1_1_would_read_are_not_numbers_here(value: str) -> None:
    result = parse(f"date: 2026-11-20\nsafety: {value}")
    assert result.entry is not None and result.entry.ratings == {}
    assert [p.code for p in result.problems] == ["rating-not-a-number"]


def test_digits_are_read_in_base_ten() -> None:
    result = parse("date: 2026-11-20\nsafety: 04\nconnection: 010\nregulation: 3.0")
    assert result.entry is not None and result.entry.ratings == {"safety": 4, "regulation": 3}
    assert messages(result) == "connection: 10 is outside 1–5; left out"


def test_a_huge_number_written_as_digits_is_not_read_as_a_rating() -> None:
    result = parse("date: 2026-11-20\nsafety: '" + "9" * 5000 + "'")
    assert result.entry is not None and result.entry.ratings == {}
    assert "9999999999" not in messages(result)


@pytest.mark.parametrize(
    ("frontmatter", "path"),
    [
        ("date: 0001-01-01\nsafety: 3", "Journal/note.md"),
        ("date: 9999-12-31\nsafety: 3", "Journal/note.md"),
        ("date: !!timestamp 0001-01-01\nsafety: 3", "Journal/note.md"),
        ("safety: 3", "Journal/9999-12-31.md"),
        ("safety: 3", "Journal/0001-01-01.md"),
    ],
)
def test_dates_outside_a_sane_range_are_refused_by_name(frontmatter: str, path: str) -> None:
    result = parse(frontmatter, path=path)
    assert result.entry is not None and result.entry.date is None
    assert result.problems[0].code == "date-out-of-range"
    assert {p.code for p in result.problems} <= {"date-out-of-range", "no-date"}
    assert "between 1900 and 2199" in messages(result)


def test_an_out_of_range_date_falls_back_to_the_file_name() -> None:
    result = parse("date: 9999-01-01\nsafety: 3", path="Journal/2026-11-20.md")
    assert result.entry is not None and result.entry.date == dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("frontmatter", "key"),
    [
        ("safety: 2\nempathy: hollow\nsafety: 4", "'safety' is set again;"),
        ("safety: 2\nempathy: hollow\nSafety: 4", "'safety' is set again (as 'Safety')"),
        ("safety: 2\nempathy: hollow\nsafety : 4", "'safety' is set again"),
        ("safety: 2\nempathy: hollow\n'safety': 4", "'safety' is set again"),
    ],
)
def test_a_repeated_key_warns_and_the_first_is_used(frontmatter: str, key: str) -> None:
    result = parse("date: 2026-11-20\n" + frontmatter)
    assert result.entry is not None and result.entry.ratings == {"safety": 2}
    (problem,) = result.problems
    assert problem.code == "duplicate-key" and key in problem.message and problem.line == 5


def test_a_repeated_dimension_also_keeps_the_first() -> None:
    result = parse("date: 2026-11-20\nempathy: hollow\nEmpathy: connected")
    assert result.entry is not None and result.entry.observations == {"empathy": ("hollow",)}
    assert [p.code for p in result.problems] == ["duplicate-key"]


def test_a_long_repeated_key_is_described_not_repeated() -> None:
    key = "what he said when I asked about the messages"
    result = parse(f"date: 2026-11-20\n{key}: 1\n{key}: 2")
    assert "messages" not in messages(result)


def _no_control(text: str) -> bool:
    return all(c.isprintable() or c == "\n" for c in text)


# Each draw is read twice: its keys with their values, and with the values one key along.
@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["date", "safety", "empathy", "private", "tags", "Safety", "needs_met", "x"]
        ),
        max_size=6,
    ),
    st.lists(st.text(max_size=30), min_size=6, max_size=6),
)
def test_messages_never_hold_control_characters_or_long_text(
    keys: list[str], values: list[str]
) -> None:
    for shifted in (values, values[1:] + values[:1]):
        lines = [
            f"{key}: {value!r}".replace("\\\\", "\\")
            for key, value in zip(keys, shifted, strict=False)
        ]
        result = parse("\n".join(lines))
        for problem in result.problems:
            assert _no_control(problem.message), problem.message
            for value in values:
                if len(value.strip()) > 24:
                    assert value.strip() not in problem.message


def test_a_very_long_text_is_not_parsed_as_markdown_but_privacy_still_counts() -> None:
    from plainheal.read.observations import MAX_SCANNED_BODY

    body = "[" * MAX_SCANNED_BODY + "\nempathy:: hollow\n"
    result = parse("date: 2026-11-20\nsafety: 3", body=body)
    assert result.entry is not None and result.entry.observations == {}
    assert [p.code for p in result.problems] == ["long-text"]
    hidden = parse("date: 2026-11-20\nsafety: 3", body=body + "`#private`\n")
    assert hidden.entry is not None and hidden.entry.private


@pytest.mark.parametrize("lines", ["a:\n", "- x\n", "k{n}: v\n"])
def test_a_frontmatter_too_large_for_properties_is_named_before_yaml_reads_it(lines: str) -> None:
    text = "".join(lines.format(n=n) for n in range(12_000))
    result = parse(f"date: 2026-11-20\n{text}")
    assert result.entry is None
    (problem,) = result.problems
    assert problem.code == "yaml-syntax" and "too large to be the properties" in problem.message
