"""Seeded journals for calibration: nothing changes, or one planted effect of a size a person
would notice. Used by benchmarks/calibrate.py (the table) and tests/test_calibration.py
(the same claims on fewer journals, with margins).

Every journal is a list of `Entry` values built in memory (no files): entries on 85% of
days, each partner dimension on 80% of entries (so on 68% of days), each self-rating on 90%
of entries (77% of days), ratings uniform over 1–5 where nothing changes.

The planted effects are as the issue set them and were not resized to pass: a person would
notice each in their own life (a point on a 1–5 scale on the days a behaviour happens; a
positive share from 80% to 20%; a dimension from about 77% positive to about 77% concerning
in 12 weeks; a rating from 2 to 3.5). Where a goal is out of reach of any test at these
densities, benchmarks/ceilings.py says how far: the 12-week decline is found by the
least-squares slope t-test in about 84% of journals (closed form and simulation); 90% would
need about 67 entries in those 12 weeks instead of 56.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from plainheal.analyze.analysis import Analysis, analyze
from plainheal.api import Thresholds
from plainheal.builtin import VOCABULARY
from plainheal.builtin.patterns import ANALYZERS
from plainheal.entry import Entry

END = dt.date(2026, 11, 20)
RATINGS = ("safety", "connection", "regulation")
ENTRY_DAY = 0.85  # an entry on most days
DIMENSION_ON_ENTRY = 0.8  # each dimension on most entries
RATING_ON_ENTRY = 0.9


@functools.cache
def _values(key: str) -> tuple[str, str, str]:
    """(positive, mixed, concerning) of a built-in dimension."""
    dimension = VOCABULARY.dimensions[key]
    by_score = {score: v for v, score in dimension.scores.items()}
    return by_score[1], by_score[0], by_score[-1]


def _pick(rng: random.Random, key: str, positive: float, concerning: float) -> str:
    good, mixed, bad = _values(key)
    roll = rng.random()
    return good if roll < positive else bad if roll < positive + concerning else mixed


def _rating(rng: random.Random, centre: float | None) -> int:
    """A 1–5 rating: uniform when `centre` is None, else around `centre` (sd 1)."""
    if centre is None:
        return rng.randint(1, 5)
    return max(1, min(5, round(rng.gauss(centre, 1.0))))


def _carried(centre: float | None, mood: float) -> int:
    """A 1–5 rating from a mood that carries over (a standard normal of the day): around
    `centre` (sd 1), or when `centre` is None around 3 with the spread of a uniform rating
    (sd 1.4)."""
    if centre is None:
        return max(1, min(5, round(3 + 1.4 * mood)))
    return max(1, min(5, round(centre + mood)))


Shares = Callable[[int, str], tuple[float, float]]  # (day index, dimension) → (P+, P−)
Centres = Callable[[int, str, bool], float | None]  # (day, rating, linked day?) → centre


def journal(
    rng: random.Random,
    days: int,
    shares: Shares = lambda _day, _key: (1 / 3, 1 / 3),
    centres: Centres = lambda _day, _rating, _linked: None,
    carry_over: float = 0.0,
) -> list[Entry]:
    """`days` days ending on END. `centres` learns whether the day, or the day before, had
    transparency withheld (for planted links).

    `carry_over`: each rating follows a mood that carries over from one day to the next
    (a stationary AR(1) with this day-to-day correlation, moving on every day, written or
    not), as moods do in diaries; 0, the ratings of different days are independent."""
    start = END - dt.timedelta(days=days - 1)
    entries: list[Entry] = []
    withheld_days: set[int] = set()
    moods = {key: rng.gauss(0.0, 1.0) for key in RATINGS} if carry_over else {}
    fresh = math.sqrt(1 - carry_over * carry_over)
    for index in range(days):
        for key in moods:
            moods[key] = carry_over * moods[key] + fresh * rng.gauss(0.0, 1.0)
        if rng.random() > ENTRY_DAY and index != days - 1:
            continue
        observations: dict[str, tuple[str, ...]] = {}
        for key in VOCABULARY.dimensions:
            if rng.random() < DIMENSION_ON_ENTRY:
                positive, concerning = shares(index, key)
                observations[key] = (_pick(rng, key, positive, concerning),)
        if observations.get("transparency") == ("withheld",):
            withheld_days.add(index)
        linked = index in withheld_days or index - 1 in withheld_days
        ratings = {
            key: (
                _carried(centres(index, key, linked), moods[key])
                if moods
                else _rating(rng, centres(index, key, linked))
            )
            for key in RATINGS
            if rng.random() < RATING_ON_ENTRY
        }
        day = start + dt.timedelta(days=index)
        entries.append(Entry(f"Journal/{day}.md", day, observations, ratings))
    return entries


def run(
    entries: list[Entry], thresholds: Thresholds | None = None, *, links: bool = True
) -> Analysis:
    """The analysis of a simulated journal with the built-in analyzers (without `links`,
    all but the links, two thirds of the work, for a claim that is not a link)."""
    analyzers = ANALYZERS if links else tuple(a for a in ANALYZERS if a.id != "links")
    return analyze(entries, VOCABULARY, thresholds or Thresholds(), analyzers)


@dataclass(frozen=True)
class Counts:
    """How often a claim was made, out of how many chances."""

    claimed: float = 0  # a count, or a sum of per-journal shares
    out_of: int = 0

    def add(self, claimed: float, out_of: int) -> Counts:
        """The counts with one more journal's figures."""
        return Counts(self.claimed + claimed, self.out_of + out_of)

    @property
    def rate(self) -> float | None:
        """The share of chances on which the claim was made."""
        return self.claimed / self.out_of if self.out_of else None


def rating_claims(analysis: Analysis) -> tuple[int, int]:
    """(higher or lower, comparisons made)."""
    made = [r for r in analysis.ratings if r.direction != "not enough data"]
    return sum(1 for r in made if r.direction in ("higher", "lower")), len(made)


def trend_claims(analysis: Analysis, key: str | None = None) -> tuple[int, int]:
    """(rising or falling, directions given), for one dimension or all."""
    made = [
        d
        for d in analysis.dimensions
        if d.direction != "not enough data" and (key is None or d.key == key)
    ]
    return sum(1 for d in made if d.direction in ("rising", "falling")), len(made)


def noticed(analysis: Analysis, prefix: str, subject: str | None = None) -> bool:
    """Whether a pattern whose id starts with `prefix` (about `subject`) was noticed."""
    return any(
        f.id.startswith(prefix) and (subject is None or subject in f.subject)
        for _, f in analysis.findings("noticed")
    )


# The planted effects -------------------------------------------------------------------


def linked_safety(day: int, rating: str, linked: bool) -> float | None:
    """Safety about a point lower on days with withheld transparency and the day after."""
    if rating != "safety":
        return None
    return 2.5 if linked else 3.5


def early_fall(day: int, key: str) -> tuple[float, float]:
    """About 80% positive in the first month, about 20% after."""
    return (0.8, 0.1) if day < 30 else (0.2, 0.4)


def declining(days: int, key: str = "empathy", top: float = 0.7) -> Shares:
    """One dimension declining steadily over the last 12 weeks, from mostly positive to
    mostly concerning (expected score +0.63 to −0.63 with `top` 0.7; `top` 0.9 goes from
    nearly all positive to nearly all concerning, +0.81 to −0.81); before that, as at the
    start."""
    start = days - 84

    def shares(day: int, dimension: str) -> tuple[float, float]:
        if dimension != key:
            return 1 / 3, 1 / 3
        progress = min(1.0, max(0.0, (day - start) / 84))
        mean = top - 2 * top * progress
        return 0.9 * (1 + mean) / 2, 0.9 * (1 - mean) / 2  # 10% mixed throughout

    return shares


def safety_rises(days: int) -> Centres:
    """Safety around 2 in the three-months-ago window, around 3.5 in the recent one, moving
    steadily in between."""
    then_end = days - 1 - 90  # day index where the three-months-ago window ends
    recent_start = days - 30

    def centres(day: int, rating: str, linked: bool) -> float | None:
        if rating != "safety":
            return None
        if day <= then_end:
            return 2.0
        if day >= recent_start:
            return 3.5
        return 2.0 + 1.5 * (day - then_end) / (recent_start - then_end)

    return centres


def drift(days: int) -> tuple[Shares, Centres]:
    """Over the whole journal, safety climbs from about 2 to 4 while withheld transparency
    goes from common to rare, with no link from one day to the next."""

    def shares(day: int, key: str) -> tuple[float, float]:
        if key != "transparency":
            return 1 / 3, 1 / 3
        withheld = 0.7 - 0.6 * day / days
        return (1 - withheld) / 2, withheld

    def centres(day: int, rating: str, linked: bool) -> float | None:
        return 2.0 + 2.0 * day / days if rating == "safety" else None

    return shares, centres


def step(days: int) -> tuple[Shares, Centres]:
    """Halfway through, on one day, safety drops from about 3.5 to 2.5 and withheld
    transparency goes from 10% to 60% of the entries recording it, and both stay there: a
    change in life, with no link from one day to the next inside either half."""
    middle = days // 2

    def shares(day: int, key: str) -> tuple[float, float]:
        if key != "transparency":
            return 1 / 3, 1 / 3
        withheld = 0.1 if day < middle else 0.6
        return (1 - withheld) / 2, withheld

    def centres(day: int, rating: str, linked: bool) -> float | None:
        if rating != "safety":
            return None
        return 3.5 if day < middle else 2.5

    return shares, centres
