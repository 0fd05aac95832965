"""Privacy fails closed: every way of saying "private" keeps an entry out of exports."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from plainheal.builtin import VOCABULARY
from plainheal.cli import main
from plainheal.read.parse import parse_file

from conftest import WriteNote


def is_private(frontmatter: str, body: str = "") -> bool:
    text = f"---\ndate: 2026-11-20\nsafety: 3\n{frontmatter}\n---\n{body}\n"
    result = parse_file("Journal/2026-11-20.md", text.encode(), VOCABULARY)
    assert result.entry is not None
    return result.entry.private


@pytest.mark.parametrize(
    "frontmatter",
    [
        "private: true",
        "private: 1",
        "private: on",
        "private: y",
        "private: Yes",
        "private: [true]",
        "private: [false]",
        "private: maybe",
        "private: {a: 1}",
        "private: 2",
        "Private: true",
        "tags: [private]",
        "tags: journal, private",
        "tags: '#Private'",
        "tags: [private/work]",
        "tags: [[private]]",
        "tags: {private: true}",
        "tags: [journal, [x, {y: private}]]",
        "private: false\nPRIVATE: true",
        "tags: [journal]\nTags: [private]",
        "tags: [journal]\ntags: private",
    ],
)
def test_anything_but_clearly_false_is_private(frontmatter: str) -> None:
    assert is_private(frontmatter)


@pytest.mark.parametrize(
    "frontmatter",
    ["", "private: false", "private: no", "private: off", "private: 0", "private:", "private: ''"],
)
def test_clearly_false_is_not_private(frontmatter: str) -> None:
    assert not is_private(frontmatter)


@pytest.mark.parametrize(
    "body",
    ["A hard day #private", "#private", "private:: true", "[private:: yes] today", "#private/x"],
)
def test_private_in_the_body_counts(body: str) -> None:
    assert is_private("", body)


@pytest.mark.parametrize(
    "body",
    [
        "`#private`",
        "```\n#private\n```",
        "    #private",
        "<div>#private</div>",
        "<!-- mine --> #private",
        "<!-- #private -->",
        "%% #private %%",
        "`private:: yes`",
        "<div>private:: true</div>",
        "```\nprivate:: only me\n```",
        "private:: `yes`",
        "private:: **true**",
        "[private:: `yes`]",
        "private:: <b>yes</b>",
        "<div>private:: <mark>true</mark></div>",
    ],
)
def test_private_typed_in_code_html_or_a_comment_counts_too(body: str) -> None:
    # No tag there, but the person typed it, and a shared entry would show it: fails closed.
    assert is_private("", f"A hard day.\n\n{body}\n")


@pytest.mark.parametrize(
    "body",
    [
        "\\#private",
        "private:: no",
        "`private:: false`",
        "private:: `no`",
        "private:: *false*",
        "<div>private:: off</div>",
        "#privately",
        "#private-notes",
        "my#private",
        "unprivate:: yes",
    ],
)
def test_escapes_false_fields_and_other_words_do_not(body: str) -> None:
    assert not is_private("", body)


def test_an_unclear_value_is_private_with_a_warning_that_does_not_repeat_it() -> None:
    text = "---\ndate: 2026-11-20\nsafety: 3\nprivate: only-for-me\n---\n"
    result = parse_file("2026-11-20.md", text.encode(), VOCABULARY)
    assert result.entry is not None and result.entry.private
    (problem,) = result.problems
    assert problem.code == "private-unclear" and problem.line == 4
    assert "only-for-me" not in problem.message


@pytest.mark.parametrize("value", ["0x0", "n", "N", "0.0", "0b0", "maybe", "00", "-0"])
def test_only_a_clearly_false_value_makes_an_entry_not_private(value: str) -> None:
    text = f"---\ndate: 2026-11-20\nsafety: 3\nprivate: {value}\n---\n"
    result = parse_file("2026-11-20.md", text.encode(), VOCABULARY)
    assert result.entry is not None and result.entry.private
    assert [problem.code for problem in result.problems] == ["private-unclear"]


@pytest.mark.parametrize("value", ["false", "No", "OFF", "0", "'0'", ""])
def test_a_clearly_false_value_is_not_private(value: str) -> None:
    text = f"---\ndate: 2026-11-20\nsafety: 3\nprivate: {value}\n---\n"
    result = parse_file("2026-11-20.md", text.encode(), VOCABULARY)
    assert result.entry is not None and not result.entry.private
    assert result.problems == ()


SECRET = "words only the private entry holds"


@pytest.mark.parametrize(
    "marking",
    [("private: 1\n", ""), ("private: on\n", ""), ("tags: [private]\n", ""), ("", "#private\n")],
)
def test_an_entry_marked_any_way_never_reaches_the_export(
    vault: Path, write: WriteNote, marking: tuple[str, str]
) -> None:
    frontmatter, body = marking
    for day in range(1, 10):
        write(f"2026-11-{day:02d}.md", f"---\ndate: 2026-11-{day:02d}\nsafety: 3\n---\n")
    write(
        "2026-11-05.md",
        f"---\ndate: 2026-11-05\nshare: true\nsafety: 1\n{frontmatter}---\n{body}{SECRET}\n",
    )
    result = CliRunner().invoke(main, ["export", str(vault)], catch_exceptions=False)
    assert result.exit_code == 0
    assert SECRET not in result.stdout and "2026-11-05" not in result.stdout
    assert "1 entry marked private" in result.stdout
