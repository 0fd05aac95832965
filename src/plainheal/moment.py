"""Obsidian's date formats (moment.js tokens) for file names and templates."""

from __future__ import annotations

import datetime as dt
import re

from plainheal.words import MONTHS

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Longest tokens first, so that `YYYY` is not read as two `YY`; `[...]` is literal text.
_TOKEN = re.compile(
    r"\[[^\]]*\]|YYYY|YY|MMMM|MMM|MM|M|DDDD|DD|Do|D|dddd|ddd|d|HH|H|hh|h|mm|m|ss|s|A|a|gggg|GGGG|ww|WW|w|W|Q"
)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def format_moment(moment: dt.datetime, pattern: str) -> str:
    """Format `moment` with a moment.js pattern such as `YYYY/YYYY-MM-DD` or `dddd, Do MMM`."""
    iso_year, iso_week, iso_day = moment.isocalendar()
    hour12 = moment.hour % 12 or 12
    values = {
        "YYYY": f"{moment.year:04d}",
        "YY": f"{moment.year % 100:02d}",
        "MMMM": MONTHS[moment.month - 1],
        "MMM": MONTHS[moment.month - 1][:3],
        "MM": f"{moment.month:02d}",
        "M": str(moment.month),
        "DDDD": f"{moment.timetuple().tm_yday:03d}",
        "DD": f"{moment.day:02d}",
        "Do": _ordinal(moment.day),
        "D": str(moment.day),
        "dddd": _DAYS[moment.weekday()],
        "ddd": _DAYS[moment.weekday()][:3],
        "d": str(iso_day % 7),
        "HH": f"{moment.hour:02d}",
        "H": str(moment.hour),
        "hh": f"{hour12:02d}",
        "h": str(hour12),
        "mm": f"{moment.minute:02d}",
        "m": str(moment.minute),
        "ss": f"{moment.second:02d}",
        "s": str(moment.second),
        "A": "AM" if moment.hour < 12 else "PM",
        "a": "am" if moment.hour < 12 else "pm",
        "gggg": f"{iso_year:04d}",
        "GGGG": f"{iso_year:04d}",
        "ww": f"{iso_week:02d}",
        "WW": f"{iso_week:02d}",
        "w": str(iso_week),
        "W": str(iso_week),
        "Q": str((moment.month - 1) // 3 + 1),
    }

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        return token[1:-1] if token.startswith("[") else values[token]

    return _TOKEN.sub(replace, pattern)
