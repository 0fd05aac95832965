"""What the watch loop should do now: a pure function of the clock and what is pending.

The loop has four clocks besides the debouncer's: the periodic full rescan (for anything
events missed), the presence check (an unmount or a locked volume sends no event), the
retry of a summary held while being edited or of a write that failed, and a tick that
bounds every wait. `Schedule` keeps them and answers from a given time, never reading a
clock itself, so its decisions are tested with made-up times.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Task = Literal["changes", "presence", "retry", "rescan"]
Timer = Literal["presence", "retry", "rescan"]
TICK = 1.0  # seconds: the longest the loop waits without looking at its clocks


@dataclass
class Schedule:
    """The watch loop's timers, in the loop's clock's seconds."""

    rescan_every: float
    presence_every: float
    next_rescan: float = 0.0
    next_presence: float = 0.0
    retry_at: float | None = None

    def wake_at(self, now: float, changes_due_at: float | None) -> float:
        """When the loop should next look: the earliest timer, the changes' moment, or a
        tick from now."""
        times = [self.next_rescan, now + TICK]
        times += [t for t in (changes_due_at, self.retry_at) if t is not None]
        return min(times)

    def due(self, now: float, changes_due_at: float | None) -> tuple[Task, ...]:
        """What is due at `now`, in the order the loop does it."""
        tasks: list[Task] = []
        if changes_due_at is not None and now >= changes_due_at:
            tasks.append("changes")
        if now >= self.next_presence:
            tasks.append("presence")
        if self.retry_at is not None and now >= self.retry_at:
            tasks.append("retry")
        if now >= self.next_rescan:
            tasks.append("rescan")
        return tuple(tasks)

    def started(self, now: float) -> None:
        """A full read has just been done: the next rescan is a whole period away."""
        self.next_rescan = now + self.rescan_every

    def take(self, task: Timer, now: float) -> bool:
        """True if `task` is due at `now`; its timer then starts again (or, for a retry, is
        cleared)."""
        if task not in self.due(now, None):
            return False
        if task == "presence":
            self.next_presence = now + self.presence_every
        elif task == "retry":
            self.retry_at = None
        elif task == "rescan":
            self.next_rescan = now + self.rescan_every
        return True

    def retry(self, at: float) -> None:
        """Look again at `at` (a held summary's grace ends, or a failed write's pause)."""
        self.retry_at = at
