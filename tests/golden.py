"""Golden cases: `cases/NAME/vault/` summarized must give exactly `cases/NAME/expected/`.

`expected/` mirrors the vault's output folder, plus `summary.json` for `summarize --json`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from plainheal.builtin import plugin as builtin
from plainheal.plugins import combine
from plainheal.read.vault import read_journal
from plainheal.render.summary_json import run_json
from plainheal.summarize import summarize

CASES = Path(__file__).parent / "cases"


def produce(case: Path, workdir: Path) -> dict[str, bytes]:
    """Summarize a copy of the case's vault; every output file and the JSON, by name."""
    vault = workdir / "vault"
    shutil.copytree(case / "vault", vault, symlinks=True)
    # Only the built-in plugin: installed plugins must not change the expected files.
    journal = read_journal(vault, combine([builtin]))
    run = summarize(vault, journal=journal)
    produced: dict[str, bytes] = {}
    for outcome in run.files:
        produced[outcome.path] = (vault / outcome.path).read_bytes()
    document = run_json(run)
    produced["summary.json"] = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()
    return produced


def expected_files(case: Path) -> dict[str, bytes]:
    """The expected files of a case, by name relative to `expected/`."""
    root = case / "expected"
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
