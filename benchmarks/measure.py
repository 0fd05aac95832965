"""Run a command as a child process and report its wall time and peak memory."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Measurement:
    """Wall-clock seconds, peak resident memory (MB) and processor seconds of one run.

    The processor seconds (user and system, of the process and the workers it waited for)
    say how much work was done: on a machine shared with other work they move much less
    than the wall time, which then also counts the waits for a free core."""

    seconds: float
    peak_mb: float
    cpu: float = 0.0


# As an installed plainheal runs: from its compiled bytecode, which pip writes on install.
# An editable install with PYTHONDONTWRITEBYTECODE set (as on some machines) would compile
# every module of plainheal again on every run, a cost no user pays.
_ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(command: list[str]) -> Measurement:
    """Run `command` with its output discarded; raise if it fails."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_ENVIRONMENT
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # 1: the vault has problems, which is fine here
        raise RuntimeError(f"{command} exited {process.returncode}")
    return Measurement(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def best_of(command: list[str], runs: int) -> Measurement:
    """The fastest of `runs` runs (the least disturbed by a shared machine), max memory."""
    results = [measure(command) for _ in range(runs)]
    return _best(results)


def _best(results: list[Measurement]) -> Measurement:
    return Measurement(
        min(r.seconds for r in results),
        max(r.peak_mb for r in results),
        min(r.cpu for r in results),
    )


def interleaved(commands: dict[str, list[str]], runs: int) -> dict[str, Measurement]:
    """The best of `runs` runs of each command, taking turns so that a busy moment on a
    shared machine does not land on one command only."""
    results: dict[str, list[Measurement]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            results[name].append(measure(command))
    return {name: _best(rs) for name, rs in results.items()}
