"""Shared entries in the report carry the person's words, not the template's."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plainheal.render.own_words import own_words

TEMPLATE = """---
date: {{date}}
safety:
---
<!-- Answer what you noticed today and leave the rest empty; an empty property is simply
unanswered. -->
# Entry for {{date:YYYY-MM-DD}}

## How I am

How safe did I feel today?

## What I noticed

- Did they take full ownership?
- Were my boundaries honoured?

## Anything else
"""


def test_an_untouched_template_leaves_nothing() -> None:
    body = TEMPLATE.split("---\n", 2)[2].replace("{{date:YYYY-MM-DD}}", "2026-11-20")
    assert own_words(body, [TEMPLATE]) == ""


def test_prompts_comments_and_empty_headings_go_the_person_s_words_stay() -> None:
    comment = TEMPLATE.split("---\n", 2)[2].split("-->")[0] + "-->"
    body = (
        comment
        + """
# Entry for 2026-11-20

## How I am

How safe did I feel today?
Shaky in the morning, calmer by night.

## What I noticed

- Did they take full ownership?
- Were my boundaries honoured?

## Anything else
<!-- a note to myself -->
"""
    )
    assert own_words(body, [TEMPLATE]) == "## How I am\n\nShaky in the morning, calmer by night.\n"


def test_without_a_template_only_comments_and_empty_headings_go() -> None:
    body = "## Morning\n\n<!-- hidden -->\nWe talked.\n\n## Evening\n\n"
    assert own_words(body) == "## Morning\n\nWe talked.\n"


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        ("Words.\n%% only for me %%\nMore.\n", "Words.\n\nMore."),
        ("Words %%inline, hidden%% stay.\n", "Words  stay."),
        ("Words.\n%%\nA block\nhidden\n%%\nMore.\n", "Words.\n\nMore."),
        ("Words.\n%% never closed\nall of this\n", "Words."),
        ("Words.\n<!-- never closed\nall of this\n", "Words."),
        ("Words.\n```\n%% in code %%\n```\n", "Words.\n```\n%% in code %%\n```"),
        # Backticks typed as apostrophes hide nothing: the comment between them stays out.
        ("He didn`t call. %% I read his messages %% It`s fine.\n", "He didn`t call.  It`s fine."),
        (
            "I can`t sleep.\n\n<!-- not for her -->\n\nWe`ll see.\n",
            "I can`t sleep.\n\nWe`ll see.",
        ),
    ],
)
def test_obsidian_comments_stay_out_as_obsidian_hides_them(body: str, kept: str) -> None:
    assert own_words(body).strip() == kept


def test_code_blocks_are_kept_as_written() -> None:
    body = "```\n<!-- kept -->\n# not a heading\n```\n"
    assert own_words(body, [TEMPLATE]) == body


def test_a_heading_with_a_subheading_that_has_words_is_kept() -> None:
    body = "## Day\n\n### Night\n\nQuiet.\n\n### Empty\n"
    assert own_words(body) == "## Day\n\n### Night\n\nQuiet.\n"


def test_lines_of_inline_fields_only_go_words_around_fields_stay() -> None:
    # The values are data: the report lists them above the entry's words already.
    body = (
        "We talked after dinner.\naccountability:: partial\n"
        "[repair:: attempted] (empathy:: hollow)\n  safety :: 3\n"
        "He said sorry [repair:: attempted] and meant it, I think.\n"
        "- transparency:: on-request\n\n```\nboundaries:: crossed\n```\n"
    )
    assert own_words(body) == (
        "We talked after dinner.\n"
        "He said sorry [repair:: attempted] and meant it, I think.\n"
        "- transparency:: on-request\n\n```\nboundaries:: crossed\n```\n"
    )


def test_a_heading_over_fields_only_goes_with_them() -> None:
    assert own_words("## Values\n\nsafety:: 2\nempathy:: hollow\n\n## Words\n\nTired.\n") == (
        "## Words\n\nTired.\n"
    )


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_never_adds_anything(body: str) -> None:
    kept = own_words(body, [TEMPLATE])
    source_lines = set(body.splitlines())
    for line in kept.splitlines():
        assert line == "" or line in source_lines or "-->" not in line
