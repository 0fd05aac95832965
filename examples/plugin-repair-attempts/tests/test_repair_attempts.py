"""The example plugin end to end: installed, discovered, read, analyzed and rendered."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from plainheal.cli import main
from plainheal.plugins import discover
from plainheal_repair_attempts import plugin


def _vault(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    vault.mkdir()
    for day, apology in enumerate(["specific", "vague", "detailed", "specific"], start=1):
        (vault / f"2026-11-0{day}.md").write_text(
            f"---\ndate: 2026-11-0{day}\nrepair: attempted\napology: {apology}\n---\n"
        )
    return vault


def test_the_installed_plugin_is_discovered() -> None:
    registry = discover()
    assert plugin in registry.plugins
    assert "apology" in registry.vocabulary.dimensions
    assert "specific-apologies" in [a.id for a in registry.analyzers]
    assert registry.sources["repair-attempts"].startswith("plainheal-repair-attempts ")


def test_its_dimension_reaches_check_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(_vault(tmp_path)), "--json"])
    entries = json.loads(result.stdout)["entries"]
    assert [e["observations"]["apology"] for e in entries] == [
        ["specific"],
        ["general"],
        ["specific"],
        ["specific"],
    ]


def test_its_section_appears_in_the_summary(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    result = CliRunner().invoke(main, ["summarize", str(vault)])
    assert result.exit_code == 0
    overview = (vault / "Patterns" / "Overview.md").read_text()
    assert "## Repair attempts" in overview
    assert "In 3 of the 4 recent entries where a repair was attempted" in overview
    assert "> [!note] Specific apologies" in overview
    assert "| Apology |" in overview


def test_plugins_command_lists_it() -> None:
    result = CliRunner().invoke(main, ["plugins"])
    assert result.exit_code == 0
    assert "repair-attempts (plainheal-repair-attempts 0.1.0)" in result.stdout
    assert "dimensions: apology" in result.stdout


def test_its_threshold_is_set_in_plainheal_toml(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    (vault / "plainheal.toml").write_text("[thresholds]\nrepair_min_entries = 5\n")
    result = CliRunner().invoke(main, ["summarize", str(vault), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["thresholds"]["repair_min_entries"] == 5
    assert "specific-apologies" in document["not_enough_data"]
    overview = (vault / "Patterns" / "Overview.md").read_text()
    # It says what it waits for, by its own threshold, not plainheal's guardrail of 3.
    assert (
        "- Specific apologies: not enough data yet; it needs 5 recent entries noting both a "
        "repair attempt and the apology (4 so far)." in overview
    )
    assert "specific apologies (at least 3 entries" not in overview


def test_a_threshold_no_plugin_declares_is_refused(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    (vault / "plainheal.toml").write_text("[thresholds]\nrepair_min_entrys = 5\n")
    result = CliRunner().invoke(main, ["summarize", str(vault)])
    assert result.exit_code == 1
    assert "thresholds.repair_min_entrys is not a threshold" in result.output
