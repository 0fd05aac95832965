"""The file-event source of the watch, on its own: what it reports, and through what."""

from __future__ import annotations

import os
import queue
import time
from pathlib import Path

import pytest

from plainheal.watch.observer import Outside, start_observer


def _until(seen: queue.Queue[str], wanted: Path) -> list[str]:
    """Every path reported, up to and including `wanted` (within a deadline)."""
    paths = []
    deadline = time.monotonic() + 30
    while str(wanted) not in paths:
        paths.append(seen.get(timeout=max(0.1, deadline - time.monotonic())))
    return paths


def test_polling_never_looks_through_a_folder_link(tmp_path: Path) -> None:
    # A journal folder with a link to a folder outside the vault, and one back up to the
    # folder that holds the vault (a link to `/` is the same, with the whole disk to walk):
    # polling followed both, at every poll. It looks at the vault as native events do.
    vault, outside = tmp_path / "vault", tmp_path / "outside"
    (vault / "Journal").mkdir(parents=True)
    outside.mkdir()
    (vault / "Journal" / "elsewhere").symlink_to(outside, target_is_directory=True)
    (vault / "Journal" / "up").symlink_to(tmp_path, target_is_directory=True)
    seen: queue.Queue[str] = queue.Queue()
    observer, message = start_observer(
        vault, vault, lambda path, _folder, _kind: seen.put(path), poll=True, poll_interval=0.05
    )
    try:
        assert "checked every 0.05 s" in message
        (outside / "2026-11-01.md").write_text("x", encoding="utf-8")
        first = vault / "Journal" / "2026-11-02.md"
        first.write_text("x", encoding="utf-8")  # seen at the same poll as the one outside
        paths = _until(seen, first)
        # Seen at a later poll: whatever the first poll reported has been handed on by now.
        second = vault / "Journal" / "2026-11-03.md"
        second.write_text("x", encoding="utf-8")
        paths += _until(seen, second)
    finally:
        observer.stop()
        observer.join(timeout=30)
    assert not [p for p in paths if "elsewhere" in p or "/up/" in p], paths


@pytest.mark.parametrize("poll", [False, True], ids=["native", "polling"])
def test_a_folder_outside_the_vault_is_reported_under_its_link(tmp_path: Path, poll: bool) -> None:
    # `vault/Journal -> outside/Journal`: its real folder watched on its own, each path named
    # as the vault reads it, under the link (never by its own path outside the vault).
    vault, outside = tmp_path / "vault", tmp_path / "outside" / "Journal"
    vault.mkdir()
    outside.mkdir(parents=True)
    (vault / "Journal").symlink_to(outside, target_is_directory=True)
    root = vault.resolve()
    seen: queue.Queue[str] = queue.Queue()

    def notice(path: str, _folder: bool, _kind: str) -> None:
        seen.put(path)

    observer, _message = start_observer(root, vault, notice, poll=poll, poll_interval=0.05)
    try:
        watches = Outside(root, notice)
        assert watches.update(observer, {os.path.realpath(outside): "Journal"})
        assert not watches.update(observer, {os.path.realpath(outside): "Journal"})  # kept
        (outside / "2026-11-02.md").write_text("x", encoding="utf-8")
        paths = _until(seen, root / "Journal" / "2026-11-02.md")
        assert not [p for p in paths if p.startswith(str(tmp_path / "outside"))], paths
        # No longer linked: no longer watched, nothing reported from there.
        assert not watches.update(observer, {})
        (outside / "2026-11-03.md").write_text("x", encoding="utf-8")
        inside = root / "2026-11-04.md"
        inside.write_text("x", encoding="utf-8")
        paths = _until(seen, inside)
        assert "2026-11-03" not in " ".join(paths), paths
    finally:
        observer.stop()
        observer.join(timeout=30)


def test_the_most_specific_linked_folder_names_the_path(tmp_path: Path) -> None:
    watches = Outside(tmp_path / "vault", lambda _path, _folder, _kind: None)
    watches.links = {"/home/a/J": "Journal", "/home/a/J/old": "Archive/Old"}
    assert watches.in_vault("/home/a/J/2026-11-02.md") == f"{tmp_path}/vault/Journal/2026-11-02.md"
    assert watches.in_vault("/home/a/J/old/x.md") == f"{tmp_path}/vault/Archive/Old/x.md"
    assert watches.in_vault("/home/a/J") == f"{tmp_path}/vault/Journal"
    assert watches.in_vault("/home/a/Jam/x.md") is None  # a name that only begins the same


@pytest.mark.parametrize("poll", [False, True], ids=["native", "polling"])
def test_a_linked_folder_replaced_at_its_path_is_watched_again(tmp_path: Path, poll: bool) -> None:
    # A sync client moves the folder aside and puts a new one at its path: a native watch
    # stays with the folder it began on, so the new one is watched at the next update.
    vault, outside = tmp_path / "vault", tmp_path / "outside" / "Journal"
    vault.mkdir()
    outside.mkdir(parents=True)
    root = vault.resolve()
    real = os.path.realpath(outside)
    seen: queue.Queue[str] = queue.Queue()

    def notice(path: str, _folder: bool, _kind: str) -> None:
        seen.put(path)

    observer, _message = start_observer(root, vault, notice, poll=poll, poll_interval=0.05)
    try:
        watches = Outside(root, notice)
        assert watches.update(observer, {real: "Journal"})
        outside.rename(outside.with_name("Journal.old"))
        outside.mkdir()
        assert watches.update(observer, {real: "Journal"})  # another folder: watched anew
        assert not watches.update(observer, {real: "Journal"})
        (outside / "2026-11-02.md").write_text("x", encoding="utf-8")
        _until(seen, root / "Journal" / "2026-11-02.md")
    finally:
        observer.stop()
        observer.join(timeout=30)


def test_native_events_leave_out_folders_being_listed(tmp_path: Path) -> None:
    # Asked for every event, inotify reported each folder opened and closed: a vault (or a
    # linked folder) of thousands of folders overflowed its queue, and watchdog's catching up
    # listed them all again, which overflowed it again (a core busy for good, saves lost).
    from watchdog.observers.inotify_c import InotifyConstants

    observer, _ = start_observer(tmp_path, tmp_path, lambda *_: None, poll=False, poll_interval=1)
    try:
        masks = [emitter.get_event_mask_from_filter() for emitter in observer.emitters]
    finally:
        observer.stop()
        observer.join(timeout=30)
    assert masks
    for mask in masks:
        assert mask & InotifyConstants.IN_CREATE and mask & InotifyConstants.IN_MOVED_TO
        assert mask & InotifyConstants.IN_CLOSE_WRITE and mask & InotifyConstants.IN_DELETE
        assert not mask & (InotifyConstants.IN_OPEN | InotifyConstants.IN_CLOSE_NOWRITE)
