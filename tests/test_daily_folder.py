"""Entries Obsidian or `plainheal new` make outside the journal folders are never left out
without a word: `init` reads an existing vault's daily notes where they are, `check` warns
when Obsidian's daily-notes folder is not a journal folder, and `new` says so too."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainheal.cli import main
from plainheal.read.config import Config
from plainheal.read.layout import daily_notes_problem, outside_journal
from plainheal.read.obsidian import daily_folder
from plainheal.read.vault import read_journal
from plainheal.write.starter import init_vault, new_entry, not_read_note

NOW = dt.datetime(2026, 11, 20, 21, 30)
ENTRY = "---\nsafety: 2\ntransparency: withheld\n---\nx\n"


def _obsidian_vault(root: Path, folder: str) -> Path:
    """An Obsidian vault of five daily notes in `folder`, before plainheal."""
    (root / ".obsidian").mkdir(parents=True)
    (root / ".obsidian" / "daily-notes.json").write_text(
        json.dumps({"folder": folder, "format": "YYYY-MM-DD"}), encoding="utf-8"
    )
    notes = root / folder if folder else root
    notes.mkdir(parents=True, exist_ok=True)
    for day in range(1, 6):
        (notes / f"2026-10-0{day}.md").write_text(ENTRY, encoding="utf-8")
    return root


@pytest.mark.parametrize("folder", ["Daily Notes", "Diary/Days", 'Tagebuch "ü"'])
def test_init_on_an_existing_vault_reads_its_daily_notes_where_they_are(
    tmp_path: Path, folder: str
) -> None:
    vault = _obsidian_vault(tmp_path / "vault", folder)
    assert len(read_journal(vault).entries) == 5
    init_vault(vault)
    journal = read_journal(vault)
    assert journal.config.journal == (folder,)
    assert len(journal.entries) == 5 and not journal.problems
    assert new_entry(vault, NOW.date(), NOW) == f"{folder}/2026-11-20.md"
    assert len(read_journal(vault).entries) == 6


def test_init_on_a_vault_whose_daily_notes_are_at_the_top_reads_the_whole_vault(
    tmp_path: Path,
) -> None:
    vault = _obsidian_vault(tmp_path / "vault", "")
    init_vault(vault)
    journal = read_journal(vault)
    assert journal.config.journal == ()
    assert len(journal.entries) == 5 and not journal.problems
    assert "# journal = " in (vault / "plainheal.toml").read_text(encoding="utf-8")


def test_init_keeps_the_templates_journal_folder_for_a_new_vault(tmp_path: Path) -> None:
    init_vault(tmp_path / "vault")
    assert read_journal(tmp_path / "vault").config.journal == ("Journal",)


def test_check_warns_when_obsidians_daily_notes_go_outside_the_journal(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    init_vault(vault)
    (vault / "Journal" / "2026-10-01.md").write_text(ENTRY, encoding="utf-8")
    assert not read_journal(vault).problems
    settings = vault / ".obsidian" / "daily-notes.json"
    document = json.loads(settings.read_text(encoding="utf-8"))
    settings.write_text(json.dumps({**document, "folder": "Daily"}), encoding="utf-8")
    (problem,) = read_journal(vault).problems
    assert (problem.path, problem.severity, problem.code) == (
        ".obsidian/daily-notes.json",
        "warning",
        "daily-notes-outside",
    )
    assert problem.message == (
        "Obsidian makes daily notes in the folder 'Daily', which is not a journal folder of "
        "plainheal.toml ('Journal'): entries written there are not read; add it to "
        "`journal`, or choose a journal folder in Obsidian's settings"
    )
    result = CliRunner().invoke(main, ["check", str(vault)])
    assert "[daily-notes-outside]" in result.stderr and "1 warning" in result.stderr
    made = CliRunner().invoke(main, ["new", str(vault), "--date", "2026-10-06"])
    assert made.exit_code == 0 and made.stdout.strip() == "Daily/2026-10-06.md"
    assert made.stderr.strip() == (
        "note: Daily/2026-10-06.md is outside the journal folders of plainheal.toml "
        "(Journal), so plainheal does not read it; add its folder to `journal` there"
    )
    inside = CliRunner().invoke(main, ["new", str(tmp_path / "other"), "--date", "2026-10-06"])
    assert "note:" not in inside.stderr


@pytest.mark.parametrize(
    ("daily", "journal", "warned"),
    [
        (("Daily", ".obsidian/daily-notes.json"), ("Journal",), True),
        (("", ".obsidian/daily-notes.json"), ("Journal",), True),
        (("Journal/2026", ".obsidian/daily-notes.json"), ("Journal",), False),
        (("Journal", ".obsidian/daily-notes.json"), ("Journal",), False),
        (("Journals", ".obsidian/daily-notes.json"), ("Journal",), True),
        (("journal", ".obsidian/daily-notes.json"), ("Journal",), True),  # another folder
        (("Daily", ".obsidian/daily-notes.json"), (), False),  # the whole vault
        (None, ("Journal",), False),
    ],
)
def test_the_warning_is_given_exactly_when_daily_notes_would_not_be_read(
    daily: tuple[str, str] | None, journal: tuple[str, ...], warned: bool
) -> None:
    config = Config(journal=journal, daily_folder=daily)
    assert (daily_notes_problem(config) is not None) is warned
    if daily is not None:
        assert outside_journal(f"{daily[0]}/2026-10-01.md".lstrip("/"), config) is warned


def test_the_daily_folder_is_read_as_new_reads_it() -> None:
    periodic_on = {"enabled": True, "folder": "/Days/", "format": "YYYY-MM-DD"}
    assert daily_folder('{"folder": "Daily"}', None) == ("Daily", ".obsidian/daily-notes.json")
    assert daily_folder('{"folder": "Daily"}', periodic_on) == (
        "Days",
        ".obsidian/plugins/periodic-notes/data.json",
    )
    # No folder named: Obsidian's own default, the vault's top folder.
    assert daily_folder("{}", None) == ("", ".obsidian/daily-notes.json")
    # No settings, unreadable ones, a folder no file system could hold: they decide nothing.
    for text in (None, "not json", '{"folder": 3}', '{"folder": "a\\u0000b"}'):
        assert daily_folder(text, None) is None
    for odd in ("Dai\x7fly", "a\ud800b", "tab\there"):
        assert daily_folder(None, {"enabled": True, "folder": odd}) is None
        assert daily_folder(json.dumps({"folder": odd}), None) is None


def test_not_read_note_is_none_for_an_entry_plainheal_reads(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    init_vault(vault)
    assert not_read_note(vault, "Journal/2026-10-01.md") is None
    assert not_read_note(vault, "Elsewhere/2026-10-01.md") is not None


def test_a_missing_editor_is_said_plainly_and_the_entry_is_kept(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    init_vault(vault)
    result = CliRunner().invoke(
        main,
        ["new", str(vault), "--date", "2026-10-07", "--edit"],
        env={"VISUAL": "", "EDITOR": str(tmp_path / "no-such-editor")},
    )
    assert result.exit_code == 1
    assert "Errno" not in result.stderr and "could not open an editor" in result.stderr
    assert "the entry is at Journal/2026-10-07.md" in result.stderr
    assert (vault / "Journal" / "2026-10-07.md").is_file()


def test_obsidians_default_top_folder_is_read_by_init_and_warned_about_after(
    tmp_path: Path,
) -> None:
    # A daily-notes.json that names no folder: Obsidian makes daily notes at the top.
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / ".obsidian" / "daily-notes.json").write_text('{"format": "YYYY-MM-DD"}')
    (vault / "2026-11-01.md").write_text(ENTRY, encoding="utf-8")
    init_vault(vault)
    journal = read_journal(vault)
    assert journal.config.journal == () and len(journal.entries) == 1
    # The same settings with a journal folder named in plainheal.toml: a warning.
    (vault / "plainheal.toml").write_text('journal = ["Journal"]\n', encoding="utf-8")
    (vault / "Journal").mkdir(exist_ok=True)
    (problem,) = read_journal(vault).problems
    assert problem.code == "daily-notes-outside" and "the vault's top folder" in problem.message


def test_an_editor_that_ends_with_an_error_is_not_called_missing(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    init_vault(vault)
    result = CliRunner().invoke(
        main, ["new", str(vault), "--date", "2026-10-08", "--edit"], env={"VISUAL": "false"}
    )
    assert result.exit_code == 1
    assert "the editor ended with an error; the entry is at Journal/2026-10-08.md" in (
        result.stderr
    )
    assert "could not open" not in result.stderr


def test_a_daily_folder_that_is_a_journal_folder_spelled_otherwise_is_no_warning(
    tmp_path: Path,
) -> None:
    # On macOS and Windows `journal/` is `Journal/`; on Linux two folders (review 5, R4).
    # The disk decides: here `journal` leads to `Journal` (as a case-insensitive disk would).
    vault = tmp_path / "vault"
    init_vault(vault)
    settings = vault / ".obsidian" / "daily-notes.json"
    document = json.loads(settings.read_text(encoding="utf-8"))
    settings.write_text(json.dumps({**document, "folder": "journal"}), encoding="utf-8")
    assert [p.code for p in read_journal(vault).problems] == ["daily-notes-outside"]
    (vault / "journal").symlink_to("Journal", target_is_directory=True)
    journal = read_journal(vault)
    assert "daily-notes-outside" not in [p.code for p in journal.problems]
    assert not_read_note(vault, "journal/2026-10-01.md") is None
    (vault / "journal").unlink()
    (vault / "journal").mkdir()  # a folder of its own: its entries are not read
    assert not_read_note(vault, "journal/2026-10-01.md") is not None


def test_an_empty_journal_beside_dated_notes_elsewhere_is_said(tmp_path: Path) -> None:
    # Obsidian's daily notes at the top of a vault with no daily-notes settings at all:
    # `init` cannot know they are entries, but `check` says where dated notes are (review 5).
    vault = tmp_path / "vault"
    vault.mkdir()
    for day in ("2026-10-01", "2026-10-02"):
        (vault / f"{day}.md").write_text(ENTRY, encoding="utf-8")
    (vault / "Notes").mkdir()
    (vault / "Notes" / "2026-10-03.md").write_text("Words.\n", encoding="utf-8")
    init_vault(vault)
    (problem,) = read_journal(vault).problems
    assert (problem.code, problem.severity) == ("entries-elsewhere", "warning")
    assert problem.message == (
        "no entry is in the journal folders of plainheal.toml ('Journal'), but 3 notes named "
        "by a date are elsewhere (in Notes, the vault's top folder); if they are your "
        "entries, add their folder to `journal`"
    )
    # One entry in the journal: the notes elsewhere are the person's own business.
    (vault / "Journal" / "2026-10-04.md").write_text(ENTRY, encoding="utf-8")
    assert read_journal(vault).problems == ()


@pytest.mark.parametrize("odd", ["a\ud800b", "Dai\x7fly", "tab\there"])
def test_a_periodic_notes_folder_no_disk_could_hold_is_passed_over(
    tmp_path: Path, odd: str
) -> None:
    # A lone surrogate or a control character in Periodic Notes' folder: `init` and `new`
    # used to end in a traceback half-way (review 5, R10/F4); the folder is passed over.
    vault = tmp_path / "vault"
    plugin = vault / ".obsidian" / "plugins" / "periodic-notes"
    plugin.mkdir(parents=True)
    (plugin / "data.json").write_text(
        json.dumps({"daily": {"enabled": True, "folder": odd, "format": "YYYY-MM-DD"}}),
        encoding="utf-8",
    )
    init_vault(vault)
    assert new_entry(vault, NOW.date(), NOW) == "Journal/2026-11-20.md"
