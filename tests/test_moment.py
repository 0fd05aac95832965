import datetime as dt

import pytest

from plainheal.moment import format_moment

MOMENT = dt.datetime(2026, 11, 2, 7, 5, 9)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("YYYY-MM-DD", "2026-11-02"),
        ("YYYY/YYYY-MM-DD", "2026/2026-11-02"),
        ("YYYY/MM/DD", "2026/11/02"),
        ("YYYY/MMMM/YYYY-MM-DD", "2026/November/2026-11-02"),
        ("dddd, Do MMM YY", "Monday, 2nd Nov 26"),
        ("D.M.YYYY", "2.11.2026"),
        ("[Week] ww, gggg", "Week 45, 2026"),
        ("HH:mm:ss A", "07:05:09 AM"),
        ("[YYYY] YYYY", "YYYY 2026"),
    ],
)
def test_obsidian_formats(pattern: str, expected: str) -> None:
    assert format_moment(MOMENT, pattern) == expected
