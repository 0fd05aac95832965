"""Write `examples/vault/`: a made-up journal of about six months after a discovery.

The story: a partner's crisis response in the first weeks (much effort, little real
empathy), fading through the summer, recovery work picked up in September that first feels
hollow, then slower and steadier change in October and November with a setback.
Everything here is invented. Deterministic: the same script writes the same vault.

    python examples/make_example_vault.py
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

VAULT = Path(__file__).parent / "vault"
START = dt.date(2026, 6, 2)
END = dt.date(2026, 11, 20)

# Per phase: weights for each dimension's values (positive, mixed, concerning), and the
# range of each self-rating.
PHASES = [
    # until, accountability, transparency, recovery, empathy, repair, boundaries, safety, ...
    (dt.date(2026, 6, 30), (7, 2, 1), (8, 2, 0), (6, 3, 1), (1, 7, 2), (4, 5, 1), (8, 2, 0),
     (1, 2), (1, 3), (1, 2)),
    (dt.date(2026, 8, 31), (2, 4, 4), (1, 5, 4), (1, 4, 5), (1, 4, 5), (1, 4, 5), (4, 4, 2),
     (1, 3), (1, 2), (1, 3)),
    (dt.date(2026, 9, 30), (4, 5, 1), (4, 5, 1), (8, 2, 0), (1, 7, 2), (3, 6, 1), (6, 3, 1),
     (2, 3), (2, 3), (2, 3)),
    (dt.date(2026, 11, 20), (7, 3, 0), (7, 3, 0), (9, 1, 0), (6, 3, 1), (6, 3, 1), (7, 2, 1),
     (3, 4), (2, 4), (3, 5)),
]  # fmt: skip

DIMENSIONS = {
    "accountability": ("full", "partial", "deflecting"),
    "transparency": ("proactive", "on-request", "withheld"),
    "recovery": ("sustained", "sporadic", "none"),
    "empathy": ("connected", "hollow", "dismissive"),
    "repair": ("repaired", "attempted", "ignored"),
    "boundaries": ("respected", "tested", "crossed"),
}
NEEDS = ("validation", "transparency", "vulnerability", "patience", "reassurance")

OPENINGS = [
    "Woke up early again and lay there going over everything.",
    "A quieter day. I noticed I checked my phone less.",
    "Hard morning. The drive to work was when it hit me.",
    "We talked after dinner, longer than usual.",
    "Therapy day. I came home tired but clearer.",
    "I went for a walk on my own and it helped a little.",
    "Work kept me busy, which was a relief and also not.",
    "My sister called and I told her a bit more than before.",
    "Rain all day. I stayed in and wrote this slowly.",
    "We had a normal evening, which still feels strange.",
]
MIDDLES = [
    "I asked a question I had been holding for days and waited to see what happened.",
    "There was a moment where I felt the old panic come up and I named it out loud.",
    "I am trying to notice what is actually happening, not what I am afraid of.",
    "Some of it landed. Some of it felt like lines learned for the occasion.",
    "I wanted to be held and I also wanted to be left alone. Both were true.",
    "I caught myself rehearsing the worst version of the story again.",
    "I kept thinking about what my therapist said about consistency over intensity.",
    "It is hard to tell the difference between calm and numb some days.",
]
CLOSINGS = [
    "Going to bed early.",
    "Tomorrow I want to be gentler with myself.",
    "Writing it down helps me see it more clearly.",
    "I do not know yet. That is allowed.",
    "One day at a time, as they keep saying.",
]


def _phase(day: dt.date) -> tuple:  # type: ignore[type-arg]
    for phase in PHASES:
        if day <= phase[0]:
            return phase
    return PHASES[-1]


def _pick(rng: random.Random, values: tuple[str, ...], weights: tuple[int, ...]) -> str:
    return rng.choices(values, weights=weights)[0]


def _body(rng: random.Random) -> str:
    return "\n\n".join(
        [
            rng.choice(OPENINGS) + " " + rng.choice(MIDDLES),
            rng.choice(MIDDLES) + " " + rng.choice(CLOSINGS),
        ]
    )


def _entry(rng: random.Random, day: dt.date, style: str) -> str:
    phase = _phase(day)
    values = {}
    for (key, options), weights in zip(DIMENSIONS.items(), phase[1:7], strict=True):
        if rng.random() < 0.85:  # not every question is answered every day
            values[key] = _pick(rng, options, weights)
    ratings = {
        key: rng.randint(*bounds)
        for key, bounds in zip(("safety", "connection", "regulation"), phase[7:], strict=True)
    }
    met = sorted(rng.sample(NEEDS, rng.randint(0, 2)))
    unmet = sorted(rng.sample([n for n in NEEDS if n not in met], rng.randint(0, 2)))
    body = _body(rng)
    if style == "inline":
        fields = "\n".join(f"{k}:: {v}" for k, v in values.items())
        rating_fields = "\n".join(f"{k}:: {v}" for k, v in ratings.items())
        return f"---\ndate: {day}\n---\n{body}\n\n## Check-in\n\n{fields}\n{rating_fields}\n"
    if style == "tags":
        tags = ", ".join(f"{k}/{v}" for k, v in values.items())
        props = "\n".join(f"{k}: {v}" for k, v in ratings.items())
        return f"---\ndate: {day}\ntags: [journal, {tags}]\n{props}\n---\n{body}\n"
    lines = ["---", f"date: {day}"]
    lines += [f"{k}: {v}" for k, v in values.items()]
    lines += [f"{k}: {v}" for k, v in ratings.items()]
    lines.append("needs_met:" + ("" if met else " []"))
    lines += [f"  - {n}" for n in met]
    lines.append("needs_unmet:" + ("" if unmet else " []"))
    lines += [f"  - {n}" for n in unmet]
    lines += ["---", body, ""]
    return "\n".join(lines)


# Moments in the story, marked with `event:` (never scored; drawn on charts and timelines).
EVENTS = {
    dt.date(2026, 6, 9): "disclosure",
    dt.date(2026, 9, 1): "therapy",
    dt.date(2026, 10, 9): "setback",
    dt.date(2026, 11, 3): "session",
}


def main() -> None:
    """Write the example vault afresh."""
    rng = random.Random(20260602)
    if VAULT.exists():
        shutil.rmtree(VAULT)
    journal = VAULT / "Journal"
    day = START
    count = 0
    while day <= END:
        if rng.random() < 0.7:
            style = rng.choices(["props", "inline", "tags"], weights=[16, 2, 2])[0]
            folder = journal / str(day.year) / f"{day.month:02d}"
            folder.mkdir(parents=True, exist_ok=True)
            text = _entry(rng, day, style)
            if day in EVENTS:
                text = text.replace(f"date: {day}\n", f"date: {day}\nevent: {EVENTS[day]}\n", 1)
            (folder / f"{day}.md").write_text(text, encoding="utf-8")
            count += 1
        day += dt.timedelta(days=1)
    # A sync-conflict copy, as a phone and a laptop would leave behind.
    original = journal / "2026" / "11" / "2026-11-18.md"
    if original.exists():
        copy = original.with_name("2026-11-18.sync-conflict-20261119-071502-PHONE01.md")
        copy.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    (VAULT / "plainheal.toml").write_text(
        '# This vault\'s settings: see the README.\njournal = "Journal"\ndiscovery = 2026-06-01\n',
        encoding="utf-8",
    )
    print(f"wrote {count} entries to {VAULT}")


if __name__ == "__main__":
    main()
