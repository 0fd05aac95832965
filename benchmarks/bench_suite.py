"""How long the whole test suite takes, as the README runs it: `python -m pytest -n auto`.

Runs the suite `--runs` times and prints, for each run, its wall time, the processor time
of pytest and its workers (user and system, of every process waited for), and how busy the
whole machine was meanwhile (from /proc/stat: other work on a shared machine shows up as
busy time that is not the suite's). The wall time is what the target is about; the
processor time moves much less with the machine's load, and says whether a change did less
work. With `--files`, also the processor time of each test file (summed over its tests, set-up
and tear-down included), the most expensive first.

    python benchmarks/bench_suite.py [--runs 3] [--files 15]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# A pytest plugin written to a temporary folder for --files: each worker writes the processor
# time spent between the end of one test and the end of the next, by test file.
_PLUGIN = """
import json, os
_last = None
_spent = {}
def _now():
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system
def pytest_collection_finish(session):
    global _last
    _last = _now()
def pytest_runtest_logfinish(nodeid, location):
    global _last
    if _last is not None:
        now = _now()
        name = nodeid.split("::")[0]
        _spent[name] = _spent.get(name, 0.0) + now - _last
        _last = now
def pytest_unconfigure(config):
    if _spent:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        out = os.path.join(os.environ["BENCH_SUITE_OUT"], worker + ".json")
        with open(out, "w", encoding="utf-8") as handle:
            json.dump(_spent, handle)
"""


def _busy() -> float:
    """Seconds of processor time the whole machine has spent busy since it started."""
    with open("/proc/stat", encoding="ascii") as handle:
        fields = handle.readline().split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq = (int(f) for f in fields[:7])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def run(files: bool, folder: Path) -> tuple[float, float, str]:
    """One run of the suite: (wall seconds, machine busy seconds, pytest's last line)."""
    command = [sys.executable, "-m", "pytest", "-n", "auto", "-p", "no:cacheprovider"]
    env = dict(os.environ)
    if files:
        (folder / "bench_suite_plugin.py").write_text(_PLUGIN, encoding="utf-8")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(folder), env.get("PYTHONPATH")]))
        env["BENCH_SUITE_OUT"] = str(folder)
        command += ["-p", "bench_suite_plugin"]
    busy, start = _busy(), time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output, _ = process.communicate()
    wall = time.perf_counter() - start
    machine = _busy() - busy
    lines = [line for line in output.splitlines() if line.strip()]
    summary = lines[-1] if lines else ""
    if process.returncode != 0:
        print(output, file=sys.stderr)
        raise SystemExit(f"the suite failed: {summary}")
    return wall, machine, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="how many runs (default 3)")
    parser.add_argument(
        "--files", type=int, default=0, help="also list the N test files that cost most"
    )
    args = parser.parse_args()
    walls, cpus = [], []
    cores = os.cpu_count() or 1
    per_file: Counter[str] = Counter()
    for index in range(args.runs):
        with tempfile.TemporaryDirectory() as temporary:
            folder = Path(temporary)
            before = os.times()
            wall, machine, summary = run(args.files > 0, folder)
            after = os.times()
            cpu = (after.children_user - before.children_user) + (
                after.children_system - before.children_system
            )
            for part in folder.glob("*.json"):
                per_file.update(json.loads(part.read_text(encoding="utf-8")))
        walls.append(wall)
        cpus.append(cpu)
        print(
            f"run {index + 1}: {wall:5.1f} s wall, {cpu:5.1f} s of processor time; the "
            f"machine was busy {machine:5.1f} of {wall * cores:5.1f} core-seconds; {summary}",
            flush=True,
        )
    print(
        f"median of {args.runs}: {statistics.median(walls):.1f} s wall, "
        f"{statistics.median(cpus):.1f} s of processor time, on {cores} cores"
    )
    if args.files:
        print(f"\nprocessor seconds by test file (mean of {args.runs} runs):")
        for name, seconds in per_file.most_common(args.files):
            print(f"{seconds / args.runs:7.2f}  {name}")


if __name__ == "__main__":
    main()
