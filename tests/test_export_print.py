"""The HTML report printed by Chromium, on A4 and on letter paper: what a person sending it to
their therapist would notice.

A journal of eight months (220 entries, every partner dimension, self-ratings, events, shared
entries), as a person has after a year of recovery work: a file that is too large to e-mail,
and a first page that is not the whole summary. And the report of a short period (the
`journal` fixture): its pages, its headings, its first and last page as pictures, and how it
looks on screen.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainheal.cli import main

from printer import (
    Printer,
    dark_share,
    ink_depth,
    lone_headings,
    needs_chromium,
    pdf_pages,
    start_chromium,
)

pytestmark = [needs_chromium, pytest.mark.slow]

DIMENSIONS = {
    "accountability": ("full", "partial", "deflecting"),
    "transparency": ("proactive", "on-request", "withheld"),
    "repair": ("repaired", "attempted", "ignored"),
}
# A printed report of such a journal is a few hundred KB; with the bars' fill patterns of
# old it was over 20 MB (34 MB in the user trial).
MAX_PDF_BYTES = 3_000_000


def eight_months(vault: Path, extra_ratings: int = 0) -> None:
    """A crisis response fading after the discovery: much effort early, hollow later,
    boundaries crossed now and then, and ratings that go with it. Deterministic."""
    journal = vault / "Journal"
    journal.mkdir(parents=True)
    if extra_ratings:
        (vault / "plainheal.toml").write_text(
            "".join(f"[ratings.feeling{i}]\nrange = [1, 5]\n\n" for i in range(extra_ratings))
        )
    rnd = random.Random(11)
    start = dt.date(2026, 3, 15)
    days = sorted(rnd.sample([start + dt.timedelta(days=d) for d in range(258)], 220))
    for i, day in enumerate(days):
        early = (day - start).days < 36
        good = 0.9 if early else 0.35
        lines = ["---", f"date: {day}"]
        for key, (positive, mixed, concerning) in DIMENSIONS.items():
            r = rnd.random()
            value = positive if r < good else mixed if r < good + (1 - good) / 2 else concerning
            lines.append(f"{key}: {value}")
        lines.append(f"recovery: {'sustained' if rnd.random() < 0.7 else 'sporadic'}")
        empathy = (
            "connected"
            if early and rnd.random() < 0.8
            else rnd.choice(["hollow", "hollow", "dismissive", "connected"])
        )
        lines.append(f"empathy: {empathy}")
        crossed = rnd.random() < 0.25
        lines.append(f"boundaries: {'crossed' if crossed else 'respected'}")
        safety = (4 if early else 3) - (2 if crossed else 0) + rnd.choice((-1, 0, 0, 1))
        lines.append(f"safety: {max(1, min(5, safety))}")
        connection = (4 if empathy == "connected" else 2) + rnd.choice((-1, 0, 1))
        lines.append(f"connection: {max(1, min(5, connection))}")
        lines.append(f"regulation: {max(1, min(5, (4 if early else 2) + rnd.choice((-1, 0, 1))))}")
        lines += [f"feeling{k}: {rnd.randint(1, 5)}" for k in range(extra_ratings)]
        if i in (40, 120, 200):
            lines.append("share: true")
        if i in (5, 60):
            lines.append(f"event: {'discovery' if i == 5 else 'therapy'}")
        body = "Today was long. We talked after dinner.\nI noticed my chest tighten.\n"
        (journal / f"{day}.md").write_text("\n".join([*lines, "---", body]))


def _export(vault: Path, target: Path) -> None:
    result = CliRunner().invoke(main, ["export", str(vault), "--format", "html", "-o", str(target)])
    assert result.exit_code == 0, result.output


def _ink_depth(pdf: Path, page: int) -> float:
    """How far down `page` its last line of text reaches (0 top, 1 bottom)."""
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', boxes).group(1))  # type: ignore[union-attr]
    bottoms = [float(y) for y in re.findall(r'yMax="([\d.]+)"', boxes)]
    return max(bottoms) / height


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Printer]:
    """One browser for the prints of this module, closed when its tests are done (so that
    no test of another module runs with it as a child process)."""
    with start_chromium(tmp_path_factory.mktemp("chromium")) as browser:
        yield browser


def test_a_printed_report_is_small_and_opens_with_the_whole_summary(
    chromium: Printer, tmp_path: Path
) -> None:
    typical, long = tmp_path / "typical", tmp_path / "long"
    eight_months(typical)
    eight_months(long, extra_ratings=4)  # four more self-ratings: a summary too long for a page
    _export(typical, tmp_path / "typical.html")
    _export(long, tmp_path / "long.html")
    chromium.show(tmp_path / "typical.html")
    # Its size on A4, printed as "Save as PDF" prints it (the size does not depend on the
    # paper: the bars' fill patterns of old made any print 34 MB); its pages on both papers.
    (tmp_path / "A4.pdf").write_bytes(chromium.print_pdf("A4"))
    (tmp_path / "letter.pdf").write_bytes(chromium.print_pdf("letter", tagged=False))
    chromium.show(tmp_path / "long.html")
    (tmp_path / "long.pdf").write_bytes(chromium.print_pdf("A4", tagged=False))  # its pages

    printed = {paper: pdf_pages(tmp_path / f"{paper}.pdf") for paper in ("A4", "letter")}
    size = (tmp_path / "A4.pdf").stat().st_size
    assert size < MAX_PDF_BYTES, size
    # The charts' pages are as small as any other (they were 34 MB of the 34.7).
    assert size / len(printed["A4"]) < MAX_PDF_BYTES / 10, size
    for paper, pages in printed.items():
        # The summary, patterns and all, is the first page; the timeline starts the second.
        first = pages[0]
        assert "Then and now" in first and "Patterns noticed" in first, paper
        assert "Linked to how" in first and "Every figure is explained further on." in first
        assert pages[1].lstrip().startswith("Timeline"), (paper, pages[1][:200])
        # Sixteen pages and more, and still no heading alone at the foot of one.
        assert not lone_headings(pages), (paper, lone_headings(pages))

    # A summary longer than a page runs on to the next, item by item: the first page is
    # full, not cut short before "Patterns noticed" with a third of it left empty.
    pdf = tmp_path / "long.pdf"
    pages = pdf_pages(pdf)
    assert "Patterns noticed" in pages[0] and "Early effort fading" in pages[0]
    assert not pages[1].lstrip().startswith("Timeline")
    assert _ink_depth(pdf, 1) > 0.85, _ink_depth(pdf, 1)
    assert pages[2].lstrip().startswith("Timeline")
    assert not lone_headings(pages), lone_headings(pages)


def _check_printed(pdf: Path, folder: Path) -> None:
    """What a printed report must be, on any paper."""
    assert pdf.read_bytes().startswith(b"%PDF")
    pages = pdf_pages(pdf)
    # The summary alone on the first page; the timeline starts the second.
    assert "Summary" in pages[0] and "Then and now" in pages[0] and "Patterns noticed" in pages[0]
    assert "Timeline" not in pages[0]
    assert pages[1].lstrip().startswith("Timeline")
    # Shared entries start a page of their own; the report ends with its footer.
    assert any(page.lstrip().startswith("Shared entries") for page in pages)
    assert "for reflection, not verdicts" in pages[-1]
    assert 4 <= len(pages) <= 9, len(pages)
    # No heading is left alone at the foot of a page.
    assert not lone_headings(pages), (lone_headings(pages), len(pages))
    # The first and the last page, rasterised (as PPM: the pixels, nothing to decode): the
    # first is a full page of text, the last is not nearly empty.
    count = str(len(pages))
    for name, page in (("first", "1"), ("last", count)):
        subprocess.run(
            ["pdftoppm", "-r", "40", "-f", page, "-l", page, str(pdf), str(folder / name)],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
    (first,) = folder.glob("first*.ppm")
    (last,) = folder.glob("last*.ppm")
    first_ink = dark_share(first)
    assert 0.003 < first_ink < 0.3, first_ink
    # A last page holding only a line or two (a heading and a footer) is what print layout
    # must avoid: the report's content reaches well down its last page. The shared entries
    # always start a page: when they end the report, that page holds them whole (here one
    # short entry), however little of the page that fills.
    if pages[-1].lstrip().startswith("Shared entries"):
        assert "Words under it." in pages[-1], pages[-1]
    else:
        assert ink_depth(last) > 0.35, ink_depth(last)


def test_html_report_renders_and_prints_in_chromium(
    chromium: Printer, journal: Path, tmp_path: Path
) -> None:
    target = tmp_path / "report.html"
    _export(journal, target)
    # The report names no paper size; the printer's (here: the test's) decides.
    assert not re.search(r"@page[^}]*\bsize\s*:", target.read_text())
    shot = tmp_path / "report.png"
    # Shown on screen (where the paper size plays no part), then printed on A4 and on letter.
    chromium.show(target, width=800, height=1100)
    shot.write_bytes(chromium.screenshot())
    for paper in ("A4", "letter"):  # what is on the pages (the size: the test above)
        (tmp_path / f"{paper}.pdf").write_bytes(chromium.print_pdf(paper, tagged=False))
    share = dark_share(shot)
    assert 0.005 < share < 0.3, share  # text on a light page: neither blank nor inverted
    # On a phone the page never scrolls sideways: a table too wide scrolls within itself.
    chromium.show(target, width=390, height=800)
    page = "document.documentElement"
    assert chromium.evaluate(f"{page}.scrollWidth <= {page}.clientWidth")
    widest = "Math.max(...[...document.querySelectorAll('table')].map(t => t.scrollWidth))"
    assert chromium.evaluate(f"{widest} > {page}.clientWidth")  # one is that wide
    for paper in ("A4", "letter"):
        folder = tmp_path / paper
        folder.mkdir()
        _check_printed(tmp_path / f"{paper}.pdf", folder)
