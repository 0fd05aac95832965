"""Formatting helpers whose meaning a reader relies on."""

from hypothesis import given
from hypothesis import strategies as st

from plainheal.words import NO_DATA_WEEK, sparkline


def test_a_mixed_week_sits_in_the_middle() -> None:
    assert sparkline([-1.0, 0.0, 1.0, None]) == f"▁▄▇{NO_DATA_WEEK}"
    assert sparkline([-0.5, 0.5]) == "▂▆"


@given(st.floats(-1, 1))
def test_the_sparkline_is_symmetric(value: float) -> None:
    marks = "▁▂▃▄▅▆▇"
    up, down = marks.index(sparkline([value])), marks.index(sparkline([-value]))
    assert up - 3 == 3 - down
