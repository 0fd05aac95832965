"""Each pattern on small hand-built journals: where it clearly holds and where it does not."""

import datetime as dt
import re

from hypothesis import given
from hypothesis import strategies as st

from plainheal.analyze.analysis import Analysis, analyze
from plainheal.api import Finding, Thresholds
from plainheal.builtin import VOCABULARY
from plainheal.builtin.patterns import ANALYZERS
from plainheal.entry import Entry
from plainheal.render.overview import render_overview

from builders import days_before, make, run
from sampling import evenly


def findings(analysis: Analysis, pattern: str) -> list[Finding]:
    return [f for r in analysis.results for f in r.findings if f.id == pattern]


def status(analysis: Analysis, pattern: str) -> str:
    return findings(analysis, pattern)[0].status


def partner(day_offset: int, score: str) -> Entry:
    """An entry whose partner dimensions are all positive (`+`), mixed (`0`) or concerning."""
    values = {
        "+": dict(accountability="full", transparency="proactive", empathy="connected"),
        "0": dict(accountability="partial", transparency="on-request", empathy="hollow"),
        "-": dict(accountability="deflecting", transparency="withheld", empathy="dismissive"),
    }[score]
    return make(days_before(day_offset), **values)


def test_early_effort_fading_holds() -> None:
    early = [partner(150 - i, "+") for i in range(5)]
    recent = [partner(i, "0") for i in range(5)]
    finding = findings(run(early + recent), "early-effort-fading")[0]
    assert finding.status == "noticed"
    assert finding.numbers["early_positive_share"] == 1.0
    assert finding.numbers["recent_positive_share"] == 0.0
    assert set(finding.evidence) == {e.path for e in early + recent}
    assert (
        "100% of the values you recorded about your partner were positive (15 of 15, in 5 "
        "entries)" in finding.sentence
    )
    assert "In the last 30 days, 0% of the values were positive (0 of 15, in 5 entries)" in (
        finding.sentence
    )


def test_early_effort_fading_not_when_effort_holds() -> None:
    entries = [partner(150 - i, "+") for i in range(5)] + [partner(i, "+") for i in range(5)]
    assert status(run(entries), "early-effort-fading") == "not-noticed"


def test_early_effort_fading_needs_enough_entries_and_a_long_enough_journal() -> None:
    few = [partner(150, "+"), partner(149, "+")] + [partner(i, "0") for i in range(5)]
    assert status(run(few), "early-effort-fading") == "not-enough-data"
    short = [partner(40 - i, "+") for i in range(5)] + [partner(i, "0") for i in range(5)]
    assert status(run(short), "early-effort-fading") == "not-enough-data"


# Entries from five months back: a journal that has outlasted its first 30 days, so that
# sustained-change looks at the last 30 (see test_sustained_change_waits_for_the_early_days).
BEGUN = [partner(150 - i, "+") for i in range(0, 30, 6)]


def test_sustained_change_holds_when_high_and_steady() -> None:
    entries = BEGUN + [partner(i * 3, "+") for i in range(10)]
    finding = findings(run(entries), "sustained-change")[0]
    assert finding.status == "noticed"
    assert finding.numbers["positive_weeks"] == finding.numbers["weeks"]


def test_sustained_change_not_when_weeks_swing() -> None:
    # Alternating good and bad weeks: a high share in some weeks is not consistency.
    entries = [partner(7 * w + d, "+" if w % 2 else "-") for w in range(4) for d in range(2)]
    assert status(run(BEGUN + entries), "sustained-change") == "not-noticed"


def test_hollow_effort_holds() -> None:
    entries = [make(days_before(i), recovery="sustained", empathy="hollow") for i in range(4)] + [
        make(days_before(5), recovery="sporadic", empathy="connected")
    ]
    finding = findings(run(entries), "hollow-effort")[0]
    assert finding.status == "noticed"
    assert (finding.numbers["hollow_n"], finding.numbers["recent_n"]) == (4, 5)
    assert len(finding.evidence) == 4


def test_hollow_effort_not_when_empathy_connects_or_no_recovery_work() -> None:
    connected = [make(days_before(i), recovery="sustained", empathy="connected") for i in range(5)]
    assert status(run(connected), "hollow-effort") == "not-noticed"
    no_work = [make(days_before(i), recovery="none", empathy="hollow") for i in range(5)]
    assert status(run(no_work), "hollow-effort") == "not-enough-data"


def test_boundaries_crossed_holds() -> None:
    entries = [make(days_before(i), boundaries="respected") for i in range(0, 4)]
    entries.append(make(days_before(8), boundaries="crossed"))
    finding = findings(run(entries), "boundaries-crossed")[0]
    assert finding.status == "noticed"
    assert finding.evidence == (f"Journal/{days_before(8)}.md",)
    assert "1 of the 5" in finding.sentence and "8 days before" in finding.sentence
    yesterday = [*entries[:4], make(days_before(1), boundaries="crossed")]
    assert (
        "(1 day before your latest entry)"
        in findings(run(yesterday), "boundaries-crossed")[0].sentence
    )


def test_boundaries_crossed_not_when_respected_or_long_ago() -> None:
    respected = [make(days_before(i), boundaries="respected") for i in range(5)]
    assert status(run(respected), "boundaries-crossed") == "not-noticed"
    old = [*respected, make(days_before(40), boundaries="crossed")]
    assert status(run(old), "boundaries-crossed") == "not-noticed"


def test_counts_read_as_counts_not_as_trends() -> None:
    hollow = [make(days_before(i), recovery="sustained", empathy="hollow") for i in range(4)]
    crossed = [make(days_before(i), boundaries="crossed") for i in range(3)]
    for entries, pattern in ((hollow, "hollow-effort"), (crossed, "boundaries-crossed")):
        sentence = findings(run(entries), pattern)[0].sentence
        assert sentence.startswith("In the last 30 days you recorded")
        assert sentence.endswith("This is a count of what you wrote, not a trend.")
        for word in ("rising", "falling", "more often", "less often", "unlikely to be chance"):
            assert word not in sentence
    # Fewer than `min_for_percent` entries: a count, never a percentage.
    assert "%" not in findings(run(hollow), "hollow-effort")[0].sentence
    five = [*hollow, make(days_before(5), recovery="sporadic", empathy="hollow")]
    assert "in 5 of them (100%)" in findings(run(five), "hollow-effort")[0].sentence


def test_counts_need_their_minimum_of_entries() -> None:
    two = [make(days_before(i), recovery="sustained", empathy="hollow") for i in range(2)]
    assert status(run(two), "hollow-effort") == "not-enough-data"
    crossed = [make(days_before(i), boundaries="crossed") for i in range(2)]
    assert status(run(crossed), "boundaries-crossed") == "not-enough-data"


def test_thresholds_are_configurable() -> None:
    entries = [make(days_before(i), boundaries="respected") for i in range(1, 3)]
    entries.append(make(days_before(5), boundaries="crossed"))
    assert status(run(entries), "boundaries-crossed") == "noticed"
    assert status(run(entries, min_entries=4), "boundaries-crossed") == "not-enough-data"


def test_no_finding_uses_verdict_words() -> None:
    early = [partner(150 - i, "+") for i in range(5)]
    entries = early + [partner(i, "-") for i in range(5)]
    for result in run(entries).results:
        for finding in result.findings:
            lowered = finding.sentence.lower()
            for word in ("lying", "liar", "faking", "manipulat", "toxic", "narciss", "abus"):
                assert word not in lowered


def test_early_effort_fading_needs_a_drop_unlikely_to_be_chance() -> None:
    # 75% positive early, 33% recently: past both thresholds, but on 4 and 3 entries that
    # spread all over, a drop like this comes by chance too often.
    early = [partner(150, "+"), partner(149, "+"), partner(148, "+"), partner(147, "-")]
    recent = [partner(2, "+"), partner(1, "-"), partner(0, "0")]
    finding = findings(run(early + recent), "early-effort-fading")[0]
    assert finding.status == "not-noticed"
    assert finding.numbers["early_positive_share"] == 0.75
    p_value = finding.numbers["p_value"]
    assert p_value is not None and p_value > 0.05
    assert finding.numbers["test_df"] is not None


def test_sustained_change_needs_a_share_clearly_above_the_threshold() -> None:
    # 4 of 5 entries all positive: 80% is above 60%, but five entries cannot rule out chance.
    entries = [partner(i * 6, "+") for i in range(4)] + [partner(25, "-")]
    finding = findings(run(BEGUN + entries), "sustained-change")[0]
    assert finding.status == "not-noticed"
    p_value = finding.numbers["p_value"]
    assert p_value is not None and p_value > 0.05
    many = [partner(i * 2, "+") for i in range(12)] + [partner(25, "-")]
    finding = findings(run(BEGUN + many), "sustained-change")[0]
    assert finding.status == "noticed"
    assert finding.numbers["p_value"] is not None and finding.numbers["p_value"] < 0.05
    assert "unlikely to be chance" in finding.sentence


def test_few_values_are_counted_not_given_as_percentages() -> None:
    entries = [make(days_before(i), recovery="sustained", empathy="hollow") for i in range(3)]
    entries.append(make(days_before(3), recovery="sustained", empathy="connected"))
    finding = findings(run(entries), "hollow-effort")[0]
    assert finding.status == "noticed"
    assert "in 4 entries that also noted empathy; in 3 of them you" in finding.sentence
    assert "%" not in finding.sentence


def test_after_a_collapse_the_directions_describe_their_own_weeks() -> None:
    # Effort collapses after the first month and stays low: the fading is noticed, and the
    # direction cells, which cover the last 12 weeks only, say there is no clear change in a
    # mostly concerning stretch — never "steady", and never a rise.
    early = [partner(150 - i, "+") for i in range(0, 30, 2)]
    later = [partner(i, "-" if i % 5 else "0") for i in range(0, 118, 2)]
    analysis = run(early + later)
    assert status(analysis, "early-effort-fading") == "noticed"
    for key in ("accountability", "transparency", "empathy"):
        summary = next(d for d in analysis.dimensions if d.key == key)
        assert summary.direction == "no clear change"
        assert summary.trend.level == "mostly concerning"


def test_early_effort_not_fading_is_said_with_its_figures() -> None:
    early = [partner(150 - i, "+") for i in range(4)]
    recent = [partner(i, "+") for i in range(4)]
    finding = findings(run(early + recent), "early-effort-fading")[0]
    assert finding.status == "not-noticed"
    assert "in the first 30 days of your journal" in finding.sentence
    # 4 entries but 12 values: the share is of values, so a percentage with its count.
    assert "100% of the values you recorded about your partner were positive (12 of 12, in 4 " in (
        finding.sentence
    )


def test_an_entry_marked_discovery_starts_the_first_days() -> None:
    old_notes = [partner(300 - i, "0") for i in range(5)]  # carried over from before
    marked = partner(150, "+")
    marked = Entry(marked.path, marked.date, marked.observations, events=("Discovery",))
    early = [marked, *(partner(150 - i, "+") for i in range(1, 5))]
    recent = [partner(i, "0") for i in range(5)]
    analysis = run(old_notes + early + recent)
    finding = findings(analysis, "early-effort-fading")[0]
    assert finding.status == "noticed"
    assert f"(from {days_before(150)})" in finding.sentence


def test_pattern_sentences_count_values_not_entries() -> None:
    # The audit's journal: 3 early entries, each one value positive and one concerning. That
    # is 3 of 6 values, never "2 of 3" (the share of values times the number of entries).
    early = [
        make(days_before(100 - i), boundaries="crossed", empathy="connected") for i in range(3)
    ]
    recent = [make(days_before(i), boundaries="crossed") for i in range(3)]
    finding = findings(run(early + recent, min_for_percent=7), "early-effort-fading")[0]
    assert finding.status == "not-noticed"
    assert (
        "3 of the 6 values you recorded about your partner were positive (3 entries)"
        in finding.sentence
    )
    assert "in the last 30 days, 0 of the 3 values were positive (3 entries)" in finding.sentence
    assert "%" not in finding.sentence
    assert (finding.numbers["early_positive_values"], finding.numbers["early_values"]) == (3, 6)
    # From `min_for_percent` values on, a percentage, with the count beside it.
    at_six = findings(run(early + recent, min_for_percent=6), "early-effort-fading")[0]
    assert "50% of the values you recorded about your partner were positive (3 of 6, in 3 " in (
        at_six.sentence
    )
    assert "0 of the 3 values were positive" in at_six.sentence


def test_sustained_change_sentence_counts_values() -> None:
    # Entries holding one value and entries holding three: 16 of 20 values, in 10 entries.
    early = [partner(150 - i, "+") for i in range(5)]
    recent = [partner(i * 3, "+") for i in range(5)] + [
        make(days_before(i * 3 + 1), boundaries="crossed" if i == 0 else "respected")
        for i in range(5)
    ]
    finding = findings(run(early + recent), "sustained-change")[0]
    assert finding.status == "noticed"
    assert "95% of the values you recorded about your partner were positive (19 of 20, in 10 " in (
        finding.sentence
    )


VALUES_BY_KEY = {key: tuple(dimension.values) for key, dimension in VOCABULARY.dimensions.items()}

# The values one dimension can hold in an entry: one value or two (repeats allowed), each
# count as likely as the other. Built once: a strategy built for every example (as a flatmap
# does) cost most of this test's time.
_VALUE_TUPLES = {
    key: evenly(
        [(value,) for value in values],
        [(first, second) for first in values for second in values],
    )
    for key, values in VALUES_BY_KEY.items()
}
_KEYS = st.lists(st.sampled_from(sorted(VALUES_BY_KEY)), unique=True, max_size=len(VALUES_BY_KEY))


@st.composite
def observations(draw: st.DrawFn) -> dict[str, tuple[str, ...]]:
    """An entry's partner values: any dimensions, each with one or two values (or none)."""
    return {key: draw(_VALUE_TUPLES[key]) for key in draw(_KEYS)}


SHARE = re.compile(
    r"(?:(?P<percent>\d+)% of the values[^(]*\((?P<k>\d+) of (?P<n>\d+), in (?P<e>\d+) entr"
    r"|(?P<k2>\d+) of the (?P<n2>\d+) values?[^(]*\((?P<e2>\d+) entr)"
)


def said_counts(text: str) -> list[tuple[int, int, int, bool]]:
    """Each share a sentence gives: (positive values, values, entries, as a percentage)."""
    found = []
    for match in SHARE.finditer(text):
        if match["percent"] is not None:
            found.append((int(match["k"]), int(match["n"]), int(match["e"]), True))
        else:
            found.append((int(match["k2"]), int(match["n2"]), int(match["e2"]), False))
    return found


def true_counts(entries: list[Entry]) -> tuple[int, int, int]:
    """Positive values, all values, and entries with any value: counted by hand."""
    scores = [
        VOCABULARY.dimensions[key].scores[value]
        for e in entries
        for key, values in e.observations.items()
        for value in values
    ]
    return sum(1 for s in scores if s > 0), len(scores), sum(1 for e in entries if e.observations)


def dated(day: dt.date, values: dict[str, tuple[str, ...]]) -> Entry:
    """An entry with these partner values (maybe none) and a rating, so that the latest entry
    keeps the as-of date where it is even when it records nothing about the partner."""
    return Entry(f"Journal/{day.isoformat()}.md", day, values, ratings={"safety": 3})


@given(
    st.lists(observations(), min_size=3, max_size=9),
    st.lists(observations(), min_size=3, max_size=9),
    st.integers(1, 20),
)
def test_every_share_said_is_the_true_count_of_values(
    early_values: list[dict[str, tuple[str, ...]]],
    recent_values: list[dict[str, tuple[str, ...]]],
    min_for_percent: int,
) -> None:
    early = [dated(days_before(150 - i), v) for i, v in enumerate(early_values)]
    recent = [dated(days_before(i), v) for i, v in enumerate(recent_values)]
    # The two patterns whose sentences count values (the others are not asked for here).
    shares = [a for a in ANALYZERS if a.id in ("early-effort-fading", "sustained-change")]
    thresholds = Thresholds(min_for_percent=min_for_percent)
    analysis = analyze(early + recent, VOCABULARY, thresholds, shares)
    expected = [true_counts(early), true_counts(recent)]
    fading = findings(analysis, "early-effort-fading")[0]
    if fading.status != "not-enough-data":
        said = said_counts(fading.sentence)
        assert [s[:3] for s in said] == expected
        assert [s[3] for s in said] == [n >= min_for_percent for _, n, _ in expected]
    sustained = findings(analysis, "sustained-change")[0]
    if sustained.status == "noticed":
        said = said_counts(sustained.sentence)
        assert [s[:3] for s in said] == expected[1:]
        assert said[0][3] == (expected[1][1] >= min_for_percent)
    for finding in (fading, sustained):
        for window, (positive, total, _) in zip(("early", "recent"), expected, strict=True):
            if f"{window}_values" in finding.numbers:
                assert finding.numbers[f"{window}_positive_values"] == positive
                assert finding.numbers[f"{window}_values"] == total


def test_sustained_change_waits_for_the_early_days() -> None:
    # The audit's journal: 14 entries over 3 weeks, every value positive. This is the phase in
    # which a crisis response (grand gestures that fade) looks just like genuine change.
    three_weeks = [partner(i * 3 // 2, "+") for i in range(14)]
    finding = findings(run(three_weeks), "sustained-change")[0]
    assert finding.status == "not-enough-data"
    assert finding.sentence == (
        "too early to call change sustained: your journal is 20 days long (2026-11-01 to "
        "2026-11-20), and early effort can look like lasting change, so it is looked for only "
        "once the last 30 days of your journal come wholly after its first 30 (when your "
        "latest entry is from 2026-12-30 or later)"
    )
    # The statistics themselves are as before: these figures alone would have been enough.
    assert finding.numbers["recent_positive_share"] == 1.0
    assert finding.numbers["p_value"] is not None and finding.numbers["p_value"] < 0.05
    overview = render_overview(run(three_weeks))
    assert "> [!note] Sustained change" not in overview
    assert "- Sustained change: not enough data yet; too early to call change sustained: " in (
        overview
    )


def test_sustained_change_from_the_day_the_early_days_are_behind() -> None:
    # The same steady weeks, in a journal that began 59 days before its latest entry: the
    # last 30 days start the day after the first 30 end. One day shorter, they overlap.
    steady = [partner(40, "+"), *(partner(i * 3 // 2, "+") for i in range(14))]
    assert status(run([partner(59, "+"), *steady]), "sustained-change") == "noticed"
    finding = findings(run([partner(58, "+"), *steady]), "sustained-change")[0]
    assert finding.status == "not-enough-data"
    assert "your journal is 59 days long" in finding.sentence


def test_a_note_left_alone_long_before_the_journal_is_not_its_first_days() -> None:
    # A note tried out 100 days before the journal began, then two months of entries: the
    # first days are the journal's (from day 62), not the lone note's 30 days.
    early = [partner(62 - i, "+" if i % 9 else "0") for i in range(0, 30, 3)]
    late = [partner(29 - i, "-" if i % 2 else "0") for i in range(0, 30, 3)]
    finding = findings(run([partner(162, "+"), *early, *late]), "early-effort-fading")[0]
    assert finding.status == "noticed"
    assert finding.numbers["early_n"] == 10 and finding.numbers["recent_n"] == 10
    assert f"(from {days_before(62)})" in finding.sentence
    # Two notes tried out a day apart are passed over alike; three are a start of their own.
    two = [partner(163, "+"), partner(162, "+")]
    finding = findings(run([*two, *early, *late]), "early-effort-fading")[0]
    assert finding.status == "noticed" and f"(from {days_before(62)})" in finding.sentence
    three = [partner(164, "+"), *two]
    finding = findings(run([*three, *early, *late]), "early-effort-fading")[0]
    assert finding.numbers["early_n"] == 3
    # Without the silence, the first note begins the journal (its first days hold it alone).
    near = findings(run([partner(92, "+"), *early, *late]), "early-effort-fading")[0]
    assert near.status == "not-enough-data" and near.numbers["early_n"] == 1
    # Sustained change says from when it counts, and why.
    steady = [partner(i, "+") for i in range(0, 20, 2)]
    sustained = findings(run([partner(100, "+"), *steady]), "sustained-change")[0]
    assert sustained.status == "not-enough-data"
    assert (
        f"your journal is 19 days long from {days_before(18)}, after more than 30 days "
        "without an entry" in sustained.sentence
    )


def test_a_long_journal_still_shows_sustained_change() -> None:
    # A year of entries, a rough start, then months of steady positive weeks.
    rough = [partner(365 - i, "-" if i % 3 else "0") for i in range(0, 60, 2)]
    steady = [partner(i, "+" if i % 7 else "0") for i in range(0, 200, 2)]
    finding = findings(run(rough + steady), "sustained-change")[0]
    assert finding.status == "noticed"
    assert finding.sentence.startswith("Over the last 30 days, ")
    assert "unlikely to be chance" in finding.sentence


def test_after_a_recent_discovery_sustained_change_waits_too() -> None:
    # Notes kept for months before, then a discovery three weeks ago: the weeks after it are
    # the early days, however old the journal.
    before = [partner(200 - i, "0") for i in range(0, 150, 5)]
    marked = partner(20, "+")
    marked = Entry(marked.path, marked.date, marked.observations, events=("discovery",))
    after = [marked, *(partner(i, "+") for i in range(19, -1, -1))]
    finding = findings(run(before + after), "sustained-change")[0]
    assert finding.status == "not-enough-data"
    assert (
        "your journal covers 21 days from the discovery (2026-10-31 to 2026-11-20)"
        in finding.sentence
    )
    assert "come wholly after the first 30 from the discovery" in finding.sentence
