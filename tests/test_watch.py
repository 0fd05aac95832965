"""The watch loop. Most tests drive it turn by turn with made-up times (`Stepped`): no
test waits out a debounce, a grace period or a retry. A few run it on a thread against real
file events (`Running`); they wait on queues with deadlines, never on sleep."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from plainheal.cli import main
from plainheal.read.config import Config
from plainheal.read.vault import Listing, list_vault
from plainheal.watch.events import RELOAD, RESCAN, WAKE, meaning
from plainheal.watch.loop import Watcher, WatchOptions
from plainheal.watch.volume import identify, same_volume

from conftest import WriteNote, entry

pytestmark = pytest.mark.slow

DEADLINE = 20.0  # seconds; generous for a busy shared machine, never slept through


# -- turn by turn, with made-up times ---------------------------------------------------------


class NoEvents:
    """An observer that delivers nothing: the test says what changed. It keeps the folders
    it is asked to watch besides the vault (the watches are the folders' paths)."""

    def __init__(self) -> None:
        self.watched: list[str] = []

    def schedule(
        self, _handler: object, path: str, *, recursive: bool, event_filter: list[type]
    ) -> str:
        assert recursive and event_filter  # never every event: see observer._wanted
        self.watched.append(path)
        return path

    def unschedule(self, watch: str) -> None:
        self.watched.remove(watch)

    def stop(self) -> None:
        pass

    def join(self, timeout: float | None = None) -> None:
        pass


def no_events(
    root: Path, vault: Path, notice: Callable[[str, bool, str], None], **_: object
) -> tuple[Any, str]:
    return NoEvents(), f"Watching {root} (events given by the test)."


class Stepped:
    """A watcher whose clocks stand still until the test moves them; it runs one turn of
    its loop at a time, and is told of each change as its observer would tell it."""

    def __init__(
        self,
        vault: Path,
        options: WatchOptions | None = None,
        say: Callable[[str], None] | None = None,
        grace: float | None = None,
    ) -> None:
        self.now = 0.0
        self.lines: list[str] = []
        self.vault = vault
        started = time.time()
        self.watcher = Watcher(
            vault,
            options or WatchOptions(debounce=1.0, rescan_every=300.0, write_retry=30.0),
            say=say or self.lines.append,
            clock=lambda: self.now,
            wall=lambda: started + self.now,
            grace=grace,
            observe=no_events,
        )

    def begin(self) -> list[str]:
        """The first full read; what it said."""
        self.watcher._begin()
        return self.said()

    def said(self) -> list[str]:
        """What was said since last asked."""
        lines, self.lines[:] = list(self.lines), []
        return lines

    def changed(self, *relatives: str, directory: bool = False, kind: str = "modified") -> None:
        """The observer reports these vault paths changed, now."""
        for relative in relatives:
            self.watcher.notice(str(self.vault / relative), directory, kind)
        self.watcher._wait(0)

    def after(self, seconds: float) -> list[str]:
        """Move the clocks on by `seconds`, run one turn (never waiting); what it said."""
        self.now += seconds
        self.watcher.events.put(WAKE)
        self.watcher._step()
        return self.said()


@pytest.fixture
def stepped(vault: Path, write: WriteNote) -> Stepped:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    watch = Stepped(vault)
    assert any("1 notes read" in line for line in watch.begin())
    return watch


def _overview(vault: Path) -> str:
    return (vault / "Patterns/Overview.md").read_text()


def test_changes_wait_for_a_quiet_moment(stepped: Stepped, vault: Path, write: WriteNote) -> None:
    write("Journal/2026-11-03.md", entry("2026-11-03", safety=5))
    stepped.changed("Journal/2026-11-03.md")
    assert stepped.after(0.9) == []  # the debounce is a second
    (line,) = stepped.after(0.1)
    assert "1 file changed" in line and "updated" in line
    assert "As of **2026-11-03**" in _overview(vault)
    assert (vault / "Patterns/Weeks/2026-W45.md").exists()
    assert stepped.after(60.0) == []  # nothing more to do


def test_a_burst_of_files_gives_one_regeneration(
    stepped: Stepped, vault: Path, write: WriteNote
) -> None:
    for day in range(2, 30):
        note = f"Journal/Synced/2026-10-{day:02d}.md"
        write(note, entry(f"2026-10-{day:02d}", safety=2))
        stepped.changed(note)
        assert stepped.after(0.2) == []  # each change restarts the quiet second
    (line,) = stepped.after(1.0)
    assert "28 files changed" in line
    assert stepped.after(60.0) == []
    assert "As of **2026-11-01**" in _overview(vault)
    assert (vault / "Patterns/Months/2026-10.md").exists()


def test_a_summary_being_edited_is_left_alone_then_updated(vault: Path, write: WriteNote) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    watch = Stepped(vault)  # the config's grace period: five seconds
    watch.begin()
    overview = vault / "Patterns/Overview.md"
    overview.write_text(overview.read_text() + "\nMy note for Thursday.\n")
    write("Journal/2026-11-05.md", entry("2026-11-05", safety=5))
    watch.changed("Journal/2026-11-05.md")
    (line,) = watch.after(1.0)
    assert "held while you edit it" in line
    assert "As of **2026-11-05**" not in overview.read_text()
    assert watch.after(3.5) == []  # looked at again five seconds after it was held
    (line,) = watch.after(1.5)
    assert "a summary you were editing" in line
    text = overview.read_text()
    assert "As of **2026-11-05**" in text and text.endswith("My note for Thursday.\n")
    assert watch.after(60.0) == []


def test_the_grace_period_can_be_given(vault: Path, write: WriteNote) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    watch = Stepped(vault, grace=0.0)
    watch.begin()
    overview = vault / "Patterns/Overview.md"
    overview.write_text(overview.read_text() + "\nMy note.\n")
    write("Journal/2026-11-05.md", entry("2026-11-05", safety=5))
    watch.changed("Journal/2026-11-05.md")
    (line,) = watch.after(1.0)
    assert "held" not in line and "As of **2026-11-05**" in overview.read_text()


def _move_aside(vault: Path, aside: Path) -> None:
    """The vault is locked: its folder becomes the empty mount point left behind."""
    vault.rename(aside)
    vault.mkdir()


def test_the_vault_going_away_and_coming_back(
    stepped: Stepped, vault: Path, write: WriteNote, tmp_path: Path
) -> None:
    _move_aside(vault, tmp_path / "aside")
    (line,) = stepped.after(2.0)  # an unmount sends no event: looked at every two seconds
    assert "not available" in line
    assert stepped.after(2.0) == [] and stepped.after(300.0) == []  # said once
    assert list(vault.iterdir()) == []  # nothing written into the empty folder
    vault.rmdir()
    (tmp_path / "aside").rename(vault)
    lines = stepped.after(2.0)
    assert "is back" in lines[0] and "notes read" in lines[-1]


def test_a_bare_mount_point_is_never_written_into(
    stepped: Stepped, vault: Path, write: WriteNote, tmp_path: Path
) -> None:
    _move_aside(vault, tmp_path / "aside")
    stepped.changed("Journal/2026-11-01.md")  # events may still come; none is acted on
    (line,) = stepped.after(2.0)
    assert "not available" in line
    write("Journal/2026-11-09.md", entry("2026-11-09", safety=3))  # a sync client, say
    (vault / "plainheal.toml").write_text("")
    stepped.changed("Journal/2026-11-09.md", "plainheal.toml")
    (line,) = stepped.after(2.0)
    assert "not the same vault" in line
    assert stepped.after(2.0) == [] and stepped.after(300.0) == []  # said once
    assert not (vault / "Patterns").exists()
    shutil.rmtree(vault)
    (tmp_path / "aside").rename(vault)
    lines = stepped.after(2.0)
    assert "is back" in lines[0] and "notes read" in lines[-1]


def test_a_vault_locked_right_after_the_first_summary_is_not_mistaken(
    vault: Path, write: WriteNote, tmp_path: Path
) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    lines: list[str] = []

    def say(line: str) -> None:
        if "notes read" in line:  # locked this very moment, before anything else runs
            _move_aside(vault, tmp_path / "aside")
            write("Journal/2026-11-09.md", entry("2026-11-09", safety=3))
        lines.append(line)

    watch = Stepped(vault, say=say)
    watch.begin()
    for _ in range(3):
        watch.after(2.0)
    assert any("not the same vault" in x for x in lines), lines
    assert not any("is back" in x for x in lines)
    assert not (vault / "Patterns").exists()


def test_a_new_daily_note_format_is_picked_up(
    stepped: Stepped, vault: Path, write: WriteNote
) -> None:
    write("Journal/03-11-2026.md", "---\nsafety: 4\n---\n")
    stepped.changed("Journal/03-11-2026.md")
    assert "1 file changed" in stepped.after(1.0)[-1]
    settings = vault / ".obsidian/daily-notes.json"
    settings.parent.mkdir(exist_ok=True)
    settings.write_text('{"format": "DD-MM-YYYY"}')
    stepped.changed(".obsidian/daily-notes.json")
    (line,) = stepped.after(1.0)
    assert "the settings changed" in line
    assert "As of **2026-11-03**" in _overview(vault)


def test_changed_settings_are_read_again(stepped: Stepped, vault: Path) -> None:
    (vault / "plainheal.toml").write_text('output = "Summaries"\n')
    stepped.changed("plainheal.toml")
    (line,) = stepped.after(1.0)
    assert "the settings changed" in line
    assert "As of **2026-11-01**" in (vault / "Summaries/Overview.md").read_text()


def test_an_invalid_config_is_said_once_and_waited_out(
    stepped: Stepped, vault: Path, write: WriteNote
) -> None:
    config = vault / "plainheal.toml"
    config.write_text('output = "Patterns"\n[thresholds\n')  # half-typed
    stepped.changed("plainheal.toml")
    (line,) = stepped.after(1.0)
    assert "waiting for a good one" in line and "plainheal.toml" in line
    config.write_text('output = "Patterns"\n[thresholds\n# still typing\n')
    write("Journal/2026-11-06.md", entry("2026-11-06", safety=5))
    stepped.changed("plainheal.toml", "Journal/2026-11-06.md")
    assert stepped.after(1.0) == []  # the same problem: said once
    assert stepped.after(300.0) == []
    assert "As of **2026-11-06**" not in _overview(vault)  # nothing written meanwhile
    config.write_text('output = "Patterns"\n')
    stepped.changed("plainheal.toml")
    lines = stepped.after(1.0)
    assert "is valid again" in lines[0] and "notes read" in lines[-1]
    assert "As of **2026-11-06**" in _overview(vault)


def test_a_failing_write_is_said_once_and_tried_again(
    stepped: Stepped, vault: Path, write: WriteNote, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open
    full = True
    tries: list[str] = []

    def disk_full(path: object, flags: int, *args: int, **at: int | None) -> int:
        if full and "plainheal-tmp" in str(path):
            tries.append(str(path))
            raise OSError(28, "No space left on device")
        return real_open(path, flags, *args, **at)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", disk_full)
    write("Journal/2026-11-02.md", entry("2026-11-02", safety=4))
    stepped.changed("Journal/2026-11-02.md")
    (line,) = stepped.after(1.0)
    assert "Could not write the summaries" in line and "No space left on device" in line
    assert "every 30 s" in line
    assert stepped.after(29.0) == [] and len(tries) == 1
    assert stepped.after(1.0) == [] and len(tries) == 2  # tried again; said once
    full = False
    assert stepped.after(29.0) == []
    lines = stepped.after(1.0)
    assert "Writing works again" in lines[0]
    assert "trying again" in lines[1] and "updated" in lines[1]
    assert "As of **2026-11-02**" in _overview(vault)
    assert stepped.after(300.0) == []


def test_an_unreadable_file_does_not_stop_the_watch(
    stepped: Stepped, vault: Path, write: WriteNote, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open  # notes are read with os.open (never waiting on a FIFO)

    def denied(file: object, *args: object, **kwargs: object) -> int:
        if str(file).endswith("2026-11-07.md"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)
    write("Journal/2026-11-07.md", entry("2026-11-07", safety=5))
    stepped.changed("Journal/2026-11-07.md")
    assert "1 file changed" in stepped.after(1.0)[-1]
    write("Journal/2026-11-08.md", entry("2026-11-08", safety=5))
    stepped.changed("Journal/2026-11-08.md")
    assert "1 file changed" in stepped.after(1.0)[-1]
    overview = _overview(vault)
    assert "As of **2026-11-08**" in overview and "permission denied" in overview


def test_a_summary_turned_into_a_link_is_named_once_and_left_alone(
    stepped: Stepped, vault: Path, write: WriteNote
) -> None:
    note = vault / "Journal/2026-11-01.md"
    overview = vault / "Patterns/Overview.md"
    overview.unlink()
    overview.symlink_to(note)
    before = note.read_bytes()
    write("Journal/2026-11-02.md", entry("2026-11-02", safety=4))
    stepped.changed("Journal/2026-11-02.md")
    skipped, line = stepped.after(1.0)
    assert "skipped  Patterns/Overview.md" in skipped and "is a link; left alone" in skipped
    assert "1 file changed" in line
    write("Journal/2026-11-03.md", entry("2026-11-03", safety=4))
    stepped.changed("Journal/2026-11-03.md")
    (line,) = stepped.after(1.0)  # said once
    assert "1 file changed" in line
    assert note.read_bytes() == before and overview.is_symlink()
    assert (vault / "Patterns/Weeks/2026-W45.md").exists()


def test_a_deleted_entry_s_pages_say_their_period_is_empty(
    stepped: Stepped, vault: Path, write: WriteNote
) -> None:
    note = write("Journal/2026-12-09.md", entry("2026-12-09", safety=2))
    stepped.changed("Journal/2026-12-09.md")
    assert "1 file changed" in stepped.after(1.0)[-1]
    assert "1 entry" in (vault / "Patterns/Months/2026-12.md").read_text()
    note.unlink()
    stepped.changed("Journal/2026-12-09.md", kind="deleted")
    assert "1 file changed" in stepped.after(1.0)[-1]
    assert "any more" in (vault / "Patterns/Months/2026-12.md").read_text()
    assert "any more" in (vault / "Patterns/Weeks/2026-W50.md").read_text()


def test_a_file_saved_with_a_problem_is_named_at_once(stepped: Stepped, write: WriteNote) -> None:
    write("Journal/2026-11-05.md", "---\ndate: 2026-11-05\nempathy: hollow: he said\n---\n")
    stepped.changed("Journal/2026-11-05.md")
    problem, line = stepped.after(1.0)
    assert "Journal/2026-11-05.md" in problem and "error" in problem and "line 3" in problem
    assert "he said" not in problem
    assert "1 file changed" in line


def test_the_problems_the_vault_has_are_named_at_the_start(vault: Path, write: WriteNote) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    write("Journal/2026-11-02.md", "---\ndate: 2026-11-02\nempathy: hollw\n---\n")
    write("Journal/2026-11-01.sync-conflict-20261102-101010-ABCDEFG.md", "copy\n")
    watch = Stepped(vault)
    watching, *problems, done = watch.begin()
    assert watching.startswith("Watching") and "2 notes read" in done
    assert problems == [
        "Journal/2026-11-02.md:",
        "  warning: line 3: empathy: 'hollw' is not one of connected, hollow, dismissive; "
        "did you mean 'hollow'? [unknown-value]",
        "Sync-conflict copies (not counted; merge them into the original, then delete):",
        "  Journal/2026-11-01.sync-conflict-20261102-101010-ABCDEFG.md  "
        "(copy of Journal/2026-11-01.md)",
    ]
    write("plainheal.toml", "[dimensions.empathy]\nvalues = { hollw = 0 }\n")
    watch.changed("plainheal.toml")
    *problems, done = watch.after(1.0)
    assert problems[0].startswith("Sync-conflict copies") and "the settings changed" in done


def test_a_new_folder_is_listed_again(stepped: Stepped, vault: Path, write: WriteNote) -> None:
    write("Journal/Moved in/2026-11-04.md", entry("2026-11-04", safety=4))
    stepped.changed("Journal/Moved in", directory=True, kind="moved")
    (line,) = stepped.after(1.0)
    assert "folders changed" in line
    assert "As of **2026-11-04**" in _overview(vault)


def test_a_journal_folder_not_there_yet_is_waited_for(vault: Path, write: WriteNote) -> None:
    write("plainheal.toml", 'journal = ["Journal"]\n')
    watch = Stepped(vault)
    watching, line = watch.begin()
    assert watching.startswith("Watching")
    assert "the folder 'Journal' does not exist" in line and "waiting for a good one" in line
    assert not (vault / "Patterns").exists()
    assert watch.after(3600.0) == []  # said once
    write("Journal/2026-11-04.md", entry("2026-11-04", safety=4))
    watch.changed("Journal", directory=True, kind="created")
    valid, read = watch.after(1.0)
    assert "plainheal.toml is valid again" in valid and "1 notes read" in read
    assert "As of **2026-11-04**" in _overview(vault)


def test_a_journal_folder_that_goes_is_waited_for(vault: Path, write: WriteNote) -> None:
    write("plainheal.toml", 'journal = ["Journal"]\n')
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    watch = Stepped(vault)
    assert any("1 notes read" in line for line in watch.begin())
    shutil.rmtree(vault / "Journal")  # renamed in Obsidian, say, before plainheal.toml
    watch.changed("Journal", directory=True, kind="deleted")
    (line,) = watch.after(1.0)
    assert "the folder 'Journal' does not exist" in line and "waiting for a good one" in line
    assert "As of **2026-11-01**" in _overview(vault)  # the summaries are left as they were
    write("Journal/2026-11-05.md", entry("2026-11-05", safety=4))
    watch.changed("Journal", directory=True, kind="created")
    valid, read = watch.after(1.0)
    assert "plainheal.toml is valid again" in valid and "1 notes read" in read
    assert "As of **2026-11-05**" in _overview(vault)


def test_the_periodic_rescan_finds_what_events_missed(
    stepped: Stepped, vault: Path, write: WriteNote
) -> None:
    write("Journal/2026-11-03.md", entry("2026-11-03", safety=4))  # no event for it
    assert stepped.after(299.0) == []  # not yet: 300 s after the read
    (line,) = stepped.after(1.0)
    assert "1 missed changes found" in line
    assert "As of **2026-11-03**" in _overview(vault)
    assert stepped.after(299.0) == []  # the next rescan is 300 s on, and finds nothing
    assert stepped.after(1.0) == []


def test_a_journal_folder_linked_in_while_watching_is_watched_after_the_next_rescan(
    stepped: Stepped, vault: Path, tmp_path: Path
) -> None:
    from watchdog.events import FileCreatedEvent

    outside = tmp_path / "Dropbox" / "Journal"
    outside.mkdir(parents=True)
    (outside / "2026-11-05.md").write_text(entry("2026-11-05", safety=4), encoding="utf-8")
    (vault / "Journal" / "Elsewhere").symlink_to(outside, target_is_directory=True)
    # Never watched through: links the walk does not follow (the whole disk, the vault's
    # own folder, the system's).
    (vault / "Journal" / "Root").symlink_to("/", target_is_directory=True)
    (vault / "Journal" / "Up").symlink_to(vault, target_is_directory=True)
    (vault / "Journal" / "Proc").symlink_to("/proc", target_is_directory=True)
    # Nor a link to a folder of the vault: the vault's own watch sees it.
    (vault / "Notes").mkdir()
    (vault / "Journal" / "Inside").symlink_to(vault / "Notes", target_is_directory=True)
    observer = stepped.watcher.observer
    assert observer.watched == []
    assert stepped.after(299.0) == []
    assert any("missed changes found" in line for line in stepped.after(1.0))
    assert observer.watched == [os.path.realpath(outside)]
    assert "As of **2026-11-05**" in _overview(vault)
    # An event there is one in the vault, under the link: read without a rescan.
    added = outside / "2026-11-06.md"
    added.write_text(entry("2026-11-06", safety=4), encoding="utf-8")
    assert stepped.watcher.outside is not None
    stepped.watcher.outside.handler.dispatch(FileCreatedEvent(str(added)))
    stepped.changed()  # hands what the observer reported to the loop
    (line,) = stepped.after(1.0)
    assert "1 file changed" in line
    assert "As of **2026-11-06**" in _overview(vault)
    # The link removed: its folder is no longer watched after the next rescan.
    (vault / "Journal" / "Elsewhere").unlink()
    stepped.after(300.0)
    assert observer.watched == []


def test_a_folder_link_made_or_removed_is_a_folder_s_event(
    stepped: Stepped, vault: Path, tmp_path: Path
) -> None:
    # An event names a link as a file, made, removed or re-pointed, yet a folder's notes come
    # and go with it: the vault is listed again at once, not at the next periodic rescan.
    outside = tmp_path / "Dropbox" / "Journal"
    outside.mkdir(parents=True)
    (outside / "2026-11-05.md").write_text(entry("2026-11-05", safety=4), encoding="utf-8")
    link = vault / "Journal" / "Elsewhere"
    link.symlink_to(outside, target_is_directory=True)
    stepped.watcher.notice(str(link), False, "created")
    stepped.changed()
    (line,) = stepped.after(1.0)
    assert "folders changed" in line
    assert "As of **2026-11-05**" in _overview(vault)
    assert stepped.watcher.observer.watched == [os.path.realpath(outside)]
    link.unlink()  # gone: only the last listing knows it was a link
    stepped.watcher.notice(str(link), False, "deleted")
    stepped.changed()
    (line,) = stepped.after(1.0)
    assert "folders changed" in line
    assert "As of **2026-11-01**" in _overview(vault)
    assert stepped.watcher.observer.watched == []
    # A file that is not a note, made or removed, is nothing to the watch.
    (vault / "Journal" / "picture.png").write_bytes(b"")
    stepped.watcher.notice(str(vault / "Journal" / "picture.png"), False, "created")
    stepped.changed()
    assert stepped.after(1.0) == []


def test_start_up_with_a_journal_linked_in_lists_the_vault_twice(
    vault: Path, write: WriteNote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Once to read it, once more after the watches began (the folder linked in among them),
    # for what was saved meanwhile: with a linked folder as large as /usr each listing was
    # seconds, and a third one made start-up (and a Ctrl-C during it) slower still.
    import plainheal.read.incremental as incremental

    outside = tmp_path / "Dropbox" / "Journal"
    outside.mkdir(parents=True)
    (outside / "2026-11-05.md").write_text(entry("2026-11-05", safety=4), encoding="utf-8")
    (vault / "Journal").mkdir()
    (vault / "Journal" / "Elsewhere").symlink_to(outside, target_is_directory=True)
    listings: list[Path] = []

    def counted(folder: Path, config: Config) -> Listing:
        listings.append(folder)
        return list_vault(folder, config)

    monkeypatch.setattr(incremental, "list_vault", counted)
    watch = Stepped(vault)
    assert any("1 notes read" in line for line in watch.begin())
    assert len(listings) == 2
    assert watch.watcher.observer.watched == [os.path.realpath(outside)]


def test_a_re_dated_entry_updates_the_month_it_left_and_the_one_it_joined(
    vault: Path, write: WriteNote
) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    write("Journal/a.md", entry("2026-10-20", safety=2))
    watch = Stepped(vault)
    watch.begin()
    october = vault / "Patterns/Months/2026-10.md"
    assert october.exists()
    write("Journal/a.md", entry("2026-09-20", safety=2))  # the date was a typo
    watch.changed("Journal/a.md")
    assert "1 file changed" in watch.after(1.0)[-1]
    assert (vault / "Patterns/Months/2026-09.md").exists()
    assert "falls in this month any more" in october.read_text()


@pytest.mark.parametrize(
    ("relative", "directory", "kind", "expected"),
    [
        ("Journal/2026-11-01.md", False, "modified", "Journal/2026-11-01.md"),
        ("Journal/2026-11-01.MD", False, "created", "Journal/2026-11-01.MD"),
        ("Journal/picture.png", False, "created", None),
        ("plainheal.toml", False, "modified", RELOAD),
        (".obsidian/daily-notes.json", False, "modified", RELOAD),
        (".obsidian/templates.json", False, "modified", RELOAD),
        (".obsidian/plugins/templater-obsidian/data.json", False, "modified", RELOAD),
        (".obsidian/workspace.json", False, "modified", None),
        ("Patterns/Overview.md", False, "modified", None),  # our own writes
        ("Patterns/Weeks", True, "created", None),
        ("Journal/.2026-11-01.md.swp", False, "created", None),
        ("Journal/x.md.plainheal-tmp-1", False, "created", None),
        ("Journal/Moved in", True, "moved", RESCAN),
        ("Journal/Moved in", True, "modified", None),  # its files have their own events
        ("Journal/.hidden", True, "created", None),
        ("../elsewhere.md", False, "modified", None),
        (".", True, "modified", None),
    ],
)
def test_what_an_event_means(
    stepped: Stepped,
    vault: Path,
    relative: str,
    directory: bool,
    kind: str,
    expected: str | None,
) -> None:
    assert stepped.watcher.state is not None
    config = stepped.watcher.state.config
    path = os.path.normpath(vault / relative)
    assert meaning(path, directory, kind, vault.resolve(), config) == expected


# -- on a thread, with real file events -----------------------------------------------------


class Running:
    """A watcher on a thread, its messages in a queue."""

    def __init__(self, vault: Path, options: WatchOptions) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.watcher = Watcher(vault, options, say=self.lines.put)
        self.thread = threading.Thread(target=self.watcher.run)
        self.thread.start()

    def next(self) -> str:
        """The next message, waiting at most DEADLINE seconds."""
        try:
            return self.lines.get(timeout=DEADLINE)
        except queue.Empty:
            raise AssertionError("no message") from None

    def expect(self, fragment: str) -> str:
        """The first message containing `fragment`, waiting at most DEADLINE seconds."""
        seen: list[str] = []
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=max(0.0, end - time.monotonic()))
            except queue.Empty:
                break
            seen.append(line)
            if fragment in line:
                return line
        raise AssertionError(f"no message with {fragment!r}; saw {seen}")

    def close(self) -> None:
        self.watcher.stop()
        self.thread.join(timeout=DEADLINE)
        assert not self.thread.is_alive()


@pytest.fixture
def running(vault: Path, write: WriteNote) -> Iterator[Running]:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    before = threading.active_count()
    # A fifth of a second of quiet: a save's events (created, modified, closed) arrive as one
    # change even on a loaded machine, so that each save gives exactly one message.
    watch = Running(vault, WatchOptions(debounce=0.2, ceiling=2.0, rescan_every=3600))
    watch.expect("Watching")
    watch.expect("notes read")
    yield watch
    watch.close()
    assert threading.active_count() == before  # no leaked threads


def test_summarizes_at_start_and_after_a_save(
    running: Running, vault: Path, write: WriteNote
) -> None:
    assert (vault / "Patterns/Overview.md").exists()
    write("Journal/2026-11-03.md", entry("2026-11-03", safety=5))
    line = running.expect("1 file changed")
    assert "updated" in line
    assert "As of **2026-11-03**" in _overview(vault)
    # Its own writes cause nothing: the next thing it does is for the next save (events
    # come in order, so any for its own writes would have come first).
    write("Journal/2026-11-04.md", entry("2026-11-04", safety=5))
    line = running.next()
    assert "1 file changed" in line and "updated" in line, line


def test_editor_saves_by_rename(running: Running, vault: Path, write: WriteNote) -> None:
    temporary = write("Journal/.2026-11-04.md.swp", entry("2026-11-04", safety=1))
    os.replace(temporary, vault / "Journal/2026-11-04.md")
    assert "1 file changed" in running.next()
    assert "As of **2026-11-04**" in _overview(vault)


def test_a_hidden_settings_file_is_seen(running: Running, vault: Path, write: WriteNote) -> None:
    settings = vault / ".obsidian/daily-notes.json"
    settings.parent.mkdir(exist_ok=True)
    settings.write_text('{"format": "DD-MM-YYYY"}')
    running.expect("the settings changed")


def test_folders_made_with_their_parents_are_watched_quietly(
    running: Running, vault: Path, write: WriteNote
) -> None:
    # watchdog watches a folder twice when `mkdir -p` makes it with its parent, and warns
    # from its event thread; warnings are errors here, so that warning would end the thread
    # (pytest fails the test on it) and no later change would be seen.
    for n in range(20):
        (vault / f"Journal/{n}/a/b").mkdir(parents=True)
    write("Journal/19/a/b/2026-11-05.md", entry("2026-11-05", safety=4))
    running.expect("changed")
    # The race is not certain to happen above; the same warning, given directly, is ignored,
    # and any other warning from watchdog is not.
    double = "Callback with id '1' already exists for watch <Watch(wd=4)>. It will be Overwritten."
    module = "watchdog.observers.inotify"
    warnings.warn_explicit(double, RuntimeWarning, "inotify.py", 1, module=module)
    with pytest.raises(RuntimeWarning):
        warnings.warn_explicit("something else", RuntimeWarning, "inotify.py", 1, module=module)
    write("Journal/2026-11-06.md", entry("2026-11-06", safety=4))
    running.expect("1 file changed")
    assert "As of **2026-11-06**" in _overview(vault)


def test_polling_mode(vault: Path, write: WriteNote) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    watch = Running(vault, WatchOptions(poll=True, poll_interval=0.1, debounce=0.05))
    try:
        assert "checked every 0.1 s" in watch.expect("Watching")
        watch.expect("notes read")
        write("Journal/2026-11-02.md", entry("2026-11-02", safety=3))
        watch.expect("1 file changed")
        assert "As of **2026-11-02**" in _overview(vault)
    finally:
        watch.close()


@pytest.mark.parametrize("poll", [False, True], ids=["native", "polling"])
def test_a_journal_kept_outside_the_vault_is_watched(
    vault: Path, tmp_path: Path, poll: bool
) -> None:
    # `vault/Journal -> ~/Dropbox/Journal`: neither native events nor polling look through
    # the link; its folder is watched on its own, and an edit, a new entry and a deletion
    # there are summarized at once, not at the periodic rescan (an hour away here).
    outside = tmp_path / "Dropbox" / "Journal"
    outside.mkdir(parents=True)
    (outside / "2026-11-01.md").write_text(entry("2026-11-01", safety=3), encoding="utf-8")
    (vault / "Journal").symlink_to(outside, target_is_directory=True)
    before = threading.active_count()
    options = WatchOptions(
        poll=poll, poll_interval=0.1, debounce=0.2, ceiling=2.0, rescan_every=3600
    )
    watch = Running(vault, options)
    try:
        watch.expect("Watching")
        assert "1 notes read" in watch.expect("notes read")
        added = outside / "2026-11-02.md"
        added.write_text(entry("2026-11-02", safety=3), encoding="utf-8")
        watch.expect("1 file changed")
        assert "As of **2026-11-02**" in _overview(vault)
        week = vault / "Patterns/Weeks/2026-W45.md"
        was = week.read_text()
        added.write_text(entry("2026-11-02", safety=1), encoding="utf-8")
        assert "updated" in watch.expect("1 file changed")
        assert week.read_text() != was
        added.unlink()
        watch.expect("1 file changed")
        assert "As of **2026-11-01**" in _overview(vault)
    finally:
        watch.close()
    assert threading.active_count() == before  # its watches end with the watch


def test_mounts_without_file_events_are_polled_automatically(
    vault: Path, write: WriteNote, monkeypatch: pytest.MonkeyPatch
) -> None:
    import plainheal.watch.observer as observer_module

    monkeypatch.setattr(observer_module, "polling_reason", lambda _vault: "fuse.gocryptfs")
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    watch = Running(vault, WatchOptions(poll_interval=0.1, debounce=0.05))
    try:
        line = watch.expect("Watching")
        assert "on a fuse.gocryptfs mount" in line and "checked every 0.1 s" in line
        watch.expect("notes read")
        write("Journal/2026-11-02.md", entry("2026-11-02", safety=3))
        watch.expect("1 file changed")
    finally:
        watch.close()


def test_stop_wakes_the_loop_whatever_it_waits_for(vault: Path, write: WriteNote) -> None:
    # An invalid config: the loop waits for a fix, an hour between looks at the vault. A fix
    # is seen at once (its event wakes the loop), and so is stop.
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    write("plainheal.toml", "[[[\n")
    before = threading.active_count()
    watch = Running(vault, WatchOptions(debounce=0.05, unavailable_retry=3600))
    try:
        watch.expect("waiting for a good one")
        assert not (vault / "Patterns").exists()
        write("plainheal.toml", "# fixed\n")
        watch.expect("is valid again")
        watch.expect("notes read")
        assert (vault / "Patterns/Overview.md").exists()
        write("plainheal.toml", "[[[\n")
        watch.expect("waiting for a good one")
    finally:
        watch.close()  # within DEADLINE, not an hour
    assert threading.active_count() == before


@pytest.mark.parametrize(
    ("stop_signal", "options", "how"),
    [
        (signal.SIGINT, [], "for changes"),
        (signal.SIGTERM, ["--poll", "--poll-interval", "0.5"], "checked every 0.5 s"),
    ],
)
def test_the_command_stops_cleanly(
    vault: Path, write: WriteNote, stop_signal: int, options: list[str], how: str
) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    with subprocess.Popen(
        [sys.executable, "-m", "plainheal", "watch", str(vault), *options],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    ) as process:
        assert process.stderr is not None
        end = time.monotonic() + DEADLINE
        line = ""
        while "Watching" not in line and time.monotonic() < end:
            line = process.stderr.readline()
        assert "Watching" in line and how in line
        process.send_signal(stop_signal)
        code = process.wait(timeout=5)
        rest = process.stderr.read()
    assert code == 0
    assert "Stopped." in rest and "Traceback" not in rest


def _stat(device: int, inode: int) -> os.stat_result:
    return os.stat_result((0o40700, inode, device, 2, 0, 0, 0, 0, 0, 0))


def test_the_same_volume_is_recognised_by_mount_and_contents(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / "Journal").mkdir(parents=True)
    (vault / "Patterns").mkdir()
    (vault / "Patterns/Overview.md").write_text("---\nplainheal: generated\n---\nx\n")
    devices = {vault: _stat(50, 1)}  # the vault is the root of its own mount (a FUSE volume)

    def fake_stat(path: Path) -> os.stat_result:
        return devices.get(path, _stat(1, 1000 + len(path.parts)))

    known = identify(vault, ["plainheal.toml", "Journal", "Patterns/Overview.md"], fake_stat)
    assert known is not None and known.mount_root == vault
    assert known.anchors == ("Journal", "Patterns/Overview.md")
    devices[vault] = _stat(1, 77)  # locked: the bare mount point, on the parent's disk
    assert not same_volume(vault, known, fake_stat)
    devices[vault] = _stat(51, 1)  # mounted again (FUSE gives a new device number)
    assert same_volume(vault, known, fake_stat)
    (vault / "Patterns/Overview.md").write_text("someone else's file\n")
    assert not same_volume(vault, known, fake_stat)
    devices[vault] = _stat(50, 1)  # the very same folder: whatever it holds
    assert same_volume(vault, known, fake_stat)


@pytest.mark.parametrize("option", ["--debounce", "--poll-interval"])
def test_nan_seconds_are_refused(vault: Path, option: str) -> None:
    result = CliRunner().invoke(main, ["watch", str(vault), option, "nan"])
    assert result.exit_code == 2 and "nan is not a number of seconds" in result.stderr
