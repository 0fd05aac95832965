"""The file-event source of the watch, on its own: what it reports, and through what."""

from __future__ import annotations

import queue
import time
from pathlib import Path

from plainheal.watch.observer import start_observer


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
