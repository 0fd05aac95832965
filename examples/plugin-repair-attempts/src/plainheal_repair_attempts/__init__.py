"""An example plainheal plugin: the `apology` dimension and the `specific-apologies` analyzer."""

from __future__ import annotations

from plainheal import Analyzer, Context, Dimension, Finding, Plugin, Vocabulary

APOLOGY = Dimension(
    "apology",
    {"specific": 1, "general": 0, "absent": -1},
    {"detailed": "specific", "vague": "general", "none": "absent"},
    question="Did the apology name what they did and how it affected me?",
)

_REPAIR_TRIED = {"attempted", "repaired"}
TITLE = "Specific apologies"
# Its own threshold, set like plainheal's in `[thresholds]` of plainheal.toml.
THRESHOLDS = {"repair_min_entries": 3}  # recent repair attempts needed before a sentence


def specific_apologies(context: Context) -> list[Finding]:
    """In recent entries with a repair attempt, how often was the apology specific?"""
    pattern = "specific-apologies"
    tried = [
        entry
        for entry in context.within(context.recent)
        if _REPAIR_TRIED & set(entry.observations.get("repair", ()))
        and "apology" in entry.observations
    ]
    specific = [e for e in tried if "specific" in e.observations["apology"]]
    numbers = {"recent_n": len(tried), "specific_n": len(specific)}
    needed = int(context.thresholds.plugin("repair_min_entries"))
    if len(tried) < needed:
        waits = (
            f"it needs {needed} recent entries noting both a repair attempt and the apology "
            f"({len(tried)} so far)"
        )
        return [Finding(pattern, "not-enough-data", waits, numbers=numbers, title=TITLE)]
    sentence = (
        f"In {len(specific)} of the {len(tried)} recent entries where a repair was attempted "
        f"or made, the apology was recorded as specific."
    )
    evidence = tuple(e.path for e in tried)
    return [Finding(pattern, "noticed", sentence, numbers=numbers, evidence=evidence, title=TITLE)]


plugin = Plugin(
    name="repair-attempts",
    vocabulary=Vocabulary(dimensions={"apology": APOLOGY}),
    analyzers=(Analyzer("specific-apologies", "Repair attempts", specific_apologies),),
    thresholds=THRESHOLDS,
)
