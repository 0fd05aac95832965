"""The plugin contract stands alone, and the package has no import cycle, deferred or not."""

import ast
import subprocess
import sys
import typing
from pathlib import Path

import pytest

import plainheal
from plainheal import api

PACKAGE = Path(plainheal.__file__).parent


def _modules(package: Path) -> dict[str, Path]:
    """Every module of the package at `package`, by dotted name (a package by its own name,
    standing for its `__init__.py`)."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = _modules(PACKAGE)


def _imports(name: str, modules: dict[str, Path]) -> set[str]:
    """Every module of `modules` that module `name` imports, at the top or inside a function,
    absolutely or relatively. `from package import x` runs the package's `__init__`, and the
    module `package.x` too if there is one."""
    path = modules[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, one level up per dot after the first
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        found |= {imported for imported in names if imported in modules}
    return found - {name}


def _graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module → the modules it imports. Importing `a.b.c` runs `a` and `a.b` first, but those
    are Python's order of loading, not imports of `a.b.c`, and are left out."""
    return {name: _imports(name, modules) for name in modules}


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


def _package(root: Path, files: dict[str, str]) -> dict[str, Path]:
    """A small package `fake` under `root`, from relative paths and their text."""
    for relative, text in files.items():
        path = root / "fake" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return _modules(root / "fake")


FAKE = {
    "__init__.py": "from fake.core.model import Model\n",
    "core/__init__.py": "",
    "core/model.py": "class Model: ...\n",
    "core/rules.py": "from . import model\nfrom .model import Model\n",
    "render.py": "import fake.core.rules\n",
    "contract.py": "from typing import Protocol\n",
}


def test_the_graph_sees_every_kind_of_import(tmp_path: Path) -> None:
    modules = _package(tmp_path, FAKE)
    assert set(modules) == {
        "fake", "fake.core", "fake.core.model", "fake.core.rules", "fake.render", "fake.contract",
    }  # fmt: skip
    graph = _graph(modules)
    assert graph["fake"] == {"fake.core.model"}
    assert graph["fake.core.rules"] == {"fake.core", "fake.core.model"}
    assert graph["fake.render"] == {"fake.core.rules"}
    assert graph["fake.contract"] == set()
    assert _cycle(graph) is None  # parents load first, but that is not a cycle


@pytest.mark.parametrize(
    ("where", "text", "cycle"),
    [
        # At the top of a module, absolutely.
        ("core/model.py", "import fake.render\n", "fake.render"),
        # Deferred into a function: a cycle still.
        ("core/model.py", "def f():\n    from fake.render import x\n", "fake.render"),
        # Relatively, two levels up, through the package's `__init__`.
        ("core/model.py", "def f():\n    from .. import Model\n", "fake"),
        # A package's `__init__` importing what imports it.
        ("core/__init__.py", "from fake.core.rules import Model\n", "fake.core.rules"),
    ],
)
def test_the_cycle_finder_finds_a_cycle_in_a_package(
    tmp_path: Path, where: str, text: str, cycle: str
) -> None:
    files = {**FAKE, where: FAKE[where] + text}
    found = _cycle(_graph(_package(tmp_path, files)))
    assert found is not None and cycle in found, found


def test_no_import_cycle_deferred_or_not() -> None:
    graph = _graph(MODULES)
    # The graph is the package's (not an empty one that has no cycle either).
    assert {"plainheal.summarize", "plainheal.api"} <= graph["plainheal"]
    assert "plainheal.watch.loop" in graph["plainheal.cli"]  # deferred into a function
    assert _cycle(graph) is None


def test_the_contract_imports_nothing_of_the_implementation() -> None:
    assert _imports("plainheal.api", MODULES) == {"plainheal.entry", "plainheal.vocabulary"}
    assert _imports("plainheal.entry", MODULES) == set()
    assert _imports("plainheal.vocabulary", MODULES) == {"plainheal.spelling"}
    assert _imports("plainheal.spelling", MODULES) == set()


def test_the_contract_loads_alone_in_a_fresh_interpreter() -> None:
    # What the static graph cannot see (an import by name at run time) shows here: the
    # package's `__init__` (which gathers the library) is replaced by an empty package.
    script = (
        "import sys, types\n"
        "package = types.ModuleType('plainheal')\n"
        f"package.__path__ = [{str(PACKAGE)!r}]\n"
        "sys.modules['plainheal'] = package\n"
        "import plainheal.api\n"
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] == 'plainheal')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    loaded = done.stdout.split()
    assert loaded == [
        "plainheal",
        "plainheal.api",
        "plainheal.entry",
        "plainheal.spelling",
        "plainheal.vocabulary",
    ]


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


def test_every_module_is_small_enough_to_read_in_one_sitting() -> None:
    sizes = {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    assert len(sizes) > 50
    assert {name: n for name, n in sizes.items() if n > 400} == {}
