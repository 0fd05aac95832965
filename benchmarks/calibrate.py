"""How often plainheal claims a change where there is none, and finds one that is there.

Seeded simulated journals (benchmarks/simulate.py): journals where nothing changes, and
journals with one planted effect of a size a person would notice. Prints one table.

    python benchmarks/calibrate.py                 # 200 journals per row (a minute or two)
    python benchmarks/calibrate.py --journals 50   # quicker, rougher
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from simulate import (
    Counts,
    declining,
    drift,
    early_fall,
    journal,
    linked_safety,
    noticed,
    rating_claims,
    run,
    safety_rises,
    step,
    trend_claims,
)

from plainheal.analyze.analysis import Analysis
from plainheal.api import Thresholds
from plainheal.entry import Entry

Row = tuple[str, str, str, Counts]


def _rows(
    name: str,
    make: Callable[[random.Random], list[Entry]],
    measures: list[tuple[str, str, Callable[[Analysis], tuple[float, int]]]],
    journals: int,
    seed: int,
    thresholds: Thresholds | None = None,
) -> list[Row]:
    rng = random.Random(seed)
    totals = [Counts() for _ in measures]
    for _ in range(journals):
        analysis = run(make(rng), thresholds)
        totals = [
            total.add(*measure(analysis))
            for total, (_, _, measure) in zip(totals, measures, strict=True)
        ]
    return [
        (name, claim, goal, total) for (claim, goal, _), total in zip(measures, totals, strict=True)
    ]


def _any(found: bool) -> tuple[float, int]:
    return int(found), 1


def _any_rating(analysis: Analysis) -> tuple[float, int]:
    """Whether any rating is said to be higher or lower now: what a person reads."""
    return _any(any(r.direction in ("higher", "lower") for r in analysis.ratings))


def _any_direction(analysis: Analysis) -> tuple[float, int]:
    """Whether any dimension is said to be rising or falling: what a person reads."""
    return _any(any(d.direction in ("rising", "falling") for d in analysis.dimensions))


def table(journals: int, seed: int = 2026, only: str = "all") -> list[Row]:
    """The rows of the calibration table: `only` "null" (nothing changes), "planted" or
    "all"."""
    null_measures = [
        ("rating comparisons: higher/lower", "≤ 5%", rating_claims),
        ("trend words: rising/falling", "≤ 5%", trend_claims),
        ("journals with any trend word", "≤ 10%", _any_direction),
        ("journals with any rating word", "≤ 10%", _any_rating),
        ("journals with any link", "≤ 10%", lambda a: _any(noticed(a, "linked-to-"))),
        ("early-effort-fading", "≤ 5%", lambda a: _any(noticed(a, "early-effort-fading"))),
    ]
    rows: list[Row] = []
    if only != "planted":
        rows += _null_rows(journals, seed, null_measures)
    if only == "null":
        return rows
    rows += _planted_rows(journals, seed)
    rows += _short_rows(journals, seed)
    return rows


def _unchanged(days: int) -> Callable[[random.Random], list[Entry]]:
    """Journals of `days` days where nothing changes."""
    return lambda rng: journal(rng, days)


def _null_rows(
    journals: int,
    seed: int,
    null_measures: list[tuple[str, str, Callable[[Analysis], tuple[float, int]]]],
) -> list[Row]:
    rows: list[Row] = []
    for label, days in (("3 weeks", 21), ("4 months", 120), ("6 months", 180), ("1 year", 365)):
        rows += _rows(
            f"no change, {label}",
            _unchanged(days),
            null_measures,
            journals,
            seed + days,
        )
    rows += _rows(
        "no change, mostly positive (70%), 4 months",
        lambda rng: journal(rng, 120, lambda _d, _k: (0.7, 0.15)),
        null_measures[1:],
        journals,
        seed + 7,
    )
    rows += _carry_over_rows(journals, seed)
    return rows


def _carry_over_rows(journals: int, seed: int) -> list[Row]:
    """Nothing linked, while each rating carries over from one day to the next (moods do:
    a day-to-day correlation of 0.2–0.5 is usual in diaries), for the links, which compare
    days; and what that correlation comes to in the ratings written down."""
    rows: list[Row] = []
    for carry_over in (0.2, 0.4):
        for label, days in (("4 months", 120), ("6 months", 180), ("1 year", 365)):
            rows += _rows(
                f"no link, ratings carrying over ({carry_over}), {label}",
                _carried_over(days, carry_over),
                [
                    ("journals with any link", "≤ 10%", lambda a: _any(noticed(a, "linked-to-"))),
                ],
                journals,
                seed + days + int(carry_over * 1000),
            )
    return rows


def _carried_over(days: int, carry_over: float) -> Callable[[random.Random], list[Entry]]:
    """Journals of `days` days where nothing changes and each rating carries over."""
    return lambda rng: journal(rng, days, carry_over=carry_over)


def _short_rows(journals: int, seed: int) -> list[Row]:
    """Why links wait for `link_min_weeks` (8) weeks of ratings: the planted link of the
    5-month row on shorter journals, looked for without that minimum. The test keeps the
    false discovery rate (averaged over every journal, most of which show no link) at alpha,
    but a short journal leaves it so little power that among the links it does show, most
    are chance: these rows count the links shown that were not planted, out of all shown."""
    rows: list[Row] = []
    unlimited = Thresholds(link_min_weeks=0)
    for weeks in (4, 6, 8, 13):
        rows += _rows(
            f"the planted link on {weeks} weeks, no minimum of weeks",
            _linked(7 * weeks),
            [
                (
                    "linked-to-safety (transparency: withheld)",
                    "info",
                    lambda a: _any(noticed(a, "linked-to-safety", "transparency: withheld")),
                ),
                ("links shown that were not planted", "info", _unplanted_shown),
            ],
            journals,
            seed + 11 + weeks,
            unlimited,
        )
    return rows


def _linked(days: int) -> Callable[[random.Random], list[Entry]]:
    """Journals of `days` days with the planted link."""
    return lambda rng: journal(rng, days, centres=linked_safety)


def _unplanted_shown(analysis: Analysis) -> tuple[float, int]:
    """(links shown that were not planted, links shown): summed over journals, the share of
    the links a person would see that are chance (see `_unplanted_links` for which count as
    planted)."""
    links = [f for _, f in analysis.findings("noticed") if f.id.startswith("linked-to-")]
    share, _ = _unplanted_links(analysis)
    return round(share * len(links)), len(links)


def _planted_rows(journals: int, seed: int) -> list[Row]:
    rows: list[Row] = []
    rows += _rows(
        "safety 1 point lower with withheld transparency, 5 months",
        lambda rng: journal(rng, 150, centres=linked_safety),
        [
            (
                "linked-to-safety (transparency: withheld)",
                "≥ 90%",
                lambda a: _any(noticed(a, "linked-to-safety", "transparency: withheld")),
            ),
            ("links not planted (false discovery rate)", "≤ 5%", _unplanted_links),
        ],
        journals,
        seed + 1,
    )
    rows += _rows(
        "the same, with ratings carrying over (0.4)",
        lambda rng: journal(rng, 150, centres=linked_safety, carry_over=0.4),
        [
            (
                "linked-to-safety (transparency: withheld)",
                "≥ 90%",
                lambda a: _any(noticed(a, "linked-to-safety", "transparency: withheld")),
            ),
            ("links not planted (false discovery rate)", "≤ 5%", _unplanted_links),
        ],
        journals,
        seed + 10,
    )
    rows += _rows(
        "80% positive, then 20% after month 1, 4 months",
        lambda rng: journal(rng, 120, early_fall),
        [
            ("early-effort-fading", "≥ 90%", lambda a: _any(noticed(a, "early-effort-fading"))),
            ("trend words: rising", "≤ 5%", lambda a: _rising(a)),
        ],
        journals,
        seed + 2,
    )
    rows += _rows(
        "empathy declining over 12 weeks, 6 months",
        lambda rng: journal(rng, 180, declining(180)),
        [
            (
                "empathy: falling",
                "≥ 90%",
                lambda a: _any(_direction(a, "empathy") == "falling"),
            ),
            (
                "other dimensions: rising/falling",
                "≤ 5%",
                lambda a: _others(a, "empathy"),
            ),
        ],
        journals,
        seed + 3,
    )
    rows += _rows(
        "empathy from nearly all positive to nearly all concerning over 12 weeks",
        lambda rng: journal(rng, 180, declining(180, top=0.9)),
        [
            (
                "empathy: falling",
                "(how the finding grows)",
                lambda a: _any(_direction(a, "empathy") == "falling"),
            ),
        ],
        journals,
        seed + 9,
    )
    rows += _rows(
        "safety from about 2 to 3.5 between the windows, 4 months",
        lambda rng: journal(rng, 120, centres=safety_rises(120)),
        [
            (
                "safety: higher",
                "≥ 90%",
                lambda a: _any(
                    next(r for r in a.ratings if r.key == "safety").direction == "higher"
                ),
            ),
            (
                "connection, regulation: higher/lower",
                "≤ 5%",
                lambda a: rating_claims_except(a, "safety"),
            ),
        ],
        journals,
        seed + 4,
    )
    shares, centres = drift(180)
    rows += _rows(
        "slow drift of safety and withheld transparency, 6 months",
        lambda rng: journal(rng, 180, shares, centres),
        [
            (
                "linked-to-safety (transparency: withheld)",
                "≤ 10%",
                lambda a: _any(noticed(a, "linked-to-safety", "transparency: withheld")),
            ),
            ("journals with any link", "≤ 10%", lambda a: _any(noticed(a, "linked-to-"))),
        ],
        journals,
        seed + 5,
    )
    shares, centres = step(120)
    rows += _rows(
        "a step in safety and withheld transparency on one day, 4 months",
        lambda rng: journal(rng, 120, shares, centres),
        [
            (
                "linked-to-safety (transparency: withheld)",
                "≤ 10%",
                lambda a: _any(noticed(a, "linked-to-safety", "transparency: withheld")),
            ),
        ],
        journals,
        seed + 8,
    )
    # The same drift squeezed into two months: a harder test of the blocks of `link_weeks`.
    shares, centres = drift(60)
    rows += _rows(
        "the same drift within 2 months (2-month journal)",
        lambda rng: journal(rng, 60, shares, centres),
        [
            (
                "linked-to-safety (transparency: withheld)",
                "≤ 10%",
                lambda a: _any(noticed(a, "linked-to-safety", "transparency: withheld")),
            ),
        ],
        journals,
        seed + 6,
    )
    return rows


def _unplanted_links(analysis: Analysis) -> tuple[float, int]:
    """The share of a journal's links that were not planted: its false discovery
    proportion, 0 when it shows no link. Its average over journals is the false discovery
    rate, which Benjamini–Hochberg keeps at most `alpha` (the average over only the journals
    with links is larger, and no method bounds it). Links of safety with the other
    transparency values are real too (those are the days without withheld transparency),
    so they count as planted."""
    links = [f for _, f in analysis.findings("noticed") if f.id.startswith("linked-to-")]
    if not links:
        return 0.0, 1
    planted = [f for f in links if f.id == "linked-to-safety" and "transparency" in f.subject]
    return (len(links) - len(planted)) / len(links), 1


def _direction(analysis: Analysis, key: str) -> str:
    """The direction given to one dimension."""
    return next(d.direction for d in analysis.dimensions if d.key == key)


def _rising(analysis: Analysis) -> tuple[int, int]:
    made = [d for d in analysis.dimensions if d.direction != "not enough data"]
    return sum(1 for d in made if d.direction == "rising"), len(made)


def _others(analysis: Analysis, key: str) -> tuple[int, int]:
    made = [d for d in analysis.dimensions if d.direction != "not enough data" and d.key != key]
    return sum(1 for d in made if d.direction in ("rising", "falling")), len(made)


def rating_claims_except(analysis: Analysis, key: str) -> tuple[int, int]:
    """(higher or lower, comparisons made) for every rating but one."""
    made = [r for r in analysis.ratings if r.direction != "not enough data" and r.key != key]
    return sum(1 for r in made if r.direction in ("higher", "lower")), len(made)


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journals", type=int, default=200, help="journals per row")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--only", choices=("all", "null", "planted"), default="all", help="which rows"
    )
    arguments = parser.parse_args()
    started = time.perf_counter()
    rows = table(arguments.journals, arguments.seed, arguments.only)
    print(f"{arguments.journals} journals per scenario, seed {arguments.seed}, {arguments.only}")
    print()
    print(f"| {'journals':<58} | {'claim':<42} | {'goal':<6} | {'rate':>6} | {'n':>5} |")
    print(f"|{'-' * 60}|{'-' * 44}|{'-' * 8}|{'-' * 8}|{'-' * 7}|")
    for name, claim, goal, counts in rows:
        rate = "–" if counts.rate is None else f"{counts.rate:.1%}"
        print(f"| {name:<58} | {claim:<42} | {goal:<6} | {rate:>6} | {counts.out_of:>5} |")
    print()
    print(f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
