"""A folder swapped for a link between the look and the write never sends a file out of the
vault (hostile audit, finding 2): the swap is made at a known moment, not raced."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from plainheal.write.atomic import (
    ABANDONED_AFTER,
    LeftAlone,
    WriteError,
    read_in,
    remove_stale_temporaries,
    temporary_name,
    write_in,
)
from plainheal.write.folder_fd import check_still_there, held, open_folder
from plainheal.write.report_place import ReportRefused, report_target, write_report
from plainheal.write.summaries import PlannedFile, emptied_pages, write_files

PAGE = "Patterns/Weeks/2026-W47.md"


class Outside:
    """A folder outside the vault, and a way to tell that nothing was ever made in it: its
    modification time is set far back, and making or removing a file there moves it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir()
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))

    def untouched(self) -> bool:
        """True if nothing was ever made in it (not even for a moment)."""
        return not list(self.path.iterdir()) and self.path.stat().st_mtime_ns == 1_000_000_000


@pytest.fixture
def outside(tmp_path: Path) -> Outside:
    return Outside(tmp_path / "elsewhere")


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    (vault / "Patterns" / "Weeks").mkdir(parents=True)
    return vault


def _swap_for_link(folder: Path, outside: Outside) -> Path:
    """Move `folder` aside (it stays in the vault) and put a link to `outside` in its place,
    as a sync client or another program renaming folders might at any moment."""
    aside = folder.with_name(folder.name + " (moved)")
    folder.rename(aside)
    folder.symlink_to(outside.path, target_is_directory=True)
    return aside


def _page(content: str) -> PlannedFile:
    return PlannedFile(PAGE, {"plainheal": "generated", "period": "2026-W47"}, content)


def test_a_folder_swapped_for_a_link_while_its_page_is_written_is_named_and_not_followed(
    vault: Path, outside: Outside
) -> None:
    (first,) = write_files(vault, [_page("first\n")])
    assert first.status == "created"
    before = (vault / PAGE).read_bytes()
    swapped: list[Path] = []

    def swap_after_the_look(target: Path) -> bool:
        # `hold` is asked once the page has been read, just before it is written.
        assert target == vault.resolve() / PAGE
        swapped.append(_swap_for_link(vault / "Patterns" / "Weeks", outside))
        return False  # not held: write it now

    (outcome,) = write_files(vault, [_page("second\n")], hold=swap_after_the_look)
    assert outcome.status == "skipped" and outcome.failed
    assert outcome.reason == "Patterns/Weeks is a link; left alone"
    assert outside.untouched()
    (aside,) = swapped
    assert sorted(p.name for p in aside.iterdir()) == ["2026-W47.md"]  # no temporary left
    assert (aside / "2026-W47.md").read_bytes() == before
    # The next run names it again, and still writes nothing there.
    (again,) = write_files(vault, [_page("second\n")])
    assert again.reason == "Patterns/Weeks is a link; left alone" and outside.untouched()


@pytest.mark.parametrize("swapped", ["Patterns", "Patterns/Weeks"])
def test_a_new_file_is_not_written_once_a_folder_on_its_way_became_a_link(
    vault: Path, outside: Outside, swapped: str
) -> None:
    (outside.path / "Weeks").mkdir()  # so a link in place of Patterns leads on to a Weeks
    os.utime(outside.path, ns=(1_000_000_000, 1_000_000_000))
    folder = open_folder(vault, ["Patterns", "Weeks"])  # the look: plain folders
    assert folder is not None
    try:
        aside = _swap_for_link(vault / swapped, outside)
        with pytest.raises(LeftAlone, match=f"^{swapped} is a link; left alone$"):
            write_in(folder, "2026-W48.md", b"a page\n", shown="Patterns/Weeks/2026-W48.md",
                     current=None)  # fmt: skip
    finally:
        folder.close()
    assert list((outside.path / "Weeks").iterdir()) == []
    assert outside.path.stat().st_mtime_ns == 1_000_000_000
    made = [p for p in aside.rglob("*") if p.is_file()]
    assert made == []  # its temporary, made in the folder held open, was removed


def _moved(folder: Path) -> None:
    folder.rename(folder.with_name("Weeks (moved)"))


def _replaced(folder: Path) -> None:
    _moved(folder)
    folder.mkdir()


@pytest.mark.parametrize(
    "change, words", [(_moved, "was moved"), (_replaced, "was replaced")], ids=["moved", "replaced"]
)
def test_a_folder_moved_or_replaced_meanwhile_is_not_written_in(
    vault: Path, change: Callable[[Path], None], words: str
) -> None:
    with held(vault, ["Patterns", "Weeks"]) as folder:
        assert folder is not None
        change(vault / "Patterns" / "Weeks")
        with pytest.raises(WriteError, match=f"^{PAGE}: Patterns/Weeks {words} while it was"):
            write_in(folder, "2026-W47.md", b"x", shown=PAGE, current=None)
    assert [p for p in (vault / "Patterns").rglob("*") if p.is_file()] == []


@pytest.mark.parametrize("descriptors", [True, False], ids=["held open", "by path"])
def test_a_folder_held_open_reads_and_writes_as_the_path_did(
    vault: Path, descriptors: bool
) -> None:
    with held(vault, ["Patterns", "Weeks"], descriptors=descriptors) as folder:
        assert folder is not None and (folder.descriptor is not None) == descriptors
        assert read_in(folder, "2026-W47.md", PAGE) is None
        assert write_in(folder, "2026-W47.md", b"one", shown=PAGE, current=None) == "created"
        page = vault / PAGE
        assert stat.S_IMODE(page.stat().st_mode) == 0o600
        page.chmod(0o640)
        assert read_in(folder, "2026-W47.md", PAGE) == b"one"
        assert write_in(folder, "2026-W47.md", b"two", shown=PAGE, current=b"one") == "updated"
        assert write_in(folder, "2026-W47.md", b"two", shown=PAGE, current=b"two") == "unchanged"
        check_still_there(folder, PAGE)
    assert page.read_bytes() == b"two" and stat.S_IMODE(page.stat().st_mode) == 0o640
    assert sorted(p.name for p in page.parent.iterdir()) == ["2026-W47.md"]


@pytest.mark.parametrize("descriptors", [True, False], ids=["held open", "by path"])
def test_missing_folders_are_made_private_only_when_writing(vault: Path, descriptors: bool) -> None:
    parts = ["Patterns", "Months", "2026"]
    assert open_folder(vault, parts, descriptors=descriptors) is None
    assert not (vault / "Patterns" / "Months").exists()
    with held(
        vault, parts, making_for="Patterns/Months/2026/x.md", descriptors=descriptors
    ) as made:
        assert made is not None
    for depth in (2, 3):
        folder = vault.joinpath(*parts[:depth])
        assert folder.is_dir() and stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_stale_temporaries_are_not_looked_for_through_a_folder_link(
    vault: Path, outside: Outside
) -> None:
    name = temporary_name(outside.path / "2026-W47.md").name
    abandoned = outside.path / name
    abandoned.write_bytes(b"half a page")
    old = abandoned.stat().st_mtime - ABANDONED_AFTER - 60
    os.utime(abandoned, (old, old))
    (vault / "Patterns" / "Weeks").rmdir()
    (vault / "Patterns" / "Weeks").symlink_to(outside.path, target_is_directory=True)
    assert remove_stale_temporaries(vault) == []
    assert abandoned.exists()
    in_vault = vault / "Patterns" / name
    abandoned.rename(in_vault)
    assert remove_stale_temporaries(vault) == [in_vault] and not in_vault.exists()


def test_earlier_pages_are_looked_for_only_in_the_folder_itself(
    vault: Path, outside: Outside
) -> None:
    generated = "---\nplainheal: generated\nperiod: 2026-W01\n---\n"
    (outside.path / "2026-W01.md").write_text(generated)
    months = vault / "Patterns" / "Months"
    months.mkdir()
    (months / "2026-01.md").write_text(generated.replace("W01", "01"))
    os.mkfifo(months / "2026-02.md")  # never waited on
    (vault / "Patterns" / "Weeks").rmdir()
    (vault / "Patterns" / "Weeks").symlink_to(outside.path, target_is_directory=True)
    found = emptied_pages(vault, "Patterns", [])
    assert [page.path for page in found] == ["Patterns/Months/2026-01.md"]


@pytest.mark.parametrize("link_for", [1, 3], ids=["swapped back", "swapping still"])
def test_a_folder_seen_as_a_link_and_then_as_a_folder_is_looked_at_again(
    vault: Path, monkeypatch: pytest.MonkeyPatch, link_for: int
) -> None:
    # The open says "not a folder" (it was a link at that moment); the look after it finds a
    # folder again: the race swapping it back and forth, which the audit's script runs.
    real_open = os.open
    seen: list[str] = []

    def a_link_at_first(path: str, flags: int, *args: int, **at: int) -> int:
        if path == "Weeks" and seen.count(path) < link_for:
            seen.append(path)
            raise NotADirectoryError(20, "Not a directory")
        return real_open(path, flags, *args, **at)

    monkeypatch.setattr(os, "open", a_link_at_first)
    if link_for < 3:
        with held(vault, ["Patterns", "Weeks"]) as folder:
            assert folder is not None
    else:
        with pytest.raises(LeftAlone, match=r"^Patterns/Weeks kept changing while it was looked"):
            open_folder(vault, ["Patterns", "Weeks"])


def test_a_report_is_not_written_through_a_folder_that_became_a_link_after_the_check(
    vault: Path, outside: Outside
) -> None:
    # The report takes seconds to make: between `report_target` and the write, a folder on
    # the way (here the vault's own `Reports`) turns into a link out of the vault.
    reports = vault / "Reports"
    reports.mkdir()
    place = report_target(vault, reports / "report.md", "Patterns")
    assert place.in_vault and place.path == vault.resolve() / "Reports" / "report.md"
    aside = _swap_for_link(reports, outside)
    with pytest.raises(ReportRefused, match="Reports is a link; left alone"):
        write_report(place, "---\nplainheal: export\n---\n# Report\n", "Reports/report.md")
    assert outside.untouched()
    assert not list(aside.iterdir())


def test_a_report_folder_to_be_made_is_not_made_through_a_link(
    vault: Path, outside: Outside
) -> None:
    # `Reports/2026/` is to be made for the report; meanwhile `Reports` became a link.
    place = report_target(vault, vault / "Reports" / "2026" / "report.md", "Patterns")
    assert place.new_folders == ("Reports", "2026")
    (vault / "Reports").symlink_to(outside.path, target_is_directory=True)
    with pytest.raises(ReportRefused, match="Reports is a link; left alone"):
        write_report(place, "# Report\n", "Reports/2026/report.md")
    assert outside.untouched()


def test_a_report_whose_folder_was_moved_away_is_not_written(vault: Path) -> None:
    reports = vault / "Reports"
    reports.mkdir()
    place = report_target(vault, reports / "report.md", "Patterns")
    reports.rename(vault / "Elsewhere")
    with pytest.raises(ReportRefused, match="was moved; not written"):
        write_report(place, "# Report\n", "Reports/report.md")
    assert not list((vault / "Elsewhere").iterdir())


def test_a_report_is_written_in_its_folder_held_open_and_abandoned_temporaries_go(
    vault: Path,
) -> None:
    reports = vault / "Reports"
    reports.mkdir()
    target = reports / "report.md"
    stale = temporary_name(target)
    stale.write_bytes(b"half a report")
    old = stale.stat().st_mtime - ABANDONED_AFTER - 60
    os.utime(stale, (old, old))
    place = report_target(vault, target, "Patterns")
    assert write_report(place, "# Report\n", "Reports/report.md") == "created"
    assert target.read_text() == "# Report\n" and not stale.exists()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize("inside", [True, False])
def test_a_report_opens_no_folder_above_the_vault_or_its_chosen_folder(
    vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inside: bool
) -> None:
    # A folder above that can be passed through but not read (a shared /home, mode 0711)
    # must not stop the report: the folders are opened from the vault down (inside it) or
    # from the folder the person chose (outside it), never from `/` down.
    target = vault / "Reports" / "r.md" if inside else tmp_path / "out" / "r.md"
    if not inside:
        target.parent.mkdir()
    place = report_target(vault, target, "Patterns")
    opened: list[str] = []
    real_open = os.open

    def spy(path: str | Path, flags: int, *args: Any, **kwargs: Any) -> int:
        if kwargs.get("dir_fd") is None and flags & os.O_DIRECTORY:
            opened.append(os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    assert write_report(place, "# Report\n", str(target)) == "created"
    monkeypatch.undo()
    assert set(opened) == {str(vault.resolve() if inside else target.parent.resolve())}
    assert target.read_text() == "# Report\n"


def test_a_report_is_not_written_through_a_vault_swapped_for_a_link(
    vault: Path, outside: Outside
) -> None:
    # The vault itself (not a folder below it) turns into a link between the look and the
    # write: opened as the person named it, it must still be the folder looked at (review 4).
    (vault / "Reports").mkdir()
    place = report_target(vault, vault / "Reports" / "r.md", "Patterns")
    (outside.path / "Reports").mkdir()
    aside = vault.with_name("vault (moved)")
    vault.rename(aside)
    vault.symlink_to(outside.path, target_is_directory=True)
    with pytest.raises(ReportRefused, match="was replaced since it was looked at; left alone"):
        write_report(place, "# Report\n", "Reports/r.md")
    assert not list((outside.path / "Reports").iterdir())
    assert not list((aside / "Reports").iterdir())


@pytest.mark.parametrize("descriptors", [True, False], ids=["held open", "by path"])
def test_a_root_that_is_no_longer_the_folder_looked_at_is_left_alone(
    vault: Path, outside: Outside, descriptors: bool
) -> None:
    info = vault.stat()
    expect = (info.st_dev, info.st_ino)
    with held(vault, ["Patterns"], descriptors=descriptors, expect=expect) as folder:
        assert folder is not None  # the same folder: opened
    vault.rename(vault.with_name("moved"))
    vault.symlink_to(outside.path, target_is_directory=True)
    with pytest.raises(LeftAlone, match="vault was replaced since it was looked at"):
        open_folder(vault, ["Patterns"], descriptors=descriptors, expect=expect)


def test_a_report_is_not_written_through_a_chosen_folder_swapped_for_a_link(
    vault: Path, outside: Outside, tmp_path: Path
) -> None:
    # Outside the vault, the folder the person chose is opened as named, but it must still
    # be the folder that was looked at (review 5, R5).
    chosen = tmp_path / "reports"
    chosen.mkdir()
    place = report_target(vault, chosen / "r.md", "Patterns")
    chosen.rename(tmp_path / "reports (moved)")
    chosen.symlink_to(outside.path, target_is_directory=True)
    with pytest.raises(ReportRefused, match="was replaced since it was looked at"):
        write_report(place, "# Report\n", str(chosen / "r.md"))
    assert outside.untouched()


def test_folders_to_make_are_not_made_in_a_vault_swapped_for_a_link(
    vault: Path, outside: Outside
) -> None:
    place = report_target(vault, vault / "Reports" / "2026" / "r.md", "Patterns")
    assert place.new_folders == ("Reports", "2026")
    vault.rename(vault.with_name("vault (moved)"))
    vault.symlink_to(outside.path, target_is_directory=True)
    with pytest.raises(ReportRefused, match="was replaced since it was looked at"):
        write_report(place, "# Report\n", "Reports/2026/r.md")
    assert outside.untouched()
