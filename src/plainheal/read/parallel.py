"""Spreading pure work over the machine's cores, for large vaults.

Reading and rendering are pure Python and bound by the interpreter, so a second process
halves a large vault's time. Only forked helpers are used: they start at no cost and
inherit the work itself, so nothing but the results crosses between processes, each
helper's in one piece through a pipe (no pool, no queues, no threads). Forking is only done
on Linux and from a process without threads of its own (`watch` has threads, and works
incrementally anyway); everywhere else the work runs here, one item after another.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
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
    helpers: list[tuple[int, int]] = []  # process id and the pipe its results come through
    try:
        for index in range(1, workers):
            helpers.append(_start(index))
        # The helpers take every share but the first; this process does that one.
        parts = [_share(0)]
        while helpers:
            parts.append(_results(*helpers.pop(0)))
    finally:
        _WORK = None
        for pid, pipe in helpers:  # never collected: something failed here; stop them
            os.close(pipe)
            _stop(pid)
    results: list[Result] = [None] * len(items)  # type: ignore[list-item]
    for index, part in enumerate(parts):
        results[index::workers] = part
    return results


class HelperFailed(RuntimeError):
    """A helper process ended without sending its results."""


def _start(index: int) -> tuple[int, int]:
    """Fork a helper for share `index`; it sends back ("done", results) or ("failed", error)
    and leaves at once (no clean-up of a process that is a copy of this one)."""
    pipe, out = os.pipe()
    try:
        pid = os.fork()
    except BaseException:
        os.close(pipe)
        os.close(out)
        raise
    if pid == 0:  # pragma: no cover - runs in the helper, where coverage is not collected
        status = 1
        try:
            os.close(pipe)
            try:
                message: tuple[str, Any] = ("done", _share(index))
            except BaseException as error:  # whatever it is, it goes back
                message = ("failed", error)
            try:
                data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
            except Exception as error:  # something that cannot be pickled (never shown:
                # it may hold what the person wrote)
                what = "its error" if message[0] == "failed" else "its results"
                failure = HelperFailed(f"{what} could not be sent back ({type(error).__name__})")
                data = pickle.dumps(("failed", failure))
            with open(out, "wb") as sink:
                sink.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(out)
    return pid, pipe


def _stop(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _results(pid: int, pipe: int) -> list[Any]:
    """A helper's results (read to the end before waiting for it, so it never blocks)."""
    try:
        with open(pipe, "rb") as source:
            data = source.read()
    except BaseException:  # interrupted while waiting: the helper is stopped too
        _stop(pid)
        raise
    _, status = os.waitpid(pid, 0)
    if not data:
        raise HelperFailed(f"a helper process ended with status {status} and no results")
    kind, value = pickle.loads(data)
    if kind == "failed":
        raise value
    return value  # type: ignore[no-any-return]
