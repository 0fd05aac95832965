"""What the watch says after each regeneration: pure, from what was written and why."""

from __future__ import annotations

from collections.abc import Iterable

from plainheal.entry import Problem, printable
from plainheal.write.summaries import HELD, FileOutcome

Failure = tuple[str, str]  # a summary's vault path, and why it was skipped


def problem_line(path: str, problem: Problem) -> str:
    """A problem of a file just saved, named as `check` names it (never its text)."""
    where = f"line {problem.line}: " if problem.line else ""
    return printable(f"  {problem.severity}: {path}: {where}{problem.message} [{problem.code}]")


def failures_now(
    outcomes: Iterable[FileOutcome], said: set[Failure]
) -> tuple[list[str], set[Failure]]:
    """The lines for summaries newly skipped (each is said once, until it is written or
    fails otherwise), and the failures said from now on."""
    outcomes = tuple(outcomes)
    failures = {(o.path, o.reason) for o in outcomes if o.failed}
    lines = [f"  skipped  {path} ({reason})" for path, reason in sorted(failures - said)]
    touched = {o.path for o in outcomes}
    return lines, {f for f in said if f[0] not in touched} | failures


def done_line(outcomes: Iterable[FileOutcome], why: str, seconds: float, stamp: str) -> str:
    """One line for one regeneration: when, why, and how many summaries changed how."""
    counts: dict[str, int] = {}
    for outcome in outcomes:
        status = "held while you edit it" if outcome.reason == HELD else outcome.status
        counts[status] = counts.get(status, 0) + 1
    done = ", ".join(f"{n} {status}" for status, n in counts.items() if status != "unchanged")
    return f"{stamp}  {why}: {done or 'no summary changed'} ({seconds:.2f} s)"
