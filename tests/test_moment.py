import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plainheal.read.dates import name_dates
from plainheal.read.moment import (
    READABLE_TOKENS,
    FormatError,
    NotADate,
    compile_format,
    format_moment,
)

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


# The tokens of a pattern, all in one draw, each choice as likely as when drawn one by one: a
# year, a month, a day, maybe a weekday (first), the order of year, month and day, and a
# prefix.
_TOKENS = st.sampled_from(
    list(
        itertools.product(
            ("YYYY", "YY"),
            ("MMMM", "MMM", "MM", "M"),
            ("DD", "Do", "D"),
            ("", "dddd", "ddd"),
            itertools.permutations((0, 1, 2)),
            ("", "[Diary ]", "[Anna-]"),
        )
    )
)
# A pattern has at most four tokens, so three separators between them (a longer list named
# the same patterns: its other separators were never read).
_SEPARATORS = st.lists(
    st.sampled_from([" ", "-", ".", "_", ", ", "/", " [of] "]), min_size=3, max_size=3
)


# Each drawn pattern is read back on the drawn day and on three fixed ones: both ends of the
# two-digit years' century and a leap day (drawing the pattern is what costs).
@settings(max_examples=200)
@given(
    day=st.dates(min_value=dt.date(1969, 1, 1), max_value=dt.date(2068, 12, 31)),
    tokens=_TOKENS,
    separators=_SEPARATORS,
)
def test_formatting_then_reading_gives_the_day_back(
    day: dt.date,
    tokens: tuple[str, str, str, str, tuple[int, ...], str],
    separators: list[str],
) -> None:
    year, month, day_token, weekday, order, prefix = tokens
    ordered = [[year, month, day_token][i] for i in order]
    if weekday:
        ordered.insert(0, weekday)
    pattern = prefix + ordered[0]
    for token, separator in zip(ordered[1:], separators, strict=False):
        pattern += separator + token
    compiled, dates = compile_format(pattern), name_dates((pattern,))
    for wanted in (day, dt.date(1969, 1, 1), dt.date(2068, 12, 31), dt.date(2024, 2, 29)):
        name = format_moment(dt.datetime.combine(wanted, dt.time()), pattern)
        assert compiled.find(name) == wanted, name
        assert dates.read(f"Journal/{name}.md").date == wanted, name


@pytest.mark.parametrize("token", READABLE_TOKENS)
def test_every_readable_token_is_exercised(token: str) -> None:
    sample = dt.datetime(2021, 2, 3)
    pattern = {"YYYY": "YYYY-MM-DD", "YY": "YY-MM-DD", "dddd": "dddd YYYY-MM-DD"}.get(
        token, f"YYYY {token} DD" if token.startswith("M") else f"YYYY MM {token}"
    )
    if token in ("ddd",):
        pattern = "ddd YYYY-MM-DD"
    assert compile_format(pattern).find(format_moment(sample, pattern)) == sample.date()


@pytest.mark.parametrize(
    ("pattern", "complaint"),
    [
        ("YYYY-MM", "has no day"),
        ("YYYY-MM", "add a day: DD, D or Do; plainheal reads YYYY YY"),
        ("MM-DD", "has no year, so it cannot name a day .add a year: YYYY or YY"),
        ("HH:mm", "uses 'H'"),
        ("YYYY-[W]ww", "uses 'w'"),
        ("", "should be a date format"),
        ("YYYY\x00MM-DD", "should be a date format"),
        ("D" * 40 + "MMYYYY", "more than 8 date tokens"),
    ],
)
def test_formats_that_cannot_name_a_day_are_refused(pattern: str, complaint: str) -> None:
    with pytest.raises(FormatError, match=complaint.replace("(", r"\(")):
        compile_format(pattern)


def test_an_impossible_day_is_told_apart_from_no_day() -> None:
    with pytest.raises(NotADate):
        compile_format("DD.MM.YYYY").find("31.02.2026")
    assert compile_format("DD.MM.YYYY").find("no date here") is None


@given(
    day=st.dates(),
    pattern=st.sampled_from(["YYYY-MM-DD", "DD.MM.YYYY", "YYYYMMDD", "MMMM Do, YYYY", "D/M/YYYY"]),
)
def test_four_digit_years_read_back_over_every_year(day: dt.date, pattern: str) -> None:
    name = format_moment(dt.datetime.combine(day, dt.time()), pattern)
    assert compile_format(pattern).find(name) == day
