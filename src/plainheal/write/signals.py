"""Termination signals while writing: unwind like Ctrl-C, so no temporary file is left."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator


@contextlib.contextmanager
def signals_interrupt() -> Iterator[None]:
    """While writing, let SIGTERM and SIGHUP unwind like Ctrl-C, so no temporary file with
    the person's words is left behind (SIGKILL cannot be caught: the next run removes it).
    Outside the main thread, where signal handlers cannot be set, it changes nothing."""

    def interrupt(number: int, _frame: object) -> None:
        raise SystemExit(128 + number)

    watched = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    try:
        previous = {number: signal.signal(number, interrupt) for number in watched}
    except ValueError:  # not the main thread: leave the signals as they are
        yield
        return
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
