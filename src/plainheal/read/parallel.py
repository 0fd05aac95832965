"""Spreading pure work over the machine's cores, for large vaults.

Reading and rendering are pure Python and bound by the interpreter, so a second process
halves a large vault's time. Only forked workers are used: they start at no cost and
inherit the work itself, so nothing but the results crosses between processes. Forking is
only done on Linux and from a process without threads of its own (`watch` has threads, and
works incrementally anyway); everywhere else the work runs here, one item after another.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# The work of the current fork_map, inherited by the forked workers.
_WORK: tuple[Callable[[Any], Any], Sequence[Any], int] | None = None


def _share(index: int) -> list[Any]:
    assert _WORK is not None
    function, items, workers = _WORK
    return [function(item) for item in items[index::workers]]


def workers_for(count: int, threshold: int) -> int:
    """How many processes `count` items deserve (1: do it here)."""
    cores = min(os.cpu_count() or 1, 4)
    if (
        cores < 2
        or count < threshold
        or not sys.platform.startswith("linux")
        or threading.active_count() > 1
    ):
        return 1
    return cores


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a while, as it was before afterwards.

    Reading a vault makes a few hundred thousand objects that all live on (the entries and
    their values) and no cycles to speak of; the collector would walk them again and again
    as they pile up, for about a tenth of the reading time, and find nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def fork_map(
    function: Callable[[Item], Result], items: Sequence[Item], *, threshold: int
) -> list[Result]:
    """`[function(item) for item in items]`, on every core when there are enough items."""
    with _collector_paused():
        return _map(function, items, threshold)


def _map(function: Callable[[Item], Result], items: Sequence[Item], threshold: int) -> list[Result]:
    global _WORK
    workers = min(workers_for(len(items), threshold), max(len(items), 1))  # none idle
    if workers == 1:
        return [function(item) for item in items]
    _WORK = (function, items, workers)
    try:
        with multiprocessing.get_context("fork").Pool(workers - 1) as pool:
            # The helpers take every share but the first; this process does that one.
            pending = pool.map_async(_share, range(1, workers))
            parts = [_share(0), *pending.get()]
    finally:
        _WORK = None
    results: list[Result] = [None] * len(items)  # type: ignore[list-item]
    for index, part in enumerate(parts):
        results[index::workers] = part
    return results
