import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plainheal.builtin import VOCABULARY
from plainheal.entry import FileResult
from plainheal.read.parse import parse_file

GOOD = """---
date: 2026-11-20
accountability: full
transparency: proactive
recovery: sustained
empathy: hollow
repair: attempted
boundaries: respected
safety: 3
connection: 2
regulation: 4
needs_met: [validation, patience]
needs_unmet: [reassurance]
---
He showed me his phone before I asked.
"""


def parse(text: str | bytes, path: str = "Journal/2026-11-20.md") -> FileResult:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_file(path, data, VOCABULARY)


def codes(result: FileResult) -> list[str]:
    return [p.code for p in result.problems]


def test_a_full_entry() -> None:
    result = parse(GOOD)
    assert result.problems == ()
    entry = result.entry
    assert entry is not None
    assert entry.date == dt.date(2026, 11, 20)
    assert entry.observations == {
        "accountability": ("full",),
        "boundaries": ("respected",),
        "empathy": ("hollow",),
        "recovery": ("sustained",),
        "repair": ("attempted",),
        "transparency": ("proactive",),
    }
    assert entry.ratings == {"connection": 2, "regulation": 4, "safety": 3}
    assert entry.checklists == {
        "needs_met": ("patience", "validation"),
        "needs_unmet": ("reassurance",),
    }


def test_all_three_ways_mean_the_same() -> None:
    prop = parse("---\ndate: 2026-11-20\ntransparency: volunteered\n---\n").entry
    tag = parse("---\ndate: 2026-11-20\ntags: [transparency/proactive]\n---\n").entry
    colon_tag = parse(
        "---\ndate: 2026-11-20\ntags: 'journal, #transparency:proactive'\n---\n"
    ).entry
    body_tag = parse("---\ndate: 2026-11-20\n---\nx #transparency/proactive\n").entry
    field = parse("---\ndate: 2026-11-20\n---\ntransparency:: proactive\n").entry
    assert prop and tag and colon_tag and body_tag and field
    for entry in (prop, tag, colon_tag, body_tag, field):
        assert entry.observations == {"transparency": ("proactive",)}


def test_a_tags_list_item_is_one_tag_spaces_and_all() -> None:
    result = parse(
        '---\ndate: 2026-11-20\ntags: ["transparency/when asked", "empathy:shut down"]\n---\n'
    )
    assert result.problems == ()
    assert result.entry is not None
    assert result.entry.observations == {
        "empathy": ("dismissive",),
        "transparency": ("on-request",),
    }
    block = parse("---\ndate: 2026-11-20\ntags:\n  - '#transparency/when asked'\n---\n")
    assert block.problems == () and block.entry is not None
    assert block.entry.observations == {"transparency": ("on-request",)}


def test_a_tags_string_still_splits_on_commas_and_spaces() -> None:
    result = parse(
        "---\ndate: 2026-11-20\ntags: 'journal, transparency/proactive empathy:hollow'\n---\n"
    )
    assert result.problems == ()
    assert result.entry is not None
    assert result.entry.observations == {
        "empathy": ("hollow",),
        "transparency": ("proactive",),
    }
    spaced = parse("---\ndate: 2026-11-20\ntags: transparency/when asked\n---\n")
    assert codes(spaced) == ["unknown-value"]
    # `when` is no slip of a value (only of the alias `when-asked`): described, not named.
    assert "a word (not repeated here)" in spaced.problems[0].message
    assert "did you mean 'on-request'?" in spaced.problems[0].message


def test_a_private_word_inside_a_tags_list_item_still_makes_the_entry_private() -> None:
    result = parse("---\ndate: 2026-11-20\ntags: ['journal private']\n---\n")
    assert result.entry is not None and result.entry.private


def test_a_list_of_values_and_mixed_sources() -> None:
    entry = parse(
        "---\ndate: 2026-11-20\nempathy: [hollow, connected]\n---\n#empathy/hollow\n"
    ).entry
    assert entry is not None
    assert entry.observations == {"empathy": ("connected", "hollow")}


def test_inline_html_hides_observations_but_not_privacy() -> None:
    body = "<span>#recovery/none</span> text <b>[empathy:: hollow]</b> #repair/attempted\n"
    entry = parse("---\ndate: 2026-11-20\n---\n" + body).entry
    assert entry is not None and not entry.private
    assert entry.observations == {"repair": ("attempted",)}
    marked = parse("---\ndate: 2026-11-20\nsafety: 3\n---\nA hard day <mark>#private</mark>\n")
    assert marked.entry is not None and marked.entry.private


def test_keys_fold_case_and_separators() -> None:
    entry = parse("---\ndate: 2026-11-20\nNeeds Met: [Validation]\nSafety: 4\n---\n").entry
    assert entry is not None
    assert entry.checklists == {"needs_met": ("validation",)}
    assert entry.ratings == {"safety": 4}


def test_date_from_file_name_when_no_property() -> None:
    entry = parse("---\nsafety: 2\n---\n", path="Daily/2026-03-04.md").entry
    assert entry is not None and entry.date == dt.date(2026, 3, 4)


def test_a_note_without_date_or_observation_is_not_an_entry() -> None:
    result = parse("---\ntitle: Shopping\n---\nmilk\n", path="Shopping.md")
    assert result.entry is None and result.problems == ()


def test_observations_without_a_date_are_reported() -> None:
    result = parse("---\nsafety: 2\n---\n", path="Thoughts.md")
    assert result.entry is not None and result.entry.date is None
    assert codes(result) == ["no-date"]


def test_generated_files_are_not_entries() -> None:
    result = parse("---\nplainheal: generated\ndate: 2026-11-20\nsafety: 3\n---\n")
    assert result.entry is None and result.generated


def test_empty_values_are_unanswered_not_problems() -> None:
    result = parse("---\ndate: 2026-11-20\nempathy:\nsafety:\nneeds_met: []\n---\n")
    assert result.problems == ()
    assert result.entry is not None and result.entry.observations == {}


def test_private_and_share_flags() -> None:
    entry = parse("---\ndate: 2026-11-20\nprivate: true\nshare: false\n---\n").entry
    assert entry is not None and entry.private and not entry.share


# --- bad input: every case names the problem, and the rest of the entry is kept -------------


def test_malformed_yaml() -> None:
    result = parse("---\ndate: 2026-11-20\nsafety: [3\n---\n")
    assert result.entry is None
    (problem,) = result.problems
    assert (problem.code, problem.severity) == ("yaml-syntax", "error")
    assert problem.line is not None and problem.line >= 3


def test_frontmatter_that_is_not_a_mapping() -> None:
    result = parse("---\n- a\n- b\n---\n")
    assert codes(result) == ["frontmatter-not-mapping"]


def test_keys_python_frontmatter_trips_on() -> None:
    result = parse("---\ndate: 2026-11-20\ncontent: x\n1: y\n2026: z\nsafety: 3\n---\n")
    assert result.problems == ()
    assert result.entry is not None and result.entry.ratings == {"safety": 3}


def test_impossible_date_falls_back_to_the_file_name() -> None:
    result = parse("---\ndate: 2026-02-30\nsafety: 3\n---\n", path="2026-03-01.md")
    assert codes(result) == ["invalid-date"]
    assert result.problems[0].line == 2
    assert "2026-03-01" in result.problems[0].message
    assert result.entry is not None and result.entry.date == dt.date(2026, 3, 1)


def test_impossible_date_without_fallback_leaves_the_entry_undated() -> None:
    # One problem for one cause: the date written is not a day; "add a date" would tell
    # someone who wrote one to write one (user trial F10).
    for written in ("2026-02-30", "May 3, 2026", "[2026-06-28]", "1850-01-01"):
        result = parse(f"---\ndate: {written}\nsafety: 3\n---\n", path="note.md")
        assert len(codes(result)) == 1, written
        assert codes(result)[0] in ("invalid-date", "date-out-of-range"), written
        assert "left out of every time series" in result.problems[0].message
        assert result.entry is not None and result.entry.date is None
    # With no date written at all, `no-date` says to add one.
    undated = parse("---\nsafety: 3\n---\n", path="note.md")
    assert codes(undated) == ["no-date"]


def test_bom_and_crlf_are_read_normally() -> None:
    result = parse(("\ufeff" + GOOD).replace("\n", "\r\n"))
    assert result.problems == ()
    assert result.entry is not None and result.entry.ratings["safety"] == 3


def test_non_utf8_bytes_name_the_line() -> None:
    data = b"---\ndate: 2026-11-20\nsafety: 3\n---\nCaf\xe9\n"
    result = parse(data)
    assert result.entry is None
    (problem,) = result.problems
    assert (problem.code, problem.line) == ("not-utf8", 5)


def test_empty_file_with_a_dated_name() -> None:
    result = parse(b"", path="2026-11-20.md")
    assert codes(result) == ["empty"]
    assert result.entry is not None and result.entry.observations == {}


def test_empty_file_without_a_date_is_passed_over() -> None:
    assert parse(b"", path="Untitled.md") == FileResult(None)


def test_binary_file_named_md() -> None:
    result = parse(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert codes(result) == ["binary"]


def test_a_five_megabyte_entry_is_read() -> None:
    body = ("We talked for a long time. " * 40 + "\n\n") * 4700
    result = parse(GOOD + body)
    assert len(GOOD + body) > 5_000_000
    assert result.problems == ()
    assert result.entry is not None and result.entry.ratings["safety"] == 3


def test_out_of_range_rating_is_dropped_and_the_rest_kept() -> None:
    result = parse("---\ndate: 2026-11-20\nsafety: 9\nconnection: two\nempathy: connected\n---\n")
    assert codes(result) == ["rating-out-of-range", "rating-not-a-number"]
    assert [p.line for p in result.problems] == [3, 4]
    assert result.entry is not None
    assert result.entry.ratings == {}
    assert result.entry.observations == {"empathy": ("connected",)}


def test_unknown_properties_are_ignored_silently() -> None:
    result = parse("---\ndate: 2026-11-20\nmood: grey\nweather: rain\n---\n")
    assert result.problems == ()


def test_unknown_value_warns_with_did_you_mean_and_no_journal_text() -> None:
    result = parse(
        "---\ndate: 2026-11-20\ntransparency: proactve\n---\n"
        "empathy:: he said all the right words but it felt like a script\n"
    )
    assert codes(result) == ["unknown-value", "unknown-value"]
    first, second = result.problems
    assert "did you mean 'proactive'?" in first.message and first.line == 3
    assert second.line == 5
    assert "script" not in second.message


def test_unknown_checklist_item() -> None:
    result = parse("---\ndate: 2026-11-20\nneeds_met: [validaton, patience]\n---\n")
    assert codes(result) == ["unknown-item"]
    assert "did you mean 'validation'?" in result.problems[0].message
    assert result.entry is not None and result.entry.checklists == {"needs_met": ("patience",)}


@settings(max_examples=300)
@given(st.binary(max_size=400))
def test_reading_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    result = parse(b"---\n" + data)
    assert isinstance(result, FileResult)


@settings(max_examples=300)
@given(st.text(max_size=300))
def test_reading_never_raises_on_arbitrary_text(text: str) -> None:
    assert isinstance(parse(text), FileResult)
    assert isinstance(parse("---\n" + text + "\n---\n" + text), FileResult)


def test_an_impossible_date_in_the_file_name_is_named() -> None:
    result = parse("---\nsafety: 2\n---\n", path="Journal/2026-09-31.md")
    assert codes(result) == ["invalid-date"]
    assert result.problems[0].severity == "error"
    assert "fits the date format YYYY-MM-DD but is not a real calendar date" in (
        result.problems[0].message
    )


def test_a_name_in_the_vaults_format_gives_the_date() -> None:
    data = b"---\nsafety: 2\n---\nwords\n"
    result = parse_file("Journal/03.02.2021.md", data, VOCABULARY, ("DD.MM.YYYY",))
    assert result.entry is not None and result.entry.date == dt.date(2021, 2, 3)
    assert result.problems == ()
    undated = parse_file("Journal/03.02.2021.md", data, VOCABULARY)
    assert undated.entry is not None and undated.entry.date is None
    assert "list it in `date_formats` of plainheal.toml" in undated.problems[0].message


def test_the_date_property_wins_over_the_name() -> None:
    data = b"---\ndate: 2021-02-04\nsafety: 2\n---\n"
    result = parse_file("Journal/03.02.2021.md", data, VOCABULARY, ("DD.MM.YYYY",))
    assert result.entry is not None and result.entry.date == dt.date(2021, 2, 4)
    impossible = parse_file("Journal/31.02.2021.md", data, VOCABULARY, ("DD.MM.YYYY",))
    assert impossible.problems == ()


def test_an_impossible_day_in_the_vaults_format_is_named_even_without_observations() -> None:
    result = parse_file("Journal/31.02.2026.md", b"Dear diary\n", VOCABULARY, ("DD.MM.YYYY",))
    assert result.entry is None
    assert [(p.code, p.severity) for p in result.problems] == [("invalid-date", "warning")]
    message = result.problems[0].message
    assert "fits the date format DD.MM.YYYY" in message and "Dear" not in message


def test_a_sentence_where_a_value_belongs_says_where_the_rest_goes() -> None:
    result = parse('---\nempathy: "hollow: he said sorry, then left"\n---\n')
    (problem,) = result.problems
    assert problem.code == "unknown-value"
    assert problem.message == (
        "empathy: a sentence (not repeated here) is not one of connected, hollow, dismissive; "
        "write one of these words, and the rest below the properties"
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        # A near miss of a vocabulary word is named, with its did-you-mean.
        ("transparency: proactve", "transparency: 'proactve' is not one of proactive, "
         "on-request, withheld; did you mean 'proactive'?"),
        ("needs_met: [patiense]", "needs_met: 'patiense' is not one of validation, "
         "transparency, vulnerability, patience, reassurance; did you mean 'patience'?"),
        # Any other word may be a name or a feeling: described, never repeated.
        ("transparency: Jessica", "transparency: a word (not repeated here) is not one of "
         "proactive, on-request, withheld"),
        ("empathy: cheated", "empathy: a word (not repeated here) is not one of connected, "
         "hollow, dismissive"),
        ("needs_met: [Val]", "needs_met: a word (not repeated here) is not one of "
         "validation, transparency, vulnerability, patience, reassurance; did you mean "
         "'validation'?"),  # a name that only starts like a word is not named
        ("needs_met: [Jessica]", "needs_met: a word (not repeated here) is not one of "
         "validation, transparency, vulnerability, patience, reassurance"),
        ("safety: terrified", "safety: a word (not repeated here) should be a whole number "
         "from 1 to 5"),
        # A number says what is wrong and nothing of the journal.
        ("safety: 3.5", "safety: '3.5' should be a whole number from 1 to 5"),
    ],
)  # fmt: skip
def test_a_word_is_named_only_as_an_attempt_at_a_vocabulary_word(line: str, message: str) -> None:
    result = parse(f"---\ndate: 2026-11-20\n{line}\n---\n")
    assert [problem.message for problem in result.problems] == [message]


def test_another_form_of_a_value_is_that_value() -> None:
    result = parse("---\naccountability: deflected\nboundaries: crossing\n---\n")
    assert result.problems == ()
    assert result.entry is not None
    assert result.entry.observations == {
        "accountability": ("deflecting",),
        "boundaries": ("crossed",),
    }


def test_events_are_read_as_labels_in_order_without_repeats() -> None:
    one = parse("---\ndate: 2026-11-20\nevent: disclosure\n---\n")
    assert one.entry is not None and one.entry.events == ("disclosure",)
    several = parse("---\nevent: [therapy,  first   session , therapy]\nsafety: 3\n---\n")
    assert several.entry is not None and several.entry.events == ("therapy", "first session")
    assert several.problems == ()


def test_an_event_is_never_scored_or_counted_as_an_observation() -> None:
    result = parse("---\nevent: discovery\n---\n")
    assert result.entry is not None
    assert result.entry.observations == {} and result.entry.ratings == {}


def test_a_sentence_as_an_event_is_not_kept_nor_repeated() -> None:
    sentence = "he told me everything about the trip to Lisbon last spring finally"
    result = parse(f"---\ndate: 2026-11-20\nevent: [therapy, {sentence}]\n---\n")
    assert result.entry is not None and result.entry.events == ("therapy",)
    assert codes(result) == ["event-not-a-label"]
    assert result.problems[0].line == 3
    assert "Lisbon" not in result.problems[0].message


def test_remembered_frontmatter_lines_read_the_same_every_time() -> None:
    from plainheal.read import properties, simple_yaml

    simple = "empathy: hollow\nneeds_met:\n  - patience\nsafety: 3"
    other = "empathy: hollow # a comment\nsafety: 3"  # not simple: YAML proper reads it
    first = [properties.load_frontmatter(text).value for text in (simple, other)]
    again = [properties.load_frontmatter(text).value for text in (simple, other)]
    assert (
        first
        == again
        == [
            {"empathy": "hollow", "needs_met": ["patience"], "safety": 3},
            {"empathy": "hollow", "safety": 3},
        ]
    )
    for day in range(5000):  # the memory of lines stays bounded
        properties.load_frontmatter(f"date: d{day}\nempathy: hollow")
    assert len(simple_yaml._LINES) <= 4096
    assert properties.load_frontmatter("date: d4999\nempathy: hollow").value == {
        "date": "d4999",
        "empathy": "hollow",
    }
