"""The journal week by week (or month by month): what the charts draw. Pure.

A bucket's rating is the mean of the ratings given in it; its partner figure is the share
of positive values among every partner value recorded in it, shown only when at least
`SHARE_FROM` values stand behind it (one value would make a week look all good or all bad).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from plainheal.entry import Entry
from plainheal.vocabulary import Vocabulary

SHARE_FROM = 3  # values in a bucket before its positive share is drawn
WEEKLY_UP_TO = 16  # a journal longer than this many weeks is drawn month by month (more
# weekly labels than this do not fit under a chart as wide as a note)
MONTHS_SHOWN = 12  # ... over at most this many months (so no month name repeats)

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Bucket:
    """One week (Monday to Sunday) or one calendar month."""

    start: dt.date
    end: dt.date

    def label(self, unit: str) -> str:
        """`7 Sep` for a week (its Monday), `Sep 2026` for a month."""
        if unit == "month":
            return f"{MONTH_NAMES[self.start.month - 1]} {self.start.year}"
        return f"{self.start.day} {MONTH_NAMES[self.start.month - 1]}"


@dataclass(frozen=True)
class Kinds:
    """How many positive, mixed and concerning values one dimension had in a bucket."""

    positive: int = 0
    mixed: int = 0
    concerning: int = 0

    @property
    def total(self) -> int:
        """Every value counted."""
        return self.positive + self.mixed + self.concerning


@dataclass(frozen=True)
class Timeline:
    """Per bucket: each rating's mean and n, the partner values' positive share and n, and
    each dimension's positive / mixed / concerning counts."""

    unit: str  # "week" or "month"
    buckets: tuple[Bucket, ...]
    ratings: dict[str, tuple[float | None, ...]]
    rating_n: dict[str, tuple[int, ...]]
    positive_share: tuple[float | None, ...]
    value_n: tuple[int, ...]
    kinds: dict[str, tuple[Kinds, ...]]

    @property
    def labels(self) -> tuple[str, ...]:
        """The buckets' labels, for an axis: `7 Sep` for weeks; `Jun 2026`, `Jul`, ... for
        months, the year on the first and on every January (short enough to fit)."""
        if self.unit != "month":
            return tuple(b.label(self.unit) for b in self.buckets)
        return tuple(
            b.label("month") if i == 0 or b.start.month == 1 else MONTH_NAMES[b.start.month - 1]
            for i, b in enumerate(self.buckets)
        )


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weeks_between(start: dt.date, end: dt.date) -> tuple[Bucket, ...]:
    """Every ISO week touching `start`..`end`."""
    monday, last = _monday(start), _monday(end)
    buckets = []
    while monday <= last:
        buckets.append(Bucket(monday, monday + dt.timedelta(days=6)))
        monday += dt.timedelta(weeks=1)
    return tuple(buckets)


def months_between(start: dt.date, end: dt.date) -> tuple[Bucket, ...]:
    """Every calendar month touching `start`..`end`."""
    buckets = []
    first = start.replace(day=1)
    while first <= end:
        following = (first + dt.timedelta(days=32)).replace(day=1)
        buckets.append(Bucket(first, following - dt.timedelta(days=1)))
        first = following
    return tuple(buckets)


def timeline(
    entries: Sequence[Entry], vocabulary: Vocabulary, buckets: Sequence[Bucket], unit: str
) -> Timeline:
    """The figures of `entries` in each of `buckets` (entries outside them are ignored)."""
    starts = [b.start for b in buckets]
    rating_sums = {key: [0] * len(buckets) for key in vocabulary.ratings}
    rating_n = {key: [0] * len(buckets) for key in vocabulary.ratings}
    kinds = {key: [[0, 0, 0] for _ in buckets] for key in vocabulary.dimensions}
    for entry in entries:
        if entry.date is None or not buckets:
            continue
        if entry.date < buckets[0].start or entry.date > buckets[-1].end:
            continue
        index = _find(starts, entry.date)
        for key, rating in entry.ratings.items():
            if key in rating_sums:
                rating_sums[key][index] += rating
                rating_n[key][index] += 1
        for key, values in entry.observations.items():
            dimension = vocabulary.dimensions.get(key)
            if dimension is None:
                continue
            for value in values:
                score = dimension.scores[value]
                kinds[key][index][0 if score > 0 else 1 if score == 0 else 2] += 1
    value_n = [sum(sum(kinds[key][i]) for key in kinds) for i in range(len(buckets))]
    positive = [sum(kinds[key][i][0] for key in kinds) for i in range(len(buckets))]
    return Timeline(
        unit=unit,
        buckets=tuple(buckets),
        ratings={
            key: tuple(
                total / n if n else None
                for total, n in zip(rating_sums[key], rating_n[key], strict=True)
            )
            for key in rating_sums
        },
        rating_n={key: tuple(ns) for key, ns in rating_n.items()},
        positive_share=tuple(
            p / n if n >= SHARE_FROM else None for p, n in zip(positive, value_n, strict=True)
        ),
        value_n=tuple(value_n),
        kinds={key: tuple(Kinds(*counts) for counts in rows) for key, rows in kinds.items()},
    )


def cut(line: Timeline, first: dt.date, last: dt.date) -> Timeline | None:
    """The buckets of `line` from the one starting on `first` to the one ending on `last`,
    or None when `line` does not hold both. The figures of a bucket depend only on the
    entries inside it, so a cut is what `timeline` gives for those buckets alone."""
    starts = [b.start for b in line.buckets]
    low = bisect_left(starts, first)
    high = bisect_right(starts, last) - 1
    if low >= len(starts) or starts[low] != first or high < low or line.buckets[high].end != last:
        return None
    window = slice(low, high + 1)
    return Timeline(
        unit=line.unit,
        buckets=line.buckets[window],
        ratings={key: values[window] for key, values in line.ratings.items()},
        rating_n={key: ns[window] for key, ns in line.rating_n.items()},
        positive_share=line.positive_share[window],
        value_n=line.value_n[window],
        kinds={key: counts[window] for key, counts in line.kinds.items()},
    )


def _find(starts: Sequence[dt.date], day: dt.date) -> int:
    """The bucket holding `day` (buckets are contiguous and sorted)."""
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= day:
            low = middle
        else:
            high = middle - 1
    return low


def journal_timeline(
    entries: Sequence[Entry], vocabulary: Vocabulary, first: dt.date, as_of: dt.date
) -> Timeline:
    """The whole journal: week by week up to `WEEKLY_UP_TO` weeks, else month by month over
    the last `MONTHS_SHOWN` months."""
    weeks = weeks_between(first, as_of)
    if len(weeks) <= WEEKLY_UP_TO:
        return timeline(entries, vocabulary, weeks, "week")
    months = months_between(first, as_of)[-MONTHS_SHOWN:]
    return timeline(entries, vocabulary, months, "month")
