"""The README's Python example runs, on a copy of the example vault."""

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def test_the_readme_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## From Python\n", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert code is not None
    shutil.copytree(ROOT / "examples" / "vault", tmp_path / "examples" / "vault")
    before = sorted(p.read_bytes() for p in (tmp_path / "examples" / "vault").rglob("*.md"))
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code.group(1), "README.md", "exec"), {})
    lines = printed.getvalue().splitlines()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d+ entries", lines[0])
    assert "Patterns/Overview.md" in printed.getvalue()
    assert lines[-1] == "plainheal: export"
    # dry_run: nothing in the vault was written
    assert sorted(p.read_bytes() for p in (tmp_path / "examples" / "vault").rglob("*.md")) == before


def test_export_report_writes_where_the_cli_would_and_refuses_a_note(tmp_path: Path) -> None:
    import plainheal

    vault = tmp_path / "vault"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    out = tmp_path / "out" / "report.md"
    out.parent.mkdir()
    first = plainheal.export_report(vault, out)
    assert first.status == "created" and not first.in_vault
    assert out.read_text(encoding="utf-8") == first.report.text
    assert plainheal.export_report(vault, out).status == "unchanged"
    note = next(p for p in vault.rglob("*.md") if "Journal" in p.parts)
    with pytest.raises(plainheal.ExportError):
        plainheal.export_report(vault, note)
