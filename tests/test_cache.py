import os
from pathlib import Path

from plainheal.read.incremental import JournalState
from plainheal.read.vault import read_journal

from conftest import WriteNote, entry


def test_refresh_reads_only_what_changed(vault: Path, write: WriteNote) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    write("Journal/2026-11-02.md", entry("2026-11-02", safety=3))
    state = JournalState(vault)
    assert state.note_count == 2
    write("Journal/2026-11-03.md", entry("2026-11-03", safety=4))
    (vault / "Journal/2026-11-01.md").unlink()
    changed = state.refresh(["Journal/2026-11-03.md", "Journal/2026-11-01.md"])
    assert changed == {"Journal/2026-11-03.md", "Journal/2026-11-01.md"}
    assert state.journal().entries == read_journal(vault).entries


def test_a_touch_or_a_resync_changes_nothing(vault: Path, write: WriteNote) -> None:
    path = write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    state = JournalState(vault)
    os.utime(path, ns=(1, 1))
    path.write_text(path.read_text())
    assert state.refresh(["Journal/2026-11-01.md"]) == set()


def test_conflict_copies_come_and_go(vault: Path, write: WriteNote) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    state = JournalState(vault)
    copy = "Journal/2026-11-01 (conflicted copy 2026-11-02 101010).md"
    write(copy, entry("2026-11-01", safety=1))
    assert state.refresh([copy]) == {copy}
    assert [c.path for c in state.journal().conflicts] == [copy]
    (vault / copy).unlink()
    assert state.refresh([copy]) == {copy}
    assert state.journal().conflicts == ()


def test_rescan_finds_what_events_missed(vault: Path, write: WriteNote) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    state = JournalState(vault)
    write("Journal/Later/2026-11-05.md", entry("2026-11-05", safety=2))
    assert state.rescan() == {"Journal/Later/2026-11-05.md"}
    assert state.rescan() == set()


def test_paths_that_are_not_notes_are_ignored(vault: Path, write: WriteNote) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    state = JournalState(vault)
    write("Patterns/Overview.md", "---\nplainheal: generated\n---\n")
    write(".obsidian/workspace.md", "x")
    assert state.refresh(["Patterns/Overview.md", ".obsidian/workspace.md", "gone.md"]) == set()


def test_watching_names_that_are_not_utf8_and_lookalike_conflicts(
    vault: Path, write: WriteNote
) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    state = JournalState(vault)
    bad = os.fsdecode(b"Journal/2026-11-02\xff.md")
    with open(os.path.join(os.fsencode(vault), os.fsencode(bad)), "wb") as handle:
        handle.write(entry("2026-11-02", safety=4).encode())
    write("Journal/Plans (conflict).md", entry("2026-11-03", safety=2))
    state.refresh([bad, "Journal/Plans (conflict).md"])
    journal = state.journal()
    assert [e.path for e in journal.entries] == [
        "Journal/2026-11-01.md",
        "Journal/Plans (conflict).md",
    ]
    state.rescan()
    assert [p.code for p in state.journal().problems] == ["name-not-utf8"]
    assert state.journal().entries == read_journal(vault).entries


def test_who_shares_a_name_follows_the_notes_between_rescans(vault: Path, write: WriteNote) -> None:
    # `summarize` and a watch must link alike: a note saved while watching whose name a note
    # outside the journal already has is linked by its path.
    write("plainheal.toml", 'journal = ["Journal"]\n')
    write("Journal/2026-11-19.md", entry("2026-11-19", safety=3))
    write("Archive/2026-11-20.md", "a note of another kind\n")
    state = JournalState(vault)
    assert state.journal().shared_names == frozenset()
    write("Journal/2026-11-20.md", entry("2026-11-20", safety=4))
    state.refresh({"Journal/2026-11-20.md"})
    assert state.journal().shared_names == read_journal(vault).shared_names == {"2026-11-20"}
    (vault / "Journal/2026-11-20.md").unlink()
    state.refresh({"Journal/2026-11-20.md"})
    assert state.journal().shared_names == read_journal(vault).shared_names == frozenset()


def test_daily_notes_saved_beside_their_template_are_read_at_once(
    vault: Path, write: WriteNote
) -> None:
    # A new vault whose daily notes go beside their template: the template is passed over,
    # and each daily note saved there is read on its own event, as `summarize` reads it.
    write(".obsidian/templates.json", '{"folder": "Daily"}')
    write("Daily/Daily template.md", "---\ndate: {{date}}\nsafety:\n---\n")
    state = JournalState(vault)
    assert state.note_count == 0 and state.journal().problems == ()
    write("Daily/2026-11-05.md", entry("2026-11-05", safety=3))
    state.refresh({"Daily/2026-11-05.md", "Daily/Daily template.md"})
    assert [e.path for e in state.journal().entries] == ["Daily/2026-11-05.md"]
    assert state.journal().entries == read_journal(vault).entries


def test_a_copy_follows_its_original_coming_and_going_as_a_listing_would(
    vault: Path, write: WriteNote
) -> None:
    # An iCloud copy alone is a note; its original saved beside it makes it a copy (not
    # counted twice), and the original deleted makes it the day's note again (not dropped).
    def both(state: JournalState) -> tuple[list[str], list[str]]:
        journal = state.journal()
        return [e.path for e in journal.entries], [c.path for c in journal.conflicts]

    def listed() -> tuple[list[str], list[str]]:
        journal = read_journal(vault)
        return [e.path for e in journal.entries], [c.path for c in journal.conflicts]

    write("2026-07-06 2.md", entry("2026-07-06", safety=2))
    state = JournalState(vault)
    assert both(state) == listed() == (["2026-07-06 2.md"], [])
    write("2026-07-06.md", entry("2026-07-06", safety=3))
    assert "2026-07-06 2.md" in state.refresh(["2026-07-06.md"])
    assert both(state) == listed() == (["2026-07-06.md"], ["2026-07-06 2.md"])
    os.remove(vault / "2026-07-06.md")
    assert "2026-07-06 2.md" in state.refresh(["2026-07-06.md"])
    assert both(state) == listed() == (["2026-07-06 2.md"], [])
