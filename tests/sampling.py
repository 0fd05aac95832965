"""Choices among fixed values for property tests, drawn in one step."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeVar

from hypothesis import strategies as st

T = TypeVar("T")


def evened(*groups: Sequence[T]) -> list[T]:
    """The values of all the groups in one list, each group repeated to the same length: a
    value drawn from it comes from each group as often, and from within a group uniformly."""
    size = math.lcm(*map(len, groups))
    return [value for group in groups for _ in range(size // len(group)) for value in group]


def evenly(*groups: Sequence[T]) -> st.SearchStrategy[T]:
    """The values and odds of `st.one_of(*map(st.sampled_from, groups))` in one draw instead
    of two or more: Hypothesis' cost is per draw, not per value listed."""
    return st.sampled_from(evened(*groups))
