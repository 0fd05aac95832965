"""Shared fixtures: small vaults written into tmp_path."""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings
from hypothesis import strategies as st

if TYPE_CHECKING:
    from plainheal.vocabulary import Vocabulary

WriteNote = Callable[[str, str], Path]

# pytest keeps the test modules whose asserts it rewrote as bytecode in __pycache__, unless
# Python is told to write none. This machine's environment says so (PYTHONDONTWRITEBYTECODE
# is set), and then every pytest-xdist worker rewrote every test module at every start: 2.5 s
# of each run. The tests write theirs whatever the environment says (git ignores __pycache__).
sys.dont_write_bytecode = False

# No time limit per example: on a shared, loaded machine Hypothesis' 200 ms deadline fails
# correct tests at random, and speed is measured in benchmarks/, never in unit tests.
settings.register_profile("plainheal", deadline=None)
settings.load_profile("plainheal")


@pytest.hookimpl(trylast=True)  # after Hypothesis' own: it is initialised by then
def pytest_sessionstart(session: pytest.Session) -> None:
    """In the pytest-xdist controller (which runs no test), while the workers start: the
    tables of what UTF-8 can encode that Hypothesis' text strategies draw from, 3 s of CPU
    the first time in a checkout (then read from .hypothesis/). Not made here, each worker
    would make them at its first text strategy."""
    if session.config.pluginmanager.has_plugin("dsession"):  # pytest-xdist's controller
        threading.Thread(target=st.text().validate, name="unicode tables", daemon=True).start()


def pytest_collection_finish(session: pytest.Session) -> None:
    """Everything loaded by now (pytest, Hypothesis, plainheal, the collected tests) lives
    until the end: out of the cyclic garbage collector's sight, so that its collections stop
    walking it again and again for nothing. The suite's CPU went from 50-51 s to 45-46 s (two
    runs each, `/usr/bin/time`, on a loaded machine)."""
    gc.collect()
    gc.freeze()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow modules first, in their order: pytest-xdist deals out whole files, and a slow
    file dealt last keeps the run going on one worker while the other has finished."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture
def vocabulary() -> Vocabulary:
    """The default vocabulary."""
    # Imported here: the pytest-xdist controller loads this file too, and runs no test.
    from plainheal.builtin import VOCABULARY

    return VOCABULARY


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """An empty vault folder."""
    folder = tmp_path / "vault"
    folder.mkdir()
    return folder


@pytest.fixture
def write(vault: Path) -> WriteNote:
    """Write a note (relative path, text) into the vault."""

    def write_note(relative: str, text: str) -> Path:
        path = vault / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write_note


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder` with its bytes and mtime, to prove nothing changed."""
    result: dict[str, tuple[bytes, int]] = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            if path.is_symlink():
                continue
            result[str(path.relative_to(folder))] = (path.read_bytes(), path.stat().st_mtime_ns)
    return result


def entry(date: str, **properties: object) -> str:
    """The text of an entry with the given frontmatter properties."""
    lines = ["---", f"date: {date}"]
    for key, value in properties.items():
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(str(v) for v in value)}]")
        else:
            lines.append(f"{key}: {value}")
    lines += ["---", "Some private words that must never be quoted.", ""]
    return "\n".join(lines)


SECRET = "a sentence only the private entry holds"


@pytest.fixture
def journal(vault: Path, write: WriteNote) -> Path:
    """Seven weeks of entries, one shared with HTML and a heading in it, one private and
    shared: what the report of a period is tested on."""
    for day in range(1, 29):
        date = f"2026-10-{day:02d}"
        write(f"Journal/{date}.md", entry(date, safety=2, boundaries="respected"))
    for day in range(1, 21):
        date = f"2026-11-{day:02d}"
        crossed = "crossed" if day in (5, 9) else "respected"
        write(f"Journal/{date}.md", entry(date, safety=4, boundaries=crossed))
    write(
        "Journal/2026-11-07.md",
        "---\ndate: 2026-11-07\nshare: true\nsafety: 3\nempathy: connected\n---\n"
        "We talked for two hours. <b>bold</b> ![us](https://example.org/us.png) "
        "[a page](https://example.org/read)\n\n# My own heading\n\nWords under it.\n",
    )
    write(
        "Journal/2026-11-13.md",
        f"---\ndate: 2026-11-13\nprivate: true\nshare: true\nboundaries: crossed\nsafety: 1\n"
        f"---\n{SECRET}\n",
    )
    return vault


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail a test that would otherwise wait for ever (a FIFO opened for reading, say),
    after 60 seconds, instead of stopping the suite."""
    import signal

    def stop(_signum: int, _frame: object) -> None:
        raise TimeoutError("still waiting after 60 s: it would have hung")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
