"""Obsidian's settings files: odd values are refused by name, never used in a file name."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainheal.cli import main
from plainheal.read.obsidian import SettingsError, daily_notes


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
