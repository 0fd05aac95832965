"""The built-in pattern analyzers. Each describes what the entries show, with numbers and
evidence, and says plainly when there is not enough data yet.

Thresholds (all in `[thresholds]` of plainheal.toml) are documented in the README.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Mapping
from statistics import fmean

from plainheal.analyze.links import linked_to_ratings
from plainheal.analyze.statistics import TestResult, one_sample, welch
from plainheal.analyze.weeks import week_start
from plainheal.api import Analyzer, Context, Finding, Status, Thresholds, Window
from plainheal.entry import Entry
from plainheal.render.words import entries as entries_word
from plainheal.render.words import percent, plural, span

SECTION = "Patterns noticed"
TITLES = {
    "early-effort-fading": "Early effort fading",
    "sustained-change": "Sustained change",
    "hollow-effort": "Effort without connection",
    "boundaries-crossed": "Boundaries crossed",
}


def _finding(
    pattern: str,
    status: Status,
    sentence: str = "",
    subject: str = "",
    numbers: Mapping[str, float | int | None] | None = None,
    evidence: tuple[str, ...] = (),
) -> Finding:
    """A finding of one of the patterns above, with its title."""
    return Finding(pattern, status, sentence, subject, numbers or {}, evidence, TITLES[pattern])


Scored = list[tuple[Entry, list[int]]]  # entries, each with the scores of its values


def _partner_entries(context: Context, window: Window) -> Scored:
    """The entries of `window` recording anything about the partner, with their scores
    (asked of the context once: the figures below read them several times)."""
    scored = [(e, context.scores(e)) for e in context.within(window)]
    return [(e, scores) for e, scores in scored if scores]


def _counts(entries: Scored) -> tuple[int, int]:
    """The positive values among all the values the entries record: (positive, all)."""
    scores = [s for _, entry_scores in entries for s in entry_scores]
    return sum(1 for s in scores if s > 0), len(scores)


def _share(entries: Scored) -> float | None:
    positive, total = _counts(entries)
    return positive / total if total else None


def _value_numbers(window: str, entries: Scored) -> dict[str, int]:
    """The counts behind a window's share, for a finding's `numbers`: its `_n` counts
    entries, its share is of values, and the sentence gives both."""
    positive, total = _counts(entries)
    return {f"{window}_values": total, f"{window}_positive_values": positive}


def _entry_shares(entries: Scored) -> list[float]:
    """Each entry's share of positive partner values: the unit of the tests below, because
    values written in one entry on one day go together and are not independent evidence."""
    return [sum(1 for s in scores if s > 0) / len(scores) for _, scores in entries]


def test_numbers(test: TestResult) -> dict[str, float | None]:
    """The figures of a test for a finding's `numbers` (test_statistic, test_df, p_value)."""
    # Findings carry finite numbers only (plugins are held to the same): no spread at all
    # gives an infinite statistic, which is written as None.
    return {
        key: value if value is None or math.isfinite(value) else None
        for key, value in (
            ("test_statistic", test.statistic),
            ("test_df", test.df),
            ("p_value", test.p_value),
        )
    }


def early_effort_fading(context: Context) -> list[Finding]:
    """A crisis response: a high positive share early on that is clearly lower now.

    Both thresholds must hold and Welch's one-sided t-test on the entries' positive shares
    (read against min(n1, n2) − 1 degrees of freedom) must find the recent ones lower with
    p < alpha.
    """
    pattern = "early-effort-fading"
    early = _partner_entries(context, context.early)
    recent = _partner_entries(context, context.recent)
    early_share, recent_share = _share(early), _share(recent)
    test = welch(_entry_shares(early), _entry_shares(recent), "less", conservative=True)
    numbers = {
        "early_n": len(early),
        **_value_numbers("early", early),
        "early_positive_share": early_share,
        "recent_n": len(recent),
        **_value_numbers("recent", recent),
        "recent_positive_share": recent_share,
        **test_numbers(test),
    }
    if context.early.end >= context.recent.start:
        return [_finding(pattern, "not-enough-data", numbers=numbers)]
    if not context.enough(len(early), len(recent)) or early_share is None or recent_share is None:
        return [_finding(pattern, "not-enough-data", numbers=numbers)]
    t = context.thresholds
    if (
        early_share < t.high_share
        or early_share - recent_share < t.fading_drop
        or test.p_value is None
        or test.p_value >= t.alpha
    ):
        # Said with its figures: "not seen" alone could read as "there was no crisis".
        figures = (
            f"in the first {t.early_days} days of your journal (from {context.early.start}), "
            f"{share_words(early, t)}; in the last {t.recent_days} days, "
            f"{share_words(recent, t, about='')}"
        )
        return [_finding(pattern, "not-noticed", figures, numbers=numbers)]
    evidence = [e for e, scores in early if any(s > 0 for s in scores)] + [
        e for e, scores in recent if any(s <= 0 for s in scores)
    ]
    sentence = (
        f"In the first {t.early_days} days of your journal (from {context.early.start}), "
        f"{share_words(early, t)}. In the last {t.recent_days} days, "
        f"{share_words(recent, t, about='')}. A drop this large is unlikely to be chance."
    )
    return [_finding(pattern, "noticed", sentence, "", numbers, tuple(e.path for e in evidence))]


ABOUT_PARTNER = " you recorded about your partner"


def share_words(entries: Scored, thresholds: Thresholds, about: str = ABOUT_PARTNER) -> str:
    """How many of the values the entries record were positive, counted over values (not
    entries, which hold several each): `67% of the values you recorded about your partner
    were positive (8 of 12, in 5 entries)`; below `min_for_percent` values only the count,
    `3 of the 6 values you recorded about your partner were positive (3 entries)`."""
    positive, total = _counts(entries)
    in_entries = entries_word(len(entries))
    if total >= thresholds.min_for_percent:
        return (
            f"{percent(positive / total)} of the values{about} were positive "
            f"({positive} of {total}, in {in_entries})"
        )
    verb = "was" if positive == 1 else "were"
    return f"{positive} of the {plural(total, 'value')}{about} {verb} positive ({in_entries})"


def _weekly_means(entries: Scored) -> dict[dt.date, float]:
    weeks: dict[dt.date, list[int]] = defaultdict(list)
    for entry, scores in entries:
        assert entry.date is not None
        weeks[week_start(entry.date)].extend(scores)
    return {monday: fmean(scores) for monday, scores in sorted(weeks.items()) if scores}


def too_early(context: Context) -> str:
    """Why sustained-change is not looked for yet: the recent window still overlaps the
    journal's first days (from the discovery, when there is one)."""
    t = context.thresholds
    start = context.early.start
    days = plural((context.as_of - start).days + 1, "day")
    dates = span(start, context.as_of)
    earlier = [e.date for e in context.entries if e.date is not None and e.date < start]
    marked = any(
        e.date == start and any(label.casefold() == "discovery" for label in e.events)
        for e in context.entries
    )
    if not earlier:
        length, early = f"your journal is {days} long ({dates})", f"its first {t.early_days}"
    elif not marked and (start - earlier[-1]).days > t.early_days:  # a note before a silence
        length = (
            f"your journal is {days} long from {start}, after more than {t.early_days} days "
            f"without an entry ({dates})"
        )
        early = f"its first {t.early_days} from then"
    else:
        length = f"your journal covers {days} from the discovery ({dates})"
        early = f"the first {t.early_days} from the discovery"
    ready = start + dt.timedelta(days=t.early_days + t.recent_days - 1)
    return (
        f"too early to call change sustained: {length}, and early effort can look like lasting "
        f"change, so it is looked for only once the last {t.recent_days} days of your journal "
        f"come wholly after {early} (when your latest entry is from {ready} or later)"
    )


def sustained_change(context: Context) -> list[Finding]:
    """Genuine change: a high positive share that holds week after week, once the journal
    has outlasted its early days.

    The recent window must lie wholly after the early one (the first `early_days` of the
    journal, or from the discovery): in the first weeks a crisis response (grand gestures
    that fade) looks just like this. Then the share must be at least `high_share`, clearly
    so (a one-sided t-test of the entries' positive shares above `high_share`, p < alpha),
    and `steady_weeks` of the weeks must have a positive mean.
    """
    pattern = "sustained-change"
    recent = _partner_entries(context, context.recent)
    share = _share(recent)
    weeks = _weekly_means(recent)
    positive_weeks = sum(1 for mean in weeks.values() if mean > 0)
    t = context.thresholds
    test = one_sample(_entry_shares(recent), t.high_share)
    numbers = {
        "recent_n": len(recent),
        **_value_numbers("recent", recent),
        "recent_positive_share": share,
        "weeks": len(weeks),
        "positive_weeks": positive_weeks,
        **test_numbers(test),
    }
    # In an export of a later period, the whole journal's early days may lie before it.
    began = min(context.began or context.early.start, context.early.start)
    if began + dt.timedelta(days=context.thresholds.early_days - 1) >= context.recent.start:
        return [_finding(pattern, "not-enough-data", too_early(context), numbers=numbers)]
    if not context.enough(len(recent), len(weeks)) or share is None:
        return [_finding(pattern, "not-enough-data", numbers=numbers)]
    if (
        share < t.high_share
        or positive_weeks / len(weeks) < t.steady_weeks
        or test.p_value is None
        or test.p_value >= t.alpha
    ):
        return [_finding(pattern, "not-noticed", numbers=numbers)]
    evidence = [e.path for e, scores in recent if any(s > 0 for s in scores)]
    sentence = (
        f"Over the last {t.recent_days} days, {share_words(recent, t)}, and "
        f"{positive_weeks} of {len(weeks)} weeks had a positive average. With this many "
        f"entries, a share this far above {percent(t.high_share)} is unlikely to be chance."
    )
    return [_finding(pattern, "noticed", sentence, "", numbers, tuple(evidence))]


# hollow-effort and boundaries-crossed count what was recorded; they compare nothing, so no
# test stands behind them (PRODUCT.md: descriptive counts are facts). Their sentences say
# so, in case they are read as a pattern that grew or faded.
COUNT_NOTE = "This is a count of what you wrote, not a trend."

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
        return [_finding(pattern, "not-enough-data", numbers=numbers)]
    if share < context.thresholds.hollow_share:
        return [_finding(pattern, "not-noticed", numbers=numbers)]
    share_text = (
        f" ({percent(share)})" if len(working) >= context.thresholds.min_for_percent else ""
    )
    sentence = (
        f"In the last {context.thresholds.recent_days} days you recorded recovery work "
        f"(sustained or sporadic) in {entries_word(len(working))} that also noted empathy; in "
        f"{len(hollow)} of them{share_text} you recorded empathy as hollow or dismissive. "
        f"{COUNT_NOTE}"
    )
    return [_finding(pattern, "noticed", sentence, "", numbers, tuple(e.path for e in hollow))]


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
        return [_finding(pattern, "not-enough-data", numbers=numbers)]
    if not crossed:
        return [_finding(pattern, "not-noticed", numbers=numbers)]
    last = crossed[-1].date
    assert last is not None
    days = (context.as_of - last).days
    when = (
        "on your latest entry's day"
        if days == 0
        else f"{days} day{'' if days == 1 else 's'} before your latest entry"
    )
    sentence = (
        f"In the last {context.thresholds.recent_days} days you recorded boundaries as "
        f"crossed in {len(crossed)} of the {entries_word(len(noted))} that noted boundaries, "
        f"most recently on {last} ({when}). {COUNT_NOTE}"
    )
    return [_finding(pattern, "noticed", sentence, "", numbers, tuple(e.path for e in crossed))]


ANALYZERS = (
    Analyzer("early-effort-fading", SECTION, early_effort_fading),
    Analyzer("sustained-change", SECTION, sustained_change),
    Analyzer("hollow-effort", SECTION, hollow_effort),
    Analyzer("boundaries-crossed", SECTION, boundaries_crossed),
    Analyzer("links", SECTION, linked_to_ratings),
)
