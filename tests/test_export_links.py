"""A shared entry's links to private entries, as the report shows them. Pure."""

from __future__ import annotations

import posixpath
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plainheal.read.linked import aliases_of
from plainheal.render.report_links import (
    PRIVATE_LINK,
    PrivateTargets,
    folded_path,
    free_aliases,
    hide_private_links,
    link_targets,
)

PRIVATE = PrivateTargets.of(
    ["Journal/2026-01-05 the night he left.md", "Journal/Sub/Sunday.md", "Journal/Édith.md"]
)
SOURCE = "Journal/2026-01-06.md"


@pytest.mark.parametrize(
    "link",
    [
        "[[2026-01-05 the night he left]]",
        "![[2026-01-05 the night he left]]",
        "[[2026-01-05 the night he left|that night]]",
        "[[2026-01-05 the night he left#What he said]]",
        "[[2026-01-05 the night he left#^a1b2c3]]",
        "![[2026-01-05 the night he left#What he said|the words]]",
        "[[2026-01-05 the night he left\\|in a table]]",
        "[[ 2026-01-05 THE NIGHT HE LEFT.md ]]",
        "[[Journal/2026-01-05 the night he left]]",
        "[[./2026-01-05 the night he left]]",
        "[[../Journal/2026-01-05 the night he left]]",
        "[[Sub/Sunday]]",
        "[[Sunday]]",
        "[[E\u0301dith]]",  # the same name, its accent written as two code points
        "[[/Journal/Sub/Sunday.md]]",
        "[that night](2026-01-05%20the%20night%20he%20left.md)",
        "[2026-01-05 the night he left](<Journal/2026-01-05 the night he left.md>)",
        '![the page](Sub/Sunday.md#Morning "title")',
        "[[[2026-01-05 the night he left]]]",
    ],
)
def test_a_link_or_embed_of_a_private_entry_is_shown_as_one(link: str) -> None:
    shown = hide_private_links(f"Still thinking about {link} today.", SOURCE, PRIVATE)
    assert shown.count(PRIVATE_LINK) == 1
    for trace in ("night", "2026-01-05", "Sunday", "dith", "that", "table", "words", "title"):
        assert trace not in shown, link


@pytest.mark.parametrize(
    "link",
    [
        "[[2026-01-05]]",
        "[[2026-01-05 the night he left too]]",
        "[[Notes/Sunday]]",  # a path to another note of that name
        "[[Other/2026-01-05 the night he left]]",
        "[[#A heading of this entry]]",
        "[[Plans|2026-01-05 the night he left]]",  # its alias is the person's own words
        "[that night](https://example.org/2026-01-05%20the%20night%20he%20left.md)",
        "[Sunday](Notes/Sunday.md)",
        "2026-01-05 the night he left",  # words, not a link
        "[[unfinished 2026-01-05 the night he left",
    ],
)
def test_other_links_and_words_stay_as_they_are(link: str) -> None:
    text = f"Still thinking about {link} today.\n"
    assert hide_private_links(text, SOURCE, PRIVATE) == text


def test_no_private_entries_leave_the_text_as_it_is() -> None:
    text = "[[2026-01-05 the night he left]]"
    assert hide_private_links(text, SOURCE, PrivateTargets.of([])) == text


def test_every_link_of_a_text_is_looked_at() -> None:
    text = "[[Sunday]], [[Plans]] and ![[2026-01-05 the night he left]]\n`[[Sunday]]`\n"
    shown = hide_private_links(text, SOURCE, PRIVATE)
    assert shown == (f"{PRIVATE_LINK}, [[Plans]] and {PRIVATE_LINK}\n`{PRIVATE_LINK}`\n")


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        # A reference link's definition: its line goes, the link's own words stay.
        ("Ref [that night][n]\n\n[n]: <2026-01-05 the night he left.md>\n",
         f"Ref [that night][n]\n\n{PRIVATE_LINK}\n"),
        ("[n]: Journal/2026-01-05%20the%20night%20he%20left.md \"t\"\n", f"{PRIVATE_LINK}\n"),
        # "Copy Obsidian URL", bare or in a Markdown link.
        ("See obsidian://open?vault=v&file=Journal%2F2026-01-05%20the%20night%20he%20left now",
         f"See {PRIVATE_LINK} now"),
        ("[it](obsidian://open?vault=v&file=2026-01-05%20the%20night%20he%20left.md)",
         PRIVATE_LINK),
        # HTML the person wrote, shown as text in the report.
        ('<a href="2026-01-05 the night he left.md">x</a>', f"<a {PRIVATE_LINK}>x</a>"),
        ("<img src='Journal/Sub/Sunday.md'>", f"<img {PRIVATE_LINK}>"),
        # A `file:` address: a whole path, ending in a private entry's, percent-decoded.
        ("[t](file:///home/me/vault/Journal/2026-01-05%20the%20night%20he%20left.md)",
         PRIVATE_LINK),
        ("[t](<FILE://localhost/C:/Users/me/vault/Journal/Sub/Sunday.md?x#y>)", PRIVATE_LINK),
        ("[t](file:/home/me/vault/Journal/%C3%89dith.md)", PRIVATE_LINK),
        ('<img src="file:///home/me/vault/Journal/Sub/Sunday.md">', f"<img {PRIVATE_LINK}>"),
        ("<a href=file:///home/me/vault/Journal/Sub/Sunday>x</a>", f"<a {PRIVATE_LINK}>x</a>"),
        ("[n]: file:///home/me/vault/Journal/Sub/Sunday.md\n", f"{PRIVATE_LINK}\n"),
        # A `?query` after the path, with a `#heading` too.
        ("[s](Journal/Sub/Sunday.md?x=1)", PRIVATE_LINK),
        ("[s](Sub/Sunday.md?x=1#Morning)", PRIVATE_LINK),
        ("[s](2026-01-05%20the%20night%20he%20left?a=b&c=d)", PRIVATE_LINK),
        ("<a href='Journal/Sub/Sunday.md?x=1'>x</a>", f"<a {PRIVATE_LINK}>x</a>"),
    ],
)  # fmt: skip
def test_other_ways_of_naming_a_private_entry_are_hidden_too(written: str, shown: str) -> None:
    assert hide_private_links(written, SOURCE, PRIVATE) == shown


@pytest.mark.parametrize(
    "written",
    [
        "[n]: https://example.com/2026-01-05 the night he left.md\n",
        "obsidian://open?vault=v&file=Journal%2FOther.md",
        '<a href="https://example.org">x</a>',
        "<img src='picture.png'>",
        "[t](file:///home/me/vault/Journal/Other.md)",
        "[t](file:///home/me/vault/Notes/Sunday.md?x=1)",
        "<img src='file:///home/me/picture.png'>",
        "[s](Notes/Sunday.md?x=1)",
        "[s](Journal/Sub/Sunday.md.bak?x=1)",
    ],
)
def test_other_addresses_stay_as_written(written: str) -> None:
    assert hide_private_links(written, SOURCE, PRIVATE) == written


@pytest.mark.parametrize(
    "written",
    [
        "[a](2026-01-05%20the%20night%20(he%20left).md)",  # a destination with ( )
        "[a](2026-01-05%20the%20night%20\\(he%20left\\).md)",  # the same, escaped
        "[a](obsidian://open?vault=v&file=Journal%2F2026-01-05%20the%20night%20(he%20left))",
        "URL obsidian://open?vault=v&file=Journal%2F2026-01-05%20the%20night%20(he%20left) here",
        "<obsidian://open?vault=v&file=2026-01-05%20the%20night%20(he%20left)>",
        "obsidian://open?path=%2Fhome%2Fme%2Fvault%2FJournal%2FSub%2FSunday.md",
        "obsidian://adv-uri?vault=v&filepath=Journal%2FSub%2FSunday.md",
        "obsidian://open?vault=v&file=Journal%2F%C3%89dith's",
        "obsidian://vault/my%20vault/Journal/Sub/Sunday",
        "obsidian:///home/me/vault/Journal/Sub/Sunday.md",
        '<a href="obsidian://open?vault=v&amp;file=Journal%2FSub%2FSunday">x</a>',
    ],
)
def test_addresses_with_parentheses_quotes_or_whole_paths_are_hidden(written: str) -> None:
    private = PrivateTargets.of(
        ["Journal/2026-01-05 the night (he left).md", "Journal/Sub/Sunday.md", "Journal/Édith's.md"]
    )
    shown = hide_private_links(written, SOURCE, private)
    assert "night" not in shown and "Sunday" not in shown and "dith" not in shown, shown
    assert PRIVATE_LINK in shown


@pytest.mark.parametrize("end", ["!", ")", "'", "."])
def test_a_name_ending_in_punctuation_is_hidden_in_an_address(end: str) -> None:
    name = f"2026-01-05 he said yes{end}"
    private = PrivateTargets.of([f"Journal/{name}.md"])
    url = f"obsidian://open?vault=v&file=Journal%2F{name.replace(' ', '%20')}"
    for written in (url, f"[a]({url})", f"see {url} now"):
        assert "said" not in hide_private_links(written, SOURCE, private), written


def test_many_closing_parentheses_take_linear_time() -> None:
    # Each `)` after an address is looked at once (this took minutes on 300 KB before).
    text = "obsidian://open?vault=v&file=x" + ")" * 200_000
    assert hide_private_links(text, SOURCE, PRIVATE) == text


# A private note's `aliases: [the night he left, Motel, Plans]`, in a vault with a note Plans.
BY_ALIAS = PrivateTargets.of(
    ["Journal/2026-01-05.md"],
    free_aliases(["the night he left", "Motel", "Plans"], ["Notes/Plans.md"]),
)


@pytest.mark.parametrize(
    "link",
    [
        "[[the night he left]]",
        "![[the night he left]]",
        "[[the night he left|that night]]",
        "![[The Night He Left#What he said|his words]]",
        "[[THE NIGHT HE LEFT]]",
        "[[ motel ]]",
        "[[Motel^a1b2]]",
        "[[the night he left\\|in a table]]",
    ],
)
def test_a_wiki_link_naming_a_private_note_by_its_alias_is_hidden(link: str) -> None:
    shown = hide_private_links(f"Still thinking about {link} today.", SOURCE, BY_ALIAS)
    assert shown == f"Still thinking about {PRIVATE_LINK} today."


@pytest.mark.parametrize(
    "link",
    [
        "[[Plans]]",  # a note of the vault bears that name: Obsidian opens that note
        "[[plans|the plans]]",
        "[that night](the%20night%20he%20left.md)",  # Obsidian resolves no alias here
        "[[the night he left too]]",
        "[[Notes/the night he left]]",
        "[[Plans|the night he left]]",  # the alias as a link's words: the person's own
    ],
)
def test_links_not_to_a_private_note_s_alias_stay(link: str) -> None:
    text = f"Still thinking about {link} today."
    assert hide_private_links(text, SOURCE, BY_ALIAS) == text


def test_an_alias_that_is_a_note_s_name_is_no_alias_whatever_the_case() -> None:
    assert free_aliases(
        ["plans", "Sunday", "Édith", "Motel"], ["Notes/Plans.md", "É.md", "Édith.md"]
    ) == (
        "Sunday",
        "Motel",
    )
    assert free_aliases(["Notes/Plans", "Sub/Plans"], ["Notes/Plans.md"]) == ("Sub/Plans",)


def test_a_private_note_with_aliases_only_hides_its_aliases() -> None:
    private = PrivateTargets.of([], ["Motel"])
    assert hide_private_links("[[motel]] and [[Plans]]", SOURCE, private) == (
        f"{PRIVATE_LINK} and [[Plans]]"
    )


def test_every_link_s_target_is_found() -> None:
    text = (
        "[[Secret]] ![[Other/Note#h|x]] [a](../Notes/Plain%20note.md) [[#heading]]\n"
        "[r]: <Notes/Ref.md>\nobsidian://open?vault=v&file=Notes%2FURL <a href='Notes/H.md'>\n"
        "[[Secret]] [w](https://example.org)\n"
    )
    assert link_targets(text) == (
        ("Secret", True),
        ("Other/Note", True),
        ("../Notes/Plain note.md", False),
        ("Notes/Ref.md", False),
        ("Notes/URL", False),
        ("Notes/H.md", False),
    )


def test_a_file_address_or_a_query_names_the_path_with_and_without_its_query() -> None:
    # Without it, as it is read; with it, should a file's name hold a `?`.
    assert link_targets("[a](file:///v/Notes/A%20b.md?x=1#h) [b](c%3F.md?y)") == (
        ("/v/Notes/A b.md", False),
        ("/v/Notes/A b.md?x=1", False),
        ("c?.md", False),
        ("c?.md?y", False),
    )
    assert hide_private_links("[a](What%3F.md)", SOURCE, PrivateTargets.of(["What?.md"])) == (
        PRIVATE_LINK
    )
    assert hide_private_links("[a](What?.md)", SOURCE, PrivateTargets.of(["What?.md"])) == (
        PRIVATE_LINK
    )


@pytest.mark.parametrize(
    ("frontmatter", "aliases"),
    [
        ({"aliases": ["the night he left", "Motel"]}, ("the night he left", "Motel")),
        ({"aliases": "the night he left"}, ("the night he left",)),
        ({"alias": "Sunday"}, ("Sunday",)),
        ({"Aliases": ["x"], "alias": ["y"]}, ("x", "y")),
        ({"aliases": "Motel, the night"}, ("Motel, the night", "Motel", "the night")),
        ({"aliases": [2026, "2026-01-05", None, ""]}, ("2026", "2026-01-05")),
        ({"aliases": None, "tags": ["motel"]}, ()),
    ],
)
def test_a_note_s_aliases_are_read_as_obsidian_reads_them(
    frontmatter: dict[str, object], aliases: tuple[str, ...]
) -> None:
    assert aliases_of(frontmatter) == aliases


_PART = st.sampled_from(["a", "B", "a b", "é", "2026-01-05", "..", "."])


@given(
    paths=st.lists(st.lists(_PART.filter(lambda p: p not in ("..", ".")), min_size=1, max_size=3)),
    target=st.lists(_PART, min_size=1, max_size=4),
    lead=st.sampled_from(["", "/", "./", "../", "/home/me/vault/"]),
    source=st.sampled_from(["x.md", "a/x.md", "a/B/x.md"]),
)
def test_the_notes_a_link_leads_to_are_every_path_it_may_name(
    paths: list[list[str]], target: list[str], lead: str, source: str
) -> None:
    notes = ["/".join(parts) + ".md" for parts in paths]
    wanted = lead + "/".join(target)
    # What a link may lead to, tried against every path (the index only narrows the search).
    folded = folded_path(wanted)
    expected: set[str] = set()
    if folded and "/" not in folded:
        expected = {folded_path(n) for n in notes if folded_path(n).rsplit("/", 1)[-1] == folded}
    elif folded:
        relative = posixpath.normpath(
            posixpath.join(posixpath.dirname(folded_path(source)), folded)
        )
        bare = re.sub(r"^(?:\.{1,2}/|/)+", "", folded)
        expected = {
            path
            for path in map(folded_path, notes)
            if path in (relative, bare) or path.endswith(f"/{bare}") or bare.endswith(f"/{path}")
        }
    assert PrivateTargets.of(notes).which(wanted, source) == expected
