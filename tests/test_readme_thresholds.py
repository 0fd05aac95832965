"""The README's `[thresholds]` list and its section on how plainheal decides what to say
cannot drift from the code."""

import re
from dataclasses import fields
from pathlib import Path

from plainheal.api import Thresholds

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_threshold_is_listed_with_its_default() -> None:
    block = README.split("\n[thresholds]", 1)[1].split("\n\n", 1)[0]
    listed = dict(re.findall(r"^(\w+) = ([\d.]+)", block, flags=re.MULTILINE))
    defaults = Thresholds()
    assert set(listed) == {f.name for f in fields(Thresholds)} - {"plugin_values"}
    for name, value in listed.items():
        assert float(value) == getattr(defaults, name), name


def test_every_threshold_behind_a_claim_is_explained() -> None:
    section = README.split("### How plainheal decides what to say", 1)[1].split("\n## ", 1)[0]
    for name in (
        "alpha",
        "min_rating_change",
        "trend_slope",
        "trend_min_weeks",
        "link_difference",
        "link_min_days",
        "link_min_weeks",
        "link_weeks",
        "linked_days",
        "high_share",
        "fading_drop",
        "steady_weeks",
        "hollow_share",
        "min_for_percent",
        "min_entries",
    ):
        assert f"`{name}" in section, name
