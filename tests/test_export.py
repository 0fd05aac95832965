import re
import shutil
import stat
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainheal.cli import main

from conftest import WriteNote, entry

SECRET = "a sentence only the private entry holds"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def journal(vault: Path, write: WriteNote) -> Path:
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
        "[a page](https://example.org/read)\n\n# My own heading\n",
    )
    write(
        "Journal/2026-11-13.md",
        f"---\ndate: 2026-11-13\nprivate: true\nshare: true\nboundaries: crossed\nsafety: 1\n"
        f"---\n{SECRET}\n",
    )
    return vault


def test_markdown_report_for_a_period(journal: Path) -> None:
    code, out, _ = run("export", str(journal), "--since", "2026-11-01", "--until", "2026-11-20")
    assert code == 0
    assert out.startswith("---\nplainheal: export\nperiod: 2026-11-01/2026-11-20\n---\n")
    assert "# Journal report, 2026-11-01 to 2026-11-20" in out
    assert "Prepared from 19 entries in this period. 1 entry marked private was left out" in out
    assert "| Boundaries | respected 16 · tested 0 · crossed 2 |" in out
    assert "| Safety | 3.9 | 19 |" in out
    # Only in-period, non-private entries count: not October's, not the private crossing.
    assert "Boundaries were recorded as crossed in 2 of the 18 recent entries" in out
    assert "Entries: 2026-11-05, 2026-11-09." in out
    assert "2026-10-" not in out.split("## Shared entries")[0].split("## Patterns")[1]
    assert "We talked for two hours." in out  # shared
    assert "never be quoted" not in out  # not shared


def test_private_entries_never_appear(journal: Path, tmp_path: Path) -> None:
    code, out, _ = run("export", str(journal))
    assert code == 0
    assert SECRET not in out and "2026-11-13" not in out
    target = tmp_path / "report.html"
    assert run("export", str(journal), "--format", "html", "-o", str(target))[0] == 0
    document = target.read_text()
    assert SECRET not in document and "2026-11-13" not in document


def test_html_is_self_contained_and_safe(journal: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    code, _, err = run("export", str(journal), "--format", "html", "-o", str(target))
    assert code == 0 and "outside your journal folder" in err
    document = target.read_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "<script" not in document.lower()
    assert not re.search(r"\b(src|href)\s*=", document)
    assert "@import" not in document and "url(" not in document
    assert "&lt;b&gt;bold&lt;/b&gt;" in document
    assert "[image: us]" in document and "a page (https://example.org/read)" in document
    assert "@media print" in document and "@page" in document
    assert "<h4>My own heading</h4>" in document


def test_usage_errors(journal: Path) -> None:
    assert run("export", str(journal), "--format", "html")[0] == 2
    assert run("export", str(journal), "-o", str(journal / "Patterns" / "r.md"))[0] == 2
    code, _, err = run("export", str(journal), "-o", str(journal / "Journal" / "2026-11-07.md"))
    assert code == 2 and "one of your entries" in err
    assert "We talked" in (journal / "Journal" / "2026-11-07.md").read_text()
    assert run("export", str(journal), "--since", "2026-12-01", "--until", "2026-11-01")[0] == 2
    assert run("export", str(journal), "--since", "November")[0] == 2


def test_export_into_the_vault_is_not_read_as_an_entry(journal: Path) -> None:
    target = journal / "For my therapist.md"
    assert run("export", str(journal), "-o", str(target))[0] == 0
    _, out, _ = run("check", str(journal), "--json")
    assert "For my therapist.md" not in out


def _png_dark_share(path: Path) -> float:
    """The share of dark pixels in an 8-bit RGB(A) PNG: text on a page, or a blank one."""
    data = path.read_bytes()
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
    previous = bytearray(stride)
    dark = 0
    for row in range(height):
        kind = raw[row * (stride + 1)]
        line = bytearray(raw[row * (stride + 1) + 1 : (row + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + predictor) & 255
        dark += sum(1 for i in range(0, stride, channels) if line[i] < 100)
        previous = line
    return dark / (width * height)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)
def test_html_report_renders_and_prints_in_chromium(journal: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    assert run("export", str(journal), "--format", "html", "-o", str(target))[0] == 0
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]  # fmt: skip
    shot = tmp_path / "report.png"
    pdf = tmp_path / "report.pdf"
    assert CHROMIUM is not None
    subprocess.run(
        [CHROMIUM, *flags, "--window-size=800,1100", f"--screenshot={shot}", target.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    subprocess.run(
        [CHROMIUM, *flags, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", target.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    share = _png_dark_share(shot)
    assert 0.005 < share < 0.3, share  # text on a light page: neither blank nor inverted
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5_000


def test_first_and_last_days_of_a_long_period_are_compared(vault: Path, write: WriteNote) -> None:
    for day in range(1, 31):
        write(f"Journal/2026-09-{day:02d}.md", entry(f"2026-09-{day:02d}", safety=2))
        write(f"Journal/2026-11-{day:02d}.md", entry(f"2026-11-{day:02d}", safety=4))
    code, out, _ = run("export", str(vault))
    assert code == 0
    assert "The first 30 days of the period (2026-09-01 to 2026-09-30) against the last 30" in out
    assert "| Safety | 2.0 (n=30) | 4.0 (n=30) | +2.0, higher |" in out
