"""Obsidian's date formats (moment.js tokens) for file names and templates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from plainheal.render.words import MONTHS

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


# Reading dates back out of names: only the tokens that name a day, in English.
READABLE_TOKENS = ("YYYY", "YY", "MMMM", "MMM", "MM", "M", "DD", "Do", "D", "dddd", "ddd")
_READ_TOKEN = re.compile(r"\[[^\]]*\]|YYYY|YY|MMMM|MMM|MM|M|Do|DD|D|dddd|ddd|[A-Za-z]")
_MONTH_NAMES = "|".join(MONTHS)
_MONTH_ABBREVIATIONS = "|".join(month[:3] for month in MONTHS)
_DAY_NAMES = "|".join(_DAYS)
_DAY_ABBREVIATIONS = "|".join(day[:3] for day in _DAYS)
_PIECES = {  # token → (the regex of its text, the field it gives, True if it is digits)
    "YYYY": (r"[0-9]{4}", "year", True),
    "YY": (r"[0-9]{2}", "year2", True),
    "MMMM": (_MONTH_NAMES, "month_name", False),
    "MMM": (_MONTH_ABBREVIATIONS, "month_name", False),
    "MM": (r"[0-9]{2}", "month", True),
    "M": (r"[0-9]{1,2}", "month", True),
    "DD": (r"[0-9]{2}", "day", True),
    "Do": (r"[0-9]{1,2}(?:st|nd|rd|th)", "day", False),
    "D": (r"[0-9]{1,2}", "day", True),
    "dddd": (_DAY_NAMES, "", False),
    "ddd": (_DAY_ABBREVIATIONS, "", False),
}


class FormatError(ValueError):
    """A date format plainheal cannot read dates back from."""


class NotADate(Exception):
    """Text that matches a date format but names no real calendar day (`31.02.2026`)."""


def _field_value(field: str, text: str) -> int:
    if field == "month_name":
        return [month[:3].lower() for month in MONTHS].index(text[:3].lower()) + 1
    if field == "day":
        return int(text.rstrip("stndrhSTNDRH"))
    if field == "year2":  # moment.js: 69–99 are the 1900s, 00–68 the 2000s
        value = int(text)
        return value + (1900 if value > 68 else 2000)
    return int(text)


@dataclass(frozen=True)
class DateFormat:
    """A moment.js date format compiled once into a regex that finds it inside a name."""

    pattern: str
    regex: re.Pattern[str]
    fields: tuple[str, ...]  # the field of each regex group, in order

    @property
    def has_folders(self) -> bool:
        """True when the format spans folders (`YYYY/MM/DD`): it is matched against the path."""
        return "/" in self.regex.pattern

    def find(self, text: str) -> dt.date | None:
        """The first real day this format names in `text` (`NotADate`: only impossible ones)."""
        impossible = False
        for match in self.regex.finditer(text):
            try:
                day = self._day(match)
            except NotADate:
                impossible = True
                continue
            if day is not None:
                return day
        if impossible:
            raise NotADate(self.pattern)
        return None

    def whole(self, text: str) -> dt.date | None:
        """The day `text` names when all of it is this format (`NotADate`: an impossible one)."""
        match = self.regex.fullmatch(text.strip())
        return self._day(match) if match is not None else None

    def _day(self, match: re.Match[str]) -> dt.date | None:
        values: dict[str, int] = {}
        for field_name, group in zip(self.fields, match.groups(), strict=True):
            if not field_name:
                continue
            name = "month" if field_name == "month_name" else field_name
            name = "year" if name == "year2" else name
            value = _field_value(field_name, group)
            if values.setdefault(name, value) != value:
                return None  # `YYYY/YYYY-MM-DD` with two different years
        try:
            return dt.date(values["year"], values["month"], values["day"])
        except ValueError:
            raise NotADate(self.pattern) from None


def compile_format(pattern: str) -> DateFormat:
    """Compile a moment.js format for reading; `FormatError` says what it cannot read."""
    if not pattern.strip() or "\x00" in pattern or len(pattern) > 200:
        raise FormatError("should be a date format such as YYYY-MM-DD")
    parts: list[str] = []
    fields: list[str] = []
    edges: list[tuple[str, str]] = []  # what each piece starts and ends with: digit, letter
    for piece in _tokens(pattern):
        if piece in _PIECES:
            regex, field_name, digits = _PIECES[piece]
            parts.append(f"({regex})")
            fields.append(field_name)
            edges.append(("digit", "digit") if digits else _name_edges(piece))
        elif re.fullmatch("[A-Za-z]", piece):
            raise FormatError(
                f"uses {piece!r}, which is not a date token plainheal reads; known: "
                f"{' '.join(READABLE_TOKENS)} (put other letters in [brackets])"
            )
        else:
            text = piece[1:-1] if piece.startswith("[") else piece
            parts.append(re.escape(text))
            edges.append(("", ""))
    if len(fields) > 8:  # also keeps the regex's backtracking small on any name
        raise FormatError("has more than 8 date tokens; a day needs only a year, month and day")
    given = {"year" if f == "year2" else "month" if f == "month_name" else f for f in fields}
    missing = [name for name in ("year", "month", "day") if name not in given]
    if missing:
        tokens = {"year": "YYYY or YY", "month": "MM, M, MMM or MMMM", "day": "DD, D or Do"}
        needed = "; ".join(f"a {name}: {tokens[name]}" for name in missing)
        raise FormatError(
            f"has no {' or '.join(missing)}, so it cannot name a day (add {needed}; "
            f"plainheal reads {' '.join(READABLE_TOKENS)})"
        )
    # Not inside a longer run of digits (or of letters, for names of months and days).
    before = {"digit": r"(?<![0-9])", "letter": r"(?<![A-Za-z])"}.get(edges[0][0], "")
    after = {"digit": r"(?![0-9])", "letter": r"(?![A-Za-z])"}.get(edges[-1][1], "")
    compiled = re.compile(before + "".join(parts) + after, re.IGNORECASE)
    return DateFormat(pattern, compiled, tuple(fields))


def _name_edges(token: str) -> tuple[str, str]:
    return ("digit", "letter") if token == "Do" else ("letter", "letter")


def _tokens(pattern: str) -> list[str]:
    pieces: list[str] = []
    position = 0
    while position < len(pattern):
        match = _READ_TOKEN.match(pattern, position)
        if match is None:
            pieces.append(pattern[position])
            position += 1
        else:
            pieces.append(match.group(0))
            position = match.end()
    return pieces
