"""How quickly `plainheal watch` brings the overview up to date after one entry is saved.

On a copy of the 10,000-entry benchmark vault: start `plainheal watch`, save one entry 20
times (each time as the next day's entry, so the overview must change), and time each save
until the new `Patterns/Overview.md` is on disk. The debounce is subtracted. Memory is
the watcher's peak resident size.

    python benchmarks/bench_watch.py [--size 10000] [--saves 20] [--debounce 0.2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from vaultgen import ROOT, vault

ENTRY = """---
date: {date}
accountability: full
empathy: connected
safety: {safety}
---
Saved for the benchmark, version {version}.
"""


def _wait_for(path: Path, previous: int, deadline: float) -> int:
    """Poll the file's mtime until it changes; return the new one."""
    while time.perf_counter() < deadline:
        try:
            mtime = path.stat().st_mtime_ns
        except FileNotFoundError:
            mtime = 0
        if mtime != previous:
            return mtime
        time.sleep(0.002)
    raise TimeoutError(f"{path} did not change")


def _peak_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--debounce", type=float, default=0.2)
    args = parser.parse_args()
    source = vault(args.size)
    with tempfile.TemporaryDirectory(dir=ROOT) as scratch:
        copy = Path(scratch) / "vault"
        shutil.copytree(source, copy)
        latest = max((copy / "Journal").rglob("*.md"))
        date = latest.stem[:10]
        target = latest.with_name(f"{date} benchmark.md")
        overview = copy / "Patterns" / "Overview.md"
        command = [sys.executable, "-m", "plainheal", "watch", str(copy),
                   "--debounce", str(args.debounce)]  # fmt: skip
        with subprocess.Popen(command, stderr=subprocess.PIPE, text=True) as watcher:
            assert watcher.stderr is not None
            start = time.perf_counter()
            for line in watcher.stderr:
                if "notes read" in line:
                    break
            startup = time.perf_counter() - start
            # Keep reading what it says, so that its pipe never fills up.
            messages: list[str] = []
            reader = threading.Thread(target=lambda: messages.extend(watcher.stderr or []))
            reader.start()
            latencies = []
            mtime = overview.stat().st_mtime_ns
            for version in range(args.saves):
                # Each save is the next day's entry: the overview's as-of date must change.
                day = dt.date.fromisoformat(date) + dt.timedelta(days=version + 1)
                text = ENTRY.format(date=day, safety=1 + version % 5, version=version)
                saved = time.perf_counter()
                target.write_text(text, encoding="utf-8")
                try:
                    mtime = _wait_for(overview, mtime, saved + 30)
                except TimeoutError:
                    watcher.kill()
                    reader.join()
                    raise SystemExit(
                        "the overview was not updated; plainheal said:\n" + "".join(messages)
                    ) from None
                latencies.append(time.perf_counter() - saved - args.debounce)
                time.sleep(args.debounce * 3)  # let the month and week pages follow
            peak = _peak_mb(watcher.pid)
            watcher.send_signal(signal.SIGINT)
            watcher.wait(timeout=10)
            reader.join()
    median = statistics.median(latencies) * 1000
    worst = max(latencies) * 1000
    print(f"plainheal watch on {args.size:,} entries (debounce {args.debounce:g} s subtracted)")
    print(f"  start-up (read and summarize everything)  {startup:7.3f} s")
    print(f"  save -> overview on disk, median          {median:7.1f} ms")
    print(f"  save -> overview on disk, worst of {len(latencies):<3}    {worst:7.1f} ms")
    print(f"  peak memory while watching                {peak:7.1f} MB")


if __name__ == "__main__":
    main()
