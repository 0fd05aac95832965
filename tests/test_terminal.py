"""What `summarize` and `plugins` print, line by line."""

from __future__ import annotations

from plainheal import builtin
from plainheal.api import Plugin
from plainheal.plugins import combine
from plainheal.render.terminal import SAME_REASON_SHOWN, file_lines, plugin_lines
from plainheal.vocabulary import Rating, Vocabulary
from plainheal.write.summaries import FileOutcome


def test_unchanged_files_are_only_counted() -> None:
    files = [
        FileOutcome("Patterns/Overview.md", "updated"),
        FileOutcome("Patterns/Months/2026-10.md", "unchanged"),
        FileOutcome("Patterns/Months/2026-11.md", "unchanged"),
    ]
    assert file_lines(files) == [
        "  updated  Patterns/Overview.md",
        "Summaries: 2 unchanged, 1 updated.",
    ]


def test_files_skipped_for_one_reason_are_named_a_few_times_then_counted() -> None:
    reason = "Patterns is a link; left alone"
    files = [FileOutcome(f"Patterns/Weeks/2026-W{n:02}.md", "skipped", reason) for n in range(9)]
    files.append(FileOutcome("Patterns/Overview.md", "skipped", "could not be read", failed=True))
    lines = file_lines(files)
    named = [line for line in lines if line.endswith(f"({reason})") and "Patterns/Weeks" in line]
    assert len(named) == SAME_REASON_SHOWN
    assert "  skipped  Patterns/Overview.md (could not be read)" in lines
    assert f"  and {9 - SAME_REASON_SHOWN} more skipped ({reason})" in lines
    assert lines[-1] == "Summaries: 10 skipped."


def test_each_plugin_is_named_with_its_source_and_what_it_adds() -> None:
    extra = Plugin("hope", Vocabulary(ratings={"hope": Rating("hope", 1, 5)}))
    registry = combine([builtin.plugin, extra], sources={"hope": "plainheal-hope 0.1"})
    lines = plugin_lines(registry)
    assert lines[0] == "builtin (plainheal)"
    assert "  dimensions: " in lines[1] and "transparency" in lines[1]
    hope = lines.index("hope (plainheal-hope 0.1)")
    assert lines[hope + 1 :] == ["  ratings: hope"]
