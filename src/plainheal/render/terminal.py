"""What `summarize` and `plugins` say on the terminal: lines, printed by the CLI."""

from __future__ import annotations

from collections.abc import Sequence

from plainheal.plugins import Registry
from plainheal.write.summaries import FileOutcome

SAME_REASON_SHOWN = 3  # files skipped for one reason (a folder that is a link) named in full


def file_lines(files: Sequence[FileOutcome]) -> list[str]:
    """One line per summary file that changed or was skipped, then the counts by status.

    Files skipped for the same reason are named up to `SAME_REASON_SHOWN` times, then
    counted, so that a linked folder of a thousand files does not flood the terminal.
    """
    lines: list[str] = []
    by_reason: dict[str, int] = {}
    for outcome in files:
        if outcome.status == "unchanged":
            continue
        if outcome.reason:
            by_reason[outcome.reason] = by_reason.get(outcome.reason, 0) + 1
            if by_reason[outcome.reason] > SAME_REASON_SHOWN:
                continue
        reason = f" ({outcome.reason})" if outcome.reason else ""
        lines.append(f"{outcome.status:>9}  {outcome.path}{reason}")
    for reason, n in by_reason.items():
        if n > SAME_REASON_SHOWN:
            lines.append(f"  and {n - SAME_REASON_SHOWN} more skipped ({reason})")
    counts: dict[str, int] = {}
    for outcome in files:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    lines.append(f"Summaries: {summary}.")
    return lines


def plugin_lines(registry: Registry) -> list[str]:
    """What each installed plugin contributes, for `plainheal plugins`."""
    lines: list[str] = []
    for plugin in registry.plugins:
        source = registry.sources.get(plugin.name, "plainheal")
        lines.append(f"{plugin.name} ({source})")
        vocabulary = plugin.vocabulary
        for label, keys in (
            ("dimensions", list(vocabulary.dimensions)),
            ("ratings", list(vocabulary.ratings)),
            ("checklists", list(vocabulary.checklists)),
            ("analyzers", [a.id for a in plugin.analyzers]),
        ):
            if keys:
                lines.append(f"  {label}: {', '.join(keys)}")
    return lines
