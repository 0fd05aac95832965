"""`summarize --json`: the analysis as a stable JSON document for scripts."""

from __future__ import annotations

import math
from typing import Any

from plainheal.analyze.analysis import Analysis, Stat
from plainheal.analyze.dimensions import Trend
from plainheal.analyze.statistics import TestResult
from plainheal.api import Thresholds, Window
from plainheal.summarize import SummaryRun


def _window(window: Window | None) -> dict[str, str] | None:
    if window is None:
        return None
    return {"start": window.start.isoformat(), "end": window.end.isoformat()}


def _stat(stat: Stat) -> dict[str, Any]:
    return {"n": stat.n, "mean": stat.mean}


def finite(value: Any) -> Any:
    """The same value with every NaN or infinity turned into null: strict JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [finite(item) for item in value]
    return value


def _test(test: TestResult | None) -> dict[str, Any] | None:
    if test is None:
        return None
    return {
        "name": test.test,
        "estimate": test.estimate,
        "statistic": test.statistic,
        "df": test.df,
        "p_value": test.p_value,
    }


def _trend(trend: Trend) -> dict[str, Any]:
    return {
        "level": trend.level,
        "n": trend.n,
        "weeks_with_data": trend.weeks_with_data,
        "slope_per_week": trend.slope_per_week,
        "p_value": trend.test.p_value,
        "q_value": trend.q_value,
        "test": _test(trend.test),
    }


def analysis_json(analysis: Analysis) -> dict[str, Any]:
    """Every figure of the analysis; every n and mean, however small. Strict JSON."""
    return finite(_analysis_json(analysis))  # type: ignore[no-any-return]


def _analysis_json(analysis: Analysis) -> dict[str, Any]:
    return {
        "as_of": analysis.as_of.isoformat() if analysis.as_of else None,
        "entry_count": analysis.entry_count,
        "dated_entry_count": analysis.dated_count,
        "windows": {
            "recent": _window(analysis.recent),
            "three_months_ago": _window(analysis.three_months_ago),
        },
        "thresholds": _thresholds(analysis.thresholds),
        "ratings": {
            r.key: {
                "recent": _stat(r.recent),
                "three_months_ago": _stat(r.three_months_ago),
                "change": r.change,
                "direction": r.direction,
                "p_value": r.test.p_value if r.test else None,
                "q_value": r.q_value,
                "test": _test(r.test),
            }
            for r in analysis.ratings
        },
        "dimensions": {
            d.key: {
                "recent": {
                    "n": d.n,
                    "entries": d.entries,
                    "counts": d.counts,
                    "positive_share": d.positive_share,
                    "mean_score": d.mean_score,
                },
                "weekly": [
                    {"week": w.week, "n": w.n, "mean_score": w.mean_score} for w in d.weekly
                ],
                "direction": d.direction,
                "trend": _trend(d.trend),
                "consistency": {
                    "positive_weeks": d.positive_weeks,
                    "weeks_with_data": d.weeks_with_data,
                    "longest_positive_run": d.longest_run.length,
                    "current_positive_run": d.current_run,
                    "days_since_concerning": d.days_since_concerning,
                    "last_concerning": d.last_concerning.path if d.last_concerning else None,
                },
            }
            for d in analysis.dimensions
        },
        "needs": (
            {
                "entries": {
                    "recent": analysis.needs.entries_recent,
                    "three_months_ago": analysis.needs.entries_then,
                },
                "items": {
                    n.item: {
                        "met": {"recent": n.met_recent, "three_months_ago": n.met_then},
                        "unmet": {"recent": n.unmet_recent, "three_months_ago": n.unmet_then},
                    }
                    for n in analysis.needs.items
                },
            }
            if analysis.needs
            else None
        ),
        "checklists": {
            c.key: {
                "title": c.title,
                "entries": {"recent": c.entries_recent, "three_months_ago": c.entries_then},
                "items": {
                    i.item: {"recent": i.recent, "three_months_ago": i.then} for i in c.items
                },
            }
            for c in analysis.checklists
        },
        "patterns": [
            {
                "id": finding.id,
                "analyzer": result.analyzer,
                "subject": finding.subject or None,
                "sentence": finding.sentence,
                "numbers": dict(finding.numbers),
                "evidence": list(finding.evidence),
            }
            for result, finding in analysis.findings("noticed")
        ],
        "not_enough_data": sorted({f.id for _, f in analysis.findings("not-enough-data")}),
        # Looked for and not said, with the figures behind that, however small: scripts
        # decide for themselves.
        "looked_for": [
            {
                "id": finding.id,
                "analyzer": result.analyzer,
                "subject": finding.subject or None,
                "status": finding.status,
                "numbers": dict(finding.numbers),
            }
            for status in ("not-noticed", "not-enough-data")
            for result, finding in analysis.findings(status)
        ],
        "analyzer_errors": [r.error for r in analysis.results if r.error],
        "problems": [
            {"path": p.path, "line": p.line, "severity": p.severity, "code": p.code}
            for p in analysis.problems
        ],
        "conflicts": [{"path": c.path, "original": c.original} for c in analysis.conflicts],
    }


def _thresholds(thresholds: Thresholds) -> dict[str, float | int]:
    """plainheal's thresholds, then those the plugins declared, by name."""
    own = {k: v for k, v in vars(thresholds).items() if k != "plugin_values"}
    return {**own, **dict(thresholds.plugin_values)}


def run_json(run: SummaryRun) -> dict[str, Any]:
    """The analysis plus what happened to each file."""
    document = analysis_json(run.analysis)
    document["files"] = [
        {"path": f.path, "status": f.status, **({"reason": f.reason} if f.reason else {})}
        for f in run.files
    ]
    return document
