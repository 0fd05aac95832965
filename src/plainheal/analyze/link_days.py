"""The days a link compares (see `links`): each rating's rated days, one unit per day, in
blocks of weeks, and how a value's days split them into days with and without it. Pure.

Worked out once per rating, with each block's plain sums, so that each of the many
comparisons of a rating with a value costs one pass over that value's days in each block:
the screen (`screen.certainly_chance`) reads the sums, and the days without are listed
only for a test that is worked out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from plainheal.analyze.screen import Sums
from plainheal.entry import Entry


class Block(NamedTuple):
    """The rated days of one block of weeks, with their plain sums (for the screen)."""

    days: frozenset[int]
    n: int  # how many
    total: float  # Σ of the days' mean ratings
    squares: float  # Σ of their squares


@dataclass(frozen=True)
class RatedDays:
    """One rating's rated days, by ordinal: the test's units, because two entries of one day
    (a morning and an evening note) are not independent evidence; and the same days by block
    of weeks, with each block's sums (what `screen.certainly_chance` reads)."""

    ratings: dict[int, list[float]]  # the ratings given that day
    value: dict[int, float]  # their mean
    square: dict[int, float]  # the day's mean rating squared
    blocks: dict[int, Block]  # block number → its days, in the order of the days


Split = tuple[tuple[int, frozenset[int]], ...]  # (block, days with) of the blocks compared


@dataclass(frozen=True)
class Side:
    """One side of a comparison: its ratings, their mean and its days."""

    n: int
    mean: float
    days: int

    @classmethod
    def of(cls, days: RatedDays, blocks: list[frozenset[int]]) -> Side:
        """The ratings of `blocks`' days."""
        units = [day for block in blocks for day in block]
        ratings = days.ratings
        n = sum(len(ratings[day]) for day in units)
        # Each day's ratings summed first, as the day's mean is worked out (`_by_day`).
        return cls(n, math.fsum(math.fsum(ratings[day]) for day in units) / n, len(units))


def rated_days(entries: list[Entry], keys: Iterable[str], weeks: int) -> dict[str, RatedDays]:
    """Each rating's days (see `_by_day`), from one pass over the entries."""
    by_key: dict[str, dict[int, list[float]]] = {key: {} for key in keys}
    for entry in entries:
        if entry.date is None:
            continue
        day = entry.date.toordinal()
        for key, rating in entry.ratings.items():
            days = by_key.get(key)
            if days is not None and rating is not None:
                days.setdefault(day, []).append(float(rating))
    return {key: _by_day(days, weeks) for key, days in by_key.items()}


def _by_day(days: dict[int, list[float]], weeks: int) -> RatedDays:
    """The ratings, one unit per day, each day in its block of `weeks` ISO weeks (counted
    from a fixed Monday, so the blocks do not depend on where the journal starts)."""
    value: dict[int, float] = {}
    square: dict[int, float] = {}
    blocks: dict[int, list[int]] = {}
    span = 7 * weeks
    for day, values in days.items():
        # The mean of one rating is that rating (what fsum / 1 gives): most days hold one.
        value[day] = mean = values[0] if len(values) == 1 else math.fsum(values) / len(values)
        square[day] = mean * mean
        # Ordinal 1 (0001-01-01) is a Monday, so day − 1 counts days from a Monday and its
        # block is (day − 1) // 7 // weeks: the same as that of the Monday of its week.
        blocks.setdefault((day - 1) // span, []).append(day)
    by_block = {
        key: Block(
            frozenset(block),
            len(block),
            sum([value[d] for d in block]),
            sum([square[d] for d in block]),
        )
        for key, block in blocks.items()
    }
    return RatedDays(days, value, square, by_block)


def split_by(
    days: RatedDays, linked: frozenset[int], min_days: int
) -> tuple[Split, list[Sums]] | None:
    """(block, days with) the `linked` days, for each block holding days with and without
    them, and each one's (days, Σ rating, Σ rating²) without and with, for
    `screen.certainly_chance`; None when fewer than `min_days` days would be on either side
    (too few to test). The days without are worked out only for a test made (`sides_of`)."""
    used = []
    sums = []
    with_days = without_days = 0
    value, square = days.value.__getitem__, days.square.__getitem__
    for key, (block, n, total, squares) in days.blocks.items():
        with_ = block & linked
        n1 = len(with_)
        if not n1 or n1 == n:
            continue
        used.append((key, with_))
        # The days without: the block's sums less those of the days with (plain sums).
        s1, q1 = sum(map(value, with_)), sum(map(square, with_))
        sums.append((n - n1, total - s1, squares - q1, n1, s1, q1))
        with_days += n1
        without_days += n - n1
    if with_days < min_days or without_days < min_days:
        return None
    return tuple(used), sums


def sides_of(days: RatedDays, split: Split) -> list[tuple[frozenset[int], frozenset[int]]]:
    """Each block's days (without, with)."""
    blocks = days.blocks
    return [(blocks[key].days - with_, with_) for key, with_ in split]


def strata_of(days: RatedDays, split: Split) -> list[tuple[list[float], list[float]]]:
    """Each block's day ratings (without, with): what the within-week test compares."""
    value = days.value
    sides = sides_of(days, split)
    return [([value[d] for d in without], [value[d] for d in with_]) for without, with_ in sides]


def dated_of(
    days: RatedDays, split: Split
) -> list[tuple[list[tuple[int, float]], list[tuple[int, float]]]]:
    """Each block's (day, rating) pairs (without, with): what carry-over is measured on."""
    value = days.value
    return [
        ([(d, value[d]) for d in without], [(d, value[d]) for d in with_])
        for without, with_ in sides_of(days, split)
    ]
