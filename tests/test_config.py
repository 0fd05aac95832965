import datetime as dt

import pytest

from plainheal.builtin import VOCABULARY
from plainheal.config import Config, ConfigError, Thresholds, parse_config

FULL = """
journal = ["Journal", "Daily"]
output = "Reflections/Patterns"
templates = "Meta/Templates"
discovery = 2026-06-01

[thresholds]
min_entries = 5
high_share = 0.7

[dimensions.honesty]
values = { open = 1, guarded = 0, closed = -1 }
aliases = { shut = "closed" }
label = "Honesty"
question = "Was the conversation open?"

[dimensions.transparency]
aliases = { shared = "proactive" }

[ratings.hope]
range = [0, 10]

[checklists.needs_met]
items = ["rest"]
"""


def test_a_full_config() -> None:
    config = parse_config(FULL, VOCABULARY)
    assert config.journal == ("Journal", "Daily")
    assert config.output == "Reflections/Patterns"
    assert config.templates == ("Meta/Templates",)
    assert config.discovery == dt.date(2026, 6, 1)
    assert config.thresholds == Thresholds(min_entries=5, high_share=0.7)
    honesty = config.vocabulary.dimensions["honesty"]
    assert honesty.scores == {"open": 1, "guarded": 0, "closed": -1}
    assert honesty.aliases == {"shut": "closed"}
    transparency = config.vocabulary.dimensions["transparency"]
    assert transparency.scores == VOCABULARY.dimensions["transparency"].scores
    assert transparency.aliases["shared"] == "proactive"
    assert transparency.aliases["volunteered"] == "proactive"
    assert (config.vocabulary.ratings["hope"].low, config.vocabulary.ratings["hope"].high) == (
        0,
        10,
    )
    assert config.vocabulary.checklists["needs_met"].items[-1] == "rest"


def test_empty_config_is_the_default() -> None:
    assert parse_config("", VOCABULARY) == Config()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("journal = [", "not valid TOML"),
        ("colour = 'blue'", "does not know colour"),
        ("output = '../elsewhere'", "inside the vault"),
        ("output = '/etc'", "inside the vault"),
        ("discovery = 'June'", "discovery should be a date"),
        ("[thresholds]\nmin_entry = 3", "not a threshold"),
        ("[thresholds]\nmin_entries = 0", "at least 1"),
        ("[thresholds]\nmin_entries = 2.5", "whole number"),
        ("[dimensions.honesty]\nlabel = 'x'", "needs values"),
        ("[dimensions.honesty]\nvalues = { open = 2 }", "1, 0 or -1"),
        ("[dimensions.honesty]\nvalues = { open = 1 }\naliases = { x = 'nope' }", "not a value"),
        ("[ratings.hope]\nrange = [5, 1]", "low before high"),
        ("[checklists.wants]\nitems = [1]", "list of words"),
        ("[dimensions.hope]\nvalues = { a = 1 }\n[ratings.hope]\nrange = [1, 3]", "two kinds"),
    ],
)
def test_broken_config_is_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_config(text, VOCABULARY)


def test_date_formats_are_read_in_order() -> None:
    config = parse_config('date_formats = ["DD.MM.YYYY", " YYYYMMDD "]\n', VOCABULARY)
    assert config.date_formats == ("DD.MM.YYYY", "YYYYMMDD")
    assert parse_config("", VOCABULARY).date_formats == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('date_formats = "DD.MM.YYYY"', "date_formats should be a list of date formats"),
        ("date_formats = [1]", "date_formats should be a list of date formats"),
        ('date_formats = ["YYYY-MM-DD", "DD.MM"]', "date_formats: format 2 has no year"),
        ('date_formats = ["HH:mm DD.MM.YYYY"]', "date_formats: format 1 uses 'H'"),
        ('date_formats = ["DD\\u0000MM.YYYY"]', "date_formats: format 1 should be a date format"),
        ('date_formats = [""]', "date_formats: format 1 should be a date format"),
        ("date_formats = [" + ", ".join(['"YYYY-MM-DD"'] * 21) + "]", "at most 20"),
    ],
)
def test_bad_date_formats_are_refused(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_config(text, VOCABULARY)
