"""Waiting for a quiet moment: many changes in a burst give one regeneration.

A sync client may drop a thousand files over several seconds; an editor saves a file
by writing a temporary one and renaming it. The debouncer collects changed paths and says
they are due once nothing has changed for `quiet` seconds, or once `ceiling` seconds have
passed since the first change (so a steady trickle still flushes). The clock is injected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


class Debouncer:
    """Collects changed paths and decides when they are due."""

    def __init__(self, quiet: float, ceiling: float, clock: Callable[[], float]) -> None:
        self.quiet = quiet
        self.ceiling = max(ceiling, quiet)
        self._clock = clock
        self._pending: set[str] = set()
        self._first: float | None = None
        self._last: float | None = None

    def add(self, paths: Iterable[str]) -> None:
        """Note that these paths changed now."""
        now = self._clock()
        added = False
        for path in paths:
            self._pending.add(path)
            added = True
        if added:
            self._first = now if self._first is None else self._first
            self._last = now

    @property
    def pending(self) -> bool:
        """True if changes are waiting."""
        return bool(self._pending)

    def deadline(self) -> float | None:
        """When the waiting changes become due (clock time), or None if nothing waits."""
        if self._first is None or self._last is None:
            return None
        return min(self._last + self.quiet, self._first + self.ceiling)

    def due(self) -> bool:
        """True if changes are waiting and their moment has come."""
        deadline = self.deadline()
        return deadline is not None and self._clock() >= deadline

    def take(self) -> set[str]:
        """The waiting paths, and start afresh."""
        paths, self._pending = self._pending, set()
        self._first = self._last = None
        return paths
