import pytest

from plainheal.read.config import Config
from plainheal.read.layout import Kind, conflict_original, place


@pytest.mark.parametrize(
    ("name", "original"),
    [
        ("2026-11-20.sync-conflict-20261121-101010-ABCDEFG.md", "2026-11-20.md"),
        ("2026-11-20 2.md", "2026-11-20.md"),  # iCloud Drive
        ("2026-11-20 14.md", "2026-11-20.md"),
        ("20.11.2026 3.MD", "20.11.2026.MD"),
        ("2026-11-20 (1).md", "2026-11-20.md"),  # Google Drive
        ("2026-11-20 (12).md", "2026-11-20.md"),
        ("6 July 2026 2.md", "6 July 2026.md"),  # a daily-note format with a month's name
        ("2026-11-20 (Jane's conflicted copy 2026-11-21).md", "2026-11-20.md"),
        ("2026-11-20 (conflicted copy 2026-11-21 101010).md", "2026-11-20.md"),
        ("2026-11-20 (Conflicted copy from laptop on 2026-11-21).md", "2026-11-20.md"),
        ("2026-11-20 (conflicted).md", "2026-11-20.md"),
        ("2026-11-20 (Conflict 1).md", "2026-11-20.md"),
        ("2026-11-20.Conflict.md", "2026-11-20.md"),
        ("2026-11-20-safeBackup-0001.md", "2026-11-20.md"),
        ("2026-11-20_conflict-20261121-101010.md", "2026-11-20.md"),
        ("2026-11-20 (SFConflict me@example.org 2026-11-21-10-10-10).md", "2026-11-20.md"),
        ("2026-11-20-DESKTOP-AB12CD3.md", "2026-11-20.md"),
        ("2026-11-20-LAPTOP-K2J4H6G8.md", "2026-11-20.md"),
        ("2026-11-20.sync-conflict-20261121-101010-ABCDEFG.MD", "2026-11-20.MD"),
    ],
)
def test_conflict_copies_name_their_original(name: str, original: str) -> None:
    assert conflict_original(name) == original
    assert place(f"Journal/{name}", Config()).original == f"Journal/{original}"


@pytest.mark.parametrize(
    "name",
    [
        "2026-11-20.md",
        "Thoughts on the conflict.md",
        "Notes (1).md",
        "My desktop-setup.md",
        "2026-11-27-laptop-stolen.md",  # a note of its own, not OneDrive's copy
        "2026-11-26-Desktop-Repair.md",
        "Ideas-desktop-wallpaper.md",
        "2026-11-20-DESKTOP-ABCDEFG.md",  # Windows' names hold a digit
        "Session 2.md",  # numbered by the person: not a date before the number
        "Week (2).md",
        "2026-11-20 1.md",  # iCloud numbers from 2
        "2026-11-20 (0).md",
        "2026-11-20 100.md",
        "2026-11-20 2b.md",
    ],
)
def test_ordinary_names_are_not_conflicts(name: str) -> None:
    assert conflict_original(name) is None


@pytest.mark.parametrize(
    "path",
    [
        ".hidden.md",
        ".obsidian/workspace.md",
        ".trash/2026-11-20.md",
        "Journal/.draft/2026-11-20.md",
        "Patterns/Overview.md",
        "Templates/Journal entry.md",
        "Journal/2026-11-20.md.tmp",
        "Journal/2026-11-20.md~",
        "Journal/~$2026-11-20.md",
        "Journal/.~lock.2026-11-20.md#",
        "Journal/2026-11-20.md.part",
        "Journal/2026-11-20.partial",
        "Journal/2026-11-20.md.!sync",
        "Journal/.syncthing.2026-11-20.md.tmp",
        "Journal/~syncthing~2026-11-20.md.tmp",
        "Journal/2026-11-20.md.icloud",
        "Journal/photo.png",
        "Journal/2026-11-20.txt",
    ],
)
def test_passed_over(path: str) -> None:
    assert place(path, Config()).kind is Kind.PASSED_OVER


def test_journal_folders_limit_what_is_read() -> None:
    config = Config(journal=("Journal",))
    assert place("Journal/2026/2026-11-20.md", config).kind is Kind.NOTE
    assert place("Recipes/soup.md", config).kind is Kind.PASSED_OVER
    assert place("Journalling.md", config).kind is Kind.PASSED_OVER


def test_configured_output_and_templates() -> None:
    config = Config(output="Reflections/Patterns", templates=("Meta/Templates",))
    assert place("Reflections/Patterns/Overview.md", config).kind is Kind.PASSED_OVER
    assert place("Meta/Templates/Entry.md", config).kind is Kind.PASSED_OVER
    assert place("Patterns/Overview.md", config).kind is Kind.NOTE


@pytest.mark.parametrize(
    ("relative", "kind"),
    [
        ("Journal/2026-11-20.md", Kind.NOTE),
        ("Journal/2026/11/2026-11-20.md", Kind.NOTE),
        ("Journal 2/2026-11-20.md", Kind.PASSED_OVER),  # a folder that only starts alike
        ("JournalX/2026-11-20.md", Kind.PASSED_OVER),
        ("2026-11-20.md", Kind.PASSED_OVER),  # the vault's own folder is not a journal one
        ("Notes/Loose/one.md", Kind.NOTE),  # a journal folder nested in another
        ("Notes/one.md", Kind.PASSED_OVER),
        ("Inbox/today.md", Kind.NOTE),  # a file named as a journal "folder" is read
        ("Inbox/today.md/x.md", Kind.NOTE),
    ],
)
def test_journal_folders_hold_what_is_under_them_and_nothing_else(
    relative: str, kind: Kind
) -> None:
    config = Config(journal=("Journal", "Notes/Loose", "Inbox/today.md"))
    for _ in range(2):  # folders are remembered: the second answer is the first
        assert place(relative, config).kind is kind
