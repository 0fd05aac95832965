"""The program around the commands: what `plainheal` does as a process of its own."""

import gc
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainheal.cli import main


def test_the_program_spares_the_garbage_collector_but_a_caller_is_left_alone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`plainheal` (the program) freezes the journal's objects for the garbage collector
    once read, since the process ends with the command; called from another program (a
    test, a script) the command changes nothing of the caller's collector."""
    from plainheal import cli

    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    monkeypatch.setattr(cli, "_ONE_RUN", False)  # and back after the test
    (tmp_path / "2026-11-01.md").write_text("---\ndate: 2026-11-01\nsafety: 3\n---\n")
    assert CliRunner().invoke(main, ["check", str(tmp_path)]).exit_code == 0
    assert frozen == []
    monkeypatch.setattr(sys, "argv", ["plainheal", "check", str(tmp_path)])
    with pytest.raises(SystemExit) as ended:
        cli.run()
    assert ended.value.code == 0 and frozen == [True]
