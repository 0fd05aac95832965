"""The watch loop against a real file system. Tests wait on queues with deadlines."""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from plainheal.watch.loop import Watcher, WatchOptions
from plainheal.watch.volume import identify, same_volume

from conftest import WriteNote, entry

DEADLINE = 20.0  # seconds; generous for a busy shared machine, never slept through


class Running:
    """A watcher on a thread, its messages in a queue."""

    def __init__(self, vault: Path, options: WatchOptions) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.stop = threading.Event()
        self.watcher = Watcher(vault, options, say=self.lines.put)
        self.thread = threading.Thread(target=self.watcher.run, args=(self.stop,))
        self.thread.start()

    def expect(self, fragment: str) -> str:
        """The first message containing `fragment`, waiting at most DEADLINE seconds."""
        end = time.monotonic() + DEADLINE
        seen: list[str] = []
        while True:
            remaining = end - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no message with {fragment!r}; saw {seen}")
            try:
                line = self.lines.get(timeout=remaining)
            except queue.Empty:
                continue
            seen.append(line)
            if fragment in line:
                return line

    def quiet_for(self, seconds: float) -> list[str]:
        """Messages arriving within `seconds` (expected: none)."""
        lines = []
        end = time.monotonic() + seconds
        while (remaining := end - time.monotonic()) > 0:
            try:
                lines.append(self.lines.get(timeout=remaining))
            except queue.Empty:
                break
        return lines

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=DEADLINE)
        assert not self.thread.is_alive()


@pytest.fixture
def running(vault: Path, write: WriteNote) -> Iterator[Running]:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    before = threading.active_count()
    # Presence looked at every 0.2 s (not 2 s): a vault going away is seen without a wait.
    options = WatchOptions(debounce=0.2, ceiling=2.0, rescan_every=3600, unavailable_retry=0.2)
    watch = Running(vault, options)
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
    assert "As of **2026-11-03**" in (vault / "Patterns/Overview.md").read_text()
    assert (vault / "Patterns/Weeks/2026-W45.md").exists()
    # Its own writes cause nothing: once settled, it writes nothing more.
    assert running.quiet_for(1.0) == []


def test_editor_saves_by_rename(running: Running, vault: Path, write: WriteNote) -> None:
    temporary = write("Journal/.2026-11-04.md.swp", entry("2026-11-04", safety=1))
    os.replace(temporary, vault / "Journal/2026-11-04.md")
    running.expect("file")
    assert "As of **2026-11-04**" in (vault / "Patterns/Overview.md").read_text()


def test_a_burst_of_files_gives_few_regenerations(
    running: Running, vault: Path, write: WriteNote
) -> None:
    for day in range(2, 30):
        write(f"Journal/Synced/2026-10-{day:02d}.md", entry(f"2026-10-{day:02d}", safety=2))
    running.expect("changed")
    extra = running.quiet_for(1.5)
    assert len(extra) <= 1, extra
    assert "As of **2026-11-01**" in (vault / "Patterns/Overview.md").read_text()
    assert (vault / "Patterns/Months/2026-10.md").exists()


def test_a_summary_being_edited_is_left_alone_then_updated(vault: Path, write: WriteNote) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    # One second of grace (the default is five): the same path, without the wait.
    (vault / "plainheal.toml").write_text("[thresholds]\nmodified_grace_seconds = 1.0\n")
    running = Running(vault, WatchOptions(debounce=0.2, rescan_every=3600))
    try:
        running.expect("notes read")
        overview = vault / "Patterns/Overview.md"
        overview.write_text(overview.read_text() + "\nMy note for Thursday.\n")
        write("Journal/2026-11-05.md", entry("2026-11-05", safety=5))
        running.expect("held while you edit it")
        assert "As of **2026-11-05**" not in overview.read_text()
        running.expect("a summary you were editing")
        text = overview.read_text()
        assert "As of **2026-11-05**" in text and text.endswith("My note for Thursday.\n")
    finally:
        running.close()


def test_the_vault_going_away_and_coming_back(
    running: Running, vault: Path, write: WriteNote, tmp_path: Path
) -> None:
    aside = tmp_path / "aside"
    vault.rename(aside)
    vault.mkdir()  # an empty mount point, as a locked encrypted volume leaves
    running.expect("not available")
    assert list(vault.iterdir()) == []  # nothing written into the empty folder
    vault.rmdir()
    aside.rename(vault)
    running.expect("is back")
    running.expect("notes read")


def test_polling_mode(vault: Path, write: WriteNote) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    watch = Running(vault, WatchOptions(poll=True, poll_interval=0.2, debounce=0.1))
    try:
        assert "checked every 0.2 s" in watch.expect("Watching")
        watch.expect("notes read")
        write("Journal/2026-11-02.md", entry("2026-11-02", safety=3))
        watch.expect("1 file changed")
        assert "As of **2026-11-02**" in (vault / "Patterns/Overview.md").read_text()
    finally:
        watch.close()


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_the_command_stops_cleanly(vault: Path, write: WriteNote, stop_signal: int) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    with subprocess.Popen(
        [sys.executable, "-m", "plainheal", "watch", str(vault)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    ) as process:
        assert process.stderr is not None
        end = time.monotonic() + DEADLINE
        line = ""
        while "Watching" not in line and time.monotonic() < end:
            line = process.stderr.readline()
        assert "Watching" in line
        process.send_signal(stop_signal)
        code = process.wait(timeout=5)
        rest = process.stderr.read()
    assert code == 0
    assert "Stopped." in rest and "Traceback" not in rest


def test_mounts_without_file_events_are_polled_automatically(
    vault: Path, write: WriteNote, monkeypatch: pytest.MonkeyPatch
) -> None:
    import plainheal.watch.observer as observer_module

    monkeypatch.setattr(observer_module, "polling_reason", lambda _vault: "fuse.gocryptfs")
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    watch = Running(vault, WatchOptions(poll_interval=0.2, debounce=0.1))
    try:
        line = watch.expect("Watching")
        assert "on a fuse.gocryptfs mount" in line and "checked every 0.2 s" in line
        watch.expect("notes read")
        write("Journal/2026-11-02.md", entry("2026-11-02", safety=3))
        watch.expect("1 file changed")
    finally:
        watch.close()


def test_a_new_daily_note_format_is_picked_up(
    running: Running, vault: Path, write: WriteNote
) -> None:
    write("Journal/03-11-2026.md", "---\nsafety: 4\n---\n")
    running.expect("1 file changed")
    settings = vault / ".obsidian/daily-notes.json"
    settings.parent.mkdir(exist_ok=True)
    settings.write_text('{"format": "DD-MM-YYYY"}')
    running.expect("the settings changed")
    assert "As of **2026-11-03**" in (vault / "Patterns/Overview.md").read_text()


def _overview(vault: Path) -> str:
    return (vault / "Patterns/Overview.md").read_text()


def test_an_invalid_config_is_said_once_and_waited_out(
    running: Running, vault: Path, write: WriteNote
) -> None:
    config = vault / "plainheal.toml"
    config.write_text('output = "Patterns"\n[thresholds\n')  # half-typed
    line = running.expect("waiting for a good one")
    assert "plainheal.toml" in line
    config.write_text('output = "Patterns"\n[thresholds\n# still typing\n')
    write("Journal/2026-11-06.md", entry("2026-11-06", safety=5))
    assert not any("waiting for a good one" in x for x in running.quiet_for(1.0))
    assert "As of **2026-11-06**" not in _overview(vault)  # nothing written meanwhile
    config.write_text('output = "Patterns"\n')
    running.expect("is valid again")
    running.expect("notes read")
    assert "As of **2026-11-06**" in _overview(vault)


def test_an_invalid_config_at_the_start_is_waited_out(vault: Path, write: WriteNote) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    write("plainheal.toml", "[[[\n")
    watch = Running(vault, WatchOptions(debounce=0.1, unavailable_retry=0.2))
    try:
        watch.expect("waiting for a good one")
        assert not (vault / "Patterns").exists()
        write("plainheal.toml", "# fixed\n")
        watch.expect("is valid again")
        watch.expect("notes read")
        assert (vault / "Patterns/Overview.md").exists()
    finally:
        watch.close()


def test_a_failing_write_is_said_once_and_tried_again(
    vault: Path, write: WriteNote, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    watch = Running(vault, WatchOptions(debounce=0.1, write_retry=0.3, rescan_every=3600))
    try:
        watch.expect("notes read")
        real_open = os.open
        full = threading.Event()
        full.set()

        def disk_full(path: object, flags: int, *args: int) -> int:
            if full.is_set() and "plainheal-tmp" in str(path):
                raise OSError(28, "No space left on device")
            return real_open(path, flags, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", disk_full)
        write("Journal/2026-11-02.md", entry("2026-11-02", safety=4))
        line = watch.expect("Could not write the summaries")
        assert "No space left on device" in line
        assert not any("Could not write" in x for x in watch.quiet_for(1.0))  # said once
        full.clear()
        watch.expect("Writing works again")
        assert "As of **2026-11-02**" in _overview(vault)
    finally:
        watch.close()


def test_an_unreadable_file_does_not_stop_the_watch(
    running: Running, vault: Path, write: WriteNote, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open  # notes are read with os.open (never waiting on a FIFO)

    def denied(file: object, *args: object, **kwargs: object) -> int:
        if str(file).endswith("2026-11-07.md"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)
    write("Journal/2026-11-07.md", entry("2026-11-07", safety=5))
    running.expect("1 file changed")
    write("Journal/2026-11-08.md", entry("2026-11-08", safety=5))
    running.expect("1 file changed")
    overview = _overview(vault)
    assert "As of **2026-11-08**" in overview and "permission denied" in overview


def test_a_bare_mount_point_is_never_written_into(
    running: Running, vault: Path, write: WriteNote, tmp_path: Path
) -> None:
    aside = tmp_path / "aside"
    vault.rename(aside)
    vault.mkdir()  # the empty mount point a locked encrypted volume leaves
    running.expect("not available")
    write("Journal/2026-11-09.md", entry("2026-11-09", safety=3))  # a sync client, say
    (vault / "plainheal.toml").write_text("")
    running.expect("not the same vault")
    assert not (vault / "Patterns").exists()
    assert running.quiet_for(0.5) == []
    shutil.rmtree(vault)
    aside.rename(vault)
    running.expect("is back")
    running.expect("notes read")


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


def test_poll_interval_option(vault: Path, write: WriteNote) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    with subprocess.Popen(
        [sys.executable, "-m", "plainheal", "watch", str(vault), "--poll",
         "--poll-interval", "0.5"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    ) as process:  # fmt: skip
        assert process.stderr is not None
        line = process.stderr.readline()
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=DEADLINE)
    assert "checked every 0.5 s" in line


def test_a_summary_turned_into_a_link_is_named_once_and_left_alone(
    running: Running, vault: Path, write: WriteNote
) -> None:
    note = vault / "Journal/2026-11-01.md"
    overview = vault / "Patterns/Overview.md"
    overview.unlink()
    overview.symlink_to(note)
    before = note.read_bytes()
    write("Journal/2026-11-02.md", entry("2026-11-02", safety=4))
    line = running.expect("skipped  Patterns/Overview.md")
    assert "is a link; left alone" in line
    running.expect("1 file changed")
    write("Journal/2026-11-03.md", entry("2026-11-03", safety=4))
    later = [running.expect("1 file changed"), *running.quiet_for(0.5)]
    assert not any("skipped  Patterns/Overview.md" in x for x in later)  # said once
    assert note.read_bytes() == before and overview.is_symlink()
    assert (vault / "Patterns/Weeks/2026-W45.md").exists()


def test_a_vault_locked_right_after_the_first_summary_is_not_mistaken(
    vault: Path, write: WriteNote, tmp_path: Path
) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    lines: queue.Queue[str] = queue.Queue()

    def say(line: str) -> None:
        if "notes read" in line:  # locked this very moment, before anything else runs
            vault.rename(tmp_path / "aside")
            vault.mkdir()
            write("Journal/2026-11-09.md", entry("2026-11-09", safety=3))
        lines.put(line)

    stop = threading.Event()
    watcher = Watcher(vault, WatchOptions(debounce=0.1, unavailable_retry=0.1), say=say)
    thread = threading.Thread(target=watcher.run, args=(stop,))
    thread.start()
    try:
        seen: list[str] = []
        end = time.monotonic() + DEADLINE
        while not any("not the same vault" in x for x in seen) and time.monotonic() < end:
            with contextlib.suppress(queue.Empty):
                seen.append(lines.get(timeout=0.5))
        assert any("not the same vault" in x for x in seen), seen
        assert not any("is back" in x for x in seen)
        assert not (vault / "Patterns").exists()
    finally:
        stop.set()
        thread.join(timeout=DEADLINE)


def test_a_deleted_entry_s_pages_say_their_period_is_empty(
    running: Running, vault: Path, write: WriteNote
) -> None:
    note = write("Journal/2026-12-09.md", entry("2026-12-09", safety=2))
    running.expect("1 file changed")
    assert "1 entry" in (vault / "Patterns/Months/2026-12.md").read_text()
    note.unlink()
    running.expect("1 file changed")
    assert "any more" in (vault / "Patterns/Months/2026-12.md").read_text()
    assert "any more" in (vault / "Patterns/Weeks/2026-W50.md").read_text()


def test_a_file_saved_with_a_problem_is_named_at_once(
    running: Running, vault: Path, write: WriteNote
) -> None:
    write("Journal/2026-11-05.md", "---\ndate: 2026-11-05\nempathy: hollow: he said\n---\n")
    line = running.expect("Journal/2026-11-05.md")
    assert "error" in line and "line 3" in line and "he said" not in line
    running.expect("1 file changed")


def _fake_clock_watcher(vault: Path, lines: list[str], now: list[float]) -> Watcher:
    """A watcher whose clock is `now[0]`, polling once an hour (so events never reach it)."""
    options = WatchOptions(poll=True, poll_interval=3600, rescan_every=300)
    return Watcher(vault, options, say=lines.append, clock=lambda: now[0])


def test_the_periodic_rescan_finds_what_events_missed(vault: Path, write: WriteNote) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    lines: list[str] = []
    now = [0.0]
    watcher = _fake_clock_watcher(vault, lines, now)
    try:
        watcher._begin()
        write("Journal/2026-11-03.md", entry("2026-11-03", safety=4))
        now[0] = 299.0
        watcher._step()
        assert not any("missed" in line for line in lines)  # not yet: 300 s after the read
        now[0] = 300.0
        watcher._step()
        assert any("1 missed changes found" in line for line in lines), lines
        assert "As of **2026-11-03**" in (vault / "Patterns/Overview.md").read_text()
    finally:
        watcher._stop_observer()


def test_a_re_dated_entry_updates_the_month_it_left_and_the_one_it_joined(
    vault: Path, write: WriteNote
) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    write("Journal/a.md", entry("2026-10-20", safety=2))
    lines: list[str] = []
    watcher = _fake_clock_watcher(vault, lines, [0.0])
    try:
        watcher._begin()
        october = vault / "Patterns/Months/2026-10.md"
        assert october.exists()
        write("Journal/a.md", entry("2026-09-20", safety=2))  # the date was a typo
        watcher.regenerate({"Journal/a.md"}, full=False, why="1 file changed")
        assert (vault / "Patterns/Months/2026-09.md").exists()
        assert "falls in this month any more" in october.read_text()
    finally:
        watcher._stop_observer()
