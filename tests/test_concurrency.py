"""Runs at once never break each other: each removes only temporaries it may remove."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import WriteNote, entry

RUNS = 4  # processes at once: bounded, for a shared two-core machine
ROUNDS = 4


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
    command = [sys.executable, "-m", "plainheal", "summarize", str(vault)]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    failures = []
    for round_ in range(ROUNDS):
        if round_:  # every run must write, so that their temporaries overlap
            for page in (vault / "Patterns").rglob("*.md"):
                page.write_text(page.read_text().replace("As of", "as of", 1))
        processes = [
            subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
            for _ in range(RUNS)
        ]
        for process in processes:
            _, err = process.communicate(timeout=120)
            if process.returncode != 0:
                failures.append(err.decode())
    assert failures == []
    leftovers = [p for p in (vault / "Patterns").rglob(".*")]
    assert leftovers == []
    together = _outputs(vault)
    subprocess.run(command, check=True, capture_output=True)
    assert _outputs(vault) == together  # what they wrote is what one run writes


def test_summarize_runs_while_watch_writes(vault: Path, write: WriteNote) -> None:
    import queue
    import threading
    import time

    from plainheal.watch.loop import Watcher, WatchOptions

    for day in range(1, 29):
        write(f"Journal/2026-10-{day:02d}.md", entry(f"2026-10-{day:02d}", safety=day % 5 + 1))
    lines: queue.Queue[str] = queue.Queue()
    watcher = Watcher(vault, WatchOptions(debounce=0.05, ceiling=0.2), say=lines.put)
    thread = threading.Thread(target=watcher.run)
    thread.start()
    command = [sys.executable, "-m", "plainheal", "summarize", str(vault)]
    failures = []
    try:
        end = time.monotonic() + 60
        while "notes read" not in lines.get(timeout=max(0.1, end - time.monotonic())):
            pass
        for round_ in range(ROUNDS):
            processes = [
                subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                for _ in range(RUNS - 1)
            ]
            for day in range(1, 29, 3):  # the watch rewrites the pages meanwhile
                date = f"2026-10-{day:02d}"
                write(f"Journal/{date}.md", entry(date, safety=(day + round_) % 5 + 1))
            for process in processes:
                _, err = process.communicate(timeout=120)
                if process.returncode != 0:
                    failures.append(err.decode())
        assert thread.is_alive()
    finally:
        watcher.stop()
        thread.join(timeout=60)
    said = []
    while not lines.empty():
        said.append(lines.get())
    assert failures == []
    assert not [line for line in said if "Could not write" in line or "skipped" in line]
    assert [p for p in (vault / "Patterns").rglob(".*")] == []
