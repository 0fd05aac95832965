"""Links and paths in generated Markdown hold whatever a file name holds, and stay links."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import unquote

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from plainheal.entry import Entry
from plainheal.read.vault import read_journal
from plainheal.render.words import NO_DATA_WEEK, Linker, code, literal, sparkline, visible
from plainheal.summarize import summarize
from plainheal.write.generated import BEGIN, END

from conftest import WriteNote, entry

HOSTILE = [
    *("a|b", "x]]y", "[[z", "tag #private", "block ^ref", "two\nlines", "back`tick"),
    *("<!-- plainheal:end -->", "a\\b", "esc\x1b[31mred", "%%comment%%", "*star* _u_"),
]


def _entry(path: str) -> Entry:
    return Entry(path=path, date=dt.date(2026, 11, 20))


# Built once: a parser reads any number of texts, and building it cost more than a reading.
_COMMONMARK = MarkdownIt("commonmark").enable("table")


def _rendered_link(markdown: str) -> tuple[str, str]:
    """(href, text) of the one link `markdown` renders to, as CommonMark reads it."""
    tokens = _COMMONMARK.parseInline(markdown)[0].children or []
    opens = [t for t in tokens if t.type == "link_open"]
    assert len(opens) == 1, markdown
    start = tokens.index(opens[0])
    end = next(i for i, t in enumerate(tokens) if t.type == "link_close")
    text = "".join(t.content for t in tokens[start + 1 : end])
    return str(opens[0].attrGet("href")), text


def test_ordinary_names_are_wiki_links() -> None:
    linker = Linker([_entry("Journal/2026-11-20.md"), _entry("Journal/Evening walk.md")])
    assert linker.link("Journal/2026-11-20.md") == "[[2026-11-20]]"
    assert linker.link("Journal/Evening walk.md") == "[[Evening walk]]"


def test_a_name_other_notes_share_gets_its_path() -> None:
    entries = [_entry("Journal/a/2026-11-20.md"), _entry("Journal/b/2026-11-20.MD")]
    entries += [_entry("Journal/2026-11-21.md"), _entry("Journal/2026-11-22.md")]
    linker = Linker(entries, shared=frozenset({"2026-11-21"}))
    assert linker.link("Journal/a/2026-11-20.md") == "[[Journal/a/2026-11-20]]"  # two entries
    assert linker.link("Journal/b/2026-11-20.MD") == "[[Journal/b/2026-11-20]]"
    assert linker.link("Journal/2026-11-21.md") == "[[Journal/2026-11-21]]"  # and another note
    assert linker.link("Journal/2026-11-22.md") == "[[2026-11-22]]"


def test_the_vault_s_shared_names_reach_the_summaries(vault: Path, write: WriteNote) -> None:
    write("plainheal.toml", 'journal = ["Journal"]\n')
    write("Journal/2026-11-20.md", entry("2026-11-20", safety=3, boundaries="crossed"))
    write("Journal/2026-11-21.md", entry("2026-11-21", safety=3, boundaries="crossed"))
    write("Work/2026-11-21.md", "meeting notes, not an entry\n")
    journal = read_journal(vault)
    assert journal.shared_names == frozenset({"2026-11-21"})
    summarize(vault)
    overview = (vault / "Patterns/Overview.md").read_text()
    assert "[[Journal/2026-11-21]]" in overview and "[[2026-11-21]]" not in overview
    month = (vault / "Patterns/Months/2026-11.md").read_text()
    assert "[[Journal/2026-11-21]]" in month and "[[2026-11-20]]" in month


_names = st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=30)).filter(
    lambda name: "/" not in name and name.strip() == name and name not in (".", "..")
)


@given(_names)
def test_any_name_gives_one_working_link(name: str) -> None:
    path = f"Journal/{name}.md"
    link = Linker([_entry(path)]).link(path)
    if link.startswith("[["):
        assert link == f"[[{name}]]" and not any(c in name for c in "|[]#^\n<>`")
        return
    href, text = _rendered_link(link)
    assert unquote(href) == path
    assert text == visible(name)
    assert "\n" not in link and BEGIN not in link and END not in link


def test_names_in_code_and_text_cannot_break_out() -> None:
    assert code("we`ird\npath") == "``we`ird\ufffdpath``"
    assert code("`edge`") == "`` `edge` ``"
    assert "\x1b" not in code("esc\x1b[31m") and "\x1b" not in literal("esc\x1b[31m")
    for name in HOSTILE:
        assert END not in literal(name) and "|" not in literal(name) and "[" not in literal(name)


def test_a_file_name_holding_a_marker_does_not_wedge_its_pages(
    vault: Path, write: WriteNote
) -> None:
    for name in ("x <!-- plainheal:end -->", "y <!-- plainheal:begin -->", "a|b ]] #c"):
        write(f"Journal/{name}.md", entry("2026-11-02", safety=4, boundaries="crossed"))
    write("Journal/z (conflicted copy <!-- plainheal:end -->).md", "copy\n")
    write("Journal/z.md", entry("2026-11-03", safety=4))
    first = summarize(vault)
    assert all(f.status == "created" for f in first.files)
    write("Journal/2026-11-04.md", entry("2026-11-04", safety=2, boundaries="crossed"))
    again = summarize(vault)
    assert not [f for f in again.files if f.status == "skipped"]
    for page in (vault / "Patterns").rglob("*.md"):
        text = page.read_text()
        assert text.count(BEGIN) == 1 and text.count(END) == 1
        assert "[[x <!--" not in text and "[[a|b" not in text


def test_a_mixed_week_sits_in_the_middle() -> None:
    assert sparkline([-1.0, 0.0, 1.0, None]) == f"▁▄▇{NO_DATA_WEEK}"
    assert sparkline([-0.5, 0.5]) == "▂▆"


@given(st.floats(-1, 1))
def test_the_sparkline_is_symmetric(value: float) -> None:
    marks = "▁▂▃▄▅▆▇"
    up, down = marks.index(sparkline([value])), marks.index(sparkline([-value]))
    assert up - 3 == 3 - down


def test_a_difference_is_the_one_a_reader_can_check_from_the_means_shown() -> None:
    from plainheal.render.words import mean, shown_difference

    assert (mean(2.84), mean(2.66)) == ("2.8", "2.7")
    assert shown_difference(2.84, 2.66) == -0.1  # not −0.18, shown as −0.2
    assert shown_difference(None, 3.0) is None
    assert (mean(1.95), mean(2.04), shown_difference(1.95, 2.04)) == ("1.9", "2.0", 0.1)


def test_a_week_leaning_either_way_never_shows_as_even() -> None:
    assert sparkline([0.1, -0.1, 0.0]) == "▅▃▄"
