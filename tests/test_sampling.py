"""The one-draw choices the property tests use give each value the odds they say."""

from collections import Counter
from fractions import Fraction

from sampling import evened


def test_each_group_is_as_likely_and_each_value_in_it_too() -> None:
    groups = (("a", "b"), ("c", "d", "e"), ("f",), ("a", "g", "h", "i"))
    values = evened(*groups)
    counts = Counter(values)
    for value in "abcdefghi":
        expected = sum(Fraction(group.count(value), len(group) * len(groups)) for group in groups)
        assert Fraction(counts[value], len(values)) == expected, value
    # The first group's first value comes first: what Hypothesis shrinks towards.
    assert values[0] == "a"
