"""What the summaries say, read as the person they are for: values that read as values, no
rows of zeros, links Obsidian opens, and what went well beside what did not."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from plainheal.analyze.periods import summarize_periods
from plainheal.builtin import VOCABULARY
from plainheal.entry import Conflict, Entry, Problem
from plainheal.render.overview import render_overview
from plainheal.render.period_page import render_period
from plainheal.render.words import Linker

from builders import AS_OF, days_before, make, run


def _section(text: str, heading: str) -> str:
    """The lines under `## heading`, up to the next heading or rule."""
    lines = text.splitlines()
    start = lines.index(f"## {heading}") + 1
    end = next(
        (i for i in range(start, len(lines)) if lines[i].startswith(("## ", "---"))), len(lines)
    )
    return "\n".join(lines[start:end]).strip()


def _row(text: str, first_cell: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(f"| {first_cell} |"))


def _needs(day: dt.date, met: tuple[str, ...] = (), unmet: tuple[str, ...] = ()) -> Entry:
    checklists = {k: v for k, v in (("needs_met", met), ("needs_unmet", unmet)) if v}
    return dataclasses.replace(make(day, {"safety": 3}), checklists=checklists)


# 1. A value named `none` never reads as "nothing recorded".


def test_the_value_none_reads_as_a_value_and_no_concern_reads_as_words() -> None:
    analysis = run(
        [
            make(days_before(3), recovery="none", boundaries="respected"),
            make(days_before(0), recovery="sustained", boundaries="respected"),
        ]
    )
    consistency = _section(render_overview(analysis), "Consistency")
    assert "3 days (*none*, [[" in _row(consistency, "Recovery")
    boundaries = _row(consistency, "Boundaries")
    assert boundaries.endswith("| none in the 2 entries recording it |")
    unrecorded = _row(consistency, "Empathy")
    assert unrecorded.endswith("| nothing recorded yet |")
    assert "none recorded" not in consistency
    actions = _section(render_overview(analysis), "Your partner's actions")
    assert "*none* 1" in _row(actions, "Recovery")


def test_values_are_italic_however_they_are_spelled() -> None:
    from plainheal.render.present import value_text

    parsed = MarkdownIt().parseInline(value_text("on_request*2"))[0].children
    assert parsed is not None
    assert [t.type for t in parsed] == ["em_open", "text", "em_close"]
    assert parsed[1].content == "on_request*2"


# 2. No rows of zeros for needs never recorded.


def test_overview_needs_leave_out_needs_never_recorded_and_name_them() -> None:
    analysis = run(
        [
            _needs(days_before(95), met=("patience",)),
            _needs(days_before(2), unmet=("validation",)),
            _needs(days_before(0)),
        ]
    )
    needs = _section(render_overview(analysis), "Needs")
    assert "| Patience | 1 | 0 | 0 | 0 |" in needs
    assert "| Validation | 0 | 0 | 0 | 1 |" in needs
    assert "| Transparency |" not in needs and "| Reassurance |" not in needs
    assert "Not recorded as met or unmet in either window: transparency, vulnerability, " in needs
    assert " 0 | 0 | 0 | 0 |" not in needs


def test_overview_needs_say_plainly_when_none_were_recorded() -> None:
    analysis = run([_needs(days_before(1)), _needs(days_before(0))])
    needs = _section(render_overview(analysis), "Needs")
    assert needs.endswith("No needs were recorded in either of these windows.")
    assert "|" not in needs


def test_period_needs_leave_out_needs_never_recorded() -> None:
    journal = [
        _needs(dt.date(2026, 11, 2), met=("validation",), unmet=("patience",)),
        _needs(dt.date(2026, 11, 3), met=("validation",)),
        _needs(dt.date(2026, 10, 30), met=("reassurance",)),
    ]
    needs = _section(_period_pages(journal, "month")["2026-11"], "Needs")
    assert needs.splitlines()[2:] == [
        "| Validation | 2 | 0 |",
        "| Patience | 0 | 1 |",
        "",
        "Not recorded as met or unmet in this month: transparency, vulnerability, reassurance.",
    ]
    week = _period_pages([_needs(dt.date(2026, 11, 2))], "week")["2026-W45"]
    assert _section(week, "Needs") == "No needs were recorded this week."


# 3. Paths under "Needs your attention" are links Obsidian opens, where it can.


def _attention(
    problem_paths: list[str], conflicts: tuple[Conflict, ...] = (), message: str | None = None
) -> str:
    """The section for one warning in each file (each its own message unless given)."""
    problems = tuple(
        Problem(p, "warning", "w", message or f"warning {i}", 3)
        for i, p in enumerate(problem_paths)
    )
    analysis = dataclasses.replace(
        run([make(AS_OF, {"safety": 3})]),
        problems=problems,
        conflicts=conflicts,
    )
    return _section(render_overview(analysis), "Needs your attention")


def test_problem_files_and_conflict_copies_are_wiki_links() -> None:
    copy = "Journal/2026-11-20.sync-conflict-20261120-101010-ABCDEFG.md"
    text = _attention(["Journal/2026-11-19.md"], (Conflict(copy, "Journal/2026-11-20.md"),))
    lines = text.splitlines()
    assert lines[0] == "- [[Journal/2026-11-19.md]], line 3: warning 0"
    assert lines[1].startswith(f"- [[{copy}]] is a sync-conflict copy of [[2026-11-20]];")
    assert "`" not in text


def test_files_obsidian_cannot_open_or_link_stay_code() -> None:
    odd = ["plainheal.toml", "a|b.md", "x#1.md", "x^1.md", "a]]b.md", "a[[b.md", "[x.md"]
    text = _attention(odd)
    for i, path in enumerate(odd):
        assert f"- `{path}`, line 3: warning {i}" in text
    grave = _attention(["we`ird#.md"])
    assert "- ``we`ird#.md``, line 3" in grave


def test_the_same_problem_in_many_files_links_each_file() -> None:
    text = _attention([f"Journal/2026-11-0{d}.md" for d in range(1, 4)], message="a warning")
    assert text == (
        "- In 3 files: a warning — [[Journal/2026-11-01.md]], line 3; "
        "[[Journal/2026-11-02.md]], line 3; [[Journal/2026-11-03.md]], line 3."
    )


@given(st.text(min_size=1).map(lambda s: s + ".md"))
def test_a_link_holds_the_whole_path_or_is_code(path: str) -> None:
    shown = Linker([]).file(path)
    if shown.startswith("[["):
        inner = shown[2:-2]
        assert inner == path and shown.endswith("]]")
        assert not any(bad in inner for bad in ("|", "#", "^", "[[", "]]", "\n", "\r"))
    else:
        assert shown.startswith("`")


# 4. Month and week pages: a line about the period, and what went well before what did not.


def _period_pages(journal: list[Entry], kind: str) -> dict[str, str]:
    analysis = run(journal)
    return {
        s.current.period.key: render_period(s, analysis)
        for s in summarize_periods(analysis.entries or journal, VOCABULARY, kind)
    }


def test_a_period_lists_positive_values_with_links_before_the_concerning_ones() -> None:
    journal = [
        make("2026-11-02", {"safety": 2}, transparency="proactive", boundaries="crossed"),
        make("2026-11-05", {"safety": 4}, transparency="proactive", recovery="none"),
        make("2026-11-09", {"safety": 3}, empathy="hollow"),
    ]
    page = _period_pages(journal, "month")["2026-11"]
    assert page.index("## Positive values this period") < page.index(
        "## Concerning values this period"
    )
    assert _section(page, "Positive values this period") == (
        "- Transparency: *proactive* in 2 entries: [[2026-11-02]] · [[2026-11-05]]"
    )
    assert _section(page, "Concerning values this period").splitlines() == [
        "- Recovery: *none* in 1 entry: [[2026-11-05]]",
        "- Boundaries: *crossed* in 1 entry: [[2026-11-02]]",
    ]


def test_a_period_with_nothing_positive_or_concerning_says_so() -> None:
    page = _period_pages([make("2026-11-02", empathy="hollow")], "week")["2026-W45"]
    assert _section(page, "Positive values this period") == (
        "No positive value was recorded this period."
    )
    assert _section(page, "Concerning values this period") == (
        "No concerning value was recorded this period."
    )


def test_the_period_line_counts_below_min_for_percent_and_averages_ratings() -> None:
    journal = [
        make("2026-11-03", {"safety": 2, "connection": 4}, transparency="proactive"),
        make("2026-11-05", {"safety": 3}, empathy="hollow", boundaries="crossed"),
    ]
    page = _period_pages(journal, "month")["2026-11"]
    line = page.splitlines()[2]
    assert line == (
        "2 entries from 2026-11-03 to 2026-11-05; 1 of the 3 values you recorded about your "
        "partner's actions was positive; safety averaged 2.5 (2 ratings), connection 4.0 "
        "(1 rating)."
    )


def test_the_period_line_gives_a_percentage_from_min_for_percent_values() -> None:
    journal = [
        make("2026-11-02", transparency="proactive", empathy="connected"),
        make("2026-11-03", transparency="proactive", empathy="hollow"),
        make("2026-11-04", repair="ignored"),
    ]
    page = _period_pages(journal, "week")["2026-W45"]
    assert (
        "3 entries from 2026-11-02 to 2026-11-04; 60% of the values you recorded about your "
        "partner's actions were positive (3 of 5)." in page
    )
    assert "averaged" not in page.split("## Check-in")[0]
    one = _period_pages([make("2026-11-02")], "week")["2026-W45"]
    assert "1 entry on 2026-11-02; no values you recorded about your partner's actions." in one


def test_the_period_line_never_compares_in_words() -> None:
    journal = [make(f"2026-11-{d:02d}", {"safety": 1 + d % 5}) for d in range(2, 16)]
    journal += [make(f"2026-10-{d:02d}", {"safety": 5}) for d in range(2, 30)]
    page = _period_pages(sorted(journal, key=lambda e: e.sort_key()), "month")["2026-11"]
    line = page.splitlines()[2]
    assert line.startswith("14 entries from 2026-11-02")
    for word in ("higher", "lower", "more", "less", "better", "worse", "than"):
        assert word not in line.split()
