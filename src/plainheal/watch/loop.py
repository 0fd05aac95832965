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
import queue
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plainheal.analyze.periods import affected_periods
from plainheal.plugins import Registry
from plainheal.read.config import CONFIG_NAME
from plainheal.read.incremental import JournalState
from plainheal.read.vault import VaultError
from plainheal.render.check_report import problem_lines
from plainheal.summarize import analyze_journal, plan
from plainheal.watch.debounce import Debouncer
from plainheal.watch.events import RELOAD, RESCAN, WAKE, folder_link, meaning
from plainheal.watch.messages import Failure, done_line, failures_now, problem_line
from plainheal.watch.observer import Observe, Outside, start_observer
from plainheal.watch.presence import Presence
from plainheal.watch.schedule import Schedule, Task
from plainheal.write.atomic import WriteError
from plainheal.write.summaries import (
    HELD,
    FileOutcome,
    clear_temporaries,
    emptied_pages,
    write_files,
)


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
    """The watch loop; `run` returns once `stop` has been called.

    Its clocks (`clock` for timers, `wall` for file times), the plugin `registry`, the
    `grace` period for summaries being edited (default: the config's) and the file-event
    source (`observe`) can be given, so that tests drive it with made-up times.
    """

    def __init__(
        self,
        vault: Path,
        options: WatchOptions,
        say: Callable[[str], None],
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        *,
        registry: Registry | None = None,
        grace: float | None = None,
        observe: Observe = start_observer,
    ) -> None:
        self.vault = vault
        self.root = vault.resolve()
        self.options = options
        self.say = say
        self.clock = clock
        self.wall = wall
        self.registry = registry
        self.grace_seconds = grace
        self.observe = observe
        # Reentrant: `stop` may put into it from a signal handler interrupting a `get`.
        self.events: queue.SimpleQueue[str] = queue.SimpleQueue()
        self.stopping = False  # a plain flag: setting it takes no lock a handler could hold
        self.debouncer = Debouncer(options.debounce, options.ceiling, clock)
        self.written: dict[Path, int] = {}  # summaries we wrote, with their mtime
        self.state: JournalState | None = None
        self.observer: Any = None
        self.outside: Outside | None = None  # watches on journal folders linked in from outside
        self.available = True
        self.presence = Presence(vault, say)
        self.config_problem: str | None = None  # plainheal.toml is invalid: wait for a fix
        self.write_problem: str | None = None  # writing failed: said once, tried again later
        self.failures: set[Failure] = set()  # files skipped as failed, said once
        self.schedule = Schedule(options.rescan_every, options.unavailable_retry)

    # -- events -------------------------------------------------------------------------

    def notice(self, path: str, is_directory: bool, kind: str = "modified") -> None:
        """Called from the observer's thread for every path an event names."""
        config = self.state.config if self.state else None
        links = self.state.links_followed(self.root) if self.state else frozenset()
        folder = is_directory or folder_link(path, links)  # its notes come or go with it
        event = meaning(path, folder, kind, self.root, config)
        if event is not None:
            self.events.put(event)

    def stop(self) -> None:
        """Make `run` return as soon as what it is doing is done (from a signal handler or
        another thread too): the loop wakes at once, whatever it was waiting for."""
        self.stopping = True
        self.events.put(WAKE)

    def _start_observer(self) -> None:
        self.observer, message = self.observe(
            self.root,
            self.vault,
            self.notice,
            poll=self.options.poll,
            poll_interval=self.options.poll_interval,
        )
        self.outside = Outside(self.root, self.notice)
        self.say(message)

    def _stop_observer(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=5)
            self.observer = None
            self.outside = None

    def _watch_outside(self, changed: set[str]) -> set[str]:
        """Watch the linked folders outside the vault; list again if one is new to it."""
        assert self.state is not None
        if self.outside is not None and self.outside.update(self.observer, self.state.outside()):
            changed |= self.state.rescan()
        return changed

    # -- the vault coming and going ----------------------------------------------------------

    def _remember_volume(self) -> None:
        """Note what the vault holds that tells it apart from a bare mount point."""
        config = self.state.config if self.state else None
        output = config.output if config else "Patterns"
        journal = config.journal if config else ()
        self.presence.remember([CONFIG_NAME, *journal, f"{output}/Overview.md"])

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
        self.presence.came_back()
        self.available = True
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
        if self.grace_seconds is not None:
            return self.grace_seconds
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

    def _tell_all_problems(self) -> None:
        """The vault's problems and conflict copies, as `summarize` names them."""
        assert self.state is not None
        for line in problem_lines(self.state.journal()):
            self.say(line)

    def _tell_problems(self, paths: set[str]) -> None:
        """A file saved with a problem (a YAML slip, a typo) is named at once, as `check`
        would name it: while watching, the terminal is where the person looks."""
        assert self.state is not None
        for path in sorted(paths):
            for problem in self.state.problems_of(path):
                self.say(problem_line(path, problem))

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
        lines, self.failures = failures_now(outcomes, self.failures)
        for line in lines:
            self.say(line)
        self.say(done_line(outcomes, why, seconds, time.strftime("%H:%M:%S")))

    # -- the loop ------------------------------------------------------------------------

    def _config_broken(self, message: str) -> None:
        """Say once that the config is invalid; nothing is written until it is valid."""
        if message != self.config_problem:
            self.say(f"{message}. Nothing is written until it is fixed; waiting for a good one.")
        self.config_problem = message

    def _begin(self) -> None:
        try:
            self.state = JournalState(self.vault, self.registry)
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
        if self.outside is not None:  # the folders linked in, as the first listing found them
            self.outside.update(self.observer, self.state.outside())
        self.state.rescan()  # what was saved while the watches were being set up
        self._tell_all_problems()
        self.regenerate(set(), full=True, why=f"{self.state.note_count} notes read")
        self._remember_volume()
        # The notes read live as long as the watch: out of the garbage collector's sight.
        gc.collect()
        gc.freeze()
        self.schedule.started(self.clock())

    def _wait(self, timeout: float) -> None:
        """Wait at most `timeout` seconds for events; hand what came to the debouncer."""
        try:
            items = [self.events.get(timeout=max(0.0, timeout))]
        except queue.Empty:
            return
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
            self._watch_outside(set())
        except VaultError as error:
            self._config_broken(str(error))
            return
        self._tell_all_problems()
        self.regenerate(set(), full=True, why="the settings changed")
        self._remember_volume()

    def _step(self) -> None:
        """One turn of the loop: wait for events or the next timer, then do what is due."""
        if not self.available:
            self._wait(self.options.unavailable_retry)
            self.debouncer.take()
            if self.presence.same_back():
                self._came_back()
            return
        if self.config_problem is not None:
            self._wait(self.options.unavailable_retry)
            # A new folder may be the missing journal folder the config names.
            if self.debouncer.take() & {RELOAD, RESCAN}:
                self._reload()
            elif not self.presence.present():
                self._went_away()
            return
        now = self.clock()
        self._wait(self.schedule.wake_at(now, self.debouncer.deadline()) - now)
        now = self.clock()
        for task in self.schedule.due(now, self.debouncer.deadline()):
            if not self._do(task, now):
                return

    def _do(self, task: Task, now: float) -> bool:
        """Do one task that is due; False if the turn ends there (the vault went away, or
        everything was read again)."""
        if task == "changes":
            paths = self.debouncer.take()
            if not self.presence.present():
                self._went_away()
                return False
            if RELOAD in paths:
                self._reload()
                return False
            if RESCAN in paths:
                self._rescan("folders changed")
            else:
                why = f"{len(paths)} file{'s' if len(paths) != 1 else ''} changed"
                self.regenerate(paths, full=False, why=why)
            return True
        self.schedule.take(task, now)
        if task == "retry":
            why = "trying again" if self.write_problem else "a summary you were editing"
            self.regenerate(set(), full=True, why=why)
            return True
        # An unmount or a locked volume sends no event: the presence check looks now and
        # then, and the periodic rescan (for anything events missed) looks first.
        if not self.presence.present():
            self._went_away()
            return False
        if task == "rescan":
            self._rescan(None)
        return True

    def _rescan(self, why: str | None) -> None:
        assert self.state is not None
        try:
            changed = self._watch_outside(self.state.rescan())
        except VaultError as error:  # a journal folder of the config is gone
            return self._config_broken(str(error))
        if changed:
            self.regenerate(set(), full=True, why=why or f"{len(changed)} missed changes found")

    def run(self) -> None:
        """Summarize once, then keep summarizing until `stop` is called."""
        try:
            if not self.presence.has_files():
                raise VaultError(f"{self.vault} is empty or not available")
            self._begin()
            while not self.stopping:
                self._step()
        finally:
            self._stop_observer()
