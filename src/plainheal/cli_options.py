"""The command line's own option types and checks: what a typed value means, or the usage
error (exit 2) that says how to write it."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import PurePath
from typing import Any

import click

from plainheal.entry import EARLIEST, LATEST

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def day_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    """`--date` as a calendar day, or a plain usage error (exit 2) saying how to write it."""
    if value is None:
        return None
    if not _DAY.fullmatch(value.strip()):
        raise click.UsageError("--date: write the day as YYYY-MM-DD, e.g. 2026-11-20")
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:  # 2026-02-30: written as it should be, but no such day
        raise click.UsageError(
            f"--date: {value.strip()} is not a day of the calendar (is the month or day right?)"
        ) from None
    if not EARLIEST <= day <= LATEST:  # an entry of that day would not be read
        raise click.UsageError(
            f"--date: the year should be between {EARLIEST.year} and {LATEST.year}"
        )
    return day


class Seconds(click.FloatRange):
    """A number of seconds in a range: `nan` is refused too (it passes every comparison's
    test by failing it, and a watch waiting NaN seconds would never update)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if math.isnan(number):
            self.fail("nan is not a number of seconds", param, ctx)
        return number


def report_form(form: str | None, output: str | None) -> str:
    """The report's format: as asked, else as the -o file's name ends, else Markdown; a
    name that says otherwise is refused rather than holding the other format."""
    suffix = PurePath(output).suffix.lower() if output else ""
    if suffix == ".pdf":
        raise click.UsageError(
            "-o: plainheal writes the report as HTML or Markdown; for a PDF, write HTML "
            "(-o report.html) and print it, or save it as PDF, from a browser"
        )
    named = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}.get(suffix)
    if form is not None and named is not None and form != named:
        raise click.UsageError(
            f"--format {form} does not go with a file ending in {suffix}; "
            f"leave out --format, or name the file for {form}"
        )
    return form or named or "md"
