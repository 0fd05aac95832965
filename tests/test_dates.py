import datetime as dt

import pytest

from plainheal.dates import BadDate, date_from_name, parse_date_property


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-20", dt.date(2026, 11, 20)),
        ("2026-11-20T23:30", dt.date(2026, 11, 20)),
        ("2026-11-20 07:15:00", dt.date(2026, 11, 20)),
        ("2026-11-20T23:30:00+09:00", dt.date(2026, 11, 20)),
        (dt.date(2026, 1, 2), dt.date(2026, 1, 2)),
        (dt.datetime(2026, 1, 2, 3, 4), dt.date(2026, 1, 2)),
    ],
)
def test_date_property_forms(value: object, expected: dt.date) -> None:
    assert parse_date_property(value) == expected


@pytest.mark.parametrize(
    "value", ["2026-02-30", "2026-13-01", "yesterday", 20261120, "2026-11-20Tnope"]
)
def test_bad_dates_are_reported(value: object) -> None:
    with pytest.raises(BadDate):
        parse_date_property(value)


def test_date_from_file_name() -> None:
    assert date_from_name("2026-11-20.md") == dt.date(2026, 11, 20)
    assert date_from_name("Journal 2026-11-20 evening.md") == dt.date(2026, 11, 20)
    assert date_from_name("2026-02-30 then 2026-03-01.md") == dt.date(2026, 3, 1)
    assert date_from_name("Notes.md") is None
    assert date_from_name("12026-11-200.md") is None
