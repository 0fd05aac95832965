import datetime as dt
from dataclasses import fields

import pytest

from plainheal.api import Thresholds
from plainheal.builtin import VOCABULARY
from plainheal.read.config import Config, ConfigError, parse_config, threshold_bounds

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
        # Nonsense thresholds, named by their key.
        ("[thresholds]\nrecent_days = 0", "recent_days should be at least 1"),
        ("[thresholds]\nrecent_days = 1e9", "recent_days should be a whole number"),
        ("[thresholds]\nrecent_days = 1000000000", "recent_days should be between"),
        ("[thresholds]\ntrend_weeks = 0", "trend_weeks should be at least 1"),
        ("[thresholds]\ntrend_weeks = 1000000", "trend_weeks should be between"),
        ("[thresholds]\nhigh_share = 2", "high_share should be between 0 and 1"),
        ("[thresholds]\nsteady_weeks = 1.5", "steady_weeks should be between 0 and 1"),
        ("[thresholds]\nhigh_share = nan", "high_share should be a finite number"),
        ("[thresholds]\ntrend_slope = inf", "trend_slope should be a finite number"),
        ("[thresholds]\nlink_difference = -inf", "link_difference should be a finite"),
        ("[thresholds]\nlinked_days = true", "linked_days should be a number"),
        ("[thresholds]\nmodified_grace_seconds = 1e12", "modified_grace_seconds should be"),
        # Folders that overlap, leave the vault, or hold control characters.
        ("journal = 'Journal'\noutput = 'Journal'", "overlaps the journal folder"),
        ("journal = 'Journal'\noutput = 'journal/Patterns'", "overlaps the journal folder"),
        ("journal = 'Notes/Journal'\noutput = 'Notes'", "overlaps the journal folder"),
        ("journal = 'Journal'\ntemplates = 'Journal'", "templates 'Journal' holds"),
        ("output = '.'", "inside the vault"),
        ("output = 'a/../../b'", "inside the vault"),
        ('output = "Pat\\u0000terns"', "without control characters"),
        ('journal = ["J\\u001b[31m"]', "without control characters"),
        ("discovery = 0001-01-01", "discovery should be a date between 1900 and 2199"),
        # Reserved keys and words that collide.
        ("[dimensions.private]\nvalues = { yes = 1, no = -1 }", "'private' is reserved"),
        ("[ratings.Date]\nrange = [1, 3]", "'date' is reserved"),
        ("[checklists.tags]\nitems = ['a']", "'tags' is reserved"),
        ("[dimensions.share]\nvalues = { a = 1 }", "'share' is reserved"),
        ("[dimensions.event]\nvalues = { a = 1 }", "'event' is reserved"),
        ("[checklists.aliases]\nitems = ['a']", "'aliases' is reserved"),
        ("[dimensions.honesty]\nvalues = { open = 1, Open = -1 }", "are the same word"),
        ("[dimensions.honesty]\nvalues = { open = 1, open_ = -1 }", "are the same word"),
        (
            "[dimensions.honesty]\nvalues = { open = 1, shut = -1 }\naliases = { Open = 'shut' }",
            "honesty.values.aliases.Open: is also a value",
        ),
        ("[checklists.wants]\nitems = ['rest']\naliases = { nap = 'sleep' }", "not a value"),
        ("[checklists.wants]\nitems = ['rest', 'Rest ']", "are the same word"),
        ("[ratings.hope]\nrange = [1, 1000000000]", "hope.range: should lie within"),
        ('[dimensions."a\\u001b"]\nvalues = { x = 1 }', "should be a name on one line"),
        ('[dimensions.honesty]\nvalues = { "x\\u001b" = 1 }', "should be a word on one line"),
        ('[checklists.wants]\nitems = ["a"]\naliases = { "b\\n" = "a" }', "a word on one line"),
        ('[dimensions.honesty]\nvalues = { open = 1 }\nlabel = "a\\u0007b"', "on one line"),
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


def test_a_byte_order_mark_is_accepted() -> None:
    config = parse_config("\ufeffoutput = 'Reflections'\n", VOCABULARY)
    assert config.output == "Reflections"


def test_an_alias_spelled_like_its_own_value_is_fine() -> None:
    text = "[dimensions.honesty]\nvalues = { open = 1 }\naliases = { Open_ = 'open' }"
    assert parse_config(text, VOCABULARY).vocabulary.dimensions["honesty"].scores == {"open": 1}


def test_every_threshold_default_is_within_its_own_bounds() -> None:
    # Holds new thresholds to the same checks: a default outside its bounds could not even
    # be written in plainheal.toml.
    defaults = Thresholds()
    for item in fields(Thresholds)[:-1]:  # the last: the values of plugins' thresholds
        value = getattr(defaults, item.name)
        low, high = threshold_bounds(item.name, type(value))
        assert low <= value <= high, item.name
        text = f"[thresholds]\n{item.name} = {value!r}"
        assert getattr(parse_config(text, VOCABULARY).thresholds, item.name) == value
