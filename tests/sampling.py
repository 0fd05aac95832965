"""Choices among fixed values for property tests, drawn in one step."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeVar

from hypothesis import strategies as st

T = TypeVar("T")


def evenly(*groups: Sequence[T]) -> st.SearchStrategy[T]:
    """One of the groups, each as likely, then one of its values, each as likely: the values
    and odds of `st.one_of(*map(st.sampled_from, groups))`, in one draw instead of two or
    more (each group repeated to the same length in one list). Hypothesis' cost is per draw,
    not per value listed."""
    size = math.lcm(*map(len, groups))
    return st.sampled_from(
        [value for group in groups for _ in range(size // len(group)) for value in group]
    )
