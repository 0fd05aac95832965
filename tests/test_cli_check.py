import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainheal.cli import main

from conftest import WriteNote, entry


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False, env=env)
    return result.exit_code, result.stdout, result.stderr


def test_every_command_has_help() -> None:
    code, _, _ = run("--help")
    assert code == 0
    for name, command in main.commands.items():
        assert command.help, name
        assert "Example" in command.help, name
        assert run(name, "--help")[0] == 0


def test_check_json_contract(vault: Path, write: WriteNote) -> None:
    write(
        "Journal/2026-11-20.md",
        entry(
            "2026-11-20", transparency="volunteered", safety=3, needs_met=["validation", "patience"]
        ),
    )
    write("Journal/bad.md", "---\ndate: 2026-11-21\nsafety: [3\n---\n")
    write("Journal/2026-11-20.sync-conflict-20261121-101010-ABCDEFG.md", entry("2026-11-20"))
    code, out, _ = run("check", str(vault), "--json")
    assert code == 1
    document = json.loads(out)
    assert document["entries"] == [
        {
            "path": "Journal/2026-11-20.md",
            "date": "2026-11-20",
            "observations": {"transparency": ["proactive"]},
            "ratings": {"safety": 3},
            "checklists": {"needs_met": ["patience", "validation"]},
            "private": False,
            "events": [],
        }
    ]
    (problem,) = document["problems"]
    assert problem["path"] == "Journal/bad.md"
    assert problem["severity"] == "error" and problem["code"] == "yaml-syntax"
    assert isinstance(problem["line"], int)
    assert document["conflicts"] == [
        {
            "path": "Journal/2026-11-20.sync-conflict-20261121-101010-ABCDEFG.md",
            "original": "Journal/2026-11-20.md",
        }
    ]


def test_warnings_exit_0_unless_strict(vault: Path, write: WriteNote) -> None:
    write("2026-11-20.md", entry("2026-11-20", transparency="proactve"))
    code, _, err = run("check", str(vault))
    assert code == 0
    assert "2026-11-20.md:" in err and "line 3" in err and "did you mean 'proactive'" in err
    assert run("check", str(vault), "--strict")[0] == 1


def test_human_output_never_prints_journal_text(vault: Path, write: WriteNote) -> None:
    write("2026-11-20.md", entry("2026-11-20", safety=9) + "empathy:: a private sentence here\n")
    _, out, err = run("check", str(vault))
    assert "private" not in out + err and "never be quoted" not in out + err


def test_vault_from_environment(vault: Path, write: WriteNote) -> None:
    write("2026-11-20.md", entry("2026-11-20", safety=3))
    code, out, _ = run("check", "--json", env={"PLAINHEAL_VAULT": str(vault)})
    assert code == 0 and json.loads(out)["entries"][0]["path"] == "2026-11-20.md"


def test_missing_vault_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("check", str(tmp_path / "missing"))
    assert code == 2 and "does not exist" in err


def test_broken_config_exits_1_with_a_message(vault: Path, write: WriteNote) -> None:
    write("plainheal.toml", "colour = 'blue'\n")
    code, _, err = run("check", str(vault))
    assert code == 1 and "plainheal.toml: does not know colour" in err


@pytest.mark.parametrize("flag", ["--bogus"])
def test_bad_option_is_a_usage_error(vault: Path, flag: str) -> None:
    assert run("check", str(vault), flag)[0] == 2


def test_json_is_compact_when_piped(vault: Path, write: WriteNote) -> None:
    write("2026-11-20.md", entry("2026-11-20", safety=3))
    _, out, _ = run("check", str(vault), "--json")
    assert out.count("\n") == 1 and json.loads(out)["entries"][0]["ratings"] == {"safety": 3}


def test_check_json_lists_events(tmp_path: Path) -> None:
    (tmp_path / "2026-11-20.md").write_text("---\nevent: [disclosure, therapy]\nsafety: 2\n---\n")
    result = CliRunner().invoke(main, ["check", "--json", str(tmp_path)], catch_exceptions=False)
    document = json.loads(result.output)
    assert document["entries"][0]["events"] == ["disclosure", "therapy"]


def test_what_a_command_tells_you_goes_to_standard_error(vault: Path, write: WriteNote) -> None:
    # Standard output carries only what a script takes (README, Commands).
    write("Journal/2026-11-20.md", entry("2026-11-20", safety=3))
    write("Journal/2026-11-21.md", "---\ndate: 2026-02-30\n---\n")
    for command in (("check", str(vault)), ("summarize", str(vault))):
        _, out, err = run(*command)
        assert out == "" and "2026-11-21.md" in err, command
    _, out, _ = run("summarize", str(vault), "--dry-run", "--json")
    assert [p["path"] for p in json.loads(out)["problems"]] == ["Journal/2026-11-21.md"]
