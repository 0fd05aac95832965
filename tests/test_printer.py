"""The printing tests' helpers: a browser that hangs or dies fails the test in time, closing
the printer leaves none of its processes running (a stand-in plays the browser: Chromium
itself is tested by the printing tests), and a printed page's pixels are read as they are."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from printer import BrowserError, Printer, dark_rows, dark_share, ink_depth, lone_headings


def _stand_in(tmp_path: Path, script: str) -> str:
    """An executable that plays the browser: `script`, run by sh, whatever its arguments."""
    path = tmp_path / "browser"
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(0o755)
    return str(path)


def _within(seconds: float, condition: Callable[[], bool]) -> bool:
    """Whether `condition` holds within `seconds` (asked every 10 ms)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def _ended(pid: int) -> bool:
    """Whether process `pid` has ended (a zombie has)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


def test_a_browser_that_says_nothing_fails_in_time_and_is_killed_with_its_children(
    tmp_path: Path,
) -> None:
    helper = tmp_path / "helper.pid"
    # A browser that starts a helper of its own (as Chromium starts renderers), then hangs.
    browser = _stand_in(
        tmp_path, f'touch "$TMPDIR/socket"; sleep 60 & echo $! > {helper}\nexec sleep 60'
    )
    printer = Printer(browser, tmp_path / "profile", timeout=0.1)
    try:
        assert _within(10, lambda: helper.exists() and helper.read_text().strip() != "")
        started = time.monotonic()
        with pytest.raises(BrowserError, match=r"said nothing for 0\.1 s"):
            printer.send("Browser.getVersion")
        assert time.monotonic() - started < 5
    finally:
        printer.close()
    # close() waited for the browser itself; the helper it started is killed with it, and
    # the folder for its temporary files is gone.
    assert _ended(printer.pid)
    assert _within(10, lambda: _ended(int(helper.read_text())))
    assert not os.path.exists(printer.temporary)


@pytest.mark.parametrize("reads_first", [False, True], ids=["before", "reading a command"])
def test_a_browser_that_dies_fails_with_what_it_said(tmp_path: Path, reads_first: bool) -> None:
    reads = "head -c 1 <&3 >/dev/null; " if reads_first else ""
    browser = _stand_in(tmp_path, f"{reads}echo 'cannot open display' >&2; exit 1")
    with Printer(browser, tmp_path / "profile") as printer:
        if not reads_first:
            assert _within(10, lambda: _ended(printer.pid))
        with pytest.raises(BrowserError, match=r"went away.*cannot open display"):
            printer.send("Browser.getVersion")


def test_the_browser_reads_commands_on_fd_3_and_answers_on_fd_4(tmp_path: Path) -> None:
    # A stand-in that answers the first command once it has begun to read it, and quits
    # when the next (Browser.close) begins.
    answer = '{"id": 1, "result": {"product": "stand-in"}}'
    browser = _stand_in(
        tmp_path,
        f"head -c 1 <&3 >/dev/null; printf '%s\\0' '{answer}' >&4; head -c 1 <&3 >/dev/null",
    )
    with Printer(browser, tmp_path / "profile", timeout=10) as printer:
        assert printer.send("Browser.getVersion") == {"product": "stand-in"}
        started = time.monotonic()
    assert time.monotonic() - started < 4  # it quit when asked, not killed after 5 s
    assert not os.path.exists(f"/proc/{printer.pid}")


def test_a_heading_alone_at_the_foot_of_a_page_is_found_and_the_last_page_s_is_not() -> None:
    pages = ["Summary\nText.\n\n  Timeline  \n\n", "2026-03-15  4.0\n", "Words\nNeeds\n"]
    assert lone_headings(pages) == [(1, "Timeline")]


def test_a_picture_whose_first_pixels_read_as_white_space_keeps_them(tmp_path: Path) -> None:
    # A 2 x 2 PPM whose first pixel is tab, newline, space (red 9: dark), the rest white
    # but the last (black): splitting the header must not eat the first pixel.
    picture = tmp_path / "page.ppm"
    picture.write_bytes(b"P6\n2 2\n255\n" + b"\t\n " + b"\xff" * 6 + b"\x00" * 3)
    assert dark_rows(picture) == ([1, 1], 2)
    assert dark_share(picture) == 0.5 and ink_depth(picture) == 1.0
