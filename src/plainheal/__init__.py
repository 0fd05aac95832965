"""plainheal: gentle, evidence-linked pattern summaries from a private Markdown journal.

The library verbs, each what a command of the CLI does: `read_journal` (read a vault),
`analyze_journal` (its analysis, pure), `summarize` (write the summaries), `make_report` and
`export_report` (a report for a therapist, and where it may be written: `report_target`).
`analyze` (entries in, analysis out) is `plainheal.analyze.analysis.analyze`: the name
`plainheal.analyze` is the folder of the analysis modules.
"""

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from plainheal.analyze.analysis import Analysis
from plainheal.api import (
    STATUSES,
    Analyzer,
    Context,
    Finding,
    Plugin,
    Status,
    Thresholds,
    Window,
)
from plainheal.entry import Conflict, Entry, FileResult, Problem
from plainheal.plugins import Registry
from plainheal.read.parse import parse_file
from plainheal.read.vault import Journal, VaultError, read_journal
from plainheal.summarize import SummaryRun, analyze_journal, summarize
from plainheal.vocabulary import Checklist, Dimension, Rating, Vocabulary

if TYPE_CHECKING:
    from plainheal.export import ExportError, ExportRun, Report, export_report, make_report
    from plainheal.write.report_place import ReportPlace, ReportRefused, report_target

# The report needs markdown-it, and its data and place modules are a good part of the
# package; loaded on first use, so that `check` and `summarize` (and a plain
# `import plainheal`) start without them.
_LAZY = {
    **{
        name: "plainheal.export"
        for name in ("ExportError", "ExportRun", "Report", "export_report", "make_report")
    },
    **{
        name: "plainheal.write.report_place"
        for name in ("ReportPlace", "ReportRefused", "report_target")
    },
}


def __getattr__(name: str) -> Any:
    """The report's names, imported when first asked for."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'plainheal' has no attribute {name!r}")


try:
    # One source of truth: the version in pyproject.toml, as installed.
    __version__ = version("plainheal")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "STATUSES",
    "Analysis",
    "Analyzer",
    "Checklist",
    "Conflict",
    "Context",
    "Dimension",
    "Entry",
    "ExportError",
    "ExportRun",
    "FileResult",
    "Finding",
    "Journal",
    "Plugin",
    "Problem",
    "Rating",
    "Registry",
    "Report",
    "ReportPlace",
    "ReportRefused",
    "Status",
    "SummaryRun",
    "Thresholds",
    "VaultError",
    "Vocabulary",
    "Window",
    "__version__",
    "analyze_journal",
    "export_report",
    "make_report",
    "parse_file",
    "read_journal",
    "report_target",
    "summarize",
]
