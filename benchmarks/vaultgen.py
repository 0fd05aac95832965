"""Generate large realistic vaults for the benchmarks (deterministic for a given size).

Entries look like the ones Obsidian writes from the template: every vocabulary property,
block lists for the needs, tags now and then, a quoted title or a comment in a few (so
YAML proper is exercised too), and a body of 100 to 300 words, some with inline fields,
tags or code blocks.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).parent / ".vaults"

DIMENSIONS = {
    "accountability": ("full", "partial", "deflecting", "excuses"),
    "transparency": ("proactive", "on-request", "withheld", "asked"),
    "recovery": ("sustained", "sporadic", "none"),
    "empathy": ("connected", "hollow", "dismissive", "scripted"),
    "repair": ("repaired", "attempted", "ignored"),
    "boundaries": ("respected", "tested", "crossed"),
}
NEEDS = ("validation", "transparency", "vulnerability", "patience", "reassurance")
TEXT = (
    "today we talked about the morning and how it felt when the phone buzzed again I noticed "
    "my chest tighten and then I breathed slowly he listened for a while then changed the "
    "subject I wrote down what I needed and what I was afraid of therapy helped me name it "
    "there were small moments of kindness and a few that felt rehearsed walking helped the "
    "evening was quiet and I went to bed early thinking about trust and time"
)
WORDS = TEXT.split()


def _body(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(100, 300))]
    paragraphs = [" ".join(words[i : i + 60]).capitalize() + "." for i in range(0, len(words), 60)]
    extra = rng.random()
    if extra < 0.05:
        paragraphs.append("empathy:: hollow\nrepair:: attempted")
    elif extra < 0.10:
        paragraphs.append("Later: #boundaries/respected and [safety:: 3]")
    elif extra < 0.12:
        paragraphs.append("```\n#boundaries/crossed\n```")
    return "\n\n".join(paragraphs) + "\n"


def _entry(rng: random.Random, day: dt.date) -> str:
    lines = ["---", f"date: {day}"]
    if rng.random() < 0.05:
        lines.append('title: "Evening, after the session"')
    if rng.random() < 0.02:
        lines.append("# written on the train")
    for key, values in DIMENSIONS.items():
        if rng.random() < 0.85:
            lines.append(f"{key}: {rng.choice(values)}")
        else:
            lines.append(f"{key}:")
    for key in ("safety", "connection", "regulation"):
        lines.append(f"{key}: {rng.randint(1, 5)}")
    for key in ("needs_met", "needs_unmet"):
        chosen = rng.sample(NEEDS, rng.randint(0, 3))
        lines.append(f"{key}:" if chosen else f"{key}: []")
        lines += [f"  - {item}" for item in chosen]
    if rng.random() < 0.2:
        lines += [
            "tags:",
            "  - journal",
            f"  - transparency/{rng.choice(DIMENSIONS['transparency'])}",
        ]
    lines.append(f"private: {'true' if rng.random() < 0.05 else 'false'}")
    lines.append("---")
    return "\n".join(lines) + "\n" + _body(rng)


def vault(size: int) -> Path:
    """A vault of `size` entries (about three a day), generated once and kept."""
    folder = ROOT / f"vault-{size}"
    marker = folder / ".complete"
    if marker.exists():
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    rng = random.Random(size)
    start = dt.date(2018, 1, 1)
    for i in range(size):
        day = start + dt.timedelta(days=i // 3)
        target = folder / "Journal" / str(day.year) / f"{day.month:02d}"
        target.mkdir(parents=True, exist_ok=True)
        suffix = "" if i % 3 == 0 else f" {'ab'[i % 3 - 1]}"
        (target / f"{day}{suffix}.md").write_text(_entry(rng, day), encoding="utf-8")
    marker.write_text("")
    return folder
