"""`plainheal watch`: keep the summaries current while an editor and a sync client work.

A thin loop: file events (or polling) → changed paths → debounce → re-read only those
paths → analyze → write only the summaries whose bytes change. Every event is treated as
"look at these paths again", because editors save by rename, sync clients move files in,
and files vanish while being read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plainheal.analyze.periods import affected_periods
from plainheal.entry import printable
from plainheal.read.config import CONFIG_NAME
from plainheal.read.incremental import JournalState
from plainheal.read.layout import is_skipped_folder
from plainheal.read.vault import DATE_SETTINGS, VaultError
from plainheal.summarize import analyze_journal, plan
from plainheal.watch.debounce import Debouncer
from plainheal.watch.observer import start_observer
from plainheal.watch.schedule import Schedule
from plainheal.watch.volume import identify, same_volume
from plainheal.write.atomic import TEMPORARY_MARK, WriteError
from plainheal.write.summaries import (
    HELD,
    FileOutcome,
    clear_temporaries,
    emptied_pages,
    write_files,
)

RELOAD = "\x00reload"  # the config changed: read everything again
RESCAN = "\x00rescan"  # a folder changed: list the vault again
WAKE = "\x00wake"  # stop was asked for: look now, not at the next tick


@dataclass(frozen=True)
class WatchOptions:
    """How to watch."""

    poll: bool = False
    debounce: float = 1.0  # seconds of quiet before regenerating
    ceiling: float = 10.0  # at most this long after the first change
    poll_interval: float = 5.0  # with polling, how often the vault is looked at
    rescan_every: float = 300.0  # a full look at the vault, for anything events missed
    unavailable_retry: float = 2.0  # how often to look for a vault that went away
    write_retry: float = 30.0  # after a failed write (disk full), try again this often


class Watcher:
    """The watch loop; `run` returns when `stop` is set."""

    def __init__(
        self,
        vault: Path,
        options: WatchOptions,
        say: Callable[[str], None],
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.vault = vault
        self.root = vault.resolve()
        self.options = options
        self.say = say
        self.clock = clock
        self.wall = wall
        self.events: queue.Queue[str] = queue.Queue()
        self.debouncer = Debouncer(options.debounce, options.ceiling, clock)
        self.written: dict[Path, int] = {}  # summaries we wrote, with their mtime
        self.state: JournalState | None = None
        self.observer: Any = None
        self.available = True
        self.volume = identify(vault, ())
        self.stranger_said = False  # something else is at the vault's path; said once
        self.config_problem: str | None = None  # plainheal.toml is invalid: wait for a fix
        self.write_problem: str | None = None  # writing failed: said once, tried again later
        self.failures: set[tuple[str, str]] = set()  # files skipped as failed, said once
        self.schedule = Schedule(options.rescan_every, options.unavailable_retry)

    # -- events -------------------------------------------------------------------------

    def relative(self, path: str) -> str | None:
        """A changed path as the vault knows it, or None if it is not ours to look at."""
        try:
            relative = Path(os.path.relpath(path, self.root)).as_posix()
        except ValueError:
            return None
        if relative.startswith("..") or relative == ".":
            return None
        if TEMPORARY_MARK in relative:
            return None
        if relative in DATE_SETTINGS:
            return relative  # hidden, but it decides how file names give dates
        config = self.state.config if self.state else None
        if config is not None and is_skipped_folder(relative, config):
            return None  # hidden, the summaries (our own writes), or the templates
        return relative

    def notice(self, path: str, is_directory: bool, kind: str = "modified") -> None:
        """Called from the observer's thread for every path an event names."""
        relative = self.relative(path)
        if relative is None:
            return
        if relative == CONFIG_NAME or relative in DATE_SETTINGS:
            self.events.put(RELOAD)
        elif is_directory:
            # A folder appearing, going or moving may carry many notes; a folder merely
            # "modified" only means a file in it changed, and that file has its own event.
            hidden = any(part.startswith(".") for part in relative.split("/"))
            if kind != "modified" and not hidden:
                self.events.put(RESCAN)
        elif relative.lower().endswith(".md"):
            self.events.put(relative)

    def _start_observer(self) -> None:
        self.observer, message = start_observer(
            self.root,
            self.vault,
            self.notice,
            poll=self.options.poll,
            poll_interval=self.options.poll_interval,
        )
        self.say(message)

    def _stop_observer(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=5)
            self.observer = None

    # -- the vault coming and going ----------------------------------------------------------

    def _identity(self) -> tuple[int, int] | None:
        try:
            info = os.stat(self.vault)
        except OSError:
            return None
        return info.st_dev, info.st_ino

    def _anchors(self) -> list[str]:
        """What a vault holds that tells it apart from a bare mount point."""
        config = self.state.config if self.state else None
        output = config.output if config else "Patterns"
        return [CONFIG_NAME, *(config.journal if config else ()), f"{output}/Overview.md"]

    def _remember_volume(self) -> None:
        """Note what the vault holds now, if it is still the folder the watch knows (it may
        have gone away this very moment: then the folder there now is not ours)."""
        now = identify(self.vault, self._anchors())
        if now is not None and self.volume is not None and now.folder == self.volume.folder:
            self.volume = now

    def _vault_present(self) -> bool:
        """The same folder is there and not an empty mount point (a locked encrypted volume)."""
        known = self.volume.folder if self.volume else None
        return self._identity() == known and self._has_files()

    def _same_volume_back(self) -> bool:
        """The vault's own volume is back (never the bare mount point it left behind)."""
        if self._identity() is None or not self._has_files():
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

    def _has_files(self) -> bool:
        try:
            with os.scandir(self.vault) as entries:
                return any(True for _ in entries)
        except OSError:
            return False

    def _went_away(self) -> None:
        if self.available:
            self.say(
                f"{self.vault} is not available (locked or unmounted?). Nothing is written; "
                "waiting for it to come back."
            )
        self.available = False
        self._stop_observer()

    def _came_back(self) -> None:
        self.say(f"{self.vault} is back; reading it again.")
        if self.volume is not None:  # just recognised as the same vault (remounted, perhaps)
            self.volume = identify(self.vault, self.volume.anchors) or self.volume
        self.available = True
        self.stranger_said = False
        self.state = None
        self.debouncer.take()
        self._begin()

    # -- regenerating --------------------------------------------------------------------

    def hold(self, target: Path) -> bool:
        """Leave a summary alone that someone edited moments ago (they may be typing)."""
        try:
            mtime = target.stat().st_mtime_ns
        except OSError:
            return False
        if self.written.get(target) == mtime:
            return False
        return self.wall() - mtime / 1e9 < self.grace()

    def grace(self) -> float:
        """Seconds a summary edited by hand is left alone."""
        assert self.state is not None
        return self.state.config.thresholds.modified_grace_seconds

    def regenerate(self, changed_paths: set[str], *, full: bool, why: str) -> None:
        """Re-read what changed and rewrite the summaries that change."""
        assert self.state is not None
        started = self.clock()
        if full:
            only = None
        else:
            dates: set[dt.date] = set()
            for path in changed_paths:
                entry = self.state.entry(path)
                if entry is not None and entry.date is not None:
                    dates.add(entry.date)
            changed = self.state.refresh(changed_paths)
            if not changed:
                return
            self._tell_problems(changed)
            for path in changed:
                entry = self.state.entry(path)
                if entry is not None and entry.date is not None:
                    dates.add(entry.date)
            only = affected_periods(dates)
        journal = self.state.journal()
        analysis = analyze_journal(journal)
        output = journal.config.output
        files = plan(analysis, output, only)
        files += emptied_pages(self.vault, output, files, only)
        try:
            outcomes = write_files(self.vault, files, hold=self.hold)
        except (WriteError, OSError) as error:
            self._write_failed(str(error) if isinstance(error, WriteError) else error.strerror)
            return
        if self.write_problem is not None:
            self.write_problem = None
            self.say("Writing works again.")
        self._remember(outcomes)
        self._report(outcomes, why, self.clock() - started)

    def _tell_problems(self, paths: set[str]) -> None:
        """A file saved with a problem (a YAML slip, a typo) is named at once, as `check`
        would name it: while watching, the terminal is where the person looks."""
        assert self.state is not None
        for path in sorted(paths):
            for problem in self.state.problems_of(path):
                where = f"line {problem.line}: " if problem.line else ""
                self.say(
                    printable(
                        f"  {problem.severity}: {path}: {where}{problem.message} [{problem.code}]"
                    )
                )

    def _write_failed(self, message: str | None) -> None:
        """Say once that nothing could be written; try again in a while (a full disk may be
        cleared, a read-only volume remounted)."""
        message = message or "could not write"
        if message != self.write_problem:
            self.say(
                f"Could not write the summaries: {message}. Watching on; "
                f"trying again every {self.options.write_retry:g} s and after each change."
            )
        self.write_problem = message
        self.schedule.retry(self.clock() + self.options.write_retry)

    def _remember(self, outcomes: tuple[FileOutcome, ...]) -> None:
        for outcome in outcomes:
            target = self.root / outcome.path
            if outcome.status in ("created", "updated"):
                with contextlib.suppress(OSError):
                    self.written[target] = target.stat().st_mtime_ns
            elif outcome.reason == HELD:
                self.schedule.retry(self.clock() + self.grace())

    def _report(self, outcomes: tuple[FileOutcome, ...], why: str, seconds: float) -> None:
        failures = {(o.path, o.reason) for o in outcomes if o.failed}
        for path, reason in sorted(failures - self.failures):
            self.say(f"  skipped  {path} ({reason})")
        touched = {o.path for o in outcomes}
        self.failures = {f for f in self.failures if f[0] not in touched} | failures
        counts: dict[str, int] = {}
        for outcome in outcomes:
            status = outcome.status
            if outcome.reason == HELD:
                status = "held while you edit it"
            counts[status] = counts.get(status, 0) + 1
        done = ", ".join(f"{n} {status}" for status, n in counts.items() if status != "unchanged")
        stamp = time.strftime("%H:%M:%S")
        self.say(f"{stamp}  {why}: {done or 'no summary changed'} ({seconds:.2f} s)")

    # -- the loop ------------------------------------------------------------------------

    def _config_broken(self, message: str) -> None:
        """Say once that the config is invalid; nothing is written until it is valid."""
        if message != self.config_problem:
            self.say(f"{message}. Nothing is written until it is fixed; waiting for a good one.")
        self.config_problem = message

    def _begin(self) -> None:
        try:
            self.state = JournalState(self.vault)
        except VaultError as error:
            self.state = None
            if self.observer is None:
                self._start_observer()  # first, so that no fix made from now on goes unseen
            self._config_broken(str(error))
            return
        if self.config_problem is not None:
            self.config_problem = None
            self.say(f"{CONFIG_NAME} is valid again.")
        clear_temporaries(self.vault)
        if self.observer is None:
            self._start_observer()
        self.state.rescan()  # anything saved while the watch was being set up
        self.regenerate(set(), full=True, why=f"{self.state.note_count} notes read")
        self._remember_volume()
        # The notes read so far live as long as the watch: keep the garbage collector from
        # walking through all of them again and again (a pause on every save otherwise).
        gc.collect()
        gc.freeze()
        self.schedule.started(self.clock())

    def _drain(self, timeout: float) -> None:
        try:
            item = self.events.get(timeout=max(0.0, timeout))
        except queue.Empty:
            return
        items = [item]
        while True:
            try:
                items.append(self.events.get_nowait())
            except queue.Empty:
                break
        self.debouncer.add(item for item in items if item != WAKE)

    def _reload(self) -> None:
        """`plainheal.toml` changed: read everything again with it, if it is valid."""
        if self.state is None or self.config_problem is not None:
            self._begin()  # the config was broken: start afresh once it is good
            return
        try:
            self.state.reload()
        except VaultError as error:
            self._config_broken(str(error))
            return
        self.regenerate(set(), full=True, why="the settings changed")
        self._remember_volume()

    def _step(self) -> None:
        """One turn of the loop: wait a little for events, then act on what is due."""
        if not self.available:
            self._drain(self.options.unavailable_retry)
            self.debouncer.take()
            if self._same_volume_back():
                self._came_back()
            return
        if self.config_problem is not None:
            self._drain(self.options.unavailable_retry)
            if RELOAD in self.debouncer.take():
                self._reload()
            elif not self._vault_present():
                self._went_away()
            return
        now = self.clock()
        self._drain(self.schedule.wake_at(now, self.debouncer.deadline()) - now)
        if self.debouncer.due():
            paths = self.debouncer.take()
            if not self._vault_present():
                self._went_away()
                return
            if RELOAD in paths:
                self._reload()
                return
            if RESCAN in paths:
                self._rescan("folders changed")
            else:
                why = f"{len(paths)} file{'s' if len(paths) != 1 else ''} changed"
                self.regenerate(paths, full=False, why=why)
        # An unmount or a locked volume sends no event: look now and then.
        if self.schedule.take("presence", self.clock()) and not self._vault_present():
            self._went_away()
            return
        if self.schedule.take("retry", self.clock()):
            why = "trying again" if self.write_problem else "a summary you were editing"
            self.regenerate(set(), full=True, why=why)
        if self.schedule.take("rescan", self.clock()):
            if not self._vault_present():
                self._went_away()
                return
            self._rescan(None)

    def _rescan(self, why: str | None) -> None:
        assert self.state is not None
        changed = self.state.rescan()
        if changed:
            self.regenerate(set(), full=True, why=why or f"{len(changed)} missed changes found")

    def _wake_on(self, stop: threading.Event, done: threading.Event) -> None:
        """Wake the loop as soon as `stop` is set (it may be waiting on the queue for a tick
        or longer); gone within a moment of `done`."""
        while not done.is_set():
            if stop.wait(0.2):
                self.events.put(WAKE)
                return

    def run(self, stop: threading.Event) -> None:
        """Summarize once, then keep summarizing until `stop` is set."""
        done = threading.Event()
        waker = threading.Thread(target=self._wake_on, args=(stop, done), daemon=True)
        waker.start()
        try:
            if not self._has_files():
                raise VaultError(f"{self.vault} is empty or not available")
            self._begin()
            while not stop.is_set():
                self._step()
        finally:
            done.set()
            waker.join()
            self._stop_observer()
