"""Reading never hangs, crashes or repeats the person's words, whatever the vault holds."""

import os
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainheal.cli import main
from plainheal.read import VaultError, read_journal

from conftest import WriteNote, entry


def codes(vault: Path) -> dict[str, str]:
    return {p.path: p.code for p in read_journal(vault).problems}


def test_a_fifo_named_md_is_reported_not_waited_on(vault: Path, write: WriteNote) -> None:
    write("2026-11-01.md", entry("2026-11-01", safety=3))
    os.mkfifo(vault / "2026-11-02.md")
    journal = read_journal(vault)
    assert [e.path for e in journal.entries] == ["2026-11-01.md"]
    (problem,) = journal.problems
    assert (problem.path, problem.code) == ("2026-11-02.md", "not-a-file")
    assert "named pipe" in problem.message
    result = CliRunner().invoke(main, ["summarize", str(vault)], catch_exceptions=False)
    assert result.exit_code == 0


def test_a_socket_or_device_named_md_is_reported(vault: Path, tmp_path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(vault / "s.md"))
        os.symlink("/dev/zero", vault / "zero.md")
        assert codes(vault) == {"s.md": "not-a-file", "zero.md": "not-a-file"}
    finally:
        server.close()


def test_a_fifo_as_plainheal_toml_is_an_error_not_a_hang(vault: Path) -> None:
    os.mkfifo(vault / "plainheal.toml")
    with pytest.raises(VaultError, match=r"plainheal\.toml: is a named pipe"):
        read_journal(vault)


def test_a_dangling_link_is_named_as_one(vault: Path, write: WriteNote) -> None:
    os.symlink("gone.md", vault / "2026-11-01.md")
    journal = read_journal(vault)
    (problem,) = journal.problems
    assert problem.code == "dangling-link"
    assert problem.message == "is a link to a file that does not exist"


def test_journal_folders_that_do_not_exist_are_named(vault: Path, write: WriteNote) -> None:
    write("plainheal.toml", 'journal = ["Journal", "Nope"]\n')
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    journal = read_journal(vault)
    assert len(journal.entries) == 1
    (problem,) = journal.problems
    assert (problem.path, problem.code) == ("plainheal.toml", "journal-folder-missing")
    result = CliRunner().invoke(main, ["check", str(vault)])
    assert "journal: the folder 'Nope' does not exist" in result.stderr
