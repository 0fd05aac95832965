"""How long `analyze` takes on simulated journals, in milliseconds per journal.

The journals are those of benchmarks/simulate.py (nothing planted, entries on 85% of days;
with `--carry-over`, moods that carry over from one day to the next, as in the calibration's
costliest test), of a few lengths, analysed with the built-in analyzers, with and without
the links analyzer (the test suite's calibration runs both). Each figure is the fastest of
`--repeats` passes over the same journals (the least disturbed by a shared machine) and,
beside it, the median pass.

    python benchmarks/bench_analyze.py                 # 30 journals of each length
    python benchmarks/bench_analyze.py --journals 60 --repeats 7
    python benchmarks/bench_analyze.py --profile 120   # where the time of 120-day ones goes
    python benchmarks/bench_analyze.py --carry-over 0.4
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from simulate import journal, run

from plainheal.entry import Entry

LENGTHS = (30, 120, 240, 365)


def journals(days: int, count: int, carry_over: float = 0.0) -> list[list[Entry]]:
    """`count` seeded journals of `days` days (the same on every run)."""
    rng = random.Random(days)
    return [journal(rng, days, carry_over=carry_over) for _ in range(count)]


def pass_ms(batch: list[list[Entry]], links: bool) -> float:
    """Milliseconds per journal of one pass over `batch`."""
    start = time.perf_counter()
    for entries in batch:
        run(entries, links=links)
    return (time.perf_counter() - start) * 1000 / len(batch)


def main() -> None:
    """Print ms per journal, fastest and median pass, by length, with and without links."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journals", type=int, default=30, help="journals of each length")
    parser.add_argument("--repeats", type=int, default=5, help="passes over them")
    parser.add_argument("--profile", type=int, metavar="DAYS", help="profile one length")
    parser.add_argument(
        "--carry-over", type=float, default=0.0, help="day-to-day correlation of the moods"
    )
    args = parser.parse_args()
    if args.profile:
        batch = journals(args.profile, args.journals, args.carry_over)
        profile = cProfile.Profile()
        profile.runcall(lambda: [run(entries) for entries in batch])
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        return
    carried = f", carry-over {args.carry_over}" if args.carry_over else ""
    print(
        f"analyze, ms per journal ({args.journals} journals{carried}, "
        f"best / median of {args.repeats})"
    )
    print(f"{'days':>6} {'with links':>18} {'without links':>18}")
    for days in LENGTHS:
        batch = journals(days, args.journals, args.carry_over)
        figures = []
        for links in (True, False):
            passes = [pass_ms(batch, links) for _ in range(args.repeats)]
            figures.append(f"{min(passes):7.2f} / {statistics.median(passes):7.2f}")
        print(f"{days:>6} {figures[0]:>18} {figures[1]:>18}")


if __name__ == "__main__":
    main()
