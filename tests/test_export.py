import os
import re
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainheal.cli import main

from conftest import SECRET, WriteNote, entry

pytestmark = pytest.mark.slow


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_markdown_report_for_a_period(journal: Path) -> None:
    code, out, _ = run("export", str(journal), "--since", "2026-11-01", "--until", "2026-11-20")
    assert code == 0
    frontmatter = (
        r"---\nplainheal: export\nperiod: 2026-11-01/2026-11-20\ndigest: sha256:\w{64}\n---\n"
    )
    assert re.match(frontmatter, out)
    assert "# Journal report, 2026-11-01 to 2026-11-20" in out
    assert "Prepared from 19 entries in this period. 1 entry marked private was left out" in out
    assert "| Boundaries | respected 16 · tested 0 · crossed 2 |" in out
    assert "| Safety | 3.9 | 19 |" in out
    # Recovery's worst value is `none`: its absence must not read as that value.
    assert "| Recovery | – | – | nothing recorded yet |" in out
    assert "none recorded" not in out
    # Only in-period, non-private entries count: not October's, not the private crossing.
    assert "you recorded boundaries as crossed in 2 of the 18 entries that noted" in out
    assert "Entries: 2026-11-05, 2026-11-09." in out
    assert "2026-10-" not in out.split("\n## Shared entries")[0].split("\n## Patterns\n")[1]
    assert "2026-10-" not in out.split("\n## Timeline\n")[1]
    assert "We talked for two hours." in out  # shared
    assert "never be quoted" not in out  # not shared


def test_private_entries_never_appear(journal: Path, tmp_path: Path) -> None:
    code, out, _ = run("export", str(journal))
    assert code == 0
    assert SECRET not in out and "2026-11-13" not in out
    target = tmp_path / "report.html"
    assert run("export", str(journal), "--format", "html", "-o", str(target))[0] == 0
    document = target.read_text()
    assert SECRET not in document and "2026-11-13" not in document


def test_html_is_self_contained_and_safe(journal: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    code, _, err = run("export", str(journal), "--format", "html", "-o", str(target))
    assert code == 0 and "outside your journal folder" in err
    document = target.read_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "<script" not in document.lower()
    assert not re.search(r"\b(src|href)\s*=", document)
    assert "@import" not in document
    # Any url() must point into the same document (the charts use none).
    references = re.findall(r"url\(([^)]*)\)", document)
    assert all(r.startswith("#") for r in references)
    assert all(f'id="{r[1:]}"' in document for r in references)
    assert "<svg" in document and "<title" in document and "<desc" in document
    assert "&lt;b&gt;bold&lt;/b&gt;" in document
    assert "[image: us]" in document and "a page (https://example.org/read)" in document
    assert "@media print" in document and "@page" in document
    assert "<h4>My own heading</h4>" in document


def test_usage_errors(journal: Path) -> None:
    assert run("export", str(journal), "--format", "html")[0] == 2
    assert run("export", str(journal), "-o", str(journal / "Patterns" / "r.md"))[0] == 2
    code, _, err = run("export", str(journal), "-o", str(journal / "Journal" / "2026-11-07.md"))
    assert code == 2 and "not a report plainheal wrote" in err
    assert "We talked" in (journal / "Journal" / "2026-11-07.md").read_text()
    assert run("export", str(journal), "--since", "2026-12-01", "--until", "2026-11-01")[0] == 2
    assert run("export", str(journal), "--since", "November")[0] == 2


def test_export_into_the_vault_is_not_read_as_an_entry(journal: Path) -> None:
    target = journal / "For my therapist.md"
    assert run("export", str(journal), "-o", str(target))[0] == 0
    _, out, _ = run("check", str(journal), "--json")
    assert "For my therapist.md" not in out


def test_first_and_last_days_of_a_long_period_are_compared(vault: Path, write: WriteNote) -> None:
    for day in range(1, 31):
        write(f"Journal/2026-09-{day:02d}.md", entry(f"2026-09-{day:02d}", safety=2))
        write(f"Journal/2026-11-{day:02d}.md", entry(f"2026-11-{day:02d}", safety=4))
    code, out, _ = run("export", str(vault))
    assert code == 0
    assert "The first 30 days of the period (2026-09-01 to 2026-09-30) against the last 30" in out
    assert "| Safety | 2.0 (n=30) | 4.0 (n=30) | +2.0, higher |" in out


def _refused(journal: Path, target: str | Path, *, cwd: Path | None = None) -> str:
    """Export to `target` and expect a refusal (exit 2); the refusal's message."""
    before = {p: p.read_bytes() for p in journal.rglob("*") if p.is_file() and not p.is_fifo()}
    if cwd is not None:
        old = Path.cwd()
        os.chdir(cwd)
    try:
        code, _, err = run("export", str(journal), "-o", str(target))
    finally:
        if cwd is not None:
            os.chdir(old)
    assert code == 2, err
    after = {p: p.read_bytes() for p in journal.rglob("*") if p.is_file() and not p.is_fifo()}
    assert after == before
    return err


@pytest.mark.parametrize(
    "relative, text",
    [
        (
            "Journal/2026-11-07.sync-conflict-20261121-101010-ABCDEFG.md",
            "---\nplainheal: export\n---\n",
        ),
        ("Notes/Groceries.md", "milk, eggs\n"),
        ("Templates/Journal entry.md", "---\ndate: {{date}}\n---\n"),
        ("plainheal.toml", 'output = "Patterns"\n'),
        (".obsidian/app.json", "{}"),
        ("Report (conflicted copy).md", "my merged words\n"),
        ("Patterns/Overview.md", "---\nplainheal: generated\n---\n"),
        ("Patterns/My own note.md", "thoughts for Thursday\n"),
    ],
)
def test_export_replaces_only_an_earlier_report(journal: Path, relative: str, text: str) -> None:
    target = journal / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    _refused(journal, target)


def test_entries_are_refused_whatever_path_leads_there(journal: Path, tmp_path: Path) -> None:
    _refused(journal, journal / "Journal" / "2026-11-07.md")
    _refused(journal, journal / "Journal" / ".." / "Journal" / "2026-11-07.md")
    (tmp_path / "by-link").symlink_to(journal / "Journal")
    _refused(journal, tmp_path / "by-link" / "2026-11-07.md")
    _refused(journal, Path("Journal/2026-11-07.md"), cwd=journal)  # relative
    (tmp_path / "report.md").symlink_to(journal / "Journal" / "2026-11-07.md")
    assert "is a link" in _refused(journal, tmp_path / "report.md")
    os.link(journal / "Journal" / "2026-11-05.md", tmp_path / "hard.md")
    assert "other hard links" in _refused(journal, tmp_path / "hard.md")
    assert "We talked" in (journal / "Journal" / "2026-11-07.md").read_text()


def test_new_paths_in_the_summaries_or_a_hidden_folder_are_refused(
    journal: Path, tmp_path: Path
) -> None:
    (journal / "Patterns").mkdir()
    (journal / ".obsidian").mkdir()
    assert "summaries folder" in _refused(journal, journal / "Patterns" / "report.md")
    assert "summaries folder" in _refused(journal, journal / "Patterns" / "overview.md")
    (tmp_path / "outside").symlink_to(journal / "Patterns")
    assert "summaries folder" in _refused(journal, tmp_path / "outside" / "report.md")
    assert "hidden folder" in _refused(journal, journal / ".obsidian" / "report.md")
    assert "settings" in _refused(journal, journal / "plainheal.toml")  # even a new one
    assert "settings" in _refused(journal, journal / "Journal" / ".." / "PLAINHEAL.TOML")
    assert not (journal / "Patterns" / "report.md").exists()


def test_folders_fifos_and_devices_are_refused_without_hanging(
    journal: Path, tmp_path: Path
) -> None:
    assert "folder" in _refused(journal, journal)
    assert "folder" in _refused(journal, f"{tmp_path}/new/")
    assert "folder" in _refused(journal, f"{tmp_path}/")
    assert "does not exist" in _refused(journal, tmp_path / "missing" / "report.md")
    (tmp_path / "a-file").write_text("x")
    assert "a-file is not a folder" in _refused(journal, tmp_path / "a-file" / "report.md")
    os.mkfifo(tmp_path / "pipe.md")
    assert "FIFO" in _refused(journal, tmp_path / "pipe.md")
    os.mknod(tmp_path / "null.md", 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    assert "a device" in _refused(journal, tmp_path / "null.md")
    assert "a device" in _refused(journal, "/dev/null")


@pytest.mark.parametrize("form", ["md", "html"])
def test_an_earlier_report_is_replaced(journal: Path, tmp_path: Path, form: str) -> None:
    target = tmp_path / f"report.{form}"
    args = ("export", str(journal), "--format", form, "-o", str(target))
    assert run(*args, "--since", "2026-11-01")[0] == 0
    first = target.read_bytes()
    code, _, err = run(*args)
    assert code == 0 and err.startswith("  updated") and target.read_bytes() != first
    inside_vault = journal / f"For my therapist.{form}"
    assert run("export", str(journal), "--format", form, "-o", str(inside_vault))[0] == 0
    code, _, err = run("export", str(journal), "--format", form, "-o", str(inside_vault))
    assert code == 0 and "unchanged" in err


def _added(report: bytes, where: str) -> bytes:
    """The report with one line of the person's added at its start, middle or end."""
    note = b"MY SESSION NOTES: ask about the weekend\n"
    if where == "start":
        return note + report
    if where == "end":
        return report + note
    middle = report.index(b"\n", len(report) // 2) + 1
    return report[:middle] + note + report[middle:]


@pytest.mark.parametrize("form", ["md", "html"])
def test_the_same_journal_and_period_give_the_same_bytes(
    journal: Path, tmp_path: Path, form: str
) -> None:
    first, second = tmp_path / f"first.{form}", tmp_path / f"second.{form}"
    for target in (first, second):
        assert run("export", str(journal), "--since", "2026-10-05", "-o", str(target))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    digest = r"(digest: |<meta name=\"plainheal-digest\" content=\")sha256:[0-9a-f]{64}"
    assert re.search(digest, first.read_text())


def _goes_beside(journal: Path, target: Path) -> None:
    """Export to `target`, where a changed report is: it stays as it was, and the new report
    goes beside it as `name (2).ext`, which a later export replaces while unchanged."""
    before = {p: p.read_bytes() for p in journal.rglob("*") if p.is_file()}
    code, _, err = run("export", str(journal), "-o", str(target))
    beside = target.with_name(f"{target.stem} (2){target.suffix}")
    assert code == 0 and f"  created  {beside}" in err, err
    assert f"The report at {target} was changed since plainheal wrote it" in err
    after = {p: p.read_bytes() for p in journal.rglob("*") if p.is_file()}
    assert {p: b for p, b in after.items() if p != beside} == before
    assert run("export", str(journal), "-o", str(target))[2].startswith(f"unchanged  {beside}")


@pytest.mark.parametrize("form", ["md", "html"])
@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_a_report_with_a_line_added_anywhere_is_left_alone(
    journal: Path, form: str, where: str
) -> None:
    target = journal / f"For my therapist.{form}"
    assert run("export", str(journal), "-o", str(target))[0] == 0
    target.write_bytes(_added(target.read_bytes(), where))
    _goes_beside(journal, target)
    assert "MY SESSION NOTES" in target.read_text()


@pytest.mark.parametrize("form", ["md", "html"])
def test_a_report_whose_digest_was_edited_or_removed_is_left_alone(
    journal: Path, form: str
) -> None:
    target = journal / f"For my therapist.{form}"
    assert run("export", str(journal), "-o", str(target))[0] == 0
    written = target.read_text()
    digest = re.search(r"sha256:([0-9a-f]{64})", written)
    assert digest is not None
    edited = digest.group(1)[:-1] + ("0" if digest.group(1)[-1] != "0" else "1")
    target.write_text(written.replace(digest.group(1), edited))
    _goes_beside(journal, target)
    # A report of an earlier version, with no digest: plainheal cannot tell it was not changed.
    target.write_text(
        re.sub(r"^(digest: |<meta name=\"plainheal-digest\").*\n", "", written, flags=re.M)
    )
    assert target.read_text() != written
    kept = target.read_bytes()
    code, _, err = run("export", str(journal), "-o", str(target))
    assert code == 0 and "changed since plainheal wrote it" in err and target.read_bytes() == kept
    target.write_text(written)  # put back as it was: replaced again
    code, _, err = run("export", str(journal), "-o", str(target), "--since", "2026-11-01")
    assert code == 0 and "updated" in err and target.read_text() != written


def test_an_entry_that_mentions_the_report_s_mark_is_not_a_report(journal: Path) -> None:
    """An entry with no frontmatter, dated by its name, that holds the HTML report's mark."""
    entry_path = journal / "Journal" / "2026-11-21.md"
    entry_path.write_text(
        'Today #boundaries/crossed <meta name="generator" content="plainheal export">\n'
        "MY ENTRY WORDS\n"
    )
    _refused(journal, entry_path)
    assert "MY ENTRY WORDS" in entry_path.read_text()


def test_the_format_follows_the_file_name_unless_asked(journal: Path, tmp_path: Path) -> None:
    assert run("export", str(journal), "-o", str(tmp_path / "r.html"))[0] == 0
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")
    assert run("export", str(journal), "-o", str(tmp_path / "r.HTM"))[0] == 0
    assert (tmp_path / "r.HTM").read_text().startswith("<!DOCTYPE html>")
    for name in ("r.md", "r.txt", "report"):
        assert run("export", str(journal), "-o", str(tmp_path / name))[0] == 0
        assert (tmp_path / name).read_text().startswith("---\nplainheal: export\n"), name
    code, _, err = run("export", str(journal), "--format", "md", "-o", str(tmp_path / "x.html"))
    assert code == 2 and "--format md does not go with a file ending in .html" in err
    code, _, err = run("export", str(journal), "--format", "html", "-o", str(tmp_path / "x.md"))
    assert code == 2 and "--format html does not go with a file ending in .md" in err
    code, _, err = run("export", str(journal), "-o", str(tmp_path / "x.pdf"))
    assert code == 2 and "save it as PDF, from a browser" in err
    assert not any((tmp_path / name).exists() for name in ("x.html", "x.md", "x.pdf"))


def test_a_relative_path_is_taken_from_the_current_folder(journal: Path, tmp_path: Path) -> None:
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        assert run("export", str(journal), "-o", "report.md")[0] == 0
    finally:
        os.chdir(old)
    assert (tmp_path / "report.md").read_text().startswith("---\nplainheal: export\n")


def test_the_default_period_is_that_of_the_entries_it_shows(vault: Path, write: WriteNote) -> None:
    write("Journal/a.md", entry("2026-09-03", private="true", safety=1))
    for day in range(10, 20):
        write(f"Journal/2026-10-{day}.md", entry(f"2026-10-{day}", safety=3))
    write("Journal/b.md", "---\ndate: 2026-12-24\nprivate: true\nsafety: 1\n---\nhidden\n")
    code, out, _ = run("export", str(vault))
    assert code == 0
    assert "period: 2026-10-10/2026-10-19" in out
    assert "2026-09" not in out and "2026-12" not in out and "09-03" not in out
    assert "12-24" not in out


_STALLED_EXPORT = """
import os, sys, time
real_replace = os.replace
def stall(src, dst, **in_folders):
    print("ready", flush=True)
    time.sleep(60)
os.replace = stall
from plainheal.cli import main
main(["export", sys.argv[1], "-o", sys.argv[2]])
"""


# Exports at once, each stalled just before its report takes its place: one process imports
# plainheal once and forks one export per target (forking is safe: it has no threads).
# Ctrl-C as in a terminal: a suite a script starts in the background (`pytest &`) passes on
# SIGINT ignored, which plainheal rightly leaves so, and that export would sleep on.
_STALLED_EXPORTS = """
import os, signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)
def stall(src, dst, dst_dir_fd=None, **in_folder):
    if dst_dir_fd is not None:  # the name in its open folder: say the whole path
        dst = os.path.join(os.readlink(f"/proc/self/fd/{dst_dir_fd}"), dst)
    os.write(1, f"{os.getpid()} {dst}\\n".encode())  # one write: the four never interleave
    time.sleep(60)
os.replace = stall
from plainheal.cli import main
children = []
for target in sys.argv[2:]:
    pid = os.fork()
    if pid == 0:
        main(["export", sys.argv[1], "-o", target])
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
"""

STOPS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGKILL)


def test_an_interrupted_export_leaves_no_copy_of_the_report(journal: Path, tmp_path: Path) -> None:
    targets = {stop: tmp_path / f"out-{stop.name}" / "report.md" for stop in STOPS}
    for target in targets.values():
        target.parent.mkdir()
    with subprocess.Popen(
        [sys.executable, "-c", _STALLED_EXPORTS, str(journal), *map(str, targets.values())],
        stdout=subprocess.PIPE, text=True,
    ) as process:  # fmt: skip
        assert process.stdout is not None
        stalled = dict(process.stdout.readline().split() for _ in STOPS)  # all four writing
        writing = {Path(target): int(pid) for pid, target in stalled.items()}
        assert set(writing) == set(targets.values())
        for stop, target in targets.items():
            os.kill(writing[target], stop)
        assert process.wait(timeout=20) == 0
    for stop, target in targets.items():
        left = list(target.parent.iterdir())
        if stop == signal.SIGKILL:  # cannot be caught: the next export there removes it
            assert len(left) == 1 and ".plainheal-tmp-" in left[0].name
            assert run("export", str(journal), "-o", str(target))[0] == 0
            left = [p for p in target.parent.iterdir() if p != target]
        assert left == [], stop


def test_a_report_temporary_abandoned_in_the_vault_is_removed_by_summarize(
    journal: Path,
) -> None:
    target = journal / "Therapy" / "report.md"
    target.parent.mkdir()
    with subprocess.Popen(
        [sys.executable, "-c", _STALLED_EXPORT, str(journal), str(target)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    ) as process:  # fmt: skip
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        process.kill()
        process.wait(timeout=20)
    assert len(list(target.parent.iterdir())) == 1
    assert run("summarize", str(journal))[0] == 0
    assert list(target.parent.iterdir()) == []


def test_odd_output_names_give_messages_not_tracebacks(journal: Path, tmp_path: Path) -> None:
    code, _, err = run("export", str(journal), "-o", str(tmp_path / ("x" * 300 + ".md")))
    assert code == 2 and "File name too long" in err
    odd = str(tmp_path / "r\udcff\x1b[31m.md")  # not UTF-8, and a terminal escape
    code, _, err = run("export", str(journal), "-o", odd)
    assert code == 0 and "\x1b" not in err and "r\\xff\\x1b[31m.md" in err
    assert (tmp_path / "r\udcff\x1b[31m.md").exists()


def test_a_shared_entry_s_odd_name_cannot_break_its_heading(vault: Path, write: WriteNote) -> None:
    write(
        "Journal/talk\n# Injected.md",
        "---\ndate: 2026-11-07\nshare: true\nsafety: 3\n---\nWords.\n",
    )
    code, out, _ = run("export", str(vault))
    assert code == 0 and "### 2026-11-07 — talk\ufffd# Injected" in out
    assert "\n# Injected" not in out


def test_a_journal_of_private_entries_only_gives_no_dates(vault: Path, write: WriteNote) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", private="true", safety=2))
    code, out, err = run("export", str(vault))
    assert code == 2 and "no dated entries" in err and "2026-11-01" not in out + err


def test_a_place_refused_is_said_before_any_report_is_made(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Making the report (its analysis, its pages) is the long part on a large journal: a
    # place the report may not go is refused first, and no report is made for nothing.
    def made(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a report was made for a place that is refused")

    monkeypatch.setattr("plainheal.export.make_report", made)
    err = _refused(journal, journal / "Journal/2026-10-03.md")
    assert "not a report plainheal wrote" in err, err


def test_a_new_reports_folder_inside_the_vault_is_made_for_the_report(journal: Path) -> None:
    code, _, err = run(
        "export", str(journal), "--format", "html", "-o", str(journal / "Reports/r.html")
    )
    assert code == 0, err
    folder = journal / "Reports"
    assert folder.is_dir() and stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert (folder / "r.html").read_text().startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("relative", "why"),
    [
        ("Patterns/Reports/r.html", "summaries folder"),
        ("patterns/r.html", "summaries folder"),
        (".private/r.html", "hidden folder"),
        ("a/b/c/d/r.html", "does not exist"),
        ("journal/../Reports/r.html", "does not exist"),  # no `journal`: not a hidden folder
    ],
)
def test_folders_are_made_only_where_a_report_may_go(
    journal: Path, relative: str, why: str
) -> None:
    assert why in _refused(journal, journal / relative)
    assert not (journal / relative.split("/")[0]).exists()


def test_no_folder_is_made_outside_the_vault(journal: Path, tmp_path: Path) -> None:
    assert "does not exist" in _refused(journal, tmp_path / "elsewhere" / "r.html")
    assert not (tmp_path / "elsewhere").exists()


BUNDLED = Path(__file__).parents[1] / "obsidian_template" / "Templates" / "Journal entry.md"


def _from_template(template: str, date: str, own: str) -> str:
    """An entry as Obsidian makes it from `template`, shared, with the person's words added."""
    text = template.replace("{{date}}", date).replace("share: false", "share: true")
    return text.replace("## Anything else\n", f"## Anything else\n\n{own}\n")


def test_shared_entries_lose_the_vault_s_template_prompts(vault: Path, write: WriteNote) -> None:
    own = (
        "---\ndate: {{date}}\nsafety:\nshare: false\n---\n<!-- Say how today went. -->\n"
        "# {{date}}\n\n## Today\n\nWhat happened today that I want to remember?\n\n"
        "## Anything else\n"
    )
    write("Templates/Daily.md", own)
    write("Journal/2026-11-01.md", _from_template(own, "2026-11-01", "We cooked together."))
    # An entry made earlier from plainheal's own template, no longer in the vault.
    write("Journal/2026-11-02.md", _from_template(BUNDLED.read_text(), "2026-11-02", "A walk."))
    code, out, _ = run("export", str(vault))
    assert code == 0
    shared = out.split("## Shared entries")[1]
    assert "We cooked together." in shared and "A walk." in shared
    for prompt in ("Say how today went", "What happened today", "How safe do I feel",
                   "Were my boundaries honoured?", "<!--", "#### 2026-11-01"):  # fmt: skip
        assert prompt not in shared, prompt
    assert "#### Anything else" in shared  # the person wrote under it


def test_a_daily_notes_template_outside_the_templates_folder_counts(
    vault: Path, write: WriteNote
) -> None:
    template = "---\ndate: {{date}}\nshare: false\n---\nWhat am I grateful for?\n\nNotes:\n"
    write("Setup/Entry.md", template)
    write(".obsidian/daily-notes.json", '{"template": "Setup/Entry"}')
    write("Journal/2026-11-01.md", _from_template(template, "2026-11-01", "") + "Tea at noon.\n")
    code, out, _ = run("export", str(vault))
    assert code == 0
    shared = out.split("## Shared entries")[1]
    assert "Tea at noon." in shared and "grateful" not in shared and "Notes:" not in shared


def test_events_are_marked_and_a_private_entry_s_event_nowhere(
    journal: Path, write: WriteNote, tmp_path: Path
) -> None:
    write("Journal/2026-10-06.md", entry("2026-10-06", safety=2, event="therapy"))
    write(
        "Journal/2026-10-15.md",
        entry("2026-10-15", safety=1, private="true", event="[hidden-turning-point, disclosure]"),
    )
    code, out, _ = run("export", str(journal))
    assert code == 0
    target = tmp_path / "report.html"
    assert run("export", str(journal), "--format", "html", "-o", str(target))[0] == 0
    document = target.read_text()
    assert "- 2026-10-06: therapy" in out and 'class="marker-label">therapy</text>' in document
    for text in (out, document):
        assert "hidden-turning-point" not in text and "disclosure" not in text
        assert "2026-10-15" not in text
        assert "2 entries marked private were left out" in text


def test_a_period_holding_only_private_entries_gives_no_report(journal: Path) -> None:
    # 2026-11-13 is the journal's private day: a report of it would say a private entry exists.
    code, out, err = run("export", str(journal), "--since", "2026-11-13", "--until", "2026-11-13")
    assert code == 2 and out == ""
    assert "no entries to report between 2026-11-13 and 2026-11-13" in err
    assert "private" not in err


def _steady(vault: Path, first: str, last: str) -> None:
    """One fully positive entry a day from `first` to `last`."""
    import datetime as dt

    day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    (vault / "Journal").mkdir(parents=True, exist_ok=True)
    while day <= end:
        (vault / f"Journal/{day}.md").write_text(
            f"---\ndate: {day}\naccountability: full\ntransparency: proactive\n"
            "empathy: connected\nboundaries: respected\n---\n"
        )
        day += dt.timedelta(days=1)


def test_a_short_period_of_a_long_journal_can_show_sustained_change(tmp_path: Path) -> None:
    # The early days that sustained change waits out are the whole journal's, not the
    # period's: the last 51 days of 18 months of steady entries show it.
    _steady(tmp_path, "2025-06-01", "2026-11-20")
    code, out, _ = run("export", str(tmp_path), "--since", "2026-10-01")
    assert code == 0 and "**Sustained change**" in out
    assert "sustained change." not in out  # not under "not enough data in this period"
    # A journal of 51 days is still in its early days.
    young = tmp_path / "young"
    _steady(young, "2026-10-01", "2026-11-20")
    code, out, _ = run("export", str(young), "--since", "2026-10-01")
    assert code == 0 and "**Sustained change**" not in out
    (waiting,) = [x for x in out.splitlines() if x.startswith("Not enough data in this period for")]
    assert "sustained change" in waiting


def test_a_report_place_that_changed_since_it_was_checked_is_refused(tmp_path: Path) -> None:
    # Between the check of `-o` and the write (the report takes seconds to make), another
    # program may put a file of its own there: the write looks again, and leaves it alone.
    from plainheal.write.report_place import ReportRefused, report_target, write_report

    vault = tmp_path / "vault"
    vault.mkdir()
    target = tmp_path / "report.md"
    place = report_target(vault, target, "Patterns")
    target.write_text("someone else's file\n")
    with pytest.raises(ReportRefused, match="not a report plainheal wrote"):
        write_report(place, "---\nplainheal: export\n---\n# Report\n", str(target))
    assert target.read_text() == "someone else's file\n"
