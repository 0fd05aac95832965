"""An entry's date: the frontmatter `date`, else the first `YYYY-MM-DD` in its file name."""

from __future__ import annotations

import datetime as dt
import re

_NAME_DATE = re.compile(r"(?<![0-9])([0-9]{4})-([0-9]{2})-([0-9]{2})(?![0-9])")
_ISO_PREFIX = re.compile(r"\s*([0-9]{4})-([0-9]{2})-([0-9]{2})(?:$|[T ])")


class BadDate(ValueError):
    """A `date` property that is not a real calendar date."""


def parse_date_property(value: object) -> dt.date:
    """A frontmatter date: a YAML date, an ISO date or an ISO datetime string.

    A datetime keeps the calendar date as written (no timezone conversion): the day the
    person wrote about is the day they named.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise BadDate(f"date should look like 2026-11-20, not {value!r}")
    match = _ISO_PREFIX.match(value)
    if match is None:
        raise BadDate(f"date {value.strip()!r} should look like 2026-11-20")
    year, month, day = (int(part) for part in match.groups())
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise BadDate(f"date {value.strip()!r} is not a real calendar date") from None
    rest = value.strip()[10:]
    if rest:
        try:
            dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise BadDate(f"date {value.strip()!r} has a time that is not valid") from None
    return date


def date_from_name(name: str) -> dt.date | None:
    """The first real `YYYY-MM-DD` date in a file name, if any."""
    for match in _NAME_DATE.finditer(name):
        year, month, day = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


def impossible_name_date(name: str) -> str | None:
    """A `YYYY-MM-DD` in a file name that is not a real date (`2026-09-31`), if any."""
    for match in _NAME_DATE.finditer(name):
        year, month, day = (int(part) for part in match.groups())
        try:
            dt.date(year, month, day)
        except ValueError:
            return match.group(0)
    return None
