"""The file-event source of the watch: native events, or polling where they do not arrive."""

from __future__ import annotations

import contextlib
import os
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

from plainheal.watch.mounts import MOUNTS, needs_polling

# watchdog (7.1 and before) watches a folder twice when `mkdir -p` makes it and its parent
# at once (it walks the new parent, then reads the child's own creation), and warns from
# its event thread, naming the vault's paths. The second watch replaces the first with the
# same callback: nothing is lost, so the warning is noise (and, where warnings are errors,
# it would end the thread and the watch with it).
_DOUBLE_WATCH = r"Callback with id .* already exists for watch"


class Observe(Protocol):
    """Starts the file-event source (`start_observer`'s signature). The observer it returns
    has watchdog's `schedule` and `unschedule`, for the folders `Outside` watches."""

    def __call__(
        self,
        root: Path,
        vault: Path,
        notice: Callable[[str, bool, str], None],
        *,
        poll: bool,
        poll_interval: float,
    ) -> tuple[Any, str]: ...


def polling_reason(vault: Path) -> str | None:
    """The file system type, if the vault is on a mount that native events do not reach."""
    try:
        with open(MOUNTS, encoding="utf-8") as handle:
            return needs_polling(handle.read(), str(vault.resolve()))
    except OSError:
        return None


def start_observer(
    root: Path,
    vault: Path,
    notice: Callable[[str, bool, str], None],
    *,
    poll: bool,
    poll_interval: float,
) -> tuple[Any, str]:
    """A started observer calling `notice(path, is_directory, kind)` for every path an event
    names (polling every `poll_interval` seconds if `poll`, or where events do not arrive),
    and the message saying how the vault is watched."""
    warnings.filterwarnings(
        "ignore", _DOUBLE_WATCH, RuntimeWarning, module=r"watchdog\.observers\."
    )
    reason = None if poll else polling_reason(vault)
    if poll or reason:
        from watchdog.observers.polling import PollingObserverVFS

        # Looked at without following links, as native events are: a folder link to `/`
        # (or back up to the vault) would have the snapshot walk the whole disk, or a loop
        # until paths grow too long, at every poll. A journal kept elsewhere through a link
        # is watched on its own, in both modes, where the folder walk read it (`Outside`).
        observer: Any = PollingObserverVFS(
            stat=os.lstat, listdir=os.scandir, polling_interval=poll_interval
        )
        how = (
            f"it is on a {reason} mount, where file events do not arrive, so"
            if reason
            else "as asked,"
        )
        message = f"Watching {root}: {how} it is checked every {poll_interval:g} s. Ctrl-C stops."
    else:
        from watchdog.observers import Observer

        observer = Observer()
        message = f"Watching {root} for changes. Ctrl-C stops."
    observer.schedule(_handler(notice), str(root), recursive=True, event_filter=_wanted())
    observer.daemon = True
    # start() sets up the inotify watches (or the first polling snapshot) before it
    # returns: from here on, no change goes unseen.
    observer.start()
    return observer, message


def _wanted() -> list[Any]:
    """The events the watch uses: files and folders made, removed or moved, and files
    written. Not a file or folder opened or read (nor a folder "modified", which only says a
    file in it changed): asked for, inotify reported every folder listed, and on a vault or
    linked folder of thousands of folders its queue overflowed; watchdog then listed them all
    again to catch up, which overflowed it again, a whole core busy for good and saves lost."""
    from watchdog import events

    return [
        events.DirCreatedEvent,
        events.DirDeletedEvent,
        events.DirMovedEvent,
        events.FileClosedEvent,
        events.FileCreatedEvent,
        events.FileDeletedEvent,
        events.FileModifiedEvent,
        events.FileMovedEvent,
    ]


def _handler(notice: Callable[[str, bool, str], None]) -> Any:
    """A watchdog event handler calling `notice(path, is_directory, kind)` for every path an
    event names."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in ("opened", "closed_no_write"):
                return
            for path in (event.src_path, getattr(event, "dest_path", "")):
                if path:
                    notice(os.fsdecode(path), event.is_directory, event.event_type)

    return Handler()


class Outside:
    """Watches on the real folders outside the vault that the folder walk reads through
    links (a journal kept elsewhere and linked in): neither native events nor polling look
    through a link. Each path an event there names is turned back into the path under the
    link, `root / link / rest`, as the walk reads it, and handed to `notice`."""

    def __init__(self, root: Path, notice: Callable[[str, bool, str], None]) -> None:
        self.root = root
        self.notice = notice
        self.links: dict[str, str] = {}  # real folder -> the link's path in the vault
        # real folder -> what was there (device, inode) when its watch began, and the watch
        self.watches: dict[str, tuple[tuple[int, int], Any]] = {}
        self.handler = _handler(self._notice)

    def update(self, observer: Any, links: Mapping[str, str]) -> bool:
        """Watch exactly these real folders (real folder -> link's path in the vault), through
        `observer` (running); True if a folder not watched before is watched now."""
        # Replaced whole, never changed in place: the observer's threads read it meanwhile.
        self.links = dict(links)
        for real, (identity, watch) in sorted(self.watches.items()):
            # Unlinked, or another folder at its path (a sync client replaced it): a native
            # watch stays with the folder it began on, wherever that went.
            if real not in links or _identity(real) != identity:
                with contextlib.suppress(KeyError, OSError):
                    observer.unschedule(watch)
                del self.watches[real]
        added = False
        for real in sorted(set(links) - set(self.watches)):
            found = _identity(real)
            if found is None:
                continue  # gone since it was listed: the next listing looks again
            try:
                watch = observer.schedule(
                    self.handler, real, recursive=True, event_filter=_wanted()
                )
            except OSError:
                continue  # the same
            self.watches[real] = (found, watch)
            added = True
        return added

    def in_vault(self, path: str) -> str | None:
        """`path` (under a watched real folder) as the vault reads it, or None."""
        links = self.links
        best = None
        for real in links:
            if (path == real or path.startswith(f"{real}/")) and (
                best is None or len(real) > len(best)
            ):
                best = real
        if best is None:
            return None
        return str(self.root / links[best]) + path[len(best) :]

    def _notice(self, path: str, is_directory: bool, kind: str) -> None:
        inside = self.in_vault(path)
        if inside is not None:
            self.notice(inside, is_directory, kind)


def _identity(folder: str) -> tuple[int, int] | None:
    """A folder's device and inode, or None if it cannot be looked at."""
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return info.st_dev, info.st_ino
