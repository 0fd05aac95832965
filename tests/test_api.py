"""The plugin contract stands alone, and the package has no import cycle, deferred or not."""

import ast
import subprocess
import sys
import typing
from pathlib import Path

import plainheal
from plainheal import api

PACKAGE = Path(plainheal.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path) -> set[str]:
    """Every plainheal module `path` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        found |= {name for name in names if name in MODULES}
    return found - {_module_name(path)}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of `graph` (module → modules it imports), or None."""
    finished: set[str] = set()

    def visit(name: str, trail: list[str]) -> list[str] | None:
        for target in sorted(graph[name]):
            if target in trail:
                return [*trail[trail.index(target) :], target]
            if target not in finished:
                found = visit(target, [*trail, target])
                if found:
                    return found
        finished.add(name)
        return None

    for name in sorted(graph):
        if name not in finished and (found := visit(name, [name])):
            return found
    return None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_no_import_cycle_deferred_or_not() -> None:
    # Importing plainheal.x.y loads the package plainheal first: Python's order, not a cycle.
    graph = {name: _imports(path) for name, path in MODULES.items()}
    assert _cycle(graph) is None


def test_every_module_imports_alone_in_a_fresh_interpreter() -> None:
    script = (
        "import importlib, sys  # each module as if imported first\n"
        "for name in sys.argv[1:]:\n"
        "    for loaded in [m for m in sys.modules if m.split('.')[0] == 'plainheal']:\n"
        "        del sys.modules[loaded]\n"
        "    importlib.import_module(name)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *(m for m in MODULES if m != "plainheal.__main__")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_the_contract_imports_nothing_of_the_implementation() -> None:
    assert _imports(MODULES["plainheal.api"]) == {"plainheal.entry", "plainheal.vocabulary"}
    assert _imports(MODULES["plainheal.entry"]) == set()
    assert _imports(MODULES["plainheal.vocabulary"]) == set()


def test_type_hints_of_the_contract_resolve() -> None:
    for kind in (api.Analyzer, api.Finding, api.Plugin, api.Context, api.Window, api.Thresholds):
        assert typing.get_type_hints(kind)
    hints = typing.get_type_hints(api.Analyzer)
    assert typing.get_args(hints["analyze"])[0] == [api.Context]
    assert typing.get_args(typing.get_type_hints(api.Finding)["status"]) == api.STATUSES


def test_everything_a_plugin_sees_is_exported_from_plainheal() -> None:
    for name in api.__all__:
        assert getattr(plainheal, name) is getattr(api, name), name
        assert name in plainheal.__all__


def test_check_and_summarize_start_without_the_report_s_or_the_watch_s_libraries() -> None:
    script = (
        "import sys, plainheal, plainheal.cli\n"
        "assert 'markdown_it' not in sys.modules and 'watchdog' not in sys.modules\n"
        "assert plainheal.export_report.__module__ == 'plainheal.export'\n"  # loaded on use
        "assert 'markdown_it' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
