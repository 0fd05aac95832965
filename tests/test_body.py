from hypothesis import given, settings
from hypothesis import strategies as st

from plainheal.read.body import (
    BodyObservation,
    _inline_text,
    _markdown,
    _plain_paragraphs,
    might_hold_observations,
    scan_body,
)


def pairs(body: str) -> list[tuple[str, str]]:
    return [(o.key, o.value) for o in scan_body(body)]


def test_tags_and_fields_in_prose() -> None:
    body = (
        "Today #transparency/proactive and #journal.\n"
        "\n"
        "empathy:: hollow\n"
        "He tried [repair:: attempted] and (boundaries:: respected).\n"
    )
    assert pairs(body) == [
        ("transparency", "proactive"),
        ("empathy", "hollow"),
        ("repair", "attempted"),
        ("boundaries", "respected"),
    ]


def test_lines_are_counted_from_the_body_start() -> None:
    found = scan_body("a\n\nb\n\n#empathy/connected\n")
    assert found == [BodyObservation("empathy", "connected", 5, tag=True)]


def test_code_html_and_escapes_never_count() -> None:
    body = (
        "```\n#boundaries/crossed\nempathy:: dismissive\n```\n\n"
        "    #boundaries/crossed\n\n"
        "Inline `#boundaries/crossed` and `empathy:: dismissive`.\n\n"
        "<div>#boundaries/crossed</div>\n\n"
        "Escaped \\#boundaries/crossed.\n\n"
        "A url http://example.org/#boundaries/crossed\n"
    )
    assert pairs(body) == []


def test_heading_is_not_a_tag_but_a_tag_in_a_heading_is() -> None:
    assert pairs("# transparency/proactive\n\n## Day #empathy/connected\n") == [
        ("empathy", "connected")
    ]


def test_cheap_scan_skips_plain_prose() -> None:
    assert not might_hold_observations("We talked. It was hard. # Heading\n")
    assert might_hold_observations("x #a/b")
    assert might_hold_observations("k:: v")
    assert might_hold_observations("A hard day #PRIVATE")
    assert not might_hold_observations("No mark at all: not one / anywhere")


def test_checklist_field_keeps_its_list() -> None:
    assert pairs("needs_met:: validation, patience\n") == [("needs_met", "validation, patience")]


def _parsed(body: str) -> list[tuple[str, int]]:
    """What the Markdown parser gives: each inline run's text and first line."""
    return [
        (_inline_text(token), token.map[0])
        for token in _markdown().parse(body)
        if token.type == "inline" and token.map is not None
    ]


# Pieces of prose, fields and tags, and everything Markdown could read otherwise.
PIECES = (
    *("a", "Ab", "word", "é", "²", "x:: y", "needs_met:: patience", "#empathy/hollow"),
    *("#private", "[safety:: 3]", "(repair:: attempted)", "a_b", "_", "__", "_a_", "é_x", ":"),
    *(" ", "  ", "   ", "\t", "\n", "\n", "\n\n", "\n\n\n", "\n    ", "\n \n"),
    *("# ", "#", "##x", "1", "1.", "2)", "-", "- ", "+", "*", "=", "===", "---", ">"),
    *("`", "```", "~", "~~", "<b>", "<", "&amp;", "&", "\\", "\\#", "|", "!"),
    *("[", "]", "](x)", "][", "]:", "![", "[a](b)", "![a](b)", "\n[a]: b\n", "[a]"),
    *("(", ")", "'", '"', "\u00a0", "\u2003"),
    *("\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u3000", "\x00", "\r"),
    *("\n```\n", "\n```py\n", "\n````\n", "\n```` \n", "\n  ```\n", "\n``` a`b\n"),
    *("\n~~~\n", "``", "\n`` \n", "\n\t```\n"),
)


PIECE_LISTS = st.lists(
    st.one_of(st.sampled_from(PIECES[:16]), st.sampled_from(PIECES)), max_size=20
)


# Each list of pieces is joined as it comes, and after a letter with letters or spaces
# between them (so that more bodies are plain prose and reach the comparison): nine bodies
# an example, some 1,000 of them plain prose a run. Drawing the pieces is what costs, not
# reading them, so every example is read nine ways. Hypothesis keeps the pieces that failed
# once and tries them first next time.
@settings(max_examples=400)
@given(PIECE_LISTS)
def test_plain_paragraphs_are_read_as_the_markdown_parser_reads_them(pieces: list[str]) -> None:
    for before in ("", "a", "a "):
        for between in ("", "a", " "):
            body = before + between.join(pieces)
            plain = _plain_paragraphs(body)
            if plain is not None:
                assert plain == _parsed(body), body


WORDS = ("a", "Ab", "é", "x:: y", "#empathy/hollow", "#private", "[safety:: 3]", "a_b")
LINE = st.tuples(
    st.sampled_from(("Today", "(repair:: attempted)", "#boundaries/respected", "empathy:: x")),
    st.lists(st.sampled_from(WORDS), max_size=6),
    st.sampled_from(("", " ", "  ", "\t", " \t ")),
).map(lambda parts: " ".join([parts[0], *parts[1]]) + parts[2])


@given(st.lists(st.tuples(LINE, st.sampled_from(("\n", "\n\n", "\n \n"))), min_size=1))
def test_plain_prose_never_needs_the_parser(lines: list[tuple[str, str]]) -> None:
    body = "".join(line + end for line, end in lines)
    plain = _plain_paragraphs(body)
    assert plain is not None
    assert plain == _parsed(body)


def test_the_quick_path_takes_plain_bodies_and_leaves_the_rest_to_the_parser() -> None:
    plain = "Today he listened.\n\nempathy:: hollow\nrepair:: attempted  \n"
    assert _plain_paragraphs(plain) == [
        ("Today he listened.", 0),
        ("empathy:: hollow\nrepair:: attempted", 2),
    ]
    assert _plain_paragraphs("Later: #boundaries/respected and [safety:: 3]\n") is not None
    fenced = "Before\n```text\n#boundaries/crossed\n`x` *y*\n````\nAfter"
    assert _plain_paragraphs(fenced) == [("Before", 0), ("After", 5)] == _parsed(fenced)
    longer = "````\n```\nempathy:: hollow\n````\nAfter empathy:: x"  # ``` closes no ````
    assert _plain_paragraphs(longer) == [("After empathy:: x", 4)] == _parsed(longer)
    unclosed = "Before\n```\nempathy:: hollow"  # code to the end
    assert _plain_paragraphs(unclosed) == [("Before", 0)] == _parsed(unclosed)
    for other in (
        "~~~\n#boundaries/crossed\n~~~",
        "```\n#boundaries/crossed\n  ```\nempathy:: hollow",
        "    empathy:: hollow",
        "- empathy:: hollow",
        "# Heading",
        "> quoted",
        "a `code` b",
        "[a](b) empathy:: hollow",
        "a *b* c",
        "a &amp; b",
        "a\\#b/c",
        "ends in a no-break space\u00a0",
    ):
        assert _plain_paragraphs(other) is None, other
        assert scan_body(other) == scan_body(other + "\n")  # still read, by the parser
