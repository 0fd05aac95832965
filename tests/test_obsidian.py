"""Obsidian's settings files: odd values are refused by name, never used in a file name."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainheal.cli import main
from plainheal.read.obsidian import SettingsError, daily_notes, template_folders
from plainheal.read.vault import read_journal


@pytest.mark.parametrize(
    ("daily", "templates"),
    [
        ({"format": "YYYY-MM-DD\u0000"}, {}),
        ({"folder": "Jour\nnal"}, {}),
        ({}, {"dateFormat": "YYYY\u001b[2J"}),
    ],
)
def test_control_characters_in_settings_are_refused(
    daily: dict[str, str], templates: dict[str, str]
) -> None:
    key = next(iter({**daily, **templates}))
    with pytest.raises(SettingsError, match=f"{key} holds a control character"):
        daily_notes(json.dumps(daily), json.dumps(templates))


def test_new_with_a_nul_in_the_daily_note_format_says_so(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian" / "daily-notes.json").write_text(
        json.dumps({"format": "YYYY-MM-DD\u0000x"})
    )
    result = CliRunner().invoke(main, ["new", str(tmp_path), "--date", "2026-11-20"])
    assert result.exit_code == 1
    assert "daily-notes.json: format holds a control character" in result.stderr
    assert list(tmp_path.glob("**/*.md")) == []


@pytest.mark.parametrize(
    ("settings", "key", "expected"),
    [
        (".obsidian/templates.json", "folder", ("Meta/Templates",)),
        (".obsidian/plugins/templater-obsidian/data.json", "templates_folder", ("Meta/Templates",)),
    ],
)
def test_the_template_folders_obsidian_names_are_never_read_as_entries(
    tmp_path: Path, settings: str, key: str, expected: tuple[str, ...]
) -> None:
    vault = tmp_path / "vault"
    (vault / "Journal").mkdir(parents=True)
    (vault / "Journal/2026-11-20.md").write_text("---\ndate: 2026-11-20\nsafety: 3\n---\n")
    template = vault / "Meta/Templates/Daily.md"
    template.parent.mkdir(parents=True)
    template.write_text("---\ndate: {{date:YYYY-MM-DD}}\nsafety:\n---\n")
    (vault / settings).parent.mkdir(parents=True)
    (vault / settings).write_text(json.dumps({key: "/Meta/Templates/"}))
    journal = read_journal(vault)
    assert journal.config.app_templates == expected
    assert [e.path for e in journal.entries] == ["Journal/2026-11-20.md"]
    assert journal.problems == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"folder": "Templates"}', ("Templates",)),
        ('{"folder": ""}', ()),  # the vault's root: not a folder of templates
        ('{"folder": "/"}', ()),
        ('{"folder": "../elsewhere"}', ()),
        ('{"folder": ".hidden"}', ()),
        ('{"folder": "a\\u0000b"}', ()),
        ('{"folder": 3}', ()),
        ("not json", ()),
        ("[]", ()),
        (None, ()),
    ],
)
def test_template_folders_are_read_safely(text: str | None, expected: tuple[str, ...]) -> None:
    assert template_folders(text, None) == expected


def test_a_template_folder_holding_the_journal_is_not_taken(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / "Notes/Journal").mkdir(parents=True)
    (vault / "Notes/Journal/2026-11-20.md").write_text("---\ndate: 2026-11-20\nsafety: 3\n---\n")
    (vault / ".obsidian").mkdir()
    (vault / ".obsidian/templates.json").write_text('{"folder": "Notes"}')
    (vault / "plainheal.toml").write_text('journal = ["Notes/Journal"]\n')
    journal = read_journal(vault)
    assert journal.config.app_templates == () and len(journal.entries) == 1


@pytest.mark.parametrize("daily", ["---\ndate: 2026-11-{day}\nsafety: 3\n---\n", "Only words.\n"])
def test_daily_notes_beside_their_template_are_read_the_template_is_not(
    tmp_path: Path, daily: str
) -> None:
    # Templates kept beside the daily notes: notes named by date are entries (even of words
    # only), the others are templates, with or without plainheal.toml.
    vault = tmp_path / "vault"
    (vault / "Daily").mkdir(parents=True)
    for day in (10, 11):
        (vault / f"Daily/2026-11-{day}.md").write_text(daily.format(day=day))
    (vault / "Daily/Daily template.md").write_text("---\ndate: {{date:YYYY-MM-DD}}\nsafety:\n---\n")
    (vault / ".obsidian").mkdir()
    (vault / ".obsidian/templates.json").write_text('{"folder": "Daily"}')
    (vault / ".obsidian/daily-notes.json").write_text('{"folder": "Daily", "format": "YYYY-MM-DD"}')
    journal = read_journal(vault)
    assert journal.config.app_templates == ("Daily",)
    assert [e.path for e in journal.entries] == ["Daily/2026-11-10.md", "Daily/2026-11-11.md"]
    assert journal.problems == ()


def test_daily_notes_beside_their_template_are_no_template_to_the_export(tmp_path: Path) -> None:
    # The export takes templates' lines out of shared words: never a daily note's own lines.
    from plainheal.read.templates import template_texts

    vault = tmp_path / "vault"
    (vault / "Daily").mkdir(parents=True)
    (vault / "Daily/2026-11-10.md").write_text("My own words of that day.\n")
    (vault / "Daily/Daily template.md").write_text("## How was today?\n")
    texts = template_texts(vault, (), (), ("Daily",))
    assert "## How was today?\n" in texts
    assert not any("My own words" in text for text in texts)
