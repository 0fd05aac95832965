import pytest
from hypothesis import given
from hypothesis import strategies as st

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
    word_root,
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


@pytest.mark.parametrize(
    ("key", "raw", "suggested"),
    [
        ("empathy", "dismisive", "dismissive"),  # a letter left out
        ("boundaries", "crosed", "crossed"),
        ("accountability", "fulll", "full"),  # a letter too many
        ("transparency", "proactivve", "proactive"),
        ("boundaries", "respectted", "respected"),
    ],
)
def test_a_doubled_or_dropped_letter_is_a_typo_not_a_form(
    key: str, raw: str, suggested: str
) -> None:
    """Folding double letters makes `crosed` share `crossed`'s root; it is still a typo,
    said with a did-you-mean and not counted."""
    assert VOCABULARY.dimensions[key].resolve(raw) == Unknown(raw, suggested)


def test_values_are_ordered_positive_first() -> None:
    assert VOCABULARY.dimensions["boundaries"].values == ("respected", "tested", "crossed")


def test_merging_the_same_key_twice_is_an_error_unless_replacing() -> None:
    extra = Vocabulary(dimensions={"empathy": Dimension("empathy", {"yes": 1, "no": -1})})
    with pytest.raises(VocabularyError, match="empathy"):
        VOCABULARY.merged(extra, source="plugin 'x'")
    merged = VOCABULARY.merged(extra, source="config", replace=True)
    assert merged.dimensions["empathy"].scores == {"yes": 1, "no": -1}


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        ("accountability", "deflected", "deflecting"),
        ("accountability", "Deflects", "deflecting"),
        ("accountability", "deflection", "deflecting"),
        ("accountability", "blamed", "deflecting"),  # a form of the alias `blaming`
        ("accountability", "partially", "partial"),
        ("transparency", "withholding", "withheld"),
        ("transparency", "withhold", "withheld"),
        ("transparency", "proactively", "proactive"),
        ("transparency", "asking", "on-request"),
        ("boundaries", "crossing", "crossed"),
        ("boundaries", "cross", "crossed"),
        ("boundaries", "respecting", "respected"),
        ("boundaries", "testing", "tested"),
        ("empathy", "dismissed", "dismissive"),
        ("empathy", "dismissing", "dismissive"),
        ("empathy", "connecting", "connected"),
        ("repair", "ignoring", "ignored"),
        ("repair", "attempts", "attempted"),
        ("recovery", "sustaining", "sustained"),
    ],
)
def test_other_forms_of_a_known_word_resolve(key: str, raw: str, expected: str) -> None:
    assert VOCABULARY.dimensions[key].resolve(raw) == Resolved(expected)


def test_forms_of_needs_resolve() -> None:
    assert VOCABULARY.checklists["needs_met"].resolve("validated") == Resolved("validation")
    assert VOCABULARY.checklists["needs_met"].resolve("reassured") == Resolved("reassurance")


@pytest.mark.parametrize(
    ("key", "raw"),
    [
        ("boundaries", "disrespected"),
        ("boundaries", "un-tested"),
        ("empathy", "disconnected"),
        ("repair", "unrepaired"),
    ],
)
def test_the_opposite_word_is_neither_taken_nor_suggested(key: str, raw: str) -> None:
    assert VOCABULARY.dimensions[key].resolve(raw) == Unknown(raw, None)


def test_forms_shared_by_two_values_are_not_taken() -> None:
    dimension = Dimension("door", {"open": 1, "opened": 0, "shut": -1})
    assert dimension.resolve("opened") == Resolved("opened")
    assert isinstance(dimension.resolve("opening"), Unknown)
    assert dimension.resolve("shutting") == Resolved("shut")


@pytest.mark.parametrize(
    ("words", "root"),
    [
        (["deflect", "deflected", "deflects", "deflecting", "deflection"], "deflect"),
        (["cross", "crossed", "crosses", "crossing"], "cros"),
        (["ignore", "ignored", "ignoring", "ignores"], "ignor"),
        (["withheld", "withhold", "withholding"], "withhold"),
        (["dismiss", "dismissed", "dismissive", "dismissing"], "dismis"),
    ],
)
def test_word_roots(words: list[str], root: str) -> None:
    assert {word_root(word) for word in words} == {root}


def test_the_start_of_one_word_is_suggested() -> None:
    assert VOCABULARY.dimensions["recovery"].resolve("no") == Unknown("no", "none")
    assert VOCABULARY.dimensions["recovery"].resolve("s") == Unknown("s", None)
    assert VOCABULARY.dimensions["recovery"].resolve("sp") == Unknown("sp", "sporadic")


@given(st.text(max_size=40))
def test_resolving_any_word_gives_a_known_value_or_a_known_suggestion(raw: str) -> None:
    for dimension in VOCABULARY.dimensions.values():
        result = dimension.resolve(raw)
        if isinstance(result, Resolved):
            assert result.value in dimension.values
        else:
            assert result.suggestion is None or result.suggestion in dimension.values


def test_positive_counts_only_values_with_a_positive_score() -> None:
    from plainheal.builtin import VOCABULARY

    empathy = VOCABULARY.dimensions["empathy"]
    assert empathy.positive({"connected": 2, "hollow": 5, "dismissive": 1}) == 2
    assert empathy.positive({}) == 0


def test_needs_items_are_the_met_and_unmet_items_once_each_in_order() -> None:
    from plainheal.vocabulary import Checklist, needs_items

    vocabulary = Vocabulary(
        checklists={
            "needs_met": Checklist("needs_met", ("rest", "safety")),
            "needs_unmet": Checklist("needs_unmet", ("safety", "play")),
        }
    )
    assert needs_items(vocabulary) == ("rest", "safety", "play")
    assert needs_items(Vocabulary()) == ()


def test_ance_for_ence_is_a_typo_not_a_form() -> None:
    # A word takes -ance or -ence, never both (user trial F16): `reassurence` is asked
    # about, while true forms of the word are still read as it.
    needs = VOCABULARY.checklists["needs_met"]
    assert needs.resolve("reassurence") == Unknown("reassurence", "reassurance")
    assert needs.resolve("reassured") == Resolved("reassurance")
    assert needs.resolve("patiance") == Unknown("patiance", "patience")
