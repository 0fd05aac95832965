import itertools

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

from sampling import evenly


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


def test_text_inside_inline_html_never_counts() -> None:
    assert pairs("<span>#recovery/none</span>\n") == []
    assert pairs("text <b>[empathy:: hollow]</b> x\n") == []
    assert pairs("<span>empathy:: dismissive</span>\n") == []
    assert pairs('A <a href="x">#boundaries/crossed (repair:: ignored)</a>.\n') == []


def test_text_outside_inline_html_in_the_same_paragraph_still_counts() -> None:
    body = (
        "Before #boundaries/respected <span>#recovery/none</span> after "
        "[empathy:: connected] and <b>[repair:: ignored]</b> (repair:: attempted)\n"
        "transparency:: proactive\n"
    )
    assert pairs(body) == [
        ("boundaries", "respected"),
        ("empathy", "connected"),
        ("repair", "attempted"),
        ("transparency", "proactive"),
    ]


def test_nested_elements_hide_everything_until_the_outer_one_closes() -> None:
    assert pairs("<b><i>#a/b</i> #c/d</b> #e/f\n") == [("e", "f")]
    # The same element inside itself: its first closing tag closes only the inner one.
    assert pairs("<span><span>x</span> #c/d</span> #e/f\n") == [("e", "f")]


def test_void_and_self_closing_elements_hold_nothing() -> None:
    body = (
        "Line one<br> #boundaries/respected, <BR/> #repair/attempted\n"
        '<img src="x.png" alt="#recovery/none"> #empathy/connected <hr> <wbr>\n'
        "<span/> #accountability/full <my-mark /> #transparency/proactive\n"
    )
    assert pairs(body) == [
        ("boundaries", "respected"),
        ("repair", "attempted"),
        ("empathy", "connected"),
        ("accountability", "full"),
        ("transparency", "proactive"),
    ]


def test_an_unclosed_element_runs_to_the_end_of_its_line() -> None:
    body = (
        "Before #boundaries/respected <span>#recovery/none and [empathy:: hollow]\n"
        "#repair/ignored\n"
        "\n"
        "Next paragraph #repair/attempted\n"
        "\n"
        "## A heading <u>#boundaries/crossed\n"
        "\n"
        "| <b>#empathy/dismissive | #empathy/connected |\n"
        "|---|---|\n"
    )
    assert pairs(body) == [
        ("boundaries", "respected"),
        ("repair", "ignored"),  # the next line of the paragraph counts again
        ("repair", "attempted"),
        ("empathy", "connected"),
    ]


def test_an_element_closed_on_a_later_line_hides_every_line_it_holds() -> None:
    body = (
        '<span style="color:gray">Old note, not today:\n#boundaries/crossed</span>\n'
        "#repair/attempted\n"
    )
    assert pairs(body) == [("repair", "attempted")]
    # Left open, it ends with its line, whatever closes later: even a `</b>` of another `<b>`.
    assert pairs("<b>#empathy/hollow\n#boundaries/crossed <i>x</i>\n") == [
        ("boundaries", "crossed")
    ]
    assert pairs("<b>#empathy/hollow\n#boundaries/crossed <b>x</b>\n") == [
        ("boundaries", "crossed")
    ]


def test_a_word_in_angle_brackets_that_is_no_html_element_hides_nothing() -> None:
    # Markdown calls `<sigh>` a tag; it is the person's aside, and what follows counts.
    assert pairs("He said <sigh> and left. #empathy/dismissive #boundaries/crossed\n") == [
        ("empathy", "dismissive"),
        ("boundaries", "crossed"),
    ]
    assert pairs("I was overreacting <again>.\nempathy:: dismissive\n") == [
        ("empathy", "dismissive")
    ]
    assert pairs("He said: <Whatever> #empathy/dismissive\n") == [("empathy", "dismissive")]


def test_many_open_elements_are_bounded() -> None:
    # Past 64 open elements a tag opens nothing, and closers with nothing of their name
    # open are passed over: a note of thousands of tags reads in linear time.
    body = "<b>" * 100 + "x #empathy/hollow" + "</u>" * 1000 + "</b>" * 100 + " #repair/attempted\n"
    assert pairs(body) == [("repair", "attempted")]


def test_a_stray_closing_tag_closes_nothing() -> None:
    assert pairs("Not open </span> #boundaries/respected\n") == [("boundaries", "respected")]
    assert pairs("<i>x</b> #boundaries/crossed</i> #repair/attempted\n") == [
        ("repair", "attempted")
    ]


def test_a_closing_tag_written_too_early_closes_only_its_own_element() -> None:
    # A browser shows `#boundaries/crossed` in italics: it is still inside <i>.
    assert pairs("<b><i>x</b> #boundaries/crossed</i> #repair/attempted\n") == [
        ("repair", "attempted")
    ]


def test_html_comments_inline_hide_their_text_and_open_nothing() -> None:
    body = (
        "a <!-- #boundaries/crossed [empathy:: hollow] --> #repair/attempted\n"
        "b <!-- <span> --> #recovery/sustained <!-- </span> -->\n"
        "<b><!-- </b> --> #empathy/dismissive</b> #boundaries/respected\n"
    )
    assert pairs(body) == [
        ("repair", "attempted"),
        ("recovery", "sustained"),
        ("boundaries", "respected"),
    ]


def test_tag_names_are_case_blind() -> None:
    assert pairs("<SPAN>#recovery/none</span> #repair/attempted\n") == [("repair", "attempted")]
    assert pairs("<Span>#recovery/none</SPAN> #repair/attempted\n") == [("repair", "attempted")]


def test_an_attribute_is_never_read() -> None:
    body = '<span title="#boundaries/crossed" data-x="empathy:: hollow">x</span> y\n'
    assert pairs(body) == []


def test_a_sign_of_privacy_inside_html_still_counts() -> None:
    # Privacy fails closed: `<mark>#private</mark>` asks for it as clearly as `#private`.
    found = scan_body(
        "<mark>#private</mark> <span>#recovery/none #private/x</span>\n"
        "<b>[private:: yes]</b>\n"
        "<span>private:: on</span>\n"
    )
    assert [(o.key, o.value, o.line, o.tag) for o in found] == [
        ("private", "", 1, True),
        ("private", "x", 1, True),
        ("private", "yes", 2, False),
        ("private", "on", 3, False),
    ]
    # As before, a comment is not a sign (nor is code: tests/test_privacy.py).
    assert pairs("<!-- #private --> text\n") == []


def test_a_field_whose_value_is_inside_html_has_no_value() -> None:
    # The value is text inside an element, so it does not count; a field with no value is
    # passed over, as an unanswered template prompt is.
    assert pairs("empathy:: <mark>hollow</mark>\n") == [("empathy", "")]


def test_lines_are_counted_through_html_and_entities() -> None:
    body = (
        'a <span\nclass="x">b\n#recovery/none</span>\n#repair/attempted\n'
        "x <!-- a\nb --> #boundaries/respected\n"
    )
    found = scan_body(body)
    assert [(o.key, o.line) for o in found] == [("repair", 4), ("boundaries", 6)]
    # An entity for a line break is not one: the tag after it is on the line it is on.
    found = scan_body("a &#10;#boundaries/respected &NewLine;x\n#repair/attempted\n")
    assert [(o.key, o.line) for o in found] == [("boundaries", 1), ("repair", 2)]


def test_obsidian_comments_are_read_as_obsidian_reads_them() -> None:
    # Reading view hides `%% ... %%`, but Obsidian's own index keeps the tags inside, inline
    # and in a block (its metadata cache as the Obsidian Tasks project recorded it, Obsidian
    # 1.8.4), and Dataview reads inline fields in comment blocks; so they count here too.
    body = "Today %% #boundaries/crossed %% ok\n\n%%\nempathy:: hollow\n\n[repair:: ignored]\n%%\n"
    assert pairs(body) == [("boundaries", "crossed"), ("empathy", "hollow"), ("repair", "ignored")]


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


# A piece is one of the first sixteen half the time, any piece the other half.
PIECE_LISTS = st.lists(evenly(PIECES[:16], PIECES), max_size=20)


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
FIRST_WORDS = ("Today", "(repair:: attempted)", "#boundaries/respected", "empathy:: x")
LINE_ENDS = ("\n", "\n\n", "\n \n")


def _prose_line(parts: tuple[tuple[str, str, str], list[str]]) -> tuple[str, str]:
    """A line of words and white space after them, and its line break."""
    (first, trailing, end), words = parts
    return " ".join([first, *words]) + trailing, end


# A line's first word, the white space after its last and its line break in one draw (each
# as likely as when drawn one by one), then its other words.
PROSE_LINE = st.tuples(
    st.sampled_from(list(itertools.product(FIRST_WORDS, ("", " ", "  ", "\t", " \t "), LINE_ENDS))),
    st.lists(st.sampled_from(WORDS), max_size=6),
).map(_prose_line)


@given(st.lists(PROSE_LINE, min_size=1))
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
        "<span>#recovery/none</span> #repair/attempted",
        "a <br> empathy:: hollow",
        "[a](b) empathy:: hollow",
        "a *b* c",
        "a &amp; b",
        "a\\#b/c",
        "ends in a no-break space\u00a0",
    ):
        assert _plain_paragraphs(other) is None, other
        assert scan_body(other) == scan_body(other + "\n")  # still read, by the parser


# Words of a line wrapped in inline HTML, and HTML that holds nothing, put between words;
# each as it is written, as it reads (nothing, where it is HTML) and as its signs of
# privacy read (inside an element, not a comment, they count).
WRAPPERS = (
    "<span>{}</span>",
    "<B>{}</b>",
    "<b><i>{}</i></b>",
    '<span class="x">{}</span>',
    "<mark>{}</mark> ",
    "<!-- {} -->",
    "<u>{}<br></u>",
)
EMPTY_HTML = ("<br>", '<img src="x.png">', "<x/>", "</span>", "<!---->")
HTML_WORD = evenly(
    [(word, word, word) for word in WORDS],
    [
        (
            wrapper.format(word),
            "",
            word if word == "#private" and "<!--" not in wrapper else "",
        )
        for word in WORDS
        for wrapper in WRAPPERS
    ],
    [(html, "", "") for html in EMPTY_HTML],
)


def _html_line(
    parts: tuple[tuple[str, str], list[tuple[str, str, str]]],
) -> tuple[str, list[tuple[str, str, str]], str]:
    """A line's first word, its other words, and its line break."""
    (first, end), words = parts
    return first, words, end


# A line's first word and its line break in one draw, and the words between them.
HTML_LINE = st.tuples(
    st.sampled_from(list(itertools.product(FIRST_WORDS, LINE_ENDS))),
    st.lists(HTML_WORD, max_size=6),
).map(_html_line)


def _observed(body: str, *, private: bool) -> list[tuple[str, str, int, bool]]:
    """The body's signs of privacy, or everything else it holds, with runs of white space
    inside keys and values as one space."""
    return [
        (" ".join(o.key.split()), " ".join(o.value.split()), o.line, o.tag)
        for o in scan_body(body)
        if (o.key.lower() == "private") == private
    ]


@given(st.lists(HTML_LINE, min_size=1))
def test_html_reads_as_if_its_elements_were_not_there(
    lines: list[tuple[str, list[tuple[str, str, str]], str]],
) -> None:
    def body(version: int) -> str:
        return "".join(
            " ".join([first, *(word[version] for word in words)]) + end
            for first, words, end in lines
        )

    written = body(0)
    assert _observed(written, private=False) == _observed(body(1), private=False), written
    assert _observed(written, private=True) == _observed(body(2), private=True), written
