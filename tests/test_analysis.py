import datetime as dt
import random
from dataclasses import replace

import pytest

from plainheal.analyze.analysis import RatingCheckIn
from plainheal.analyze.dimensions import Trend
from plainheal.analyze.periods import month_of, summarize_periods, week_of
from plainheal.analyze.weeks import iso_week
from plainheal.api import Window
from plainheal.builtin import VOCABULARY
from plainheal.entry import Entry

from builders import AS_OF, days_before, make, run


def test_no_dated_entries_means_no_as_of() -> None:
    analysis = run([Entry("x.md", None, {"empathy": ("hollow",)})])
    assert analysis.as_of is None and analysis.entry_count == 1 and analysis.dated_count == 0


def test_windows_are_relative_to_the_latest_entry_not_today() -> None:
    analysis = run([make("2026-01-01"), make(AS_OF)])
    assert analysis.as_of == AS_OF
    assert analysis.recent == Window(dt.date(2026, 10, 22), AS_OF)
    assert analysis.three_months_ago == Window(dt.date(2026, 7, 24), dt.date(2026, 8, 22))


def test_rating_check_in_counts_each_side() -> None:
    entries = [make(days_before(i), {"safety": 4}) for i in range(0, 4)]
    entries += [make(days_before(90 + i), {"safety": 2}) for i in range(0, 29, 10)]
    entries.append(make(days_before(31), {"safety": 1}))  # in neither window
    safety = next(r for r in run(entries).ratings if r.key == "safety")
    assert (safety.recent.n, safety.recent.mean) == (4, 4.0)
    assert (safety.three_months_ago.n, safety.three_months_ago.mean) == (3, 2.0)
    assert safety.change == 2.0
    # No spread on either side, but 3 against 4 ratings: all the 2s on one side happens by
    # chance in 2 of the 35 ways of dealing seven ratings into groups of three and four.
    assert safety.test is not None and safety.test.p_value == pytest.approx(2 / 35)
    assert safety.direction == "about the same"


def test_no_spread_on_enough_ratings_is_clear() -> None:
    entries = [make(days_before(i), {"safety": 4}) for i in range(0, 6)]
    entries += [make(days_before(90 + i), {"safety": 2}) for i in range(0, 29, 5)]
    safety = next(r for r in run(entries).ratings if r.key == "safety")
    assert safety.test is not None and safety.test.p_value == pytest.approx(2 / 924)
    assert safety.direction == "higher"


def test_rating_check_in_says_higher_only_when_unlikely_to_be_chance() -> None:
    def check_in(then: list[int], now: list[int], **thresholds: float) -> RatingCheckIn:
        entries = [make(days_before(i), {"safety": v}) for i, v in enumerate(now)]
        entries += [make(days_before(90 + i), {"safety": v}) for i, v in enumerate(then)]
        return next(r for r in run(entries, **thresholds).ratings if r.key == "safety")

    noisy = check_in([1, 5, 2, 4], [2, 5, 3, 5])  # 0.75 higher, but spread all over
    assert noisy.direction == "about the same"
    assert noisy.test is not None and noisy.test.p_value is not None
    assert noisy.test.p_value > 0.05
    clear = check_in([2, 2, 3, 2, 1, 2, 3, 2], [4, 4, 3, 4, 5, 4, 3, 4])
    assert clear.direction == "higher"
    assert check_in(list(reversed([4, 4, 3, 4, 5, 4, 3, 4])), [2, 2, 3, 2, 1, 2]).direction == (
        "lower"
    )
    # Certain but small: 0.25 on a 1–5 scale is below min_rating_change.
    small = check_in([3] * 20 + [4] * 20, [3] * 10 + [4] * 30)
    assert small.test is not None and small.test.p_value is not None
    assert small.test.p_value < 0.05 and small.direction == "about the same"
    assert check_in([3] * 20 + [4] * 20, [3] * 10 + [4] * 30, min_rating_change=0.2).direction == (
        "higher"
    )
    assert check_in([2, 2], [4, 4, 4]).direction == "not enough data"


def test_rating_change_scales_with_the_range() -> None:
    from plainheal.analyze.analysis import compare_ratings
    from plainheal.api import Thresholds
    from plainheal.vocabulary import Rating

    before, after = [3.0, 3.1, 2.9] * 5, [3.6, 3.7, 3.5] * 5  # 0.6 higher, no doubt
    assert compare_ratings(before, after, Rating("hope", 1, 5), Thresholds())[0] == "higher"
    assert compare_ratings(before, after, Rating("hope", 1, 10), Thresholds())[0] == (
        "about the same"
    )


def test_dimension_counts_share_and_mean() -> None:
    entries = [
        make(days_before(0), transparency="proactive"),
        make(days_before(2), transparency="proactive"),
        make(days_before(3), transparency="on-request"),
        make(days_before(4), transparency="withheld"),
        make(days_before(60), transparency="withheld"),  # outside the recent window
    ]
    summary = next(d for d in run(entries).dimensions if d.key == "transparency")
    assert summary.counts == {"proactive": 2, "on-request": 1, "withheld": 1}
    assert summary.positive_share == 0.5
    assert summary.mean_score == 0.25
    assert summary.days_since_concerning == 4


def test_weekly_trend_and_direction() -> None:
    # Twelve weeks, rising from crossed to respected.
    values = ["crossed"] * 4 + ["tested"] * 4 + ["respected"] * 4
    entries = [make(days_before(7 * (11 - i)), boundaries=v) for i, v in enumerate(values)]
    summary = next(d for d in run(entries).dimensions if d.key == "boundaries")
    assert len(summary.weekly) == 12
    assert summary.weekly[-1].week == iso_week(AS_OF)
    assert [w.mean_score for w in summary.weekly] == [-1] * 4 + [0] * 4 + [1] * 4
    assert summary.direction == "rising"
    assert (summary.positive_weeks, summary.weeks_with_data) == (4, 12)


def test_falling_and_steady_and_too_little() -> None:
    falling = [
        make(days_before(7 * i), empathy="connected" if i > 5 else "dismissive") for i in range(12)
    ]
    steady = [make(days_before(7 * i), empathy="hollow") for i in range(12)]
    few = [make(days_before(7 * i), empathy="hollow") for i in range(2)]

    def direction(entries: list[Entry]) -> str:
        return next(d for d in run(entries).dimensions if d.key == "empathy").direction

    assert direction(falling) == "falling"
    assert direction(steady) == "no clear change"
    assert direction(few) == "not enough data"


def test_direction_needs_a_clear_slope_and_enough_weeks() -> None:
    def trend(entries: list[Entry], **thresholds: float) -> Trend:
        return next(d for d in run(entries, **thresholds).dimensions if d.key == "empathy").trend

    # Three weeks of a steep fall: too few weeks to name a direction.
    three_weeks = [
        make(days_before(i), empathy=("connected" if i > 12 else "dismissive")) for i in range(19)
    ]
    assert trend(three_weeks).direction == "not enough data"
    assert trend(three_weeks).weeks_with_data == 3
    assert trend(three_weeks, trend_min_weeks=3).direction == "falling"
    # Alternating values with one more good week at the start: a slope, but noise.
    noisy = [
        make(days_before(7 * i + d), empathy=("connected" if (i + d) % 2 else "dismissive"))
        for i in range(12)
        for d in range(2)
    ] + [make(days_before(80), empathy="connected")]
    found = trend(noisy)
    assert found.direction == "no clear change" and found.level == "mixed"
    assert found.test.p_value is not None and found.test.p_value > 0.05
    # A small but certain slope is not named either: the change per week is too small.
    slow = [make(days_before(i), empathy="hollow") for i in range(84)]
    slow += [make(days_before(i), empathy="connected") for i in range(0, 10)]
    found = trend(slow, trend_slope=0.5)
    assert found.test.p_value is not None and found.test.p_value < 0.05
    assert found.direction == "no clear change" and found.level == "mixed"


def test_level_of_no_clear_change() -> None:
    good = [make(days_before(7 * i), empathy="connected") for i in range(8)]
    bad = [make(days_before(7 * i), empathy="dismissive") for i in range(8)]
    for entries, level in ((good, "mostly positive"), (bad, "mostly concerning")):
        summary = next(d for d in run(entries).dimensions if d.key == "empathy")
        assert (summary.direction, summary.trend.level) == ("no clear change", level)


def test_runs_of_positive_entries() -> None:
    values = ["full", "full", "partial", "full", "full", "full", "deflecting", "full"]
    entries = [make(days_before(len(values) - i), accountability=v) for i, v in enumerate(values)]
    summary = next(d for d in run(entries).dimensions if d.key == "accountability")
    assert summary.longest_run.length == 3
    assert summary.longest_run.first == entries[3] and summary.longest_run.last == entries[5]
    assert summary.current_run == 1
    assert summary.last_concerning == entries[6]


def test_needs_then_and_now() -> None:
    def needs(day: dt.date, met: tuple[str, ...], unmet: tuple[str, ...]) -> Entry:
        return Entry(f"{day}.md", day, checklists={"needs_met": met, "needs_unmet": unmet})

    entries = [
        needs(days_before(1), ("validation",), ("patience",)),
        needs(days_before(2), ("validation", "patience"), ()),
        needs(days_before(95), (), ("validation",)),
    ]
    analysis = run(entries)
    assert analysis.needs is not None
    assert (analysis.needs.entries_recent, analysis.needs.entries_then) == (2, 1)
    validation = next(n for n in analysis.needs.items if n.item == "validation")
    assert (validation.met_recent, validation.met_then) == (2, 0)
    assert (validation.unmet_recent, validation.unmet_then) == (0, 1)


def test_periods_group_by_month_and_iso_week() -> None:
    entries = [make("2026-10-30"), make("2026-11-01"), make("2026-11-02"), make("2027-01-01")]
    months = summarize_periods(entries, VOCABULARY, "month")
    assert [m.current.period.key for m in months] == ["2026-10", "2026-11", "2027-01"]
    assert months[1].previous is months[0].current
    assert months[2].previous is None  # December has no entries
    weeks = summarize_periods(entries, VOCABULARY, "week")
    assert [w.current.period.key for w in weeks] == ["2026-W44", "2026-W45", "2026-W53"]
    assert month_of(dt.date(2026, 2, 10)).end == dt.date(2026, 2, 28)
    assert week_of(dt.date(2027, 1, 1)).key == "2026-W53"


def test_a_failing_analyzer_is_reported_and_the_rest_still_run() -> None:
    from plainheal.analyze.analysis import analyze
    from plainheal.api import Analyzer, Thresholds
    from plainheal.builtin.patterns import ANALYZERS

    def broken(_context: object) -> list[object]:
        raise RuntimeError("boom")

    analyzers = (Analyzer("broken", "Broken", broken), *ANALYZERS)  # type: ignore[arg-type]
    analysis = analyze([make(AS_OF)], VOCABULARY, Thresholds(), analyzers)
    assert analysis.results[0].error == "analyzer 'broken' failed: RuntimeError: boom"
    assert len(analysis.results) == 1 + len(ANALYZERS)


def test_summarizing_only_some_periods_gives_the_same_pages() -> None:
    entries = [
        make(days_before(i * 2), {"safety": i % 5 + 1}, empathy="hollow") for i in range(200)
    ]
    ordered = sorted(entries, key=Entry.sort_key)
    for kind, keys in (("month", {"2026-10", "2026-03"}), ("week", {"2026-W40", "2026-W41"})):
        everything = {s.current.period.key: s for s in summarize_periods(ordered, VOCABULARY, kind)}
        some = summarize_periods(ordered, VOCABULARY, kind, keys)
        assert [s.current.period.key for s in some] == sorted(keys)
        for summary in some:
            assert summary == everything[summary.current.period.key]


def test_context_indexes_entries_by_value_for_plugins() -> None:
    from plainheal.analyze.analysis import make_context
    from plainheal.api import Thresholds

    entries = [make(days_before(2), empathy="hollow"), make(days_before(1), empathy="hollow")]
    context = make_context(entries, VOCABULARY, Thresholds())
    assert context is not None
    assert context.by_value[("empathy", "hollow")] == sorted(entries, key=Entry.sort_key)
    assert context.scores(entries[0]) == [0]
    assert context.enough(3) and not context.enough(2)


def test_context_scores_are_each_entrys_own_whatever_was_asked_before() -> None:
    from plainheal.analyze.analysis import make_context
    from plainheal.api import Thresholds

    first = make(days_before(2), empathy="hollow", transparency="proactive")
    second = make(days_before(1), empathy="hollow", transparency="withheld")
    same_as_first = make(days_before(2), empathy="hollow", transparency="proactive")
    context = make_context([first, second], VOCABULARY, Thresholds())
    assert context is not None

    def expected(entry: Entry, keys: tuple[str, ...] | None = None) -> list[int]:
        wanted = VOCABULARY.dimensions if keys is None else keys
        return [
            VOCABULARY.dimensions[k].scores[v]
            for k in wanted
            if k in VOCABULARY.dimensions
            for v in entry.observations.get(k, ())
        ]

    for _ in range(2):  # computed, then remembered
        assert context.scores(first) == expected(first) == [1, 0]
        assert context.scores(second) == expected(second) == [-1, 0]
    # Some keys, in the order asked, after (and before) every key was remembered.
    assert context.scores(second, ["empathy"]) == [0]
    assert context.scores(second, ["empathy", "transparency"]) == [0, -1]
    assert context.scores(second, ("nothing",)) == []
    assert context.scores(same_as_first, ["transparency"]) == [1]
    assert context.scores(same_as_first) == expected(same_as_first)
    # The list given is the caller's: changing it changes nothing remembered.
    context.scores(first).append(5)
    assert context.scores(first) == [1, 0]
    # An entry outside the context, with other values: its own scores, not the
    # remembered ones of an entry once at its address.
    outside = make(days_before(2), empathy="connected")
    assert context.scores(outside) == expected(outside) == [1]
    # A remembered address now holding another entry (as after a copy of the context)
    # is not trusted.
    context._scores[id(second)] = (first, (1, 0))
    assert context.scores(second) == [-1, 0]


def _twice_a_day(entries: list[Entry]) -> list[Entry]:
    """Every entry again as an evening note of the same day, with the same values."""
    return entries + [
        replace(e, path=e.path.replace("Journal/", "Journal/Evening/")) for e in entries
    ]


def test_two_notes_of_one_day_are_one_day_of_evidence() -> None:
    # The same journal written twice a day gives the same tests: each day is one unit.
    rng = random.Random(4)
    entries = []
    for i in range(150, -1, -1):
        if 30 <= i <= 90:
            continue
        transparency = "withheld" if i % 4 == 0 else rng.choice(["proactive", "on-request"])
        safety = rng.randint(1, 2) if i % 4 in (0, 3) else rng.randint(3, 5)  # and the day after
        entries.append(
            make(
                days_before(i),
                {"safety": safety, "connection": rng.randint(1, 5)},
                empathy=rng.choice(["connected", "hollow", "dismissive"]),
                transparency=transparency,
            )
        )
    once, twice = run(entries), run(_twice_a_day(entries))
    for one, two in zip(once.ratings, twice.ratings, strict=True):
        assert one.test == two.test and one.direction == two.direction
        assert two.recent.n == 2 * one.recent.n  # the figures still count every rating
    for one_d, two_d in zip(once.dimensions, twice.dimensions, strict=True):
        assert one_d.trend.test == two_d.trend.test and one_d.trend.n == two_d.trend.n
    links = sorted(
        (f.id, f.subject, f.numbers["p_value"], f.numbers["with_n"])
        for _, f in once.findings("noticed")
        if f.id.startswith("linked-to-")
    )
    doubled = sorted(
        (f.id, f.subject, f.numbers["p_value"], f.numbers["with_n"])
        for _, f in twice.findings("noticed")
        if f.id.startswith("linked-to-")
    )
    assert links, "the planted link is found"
    assert [(i, s, p) for i, s, p, _ in links] == [(i, s, p) for i, s, p, _ in doubled]
    assert [None if n is None else 2 * n for *_, n in links] == [n for *_, n in doubled]


def test_a_blank_note_after_the_journal_does_not_move_the_as_of_date() -> None:
    entries = [make(days_before(i), {"safety": 3}, empathy="connected") for i in range(0, 40, 2)]
    blank = Entry("Journal/2026-12-20.md", dt.date(2026, 12, 20))  # today's note, left empty
    analysis = run([*entries, blank])
    assert analysis.as_of == AS_OF
    assert analysis.ratings[0].recent.n == 15
    marked = Entry("Journal/2026-12-21.md", dt.date(2026, 12, 21), events=("session",))
    assert run([*entries, marked]).as_of == dt.date(2026, 12, 21)
    assert run([blank]).as_of == dt.date(2026, 12, 20)  # nothing recorded anywhere yet
