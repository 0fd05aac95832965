import datetime as dt
import gc
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from plainheal.read import files as files_module
from plainheal.read import vault as read_module
from plainheal.read.config import Config
from plainheal.read.parallel import fork_map
from plainheal.read.vault import VaultError, list_vault, read_journal

from conftest import WriteNote, entry, snapshot


def test_reads_entries_in_date_then_path_order(vault: Path, write: WriteNote) -> None:
    write("Journal/b/2026-11-02.md", entry("2026-11-02", safety=3))
    write("Journal/a/2026-11-02.md", entry("2026-11-02", safety=4))
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=2))
    write("Notes/recipe.md", "# Soup\n")
    journal = read_journal(vault)
    assert [e.path for e in journal.entries] == [
        "Journal/2026-11-01.md",
        "Journal/a/2026-11-02.md",
        "Journal/b/2026-11-02.md",
    ]
    assert journal.problems == ()


def test_conflicts_are_reported_not_counted(vault: Path, write: WriteNote) -> None:
    write("Journal/2026-11-20.md", entry("2026-11-20", safety=3))
    write(
        "Journal/2026-11-20.sync-conflict-20261121-101010-ABCDEFG.md", entry("2026-11-20", safety=1)
    )
    journal = read_journal(vault)
    assert len(journal.entries) == 1
    (conflict,) = journal.conflicts
    assert conflict.original == "Journal/2026-11-20.md"


@pytest.mark.parametrize(
    "copy",
    [
        "Journal/2026-11-20.sync-conflict-20261121-101010-ABCDEFG.MD",  # the client's case
        "Journal/2026-11-20-DESKTOP-AB12CD3.md",  # OneDrive: the computer's name added
        "Journal/2026-11-20-LAPTOP-K2J4H6G8.md",
        "Journal/2026-11-20 2.md",  # iCloud Drive keeps both by numbering the second
        "Journal/2026-11-20 (1).md",  # Google Drive
    ],
)
def test_conflict_copies_of_other_clients_are_not_counted_twice(
    vault: Path, write: WriteNote, copy: str
) -> None:
    write("Journal/2026-11-20.md", entry("2026-11-20", safety=3))
    write(copy, entry("2026-11-20", safety=1))
    journal = read_journal(vault)
    assert [e.path for e in journal.entries] == ["Journal/2026-11-20.md"]
    assert [(c.path, c.original) for c in journal.conflicts] == [(copy, "Journal/2026-11-20.md")]


def test_a_computer_name_without_its_original_is_an_ordinary_note(
    vault: Path, write: WriteNote
) -> None:
    write("Journal/Notes-DESKTOP-AB12CD3.md", entry("2026-11-20", safety=3))
    journal = read_journal(vault)
    assert len(journal.entries) == 1 and journal.conflicts == ()


def test_one_bad_file_never_stops_the_rest(vault: Path, write: WriteNote) -> None:
    write("2026-11-01.md", "---\ndate: [\n---\n")
    (vault / "2026-11-02.md").write_bytes(b"\x00\x01binary")
    write("2026-11-03.md", entry("2026-11-03", safety=4))
    journal = read_journal(vault)
    assert [e.path for e in journal.entries] == ["2026-11-03.md"]
    assert {p.path: p.code for p in journal.problems} == {
        "2026-11-01.md": "yaml-syntax",
        "2026-11-02.md": "binary",
    }
    assert journal.has_errors


def test_symlink_loops(vault: Path, write: WriteNote) -> None:
    write("Journal/2026-11-03.md", entry("2026-11-03", safety=4))
    os.symlink("loop.md", vault / "Journal" / "loop.md")
    os.symlink("..", vault / "Journal" / "up")
    (vault / "Journal" / "Days").mkdir()
    os.symlink("..", vault / "Journal" / "Days" / "back")
    journal = read_journal(vault)
    assert [e.path for e in journal.entries] == ["Journal/2026-11-03.md"]
    assert {p.path: (p.code, p.message) for p in journal.problems} == {
        "Journal/loop.md": ("symlink-loop", "is a link that loops back on itself"),
        "Journal/up": ("symlink-loop", "is a link to a folder that holds the vault; skipped"),
        "Journal/Days/back": ("symlink-loop", "is a folder link that loops back; skipped"),
    }


def test_a_file_deleted_between_listing_and_reading(
    vault: Path, write: WriteNote, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("2026-11-01.md", entry("2026-11-01", safety=4))
    doomed = write("2026-11-02.md", entry("2026-11-02", safety=4))
    real_list = read_module.list_vault

    def list_then_delete(folder: Path, config: Config) -> read_module.Listing:
        listing = real_list(folder, config)
        doomed.unlink()
        return listing

    monkeypatch.setattr(read_module, "list_vault", list_then_delete)
    journal = read_journal(vault)
    assert [e.path for e in journal.entries] == ["2026-11-01.md"]
    assert [(p.path, p.code) for p in journal.problems] == [("2026-11-02.md", "vanished")]


def test_too_large_file(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files_module, "MAX_BYTES", 100)
    (vault / "2026-11-02.md").write_text(entry("2026-11-02") + "x" * 200)
    journal = read_journal(vault)
    assert [p.code for p in journal.problems] == ["too-large"]


def test_reading_changes_nothing(vault: Path, write: WriteNote) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=4))
    write("Journal/bad.md", "---\nsafety: [\n---\n")
    before = snapshot(vault)
    read_journal(vault)
    assert snapshot(vault) == before


def test_config_folders_are_honoured(vault: Path, write: WriteNote) -> None:
    write("plainheal.toml", 'journal = "Journal"\noutput = "Out"\n')
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=4))
    write("Other/2026-11-02.md", entry("2026-11-02", safety=4))
    listing = list_vault(vault, read_journal(vault).config)
    assert listing.notes == ("Journal/2026-11-01.md",)


def test_config_vocabulary_reaches_entries(vault: Path, write: WriteNote) -> None:
    write("plainheal.toml", "[dimensions.honesty]\nvalues = { open = 1, closed = -1 }\n")
    write("2026-11-01.md", entry("2026-11-01", honesty="Open"))
    (journal_entry,) = read_journal(vault).entries
    assert journal_entry.observations == {"honesty": ("open",)}


def test_broken_config_is_a_vault_error(vault: Path, write: WriteNote) -> None:
    write("plainheal.toml", "journal = [\n")
    with pytest.raises(VaultError, match=r"plainheal\.toml: is not valid TOML"):
        read_journal(vault)


def test_missing_vault(tmp_path: Path) -> None:
    with pytest.raises(VaultError):
        read_journal(tmp_path / "nope")


def test_parallel_reading_gives_the_same_journal(
    vault: Path, write: WriteNote, monkeypatch: pytest.MonkeyPatch
) -> None:
    for day in range(1, 29):
        write(f"Journal/2026-02-{day:02d}.md", entry(f"2026-02-{day:02d}", safety=day % 5 + 1))
    write("Journal/bad.md", "---\nsafety: [\n---\n")
    serial = read_journal(vault, parallel=False)
    monkeypatch.setattr(read_module, "PARALLEL_FROM", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # the os parallel.py asks
    forks = _count_forks(monkeypatch)
    parallel = read_journal(vault, parallel=True)
    assert forks == [1]
    assert parallel.entries == serial.entries
    assert parallel.problems == serial.problems


def test_the_vaults_obsidian_date_format_reads_its_names(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian/daily-notes.json").write_text('{"format": "DD-MM-YYYY"}')
    (tmp_path / "Journal").mkdir()
    (tmp_path / "Journal/03-02-2021.md").write_text("---\nsafety: 2\n---\n")
    (tmp_path / "Journal/2021-02-04.md").write_text("---\nsafety: 3\n---\n")
    journal = read_journal(tmp_path, parallel=False)
    assert [e.date for e in journal.entries] == [dt.date(2021, 2, 3), dt.date(2021, 2, 4)]
    (tmp_path / "plainheal.toml").write_text('date_formats = ["MM-DD-YYYY"]\n')
    journal = read_journal(tmp_path, parallel=False)
    assert journal.config.date_formats == ("MM-DD-YYYY", "DD-MM-YYYY")
    assert [e.date for e in journal.entries] == [dt.date(2021, 2, 4), dt.date(2021, 3, 2)]


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_while_mapping_and_left_as_it_was(enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        during = fork_map(lambda item: (item, gc.isenabled()), [1, 2, 3], threshold=10)
        assert during == [(1, False), (2, False), (3, False)]
        assert gc.isenabled() is enabled
        with pytest.raises(ZeroDivisionError):
            fork_map(lambda item: 1 // item, [1, 0], threshold=10)
        assert gc.isenabled() is enabled  # also after the work raised
    finally:
        (gc.enable if was else gc.disable)()


def _count_forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record every fork of parallel.py (1 each, in this process)."""
    forks: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            forks.append(1)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return forks


def test_fork_map_starts_no_more_helpers_than_items(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    forks = _count_forks(monkeypatch)
    assert fork_map(str.upper, ["month", "week"], threshold=2) == ["MONTH", "WEEK"]
    assert forks == [1]  # this process and one helper, for two items
    assert fork_map(str.upper, [], threshold=0) == []
    assert forks == [1]
    assert fork_map(str, range(10), threshold=2) == [str(n) for n in range(10)]
    assert forks == [1, 1, 1, 1]  # three helpers and this process for ten items


class Refused(Exception):
    """An error a helper raises."""


def _refuse_three(item: int) -> int:
    if item == 3:
        raise Refused(f"no {item}")
    return item


def test_an_error_in_a_helper_is_raised_here_and_no_helper_is_left(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    forks = _count_forks(monkeypatch)
    # Item 3 falls to the helper (the odd items); item 0 to this process.
    with pytest.raises(Refused, match="no 3"):
        fork_map(_refuse_three, [0, 1, 2, 3], threshold=2)
    with pytest.raises(Refused, match="no 3"):  # here, with the helper still at work
        fork_map(_refuse_three, [3, 1, 2, 5], threshold=2)
    assert forks == [1, 1]
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # every helper was waited for: none is left


def test_results_a_helper_cannot_send_back_are_made_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    forks = _count_forks(monkeypatch)
    made = fork_map(_unpicklable, [1, 2], threshold=2)
    assert forks == [1] and [make() for make in made] == [1, 2]


def _unpicklable(item: int) -> Callable[[], int]:
    return lambda: item  # a lambda cannot be pickled, so a helper cannot send it back


_TEST_PROCESS = os.getpid()


def _killed_in_a_helper(item: int) -> int:
    if os.getpid() != _TEST_PROCESS:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel does when memory runs out
    return item * 2


def test_a_helper_killed_at_work_has_its_share_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    forks = _count_forks(monkeypatch)
    assert fork_map(_killed_in_a_helper, [1, 2, 3, 4], threshold=2) == [2, 4, 6, 8]
    assert forks == [1]
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # the dead helper was collected


def test_a_helper_dies_with_the_process_that_forked_it(tmp_path: Path) -> None:
    """Killed (even by SIGKILL) while its helpers read, a command leaves none behind."""
    helper_file = tmp_path / "helper"
    script = (
        "import os, signal, sys, time\n"
        "from plainheal.read import parallel\n"
        "parent = os.getpid()\n"
        "def work(item):\n"
        "    if os.getpid() != parent:\n"
        # Written aside, then renamed: the parent, waiting for the name, never reads it empty.
        f"        open({str(helper_file)!r} + '.new', 'w').write(str(os.getpid()))\n"
        f"        os.replace({str(helper_file)!r} + '.new', {str(helper_file)!r})\n"
        "        time.sleep(60)\n"
        f"    while not os.path.exists({str(helper_file)!r}):\n"
        "        time.sleep(0.01)\n"
        "    os.kill(parent, signal.SIGKILL)\n"
        "os.cpu_count = lambda: 2\n"
        "parallel.fork_map(work, [0, 1], threshold=2)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], timeout=30, capture_output=True)
    assert done.returncode == -signal.SIGKILL, done.stderr
    helper = helper_file.read_text()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{helper}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            break  # gone
        if state == "Z":
            break  # dead, waiting for init to collect it
        time.sleep(0.02)
    else:
        pytest.fail(f"helper {helper} still running 10 s after its parent was killed")


def test_a_report_export_put_beside_an_annotated_one_is_not_a_copy(
    vault: Path, write: WriteNote
) -> None:
    # `Report 2026-11-20 (2).md` beside `Report 2026-11-20.md` has a copy's name, but
    # plainheal wrote it (review 4, F6): passed over as a generated file, not listed as a
    # copy to merge into the person's notes.
    write("Journal/2026-11-20.md", entry("2026-11-20", safety=3))
    write("Journal/Report 2026-11-20.md", "---\nplainheal: export\n---\n# Report\n\nMy notes.\n")
    write("Journal/Report 2026-11-20 (2).md", "---\nplainheal: export\n---\n# Report\n")
    journal = read_journal(vault)
    assert journal.conflicts == ()
    assert [e.path for e in journal.entries] == ["Journal/2026-11-20.md"]
    from plainheal.read.incremental import JournalState

    state = JournalState(vault)
    state.refresh(["Journal/Report 2026-11-20 (2).md"])
    assert state.journal().conflicts == ()
