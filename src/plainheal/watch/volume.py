"""Whether the vault at a path is still the vault being watched (a locked encrypted volume
leaves an empty mount point; a remounted one comes back with a new identity)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from plainheal.write.generated import says_generated

Stat = Callable[[Path], os.stat_result]


@dataclass(frozen=True)
class Volume:
    """What makes a vault the same vault: its folder's identity, the mount it lives on, and
    what it held (plainheal.toml, journal folders, the overview plainheal wrote)."""

    folder: tuple[int, int]  # st_dev, st_ino of the vault folder
    mount_root: Path | None  # the top of the mount holding the vault (None: the root disk)
    anchors: tuple[str, ...]  # vault-relative paths that were there


def _mount_root(vault: Path, stat: Stat) -> Path | None:
    """The top folder of the mount the vault is on, or None if that is the system's root."""
    path = vault
    device = stat(path).st_dev
    while path.parent != path:
        if stat(path.parent).st_dev != device:
            return path
        path = path.parent
    return None


def _is_ours(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096).decode("utf-8", "replace")
    except OSError:
        return False
    return says_generated(head)


def identify(vault: Path, anchors: Iterable[str], stat: Stat = os.stat) -> Volume | None:
    """The vault's identity now, or None if it is not there. `anchors` are the paths worth
    remembering (only those present are)."""
    try:
        info = stat(vault)
        root = _mount_root(vault, stat)
    except OSError:
        return None
    present = []
    for anchor in anchors:
        path = vault / anchor
        if anchor.endswith(".md"):
            if _is_ours(path):
                present.append(anchor)
        elif os.path.lexists(path):
            present.append(anchor)
    return Volume((info.st_dev, info.st_ino), root, tuple(present))


def same_volume(vault: Path, known: Volume, stat: Stat = os.stat) -> bool:
    """True if the vault that is there now is the one that was: the same folder, or the
    same kind of mount mounted again holding what the vault held. The bare mount point a
    locked volume leaves behind is never taken for it, whatever files appear there."""
    try:
        info = stat(vault)
    except OSError:
        return False
    if (info.st_dev, info.st_ino) == known.folder:
        return True
    if known.mount_root is None or not known.anchors:
        return False  # an ordinary folder replaced by another: not ours to write into
    try:
        root = known.mount_root
        mounted = stat(root).st_dev != stat(root.parent).st_dev
        on_it = stat(vault).st_dev == stat(root).st_dev
    except OSError:
        return False
    now = identify(vault, known.anchors, stat)
    return mounted and on_it and now is not None and now.anchors == known.anchors
