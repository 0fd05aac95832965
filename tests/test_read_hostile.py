"""Reading never hangs, crashes or repeats the person's words, whatever the vault holds."""

import json
import os
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainheal.cli import main
from plainheal.read.vault import VaultError, read_journal

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


def test_journal_folders_that_do_not_exist_are_refused(vault: Path, write: WriteNote) -> None:
    write("plainheal.toml", 'journal = ["Journal", "Nope"]\n')
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    message = (
        "plainheal.toml: journal: the folder 'Nope' does not exist in the vault; make it, or "
        "name the folder your entries are in"
    )
    with pytest.raises(VaultError) as refused:
        read_journal(vault)
    assert str(refused.value) == message
    for command in ("check", "summarize"):
        result = CliRunner().invoke(main, [command, str(vault)])
        assert result.exit_code == 1 and message in result.stderr, command
    assert not (vault / "Patterns").exists()
    write("Nope", "a file, not a folder")
    assert CliRunner().invoke(main, ["check", str(vault)]).exit_code == 1
    (vault / "Nope").unlink()
    (vault / "Nope").mkdir()
    assert len(read_journal(vault).entries) == 1


@pytest.mark.parametrize(
    ("setting", "key"), [('output = "Days"', "output"), ('templates = ["Days"]', "templates")]
)
def test_an_output_or_templates_folder_holding_the_entries_is_refused(
    vault: Path, write: WriteNote, setting: str, key: str
) -> None:
    # No `journal`: the whole vault is the journal, less the output and templates folders.
    write("plainheal.toml", setting + "\n")
    write("Days/2026-11-05.md", "")  # empty: a note Obsidian made from a link
    write("Days/2026-11-06.md", "Words typed into a note made from a link.\n")
    read_journal(vault)  # no entry there, by the look of them
    write("Days/2026-11-01.md", entry("2026-11-01", safety=3))
    with pytest.raises(VaultError) as refused:
        read_journal(vault)
    assert str(refused.value).startswith(
        f"plainheal.toml: {key}: the folder 'Days' holds 1 notes named by date, which are "
        f"never read as entries while it is the {key} folder"
    )
    write("Days/2026-11-02.md", "A day. #boundaries/crossed\n")  # an entry by its tag
    result = CliRunner().invoke(main, ["summarize", str(vault)])
    assert result.exit_code == 1 and "holds 2 notes named by date" in result.stderr
    assert len(list((vault / "Days").iterdir())) == 4
    write("plainheal.toml", f'journal = ["Notes"]\n{setting}\n')  # named: Days is not one
    write("Notes/2026-11-03.md", entry("2026-11-03", safety=3))
    assert len(read_journal(vault).entries) == 1


def test_the_output_folder_may_hold_its_pages_their_copies_and_undated_notes(
    vault: Path, write: WriteNote
) -> None:
    write("Journal/2026-11-20.md", entry("2026-11-20", safety=3))
    assert CliRunner().invoke(main, ["summarize", str(vault)]).exit_code == 0
    write("Patterns/Weeks/2026-W47.sync-conflict-20261121-101010-ABCDEFG.md", "copy\n")
    write("Patterns/Months/2026-11 (conflicted copy 2026-11-21).md", "copy\n")
    write("Patterns/What I noticed.md", "my own note\n")
    write("plainheal.toml", 'date_formats = ["YYYYMMDD"]\n')
    assert len(read_journal(vault).entries) == 1


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-16-le", "utf-32"])
def test_a_utf16_entry_is_read_with_a_clear_message(
    vault: Path, write: WriteNote, codec: str
) -> None:
    text = "\ufeff" + entry("2026-11-01", safety=3)
    data = text.encode(codec) if codec != "utf-16" else text[1:].encode(codec)
    (vault / "2026-11-01.md").write_bytes(data)
    journal = read_journal(vault)
    assert [e.ratings for e in journal.entries] == [{"safety": 3}]
    (problem,) = journal.problems
    assert problem.code == "not-utf8" and "save it as UTF-8" in problem.message
    assert "binary" not in problem.message


def test_a_utf16_note_that_is_not_an_entry_is_passed_over(vault: Path) -> None:
    (vault / "Shopping.md").write_bytes("# Soup\n".encode("utf-16"))
    assert read_journal(vault).problems == ()


@pytest.mark.parametrize(
    "name",
    [
        "Plans (conflict).md",
        "x.conflict.md",
        "x.Conflict 2.md",
        "Meeting (Conflict 2).md",
        "Talk (conflicted).md",
        "Note (Someone's conflicted copy 2026-11-21).md",
        "Note (SFConflict a@b.c 2026-11-21-10-10-10).md",
        "budget_conflict-20261121-101010.md",
        "Plan-safeBackup-0001.md",
        "2026-11-20.sync-conflict-20261121-101010-ABCDEFG.md",
        "2026-11-20 2.md",
        "2026-11-20 (1).md",
    ],
)
def test_a_conflict_copy_needs_its_original(vault: Path, write: WriteNote, name: str) -> None:
    write(f"Journal/{name}", entry("2026-11-20", safety=3))
    alone = read_journal(vault)
    assert [e.path for e in alone.entries] == [f"Journal/{name}"] and alone.conflicts == ()
    from plainheal.read.layout import conflict_original

    original = conflict_original(name)
    assert original is not None
    write(f"Journal/{original}", entry("2026-11-20", safety=4))
    paired = read_journal(vault)
    assert [e.path for e in paired.entries] == [f"Journal/{original}"]
    assert [c.path for c in paired.conflicts] == [f"Journal/{name}"]


def test_unicode_twins_are_reported(vault: Path, write: WriteNote) -> None:
    write("Journal/Caf\u00e9 2026-11-01.md", entry("2026-11-01", safety=3))
    write("Journal/Cafe\u0301 2026-11-01.md", entry("2026-11-01", safety=3))
    journal = read_journal(vault)
    assert len(journal.entries) == 2
    assert sorted(p.code for p in journal.problems) == ["unicode-twin", "unicode-twin"]


NOT_UTF8 = os.fsencode("2026-11-02") + b"\xff\xfe.md"


def test_a_name_that_is_not_utf8_is_named_and_the_rest_is_read(vault: Path) -> None:
    (vault / "2026-11-01.md").write_text(entry("2026-11-01", safety=3))
    with open(os.path.join(os.fsencode(vault), NOT_UTF8), "wb") as handle:
        handle.write(entry("2026-11-02", safety=4).encode())
    journal = read_journal(vault)
    assert [e.path for e in journal.entries] == ["2026-11-01.md"]
    (problem,) = journal.problems
    assert problem.code == "name-not-utf8" and problem.path == "2026-11-02\\xff\\xfe.md"
    check = CliRunner().invoke(main, ["check", str(vault), "--json"])
    document = json.loads(check.stdout_bytes.decode("utf-8"))
    assert document["problems"][0]["path"] == "2026-11-02\\xff\\xfe.md"
    summary = CliRunner().invoke(main, ["summarize", str(vault)], catch_exceptions=False)
    assert summary.exit_code == 0
    overview = (vault / "Patterns" / "Overview.md").read_text(encoding="utf-8")
    assert "2026-11-02\\xff\\xfe.md" in overview


def test_control_characters_in_names_never_reach_the_terminal(
    vault: Path, write: WriteNote
) -> None:
    write("2026-11-01 \x1b[2J\x1b]0;owned\x07.md", "---\ndate: [\n---\n")
    result = CliRunner().invoke(main, ["check", str(vault)])
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\\x1b[2J" in result.stderr
    document = json.loads(CliRunner().invoke(main, ["check", str(vault), "--json"]).stdout)
    assert document["problems"][0]["path"].startswith("2026-11-01 \x1b")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda path: path.mkdir(), "is a folder"),
        (lambda path: os.symlink("nowhere.toml", path), "link to a file that does not exist"),
        (lambda path: os.symlink("/dev/zero", path), "is a device"),
        (lambda path: path.write_bytes(b"#" * (2 * 1024 * 1024)), "larger than 1 MB"),
        (lambda path: path.write_bytes(b"output = '\xff'"), "is not UTF-8"),
    ],
)
def test_a_config_that_is_not_a_settings_file_is_named(
    vault: Path, make: Callable[[Path], object], message: str
) -> None:
    make(vault / "plainheal.toml")
    with pytest.raises(VaultError, match=message):
        read_journal(vault)


def test_config_messages_never_print_control_characters(vault: Path, write: WriteNote) -> None:
    write("plainheal.toml", '"col\\u001b[2Jour" = 1\n[thresholds]\n"x\\u0007" = 1\n')
    with pytest.raises(VaultError) as raised:
        read_journal(vault)
    assert str(raised.value).isprintable() and "\\x1b[2J" in str(raised.value)


def test_one_file_under_two_names_is_read_once(vault: Path, write: WriteNote) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    os.symlink("2026-11-01.md", vault / "Journal" / "today.md")
    os.link(vault / "Journal" / "2026-11-01.md", vault / "Journal" / "copy.md")
    journal = read_journal(vault)
    assert [e.path for e in journal.entries] == ["Journal/2026-11-01.md"]
    assert {(p.path, p.code) for p in journal.problems} == {
        ("Journal/copy.md", "same-file"),
        ("Journal/today.md", "same-file"),
    }


@pytest.mark.parametrize(
    "settings",
    [
        ".obsidian/daily-notes.json",
        ".obsidian/plugins/periodic-notes/data.json",
        ".obsidian/plugins/journals/data.json",
        ".obsidian/templates.json",
        ".obsidian/plugins/templater-obsidian/data.json",
    ],
)
@pytest.mark.parametrize("kind", ["fifo", "zero", "deep", "large"])
def test_obsidian_settings_that_are_not_settings_are_passed_over(
    vault: Path, write: WriteNote, settings: str, kind: str, no_hang: None
) -> None:
    # Never waited on (a FIFO), never read without end (/dev/zero), never a traceback.
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    target = vault / settings
    target.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "zero":
        os.symlink("/dev/zero", target)
    elif kind == "deep":
        target.write_text("[" * 100_000 + "]" * 100_000)
    else:
        target.write_text('{"format": "' + "Y" * (2 * 1024 * 1024) + '"}')
    journal = read_journal(vault)
    assert [e.path for e in journal.entries] == ["Journal/2026-11-01.md"]
    result = CliRunner().invoke(main, ["summarize", str(vault)])
    assert result.exit_code == 0 and "Traceback" not in result.output


def test_a_fifo_named_by_date_in_the_templates_folder_is_never_waited_on(
    vault: Path, write: WriteNote, no_hang: None
) -> None:
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    (vault / "Templates").mkdir()
    os.mkfifo(vault / "Templates/2026-11-02.md")
    assert [e.path for e in read_journal(vault).entries] == ["Journal/2026-11-01.md"]


def folder_links(home: Path) -> Path:
    """A vault at `home/Notes` whose journal folder holds a link to every kind of folder:
    the whole disk, the home folder and the vault (which hold the vault), the system's own
    folders, a folder of the vault read under its own name, a loop, and a journal kept
    elsewhere (with links of its own back up)."""
    vault = home / "Notes"
    for relative, date in (("Journal/2026/2026-11-01.md", "2026-11-01"), ("x.md", "")):
        path = vault / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(entry(date, safety=3) if date else "# A note\n", encoding="utf-8")
    elsewhere = home / "Elsewhere" / "Journal"
    elsewhere.mkdir(parents=True)
    (elsewhere / "2026-11-02.md").write_text(entry("2026-11-02", safety=4), encoding="utf-8")
    os.symlink("/", elsewhere / "root")
    os.symlink("..", elsewhere / "up")  # Elsewhere: holds the journal kept there
    for name, target in (
        ("root", "/"),
        ("processes", "/proc"),  # other programs' folders, by /proc/PID/cwd
        ("devices", "/dev/"),
        ("home", home),
        ("vault", vault),
        ("up", ".."),
        ("2026 again", "2026"),
        ("kept elsewhere", elsewhere),
        ("kept elsewhere again", elsewhere),
        ("2026/back", ".."),  # Journal, which the link is in
    ):
        os.symlink(target, vault / "Journal" / name)
    os.symlink("Journal/2026", vault / "A shortcut")  # listed before the folder it leads to
    return vault


HOLDS = ("symlink-loop", "is a link to a folder that holds the vault; skipped")
SYSTEM = ("system-folder", "is a link to a folder of the system (not of notes); skipped")
FOLDER_LINK_PROBLEMS = {
    "Journal/devices": SYSTEM,
    "Journal/processes": SYSTEM,
    "A shortcut": ("same-file", "leads to a folder already read (Journal/2026); skipped"),
    "Journal/2026 again": ("same-file", "leads to a folder already read (Journal/2026); skipped"),
    "Journal/2026/back": ("symlink-loop", "is a folder link that loops back; skipped"),
    "Journal/home": HOLDS,
    "Journal/kept elsewhere again": (
        "same-file",
        "leads to a folder already read (Journal/kept elsewhere); skipped",
    ),
    "Journal/kept elsewhere/root": HOLDS,
    "Journal/kept elsewhere/up/Journal": (
        "symlink-loop",
        "is a folder link that loops back; skipped",
    ),
    "Journal/root": HOLDS,
    "Journal/up": HOLDS,
    "Journal/vault": HOLDS,
}
FOLDER_LINK_ENTRIES = ["Journal/2026/2026-11-01.md", "Journal/kept elsewhere/2026-11-02.md"]


def test_folder_links_are_followed_only_into_folders_not_read_and_not_holding_the_vault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_hang: None
) -> None:
    vault = folder_links(tmp_path / "home")
    listed: list[str] = []
    scandir = os.scandir

    def listing(path: str) -> object:
        listed.append(os.path.realpath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", listing)
    journal = read_journal(vault)
    monkeypatch.undo()
    assert [e.path for e in journal.entries] == FOLDER_LINK_ENTRIES
    assert {p.path: (p.code, p.message) for p in journal.problems} == FOLDER_LINK_PROBLEMS
    assert all(p.severity == "warning" for p in journal.problems)
    # The disk, the home folder and the vault are never listed through a link; each folder
    # is listed once (Elsewhere too: reached by `up`, it does not hold the vault). The
    # output and templates folders are looked into by the config's check, not the walk.
    home = os.path.realpath(tmp_path / "home")
    checked = ("Notes/Patterns", "Notes/Templates")
    assert sorted(p for p in (os.path.relpath(p, home) for p in listed) if p not in checked) == [
        "Elsewhere",
        "Elsewhere/Journal",
        "Notes",
        "Notes/Journal",
        "Notes/Journal/2026",
    ]


def test_check_and_summarize_read_folder_links_as_the_walk_does(
    tmp_path: Path, no_hang: None
) -> None:
    vault = folder_links(tmp_path / "home")
    document = json.loads(CliRunner().invoke(main, ["check", str(vault), "--json"]).stdout)
    assert [e["path"] for e in document["entries"]] == FOLDER_LINK_ENTRIES
    assert {p["path"]: (p["code"], p["message"]) for p in document["problems"]} == (
        FOLDER_LINK_PROBLEMS
    )
    result = CliRunner().invoke(main, ["summarize", str(vault)], catch_exceptions=False)
    assert result.exit_code == 0 and "leads to a folder already read" in result.stderr
    overview = (vault / "Patterns" / "Overview.md").read_text(encoding="utf-8")
    assert "2 entries" in overview
    assert not (tmp_path / "home" / "Elsewhere" / "Patterns").exists()


def test_watch_lists_folder_links_as_the_walk_does(tmp_path: Path, no_hang: None) -> None:
    from plainheal.read.incremental import JournalState

    vault = folder_links(tmp_path / "home")
    state = JournalState(vault)
    assert state.rescan() == set()
    journal = state.journal()
    assert [e.path for e in journal.entries] == FOLDER_LINK_ENTRIES
    assert {p.path: (p.code, p.message) for p in journal.problems} == FOLDER_LINK_PROBLEMS


def test_folder_link_messages_escape_control_characters(vault: Path, write: WriteNote) -> None:
    write("Days \x1b[2J/2026-11-01.md", entry("2026-11-01", safety=3))
    os.symlink("Days \x1b[2J", vault / "Again \x07")
    os.symlink("/", vault / "Disk \x1b]0;x\x07")
    problems = {p.path: p.message for p in read_journal(vault).problems}
    assert problems == {
        "Again \\x07": "leads to a folder already read (Days \\x1b[2J); skipped",
        "Disk \\x1b]0;x\\x07": "is a link to a folder that holds the vault; skipped",
    }
    result = CliRunner().invoke(main, ["check", str(vault)])
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (
            "Days",
            "plainheal.toml: journal: 'Linked' is a link to the folder 'Days' of the vault, which "
            "is read under its own name; name 'Days' instead",
        ),
        (
            "/",
            "plainheal.toml: journal: 'Linked' is a link to a folder that holds the vault, which "
            "is never read; name the folder your entries are in",
        ),
        (
            ".",
            "plainheal.toml: journal: 'Linked' is a link to a folder that holds the vault, which "
            "is never read; name the folder your entries are in",
        ),
    ],
)
def test_a_journal_folder_linked_to_a_folder_never_read_through_it_is_refused(
    vault: Path, write: WriteNote, target: str, message: str
) -> None:
    # Read as it is, `Linked` would hold no entry: the link is skipped by the walk.
    write("Days/2026-11-01.md", entry("2026-11-01", safety=3))
    write("plainheal.toml", 'journal = ["Linked", "Days"]\n')
    os.symlink(target, vault / "Linked")
    with pytest.raises(VaultError) as refused:
        read_journal(vault)
    assert str(refused.value) == message
    result = CliRunner().invoke(main, ["summarize", str(vault)])
    assert result.exit_code == 1 and message in result.stderr
    assert not (vault / "Patterns").exists()


@pytest.mark.parametrize("target", ["elsewhere", ".hidden", "Days"])
def test_a_journal_folder_linked_to_a_folder_read_through_it_is_read(
    vault: Path, write: WriteNote, target: str
) -> None:
    # A journal kept outside the vault, in a hidden folder the walk never lists itself, or
    # in a folder of the vault outside the journal folders (its own path is then skipped).
    folder = vault.parent / target if target == "elsewhere" else vault / target
    folder.mkdir()
    (folder / "2026-11-01.md").write_text(entry("2026-11-01", safety=3), encoding="utf-8")
    write("plainheal.toml", 'journal = ["Linked"]\n')
    os.symlink(folder, vault / "Linked")
    journal = read_journal(vault)
    assert [e.path for e in journal.entries] == ["Linked/2026-11-01.md"]
    assert {p.path: (p.code, p.message) for p in journal.problems} == (
        {
            "Days": (
                "same-file",
                "is a folder already read through a link in the journal (Linked); skipped",
            )
        }
        if target == "Days"
        else {}
    )


def archive_linked(vault: Path, write: WriteNote, *, link_in_journal: bool) -> None:
    """Three entries of 2024 in a folder reached two ways, `Journal/2024` and
    `Archive/2024`, one of them a link to the other; one more entry in `Journal`."""
    write("plainheal.toml", 'journal = ["Journal"]\n')
    folder = "Archive/2024" if link_in_journal else "Journal/2024"
    for day in (1, 2, 3):
        write(f"{folder}/2024-03-0{day}.md", entry(f"2024-03-0{day}", safety=3))
    write("Journal/2024-04-01.md", entry("2024-04-01", safety=3))
    if link_in_journal:
        os.symlink("../Archive/2024", vault / "Journal" / "2024")
    else:
        (vault / "Archive").mkdir()
        os.symlink("../Journal/2024", vault / "Archive" / "2024")


ARCHIVED_ENTRIES = [
    "Journal/2024/2024-03-01.md",
    "Journal/2024/2024-03-02.md",
    "Journal/2024/2024-03-03.md",
    "Journal/2024-04-01.md",
]


def test_a_link_in_the_journal_to_a_folder_outside_it_reads_its_entries(
    vault: Path, write: WriteNote
) -> None:
    # Read under its own path, outside `journal`, the folder's entries would be no entries.
    archive_linked(vault, write, link_in_journal=True)
    journal = read_journal(vault)
    assert [e.path for e in journal.entries] == ARCHIVED_ENTRIES
    assert {p.path: (p.code, p.message) for p in journal.problems} == {
        "Archive/2024": (
            "same-file",
            "is a folder already read through a link in the journal (Journal/2024); skipped",
        )
    }
    assert "Archive/2024/2024-03-01.md" not in journal.other_notes


def test_a_link_outside_the_journal_to_a_folder_in_it_is_skipped(
    vault: Path, write: WriteNote
) -> None:
    archive_linked(vault, write, link_in_journal=False)
    journal = read_journal(vault)
    assert [e.path for e in journal.entries] == ARCHIVED_ENTRIES
    assert {p.path: (p.code, p.message) for p in journal.problems} == {
        "Archive/2024": ("same-file", "leads to a folder already read (Journal/2024); skipped")
    }


def test_two_journal_folders_one_linked_to_the_other_read_it_under_its_own_name(
    vault: Path, write: WriteNote
) -> None:
    # Both paths count: the vault's own path is kept, as for any folder reached twice.
    archive_linked(vault, write, link_in_journal=True)
    write("plainheal.toml", 'journal = ["Journal", "Archive"]\n')
    journal = read_journal(vault)
    assert [e.path for e in journal.entries] == [
        "Archive/2024/2024-03-01.md",
        "Archive/2024/2024-03-02.md",
        "Archive/2024/2024-03-03.md",
        "Journal/2024-04-01.md",
    ]
    assert {p.path: (p.code, p.message) for p in journal.problems} == {
        "Journal/2024": ("same-file", "leads to a folder already read (Archive/2024); skipped")
    }


@pytest.mark.parametrize("link_in_journal", [True, False])
def test_watch_reads_a_folder_reached_two_ways_as_a_fresh_read_does(
    vault: Path, write: WriteNote, link_in_journal: bool
) -> None:
    from plainheal.read.incremental import JournalState

    archive_linked(vault, write, link_in_journal=link_in_journal)
    state = JournalState(vault)
    assert state.journal() == read_journal(vault)
    # A note added in the folder is found by the rescan (a folder's event asks for one).
    folder = "Archive/2024" if link_in_journal else "Journal/2024"
    write(f"{folder}/2024-03-04.md", entry("2024-03-04", safety=2))
    assert state.rescan() == {"Journal/2024/2024-03-04.md"}
    fresh = read_journal(vault)
    assert "Journal/2024/2024-03-04.md" in [e.path for e in fresh.entries]
    assert state.journal() == fresh


@pytest.mark.parametrize("link_in_journal", [True, False])
def test_watch_reads_a_note_changed_in_a_folder_reached_two_ways_by_its_event(
    vault: Path, write: WriteNote, link_in_journal: bool
) -> None:
    # Events name a file by its own path (they never go through a link): one in the folder
    # read under the link's path is read again there, as a fresh read reads it.
    from plainheal.read.incremental import JournalState

    archive_linked(vault, write, link_in_journal=link_in_journal)
    state = JournalState(vault)
    folder = "Archive/2024" if link_in_journal else "Journal/2024"
    write(f"{folder}/2024-03-01.md", entry("2024-05-01", safety=1))  # its date changed
    write(f"{folder}/2024-03-05.md", entry("2024-03-05", safety=2))  # a new one
    (vault / folder / "2024-03-02.md").unlink()
    events = [f"{folder}/2024-03-0{day}.md" for day in (1, 2, 5)]
    assert state.refresh(events) == {f"Journal/2024/2024-03-0{day}.md" for day in (1, 2, 5)}
    assert state.journal() == read_journal(vault)
    assert [e.path for e in state.journal().entries] == [
        "Journal/2024/2024-03-03.md",
        "Journal/2024/2024-03-05.md",
        "Journal/2024-04-01.md",
        "Journal/2024/2024-03-01.md",
    ]
    changed = state.entry(f"{folder}/2024-03-01.md")
    assert changed is not None and str(changed.date) == "2024-05-01"


def test_watch_reads_an_event_under_the_deepest_link_that_claims_its_folder(
    vault: Path, write: WriteNote
) -> None:
    # `Journal/M` claims `Notes/sub` (read first, by name), `Journal/N` the rest of `Notes`:
    # an event in `Notes/sub` names a note of `Journal/M`, not one under `Journal/N/sub`
    # (which the walk skipped), or the note counted twice until the next rescan.
    from plainheal.read.incremental import JournalState

    (vault / "plainheal.toml").write_text('journal = ["Journal"]\n', encoding="utf-8")
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    write("Notes/2026-11-02.md", entry("2026-11-02", safety=3))
    write("Notes/sub/2026-11-03.md", entry("2026-11-03", safety=3))
    os.symlink("../Notes", vault / "Journal" / "N")
    os.symlink("../Notes/sub", vault / "Journal" / "M")
    state = JournalState(vault)
    assert [e.path for e in state.journal().entries] == [
        "Journal/2026-11-01.md",
        "Journal/N/2026-11-02.md",
        "Journal/M/2026-11-03.md",
    ]
    write("Notes/sub/2026-11-03.md", entry("2026-11-03", safety=1))
    write("Notes/sub/2026-11-04.md", entry("2026-11-04", safety=2))
    write("Notes/2026-11-02.md", entry("2026-11-02", safety=5))
    events = ["Notes/sub/2026-11-03.md", "Notes/sub/2026-11-04.md", "Notes/2026-11-02.md"]
    assert state.refresh(events) == {
        "Journal/M/2026-11-03.md",
        "Journal/M/2026-11-04.md",
        "Journal/N/2026-11-02.md",
    }
    assert state.journal() == read_journal(vault)


def test_a_link_to_the_templates_or_summaries_folder_is_not_read_through(
    vault: Path, write: WriteNote
) -> None:
    # Passed over without a word, as the folders themselves are: the template would be an
    # entry with a `{{date}}` error, and a link to the summaries (to see them beside the
    # entries) has nothing for the person to fix, nor should it fail `--strict`.
    write("Journal/2026-11-01.md", entry("2026-11-01", safety=3))
    write("Templates/Daily.md", "---\ndate: {{date}}\nsafety:\n---\n")
    write("Patterns/Overview.md", "# Patterns\n")
    write("Templates/Daily/Entry.md", "---\ndate: {{date}}\nsafety:\n---\n")
    os.symlink(vault / "Templates", vault / "Journal" / "templates")
    os.symlink("../Templates/Daily", vault / "Journal" / "daily")  # a folder inside it
    os.symlink("../Patterns", vault / "Journal" / "patterns")
    journal = read_journal(vault)
    assert [e.path for e in journal.entries] == ["Journal/2026-11-01.md"]
    assert journal.problems == ()
    assert CliRunner().invoke(main, ["check", "--strict", str(vault)]).exit_code == 0
