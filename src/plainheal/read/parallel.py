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
    helpers: list[tuple[int, int, int]] = []  # share, process id, pipe of its results
    parts: list[list[Any]] = []
    try:
        for index in range(1, workers):
            helpers.append(_start(index))
        # The helpers take every share but the first; this process does that one.
        parts.append(_share(0))
        while helpers:
            index, pid, pipe = helpers[0]
            try:
                parts.append(_results(pid, pipe))
            except HelperFailed:  # it died (killed, out of memory): its share is done here
                parts.append(_share(index))
            helpers.pop(0)  # collected, dead or alive
    finally:
        _WORK = None
        for _, pid, pipe in helpers:  # not collected: something failed here; stop them
            with contextlib.suppress(OSError):
                os.close(pipe)
            _stop(pid)
    results: list[Result] = [None] * len(items)  # type: ignore[list-item]
    for index, part in enumerate(parts):
        results[index::workers] = part
    return results


class HelperFailed(RuntimeError):
    """A helper process ended without sending its results."""


_STOPPING = (signal.SIGINT, signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else []))


def _start(index: int) -> tuple[int, int, int]:
    """Fork a helper for share `index`; it sends back ("done", results) or ("failed", error)
    and leaves at once (no clean-up of a process that is a copy of this one).

    Ctrl-C and termination signals wait while it is forked and listed, so that no helper
    is ever left unlisted (neither stopped nor collected), and the helper never unwinds
    this process's work. It dies with this process, whatever kills it."""
    pipe, out = os.pipe()
    parent = os.getpid()
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        pid = os.fork()
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        os.close(pipe)
        os.close(out)
        raise
    if pid == 0:  # pragma: no cover - runs in the helper, where coverage is not collected
        status = 1
        try:
            _die_with(parent)
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
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
    signal.pthread_sigmask(signal.SIG_SETMASK, blocked)  # a signal that came waits no more
    return index, pid, pipe


def _die_with(parent: int) -> None:  # pragma: no cover - runs in the helper
    """Linux: the kernel kills this helper when the process that forked it ends (killed,
    even by SIGKILL), so no helper goes on reading a journal for nobody."""
    import ctypes

    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before that was asked
        os._exit(1)


def _stop(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _results(pid: int, pipe: int) -> list[Any]:
    """A helper's results (read to the end before waiting for it, so it never blocks).

    `HelperFailed` when it died without sending them all (killed, out of memory); the error
    of its work, raised again here, when that work failed."""
    try:
        with open(pipe, "rb") as source:
            data = source.read()
    except BaseException:  # interrupted while waiting: the helper is stopped too
        _stop(pid)
        raise
    try:
        _, status = os.waitpid(pid, 0)
    except BaseException:
        _stop(pid)
        raise
    code = os.waitstatus_to_exitcode(status)
    if code != 0 or not data:
        ended = f"signal {-code}" if code < 0 else f"exit code {code}"
        raise HelperFailed(f"a helper process ended ({ended}) without its results")
    try:
        kind, value = pickle.loads(data)
    except Exception as error:
        raise HelperFailed(f"a helper's results were cut short ({type(error).__name__})") from None
    if kind == "failed":
        raise value
    return value  # type: ignore[no-any-return]
