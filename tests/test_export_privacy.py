"""Privacy in the therapist report, whatever the vault holds: an entry marked private in one
device's sync-conflict copy only, and a shared entry's links to private entries."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from plainheal.cli import main
from plainheal.entry import Problem
from plainheal.export import make_report
from plainheal.read.files import read_bytes
from plainheal.read.incremental import JournalState
from plainheal.read.vault import read_journal
from plainheal.render.report_links import PRIVATE_LINK

from conftest import WriteNote, entry

pytestmark = pytest.mark.slow

ORIGINAL = "Journal/2026-01-14.md"
COPY = "Journal/2026-01-14.sync-conflict-20260115-101010-ABCDEFG.md"
WORDS = "CONFWORD the words of the night"
EVENT = "confevent"


def export(vault: Path, tmp_path: Path, form: str, *args: str) -> str:
    """The report of the vault (Markdown or HTML) as text."""
    target = tmp_path / f"report.{form}"
    target.unlink(missing_ok=True)
    result = CliRunner().invoke(main, ["export", str(vault), "-o", str(target), *args])
    assert result.exit_code == 0, result.stderr
    return target.read_text(encoding="utf-8")


@pytest.fixture
def conflicted(vault: Path, write: WriteNote) -> Path:
    """Days around 2026-01-14; that day's entry is shared, has an event, crossed boundaries."""
    for day in (1, 2, 3, 4, 20, 21, 22, 23):
        date = f"2026-01-{day:02d}"
        write(f"Journal/{date}.md", entry(date, safety=3, boundaries="respected"))
    write(
        ORIGINAL,
        f"---\ndate: 2026-01-14\nsafety: 1\nboundaries: crossed\nshare: true\nevent: {EVENT}\n"
        f"---\n{WORDS}\n",
    )
    return vault


def assert_absent(report: str) -> None:
    for trace in (WORDS[:8], EVENT, "2026-01-14", "01-14", "Boundaries: crossed"):
        assert trace not in report


PRIVATE_COPIES = [
    f"---\ndate: 2026-01-14\nsafety: 1\nshare: true\nprivate: true\n---\n{WORDS}\n",
    f"---\ndate: 2026-01-14\nshare: true\ntags: [journal, private]\n---\n{WORDS}\n",
    f"---\ndate: 2026-01-14\nprivate: only for me\n---\n{WORDS}\n",
    f"---\ndate: 2026-01-14\n---\n{WORDS} #private\n",
    f"{WORDS}\n\n[private:: yes]\n",  # no frontmatter: the date is in the copy's name only
    "---\nprivate: true\n---\n",  # neither date nor observation: alone, not an entry
]


@pytest.mark.parametrize("form", ["md", "html"])
@pytest.mark.parametrize("copy", PRIVATE_COPIES)
def test_an_entry_whose_conflict_copy_is_private_is_private(
    conflicted: Path, write: WriteNote, tmp_path: Path, form: str, copy: str
) -> None:
    shown = export(conflicted, tmp_path, form)
    for trace in (WORDS, EVENT, "2026-01-14", "Boundaries: crossed"):
        assert trace in shown  # before the copy
    write(COPY, copy)
    report = export(conflicted, tmp_path, form)
    assert_absent(report)
    assert "1 entry marked private was left out" in report
    # Asked for the period that holds it, too.
    assert_absent(export(conflicted, tmp_path, form, "--since", "2026-01-10"))


UNREADABLE_COPIES = [
    b"\x00\x01binary\x00" * 10,
    b"---\ndate: 2026-01-14\n---\nnot UTF-8 \xff\xfe\n",
    b"---\ndate: 2026-01-14\nprivate: [true\n---\nwords\n",  # its frontmatter unreadable
]


@pytest.mark.parametrize("form", ["md", "html"])
@pytest.mark.parametrize("copy", UNREADABLE_COPIES)
def test_a_conflict_copy_that_cannot_be_read_makes_its_entry_private(
    conflicted: Path, tmp_path: Path, form: str, copy: bytes
) -> None:
    (conflicted / COPY).write_bytes(copy)
    report = export(conflicted, tmp_path, form)
    assert_absent(report)
    assert "1 entry marked private was left out" in report


def test_a_copy_far_too_large_to_read_makes_its_entry_private(
    conflicted: Path, tmp_path: Path
) -> None:
    (conflicted / COPY).write_bytes(b"x" * (9 * 1024 * 1024))  # over the 8 MB an entry may be
    assert_absent(export(conflicted, tmp_path, "md"))


@pytest.mark.parametrize("form", ["md", "html"])
def test_a_copy_of_a_copy_that_is_private_makes_the_entry_private(
    conflicted: Path, write: WriteNote, tmp_path: Path, form: str
) -> None:
    write(COPY, f"---\ndate: 2026-01-14\nsafety: 1\n---\n{WORDS}\n")
    assert WORDS in export(conflicted, tmp_path, form)
    write(COPY[:-3] + ".sync-conflict-20260114-101010-HIJKLMN.md", "---\nprivate: yes\n---\n")
    assert_absent(export(conflicted, tmp_path, form))


@pytest.mark.parametrize("form", ["md", "html"])
def test_a_copy_not_marked_private_changes_nothing(
    conflicted: Path, write: WriteNote, tmp_path: Path, form: str
) -> None:
    before = export(conflicted, tmp_path, form)
    write(COPY, "---\ndate: 2026-01-14\nsafety: 2\nprivate: false\n---\nother words\n")
    write("Journal/2026-01-20 (conflicted copy).md", "---\ndate: 2026-01-20\nsafety: 3\n---\n")
    assert export(conflicted, tmp_path, form) == before
    assert WORDS in before and "other words" not in before


@pytest.fixture
def linking(vault: Path, write: WriteNote) -> Path:
    """A shared entry linking to private entries (one shares its name with another note),
    to a note and to an entry that are not private."""
    for day in (1, 2, 3, 4, 20, 21):
        date = f"2026-01-{day:02d}"
        write(f"Journal/{date}.md", entry(date, safety=3))
    write("Journal/2026-01-07 the night he left.md", entry("2026-01-07", private="true"))
    write("Journal/Sunday.md", entry("2026-01-08", safety=2, tags=["journal", "private"]))
    write("Notes/Sunday.md", "Plans for a Sunday, not an entry.\n")
    write("Notes/Plans.md", "Plans, not an entry.\n")
    write(
        "Journal/2026-01-10.md",
        "---\ndate: 2026-01-10\nshare: true\nsafety: 2\n---\n"
        "Still thinking about [[2026-01-07 the night he left]] and "
        "![[2026-01-07 the night he left]].\n\n"
        "What he said: [[2026-01-07 the night he left#What he said|his words]].\n\n"
        "| day | note |\n| --- | --- |\n"
        "| then | [[2026-01-07 the night he left\\|that night]] |\n\n"
        "[[Sunday]] again, and [that night](2026-01-07%20the%20night%20he%20left.md).\n\n"
        "But also [[Plans]], [[Notes/Sunday]] and [[2026-01-03|the day before]].\n",
    )
    return vault


@pytest.mark.parametrize("form", ["md", "html"])
def test_a_shared_entry_s_links_to_private_entries_name_no_private_entry(
    linking: Path, tmp_path: Path, form: str
) -> None:
    report = export(linking, tmp_path, form)
    for trace in ("night", "2026-01-07", "01-07", "2026-01-08", "01-08"):
        assert trace not in report
    assert "[[Sunday]]" not in report and "his words" not in report
    assert report.count("(a private entry)") == 6
    assert "Still thinking about (a private entry) and (a private entry)." in report
    for kept in ("[[Plans]]", "[[Notes/Sunday]]", "|the day before]]"):
        assert kept in report
    assert "2 entries marked private were left out" in report


@pytest.mark.parametrize("form", ["md", "html"])
def test_a_link_to_an_entry_private_by_its_conflict_copy_names_no_private_entry(
    linking: Path, write: WriteNote, tmp_path: Path, form: str
) -> None:
    assert "|the day before]]" in export(linking, tmp_path, form)
    write("Journal/2026-01-03.sync-conflict-20260104-101010-ABCDEFG.md", "#private\n")
    report = export(linking, tmp_path, form)
    assert "2026-01-03" not in report and "the day before" not in report
    assert report.count("(a private entry)") == 7


def shared(write: WriteNote, words: str) -> None:
    """A shared entry on 2026-01-21 holding `words` (a line that links somewhere)."""
    write("Journal/2026-01-21.md", f"---\ndate: 2026-01-21\nshare: true\nsafety: 3\n---\n{words}\n")


@pytest.mark.parametrize("form", ["md", "html"])
def test_a_link_to_the_conflict_copy_of_a_private_entry_names_no_private_entry(
    linking: Path, write: WriteNote, tmp_path: Path, form: str
) -> None:
    copy = "2026-01-07 the night he left.sync-conflict-20260108-101010-ABCDEFG"
    write(f"Journal/{copy}.md", entry("2026-01-07", private="true"))
    shared(write, f"Again [[{copy}]] today.")
    report = export(linking, tmp_path, form)
    assert "night" not in report and "Again (a private entry) today." in report


@pytest.mark.parametrize("form", ["md", "html"])
def test_a_link_to_a_private_note_that_is_no_entry_names_it_not(
    linking: Path, write: WriteNote, tmp_path: Path, form: str
) -> None:
    write("Notes/The night he left.md", "---\nprivate: true\n---\nWhat I cannot say yet.\n")
    shared(write, "Thinking of [[The night he left]].")
    report = export(linking, tmp_path, form)
    assert "night" not in report and "Thinking of (a private entry)." in report
    # And a link to its sync-conflict copy.
    copy = "The night he left.sync-conflict-20260122-101010-ABCDEFG"
    write(f"Notes/{copy}.md", "---\nprivate: true\n---\nWhat I cannot say yet.\n")
    shared(write, f"Thinking of [[{copy}]].")
    report = export(linking, tmp_path, form)
    assert "night" not in report and "Thinking of (a private entry)." in report


@pytest.mark.parametrize("form", ["md", "html"])
def test_a_link_to_a_private_entry_that_cannot_be_read_names_it_not(
    linking: Path, write: WriteNote, tmp_path: Path, form: str
) -> None:
    # A slip in its frontmatter: not an entry, but it says it is private, so no export names it.
    write("Journal/2026-01-09 the motel.md", "---\nprivate: true\nempathy: hollow: no\n---\nx\n")
    shared(write, "After [[2026-01-09 the motel]].")
    report = export(linking, tmp_path, form)
    assert "motel" not in report and "After (a private entry)." in report


@pytest.fixture
def aliased(linking: Path, write: WriteNote) -> Path:
    """The private entries of `linking` known by aliases too: a list (one of them the name of
    a note that is not private), and the older `alias:` as a single text; and a private note
    that is no entry, with an alias."""
    write(
        "Journal/2026-01-07 the night he left.md",
        "---\ndate: 2026-01-07\nprivate: true\naliases:\n  - The motel\n  - Plans\n---\nx\n",
    )
    write(
        "Journal/Sunday.md",
        "---\ndate: 2026-01-08\nsafety: 2\ntags: [journal, private]\nalias: that Sunday\n---\n",
    )
    write("Journal/Thoughts.md", "---\nprivate: true\naliases: [Dark days]\n---\nx\n")
    return linking


@pytest.mark.parametrize("form", ["md", "html"])
def test_a_link_to_a_private_entry_by_its_alias_names_it_not(
    aliased: Path, write: WriteNote, tmp_path: Path, form: str
) -> None:
    before = export(aliased, tmp_path, form).count("(a private entry)")
    shared(
        write,
        "Back at [[the motel]], ![[THE MOTEL]] and [[The Motel|that place]]; "
        "[[that sunday#Morning|that day]], [[dark DAYS]]. [[Plans]] and [[plans|our plans]] stay.",
    )
    report = export(aliased, tmp_path, form)
    for trace in ("otel", "that place", "that sunday", "morning", "that day", "ark days"):
        assert trace not in report.lower()
    assert report.count("(a private entry)") == before + 5
    assert "Back at (a private entry), (a private entry) and (a private entry);" in report
    # `Plans` is an alias of a private entry and the name of a note (Notes/Plans.md), to
    # which Obsidian takes the link: it is shown as written.
    assert "[[Plans]] and [[plans|our plans]] stay." in report


@pytest.mark.parametrize("form", ["md", "html"])
def test_a_link_by_the_alias_of_an_entry_private_by_its_conflict_copy_names_it_not(
    aliased: Path, write: WriteNote, tmp_path: Path, form: str
) -> None:
    write("Journal/2026-01-03.md", "---\ndate: 2026-01-03\nsafety: 3\nalias: the dinner\n---\n")
    shared(write, "Since [[the dinner]].")
    assert "Since [[the dinner]]." in export(aliased, tmp_path, form)
    write("Journal/2026-01-03.sync-conflict-20260104-101010-ABCDEFG.md", "#private\n")
    report = export(aliased, tmp_path, form)
    assert "dinner" not in report and "Since (a private entry)." in report


@pytest.fixture
def outside(vault: Path, write: WriteNote) -> Path:
    """A journal in `Journal/` only, whose shared entry links to notes outside it: private
    ones (by property, tag and field) and one that is not."""
    write("plainheal.toml", 'journal = ["Journal"]\n')
    for day in (1, 2, 3, 4, 20):
        date = f"2026-01-{day:02d}"
        write(f"Journal/{date}.md", entry(date, safety=3))
    write("Notes/Secret.md", "---\nprivate: true\n---\nWhat I cannot say yet.\n")
    write("Notes/Tagged.md", "Words of mine #private\n")
    write("People/Field.md", "Words of mine.\n\n[private:: yes]\n")
    write("Notes/Open.md", "Plans, not private.\n")
    write("Notes/Unlinked.md", "---\nprivate: true\n---\n")
    write(
        "Journal/2026-01-10.md",
        "---\ndate: 2026-01-10\nshare: true\nsafety: 2\n---\n"
        "Then [[Secret]], [[Notes/Tagged|tagged]] and ![[field]].\n\n"
        "Again [it](../Notes/Secret.md) and [that](<Notes/Tagged.md>).\n\n"
        "But [[Open]] and [open](../Notes/Open.md).\n",
    )
    return vault


@pytest.mark.parametrize("form", ["md", "html"])
def test_a_link_to_a_private_note_outside_the_journal_names_it_not(
    outside: Path, tmp_path: Path, form: str
) -> None:
    report = export(outside, tmp_path, form)
    for trace in ("Secret", "agged", "ield"):
        assert trace not in report
    assert "Then (a private entry), (a private entry) and (a private entry)." in report
    assert "Again (a private entry) and (a private entry)." in report
    assert report.count("(a private entry)") == 5
    assert "[[Open]]" in report and ("Notes/Open.md" in report or form == "html")
    assert "No entry was marked private." in report  # notes outside the journal are none


@pytest.mark.parametrize("form", ["md", "html"])
def test_other_ways_of_naming_a_private_note_outside_the_journal_are_hidden(
    outside: Path, write: WriteNote, tmp_path: Path, form: str
) -> None:
    write(
        "Journal/2026-01-10.md",
        "---\ndate: 2026-01-10\nshare: true\nsafety: 2\n---\n"
        "See obsidian://open?vault=v&file=Notes%2FSecret now, [it][s] and "
        '<a href="../Notes/Tagged.md">this</a>; [[Open]] stays.\n\n[s]: <../Notes/Secret.md>\n',
    )
    report = export(outside, tmp_path, form)
    assert "Secret" not in report and "Tagged" not in report
    assert "See (a private entry) now" in report and "[[Open]] stays." in report


@pytest.mark.parametrize("form", ["md", "html"])
def test_a_note_outside_the_journal_private_in_its_conflict_copy_is_private(
    outside: Path, write: WriteNote, tmp_path: Path, form: str
) -> None:
    assert "[[Open]]" in export(outside, tmp_path, form)
    write("Notes/Open.sync-conflict-20260111-101010-ABCDEFG.md", "Plans #private\n")
    report = export(outside, tmp_path, form)
    assert "Open" not in report and "But (a private entry) and (a private entry)." in report


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _dangling(path: Path) -> None:
    path.symlink_to(path.parent / "gone.md")


UNREADABLE_NOTES: list[tuple[str, Callable[[Path], object]]] = [
    ("a FIFO", _fifo),
    ("a dangling link", _dangling),
    ("too large", lambda path: path.write_bytes(b"x" * (9 * 1024 * 1024))),
    ("binary", lambda path: path.write_bytes(b"\x00\x01binary\x00" * 10)),
    ("not UTF-8", lambda path: path.write_bytes(b"words \xff\xfe\n")),
    ("its frontmatter unreadable", lambda path: path.write_text("---\nprivate: [no\n---\n")),
]


@pytest.mark.parametrize("form", ["md", "html"])
@pytest.mark.parametrize(("kind", "make"), UNREADABLE_NOTES, ids=[k for k, _ in UNREADABLE_NOTES])
def test_a_link_to_a_note_outside_the_journal_that_cannot_be_read_names_it_not(
    outside: Path,
    write: WriteNote,
    tmp_path: Path,
    form: str,
    kind: str,
    make: Callable[[Path], object],
) -> None:
    make(outside / "Notes/Locked.md")
    write(
        "Journal/2026-01-10.md",
        "---\ndate: 2026-01-10\nshare: true\nsafety: 2\n---\n"
        "Then [[Locked]] and [it](../Notes/Locked.md), but [[Open]].\n",
    )
    report = export(outside, tmp_path, form)
    assert "Locked" not in report, kind
    assert "Then (a private entry) and (a private entry), but [[Open]]." in report


def test_only_the_notes_linked_are_read_and_aliases_only_when_a_link_names_no_note(
    outside: Path, write: WriteNote, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []

    def recording(vault: Path, relative: str, limit: int | None = None) -> bytes | Problem:
        read.append(relative)
        return read_bytes(vault, relative, limit)

    monkeypatch.setattr("plainheal.read.linked.read_bytes", recording)
    make_report(outside)
    linked_notes = ["Notes/Open.md", "Notes/Secret.md", "Notes/Tagged.md", "People/Field.md"]
    assert sorted(read) == linked_notes
    # A wiki link that names no note: the private notes' aliases are read too.
    write("Journal/2026-01-04.md", entry("2026-01-04", private="true", aliases=["The motel"]))
    shared(write, "At [[the MOTEL]].")
    read.clear()
    assert "At (a private entry)." in make_report(outside).text
    # And the notes outside the journal, for theirs: each note once, none of the entries.
    assert sorted(read) == sorted(["Journal/2026-01-04.md", *linked_notes, "Notes/Unlinked.md"])


@pytest.mark.parametrize("form", ["md", "html"])
def test_a_link_by_the_alias_of_a_private_note_outside_the_journal_names_it_not(
    outside: Path, write: WriteNote, tmp_path: Path, form: str
) -> None:
    write("People/Affair.md", "---\nprivate: true\naliases: [Tom]\n---\nsecret\n")
    write("Notes/Tagged.md", "---\naliases: [the hotel]\n---\nWords of mine #private\n")
    shared(write, "Talked about [[Tom]] and [[People/Affair]]; [[TOM|him]], [[the Hotel]].")
    report = export(outside, tmp_path, form)
    assert "Tom" not in report and "him" not in report and "otel" not in report
    assert "Affair" not in report
    assert (
        "Talked about (a private entry) and (a private entry); (a private entry), "
        "(a private entry)." in report
    )
    # Not linked by its path: its alias alone is hidden, too.
    shared(write, "Talked about [[Tom]].")
    assert "Talked about (a private entry)." in export(outside, tmp_path, form)


@pytest.mark.parametrize("form", ["md", "html"])
def test_the_alias_of_a_note_outside_the_journal_private_in_its_copy_is_hidden(
    outside: Path, write: WriteNote, tmp_path: Path, form: str
) -> None:
    write("People/Tom.md", "---\naliases: [Tommy]\n---\nA friend.\n")
    shared(write, "Talked about [[Tommy]].")
    assert "Talked about [[Tommy]]." in export(outside, tmp_path, form)
    write("People/Tom.sync-conflict-20260111-101010-ABCDEFG.md", "A friend. #private\n")
    assert "Talked about (a private entry)." in export(outside, tmp_path, form)


@pytest.mark.parametrize("form", ["md", "html"])
def test_aliases_outside_the_journal_that_name_no_private_note_stay_as_written(
    outside: Path, write: WriteNote, tmp_path: Path, form: str
) -> None:
    # A note not private, known by an alias; a private note whose alias is another note's
    # name (Obsidian opens that note); a link that names nothing at all.
    write("Notes/Open.md", "---\naliases: [the plan]\n---\nPlans, not private.\n")
    write("People/Affair.md", "---\nprivate: true\naliases: [Open, Tom]\n---\nsecret\n")
    shared(write, "Read [[the plan]], [[open|it]] and [[Someday]]; [[tom]] not.")
    report = export(outside, tmp_path, form)
    assert "Read [[the plan]], [[open|it]] and [[Someday]]; (a private entry) not." in report


@pytest.mark.parametrize("form", ["md", "html"])
@pytest.mark.parametrize(("kind", "make"), UNREADABLE_NOTES, ids=[k for k, _ in UNREADABLE_NOTES])
def test_a_note_outside_the_journal_that_cannot_be_read_carries_no_alias(
    outside: Path,
    write: WriteNote,
    tmp_path: Path,
    form: str,
    kind: str,
    make: Callable[[Path], object],
) -> None:
    # It counts as private, but no alias can be read from it (nor can Obsidian read one,
    # for most): a link that names no note stays as the person wrote it. Readable aliases
    # of a private note beside it are still hidden.
    make(outside / "Notes/Locked.md")
    write("Notes/Other.md", "---\nprivate: true\naliases: [Tom]\n---\n")
    shared(write, "Thinking of [[Someday]] and [[Tom]].")
    report = export(outside, tmp_path, form)
    assert "Thinking of [[Someday]] and (a private entry)." in report, kind


def file_url(path: Path) -> str:
    """A `file:` address of the path, as a browser or a file manager copies it."""
    return "file://" + quote(path.as_posix())


@pytest.mark.parametrize("form", ["md", "html"])
def test_file_addresses_and_queries_name_no_private_entry_or_note(
    outside: Path, write: WriteNote, tmp_path: Path, form: str
) -> None:
    write("Journal/2026-01-03.md", entry("2026-01-03", private="true"))
    write("People/Affair.md", "---\nprivate: true\n---\nsecret\n")
    write("People/The night.md", "---\nprivate: true\n---\nsecret\n")
    entry_url = file_url(outside / "Journal/2026-01-03.md")
    shared(
        write,
        f'A [t]({entry_url}), <img src="{file_url(outside / "People/Affair.md")}">, '
        f"[s](Journal/2026-01-03.md?x=1), [n]({file_url(outside / 'People/The night.md')}), "
        f"[q](../People/Affair.md?x=1#h), [l](<{entry_url.replace('///', '//localhost/')}>).",
    )
    report = export(outside, tmp_path, form)
    for trace in ("2026-01-03", "01-03", "Affair", "night", "file:"):
        assert trace not in report
    assert f"A {PRIVATE_LINK}, " in report
    assert report.count(PRIVATE_LINK) == 5 + 6  # the fixture's shared entry has 5


@pytest.mark.parametrize("form", ["md", "html"])
def test_file_addresses_and_queries_of_notes_not_private_stay_as_written(
    outside: Path, write: WriteNote, tmp_path: Path, form: str
) -> None:
    opened = f"[o]({file_url(outside / 'Notes/Open.md')})"
    elsewhere = f"[e]({file_url(outside.parent / 'elsewhere.md')})"
    query = "[q](../Notes/Open.md?x=1)"
    shared(write, f"See {opened}, {query} and {elsewhere}.")
    report = export(outside, tmp_path, form)
    # The HTML report shows a link to a note by its words, and a `file:` address as text.
    shown = query if form == "md" else '<span class="link">q</span>'
    assert f"See {opened}, {shown} and {elsewhere}." in report


def test_a_watch_knows_the_notes_outside_the_journal_as_a_fresh_read_does(outside: Path) -> None:
    assert JournalState(outside).journal().other_notes == read_journal(outside).other_notes
    assert "Notes/Secret.md" in read_journal(outside).other_notes
