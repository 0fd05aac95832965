from hypothesis import given
from hypothesis import strategies as st

from plainheal.write.generated import (
    BEGIN,
    END,
    MARKERS_REMOVED,
    MARKERS_TWICE,
    fresh,
    refusal,
    regenerate,
)

PROPS = {"plainheal": "generated", "period": "2026-11"}


def test_fresh_file() -> None:
    assert fresh(PROPS, "# Hi\n") == (
        f"---\nplainheal: generated\nperiod: 2026-11\n---\n{BEGIN}\n# Hi\n{END}\n"
    )


def test_user_text_outside_markers_is_kept() -> None:
    first = fresh(PROPS, "old\n")
    mine = first.replace(f"{BEGIN}", f"My note before.\n{BEGIN}") + "\nFor Thursday's session.\n"
    again = regenerate(mine, PROPS, "new\n")
    assert again == mine.replace("old\n", "new\n")


def test_frontmatter_keys_are_updated_and_user_keys_kept() -> None:
    existing = (
        f"---\nplainheal: generated\ntags: [review]\nas_of: 2026-01-01\n---\n{BEGIN}\nx\n{END}\n"
    )
    new = regenerate(existing, {"plainheal": "generated", "as_of": "2026-02-02"}, "y\n")
    assert (
        new
        == f"---\nplainheal: generated\ntags: [review]\nas_of: 2026-02-02\n---\n{BEGIN}\ny\n{END}\n"
    )


def test_removed_or_broken_markers_mean_hands_off() -> None:
    assert regenerate("I rewrote this myself.\n", PROPS, "x\n") is None
    assert regenerate(f"{BEGIN}\nonly the start\n", PROPS, "x\n") is None
    assert regenerate(f"{END}\n{BEGIN}\n", PROPS, "x\n") is None
    assert regenerate(f"{BEGIN}\n{BEGIN}\n{END}\n", PROPS, "x\n") is None


def test_the_refusal_says_whether_the_markers_went_or_came_twice() -> None:
    assert refusal("I rewrote this myself.\n") == MARKERS_REMOVED
    assert refusal(f"{END}\n{BEGIN}\n") == MARKERS_REMOVED
    block = fresh(PROPS, "x\n").split("---\n", 2)[2]
    assert refusal(fresh(PROPS, "x\n") + block) == MARKERS_TWICE  # the block pasted twice
    assert refusal(f"{BEGIN}\n{BEGIN}\n{END}\n") == MARKERS_TWICE
    assert refusal(fresh(PROPS, "x\n")) is None


_user_text = st.text(alphabet=st.characters(blacklist_characters="\r"), max_size=200).filter(
    lambda t: BEGIN not in t and END not in t
)


@given(_user_text, _user_text, st.text(max_size=50))
def test_user_text_survives_any_regeneration(before: str, after: str, content: str) -> None:
    base = fresh(PROPS, "first\n")
    head, rest = base.split(BEGIN)
    edited = f"{head}{before}{BEGIN}{rest}{after}"
    regenerated = regenerate(edited, PROPS, content)
    assert regenerated is not None
    assert regenerated.startswith(f"{head}{before}{BEGIN}")
    assert regenerated.endswith(f"{END}\n{after}")
