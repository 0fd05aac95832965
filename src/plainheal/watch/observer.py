"""The file-event source of the watch: native events, or polling where they do not arrive."""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from plainheal.watch.mounts import MOUNTS, needs_polling

# watchdog (7.1 and before) watches a folder twice when `mkdir -p` makes it and its parent
# at once (it walks the new parent, then reads the child's own creation), and warns from
# its event thread, naming the vault's paths. The second watch replaces the first with the
# same callback: nothing is lost, so the warning is noise (and, where warnings are errors,
# it would end the thread and the watch with it).
_DOUBLE_WATCH = r"Callback with id .* already exists for watch"


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
    from watchdog.events import FileSystemEvent, FileSystemEventHandler

    warnings.filterwarnings(
        "ignore", _DOUBLE_WATCH, RuntimeWarning, module=r"watchdog\.observers\."
    )

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in ("opened", "closed_no_write"):
                return
            for path in (event.src_path, getattr(event, "dest_path", "")):
                if path:
                    notice(os.fsdecode(path), event.is_directory, event.event_type)

    reason = None if poll else polling_reason(vault)
    if poll or reason:
        from watchdog.observers.polling import PollingObserverVFS

        # Looked at without following links, as native events are: a folder link to `/`
        # (or back up to the vault) would have the snapshot walk the whole disk, or a loop
        # until paths grow too long, at every poll. A journal kept elsewhere through a link
        # is seen at the periodic rescan, in both modes.
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
    observer.schedule(Handler(), str(root), recursive=True)
    observer.daemon = True
    # start() sets up the inotify watches (or the first polling snapshot) before it
    # returns: from here on, no change goes unseen.
    observer.start()
    return observer, message
