"""Whether the watched vault is there: the same folder, not the empty mount point a locked
encrypted volume leaves behind, and, once gone, whether what came back is the same vault."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from plainheal.watch.volume import identify, same_volume


class Presence:
    """What the watch knows of its vault's folder and volume."""

    def __init__(self, vault: Path, say: Callable[[str], None]) -> None:
        self.vault = vault
        self.say = say
        self.volume = identify(vault, ())
        self.stranger_said = False  # something else is at the vault's path; said once

    def identity(self) -> tuple[int, int] | None:
        """The vault folder's device and inode, or None if nothing is there."""
        try:
            info = os.stat(self.vault)
        except OSError:
            return None
        return info.st_dev, info.st_ino

    def has_files(self) -> bool:
        """True if the folder holds anything (a bare mount point holds nothing)."""
        try:
            with os.scandir(self.vault) as entries:
                return any(True for _ in entries)
        except OSError:
            return False

    def remember(self, anchors: Iterable[str]) -> None:
        """Note what the vault holds now, if it is still the folder the watch knows (it may
        have gone away this very moment: then the folder there now is not ours)."""
        now = identify(self.vault, anchors)
        if now is not None and self.volume is not None and now.folder == self.volume.folder:
            self.volume = now

    def present(self) -> bool:
        """The same folder is there and not an empty mount point (a locked encrypted volume)."""
        known = self.volume.folder if self.volume else None
        return self.identity() == known and self.has_files()

    def same_back(self) -> bool:
        """The vault's own volume is back (never the bare mount point it left behind)."""
        if self.identity() is None or not self.has_files():
            return False
        if self.volume is not None and same_volume(self.vault, self.volume):
            return True
        if not self.stranger_said:
            self.stranger_said = True
            self.say(
                f"Something is at {self.vault} again, but it is not the same vault (another "
                "folder, or the empty mount point of a locked volume): nothing is written "
                "there. Still waiting; restart the watch if the vault has really moved."
            )
        return False

    def came_back(self) -> None:
        """The same vault is back (remounted, perhaps): know it by its folder of now."""
        if self.volume is not None:
            self.volume = identify(self.vault, self.volume.anchors) or self.volume
        self.stranger_said = False
