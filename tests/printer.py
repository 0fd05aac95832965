"""One headless Chromium for the prints of a test module, driven over DevTools; and what a
printed page holds (its text, its headings, its dark pixels).

Starting Chromium costs about a second of CPU, and a new tab a renderer process: a module
starts one browser (`start_chromium`, in a module-scoped fixture) and shows each of its
reports in the window that browser opened, asking over its DevTools pipe for each PDF and
the screenshot: JSON messages ended by a NUL byte, commands on the browser's fd 3 and
answers on its fd 4 (`--remote-debugging-pipe`). Every read and write has a deadline, so a
browser that hangs fails the test instead of the suite; the browser and every process it
started are killed when the printer closes, whatever happened before (and Chromium quits by
itself when the pipe closes, should this process die first).

Not one browser per test run: a browser kept beyond its module is a child process of every
test that runs meanwhile (test_read checks that `fork_map` leaves no child behind). The
suite runs each file whole on one pytest-xdist worker (`--dist loadfile`), so a module's
browser is started once.

The prints are those `chromium --print-to-pdf` made (backgrounds printed, no header and
footer), on paper the report does not name: the printer's paper decides its size.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import signal
import struct
import subprocess
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
POPPLER = bool(shutil.which("pdftoppm") and shutil.which("pdftotext"))

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None or not POPPLER,
    reason="Debian's chromium and poppler-utils are not installed (.ci/run installs them)",
)

# Paper as the printer has it, in inches. (Chromium makes A4 595.92 pt wide from these, one
# point more than from CSS's `size: A4`; pdfinfo calls both A4.)
PAPER = {"A4": (210 / 25.4, 297 / 25.4), "letter": (8.5, 11.0)}

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # The address bar's pop-up, made ahead in a renderer of its own: half a second of CPU
    # for a window nobody sees.
    "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup",
    "--remote-debugging-pipe",
)  # fmt: skip


class BrowserError(Exception):
    """Chromium answered with an error, said nothing in time, or went away."""


class Printer:
    """A headless Chromium in a process group of its own; `close` ends all of it."""

    def __init__(self, executable: str, profile: Path, *, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self._log = profile.with_name(f"{profile.name}.log")
        profile.mkdir(parents=True, exist_ok=True)
        # Its temporary files, removed on close: a browser killed leaves a folder for its
        # socket (whose path must be short: not under the test's folder).
        self.temporary = tempfile.mkdtemp(prefix="plainheal-chromium-")
        to_browser, self._commands = _pipe()
        self._answers, from_browser = _pipe()
        try:
            self.pid = os.posix_spawn(
                executable,
                [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                {**os.environ, "TMPDIR": self.temporary},
                file_actions=[
                    (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                    (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                    (os.POSIX_SPAWN_OPEN, 2, str(self._log), os.O_WRONLY | os.O_CREAT, 0o600),
                    (os.POSIX_SPAWN_DUP2, to_browser, 3),
                    (os.POSIX_SPAWN_DUP2, from_browser, 4),
                ],
                setpgroup=0,  # the renderers and helpers it starts join this group
            )
        except BaseException:
            os.close(self._commands)
            os.close(self._answers)
            shutil.rmtree(self.temporary)
            raise
        finally:
            os.close(to_browser)
            os.close(from_browser)
        self._buffer = b""
        self._events: list[dict[str, Any]] = []
        self._last_id = 0
        self._session: str | None = None
        self._closed = False

    def show(self, page: Path, *, width: int = 800, height: int = 1100) -> None:
        """Show `page` in a window of `width` x `height`, loaded, ready to print."""
        if self._session is None:
            # The window Chromium opened at start: a tab of our own would cost a renderer.
            (target,) = [t for t in self.send("Target.getTargets")["targetInfos"]
                         if t["type"] == "page"]  # fmt: skip
            attached = self.send("Target.attachToTarget", targetId=target["targetId"], flatten=True)
            self._session = attached["sessionId"]
            self._tab("Page.enable")
        self._tab(
            "Emulation.setDeviceMetricsOverride",
            width=width, height=height, deviceScaleFactor=1, mobile=False,
        )  # fmt: skip
        self._events.clear()  # all of earlier pages
        navigated = self._tab("Page.navigate", url=page.as_uri())
        if "errorText" in navigated:
            raise BrowserError(f"{page}: {navigated['errorText']}")
        self.wait_for("Page.loadEventFired", self._session)

    def print_pdf(self, paper: str, *, tagged: bool = True) -> bytes:
        """The page shown, printed on `paper` ("A4" or "letter").

        Tagged (the headings, lists and tables marked for screen readers) as Chromium's
        "Save as PDF" and `--print-to-pdf` make it, the size a person would send. Untagged,
        the pages are laid out alike in a third of the bytes and half the time: for a test
        of the pages, not of the file's size."""
        width, height = PAPER[paper]
        printed = self._tab(
            "Page.printToPDF", paperWidth=width, paperHeight=height,
            displayHeaderFooter=False, printBackground=True, generateTaggedPDF=tagged,
        )  # fmt: skip
        return base64.b64decode(printed["data"])

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page shown (DevTools runs it whatever
        the page's own policy says about scripts)."""
        answer = self._tab("Runtime.evaluate", expression=expression, returnByValue=True)
        return answer["result"].get("value")

    def screenshot(self) -> bytes:
        """The page shown, as its window shows it, as a PNG."""
        # Encoded for speed: every row filtered "up", which numpy undoes a row at a time.
        shot = self._tab("Page.captureScreenshot", format="png", optimizeForSpeed=True)
        return base64.b64decode(shot["data"])

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send a command and wait for its answer (events arriving meanwhile are kept)."""
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        self._write(message)
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._receive(deadline, method)
            if answer.get("id") != self._last_id:
                self._events.append(answer)
            elif "error" in answer:
                raise BrowserError(f"{method}: {answer['error']}")
            else:
                result: dict[str, Any] = answer["result"]
                return result

    def wait_for(self, event: str, session: str) -> dict[str, Any]:
        """The next `event` of `session`, among those kept or still to come."""
        deadline = time.monotonic() + self.timeout
        while True:
            for kept in self._events:
                if kept.get("method") == event and kept.get("sessionId") == session:
                    self._events.remove(kept)
                    return kept
            self._events.append(self._receive(deadline, event))

    def close(self) -> None:
        """Ask the browser to quit, then kill its process group all the same."""
        if self._closed:
            return
        self._closed = True
        try:
            self._write({"id": 0, "method": "Browser.close"})
            deadline = time.monotonic() + min(5, self.timeout)
            while select.select([self._answers], [], [], max(0, deadline - time.monotonic()))[0]:
                if not os.read(self._answers, 1 << 16):
                    break  # the pipe ends when the browser does
        except (OSError, BrowserError):
            pass  # gone already, or hung: killed all the same
        finally:
            # Not reaped yet, the browser still holds its group's id: no other can have it.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            os.close(self._commands)
            os.close(self._answers)
            shutil.rmtree(self.temporary, ignore_errors=True)

    def __enter__(self) -> Printer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _tab(self, method: str, **params: Any) -> dict[str, Any]:
        return self.send(method, self._session, **params)

    def _write(self, message: dict[str, Any]) -> None:
        data = json.dumps(message).encode() + b"\0"
        deadline = time.monotonic() + self.timeout
        while data:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([], [self._commands], [], left)[1]:
                raise BrowserError(f"Chromium took no command for {self.timeout} s")
            try:
                data = data[os.write(self._commands, data) :]
            except BrokenPipeError:
                raise BrowserError(f"Chromium went away: {self._stderr()}") from None

    def _receive(self, deadline: float, waiting_for: str) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._answers], [], [], left)[0]:
                raise BrowserError(f"Chromium said nothing for {self.timeout} s ({waiting_for})")
            chunk = os.read(self._answers, 1 << 20)
            if not chunk:
                raise BrowserError(f"Chromium went away ({waiting_for}): {self._stderr()}")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def _stderr(self) -> str:
        try:
            return self._log.read_text(errors="replace")[-2000:]
        except OSError:
            return "(no log)"


def start_chromium(folder: Path) -> Printer:
    """Headless Chromium with its profile in `folder` (for tests marked `needs_chromium`)."""
    assert CHROMIUM is not None
    return Printer(CHROMIUM, folder / "chromium-profile")


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of a PDF (poppler's pdftotext separates pages by form feeds)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


# The report's headings, as pdftotext gives them.
HEADINGS = {
    "Summary", "Then and now", "What changed", "Patterns noticed", "Timeline",
    "Self-ratings, weekly averages", "Partner behaviours, weekly", "Concerning moments",
    "How to read this report", "Self-ratings over the period",
    "Partner behaviours over the period", "Consistency", "Patterns", "Needs", "Shared entries",
    "Appendix: the full lists",
}  # fmt: skip


def lone_headings(pages: list[str]) -> list[tuple[int, str]]:
    """The headings left alone at the foot of a page (but the last), with their page."""
    feet = [(number, [line.strip() for line in page.splitlines() if line.strip()][-1])
            for number, page in enumerate(pages[:-1], 1)]  # fmt: skip
    return [(number, foot) for number, foot in feet if foot in HEADINGS]


def _pipe() -> tuple[int, int]:
    """A pipe whose ends are neither 3 nor 4, the numbers they take in the browser."""
    ends = os.pipe()
    moved = [fcntl.fcntl(end, fcntl.F_DUPFD_CLOEXEC, 5) for end in ends]
    for end in ends:
        os.close(end)
    return moved[0], moved[1]


def dark_share(path: Path) -> float:
    """The share of dark pixels in a picture (PNG or PPM): text on a page, or a blank one."""
    rows, width = dark_rows(path)
    return sum(rows) / (len(rows) * width)


def ink_depth(path: Path) -> float:
    """How far down the picture its last dark pixel is (0 top, 1 bottom)."""
    rows, _ = dark_rows(path)
    inked = [i for i, n in enumerate(rows) if n]
    return (inked[-1] + 1) / len(rows) if inked else 0.0


def dark_rows(path: Path) -> tuple[list[int], int]:
    """The number of dark pixels in each row of a PPM (what pdftoppm makes: the pixels as
    they are) or an 8-bit RGB(A) PNG (what Chromium's screenshot is); and the width."""
    data = path.read_bytes()
    if data.startswith(b"P6"):
        import numpy as np  # loaded only where Chromium runs

        # The header, then one white space, then the pixels (which may begin with bytes
        # that read as white space: they are not split off).
        _, width, height, rest = data.split(maxsplit=3)
        largest = rest.split(maxsplit=1)[0]
        pixels = rest[len(largest) + 1 :]
        image = np.frombuffer(pixels, np.uint8).reshape(int(height), int(width), 3)
        return [int(n) for n in (image[:, :, 0] < 100).sum(axis=1)], int(width)
    return _png_dark_rows(data), int(struct.unpack(">I", data[16:20])[0])


def _png_dark_rows(data: bytes) -> list[int]:
    """The number of dark pixels in each row of an 8-bit RGB(A) PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], b""
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6)
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    import numpy as np  # loaded only where Chromium runs

    # numpy (which scipy brings) undoes the row filters a whole row at a time; only the
    # average and Paeth filters, which depend on the byte just undone, go byte by byte.
    rows = np.frombuffer(raw, np.uint8).reshape(height, stride + 1)
    pixels = rows[:, 1:].copy()
    previous = np.zeros(stride, np.uint8)
    for row in range(height):
        kind, line = rows[row, 0], pixels[row]
        if kind == 1:
            line[:] = np.cumsum(line.reshape(width, channels), axis=0, dtype=np.uint8).ravel()
        elif kind == 2:
            line += previous  # modulo 256, as uint8 adds
        elif kind in (3, 4):
            line[:] = _unfilter(line.tolist(), previous.tolist(), channels, int(kind))
        previous = line
    return [int(n) for n in (pixels[:, ::channels] < 100).sum(axis=1)]


def _unfilter(line: list[int], previous: list[int], channels: int, kind: int) -> list[int]:
    """A row under PNG's average (3) or Paeth (4) filter, undone."""
    for i in range(len(line)):
        left = line[i - channels] if i >= channels else 0
        up = previous[i]
        if kind == 3:
            line[i] = (line[i] + (left + up) // 2) & 255
            continue
        corner = previous[i - channels] if i >= channels else 0
        p = left + up - corner
        pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
        predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
        line[i] = (line[i] + predictor) & 255
    return line
