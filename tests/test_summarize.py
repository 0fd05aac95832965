import datetime as dt
import importlib
import json
import math
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainheal.cli import main
from plainheal.summarize import summarize
from plainheal.write.atomic import temporary_name

from conftest import WriteNote, entry, snapshot

pytestmark = pytest.mark.slow

EXAMPLE = Path(__file__).parent.parent / "examples" / "vault"


def _outputs(vault: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(vault)): p.read_bytes()
        for p in sorted((vault / "Patterns").rglob("*"))
        if p.is_file()
    }


def _entries(vault: Path) -> dict[str, tuple[bytes, int]]:
    return {k: v for k, v in snapshot(vault).items() if not k.startswith("Patterns")}


def test_writes_overview_months_and_weeks(vault: Path, write: WriteNote) -> None:
    write("Journal/2026-10-30.md", entry("2026-10-30", safety=3))
    write("Journal/2026-11-02.md", entry("2026-11-02", safety=4))
    run = summarize(vault)
    assert [(f.path, f.status) for f in run.files] == [
        ("Patterns/Overview.md", "created"),
        ("Patterns/Months/2026-10.md", "created"),
        ("Patterns/Months/2026-11.md", "created"),
        ("Patterns/Weeks/2026-W44.md", "created"),
        ("Patterns/Weeks/2026-W45.md", "created"),
    ]
    assert all(f.status == "unchanged" for f in summarize(vault).files)


def test_entries_are_never_touched_and_body_text_never_quoted(
    vault: Path, write: WriteNote
) -> None:
    for day in range(1, 28):
        write(
            f"Journal/2026-11-{day:02d}.md", entry(f"2026-11-{day:02d}", safety=3, empathy="hollow")
        )
    before = _entries(vault)
    summarize(vault)
    assert _entries(vault) == before
    for text in _outputs(vault).values():
        assert b"never be quoted" not in text


def test_summaries_are_not_read_as_entries(vault: Path, write: WriteNote) -> None:
    write("2026-11-02.md", entry("2026-11-02", safety=4))
    summarize(vault)
    code = CliRunner().invoke(main, ["check", str(vault), "--json"], catch_exceptions=False)
    assert [e["path"] for e in json.loads(code.stdout)["entries"]] == ["2026-11-02.md"]


def test_dry_run_writes_nothing(vault: Path, write: WriteNote) -> None:
    write("2026-11-02.md", entry("2026-11-02", safety=4))
    before = snapshot(vault)
    run = summarize(vault, dry_run=True)
    assert {f.status for f in run.files} == {"created"}
    assert snapshot(vault) == before


def test_a_summary_whose_markers_were_removed_is_left_alone(vault: Path, write: WriteNote) -> None:
    write("2026-11-02.md", entry("2026-11-02", safety=4))
    summarize(vault)
    overview = write("Patterns/Overview.md", "I rewrote this page in my own words.\n")
    run = summarize(vault)
    skipped = [f for f in run.files if f.status == "skipped"]
    assert [f.path for f in skipped] == ["Patterns/Overview.md"]
    assert "markers were removed" in skipped[0].reason
    assert overview.read_text() == "I rewrote this page in my own words.\n"


def test_stale_temporary_files_are_removed(vault: Path, write: WriteNote) -> None:
    write("2026-11-02.md", entry("2026-11-02", safety=4))
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    dead = int(gone.stdout)
    stale = write(f"Patterns/Weeks/.2026-W44.md.plainheal-tmp-{dead}", "half")
    name = temporary_name(vault / "Patterns/Months/2026-11.md").name
    abandoned = write(f"Patterns/Months/{name.replace(f'-{os.getpid()}-', f'-{dead}-')}", "half")
    summarize(vault)
    assert not stale.exists() and not abandoned.exists()


def test_output_is_identical_in_any_folder_timezone_and_locale(tmp_path: Path) -> None:
    results = []
    for name, zone, lang in (("a", "UTC", "C"), ("b b", "Pacific/Kiritimati", "de_DE.UTF-8")):
        vault = tmp_path / name / "vault"
        shutil.copytree(EXAMPLE, vault, ignore=shutil.ignore_patterns("Patterns"))
        env = {**os.environ, "TZ": zone, "LANG": lang, "LC_ALL": lang}
        subprocess.run(
            [sys.executable, "-m", "plainheal", "summarize", str(vault)],
            check=True,
            env=env,
            capture_output=True,
        )
        results.append(_outputs(vault))
    assert results[0] == results[1]
    assert all(b"\r\n" not in data for data in results[0].values())
    assert all(str(tmp_path).encode() not in data for data in results[0].values())


def test_summarize_json_contract(vault: Path, write: WriteNote) -> None:
    for day in range(1, 6):
        write(f"2026-11-0{day}.md", entry(f"2026-11-0{day}", safety=day, boundaries="crossed"))
    result = CliRunner().invoke(
        main, ["summarize", str(vault), "--dry-run", "--json"], catch_exceptions=False
    )
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["as_of"] == "2026-11-05"
    assert document["entry_count"] == 5
    assert document["windows"]["recent"] == {"start": "2026-10-07", "end": "2026-11-05"}
    assert document["windows"]["three_months_ago"] == {"start": "2026-07-09", "end": "2026-08-07"}
    assert document["ratings"]["safety"] == {
        "recent": {"n": 5, "mean": 3.0},
        "three_months_ago": {"n": 0, "mean": None},
        "change": None,
        "direction": "not enough data",
        "p_value": None,
        "q_value": None,
        "test": {"name": "welch", "estimate": None, "statistic": None, "df": None, "p_value": None},
    }
    boundaries = document["dimensions"]["boundaries"]
    assert boundaries["recent"]["counts"] == {"respected": 0, "tested": 0, "crossed": 5}
    assert boundaries["recent"]["positive_share"] == 0.0
    assert boundaries["recent"]["mean_score"] == -1.0
    assert len(boundaries["weekly"]) == 12 and boundaries["weekly"][-1]["week"] == "2026-W45"
    assert boundaries["direction"] == "not enough data"  # two weeks with entries
    assert boundaries["trend"]["weeks_with_data"] == 2 and boundaries["trend"]["n"] == 5
    assert boundaries["trend"]["level"] == "mostly concerning"
    assert boundaries["trend"]["test"]["name"] == "least-squares slope"
    assert boundaries["trend"]["p_value"] == boundaries["trend"]["test"]["p_value"]
    looked_for = {(p["id"], p["status"]): p for p in document["looked_for"]}
    fading = looked_for["early-effort-fading", "not-enough-data"]
    assert fading["numbers"]["early_n"] == 5 and fading["numbers"]["recent_n"] == 5
    sustained = looked_for["sustained-change", "not-enough-data"]["numbers"]
    assert sustained["recent_n"] == 5 and sustained["weeks"] == 2 and sustained["p_value"] == 1.0
    assert not {p["id"] for p in document["patterns"]} & {p["id"] for p in document["looked_for"]}
    crossed = next(p for p in document["patterns"] if p["id"] == "boundaries-crossed")
    assert crossed["evidence"] == [f"2026-11-0{d}.md" for d in range(1, 6)]
    assert {f["status"] for f in document["files"]} == {"created"}
    assert not (vault / "Patterns").exists()


def test_summarize_cli_reports_files(vault: Path, write: WriteNote) -> None:
    write("2026-11-02.md", entry("2026-11-02", safety=4))
    result = CliRunner().invoke(main, ["summarize", str(vault)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "created  Patterns/Overview.md" in result.stderr
    assert "Summaries: 3 created." in result.stderr
    again = CliRunner().invoke(main, ["summarize", str(vault)], catch_exceptions=False)
    assert "Summaries: 3 unchanged." in again.stderr


def test_summarize_strict_exits_1_on_problems(vault: Path, write: WriteNote) -> None:
    write("2026-11-02.md", entry("2026-11-02", transparency="proactve"))
    assert CliRunner().invoke(main, ["summarize", str(vault)]).exit_code == 0
    strict = CliRunner().invoke(main, ["summarize", str(vault), "--strict"])
    assert strict.exit_code == 1
    assert "did you mean 'proactive'? [unknown-value]" in strict.stderr  # the reason, named
    assert "Summaries: " in strict.stderr  # and the summaries still written


def test_output_folder_pointing_outside_the_vault_is_refused(
    vault: Path, write: WriteNote, tmp_path: Path
) -> None:
    write("2026-11-02.md", entry("2026-11-02", safety=4))
    write("2026-10-02.md", entry("2026-10-02", safety=4))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (vault / "Patterns").symlink_to(elsewhere)
    result = CliRunner().invoke(main, ["summarize", str(vault)])
    assert result.exit_code == 1 and "Patterns is a link; left alone" in result.stderr
    assert "and 2 more skipped (Patterns is a link; left alone)" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_a_problem_repeated_in_many_files_is_listed_once(vault: Path, write: WriteNote) -> None:
    for day in range(1, 9):
        write(f"2026-11-0{day}.md", entry(f"2026-11-0{day}", transparency="proactve"))
    write("2026-11-09.md", entry("2026-11-09", safety=9))
    summarize(vault)
    overview = (vault / "Patterns/Overview.md").read_text()
    assert overview.count("did you mean 'proactive'?") == 1
    assert "- In 8 files: transparency: 'proactve'" in overview
    assert "[[2026-11-05.md]], line 3; and 3 more." in overview
    assert "- [[2026-11-09.md]], line 3: safety: 9 is outside 1–5; left out" in overview


def test_rendering_on_several_cores_gives_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The module, not the function of the same name that plainheal re-exports.
    summarize_module = importlib.import_module("plainheal.summarize")

    outputs = []
    for name, pages in (("in-turn", 10_000), ("forked", 2)):
        vault = tmp_path / name / "vault"
        shutil.copytree(EXAMPLE, vault, ignore=shutil.ignore_patterns("Patterns"))
        monkeypatch.setattr(summarize_module, "PAGES", pages)
        monkeypatch.setattr(os, "cpu_count", lambda: 2)  # the os parallel.py asks
        summarize(vault)
        outputs.append(_outputs(vault))
    assert outputs[0] == outputs[1] and len(outputs[0]) > 20


def test_summary_json_is_strict_even_when_a_test_is_certain() -> None:
    from plainheal.render.summary_json import analysis_json

    from builders import days_before, make, run

    # No spread on either side: the t statistics are infinite, and must come out as null.
    entries = [make(days_before(i), {"safety": 4}, empathy="connected") for i in range(0, 30, 2)]
    entries += [make(days_before(90 + i), {"safety": 2}, empathy="dismissive") for i in range(10)]
    document = analysis_json(run(entries))
    text = json.dumps(document, allow_nan=False)
    assert document["ratings"]["safety"]["direction"] == "higher"
    assert document["ratings"]["safety"]["test"]["statistic"] is None
    # Not 0: the exact permutation p-value of 15 against 10 ratings dealt that way by chance.
    exact = 2 / math.comb(25, 10)
    assert document["ratings"]["safety"]["test"]["p_value"] == pytest.approx(exact)
    assert document["ratings"]["safety"]["p_value"] == pytest.approx(exact)
    assert "Infinity" not in text and "NaN" not in text
    sustained = next(p for p in document["patterns"] if p["id"] == "sustained-change")
    assert sustained["numbers"]["p_value"] == pytest.approx(0.5**15)  # 15 positive entries
    assert sustained["numbers"]["test_statistic"] is None  # infinite: no spread at all


NOTE = (
    "---\ndate: 2026-11-02\nsafety: 4\n---\n"
    "My words <!-- plainheal:begin -->\n<!-- plainheal:end -->\n"
)


@pytest.mark.parametrize(
    "place", ["Patterns/Overview.md", "Patterns/Months/2026-11.md", "Patterns/Weeks/2026-W45.md"]
)
@pytest.mark.parametrize("kind", ["symlink", "fifo", "device", "hard link"])
def test_generated_paths_that_are_links_fifos_or_devices_are_left_alone(
    vault: Path, write: WriteNote, place: str, kind: str
) -> None:
    note = write("Journal/2026-11-02.md", NOTE)
    target = vault / place
    target.parent.mkdir(parents=True, exist_ok=True)
    if kind == "symlink":
        target.symlink_to(note)
    elif kind == "hard link":
        os.link(note, target)
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        os.mknod(target, 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    before = note.read_bytes()
    result = CliRunner().invoke(main, ["summarize", str(vault)])
    assert result.exit_code == 1, result.output
    assert f"skipped  {place} (" in result.stderr and "left alone" in result.stderr
    assert note.read_bytes() == before
    written = {"Patterns/Overview.md", "Patterns/Months/2026-11.md", "Patterns/Weeks/2026-W45.md"}
    for other in written - {place}:
        assert (vault / other).read_text().count("plainheal: generated") == 1


@pytest.mark.parametrize("folder", ["Patterns", "Patterns/Months"])
def test_output_folders_that_are_links_are_left_alone(
    vault: Path, write: WriteNote, folder: str
) -> None:
    note = write("Journal/2026-11-02.md", NOTE)
    (vault / folder).parent.mkdir(parents=True, exist_ok=True)
    (vault / folder).symlink_to(vault / "Journal")
    before = snapshot(vault / "Journal")
    result = CliRunner().invoke(main, ["summarize", str(vault)])
    assert result.exit_code == 1 and f"{folder} is a link; left alone" in result.stderr
    assert snapshot(vault / "Journal") == before and note.exists()


def test_a_months_folder_that_is_a_file_costs_only_the_months(
    vault: Path, write: WriteNote
) -> None:
    write("Journal/2026-11-02.md", entry("2026-11-02", safety=4))
    write("Patterns/Months", "my own file called Months")
    result = CliRunner().invoke(main, ["summarize", str(vault)])
    assert result.exit_code == 1
    assert "Patterns/Months is not a folder; left alone" in result.stderr
    assert (vault / "Patterns/Months").read_text() == "my own file called Months"
    assert (vault / "Patterns/Weeks/2026-W45.md").exists()
    assert (vault / "Patterns/Overview.md").exists()


def test_a_summary_that_is_a_folder_is_left_alone(vault: Path, write: WriteNote) -> None:
    write("Journal/2026-11-02.md", entry("2026-11-02", safety=4))
    (vault / "Patterns/Overview.md").mkdir(parents=True)
    result = CliRunner().invoke(main, ["summarize", str(vault)])
    assert result.exit_code == 1 and "is a folder; left alone" in result.stderr
    assert (vault / "Patterns/Weeks/2026-W45.md").exists()


def test_a_note_at_a_summary_path_is_never_written(vault: Path, write: WriteNote) -> None:
    write("Journal/2026-11-02.md", entry("2026-11-02", safety=4))
    mine = "---\ndate: 2026-11-01\n---\nMine <!-- plainheal:begin -->\n<!-- plainheal:end -->\n"
    note = write("Patterns/Overview.md", mine)
    run = summarize(vault)
    assert note.read_text() == mine
    outcome = next(f for f in run.files if f.path == "Patterns/Overview.md")
    assert outcome.status == "skipped" and "no `plainheal:` property" in outcome.reason


@pytest.mark.parametrize("prefix, newline", [("\ufeff", "\n"), ("", "\r\n"), ("\ufeff", "\r\n")])
def test_a_bom_or_crlf_added_to_a_summary_gives_one_frontmatter(
    vault: Path, write: WriteNote, prefix: str, newline: str
) -> None:
    write("Journal/2026-11-02.md", entry("2026-11-02", safety=4))
    summarize(vault)
    overview = vault / "Patterns/Overview.md"
    text = overview.read_text(encoding="utf-8") + "My note.\n"
    overview.write_bytes((prefix + text).replace("\n", newline).encode("utf-8"))
    write("Journal/2026-11-03.md", entry("2026-11-03", safety=5))
    summarize(vault)
    again = overview.read_text(encoding="utf-8")
    assert again.count("plainheal: generated") == 1 and again.startswith("---\nplainheal:")
    assert again.endswith("My note.\n") and "\r" not in again
    assert summarize(vault).files[0].status == "unchanged"


def test_an_unreadable_summary_costs_only_itself(
    vault: Path, write: WriteNote, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("Journal/2026-11-02.md", entry("2026-11-02", safety=4))
    summarize(vault)
    write("Journal/2026-11-03.md", entry("2026-11-03", safety=5))
    real_open = os.open

    def denied(path: object, flags: int, *args: int, **at: int | None) -> int:
        # Named in its open folder (dir_fd): as chmod 000 does for anyone but root.
        if str(path).endswith("2026-W45.md"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **at)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)
    result = CliRunner().invoke(main, ["summarize", str(vault)])
    assert result.exit_code == 1
    assert "skipped  Patterns/Weeks/2026-W45.md (could not be read (Permission denied))" in (
        result.stderr
    )
    assert "As of **2026-11-03**" in (vault / "Patterns/Overview.md").read_text()
    assert "Traceback" not in result.output


@pytest.mark.parametrize("number, words", [(30, "Read-only file system"), (28, "No space left")])
def test_a_vault_that_cannot_be_written_is_one_clear_message(
    vault: Path, write: WriteNote, monkeypatch: pytest.MonkeyPatch, number: int, words: str
) -> None:
    write("Journal/2026-11-02.md", entry("2026-11-02", safety=4))
    real_mkdir = os.mkdir

    def refused(path: object, *args: object, **kwargs: object) -> None:
        if "Patterns" in str(path):
            raise OSError(number, os.strerror(number))
        real_mkdir(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "mkdir", refused)
    result = CliRunner().invoke(main, ["summarize", str(vault)])
    assert result.exit_code == 1
    assert result.stderr.strip().endswith(f"could not be written ({os.strerror(number)})")
    assert words in result.stderr and "Traceback" not in result.output
    assert not (vault / "Patterns").exists()


def test_a_page_whose_period_lost_its_entries_says_so_and_keeps_your_words(
    vault: Path, write: WriteNote
) -> None:
    write("Journal/2026-10-05.md", entry("2026-10-05", safety=3))
    only = write("Journal/2026-11-02.md", entry("2026-11-02", safety=4))
    summarize(vault)
    page = vault / "Patterns/Months/2026-11.md"
    page.write_text(page.read_text() + "\nMy notes for Thursday.\n")
    mine = vault / "Patterns/Months/2026-12.md"
    mine.write_text("a note of my own that happens to have this name\n")
    only.unlink()
    run = summarize(vault)
    text = page.read_text()
    assert "No entry of your journal falls in this month any more" in text
    assert "My notes for Thursday." in text
    assert "2026-11-02" not in text.split("<!-- plainheal:begin -->")[1]
    assert "No entry" in (vault / "Patterns/Weeks/2026-W45.md").read_text()
    assert mine.read_text() == "a note of my own that happens to have this name\n"
    statuses = {f.path: f.status for f in run.files}
    assert statuses["Patterns/Months/2026-11.md"] == "updated"
    assert "Patterns/Months/2026-12.md" not in statuses
    assert summarize(vault).files and all(f.status == "unchanged" for f in summarize(vault).files)


def test_summarize_runs_without_the_report_s_the_markdown_or_the_yaml_parser_s_modules(
    vault: Path, write: WriteNote
) -> None:
    # Plain prose, fields and tags need no Markdown parser, simple frontmatter no YAML
    # parser, a vault without plainheal.toml no TOML parser; the report's modules are only
    # for `export`. None of them is loaded by a whole `summarize` (nor by `check`).
    for day in range(1, 10):
        text = entry(f"2026-11-0{day}", empathy="connected", safety=3)
        write(f"Journal/2026-11-0{day}.md", text + "A calm day.\n\nrepair:: attempted #safety/4\n")
    script = (
        "import sys\n"
        "from plainheal.cli import main\n"
        "for command in (['check'], ['summarize', '--dry-run']):\n"
        "    try:\n"
        "        main([*command, sys.argv[1], '--json'])\n"
        "    except SystemExit as done:\n"
        "        assert done.code == 0, done.code\n"
        "late = {'markdown_it', 'yaml', 'tomllib', 'watchdog', 'plainheal.export',\n"
        "        'plainheal.write.report_place',\n"
        "        'plainheal.render.report_data', 'plainheal.render.svg'} & set(sys.modules)\n"
        "assert not late, late\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(vault)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Patterns/Overview.md" in done.stdout  # summarize ran to the end


def test_page_count_counts_months_and_iso_weeks() -> None:
    from plainheal.entry import Entry
    from plainheal.summarize import page_count

    days = ("2026-01-31", "2026-02-01", "2026-02-01", "2026-02-02")  # Sat, Sun: one week
    entries = [Entry(f"{day}.md", dt.date.fromisoformat(day)) for day in days]
    assert page_count([*entries, Entry("undated.md", None)]) == 2 + 2
