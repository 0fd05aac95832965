"""The therapist report, built from hand-made entries: summary, timeline, moments, privacy."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re

from plainheal.analyze.analysis import analyze
from plainheal.api import Thresholds
from plainheal.builtin import VOCABULARY
from plainheal.builtin.patterns import ANALYZERS
from plainheal.entry import Entry
from plainheal.render.report import markdown_document, render_markdown
from plainheal.render.report_data import (
    EVIDENCE_SHOWN,
    MOMENTS_SHOWN,
    ExportData,
    SharedEntry,
    build,
    select,
)
from plainheal.render.report_html import render_html
from plainheal.render.report_seal import is_sealed

START = dt.date(2026, 9, 1)
TEMPLATE = (
    "---\ndate: {{date}}\nsafety:\n---\n<!-- Fill in what you noticed today. -->\n\n"
    "## How I am today\n\nHow safe do I feel today?\n\n## Anything else\n"
)


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def crisis(seed: int = 3) -> list[Entry]:
    """Effort good in the first month, collapsing in the second, low in the third; events
    on some days; one private entry with an event of its own."""
    rnd = random.Random(seed)
    entries = []
    for i in range(91):
        good = 0.85 if i < 30 else max(0.1, 0.85 - (i - 30) * 0.03)
        observations = {}
        for key, (p, m, c) in {
            "accountability": ("full", "partial", "deflecting"),
            "boundaries": ("respected", "tested", "crossed"),
        }.items():
            r = rnd.random()
            observations[key] = (p if r < good else m if r < good + (1 - good) / 2 else c,)
        safety = 4 if i < 30 else 2
        events = {2: ("disclosure",), 14: ("therapy",), 40: ("session", "anniversary")}
        entries.append(
            Entry(
                path=f"Journal/{day(i).isoformat()}.md",
                date=day(i),
                observations=observations,
                ratings={"safety": max(1, min(5, safety + rnd.choice((-1, 0, 1))))},
                events=events.get(i, ()),
                share=i == 10,
            )
        )
    entries[50] = dataclasses.replace(
        entries[50], private=True, events=("secret-private-label",), share=True
    )
    return entries


def report(
    entries: list[Entry],
    since: dt.date | None = None,
    until: dt.date | None = None,
    discovery: dt.date | None = None,
    bodies: dict[str, str] | None = None,
) -> ExportData:
    start, end, kept, private = select(entries, since, until)
    shared = [SharedEntry(e, (bodies or {}).get(e.path, "My words.\n")) for e in kept if e.share]
    return build(
        kept, start, end, private, VOCABULARY, Thresholds(), ANALYZERS, shared,
        discovery=discovery, templates=[TEMPLATE],
    )  # fmt: skip


def both(data: ExportData) -> tuple[str, str]:
    return render_markdown(data), render_html(data)


def test_a_private_entry_leaves_no_trace_but_its_count() -> None:
    entries = crisis()
    secret_day = entries[50].date
    assert secret_day is not None
    for data in (report(entries), report(entries, discovery=day(20))):
        for text in both(data):
            assert "secret-private-label" not in text
            assert secret_day.isoformat() not in text
            assert "1 entry marked private was left out" in text
    # The discovery date is the settings', not the entry's: it is marked, under its own name.
    markdown = render_markdown(report(entries, discovery=day(20)))
    assert f"{day(20).isoformat()}: discovery" in markdown


def test_events_and_discovery_inside_the_period_are_marked_others_are_not() -> None:
    data = report(crisis(), since=day(10), until=day(60), discovery=day(5))
    markdown, document = both(data)
    assert [(m.day, m.label) for m in data.markers] == [
        (day(14), "therapy"),
        (day(40), "anniversary"),
        (day(40), "session"),
    ]
    assert "disclosure" not in markdown and "disclosure" not in document
    assert ": discovery" not in markdown and ">discovery</text>" not in document
    assert f"- {day(14).isoformat()}: therapy" in markdown
    assert "therapy (2026-09-15)" in markdown  # in the summary too
    assert 'class="marker-label">therapy</text>' in document


def test_summary_answers_the_check_in_with_numbers_behind_it() -> None:
    markdown = render_markdown(report(crisis()))
    summary = markdown.split("## Summary")[1].split("## Timeline")[0]
    assert "- **Period**: 2026-09-01 to 2026-11-30 (14 weeks)." in summary
    assert "- **Entries**: 90, on 90 days." in summary
    assert "1 entry marked private was left out" in markdown.split("## Summary")[0]
    assert re.search(
        r"- \*\*Safety\*\*: lower at the end — 4\.\d at the start \(30 ratings\), "
        r"2\.\d at the end \(\d\d ratings\)\. A difference this large is unlikely to be chance\.",
        summary,
    ), summary
    assert "### What changed" in summary and "### Patterns noticed" in summary
    assert "**Early effort fading**" in summary
    # No jargon: no p-values, tests or statistics' names.
    assert not re.search(r"\bp\s*[=<]|welch|t-test|significan", summary, re.IGNORECASE)


def test_a_short_period_says_it_cannot_compare_rather_than_guess() -> None:
    markdown = render_markdown(report(crisis(), since=day(0), until=day(40)))
    assert "The period is too short to compare its start with its end" in markdown


def test_weekly_tables_carry_what_the_charts_draw() -> None:
    markdown, document = both(report(crisis(), since=day(0), until=day(20)))
    assert "| Week of | Safety |" in markdown
    assert "| 2026-09-01 |" in markdown and "| 2026-09-14 |" in markdown
    assert "| Week of | Accountability | Boundaries |" in markdown
    assert "<svg" not in markdown  # the Markdown report keeps to tables
    assert document.count("<svg") == 2
    assert "<title" in document and "<desc" in document
    assert "The table under the chart gives every week." in document


def test_concerning_moments_are_dated_and_long_lists_go_to_the_appendix() -> None:
    markdown = render_markdown(report(crisis()))
    moments = markdown.split("## Concerning moments")[1].split("\n## ")[0]
    rows = [line for line in moments.splitlines() if re.match(r"\| \d{4}-", line)]
    assert len(rows) == MOMENTS_SHOWN
    total = int(re.search(r"(\d+) entries recorded a concerning value", moments).group(1))  # type: ignore[union-attr]
    assert f"and {total - MOMENTS_SHOWN} more before" in moments
    appendix = markdown.split("## Appendix: the full lists")[1]
    listed = [line for line in appendix.split("###")[1].splitlines() if re.match(r"\| \d", line)]
    assert len(listed) == total
    assert "| Boundaries: crossed |" in markdown or "Boundaries: crossed" in markdown
    assert "My words" not in moments  # never the text


def test_long_evidence_is_collapsed_with_the_full_list_in_the_appendix() -> None:
    markdown = render_markdown(report(crisis()))
    patterns = markdown.split("\n## Patterns\n")[1].split("\n## ")[0]
    collapsed = re.search(
        r"Entries: ((?:\d{4}-\d\d-\d\d, )*\d{4}-\d\d-\d\d) and (\d+) more", patterns
    )
    assert collapsed is not None
    assert len(collapsed.group(1).split(", ")) == EVIDENCE_SHOWN
    full = re.search(r": every entry \((\d+)\)\n\n([^\n]+)", markdown)
    assert full is not None
    assert int(full.group(1)) == EVIDENCE_SHOWN + int(collapsed.group(2))
    assert len(full.group(2).split(", ")) == int(full.group(1))


def test_shared_entries_show_only_the_person_s_own_words() -> None:
    body = (
        "<!-- Fill in what you noticed today. -->\n\n## How I am today\n\n"
        "How safe do I feel today?\nShaky, but I went for a walk.\n\n## Anything else\n"
    )
    entries = crisis()
    markdown, document = both(report(entries, bodies={entries[10].path: body}))
    shared = markdown.split("## Shared entries")[1]
    # The person wrote under this heading: it stays, under the entry's own heading.
    assert "Shaky, but I went for a walk." in shared and "\n##### How I am today\n" in shared
    assert "How safe do I feel" not in shared and "<!--" not in shared
    assert "Anything else" not in shared
    assert "Shaky, but I went for a walk." in document and "&lt;!--" not in document
    assert "1 entry was marked `share: true`" in markdown


def test_no_shared_entry_means_no_sentence_about_them() -> None:
    entries = [dataclasses.replace(e, share=False) for e in crisis()]
    markdown, document = both(report(entries))
    for text in (markdown, document):
        assert "shared in full" not in text and "Shared entries" not in text
        assert not re.search(r"\b0 entries", text)


def test_the_same_journal_gives_the_same_bytes_in_any_order() -> None:
    entries = crisis()
    shuffled = entries[:]
    random.Random(1).shuffle(shuffled)
    one, two = report(entries, discovery=day(20)), report(shuffled, discovery=day(20))
    assert render_markdown(one) == render_markdown(two)
    assert render_html(one) == render_html(two)


def test_nothing_recorded_about_needs_says_so_instead_of_a_table_of_zeros() -> None:
    markdown = render_markdown(report(crisis()))
    assert "No needs were recorded as met or unmet in this period." in markdown
    assert "| Need | Met (entries) |" not in markdown


def test_build_leaves_out_a_private_entry_even_when_handed_one() -> None:
    entries = crisis()
    start, end = day(0), day(90)
    data = build(entries, start, end, 0, VOCABULARY, Thresholds(), ANALYZERS, [])
    assert all(not e.private for e in data.analysis.entries)
    assert len(data.analysis.entries) == len(entries) - 1
    for text in both(data):
        assert "secret-private-label" not in text


def test_an_event_label_is_shown_as_written_never_as_markup() -> None:
    entries = crisis()
    entries[5] = dataclasses.replace(entries[5], events=("<b>*big*</b> | [x](y)\nnext",))
    markdown, document = both(report(entries))
    assert "<b>" not in markdown and "\nnext" not in markdown
    assert "<b>" not in document and "&lt;b&gt;" in document
    assert "<em>big</em>" not in document


def test_concerning_moments_are_counted_by_half_of_the_period() -> None:
    entries = crisis()
    markdown = render_markdown(report(entries))
    data = report(entries)
    moments = [
        e.date
        for e in data.analysis.entries
        if e.date
        and any(v in ("deflecting", "crossed") for vs in e.observations.values() for v in vs)
    ]
    middle = day(45)  # 91 days: the first half is days 0 to 44
    first = sum(1 for d in moments if d < middle)
    # Each column says which span it is of: the share the whole period, the direction its
    # last weeks (a collapse before them must not read as "no clear change" of the whole).
    assert (
        "| Dimension | Values recorded | Positive, whole period | Last 12 weeks "
        "| Direction in those weeks |" in markdown
    )
    dated = [e.date for e in data.analysis.entries if e.date]
    first_all = sum(1 for d in dated if d < middle)
    assert first_all == 45  # days 0 to 44 (the private entry, day 50, is in the second half)
    assert (
        f"- Entries with a concerning value: {first} of {first_all} in the first half of the "
        f"period, {len(moments) - first} of {len(dated) - first_all} in the second." in markdown
    )


def test_a_blank_note_does_not_move_the_end_of_the_period() -> None:
    # `plainheal new` (or Obsidian on start-up) makes today's note from the template: until
    # something is recorded in it, the period ends where the summaries' as-of date does.
    entries = crisis()
    blank = Entry(path="Journal/2026-12-09.md", date=day(99))
    _, end, kept, _ = select([*entries, blank], None, None)
    assert end == day(90) and blank not in kept
    assert end == analyze([*entries, blank], VOCABULARY, Thresholds()).as_of
    markdown = render_markdown(report([*entries, blank]))
    assert "# Journal report, 2026-09-01 to 2026-11-30" in markdown
    assert "Prepared from 90 entries" in markdown and "2026-12-09" not in markdown
    # A note that records only an event, or a blank one inside the period, counts as before.
    marked = dataclasses.replace(blank, events=("session",))
    assert select([*entries, marked], None, None)[1] == day(99)
    assert select([*entries, blank], day(95), None)[1] == day(99)  # nothing else after since
    assert select([*entries, blank], None, day(99))[1] == day(99)  # the period asked for


def test_a_short_period_speaks_of_its_own_days() -> None:
    data = report(crisis(), since=day(80), until=day(87))
    for text in both(data):
        assert "30 days you" not in text and "last 30 days" not in text.replace(
            "two stretches of 30 days", ""
        )
        assert "12 weeks" not in text
    markdown = render_markdown(data)
    assert "- **Period**: 2026-11-20 to 2026-11-27 (8 days)." in markdown
    assert "In the last 8 days you recorded boundaries as crossed" in markdown
    assert "- Over the whole period, no partner behaviour" in markdown
    assert "Weeks and runs are counted over the whole period." in markdown
    assert (
        "| Dimension | Values recorded | Positive, whole period | Week by week | Direction |"
        in markdown
    )
    # The check-in still says what it needs, from the settings, not from the short period.
    assert "that needs two stretches of 30 days, 60 days in all" in markdown
    # A period longer than the windows reads as before.
    long = render_markdown(report(crisis()))
    assert "- Over the last 12 weeks of the period, " in long
    assert "| Last 12 weeks |" in long and "(14 weeks)" in long
    assert "In the last 30 days" in long


def test_counts_agree_with_their_words() -> None:
    entries = crisis()  # one entry is shared
    markdown = render_markdown(report(entries))
    assert "1 entry was marked `share: true`; the person's own words in it are at the end" in (
        markdown
    )
    entries[20] = dataclasses.replace(entries[20], share=True)
    assert "2 entries were marked `share: true`; the person's own words in them are" in (
        render_markdown(report(entries))
    )
    # A concerning value on the last entry's day is not "0 days before" it.
    data = report(crisis(), since=day(80), until=day(87))
    consistency = render_markdown(data).split("## Consistency")[1].split("\n## ")[0]
    assert "2026-11-27 (the day of the last entry)" in consistency
    assert "0 days" not in consistency and "1 days" not in consistency
    start, end, kept, private = select(crisis(), None, None)
    one = build(
        kept, start, end, private, VOCABULARY, Thresholds(min_entries=1), ANALYZERS, []
    )  # fmt: skip
    assert "1 are needed" not in render_markdown(one)


def test_a_single_day_is_written_once() -> None:
    entries = crisis()
    # Accountability: one positive entry, alone between concerning ones.
    for i in range(80, 91):
        observations = dict(entries[i].observations)
        observations["accountability"] = ("full",) if i == 86 else ("deflecting",)
        entries[i] = dataclasses.replace(entries[i], observations=observations)
    markdown = render_markdown(report(entries, since=day(80), until=day(90)))
    assert "| Accountability | 0 of 3 weeks | 1 entry (2026-11-26) |" in markdown
    assert "2026-11-26 to 2026-11-26" not in markdown
    one_day = report(entries, since=day(86), until=day(86))
    markdown, document = both(one_day)
    assert "# Journal report, 2026-11-26\n" in markdown
    assert "<title>Journal report, 2026-11-26</title>" in document
    assert "to 2026-11-26" not in markdown and "to 2026-11-26" not in document


def test_both_first_30_days_say_where_they_start() -> None:
    entries = crisis()
    # The story starts a few days into the journal: early effort is counted from there.
    entries[5] = dataclasses.replace(entries[5], events=("discovery",))
    note = (
        "*Then and now* compares the first 30 days of the period (from 2026-09-01); *early "
        "effort fading* counts its first 30 days from the discovery date, 2026-09-06."
    )
    markdown = render_markdown(report(entries))
    summary = markdown.split("## Summary")[1].split("## Timeline")[0]
    assert "first 30 days of your journal (from 2026-09-06)" in summary
    assert note in summary
    assert note in markdown.split("\n## Patterns\n")[1]
    # The settings' discovery date counts too (as in the summaries) when inside the period.
    settings = render_markdown(report(crisis(), discovery=day(5)))
    assert "(from 2026-09-06)" in settings and note in settings
    # Where both start on the period's first day there is nothing to tell apart.
    plain = render_markdown(report(crisis()))
    assert "first 30 days of your journal (from 2026-09-01)" in plain
    assert "*Then and now* compares" not in plain


def test_shared_words_keep_their_line_breaks_and_lose_lines_of_fields() -> None:
    entries = crisis()
    body = (
        "Today was long. We talked after dinner.\nI noticed my chest tighten.\n"
        "accountability:: partial\n[repair:: attempted] [empathy:: hollow]\n\nLater I walked.\n"
    )
    markdown, document = both(report(entries, bodies={entries[10].path: body}))
    for text in (markdown, document):
        assert "accountability:: partial" not in text and "repair:: attempted" not in text
    assert "We talked after dinner.\nI noticed my chest tighten.\n\nLater I walked." in markdown
    shared = document.split('<section class="entry">')[1]
    assert re.search(r"We talked after dinner\.<br ?/?>\s*I noticed my chest tighten\.</p>", shared)
    assert "<p>Later I walked.</p>" in shared


def test_dates_never_wrap_in_the_html() -> None:
    document = render_html(report(crisis()))
    assert re.search(r"\.date\s*\{[^}]*white-space:\s*nowrap", document)
    consistency = document.split("<h2>Consistency</h2>")[1].split("<h2>")[0]
    cells = re.findall(r"<td>(.*?)</td>", consistency)
    dated = [c for c in cells if re.search(r"\d{4}-\d\d-\d\d", c)]
    assert dated
    for cell_html in dated:
        bare = re.sub(r'<span class="date">\d{4}-\d\d-\d\d</span>', "", cell_html)
        assert not re.search(r"\d{4}-\d\d-\d\d", bare), cell_html


def test_shares_of_very_few_values_are_counts_not_percentages() -> None:
    markdown = render_markdown(report(crisis(), since=day(88), until=day(90)))
    table = markdown.split("## Partner behaviours over the period")[1].split("\n## ")[0]
    assert "%" not in table
    assert re.search(r"\| Accountability \| [^|]+ \| \d of 3 \|", table), table
    # From `min_for_percent` values on, the percentage with its count.
    assert re.search(
        r"\| Accountability \| [^|]+ \| \d+% \(\d+ of 90\) \|", render_markdown(report(crisis()))
    )


def test_a_report_is_sealed_only_as_plainheal_wrote_it() -> None:
    for text in (markdown_document(report(crisis())), render_html(report(crisis()))):
        data = text.encode("utf-8")
        assert is_sealed(data)
        lines = text.splitlines(keepends=True)
        digest = next(i for i, line in enumerate(lines) if "sha256:" in line)
        moved = "".join(lines[:digest] + lines[digest + 1 :] + [lines[digest]])
        assert not is_sealed(moved.encode("utf-8"))  # same content, digest out of its place
        # Line endings a sync client rewrote, or a byte-order mark an editor added, leave the
        # words plainheal's: still its report (replaced, not kept beside the next one).
        assert is_sealed(text.replace("\n", "\r\n").encode("utf-8"))
        assert is_sealed(b"\xef\xbb\xbf" + data)
        assert not is_sealed(data.replace(b"Journal report", b"Journal Report"))
        assert not is_sealed(data[:-1])
        assert not is_sealed(data + b"\xff")  # not even UTF-8


def test_a_report_of_a_short_period_looks_for_no_link() -> None:
    # Safety two points lower on the days transparency was withheld (every Monday-like
    # seventh day) and the day after, for 16 weeks.
    entries = []
    for i in range(112):
        withheld = i % 7 == 0
        low = withheld or i % 7 == 1
        entries.append(
            Entry(
                path=f"Journal/{day(i).isoformat()}.md",
                date=day(i),
                observations={"transparency": ("withheld" if withheld else "proactive",)},
                ratings={"safety": (2 if low else 4) + i % 2},
            )
        )

    def status(data: ExportData) -> set[str]:
        results = data.analysis.results
        return {f.status for r in results for f in r.findings if f.id == "linked-to-safety"}

    assert status(report(entries)) == {"noticed"}
    assert status(report(entries, since=day(56), until=day(111))) == {"noticed"}  # 8 weeks
    assert status(report(entries, since=day(63), until=day(111))) == {"not-enough-data"}
    short = render_markdown(report(entries, since=day(63)))
    assert "linked to how safe you felt" in short
    (line,) = [x for x in short.splitlines() if "to look for links" in x]
    assert line == (
        "Not enough data in this period to look for links (linked to how connected you felt, "
        "linked to how regulated you felt, linked to how safe you felt): a link needs 8 weeks "
        "of ratings in the period, and 8 rated days on each side."
    )


def test_then_and_now_in_the_report_reads_as_in_the_overview() -> None:
    # Safety a point higher at the end on a few noisy ratings: large enough to matter, not
    # clear of chance. "About the same" would dismiss it; the overview says "could be
    # chance", and so does the report, in its summary and its table.
    entries = []
    for i in range(91):
        early, late = i < 30, i >= 61
        rating = (1, 4, 2)[i % 3] if early else (2, 5, 3)[i % 3] if late else 3
        if (early or late) and i % 10 < 2:  # six ratings on each side
            entries.append(
                Entry(
                    path=f"Journal/{day(i).isoformat()}.md",
                    date=day(i),
                    observations={},
                    ratings={"safety": rating},
                )
            )
    markdown = render_markdown(report(entries))
    (summary,) = [line for line in markdown.splitlines() if line.startswith("- **Safety**")]
    assert "higher at the end" in summary and "could be chance with this few ratings" in summary
    assert "about the same" not in summary
    rows = [line for line in markdown.splitlines() if line.startswith("| Safety | 2.3 (n=6)")]
    assert rows == ["| Safety | 2.3 (n=6) | 3.3 (n=6) | +1.0, could be chance |"]


def test_then_and_now_in_the_report_holds_the_ratings_together() -> None:
    # Safety lower at the end with p ≈ 0.03 alone, the two other ratings unchanged: alone,
    # "lower"; held together with them (Benjamini–Hochberg), it could be chance (review 4).
    before = [2, 3, 3, 2, 3, 2, 4, 2, 3, 3]
    after = [3, 2, 2, 2, 2, 2, 2, 2, 2, 2]
    entries = []
    for i in range(10):
        for offset, safety in ((0, before[i]), (61, after[i])):
            entries.append(
                Entry(
                    path=f"Journal/{day(offset + 3 * i).isoformat()}.md",
                    date=day(offset + 3 * i),
                    observations={},
                    ratings={"safety": safety, "connection": before[i], "regulation": before[i]},
                )
            )
    entries.append(Entry(path="Journal/last.md", date=day(90), observations={}, ratings={}))
    markdown = render_markdown(report(entries))
    (summary,) = [line for line in markdown.splitlines() if line.startswith("- **Safety**")]
    assert "could be chance with this few ratings" in summary, summary
    assert "**Safety**: lower at the end" not in summary and "unlikely to be chance" not in summary
    rows = [line for line in markdown.splitlines() if line.startswith("| Safety | 2.7 (n=10)")]
    assert rows == ["| Safety | 2.7 (n=10) | 2.1 (n=10) | −0.6, could be chance |"]


def test_a_shared_entrys_heading_names_its_file_only_when_the_name_adds_something() -> None:
    from plainheal.render.report_figures import entry_heading

    def heading(path: str) -> str:
        entry = Entry(path=path, date=day(9), observations={}, ratings={}, share=True)
        return entry_heading(SharedEntry(entry, "My words.\n"))

    assert heading("Journal/2026-09-10.md") == "2026-09-10"
    assert heading("Journal/10.09.2026.md") == "2026-09-10"  # the same day, another way
    assert heading("Journal/20260910.md") == "2026-09-10"
    assert heading("Journal/2026-09-10 evening.md") == "2026-09-10 — 2026-09-10 evening"
    assert heading("Journal/2026-09-10 1400.md") == "2026-09-10 — 2026-09-10 1400"


def test_every_table_of_the_html_report_is_in_a_box_that_scrolls_and_stays_a_table() -> None:
    # On a phone a wide table scrolls within its box; `display: block` on the table itself
    # would take its table semantics from screen readers (review 4, F13; review 5, R6).
    document = render_html(report(crisis()))
    tables = document.count("<table")
    assert tables > 3 and document.count('<div class="wide">\n<table') == tables
    assert document.count("</table>\n</div>") == tables
    assert ".wide { overflow-x: auto; }" in document and "display: block; overflow" not in document
