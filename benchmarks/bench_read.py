"""How fast `plainheal check --json` and `summarize --dry-run --json` read a large vault.

Beside them, in the same run, the floors: reading every file, and reading every file and
parsing its frontmatter with libyaml's CSafeLoader. Every figure is a whole process, so
interpreter start-up counts on both sides. plainheal reads (and makes its pages) on two
cores when it has them; the floors use one. The processor time beside each wall time is
the work done: on a machine busy with other work, the wall time of the two-core runs
grows towards it.

    python benchmarks/bench_read.py              # 10,000 entries
    python benchmarks/bench_read.py --scaling    # 1,000 to 50,000 entries, summarize
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from measure import Measurement, best_of, interleaved
from vaultgen import vault

READ_FLOOR = """
import os, sys
for root, _, files in os.walk(sys.argv[1]):
    for name in files:
        if name.endswith(".md"):
            with open(os.path.join(root, name), "rb") as handle:
                handle.read()
"""

YAML_FLOOR = """
import os, sys, yaml
for root, _, files in os.walk(sys.argv[1]):
    for name in files:
        if name.endswith(".md"):
            with open(os.path.join(root, name), "rb") as handle:
                text = handle.read().decode("utf-8")
            if text.startswith("---\\n"):
                end = text.find("\\n---\\n", 4)
                yaml.load(text[4:end], Loader=yaml.CSafeLoader)
"""


def _row(label: str, result: Measurement, floor: float | None = None) -> str:
    ratio = f"{result.seconds / floor:5.2f}x floor" if floor else ""
    return (
        f"  {label:<40} {result.seconds:7.3f} s  {result.cpu:6.2f} s cpu  "
        f"{result.peak_mb:6.1f} MB  {ratio}"
    )


def one(size: int, runs: int) -> None:
    """The four figures for one vault size."""
    folder = str(vault(size))
    python = sys.executable
    results = interleaved(
        {
            "floor: read every file": [python, "-c", READ_FLOOR, folder],
            "floor: read + libyaml CSafeLoader": [python, "-c", YAML_FLOOR, folder],
            "plainheal check --json": [python, "-m", "plainheal", "check", folder, "--json"],
            "plainheal summarize --dry-run --json": [
                python,
                "-m",
                "plainheal",
                "summarize",
                folder,
                "--dry-run",
                "--json",
            ],
        },
        runs,
    )
    floor = results["floor: read + libyaml CSafeLoader"].seconds
    print(
        f"{size:,} entries (best of {runs} interleaved runs: wall time, processor time of "
        "the process and its workers, peak memory of the main process)"
    )
    for label, result in results.items():
        ratio = floor if label.startswith("plainheal") else None
        print(_row(label, result, ratio))


def scaling(runs: int) -> None:
    """How `summarize --dry-run --json` grows with the vault."""
    print(f"summarize --dry-run --json, best of {runs} runs")
    previous = None
    for size in (1_000, 5_000, 10_000, 20_000, 50_000):
        folder = str(vault(size))
        result = best_of(
            [sys.executable, "-m", "plainheal", "summarize", folder, "--dry-run", "--json"], runs
        )
        per = result.seconds / size * 1e6
        growth = f"  x{result.seconds / previous:4.2f} time" if previous else ""
        print(
            f"  {size:>6,} entries {result.seconds:7.3f} s  {per:6.1f} µs/entry  "
            f"{result.peak_mb:6.1f} MB{growth}"
        )
        previous = result.seconds


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scaling", action="store_true")
    args = parser.parse_args()
    if args.scaling:
        scaling(args.runs)
    else:
        one(args.size, args.runs)


if __name__ == "__main__":
    main()
