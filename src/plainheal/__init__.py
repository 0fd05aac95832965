"""plainheal: gentle, evidence-linked pattern summaries from a private Markdown journal."""

from importlib.metadata import PackageNotFoundError, version

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
from plainheal.vocabulary import Checklist, Dimension, Rating, Vocabulary

try:
    # One source of truth: the version in pyproject.toml, as installed.
    __version__ = version("plainheal")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "STATUSES",
    "Analyzer",
    "Checklist",
    "Conflict",
    "Context",
    "Dimension",
    "Entry",
    "FileResult",
    "Finding",
    "Journal",
    "Plugin",
    "Problem",
    "Rating",
    "Registry",
    "Status",
    "Thresholds",
    "VaultError",
    "Vocabulary",
    "Window",
    "__version__",
    "parse_file",
    "read_journal",
]
