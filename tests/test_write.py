import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from plainheal.write import (
    WriteError,
    inside,
    remove_stale_temporaries,
    temporary_name,
    write_atomic,
)


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
import plainheal.write as w
real_replace = os.replace
def stall(src, dst):
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
    assert len(leftovers) == 1 and leftovers[0].name.startswith(".Overview.md.plainheal-tmp-")
    assert target.read_bytes() == b"old contents"
    assert remove_stale_temporaries(tmp_path / "Patterns") == leftovers
    assert sorted(p.name for p in target.parent.iterdir()) == ["Overview.md"]


def test_temporary_name_is_hidden_and_beside_the_target(tmp_path: Path) -> None:
    name = temporary_name(tmp_path / "Overview.md")
    assert name.parent == tmp_path and name.name.startswith(".")
