"""Dump the full analysis of many simulated journals, to compare two versions of plainheal
bit for bit (a change meant only to make `analyze` faster must not move a single figure).

Every journal maker of benchmarks/simulate.py, lengths of 21 to 240 days, a third of the
journals with a second entry on some days (so day means are not whole numbers), under the
default thresholds and four others (links within one and three weeks, fewer entries and
days a side, shorter windows), as of an earlier day, and with a vault's own 1–10 rating and
dimension (some entries recording two of its values): seven analyses a journal. Some
journals' moods carry over from one day to the next. Each line
is the repr of one `Analysis` (every finding with its numbers, the dimension summaries, the
ratings), whose floats are written exactly; and, for every link test made (alpha 2, no
smallest difference: each one a finding with its figures), the links worked out allowing for
carry-over in every test, not only where a link is found.

    mkdir /tmp/old && git archive main src | tar -x -C /tmp/old   # the version to compare with
    PYTHONPATH=/tmp/old/src python benchmarks/identity.py > before.txt
    python benchmarks/identity.py > after.txt
    cmp before.txt after.txt
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from simulate import (
    declining,
    drift,
    early_fall,
    journal,
    linked_safety,
    run,
    safety_rises,
    step,
)

from plainheal.analyze.analysis import analyze, make_context
from plainheal.analyze.links import _linked_to_ratings
from plainheal.api import Thresholds
from plainheal.builtin import VOCABULARY
from plainheal.builtin.patterns import ANALYZERS
from plainheal.entry import Entry
from plainheal.vocabulary import Dimension, Rating, Vocabulary

Maker = Callable[[random.Random, int], list[Entry]]

MAKERS: dict[str, Maker] = {
    "journal": lambda rng, days: journal(rng, days),
    "declining": lambda rng, days: journal(rng, days, declining(days)),
    "declining-steep": lambda rng, days: journal(rng, days, declining(days, "transparency", 0.9)),
    "drift": lambda rng, days: journal(rng, days, *drift(days)),
    "early_fall": lambda rng, days: journal(rng, days, early_fall),
    "linked_safety": lambda rng, days: journal(rng, days, centres=linked_safety),
    "step": lambda rng, days: journal(rng, days, *step(days)),
    "safety_rises": lambda rng, days: journal(rng, days, centres=safety_rises(days)),
    # moods that carry over from one day to the next (links then allow for it)
    "carry_over": lambda rng, days: journal(rng, days, carry_over=0.4),
    "linked_safety+carry_over": lambda rng, days: journal(
        rng, days, centres=linked_safety, carry_over=0.3
    ),
    "drift+carry_over": lambda rng, days: journal(rng, days, *drift(days), carry_over=0.3),
}
LENGTHS = (21, 45, 60, 90, 120, 150, 180, 240)
THRESHOLDS = {
    "default": Thresholds(),
    "link_weeks=1": Thresholds(link_weeks=1),
    "link_weeks=3": Thresholds(link_weeks=3),
    "min_entries=1,link_min_days=4": Thresholds(min_entries=1, link_min_days=4),
    "min_entries=5,trend_weeks=8,linked_days=90": Thresholds(
        min_entries=5, trend_weeks=8, linked_days=90
    ),
}


def twice_a_day(rng: random.Random, entries: list[Entry]) -> list[Entry]:
    """The journal with a second entry on about a third of its days, with other ratings and
    sometimes other values, so that a day's mean rating is often not a whole number."""
    more = []
    for entry in entries:
        if entry.date is not None and rng.random() < 0.35:
            ratings = {key: rng.randint(1, 5) for key in entry.ratings if rng.random() < 0.8}
            observations = dict(entry.observations) if rng.random() < 0.5 else {}
            more.append(
                dataclasses.replace(
                    entry,
                    path=f"Journal/{entry.date} evening.md",
                    observations=observations,
                    ratings=ratings,
                )
            )
    return entries + more


# A vault's own vocabulary on top of the built-in one: a 1–10 rating and a dimension whose
# entries sometimes record two values.
HOPE = Rating("hope", 1, 10)
APOLOGY = Dimension("apology", {"specific": 1, "general": 0, "absent": -1})
OWN = VOCABULARY.merged(
    Vocabulary(dimensions={"apology": APOLOGY}, ratings={"hope": HOPE}), source="identity"
)


def with_own_words(rng: random.Random, entries: list[Entry]) -> list[Entry]:
    """The journal with `hope` (lower on days with an absent apology) and `apology`."""
    changed = []
    for entry in entries:
        observations = dict(entry.observations)
        ratings = dict(entry.ratings)
        if rng.random() < 0.7:
            observations["apology"] = tuple(
                rng.sample(list(APOLOGY.scores), 2 if rng.random() < 0.2 else 1)
            )
        if rng.random() < 0.8:
            low = "absent" in observations.get("apology", ())
            ratings["hope"] = max(1, min(10, round(rng.gauss(4 if low else 6, 2))))
        changed.append(dataclasses.replace(entry, observations=observations, ratings=ratings))
    return changed


def journals(count: int) -> Iterator[tuple[str, list[Entry]]]:
    """`count` journals of every kind and length, in a fixed order."""
    rng = random.Random(20261129)
    kinds = list(MAKERS.items())
    for index in range(count):
        name, make = kinds[index % len(kinds)]
        days = LENGTHS[(index // len(kinds)) % len(LENGTHS)]
        entries = make(rng, days)
        if index % 3 == 2:
            name, entries = f"{name}+twice", twice_a_day(rng, entries)
        yield f"{index} {name} {days}", entries


def main() -> None:
    """Print one line per (journal, thresholds): its name and the repr of its analysis."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journals", type=int, default=300)
    args = parser.parse_args()
    for name, entries in journals(args.journals):
        for setting, thresholds in THRESHOLDS.items():
            analysis = run(entries, thresholds)
            print(f"{name} [{setting}] {analysis!r}")
        # as of an earlier day than the latest entry's
        as_of = max(e.date for e in entries if e.date is not None) - dt.timedelta(days=10)
        earlier = analyze(entries, VOCABULARY, Thresholds(), ANALYZERS, as_of=as_of)
        print(f"{name} [as_of-10] {earlier!r}")
        # with a vault's own rating and dimension
        own = analyze(with_own_words(random.Random(name), entries), OWN, Thresholds(), ANALYZERS)
        print(f"{name} [own words] {own!r}")
        # every link tested, with its figures, allowing for carry-over everywhere
        every_test = Thresholds(alpha=2.0, link_difference=0.0)
        context = make_context(entries, VOCABULARY, every_test)
        assert context is not None
        everywhere = _linked_to_ratings(context, carry_over_everywhere=True)
        print(f"{name} [carry-over everywhere] {everywhere!r}")


if __name__ == "__main__":
    main()
