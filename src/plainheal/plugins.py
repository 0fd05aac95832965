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
    sources: Mapping[str, str] = field(default_factory=dict)  # plugin name → "package 1.0"


def _load(entry_point: EntryPoint) -> Plugin:
    loaded = entry_point.load()
    plugin = getattr(loaded, "plugin", loaded)
    if not isinstance(plugin, Plugin):
        raise PluginError(f"{entry_point.value} is not a plainheal Plugin")
    return plugin


def combine(
    plugins: Iterable[Plugin],
    failures: Sequence[str] = (),
    sources: Mapping[str, str] | None = None,
) -> Registry:
    """One registry from plugins; a key or analyzer defined twice is a `PluginError`."""
    vocabulary = Vocabulary()
    analyzers: list[Analyzer] = []
    kept: list[Plugin] = []
    owners: dict[str, str] = {}
    for plugin in plugins:
        contributed = [
            *(("analyzer", a.id) for a in plugin.analyzers),
            *(("dimension", key) for key in plugin.vocabulary.dimensions),
            *(("rating", key) for key in plugin.vocabulary.ratings),
            *(("checklist", key) for key in plugin.vocabulary.checklists),
        ]
        for kind, key in contributed:
            owner_key = f"analyzer:{key}" if kind == "analyzer" else f"key:{key}"
            if owner_key in owners:
                raise PluginError(
                    f"plugin {plugin.name!r} defines {kind} {key!r}, which plugin "
                    f"{owners[owner_key]!r} already defines; uninstall one of them"
                )
            owners[owner_key] = plugin.name
        try:
            vocabulary = vocabulary.merged(plugin.vocabulary, source=f"plugin {plugin.name!r}")
        except VocabularyError as clash:  # pragma: no cover - owners above catch it first
            raise PluginError(str(clash)) from None
        analyzers.extend(plugin.analyzers)
        kept.append(plugin)
    return Registry(tuple(kept), vocabulary, tuple(analyzers), tuple(failures), sources or {})


def discover() -> Registry:
    """Load every installed plugin once; one that fails is reported by name, not fatal.

    Two plugins defining the same key is a `PluginError`: which one is meant is not ours to
    guess.
    """
    from importlib.metadata import entry_points  # costs a scan of installed packages

    plugins: list[Plugin] = []
    failures: list[str] = []
    sources: dict[str, str] = {}
    found = sorted(entry_points(group=GROUP), key=lambda ep: (ep.name != "builtin", ep.name))
    if "builtin" not in {ep.name for ep in found}:
        # Running from a source tree without installed metadata: the defaults still apply.
        from plainheal.builtin import plugin as builtin

        plugins.append(builtin)
    for entry_point in found:
        try:
            plugin = _load(entry_point)
        except Exception as error:  # a broken plugin must not stop the journal being read
            failures.append(
                f"plugin {entry_point.name!r} could not be loaded: {type(error).__name__}: {error}"
            )
            continue
        plugins.append(plugin)
        dist = entry_point.dist
        sources[plugin.name] = f"{dist.name} {dist.version}" if dist else entry_point.value
    return combine(plugins, failures, sources)
