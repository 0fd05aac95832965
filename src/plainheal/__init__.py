"""plainheal: gentle, evidence-linked pattern summaries from a private Markdown journal."""

from plainheal.entry import Conflict, Entry, FileResult, Problem
from plainheal.parse import parse_file
from plainheal.plugins import Analyzer, Finding, Plugin, Registry
from plainheal.read import Journal, VaultError, read_journal
from plainheal.vocabulary import Checklist, Dimension, Rating, Vocabulary

__version__ = "0.1.0"

__all__ = [
    "Analyzer",
    "Checklist",
    "Conflict",
    "Dimension",
    "Entry",
    "FileResult",
    "Finding",
    "Journal",
    "Plugin",
    "Problem",
    "Rating",
    "Registry",
    "VaultError",
    "Vocabulary",
    "__version__",
    "parse_file",
    "read_journal",
]
