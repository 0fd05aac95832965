"""Discovery: the plugins of the entry-point group `plainheal.plugins`, combined into a registry.

A plugin is a `plainheal.api.Plugin` value. An entry point in the group names it
(`pkg.module:plugin`) or a module holding it as `plugin`. plainheal's own vocabulary and
analyzers are registered the same way (`plainheal.builtin:plugin`). The contract itself is
`plainheal.api`; the checks of what a plugin contributes are `plainheal.validate`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from plainheal.api import Analyzer, Plugin
from plainheal.builtin import plugin as builtin
from plainheal.validate import PluginError, failure_text
from plainheal.validate import check_plugin as check_contribution
from plainheal.vocabulary import Vocabulary, VocabularyError

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = ["BUILTIN", "GROUP", "PluginError", "Registry", "check_plugin", "combine", "discover"]

GROUP = "plainheal.plugins"
BUILTIN = "builtin"


@dataclass(frozen=True)
class Registry:
    """Every plugin loaded for a run, their combined vocabulary, and what failed."""

    plugins: tuple[Plugin, ...]
    vocabulary: Vocabulary
    analyzers: tuple[Analyzer, ...]
    failures: tuple[str, ...] = ()
    sources: Mapping[str, str] = field(default_factory=dict)  # plugin name → "package 1.0"
    thresholds: Mapping[str, float | int] = field(default_factory=dict)  # declared → default


def check_plugin(plugin: object, origin: str) -> Plugin:
    """`plugin` if well-formed and not posing as plainheal's own; else a `PluginError`."""
    checked = check_contribution(plugin, origin)
    if checked.name == BUILTIN and plugin is not builtin:
        raise PluginError(f"{origin} calls itself {BUILTIN!r}, the name of plainheal's own")
    return checked


class _Sources(Mapping[str, str]):
    """Plugin name → "package 1.0", read from the package's metadata only when asked (for
    `plainheal plugins`): parsing it costs more than the rest of discovery."""

    def __init__(self, entry_points: Mapping[str, EntryPoint]) -> None:
        self._entry_points = dict(entry_points)
        self._read: dict[str, str] = {}

    def __getitem__(self, name: str) -> str:
        if name not in self._read:
            entry_point = self._entry_points[name]
            dist = entry_point.dist
            self._read[name] = entry_point.value  # without a package, or one without both
            if dist is not None:
                metadata = dist.metadata
                # Missing fields are None, or KeyError on newer Pythons (which `get` hides).
                with contextlib.suppress(KeyError):
                    if metadata["Name"] and metadata["Version"]:
                        self._read[name] = f"{metadata['Name']} {metadata['Version']}"
        return self._read[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entry_points)

    def __len__(self) -> int:
        return len(self._entry_points)


def _load(entry_point: EntryPoint) -> Plugin:
    loaded = entry_point.load()
    return check_plugin(getattr(loaded, "plugin", loaded), entry_point.value)


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
    thresholds: dict[str, float | int] = {}
    for plugin in plugins:
        contributed = [
            *(("analyzer", a.id) for a in plugin.analyzers),
            *(("dimension", key) for key in plugin.vocabulary.dimensions),
            *(("rating", key) for key in plugin.vocabulary.ratings),
            *(("checklist", key) for key in plugin.vocabulary.checklists),
            *(("threshold", key) for key in plugin.thresholds),
        ]
        for kind, key in contributed:
            owner_key = f"{kind}:{key}" if kind in ("analyzer", "threshold") else f"key:{key}"
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
        thresholds.update(plugin.thresholds)
        kept.append(plugin)
    return Registry(
        tuple(kept), vocabulary, tuple(analyzers), tuple(failures), sources or {}, thresholds
    )


def discover() -> Registry:
    """Load every installed plugin once; one that fails is reported by name, not fatal.

    Two plugins defining the same key is a `PluginError`: which one is meant is not ours to
    guess.
    """
    from importlib.metadata import entry_points  # costs a scan of installed packages

    plugins: list[Plugin] = []
    failures: list[str] = []
    loaded_from: dict[str, EntryPoint] = {}
    found = sorted(entry_points(group=GROUP), key=lambda ep: (ep.name != BUILTIN, ep.name))
    for entry_point in found:
        try:
            plugin = _load(entry_point)
        # A broken plugin must not stop the journal being read, even one that calls exit().
        except (Exception, SystemExit, KeyboardInterrupt) as error:
            failures.append(
                f"plugin {entry_point.name!r} could not be loaded: {failure_text(error)}"
            )
            continue
        plugins.append(plugin)
        loaded_from[plugin.name] = entry_point
    if not any(plugin is builtin for plugin in plugins):
        # Running from a source tree without installed metadata: the defaults still apply.
        plugins.insert(0, builtin)
    return combine(plugins, failures, _Sources(loaded_from))
