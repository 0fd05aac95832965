"""The default vocabulary, from the signs of genuine change, registered as a plugin."""

from __future__ import annotations

from plainheal.api import Plugin
from plainheal.builtin.patterns import ANALYZERS
from plainheal.vocabulary import Checklist, Dimension, Rating, Vocabulary

NEEDS = ("validation", "transparency", "vulnerability", "patience", "reassurance")

DIMENSIONS = (
    Dimension(
        "accountability",
        {"full": 1, "partial": 0, "deflecting": -1},
        {
            "excuses": "deflecting",
            "defensive": "deflecting",
            "minimizing": "deflecting",
            "minimising": "deflecting",
            "blaming": "deflecting",
            "owned": "full",
        },
        question="Full ownership without excuse, defensiveness or minimizing?",
    ),
    Dimension(
        "transparency",
        {"proactive": 1, "on-request": 0, "withheld": -1},
        {
            "volunteered": "proactive",
            "asked": "on-request",
            "when-asked": "on-request",
            "hidden": "withheld",
        },
        question="Did they offer information before I had to dig?",
    ),
    Dimension(
        "recovery",
        {"sustained": 1, "sporadic": 0, "none": -1},
        {"ongoing": "sustained", "occasional": "sporadic"},
        question="Ongoing recovery work (therapy, group, learning) as a way of life?",
    ),
    Dimension(
        "empathy",
        {"connected": 1, "hollow": 0, "dismissive": -1},
        {
            "task": "hollow",
            "task-oriented": "hollow",
            "scripted": "hollow",
            "shut-down": "dismissive",
            "shutdown": "dismissive",
        },
        question="Did my feelings land somewhere, or was it a script / shut-down?",
    ),
    Dimension(
        "repair",
        {"repaired": 1, "attempted": 0, "ignored": -1},
        {},
        question="Did they repair moments that triggered pain?",
    ),
    Dimension(
        "boundaries",
        {"respected": 1, "tested": 0, "crossed": -1},
        {"honoured": "respected", "honored": "respected", "pushed": "tested"},
        question="Were my boundaries honoured?",
    ),
)

RATINGS = (
    Rating("safety", 1, 5, question="How safe did I feel today? (1–5)"),
    Rating("connection", 1, 5, question="How connected did I feel? (1–5)"),
    Rating("regulation", 1, 5, question="How emotionally regulated was I? (1–5)"),
)

CHECKLISTS = (
    Checklist("needs_met", NEEDS, label="Needs met", question="Which needs were met today?"),
    Checklist("needs_unmet", NEEDS, label="Needs unmet", question="Which needs went unmet today?"),
)

VOCABULARY = Vocabulary(
    dimensions={d.key: d for d in DIMENSIONS},
    ratings={r.key: r for r in RATINGS},
    checklists={c.key: c for c in CHECKLISTS},
)

plugin = Plugin(name="builtin", vocabulary=VOCABULARY, analyzers=ANALYZERS)
