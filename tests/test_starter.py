import datetime as dt
import json
import os
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainheal.builtin import VOCABULARY
from plainheal.cli import main
from plainheal.read.obsidian import property_types, types_json
from plainheal.read.vault import VaultError, read_journal
from plainheal.vocabulary import RESERVED_KEYS
from plainheal.write.starter import (
    EntryExists,
    entry_path,
    init_vault,
    new_entry,
    template_root,
    vault_daily_notes,
)

from conftest import snapshot

ROOT = Path(__file__).parent.parent
NOW = dt.datetime(2026, 11, 20, 21, 30)


def test_the_template_declares_every_vocabulary_key() -> None:
    declared = json.loads((ROOT / "obsidian_template/.obsidian/types.json").read_text())["types"]
    for key in [*VOCABULARY.dimensions, *VOCABULARY.ratings, *VOCABULARY.checklists]:
        assert key in declared, key
    assert declared["safety"] == "number"
    assert declared["needs_met"] == "multitext"
    assert declared["private"] == declared["share"] == "checkbox"
    assert declared["date"] == "date"
    assert (ROOT / "obsidian_template/.obsidian/types.json").read_text() == types_json(VOCABULARY)


# Reserved keys Obsidian is not told a type for: `aliases` is Obsidian's own property (it
# types it itself), `tag` is its older spelling of `tags`, and `plainheal: generated` is
# written by plainheal in summaries, never typed in an entry.
UNDECLARED_RESERVED = {"aliases", "tag", "plainheal"}


def test_types_json_declares_the_vocabulary_and_the_reserved_keys() -> None:
    declared = json.loads((ROOT / "obsidian_template/.obsidian/types.json").read_text())["types"]
    vocabulary = {*VOCABULARY.dimensions, *VOCABULARY.ratings, *VOCABULARY.checklists}
    assert UNDECLARED_RESERVED <= RESERVED_KEYS
    assert set(declared) == vocabulary | (RESERVED_KEYS - UNDECLARED_RESERVED)
    assert {key: declared[key] for key in RESERVED_KEYS - UNDECLARED_RESERVED} == {
        "date": "date",
        "tags": "tags",
        "event": "multitext",
        "private": "checkbox",
        "share": "checkbox",
    }
    known = {"text", "multitext", "number", "checkbox", "date", "datetime", "tags", "aliases"}
    assert set(declared.values()) <= known


def test_the_entry_template_asks_every_property() -> None:
    text = (ROOT / "obsidian_template/Templates/Journal entry.md").read_text()
    for key in [*property_types(VOCABULARY)]:
        if key not in {"tags", "event"}:  # both added only when there is one to name
            assert f"\n{key}:" in text, key


def test_obsidian_settings_enable_and_configure_the_core_plugins() -> None:
    obsidian = ROOT / "obsidian_template/.obsidian"
    plugins = json.loads((obsidian / "core-plugins.json").read_text())
    assert plugins["daily-notes"] is True and plugins["templates"] is True
    settings = vault_daily_notes(ROOT / "obsidian_template")
    assert (settings.folder, settings.format, settings.template) == (
        "Journal",
        "YYYY-MM-DD",
        "Templates/Journal entry",
    )
    assert (ROOT / "obsidian_template" / f"{settings.template}.md").is_file()


def test_init_copies_the_template(tmp_path: Path) -> None:
    vault = tmp_path / "new vault"
    report = init_vault(vault)
    assert "Start here.md" in report.created and report.kept == []
    assert (vault / "Journal").is_dir()
    assert (vault / ".obsidian/daily-notes.json").is_file()
    assert stat.S_IMODE((vault / "Start here.md").stat().st_mode) == 0o600
    journal = read_journal(vault)
    assert journal.entries == () and journal.problems == ()


def test_init_never_overwrites(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / "Templates").mkdir(parents=True)
    (vault / "Templates/Journal entry.md").write_text("my own template\n")
    (vault / "Start here.md").write_text("my own words\n")
    before = snapshot(vault)
    report = init_vault(vault)
    assert sorted(report.kept) == ["Start here.md", "Templates/Journal entry.md"]
    after = snapshot(vault)
    for name, content in before.items():
        assert after[name] == content
    second = init_vault(vault)
    assert second.created == []


def test_init_declares_types_for_dimensions_the_vault_adds(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "plainheal.toml").write_text(
        "[dimensions.honesty]\nvalues = { open = 1, closed = -1 }\n"
        "[ratings.hope]\nrange = [1, 10]\n"
    )
    init_vault(vault)
    declared = json.loads((vault / ".obsidian/types.json").read_text())["types"]
    assert declared["honesty"] == "text" and declared["hope"] == "number"


def test_a_new_entry_from_the_template_checks_clean(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    init_vault(vault)
    relative = new_entry(vault, dt.date(2026, 11, 20), NOW)
    assert relative == "Journal/2026-11-20.md"
    journal = read_journal(vault)
    assert journal.problems == ()
    (only,) = journal.entries
    assert only.date == dt.date(2026, 11, 20) and only.observations == {}


def test_new_follows_the_daily_notes_format_and_own_template(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / ".obsidian/daily-notes.json").write_text(
        json.dumps({"folder": "Diary", "format": "YYYY/YYYY-MM-DD", "template": "Meta/Day"})
    )
    (vault / "Meta").mkdir()
    (vault / "Meta/Day.md").write_text(
        "---\ndate: {{date}}\n---\n# {{title}} at {{time}} ({{date:dddd}})\n"
    )
    relative = new_entry(vault, dt.date(2026, 11, 20), NOW)
    assert relative == "Diary/2026/2026-11-20.md"
    assert (vault / relative).read_text() == (
        "---\ndate: 2026-11-20\n---\n# 2026-11-20 at 21:30 (Friday)\n"
    )


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    new_entry(vault, dt.date(2026, 11, 20), NOW)
    path = vault / "Journal/2026-11-20.md"
    path.write_text("my words")
    with pytest.raises(EntryExists):
        new_entry(vault, dt.date(2026, 11, 20), NOW)
    assert path.read_text() == "my words"


def test_entry_path_without_folder() -> None:
    settings = vault_daily_notes(Path("/nonexistent"))
    assert entry_path(settings, dt.date(2026, 1, 2)) == "Journal/2026-01-02.md"


def test_cli_init_and_new(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    result = CliRunner().invoke(main, ["init", str(vault)], catch_exceptions=False)
    assert result.exit_code == 0 and "created  Start here.md" in result.stderr
    again = CliRunner().invoke(main, ["init", str(vault)], catch_exceptions=False)
    assert "kept  Start here.md" in again.stderr
    made = CliRunner().invoke(main, ["new", str(vault), "--date", "2026-11-20"])
    assert made.exit_code == 0 and made.stdout.strip() == "Journal/2026-11-20.md"
    twice = CliRunner().invoke(main, ["new", str(vault), "--date", "2026-11-20"])
    assert twice.exit_code == 0 and "already exists" in twice.stderr
    assert twice.stdout.strip() == "Journal/2026-11-20.md"
    bad = CliRunner().invoke(main, ["new", str(vault), "--date", "20.11.2026"])
    assert bad.exit_code == 2
    assert "--date: write the day as YYYY-MM-DD, e.g. 2026-11-20" in bad.stderr


def test_new_edit_opens_the_editor(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    record = tmp_path / "opened.txt"
    editor = tmp_path / "editor.sh"
    editor.write_text(f'#!/bin/sh\necho "$1" > "{record}"\n')
    editor.chmod(0o755)
    result = CliRunner().invoke(
        main,
        ["new", str(vault), "--date", "2026-11-20", "--edit"],
        env={"VISUAL": str(editor), "EDITOR": str(editor)},
    )
    assert result.exit_code == 0
    assert record.read_text().strip() == str(vault / "Journal/2026-11-20.md")


def test_the_template_ships_inside_the_wheel(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import hatchling.build as b, sys; b.build_wheel(sys.argv[1])",
            str(tmp_path),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    template = {
        f"plainheal/obsidian_template/{p.relative_to(ROOT / 'obsidian_template').as_posix()}"
        for p in (ROOT / "obsidian_template").rglob("*")
        if p.is_file()
    }
    assert template <= names
    assert "plainheal/obsidian_template/.obsidian/types.json" in names


def test_template_root_is_found() -> None:
    assert (template_root() / "Start here.md").is_file()


def test_new_edit_opens_the_days_entry_when_it_exists(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / "Journal").mkdir(parents=True)
    entry = vault / "Journal/2026-11-20.md"
    entry.write_text("my words")
    record = tmp_path / "opened.txt"
    editor = tmp_path / "editor.sh"
    editor.write_text(f'#!/bin/sh\necho "$1" > "{record}"\n')
    editor.chmod(0o755)
    result = CliRunner().invoke(
        main,
        ["new", str(vault), "--date", "2026-11-20", "--edit"],
        env={"VISUAL": str(editor), "EDITOR": str(editor)},
    )
    assert result.exit_code == 0
    assert "already exists; it is left as it is; opening it" in result.stderr
    assert record.read_text().strip() == str(entry)
    assert entry.read_text() == "my words"


def _settings(vault: Path, relative: str, document: object) -> None:
    path = vault / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document))


def test_new_names_the_file_as_obsidians_daily_note_not_the_first_date_format(
    tmp_path: Path,
) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "plainheal.toml").write_text('date_formats = ["dddd, MMMM Do YYYY"]\n')
    assert new_entry(vault, dt.date(2021, 2, 3), NOW) == "Journal/Wednesday, February 3rd 2021.md"
    _settings(vault, ".obsidian/daily-notes.json", {"folder": "Diary", "format": "YYYY/MM/DD"})
    relative = new_entry(vault, dt.date(2021, 2, 4), NOW)
    assert relative == "Diary/2021/02/04.md"
    journal = read_journal(vault)
    assert [(entry.path, entry.date) for entry in journal.entries] == [
        ("Journal/Wednesday, February 3rd 2021.md", dt.date(2021, 2, 3)),
        ("Diary/2021/02/04.md", dt.date(2021, 2, 4)),
    ]


def _carried_over_vault(tmp_path: Path) -> Path:
    """The user trial's vault: DD.MM.YYYY notes from another app, Obsidian on YYYY-MM-DD."""
    vault = tmp_path / "vault"
    (vault / "Journal").mkdir(parents=True)
    (vault / "plainheal.toml").write_text('date_formats = ["DD.MM.YYYY"]\n')
    _settings(
        vault,
        ".obsidian/daily-notes.json",
        {"folder": "Journal", "format": "YYYY-MM-DD", "autorun": True},
    )
    (vault / "Journal/2026-10-28.md").write_text("my words of the 28th")
    (vault / "Journal/03.02.2021.md").write_text("carried over")
    return vault


def test_new_does_not_double_a_day_obsidian_named(tmp_path: Path) -> None:
    vault = _carried_over_vault(tmp_path)
    files = sorted(p.name for p in (vault / "Journal").iterdir())
    with pytest.raises(EntryExists) as raised:
        new_entry(vault, dt.date(2026, 10, 28), NOW)
    assert raised.value.relative == "Journal/2026-10-28.md"
    assert sorted(p.name for p in (vault / "Journal").iterdir()) == files
    assert new_entry(vault, dt.date(2026, 11, 28), NOW) == "Journal/2026-11-28.md"


def test_new_finds_the_days_entry_under_any_name(tmp_path: Path) -> None:
    vault = _carried_over_vault(tmp_path)
    with pytest.raises(EntryExists) as by_name:
        new_entry(vault, dt.date(2021, 2, 3), NOW)
    assert by_name.value.relative == "Journal/03.02.2021.md"
    assert "2021-02-03 has its entry: Journal/03.02.2021.md" in str(by_name.value)
    (vault / "Journal/Evening.md").write_text("---\ndate: 2026-09-01\n---\nwords\n")
    with pytest.raises(EntryExists) as by_property:
        new_entry(vault, dt.date(2026, 9, 1), NOW)
    assert by_property.value.relative == "Journal/Evening.md"
    (vault / "Journal/05.03.2021.md").write_text("---\nmood: [unclosed\n---\nwords\n")
    with pytest.raises(EntryExists) as unreadable:
        new_entry(vault, dt.date(2021, 3, 5), NOW)
    assert unreadable.value.relative == "Journal/05.03.2021.md"
    assert not (vault / "Journal/2021-02-03.md").exists()
    assert not (vault / "Journal/2026-09-01.md").exists()
    assert not (vault / "Journal/2021-03-05.md").exists()


def test_new_names_the_days_daily_note_before_its_other_notes(tmp_path: Path) -> None:
    vault = _carried_over_vault(tmp_path)
    (vault / "Notes").mkdir()
    (vault / "Notes/2026-09-02 evening.md").write_text("---\ndate: 2026-09-02\nsafety: 2\n---\n")
    (vault / "Notes/2026-09-02.md").write_text("---\ndate: 2026-09-02\nsafety: 3\n---\n")
    with pytest.raises(EntryExists) as raised:
        new_entry(vault, dt.date(2026, 9, 2), NOW)
    assert raised.value.relative == "Notes/2026-09-02.md"


def test_cli_new_prints_and_opens_the_days_entry_under_another_name(tmp_path: Path) -> None:
    vault = _carried_over_vault(tmp_path)
    record = tmp_path / "opened.txt"
    editor = tmp_path / "editor.sh"
    editor.write_text(f'#!/bin/sh\necho "$1" > "{record}"\n')
    editor.chmod(0o755)
    result = CliRunner().invoke(
        main,
        ["new", str(vault), "--date", "2026-10-28", "--edit"],
        env={"VISUAL": str(editor), "EDITOR": str(editor)},
    )
    assert result.exit_code == 0
    assert result.stdout.strip() == "Journal/2026-10-28.md"
    assert "left as it is; opening it" in result.stderr
    assert record.read_text().strip() == str(vault / "Journal/2026-10-28.md")
    assert (vault / "Journal/2026-10-28.md").read_text() == "my words of the 28th"
    assert not (vault / "Journal/28.10.2026.md").exists()
    other = CliRunner().invoke(main, ["new", str(vault), "--date", "2021-02-03"])
    assert other.exit_code == 0 and other.stdout.strip() == "Journal/03.02.2021.md"
    assert "2021-02-03 has its entry: Journal/03.02.2021.md" in other.stderr


def test_cli_new_date_speaks_plainly(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    shown = CliRunner().invoke(main, ["new", "--help"])
    assert "--date YYYY-MM-DD" in shown.stdout and "%Y" not in shown.stdout
    for wrong in ("20.11.2026", "2026-W47-5", "20261120", "soon"):
        bad = CliRunner().invoke(main, ["new", str(vault), "--date", wrong])
        assert bad.exit_code == 2, wrong
        assert "--date: write the day as YYYY-MM-DD, e.g. 2026-11-20" in bad.stderr
        assert "%" not in bad.stderr and "does not match" not in bad.stderr
    for no_such_day in ("2026-02-30", "2026-13-01", "2026-04-31"):
        bad = CliRunner().invoke(main, ["new", str(vault), "--date", no_such_day])
        assert bad.exit_code == 2, no_such_day
        assert f"--date: {no_such_day} is not a day of the calendar" in bad.stderr
        assert "write the day as" not in bad.stderr
    for far in ("0001-01-01", "1899-12-31", "2200-01-01", "9999-12-31"):
        bad = CliRunner().invoke(main, ["new", str(vault), "--date", far])
        assert bad.exit_code == 2, far
        assert "--date: the year should be between 1900 and 2199" in bad.stderr
    assert not any(vault.iterdir())


def test_top_level_help_says_where_plainheal_writes() -> None:
    shown = CliRunner().invoke(main, ["--help"]).stdout
    assert "Nothing ever leaves the vault" not in shown
    assert "except a report you export to a place you choose" in " ".join(shown.split())
    # Each command in one whole line, never cut off with "..." (user trial F15).
    commands = shown.split("Commands:", 1)[1].strip().splitlines()
    assert len(commands) == 7
    assert all(
        line.rstrip().endswith(".") and not line.rstrip().endswith("...") for line in commands
    )


def test_new_follows_periodic_notes_when_its_daily_notes_are_on(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    _settings(vault, ".obsidian/daily-notes.json", {"folder": "Journal", "format": "YYYY-MM-DD"})
    periodic = {"daily": {"format": "DD.MM.YYYY", "folder": "Periodic/Daily", "enabled": True}}
    _settings(vault, ".obsidian/plugins/periodic-notes/data.json", periodic)
    relative = new_entry(vault, dt.date(2021, 2, 3), NOW)
    assert relative == "Periodic/Daily/03.02.2021.md"
    assert [e.date for e in read_journal(vault).entries] == [dt.date(2021, 2, 3)]
    periodic["daily"]["enabled"] = False
    _settings(vault, ".obsidian/plugins/periodic-notes/data.json", periodic)
    assert new_entry(vault, dt.date(2021, 2, 4), NOW) == "Journal/2021-02-04.md"


def test_init_makes_the_folder_the_vault_names(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    periodic = {"daily": {"format": "", "folder": "Days", "enabled": True}}
    _settings(vault, ".obsidian/plugins/periodic-notes/data.json", periodic)
    init_vault(vault)
    assert (vault / "Days").is_dir()


def test_init_makes_every_journal_folder_the_config_names(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "plainheal.toml").write_text('journal = ["Journal", "Old diary"]\n')
    init_vault(vault)
    assert (vault / "Journal").is_dir() and (vault / "Old diary").is_dir()
    assert read_journal(vault).problems == ()


def test_new_makes_the_journal_folder_of_its_entry_and_no_other(tmp_path: Path) -> None:
    # A journal folder that does not exist is refused; the first entry makes its own.
    vault = tmp_path / "vault"
    init_vault(vault)
    (vault / "Journal").rmdir()
    assert new_entry(vault, dt.date(2026, 11, 20), NOW) == "Journal/2026-11-20.md"
    assert len(read_journal(vault).entries) == 1
    (vault / "plainheal.toml").write_text('journal = ["Journal", "Elsewhere"]\n')
    with pytest.raises(VaultError, match="'Elsewhere' does not exist"):
        new_entry(vault, dt.date(2026, 11, 21), NOW)
    assert not (vault / "Elsewhere").exists()
    assert not (vault / "Journal/2026-11-21.md").exists()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda v: os.mkfifo(v / ".obsidian/daily-notes.json"),
         ".obsidian/daily-notes.json: is a named pipe (FIFO), not a text file"),
        (lambda v: os.symlink("/dev/zero", v / ".obsidian/daily-notes.json"),
         ".obsidian/daily-notes.json: is a device, not a text file"),
        (lambda v: os.mkfifo(v / "Templates/Journal entry.md"),
         "Templates/Journal entry.md: is a named pipe (FIFO), not a text file"),
        (lambda v: (v / ".obsidian/daily-notes.json").write_text("[" * 100_000 + "]" * 100_000),
         ".obsidian/daily-notes.json is not valid JSON: nested too deeply"),
        (lambda v: (v / ".obsidian/daily-notes.json").write_text('{"format": "' + "Y" * 400 + '"}'),
         "makes a file name over 255 bytes"),
        (lambda v: (v / ".obsidian/daily-notes.json").write_text('{"template": "../../etc/x"}'),
         "../../etc/x.md: the entry template the settings name is outside the vault"),
    ],
)  # fmt: skip
def test_new_names_settings_it_cannot_use(
    tmp_path: Path, make: Callable[[Path], object], message: str, no_hang: None
) -> None:
    vault = tmp_path / "vault"
    init_vault(vault)
    for name in (".obsidian/daily-notes.json", "Templates/Journal entry.md"):
        (vault / name).unlink()
    make(vault)
    result = CliRunner().invoke(main, ["new", str(vault), "--date", "2026-11-20"])
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert "Traceback" not in result.output and list((vault / "Journal").iterdir()) == []


def test_the_entry_template_shows_the_words_each_property_takes() -> None:
    text = (ROOT / "obsidian_template/Templates/Journal entry.md").read_text()
    body = text.split("\n---\n", 1)[1]
    for key, dimension in VOCABULARY.dimensions.items():
        assert f"<!-- {key}: {' · '.join(dimension.values)} -->" in body, key
    for item in VOCABULARY.checklists["needs_met"].items:
        assert item in body
    assert "three months ago?" not in body and "today" in body


def test_obsidian_opens_todays_note_on_start_up() -> None:
    settings = json.loads((ROOT / "obsidian_template/.obsidian/daily-notes.json").read_text())
    assert settings["autorun"] is True


def test_init_names_days_in_the_vaults_first_format(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "plainheal.toml").write_text('date_formats = ["DD.MM.YYYY"]\n')
    init_vault(vault)
    settings = json.loads((vault / ".obsidian/daily-notes.json").read_text())
    assert settings["format"] == "DD.MM.YYYY" and settings["autorun"] is True
    assert new_entry(vault, dt.date(2021, 2, 3), NOW) == "Journal/03.02.2021.md"


def test_init_writes_the_daily_note_format_obsidian_already_uses(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "plainheal.toml").write_text('date_formats = ["DD.MM.YYYY"]\n')
    periodic = {"daily": {"format": "YYYY-MM-DD", "folder": "Journal", "enabled": True}}
    _settings(vault, ".obsidian/plugins/periodic-notes/data.json", periodic)
    init_vault(vault)
    settings = json.loads((vault / ".obsidian/daily-notes.json").read_text())
    assert settings["format"] == "YYYY-MM-DD"
    assert new_entry(vault, dt.date(2021, 2, 3), NOW) == "Journal/2021-02-03.md"


def test_init_keeps_a_daily_notes_format_and_new_follows_it(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "plainheal.toml").write_text('date_formats = ["DD.MM.YYYY"]\n')
    _settings(vault, ".obsidian/daily-notes.json", {"folder": "Journal", "format": "YYYY-MM-DD"})
    init_vault(vault)
    settings = json.loads((vault / ".obsidian/daily-notes.json").read_text())
    assert settings == {"folder": "Journal", "format": "YYYY-MM-DD"}
    assert new_entry(vault, dt.date(2026, 11, 28), NOW) == "Journal/2026-11-28.md"
