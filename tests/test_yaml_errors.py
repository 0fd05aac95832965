import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plainheal.builtin import VOCABULARY
from plainheal.read.parse import parse_file
from plainheal.read.yaml_errors import (
    AFTER_QUOTE,
    BRACKET,
    COLON,
    DOUBLED_FENCE,
    ESCAPE,
    FENCE,
    INDENT,
    LIST,
    NO_COLON,
    QUOTE,
    RESERVED,
    TAB,
)

SECRET = "Zebedee"  # stands for what the person wrote; it must never come back


@pytest.mark.parametrize(
    ("text", "plain", "line"),
    [
        (f"---\nempathy: hollow: {SECRET} said\n---\n", COLON, 2),
        (f"---\nsafety: 3\nempathy: {SECRET}: sorry\n---\n", COLON, 3),
        (f"---\nsafety: 3\n\tempathy: {SECRET}\n---\n", TAB, 3),
        (f"---\nneeds_met:\n\t- {SECRET}\n---\n", TAB, 3),
        (f'---\nempathy: "{SECRET}\nsafety: 3\n---\n', QUOTE, 2),
        (f"---\nsafety: 3\nempathy: '{SECRET}\n---\n", QUOTE, 3),
        (f'---\nempathy: "hollow" {SECRET}\n---\n', AFTER_QUOTE, 2),
        (f"---\nneeds_met: [patience, {SECRET}\nsafety: 3\n---\n", BRACKET, 3),
        (f"---\nneeds_met: {{{SECRET}\nsafety: 3\n---\n", BRACKET, 3),
        (f"---\nsafety: 3\n  empathy: {SECRET}\n---\n", INDENT, 3),
        (f"---\nneeds_met:\n  - patience\n - {SECRET}\n---\n", INDENT, 4),
        (f"---\nsafety: 3\n{SECRET} was kind today\nempathy: hollow\n---\n", NO_COLON, 4),
        (f"---\nempathy: *{SECRET}*\n---\n", RESERVED, 2),
        (f"---\nempathy: @{SECRET}\n---\n", RESERVED, 2),
        (f'---\nempathy: "{SECRET}\\q"\n---\n', ESCAPE, 2),
        (f"---\nempathy: hollow\n- {SECRET}\n---\n", LIST, 3),
        (f"---\nempathy: {SECRET}\n", FENCE, 1),
        (f"---\n---\nsafety: 3\nempathy: {SECRET}\n---\n", DOUBLED_FENCE, 2),
    ],
)
def test_yaml_errors_in_plain_words(text: str, plain: str, line: int) -> None:
    result = parse_file("Journal/2026-11-20.md", text.encode(), VOCABULARY)
    (problem,) = result.problems
    assert (problem.code, problem.severity, problem.line) == ("yaml-syntax", "error", line)
    assert plain in problem.message
    assert SECRET.lower() not in problem.message.lower()


@pytest.mark.parametrize(
    ("text", "words", "line"),
    [
        ("---\ndate: {{date}}\nsafety: 3\n---\n", "a template's placeholder", 2),
        (f"---\nsafety: 3\nempathy: {{{{{SECRET}}}}}\n---\n", "a template's placeholder", 3),
        (f"---\nsafety: 3\nempathy: {SECRET}\x01\n---\n", "a control character", 3),
        (f"---\nsafety: 3\nempathy: !{SECRET} x\n---\n", "uses a YAML tag", 3),
    ],
)
def test_placeholders_control_characters_and_tags_are_told_apart(
    text: str, words: str, line: int
) -> None:
    result = parse_file("Journal/2026-11-20.md", text.encode(), VOCABULARY)
    (problem,) = result.problems
    assert (problem.code, problem.line) == ("yaml-syntax", line)
    assert words in problem.message and SECRET.lower() not in problem.message.lower()


def test_a_note_that_only_starts_with_a_rule_is_left_alone() -> None:
    text = "---\n---\nShopping: milk\n\n---\nmore\n"
    result = parse_file("Notes/list.md", text.encode(), VOCABULARY)
    assert result.problems == () and result.entry is None


@settings(max_examples=300)
@given(st.text(alphabet="ab:\t \n\"'[]{}-*&@\\#|>%`", max_size=60))
def test_a_yaml_message_never_repeats_the_frontmatter(text: str) -> None:
    words = f"{SECRET}{text}{SECRET}"
    result = parse_file("Journal/2026-11-20.md", f"---\n{words}\n---\n".encode(), VOCABULARY)
    for problem in result.problems:
        assert SECRET.lower() not in problem.message.lower()
