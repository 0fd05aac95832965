"""`plainheal check` output: the stable JSON document and the human listing."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from plainheal.entry import Entry, Problem, printable
from plainheal.read.vault import Journal

# JSON may carry raw what a terminal or a line-based tool should never see: C1 controls,
# line and paragraph separators, bidi and other format characters. Everything outside
# printable ASCII is looked at; only what is not printable is escaped.
_NOT_ASCII = re.compile(r"[^\n\x20-\x7e]")


def _escape(match: re.Match[str]) -> str:
    character = match.group(0)
    if character.isprintable() or character == "\n":
        return character
    encoded = character.encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{encoded[i] << 8 | encoded[i + 1]:04x}" for i in range(0, len(encoded), 2))


def json_text(document: Any, indent: int | None = None) -> str:
    """`document` as JSON text (UTF-8 kept readable) with every non-printable character
    escaped, so that the output never holds a control character, even from a file name."""
    text = json.dumps(document, indent=indent, ensure_ascii=False)
    if text.isascii() and "\x7f" not in text:
        # JSON escapes the other controls itself; `isascii` is free, and the search a
        # fraction of the substitution's cost on a large vault's document.
        return text
    return _NOT_ASCII.sub(_escape, text)


def entry_json(entry: Entry) -> dict[str, Any]:
    """One entry as in `check --json`: normalised values, sorted lists."""
    return {
        "path": entry.path,
        "date": entry.date.isoformat() if entry.date else None,
        # Entries keep their keys and values sorted already (see parse_file).
        "observations": {k: list(v) for k, v in entry.observations.items()},
        "ratings": dict(entry.ratings),
        "checklists": {k: list(v) for k, v in entry.checklists.items()},
        "private": entry.private,
        "events": list(entry.events),
    }


def problem_json(problem: Problem) -> dict[str, Any]:
    """One problem as in `check --json`."""
    return {
        "path": problem.path,  # JSON escapes control characters itself
        "line": problem.line,
        "severity": problem.severity,
        "code": problem.code,
        "message": printable(problem.message),
    }


def check_json(journal: Journal) -> dict[str, Any]:
    """The `check --json` document of PRODUCT.md."""
    return {
        "entries": [entry_json(entry) for entry in journal.entries],
        "problems": [problem_json(problem) for problem in journal.problems],
        "conflicts": [
            {"path": conflict.path, "original": conflict.original} for conflict in journal.conflicts
        ],
    }


def problem_lines(journal: Journal) -> Iterator[str]:
    """Problems grouped by file, then conflict copies, for a person to read.

    Every line is `printable`: a file name's control characters never reach the terminal.
    """
    current = None
    for problem in journal.problems:
        if problem.path != current:
            current = problem.path
            yield printable(f"{problem.path or 'plainheal'}:")
        where = f"line {problem.line}: " if problem.line else ""
        yield printable(f"  {problem.severity}: {where}{problem.message} [{problem.code}]")
    if journal.conflicts:
        yield "Sync-conflict copies (not counted; merge them into the original, then delete):"
        for conflict in journal.conflicts:
            yield printable(f"  {conflict.path}  (copy of {conflict.original})")


def check_summary(journal: Journal) -> str:
    """One closing line: how many entries, errors, warnings and conflict copies."""
    errors = sum(1 for p in journal.problems if p.severity == "error")
    warnings = len(journal.problems) - errors
    dated = sum(1 for e in journal.entries if e.date)
    conflicts = len(journal.conflicts)
    parts = [
        f"{len(journal.entries)} entr{'ies' if len(journal.entries) != 1 else 'y'} ({dated} dated)",
        f"{errors} error{'s' if errors != 1 else ''}",
        f"{warnings} warning{'s' if warnings != 1 else ''}",
        f"{conflicts} sync-conflict cop{'ies' if conflicts != 1 else 'y'}",
    ]
    return ", ".join(parts)
