"""Checks at the boundary: a plugin when it loads, an analyzer's findings when it returns.

As pluggy verifies a hook implementation when it registers, whatever a plugin contributes
is checked before it is used, so that a bad plugin costs only its own section.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import fields, replace

from plainheal.api import STATUSES, Analyzer, Context, Finding, Plugin, Thresholds
from plainheal.vocabulary import Checklist, Dimension, Rating, Vocabulary, definition_problems

MAX_FINDINGS = 1000  # more than any section could show; a runaway analyzer stops here
MAX_TEXT = 2000  # characters in a finding's sentence: a paragraph, not a page
_MESSAGE_LIMIT = 200


class PluginError(Exception):
    """A plugin could not be loaded or conflicts with another."""


def _definitions_of_type(
    where: str, definitions: object, kind: type[Dimension] | type[Rating] | type[Checklist]
) -> list[str]:
    if not isinstance(definitions, Mapping):
        return [f"{where} should be a mapping of key to {kind.__name__}"]
    return [
        f"{where}.{key!r} should be a {kind.__name__}"
        for key, value in definitions.items()
        if not isinstance(key, str) or not isinstance(value, kind)
    ]


_THRESHOLD_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
BUILTIN_THRESHOLDS = frozenset(f.name for f in fields(Thresholds))


def _threshold_problems(thresholds: object) -> list[str]:
    """What is wrong with a plugin's declared thresholds (name → default number)."""
    if not isinstance(thresholds, Mapping):
        return ["thresholds should be a mapping of name to default number"]
    problems = []
    for name, default in thresholds.items():
        if not isinstance(name, str) or not _THRESHOLD_NAME.fullmatch(name):
            problems.append(f"threshold {name!r:.60} should be a short lower-case name")
        elif name in BUILTIN_THRESHOLDS:
            problems.append(f"threshold {name!r} is one of plainheal's own")
        elif (
            isinstance(default, bool)
            or not isinstance(default, int | float)
            or not math.isfinite(default)
        ):
            problems.append(f"threshold {name!r} should have a finite number as its default")
    return problems


def check_plugin(plugin: object, origin: str) -> Plugin:
    """`plugin` if it is a well-formed `Plugin`; else a `PluginError` naming the fault.

    Validated when loaded (as pluggy does), so that a bad plugin costs only itself.
    """
    if not isinstance(plugin, Plugin):
        raise PluginError(f"{origin} is not a plainheal Plugin")
    if not isinstance(plugin.name, str) or not plugin.name.strip():
        raise PluginError(f"{origin}: the plugin's name should be text")
    vocabulary = plugin.vocabulary
    if not isinstance(vocabulary, Vocabulary):
        raise PluginError(f"plugin {plugin.name!r}: vocabulary should be a Vocabulary")
    problems = [
        *_definitions_of_type("dimensions", vocabulary.dimensions, Dimension),
        *_definitions_of_type("ratings", vocabulary.ratings, Rating),
        *_definitions_of_type("checklists", vocabulary.checklists, Checklist),
    ]
    if not problems:
        problems = definition_problems(vocabulary)
    if not isinstance(plugin.analyzers, tuple | list):
        problems.append("analyzers should be a tuple of Analyzer")
    else:
        for analyzer in plugin.analyzers:
            if not (
                isinstance(analyzer, Analyzer)
                and isinstance(analyzer.id, str)
                and isinstance(analyzer.title, str)
                and callable(analyzer.analyze)
            ):
                problems.append(f"{analyzer!r:.60} is not an Analyzer with an id, title, analyze")
    problems.extend(_threshold_problems(plugin.thresholds))
    if problems:
        raise PluginError(f"plugin {plugin.name!r}: {'; '.join(problems)}")
    return (
        plugin
        if isinstance(plugin.analyzers, tuple)
        else replace(plugin, analyzers=tuple(plugin.analyzers))
    )


def _finding_fault(finding: object, known_paths: frozenset[str]) -> str | None:
    """What is wrong with one finding, or None."""
    if not isinstance(finding, Finding):
        return f"returned a {type(finding).__name__}, not a Finding"
    texts = {
        "id": finding.id,
        "sentence": finding.sentence,
        "subject": finding.subject,
        "title": finding.title,
    }
    for name, value in texts.items():
        if not isinstance(value, str):
            return f"a finding's {name} is a {type(value).__name__}, not text"
        if len(value) > MAX_TEXT or not value.isprintable():
            return f"a finding's {name} is longer than {MAX_TEXT} characters or not printable"
    if finding.status not in STATUSES:
        return f"a finding's status should be one of {', '.join(STATUSES)}"
    if not isinstance(finding.numbers, Mapping):
        return "a finding's numbers should be a mapping of name to number"
    for name, number in finding.numbers.items():
        if not isinstance(name, str):
            return "a finding's numbers should be named with text"
        if number is not None and (
            isinstance(number, bool)
            or not isinstance(number, int | float)
            or not math.isfinite(number)
        ):
            return f"a finding's number {name!r} is not a finite number"
    evidence = finding.evidence
    if not isinstance(evidence, tuple | list) or not all(isinstance(p, str) for p in evidence):
        return "a finding's evidence should be a tuple of entry paths"
    if any(path not in known_paths for path in evidence):
        # Only entries the analyzer was given may be linked: never a private or made-up one.
        return "a finding's evidence names a path that is not one of the entries given to it"
    return None


def check_findings(returned: object, known_paths: frozenset[str]) -> tuple[Finding, ...]:
    """An analyzer's return value as findings; a `PluginError` naming the first fault."""
    if isinstance(returned, str | bytes | Mapping) or not isinstance(returned, Iterable):
        raise PluginError(f"returned a {type(returned).__name__}, not a list of findings")
    findings: list[Finding] = []
    for finding in returned:
        fault = _finding_fault(finding, known_paths)
        if fault is not None:
            raise PluginError(fault)
        assert isinstance(finding, Finding)
        if not isinstance(finding.evidence, tuple):
            finding = replace(finding, evidence=tuple(finding.evidence))
        findings.append(finding)
        if len(findings) > MAX_FINDINGS:
            raise PluginError(f"returned more than {MAX_FINDINGS} findings")
    return tuple(findings)


def failure_text(error: BaseException) -> str:
    """An exception as a short, printable line (a plugin's message may hold anything)."""
    text = " ".join(str(error).split())
    if len(text) > _MESSAGE_LIMIT:
        text = text[:_MESSAGE_LIMIT] + "…"
    printable = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)
    return f"{type(error).__name__}: {printable}" if printable else type(error).__name__


def call_analyzer(analyzer: Analyzer, context: Context) -> tuple[tuple[Finding, ...], str | None]:
    """Run one analyzer and check what it returns: (findings, None) or ((), why it failed).

    Whatever the analyzer does (raise, even `SystemExit` or `KeyboardInterrupt`, or return
    something that is not findings), only its own section is lost.
    """
    known = frozenset(entry.path for entry in context.entries)
    try:
        return check_findings(analyzer.analyze(context), known), None
    except PluginError as fault:
        return (), f"analyzer {analyzer.id!r} failed: {fault}"
    except (Exception, SystemExit, KeyboardInterrupt) as error:
        return (), f"analyzer {analyzer.id!r} failed: {failure_text(error)}"
