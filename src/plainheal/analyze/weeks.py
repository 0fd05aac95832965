"""ISO weeks: their names and first days."""

from __future__ import annotations

import datetime as dt


def iso_week(day: dt.date) -> str:
    """`2026-W47` for a date."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(day: dt.date) -> dt.date:
    """The Monday of the ISO week of `day`."""
    return day - dt.timedelta(days=day.weekday())
