import pytest

from plainheal.builtin import VOCABULARY
from plainheal.vocabulary import (
    Dimension,
    Resolved,
    Unknown,
    Vocabulary,
    VocabularyError,
    normalize_key,
    normalize_word,
    resolve,
)


def test_normalize_folds_case_and_separators() -> None:
    assert normalize_word(" On_Request ") == "on-request"
    assert normalize_word("when asked") == "when-asked"
    assert normalize_key("Needs Met") == "needs_met"
    assert normalize_key("needs-unmet") == "needs_unmet"


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        ("empathy", "task", "hollow"),
        ("empathy", "Task-Oriented", "hollow"),
        ("empathy", "scripted", "hollow"),
        ("empathy", "shut down", "dismissive"),
        ("transparency", "volunteered", "proactive"),
        ("transparency", "asked", "on-request"),
        ("transparency", "when_asked", "on-request"),
        ("transparency", "on_request", "on-request"),
        ("transparency", "PROACTIVE", "proactive"),
        ("accountability", "excuses", "deflecting"),
        ("accountability", "defensive", "deflecting"),
        ("accountability", "minimizing", "deflecting"),
        ("accountability", "blaming", "deflecting"),
    ],
)
def test_aliases_resolve(key: str, raw: str, expected: str) -> None:
    dimension = VOCABULARY.dimensions[key]
    assert resolve(raw, dimension.scores, dimension.aliases) == Resolved(expected)


def test_near_miss_is_never_guessed() -> None:
    dimension = VOCABULARY.dimensions["transparency"]
    assert resolve("proactve", dimension.scores, dimension.aliases) == Unknown(
        "proactve", "proactive"
    )
    assert resolve("banana", dimension.scores, dimension.aliases) == Unknown("banana", None)


def test_values_are_ordered_positive_first() -> None:
    assert VOCABULARY.dimensions["boundaries"].values == ("respected", "tested", "crossed")


def test_merging_the_same_key_twice_is_an_error_unless_replacing() -> None:
    extra = Vocabulary(dimensions={"empathy": Dimension("empathy", {"yes": 1, "no": -1})})
    with pytest.raises(VocabularyError, match="empathy"):
        VOCABULARY.merged(extra, source="plugin 'x'")
    merged = VOCABULARY.merged(extra, source="config", replace=True)
    assert merged.dimensions["empathy"].scores == {"yes": 1, "no": -1}
