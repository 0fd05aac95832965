"""The built-in pattern analyzers. Each describes what the entries show, with numbers and
evidence, and says plainly when there is not enough data yet.

Thresholds (all in `[thresholds]` of plainheal.toml) are documented in the README.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from statistics import fmean

from plainheal.analysis import Context, Window, week_start
from plainheal.entry import Entry
from plainheal.plugins import Analyzer, Finding

SECTION = "Patterns noticed"


def percent(share: float) -> str:
    """`0.666` → `67%`."""
    return f"{round(share * 100)}%"


def entries_word(n: int) -> str:
    """`1 entry`, `3 entries`."""
    return f"{n} entr{'y' if n == 1 else 'ies'}"


def _partner_entries(context: Context, window: Window) -> list[Entry]:
    return [e for e in context.within(window) if context.scores(e)]


def _share(context: Context, entries: list[Entry]) -> float | None:
    scores = [s for e in entries for s in context.scores(e)]
    return sum(1 for s in scores if s > 0) / len(scores) if scores else None


def early_effort_fading(context: Context) -> list[Finding]:
    """A crisis response: a high positive share early on that is clearly lower now."""
    pattern = "early-effort-fading"
    early = _partner_entries(context, context.early)
    recent = _partner_entries(context, context.recent)
    early_share, recent_share = _share(context, early), _share(context, recent)
    numbers = {
        "early_n": len(early),
        "early_positive_share": early_share,
        "recent_n": len(recent),
        "recent_positive_share": recent_share,
    }
    if context.early.end >= context.recent.start:
        return [Finding(pattern, "not-enough-data", numbers=numbers)]
    if not context.enough(len(early), len(recent)) or early_share is None or recent_share is None:
        return [Finding(pattern, "not-enough-data", numbers=numbers)]
    t = context.thresholds
    if early_share < t.high_share or early_share - recent_share < t.fading_drop:
        return [Finding(pattern, "not-noticed", numbers=numbers)]
    evidence = [e for e in early if any(s > 0 for s in context.scores(e))] + [
        e for e in recent if any(s <= 0 for s in context.scores(e))
    ]
    sentence = (
        f"In the first {t.early_days} days of your journal (from {context.early.start}), "
        f"{percent(early_share)} of what you recorded about your partner was positive "
        f"({entries_word(len(early))}). In the last {t.recent_days} days it was "
        f"{percent(recent_share)} ({entries_word(len(recent))})."
    )
    return [Finding(pattern, "noticed", sentence, "", numbers, tuple(e.path for e in evidence))]


def _weekly_means(context: Context, entries: list[Entry]) -> dict[dt.date, float]:
    weeks: dict[dt.date, list[int]] = defaultdict(list)
    for entry in entries:
        assert entry.date is not None
        weeks[week_start(entry.date)].extend(context.scores(entry))
    return {monday: fmean(scores) for monday, scores in sorted(weeks.items()) if scores}


def sustained_change(context: Context) -> list[Finding]:
    """Genuine change: a high positive share that holds week after week."""
    pattern = "sustained-change"
    recent = _partner_entries(context, context.recent)
    share = _share(context, recent)
    weeks = _weekly_means(context, recent)
    positive_weeks = sum(1 for mean in weeks.values() if mean > 0)
    numbers = {
        "recent_n": len(recent),
        "recent_positive_share": share,
        "weeks": len(weeks),
        "positive_weeks": positive_weeks,
    }
    t = context.thresholds
    if not context.enough(len(recent), len(weeks)) or share is None:
        return [Finding(pattern, "not-enough-data", numbers=numbers)]
    if share < t.high_share or positive_weeks / len(weeks) < t.steady_weeks:
        return [Finding(pattern, "not-noticed", numbers=numbers)]
    evidence = [e.path for e in recent if any(s > 0 for s in context.scores(e))]
    sentence = (
        f"Over the last {t.recent_days} days, {percent(share)} of what you recorded about "
        f"your partner was positive ({entries_word(len(recent))}), and {positive_weeks} of "
        f"{len(weeks)} weeks had a positive average."
    )
    return [Finding(pattern, "noticed", sentence, "", numbers, tuple(evidence))]


_WORK_PRESENT = ("sustained", "sporadic")
_EMPATHY_ABSENT = ("hollow", "dismissive")


def hollow_effort(context: Context) -> list[Finding]:
    """Task-oriented empathy: recovery work present, yet empathy hollow or dismissive."""
    pattern = "hollow-effort"
    vocabulary = context.vocabulary
    recovery, empathy = vocabulary.dimensions.get("recovery"), vocabulary.dimensions.get("empathy")
    if (
        recovery is None
        or empathy is None
        or not set(_WORK_PRESENT) <= recovery.scores.keys()
        or not set(_EMPATHY_ABSENT) <= empathy.scores.keys()
    ):
        return []  # the vault's vocabulary has no such dimensions: nothing to look for
    working = [
        e
        for e in context.within(context.recent)
        if set(e.observations.get("recovery", ())) & set(_WORK_PRESENT)
        and "empathy" in e.observations
    ]
    hollow = [e for e in working if set(e.observations["empathy"]) & set(_EMPATHY_ABSENT)]
    share = len(hollow) / len(working) if working else None
    numbers = {"recent_n": len(working), "hollow_n": len(hollow), "hollow_share": share}
    if not context.enough(len(working)) or share is None:
        return [Finding(pattern, "not-enough-data", numbers=numbers)]
    if share < context.thresholds.hollow_share:
        return [Finding(pattern, "not-noticed", numbers=numbers)]
    sentence = (
        f"In {len(hollow)} of the {len(working)} recent entries where recovery work was "
        f"present (sustained or sporadic), empathy was recorded as hollow or dismissive "
        f"({percent(share)})."
    )
    return [Finding(pattern, "noticed", sentence, "", numbers, tuple(e.path for e in hollow))]


def boundaries_crossed(context: Context) -> list[Finding]:
    """Boundaries recorded as crossed in the recent window."""
    pattern = "boundaries-crossed"
    boundaries = context.vocabulary.dimensions.get("boundaries")
    if boundaries is None:
        return []
    concerning = {v for v, score in boundaries.scores.items() if score < 0}
    noted = [e for e in context.within(context.recent) if "boundaries" in e.observations]
    crossed = [e for e in noted if set(e.observations["boundaries"]) & concerning]
    numbers = {"recent_n": len(noted), "crossed_n": len(crossed)}
    if not context.enough(len(noted)):
        return [Finding(pattern, "not-enough-data", numbers=numbers)]
    if not crossed:
        return [Finding(pattern, "not-noticed", numbers=numbers)]
    last = crossed[-1].date
    assert last is not None
    days = (context.as_of - last).days
    when = "on your latest entry's day" if days == 0 else f"{days} days before your latest entry"
    sentence = (
        f"Boundaries were recorded as crossed in {len(crossed)} of the {len(noted)} recent "
        f"entries that noted boundaries, most recently on {last} ({when})."
    )
    return [Finding(pattern, "noticed", sentence, "", numbers, tuple(e.path for e in crossed))]


@dataclass(frozen=True)
class _Counted:
    n: int
    mean: float


def _safety_by_day(entries: list[Entry]) -> dict[int, tuple[int, int]]:
    """Day (as an ordinal) → (sum, count) of the safety ratings given that day."""
    by_day: dict[int, tuple[int, int]] = {}
    for entry in entries:
        rating = entry.ratings.get("safety")
        if rating is not None and entry.date is not None:
            total, count = by_day.get(entry.date.toordinal(), (0, 0))
            by_day[entry.date.toordinal()] = (total + rating, count + 1)
    return by_day


def linked_to_safety(context: Context) -> list[Finding]:
    """A value with which the safety rating differs on the same or the next day.

    Bearable-style: the safety ratings of days on which the value was recorded, or the day
    after, against the ratings of all other days. Values recorded on exactly the same days
    cannot be told apart, so they are reported together. Only the last `linked_days` days
    count: after years of journaling, how things are linked now matters more than how they
    were linked then. Worked out day by day, which keeps long journals fast to watch.
    """
    pattern = "linked-to-safety"
    if "safety" not in context.vocabulary.ratings:
        return []
    entries = context.within(Window.ending(context.as_of, context.thresholds.linked_days))
    safety_by_day = _safety_by_day(entries)
    by_value: dict[tuple[str, str], list[Entry]] = {}
    for entry in entries:
        for key, values in entry.observations.items():
            for value in values:
                by_value.setdefault((key, value), []).append(entry)
    groups: dict[frozenset[int], list[tuple[str, str, list[Entry]]]] = {}
    for key, dimension in context.vocabulary.dimensions.items():
        for value in dimension.values:
            having = by_value.get((key, value), [])
            days = {e.date.toordinal() for e in having if e.date is not None}
            linked = frozenset(days | {day + 1 for day in days})
            if linked:
                groups.setdefault(linked, []).append((dimension.title().lower(), value, having))
    total_sum = sum(total for total, _ in safety_by_day.values())
    total_n = sum(count for _, count in safety_by_day.values())
    findings: list[tuple[float, Finding]] = []
    tested = 0
    for linked, members in groups.items():
        with_sum = with_n = 0
        for day in linked:
            total, count = safety_by_day.get(day, (0, 0))
            with_sum += total
            with_n += count
        # Days without the value are all the other rated days: derive rather than re-scan.
        without_n = total_n - with_n
        without = _Counted(without_n, (total_sum - with_sum) / without_n if without_n else 0.0)
        if not context.enough(with_n, without.n):
            continue
        tested += 1
        with_mean = with_sum / with_n
        difference = with_mean - without.mean
        if abs(difference) < context.thresholds.safety_difference:
            continue
        described = [f"{title} as {value}" for title, value, _ in members]
        together = (
            described[0]
            if len(described) == 1
            else ", ".join(described[:-1]) + f" and {described[-1]} (always on the same days)"
        )
        sentence = (
            f"On days when you recorded {together}, or the day after, your safety rating "
            f"averaged {with_mean:.1f} ({with_n} ratings), against "
            f"{without.mean:.1f} on other days ({without.n} ratings)."
        )
        numbers = {
            "with_n": with_n,
            "with_mean": with_mean,
            "without_n": without.n,
            "without_mean": without.mean,
            "difference": difference,
        }
        subject = "; ".join(f"{title}: {value}" for title, value, _ in members)
        evidence = tuple(dict.fromkeys(e.path for _, _, having in members for e in having))
        finding = Finding(pattern, "noticed", sentence, subject, numbers, evidence)
        findings.append((abs(difference), finding))
    if not findings:
        return [Finding(pattern, "not-noticed" if tested else "not-enough-data")]
    findings.sort(key=lambda item: (-item[0], item[1].subject))
    return [finding for _, finding in findings]


ANALYZERS = (
    Analyzer("early-effort-fading", SECTION, early_effort_fading),
    Analyzer("sustained-change", SECTION, sustained_change),
    Analyzer("hollow-effort", SECTION, hollow_effort),
    Analyzer("boundaries-crossed", SECTION, boundaries_crossed),
    Analyzer("linked-to-safety", SECTION, linked_to_safety),
)
