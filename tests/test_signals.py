"""SIGTERM while writing unwinds like Ctrl-C; the handlers are put back afterwards."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from plainheal.write.signals import signals_interrupt


def test_sigterm_inside_unwinds_with_its_exit_code_and_the_handler_is_restored() -> None:
    before = signal.getsignal(signal.SIGTERM)
    unwound: list[str] = []
    with pytest.raises(SystemExit) as stopped, signals_interrupt():
        try:
            os.kill(os.getpid(), signal.SIGTERM)
        finally:
            unwound.append("finally ran")
    assert stopped.value.code == 128 + signal.SIGTERM
    assert unwound == ["finally ran"]
    assert signal.getsignal(signal.SIGTERM) is before


def test_outside_the_main_thread_it_changes_nothing() -> None:
    before = signal.getsignal(signal.SIGTERM)
    seen: list[object] = []

    def work() -> None:
        with signals_interrupt():
            seen.append(signal.getsignal(signal.SIGTERM))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=10)
    assert seen == [before]
