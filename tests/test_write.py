import errno
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import plainheal.write.atomic as write_module
from plainheal.write.atomic import (
    ABANDONED_AFTER,
    LeftAlone,
    WriteError,
    inside,
    remove_stale_temporaries,
    temporary_name,
    write_atomic,
)
from plainheal.write.folder_fd import Folder, open_folder, split_relative


def test_new_files_and_folders_are_private(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "Overview.md"
    assert write_atomic(target, b"x") == "created"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "a" / "b").stat().st_mode) == 0o700
    assert target.read_bytes() == b"x"


def test_unchanged_bytes_are_not_rewritten(tmp_path: Path) -> None:
    target = tmp_path / "Overview.md"
    write_atomic(target, b"x")
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    assert write_atomic(target, b"x") == "unchanged"
    assert target.stat().st_mtime_ns == 1_000_000_000


def test_replaced_files_keep_their_mode(tmp_path: Path) -> None:
    target = tmp_path / "Overview.md"
    target.write_bytes(b"old")
    target.chmod(0o640)
    assert write_atomic(target, b"new") == "updated"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert not list(tmp_path.glob(".*"))


def test_nothing_outside_the_vault(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "out").symlink_to(tmp_path)
    with pytest.raises(WriteError, match="outside the vault"):
        inside(vault, "out/Overview.md")
    with pytest.raises(WriteError):
        inside(vault, "../elsewhere.md")
    assert inside(vault, "Patterns/Overview.md") == vault.resolve() / "Patterns/Overview.md"


_KILLED_WRITER = """
import os, sys, time
from pathlib import Path
import plainheal.write.atomic as w
real_replace = os.replace
def stall(src, dst, **in_folders):
    print("ready", flush=True)
    time.sleep(60)
os.replace = stall
w.write_atomic(Path(sys.argv[1]), b"new contents")
"""


def test_a_run_killed_mid_write_loses_nothing_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "Patterns" / "Overview.md"
    target.parent.mkdir()
    target.write_bytes(b"old contents")
    with subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(target)], stdout=subprocess.PIPE, text=True
    ) as process:
        try:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "ready"
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
    leftovers = [p for p in target.parent.iterdir() if p.name != "Overview.md"]
    # SIGKILL cannot be caught: the next run recognises the file as abandoned.
    assert len(leftovers) == 1 and leftovers[0].name.startswith(".Overview.md.plainheal-tmp-")
    assert target.read_bytes() == b"old contents"
    assert remove_stale_temporaries(tmp_path / "Patterns") == leftovers
    assert sorted(p.name for p in target.parent.iterdir()) == ["Overview.md"]


def test_temporary_name_is_hidden_and_beside_the_target(tmp_path: Path) -> None:
    name = temporary_name(tmp_path / "Overview.md")
    assert name.parent == tmp_path and name.name.startswith(".")


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


def _temporary(folder: Path, pid: int, host: str = write_module.HOST, age: float = 0) -> Path:
    name = temporary_name(folder / "Overview.md").name
    mine = f"-{os.getpid()}-{write_module.HOST}-"
    path = folder / name.replace(mine, f"-{pid}-{host}-")
    path.write_bytes(b"half a summary")
    if age:
        old = path.stat().st_mtime - age
        os.utime(path, (old, old))
        created = name.rsplit("-", 1)[1]
        path = path.rename(path.with_name(path.name.replace(created, str(int(old)))))
    return path


def test_only_abandoned_temporaries_are_removed(tmp_path: Path) -> None:
    dead = _temporary(tmp_path, _dead_pid())
    running = _temporary(tmp_path, os.getppid())  # another run, still writing
    mine_left_over = _temporary(tmp_path, os.getpid())  # not being written by this process
    elsewhere = _temporary(tmp_path, 1, host="0badc0de")  # another device, via sync
    elsewhere_old = _temporary(tmp_path, 1, host="0badc0de", age=ABANDONED_AFTER + 60)
    reused_pid_old = _temporary(tmp_path, os.getppid(), age=ABANDONED_AFTER + 60)
    removed = remove_stale_temporaries(tmp_path)
    assert sorted(removed) == sorted([dead, mine_left_over, elsewhere_old, reused_pid_old])
    assert running.exists() and elsewhere.exists()


def test_a_temporary_that_cannot_be_removed_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A vault on a disk mounted read-only: the abandoned temporary stays, and the run goes on
    # (it was a traceback in summarize and watch).
    stuck = _temporary(tmp_path, _dead_pid())
    (tmp_path / "Weeks").mkdir()
    other = _temporary(tmp_path / "Weeks", _dead_pid())
    unlink = os.unlink

    def read_only(path: str, *, dir_fd: int | None = None) -> None:
        if str(path) == stuck.name or str(path) == str(stuck):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        unlink(path, dir_fd=dir_fd)

    monkeypatch.setattr(os, "unlink", read_only)
    assert remove_stale_temporaries(tmp_path) == [other]
    assert stuck.exists() and not other.exists()


def test_a_temporary_being_written_is_never_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "Overview.md"
    removed_meanwhile: list[Path] = []
    real_fsync = os.fsync

    def fsync_while_another_run_cleans(descriptor: int) -> None:
        removed_meanwhile.extend(remove_stale_temporaries(tmp_path))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync_while_another_run_cleans)
    assert write_atomic(target, b"x") == "created"
    assert removed_meanwhile == [] and target.read_bytes() == b"x"


def test_temporary_names_are_unique_and_short_enough(tmp_path: Path) -> None:
    long_name = tmp_path / ("n" * 250 + ".md")
    names = {temporary_name(long_name).name for _ in range(50)}
    assert len(names) == 50 and all(len(n.encode()) <= 255 for n in names)


def test_a_long_name_in_several_bytes_a_character_can_be_written(tmp_path: Path) -> None:
    # 80 × 报: 240 bytes, a valid name; its temporary keeps 100 bytes of it, whole characters.
    target = tmp_path / ("报" * 80 + ".md")
    temporary = temporary_name(target).name
    assert len(temporary.encode("utf-8")) <= 255 and temporary.startswith("." + "报" * 33 + ".")
    write_atomic(target, b"report\n")
    assert target.read_bytes() == b"report\n"


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, SystemExit, OSError])
def test_an_interrupted_write_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interruption: type[BaseException]
) -> None:
    target = tmp_path / "report.md"
    target.write_bytes(b"old")

    def interrupted(_src: object, _dst: object, **_in_folders: object) -> None:
        raise interruption()

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises((interruption, WriteError)):
        write_atomic(target, b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]
    assert target.read_bytes() == b"old"


def _make(kind: str, path: Path, note: Path) -> None:
    if kind == "symlink":
        path.symlink_to(note)
    elif kind == "hard link":
        os.link(note, path)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # like /dev/null
    elif kind == "folder":
        path.mkdir()


@pytest.mark.parametrize("kind", ["symlink", "hard link", "fifo", "device", "folder"])
def test_never_written_through_links_fifos_or_devices(tmp_path: Path, kind: str) -> None:
    note = tmp_path / "2026-11-20.md"
    note.write_bytes(b"my entry <!-- plainheal:begin --><!-- plainheal:end -->")
    target = tmp_path / "Overview.md"
    try:
        _make(kind, target, note)
    except PermissionError:
        pytest.fail(f"this test needs to be able to make a {kind}")
    with pytest.raises(LeftAlone, match="left alone"):
        write_atomic(target, b"summary", shown="Patterns/Overview.md")
    assert note.read_bytes().startswith(b"my entry")
    assert os.path.lexists(target) and not list(tmp_path.glob(".*"))


@pytest.mark.parametrize("descriptors", [True, False], ids=["held open", "by path"])
def test_links_on_the_way_to_a_file_are_refused(tmp_path: Path, descriptors: bool) -> None:
    vault = tmp_path / "vault"
    (vault / "Journal").mkdir(parents=True)
    (vault / "Patterns").symlink_to(vault / "Journal")
    with pytest.raises(LeftAlone, match=r"^Patterns is a link"):
        open_folder(vault, ["Patterns"], descriptors=descriptors)
    (vault / "Patterns").unlink()
    (vault / "Patterns").mkdir()
    (vault / "Patterns/Months").write_text("not a folder")
    with pytest.raises(LeftAlone, match="Patterns/Months is not a folder"):
        open_folder(vault, ["Patterns", "Months"], descriptors=descriptors)
    assert open_folder(vault, ["Patterns", "Weeks"], descriptors=descriptors) is None
    with pytest.raises(WriteError, match="not a plain path"):
        split_relative("Patterns/../Journal/x.md")
    assert split_relative("Patterns/Weeks/2026-W47.md") == (("Patterns", "Weeks"), "2026-W47.md")


def test_a_full_or_read_only_disk_is_fatal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def full(path: object, flags: int, mode: int = 0o777, **at: int | None) -> int:
        if "plainheal-tmp" in str(path):
            raise OSError(28, "No space left on device")
        return real_open(path, flags, mode, **at)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", full)
    with pytest.raises(WriteError, match=r"Patterns/Overview\.md: could not be written") as error:
        write_atomic(tmp_path / "Overview.md", b"x", shown="Patterns/Overview.md")
    assert error.value.fatal


def test_a_file_replaced_by_another_run_while_being_looked_at_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "Overview.md"
    target.write_bytes(b"old")
    real = write_module._stat_in

    def another_run_renames_meanwhile(folder: Folder, name: str) -> os.stat_result | None:
        info = real(folder, name)
        if name == target.name:
            newer = tmp_path / "newer"
            newer.write_bytes(b"newer")
            os.replace(newer, target)
        return info

    monkeypatch.setattr(write_module, "_stat_in", another_run_renames_meanwhile)
    assert write_module.read_regular(target, "Patterns/Overview.md") == b"newer"


def test_what_the_caller_read_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plainheal.write import atomic

    reads: list[Path] = []
    real = atomic.read_regular

    def counting(target: Path, shown: str) -> bytes | None:
        reads.append(target)
        return real(target, shown)

    monkeypatch.setattr(atomic, "read_regular", counting)
    new = tmp_path / "new.md"
    assert atomic.write_atomic(new, b"x", current=None) == "created"  # known to be absent
    assert atomic.write_atomic(new, b"x", current=b"x") == "unchanged"
    assert reads == []
    assert atomic.write_atomic(new, b"y") == "updated"  # not given: read once
    assert reads == [new]
