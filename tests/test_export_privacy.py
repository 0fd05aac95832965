"""Privacy in the therapist report, whatever the vault holds: an entry marked private in one
device's sync-conflict copy only, and a shared entry's links to private entries."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from plainheal.cli import main

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
