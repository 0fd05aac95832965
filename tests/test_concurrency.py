"""Runs at once never break each other: each removes only temporaries it may remove."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from plainheal.watch.loop import Watcher, WatchOptions

from conftest import WriteNote, entry

pytestmark = pytest.mark.slow

RUNS = 4  # processes at once: bounded, for a shared two-core machine
ROUNDS = 4

# One process imports plainheal once, then for each line it is sent forks that many
# `plainheal summarize` runs at once (separate processes, each with its own pid, as runs
# started apart would be) and says how each ended. Forking from a process with no threads is
# safe; it spares the test a fresh interpreter per run. Their errors are the test's stderr.
_STARTER = """
import os, sys
from plainheal.cli import main

def summarize():
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # stdout is how this process answers
    try:
        main(["summarize", sys.argv[1]])
    except SystemExit as done:
        os._exit(done.code if isinstance(done.code, int) else 1)
    os._exit(0)

for line in sys.stdin:
    children = []
    for _ in range(int(line)):
        pid = os.fork()
        if pid == 0:
            summarize()
        children.append(pid)
    print("started", flush=True)
    codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]
    print(" ".join(map(str, codes)), flush=True)
"""


class Starter:
    """Starts `plainheal summarize` runs at once, in the vault it was made for."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process

    def start(self, runs: int) -> None:
        """Start `runs` runs at once; returns once they have all started."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"{runs}\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline() == "started\n"

    def codes(self) -> list[int]:
        """The exit codes of the runs started last, once they have all ended."""
        assert self.process.stdout is not None
        return [int(code) for code in self.process.stdout.readline().split()]


@contextmanager
def starter(vault: Path) -> Iterator[Starter]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    with subprocess.Popen(
        [sys.executable, "-c", _STARTER, str(vault)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,  # the runs' errors go to the test's stderr, shown if it fails
        text=True,
        env=env,
    ) as process:
        try:
            yield Starter(process)
        finally:
            assert process.stdin is not None
            process.stdin.close()
            process.wait(timeout=120)


def _outputs(vault: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(vault)): p.read_bytes()
        for p in sorted((vault / "Patterns").rglob("*"))
        if p.is_file()
    }


def test_several_summarize_runs_at_once_all_succeed(vault: Path, write: WriteNote) -> None:
    for day in range(1, 120, 2):
        date = f"2026-{7 + day // 30:02d}-{day % 30 + 1:02d}"
        write(f"Journal/{date}.md", entry(date, safety=day % 5 + 1, boundaries="respected"))
    with starter(vault) as runs:
        for round_ in range(ROUNDS):
            if round_:  # every run must write, so that their temporaries overlap
                for page in (vault / "Patterns").rglob("*.md"):
                    page.write_text(page.read_text().replace("As of", "as of", 1))
            runs.start(RUNS)
            assert runs.codes() == [0] * RUNS
        leftovers = [p for p in (vault / "Patterns").rglob(".*")]
        assert leftovers == []
        together = _outputs(vault)
        runs.start(1)
        assert runs.codes() == [0]
    assert _outputs(vault) == together  # what they wrote is what one run writes


def test_summarize_runs_while_watch_writes(vault: Path, write: WriteNote) -> None:
    for day in range(1, 29):
        write(f"Journal/2026-10-{day:02d}.md", entry(f"2026-10-{day:02d}", safety=day % 5 + 1))
    lines: queue.Queue[str] = queue.Queue()
    watcher = Watcher(vault, WatchOptions(debounce=0.05, ceiling=0.2), say=lines.put)
    thread = threading.Thread(target=watcher.run)
    thread.start()
    try:
        end = time.monotonic() + 60
        while "notes read" not in lines.get(timeout=max(0.1, end - time.monotonic())):
            pass
        with starter(vault) as runs:
            for round_ in range(ROUNDS):
                runs.start(RUNS - 1)
                for day in range(1, 29, 3):  # the watch rewrites the pages meanwhile
                    date = f"2026-10-{day:02d}"
                    write(f"Journal/{date}.md", entry(date, safety=(day + round_) % 5 + 1))
                assert runs.codes() == [0] * (RUNS - 1)
        assert thread.is_alive()
    finally:
        watcher.stop()
        thread.join(timeout=60)
    said = []
    while not lines.empty():
        said.append(lines.get())
    assert not [line for line in said if "Could not write" in line or "skipped" in line]
    assert [p for p in (vault / "Patterns").rglob(".*")] == []
