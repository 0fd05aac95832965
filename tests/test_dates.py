import datetime as dt
import json

import pytest

from plainheal.read.dates import (
    BadDate,
    date_from_name,
    name_dates,
    obsidian_formats,
    parse_date_property,
)


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


FEB_3 = dt.date(2021, 2, 3)


@pytest.mark.parametrize(
    ("formats", "path", "expected"),
    [
        (("DD-MM-YYYY",), "Journal/03-02-2021.md", FEB_3),
        (("MM-DD-YYYY",), "Journal/02-03-2021.md", FEB_3),
        (("YYYYMMDD",), "Imported/20210203-D.md", FEB_3),
        (("YYYYMMDD",), "Anna-20210203-Diary.md", FEB_3),
        (("dddd, MMMM Do YYYY",), "Tuesday, February 3rd 2021.md", FEB_3),
        (("dddd, MMMM Do YYYY",), "wednesday, FEBRUARY 3rd 2021.md", FEB_3),
        (("ddd D MMM YY",), "Wed 3 Feb 21.md", FEB_3),
        (("D.M.YYYY",), "Diary 3.2.2021 evening.md", FEB_3),
        (("DD.MM.YYYY",), "03.02.2021.md", FEB_3),
        (("YYYY/MM/DD",), "Journal/2021/02/03.md", FEB_3),
        (("YYYY/MM/YYYY-MM-DD",), "Journal/2021/02/2021-02-03.md", FEB_3),
        (("YYYY/MMMM/D",), "2021/February/3.md", FEB_3),
        (("[Journal] YYYY-MM-DD",), "Journal 2021-02-03 (2).md", FEB_3),
        ((), "Journal 2021-02-03 (2).md", FEB_3),
        (("DD-MM-YYYY",), "2021-02-03.md", FEB_3),  # YYYY-MM-DD is always understood
        (("YYYYMMDD",), "120210203.md", None),  # inside a longer run of digits
        (("YYYYMMDD",), "202102031.md", None),
        (("DD.MM.YYYY",), "v103.02.2021.md", None),
        ((), "03-02-2021.md", None),  # ambiguous: read only the way the vault says
        (("MMMM D YYYY",), "Februaryish 3 2021.md", None),
        (("YYYY/MM/DD",), "2021-02-03-notes/x.md", None),
    ],
)
def test_names_in_the_vaults_formats(
    formats: tuple[str, ...], path: str, expected: dt.date | None
) -> None:
    assert name_dates(formats).read(path).date == expected


def test_formats_are_tried_in_order() -> None:
    assert name_dates(("DD-MM-YYYY", "MM-DD-YYYY")).read("01-02-2026.md").date == dt.date(
        2026, 2, 1
    )
    assert name_dates(("MM-DD-YYYY", "DD-MM-YYYY")).read("01-02-2026.md").date == dt.date(
        2026, 1, 2
    )
    # A format that names an impossible day gives way to the next one that fits.
    assert name_dates(("MM-DD-YYYY", "DD-MM-YYYY")).read("13-02-2026.md").date == dt.date(
        2026, 2, 13
    )


def test_an_impossible_day_names_its_format() -> None:
    found = name_dates(("DD.MM.YYYY",)).read("Journal/31.02.2026.md")
    assert found.date is None and found.impossible == "DD.MM.YYYY"
    assert name_dates().read("Notes.md").impossible is None


def test_formats_that_name_no_day_are_left_aside() -> None:
    assert [f.pattern for f in name_dates(("gggg-[W]ww", "HH:mm", "YYYY-MM")).formats] == [
        "YYYY-MM-DD"
    ]


def test_obsidian_formats_from_real_settings_files() -> None:
    daily = json.dumps({"folder": "02 Daily", "format": "DD-MM-YYYY"})
    periodic = json.dumps(
        {
            "showGettingStartedBanner": True,
            "daily": {"format": "", "template": "T/Daily.md", "folder": "P", "enabled": True},
            "weekly": {"format": "gggg-[W]ww", "folder": "W", "enabled": True},
        }
    )
    journals = json.dumps(
        {
            "version": 3,
            "journals": {
                "Day": {"write": {"type": "day"}, "dateFormat": "YYYYMMDD", "folder": "j"},
                "Week": {"write": {"type": "week"}, "dateFormat": "YYYY-[W]w"},
            },
        }
    )
    assert obsidian_formats(daily) == ("DD-MM-YYYY",)
    assert obsidian_formats(daily, periodic, journals) == ("YYYY-MM-DD", "DD-MM-YYYY", "YYYYMMDD")
    off = json.dumps({"daily": {"format": "D.M.YY", "enabled": False}})
    assert obsidian_formats(None, off) == ()
    sets = json.dumps({"calendarSets": [{"day": {"format": "D.M.YY", "enabled": True}}]})
    assert obsidian_formats(None, sets) == ("D.M.YY",)
    assert obsidian_formats("{not json", "[]", "null") == ()


def test_a_date_property_in_the_vaults_format() -> None:
    assert parse_date_property("03.02.2021", ("DD.MM.YYYY",)) == FEB_3
    assert parse_date_property("2021-02-03", ("MM-DD-YYYY",)) == FEB_3  # ISO stays ISO
    with pytest.raises(BadDate, match=r"fits DD\.MM\.YYYY but is not a real calendar date"):
        parse_date_property("31.02.2021", ("DD.MM.YYYY",))
    with pytest.raises(BadDate):
        parse_date_property("on 03.02.2021", ("DD.MM.YYYY",))  # the whole value, not a part


@pytest.mark.parametrize(
    "value", ["the day he told me", "2026-02-30", "2026-11-20Tnope", 20261120, "03.02.2021"]
)
def test_a_bad_date_property_is_never_repeated(value: object) -> None:
    with pytest.raises(BadDate) as failure:
        parse_date_property(value)
    assert str(value) not in str(failure.value) and "told" not in str(failure.value)
