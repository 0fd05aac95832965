"""The plugin interface: vocabularies and analyzers from the entry-point group `plainheal.plugins`.

A plugin is a `Plugin` value. An entry point in the group names it (`pkg.module:plugin`) or
a module holding it as `plugin`. plainheal's own vocabulary and analyzers are registered the
same way (`plainheal.builtin:plugin`).

Stability: the fields of `Plugin`, `Analyzer`, `Finding`, `Vocabulary`, `Dimension`,
`Rating` and `Checklist` and the read-only attributes of `Context` documented in
docs/plugins.md are kept across minor versions; new optional fields may be added.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from plainheal.vocabulary import Vocabulary, VocabularyError

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    from plainheal.analysis import Context

GROUP = "plainheal.plugins"


@dataclass(frozen=True)
class Finding:
    """A pattern an analyzer looked for: noticed (with its sentence) or not enough data."""

    id: str
    status: str  # "noticed", "not-noticed" or "not-enough-data"
    sentence: str = ""
    subject: str = ""  # what the finding is about when an id can hold several, e.g. a value
    numbers: Mapping[str, float | int | None] = field(default_factory=dict)
    evidence: tuple[str, ...] = ()  # entry paths, relative to the vault


@dataclass(frozen=True)
class Analyzer:
    """A named function of the journal returning findings, shown in its own section."""

    id: str
    title: str
    analyze: Callable[[Context], Sequence[Finding]]


@dataclass(frozen=True)
class Plugin:
    """What a package contributes: vocabulary and analyzers."""

    name: str
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    analyzers: tuple[Analyzer, ...] = ()


class PluginError(Exception):
    """A plugin could not be loaded or conflicts with another."""


@dataclass(frozen=True)
class Registry:
    """Every plugin loaded for a run, their combined vocabulary, and what failed."""

    plugins: tuple[Plugin, ...]
    vocabulary: Vocabulary
    analyzers: tuple[Analyzer, ...]
    failures: tuple[str, ...] = ()


def _load(entry_point: EntryPoint) -> Plugin:
    loaded = entry_point.load()
    plugin = getattr(loaded, "plugin", loaded)
    if not isinstance(plugin, Plugin):
        raise PluginError(f"{entry_point.value} is not a plainheal Plugin")
    return plugin


def combine(plugins: Iterable[Plugin], failures: Sequence[str] = ()) -> Registry:
    """One registry from plugins; a dimension or analyzer defined twice is a `PluginError`."""
    vocabulary = Vocabulary()
    analyzers: list[Analyzer] = []
    kept: list[Plugin] = []
    seen_ids: dict[str, str] = {}
    for plugin in plugins:
        try:
            vocabulary = vocabulary.merged(plugin.vocabulary, source=f"plugin {plugin.name!r}")
        except VocabularyError as clash:
            raise PluginError(str(clash)) from None
        for analyzer in plugin.analyzers:
            if analyzer.id in seen_ids:
                raise PluginError(
                    f"plugin {plugin.name!r} defines analyzer {analyzer.id!r}, "
                    f"already defined by {seen_ids[analyzer.id]!r}"
                )
            seen_ids[analyzer.id] = plugin.name
            analyzers.append(analyzer)
        kept.append(plugin)
    return Registry(tuple(kept), vocabulary, tuple(analyzers), tuple(failures))


def discover() -> Registry:
    """Load every installed plugin once; one that fails is reported by name, not fatal."""
    from importlib.metadata import entry_points  # costs a scan of installed packages

    plugins: list[Plugin] = []
    failures: list[str] = []
    found = sorted(entry_points(group=GROUP), key=lambda ep: (ep.name != "builtin", ep.name))
    names = {ep.name for ep in found}
    if "builtin" not in names:
        # Running from a source tree without installed metadata: the defaults still apply.
        from plainheal.builtin import plugin as builtin

        plugins.append(builtin)
    for entry_point in found:
        try:
            plugins.append(_load(entry_point))
        except Exception as error:  # a broken plugin must not stop the journal being read
            failures.append(f"plugin {entry_point.name!r} could not be loaded: {error}")
    return combine(plugins, failures)
