import importlib.metadata
import json
import sys
import types
from collections.abc import Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainheal.api import Analyzer, Context, Finding, Plugin
from plainheal.builtin import plugin as builtin
from plainheal.cli import main
from plainheal.plugins import GROUP, PluginError, _Sources, combine, discover
from plainheal.read.vault import read_journal
from plainheal.render.summary_json import run_json
from plainheal.summarize import summarize
from plainheal.vocabulary import Checklist, Dimension, Rating, Vocabulary

from conftest import WriteNote, entry


def _count_hope(context: Context) -> list[Finding]:
    hopeful = [e.path for e in context.entries if e.ratings.get("hope", 0) >= 7]
    return [
        Finding("hopeful-days", "noticed", f"{len(hopeful)} hopeful days.", evidence=tuple(hopeful))
    ]


HOPE = Plugin(
    "hope",
    Vocabulary(ratings={"hope": Rating("hope", 1, 10)}),
    (Analyzer("hopeful-days", "Hope", _count_hope),),
)


def _fake_entry_points(monkeypatch: pytest.MonkeyPatch, *specs: tuple[str, str]) -> None:
    points = importlib.metadata.EntryPoints(
        importlib.metadata.EntryPoint(name, value, GROUP) for name, value in specs
    )
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: points)


def test_builtins_use_the_same_interface() -> None:
    assert isinstance(builtin, Plugin)
    assert [a.id for a in builtin.analyzers] == [
        "early-effort-fading",
        "sustained-change",
        "hollow-effort",
        "boundaries-crossed",
        "links",
    ]


def test_a_registered_plugin_reaches_reading_and_summaries(vault: Path, write: WriteNote) -> None:
    for day in range(1, 5):
        write(f"2026-11-0{day}.md", entry(f"2026-11-0{day}", hope=day * 2 + 1))
    journal = read_journal(vault, combine([builtin, HOPE]))
    assert [e.ratings for e in journal.entries][-1] == {"hope": 9}
    run = summarize(vault, journal=journal)
    overview = (vault / "Patterns/Overview.md").read_text()
    assert "## Hope" in overview and "2 hopeful days." in overview
    assert any(r.analyzer == "hopeful-days" for r in run.analysis.results)


def test_the_same_key_from_two_plugins_is_a_clear_error() -> None:
    twin = Plugin("twin", Vocabulary(dimensions={"empathy": Dimension("empathy", {"yes": 1})}))
    with pytest.raises(
        PluginError,
        match="plugin 'twin' defines dimension 'empathy', which plugin 'builtin' already defines",
    ):
        combine([builtin, twin])
    again = Plugin("again", analyzers=(Analyzer("hopeful-days", "x", _count_hope),))
    with pytest.raises(PluginError, match="analyzer 'hopeful-days'"):
        combine([builtin, HOPE, again])


def test_a_broken_plugin_is_named_and_the_rest_still_runs(
    monkeypatch: pytest.MonkeyPatch, vault: Path, write: WriteNote
) -> None:
    module = types.ModuleType("plainheal_test_hope")
    module.plugin = HOPE  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "plainheal_test_hope", module)
    _fake_entry_points(
        monkeypatch,
        ("builtin", "plainheal.builtin:plugin"),
        ("hope", "plainheal_test_hope"),
        ("missing", "plainheal_no_such_module:plugin"),
        ("wrong", "plainheal.builtin:VOCABULARY"),
    )
    registry = discover()
    assert [p.name for p in registry.plugins] == ["builtin", "hope"]
    assert len(registry.failures) == 2
    assert "plugin 'missing' could not be loaded: ModuleNotFoundError" in registry.failures[0]
    assert "plugin 'wrong' could not be loaded" in registry.failures[1]
    write("2026-11-01.md", entry("2026-11-01", hope=9))
    result = CliRunner().invoke(main, ["check", str(vault), "--json"])
    document = json.loads(result.stdout)
    assert document["entries"][0]["ratings"] == {"hope": 9}
    assert [p["code"] for p in document["problems"]] == ["plugin", "plugin"]
    listing = CliRunner().invoke(main, ["plugins"])
    assert listing.exit_code == 1
    assert "hope (plainheal_test_hope)" in listing.stdout
    assert "error: plugin 'missing' could not be loaded" in listing.stderr


def test_a_clash_between_installed_plugins_stops_with_a_message(
    monkeypatch: pytest.MonkeyPatch, vault: Path
) -> None:
    _fake_entry_points(
        monkeypatch,
        ("builtin", "plainheal.builtin:plugin"),
        ("again", "plainheal.builtin:plugin"),
    )
    result = CliRunner().invoke(main, ["check", str(vault)])
    assert result.exit_code == 1
    assert "already defines" in result.stderr


def test_discovery_is_once_per_run(
    monkeypatch: pytest.MonkeyPatch, vault: Path, write: WriteNote
) -> None:
    calls: list[str] = []
    real = importlib.metadata.entry_points

    def counting(group: str) -> importlib.metadata.EntryPoints:
        calls.append(group)
        return real(group=group)

    monkeypatch.setattr(importlib.metadata, "entry_points", counting)
    write("2026-11-01.md", entry("2026-11-01", safety=3))
    CliRunner().invoke(main, ["summarize", str(vault)], catch_exceptions=False)
    assert calls == [GROUP]


def _summarize_with(vault: Path, write: WriteNote, *extra: Plugin) -> str:
    for day in range(1, 5):
        write(f"2026-11-0{day}.md", entry(f"2026-11-0{day}", safety=3, hope=5))
    journal = read_journal(vault, combine([builtin, HOPE, *extra]))
    summarize(vault, journal=journal)
    return (vault / "Patterns/Overview.md").read_text()


def _analyzer(id: str, analyze: object) -> Plugin:
    return Plugin(id, analyzers=(Analyzer(id, id.capitalize(), analyze),))  # type: ignore[arg-type]


def _raises(error: BaseException) -> object:
    def analyze(context: Context) -> list[Finding]:
        raise error

    return analyze


@pytest.mark.parametrize(
    "analyze",
    [
        lambda context: 42,
        lambda context: "noticed",
        lambda context: {"id": "x"},
        lambda context: [("x", "noticed")],
        lambda context: [Finding("x", "noticed", sentence=3)],  # type: ignore[arg-type]
        lambda context: [Finding("x", "noticed", title=7)],  # type: ignore[arg-type]
        lambda context: [Finding("x", "noticed", title="a\nb")],
        lambda context: [Finding("x", "maybe")],  # type: ignore[arg-type]
        lambda context: [Finding("x", "noticed", sentence="a\x1b[2Jb")],
        lambda context: [Finding("x", "noticed", sentence="word " * 1000)],
        lambda context: [Finding("x", "noticed", numbers={"n": float("nan")})],
        lambda context: [Finding("x", "noticed", numbers={"n": float("inf")})],
        lambda context: [Finding("x", "noticed", numbers={"n": "3"})],  # type: ignore[dict-item]
        lambda context: [Finding("x", "noticed", evidence="2026-11-01.md")],  # type: ignore[arg-type]
        lambda context: [Finding("x", "noticed", evidence=("Private/secret.md",))],
        _raises(ValueError("boom")),
        _raises(SystemExit(3)),
        _raises(KeyboardInterrupt()),
    ],
)
def test_a_bad_analyzer_costs_only_its_own_section(
    vault: Path, write: WriteNote, analyze: object
) -> None:
    overview = _summarize_with(vault, write, _analyzer("broken", analyze))
    assert "## Broken" in overview and "analyzer 'broken' failed" in overview
    assert "## Hope" in overview and "hopeful days." in overview  # the others are written


def test_an_analyzer_returning_a_generator_or_list_of_good_findings_is_fine(
    vault: Path, write: WriteNote
) -> None:
    def analyze(context: Context) -> object:
        path = context.entries[0].path
        yield Finding("fine", "noticed", "All fine.", evidence=[path])  # type: ignore[arg-type]

    overview = _summarize_with(vault, write, _analyzer("fine", analyze))
    assert "All fine." in overview and "failed" not in overview


def _fake_module(monkeypatch: pytest.MonkeyPatch, name: str, **attributes: object) -> None:
    module = types.ModuleType(name)
    for key, value in attributes.items():
        setattr(module, key, value)
    monkeypatch.setitem(sys.modules, name, module)


class _ExitOnImport(importlib.metadata.EntryPoint):
    def load(self) -> object:
        raise SystemExit(0)


class _InterruptOnImport(importlib.metadata.EntryPoint):
    def load(self) -> object:
        raise KeyboardInterrupt


def test_a_plugin_that_exits_or_interrupts_at_import_is_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    points = importlib.metadata.EntryPoints(
        [
            importlib.metadata.EntryPoint("builtin", "plainheal.builtin:plugin", GROUP),
            _ExitOnImport("exits", "x:plugin", GROUP),
            _InterruptOnImport("interrupts", "y:plugin", GROUP),
        ]
    )
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: points)
    registry = discover()
    assert [p.name for p in registry.plugins] == ["builtin"]
    assert "plugin 'exits' could not be loaded: SystemExit" in registry.failures[0]
    assert "plugin 'interrupts' could not be loaded: KeyboardInterrupt" in registry.failures[1]


@pytest.mark.parametrize("key", ["private", "Private", "date", "tags", "share", "event", "aliases"])
def test_a_plugin_may_not_define_a_reserved_key(monkeypatch: pytest.MonkeyPatch, key: str) -> None:
    bad = Plugin("sneaky", Vocabulary(dimensions={key: Dimension(key, {"yes": 1, "no": -1})}))
    _fake_module(monkeypatch, "plainheal_test_sneaky", plugin=bad)
    _fake_entry_points(
        monkeypatch, ("builtin", "plainheal.builtin:plugin"), ("sneaky", "plainheal_test_sneaky")
    )
    registry = discover()
    assert [p.name for p in registry.plugins] == ["builtin"]
    (failure,) = registry.failures
    assert f"{key!r} is reserved" in failure
    assert "private" not in registry.vocabulary.known_keys


@pytest.mark.parametrize(
    "vocabulary",
    [
        Vocabulary(dimensions={"openness": Dimension("openness", {"open": 1, "Open": -1})}),
        Vocabulary(dimensions={"openness": Dimension("openness", {"open": 1}, {"open_": "shut"})}),
        Vocabulary(dimensions={"openness": Dimension("openness", {"open": 2})}),
        Vocabulary(ratings={"hope2": Rating("hope2", 5, 1)}),
        Vocabulary(dimensions={"openness": "open"}),  # type: ignore[dict-item]
    ],
)
def test_a_plugin_with_an_inconsistent_vocabulary_is_refused(
    monkeypatch: pytest.MonkeyPatch, vocabulary: Vocabulary
) -> None:
    _fake_module(monkeypatch, "plainheal_test_odd", plugin=Plugin("odd", vocabulary))
    _fake_entry_points(
        monkeypatch, ("builtin", "plainheal.builtin:plugin"), ("odd", "plainheal_test_odd")
    )
    registry = discover()
    assert [p.name for p in registry.plugins] == ["builtin"]
    assert "plugin 'odd'" in registry.failures[0]


def test_a_plugin_named_builtin_never_replaces_the_real_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    impostor = Plugin("builtin", HOPE.vocabulary, HOPE.analyzers)
    _fake_module(monkeypatch, "plainheal_test_impostor", plugin=impostor)
    # Installed under the entry-point name `builtin`, and with the plugin name `builtin`.
    _fake_entry_points(monkeypatch, ("builtin", "plainheal_test_impostor"))
    registry = discover()
    assert [p for p in registry.plugins] == [builtin]
    assert "calls itself 'builtin'" in registry.failures[0]
    assert "empathy" in registry.vocabulary.dimensions and "hope" not in registry.vocabulary.ratings


def test_a_plugin_finding_carries_its_title_to_every_place_it_is_named(
    vault: Path, write: WriteNote
) -> None:
    def analyze(context: Context) -> list[Finding]:
        return [
            Finding("calm-streak", "noticed", "Three calm days.", title="A calm stretch"),
            Finding("calm-dip", "not-enough-data", title="A dip in calm"),
            Finding("calm-rise", "not-noticed", title="A rise in calm"),
        ]

    overview = _summarize_with(vault, write, _analyzer("calm", analyze))
    assert "> [!note] A calm stretch\n> Three calm days." in overview
    assert "Looked for and not seen: a rise in calm." in overview
    assert "a dip in calm" in overview
    assert "Calm streak" not in overview and "Calm dip" not in overview


def test_a_finding_waiting_for_data_can_say_what_it_waits_for(
    vault: Path, write: WriteNote
) -> None:
    def analyze(context: Context) -> list[Finding]:
        return [
            Finding("calm-dip", "not-enough-data", "it needs 10 calm ratings (4 so far)"),
            Finding("calm-rise", "not-enough-data"),
        ]

    overview = _summarize_with(vault, write, _analyzer("calm", analyze))
    assert "- Calm dip: not enough data yet; it needs 10 calm ratings (4 so far).\n" in overview
    # Only the finding that says nothing gets the line with plainheal's own guardrail.
    assert "Not enough data yet to look for: calm rise (at least 3 entries" in overview
    assert "calm dip (at least" not in overview


def test_a_finding_without_a_title_is_named_from_its_id(vault: Path, write: WriteNote) -> None:
    def analyze(context: Context) -> list[Finding]:
        return [Finding("calm-streak", "noticed", "Three calm days.")]

    overview = _summarize_with(vault, write, _analyzer("calm", analyze))
    assert "> [!note] Calm streak\n" in overview


def test_builtin_findings_carry_their_titles() -> None:
    from plainheal.analyze.links import link_title
    from plainheal.builtin.patterns import TITLES

    assert TITLES["hollow-effort"] == "Effort without connection"
    assert link_title(Rating("safety", 1, 5)) == "Linked to how safe you felt"
    assert link_title(Rating("inner_calm", 1, 10)) == "Linked to your inner calm rating"


@pytest.mark.parametrize(
    ("thresholds", "message"),
    [
        ({"alpha": 0.1}, "threshold 'alpha' is one of plainheal's own"),
        ({"Min Days": 3}, "should be a short lower-case name"),
        ({"calm_days": True}, "should have a finite number as its default"),
        ({"calm_days": float("nan")}, "should have a finite number as its default"),
        ([("calm_days", 3)], "thresholds should be a mapping"),
    ],
)
def test_a_plugin_with_bad_thresholds_is_refused(thresholds: object, message: str) -> None:
    from plainheal.plugins import check_plugin

    with pytest.raises(PluginError, match=message):
        check_plugin(Plugin("calm", thresholds=thresholds), "calm")  # type: ignore[arg-type]


def test_two_plugins_declaring_one_threshold_is_a_clear_error() -> None:
    with pytest.raises(PluginError, match="defines threshold 'calm_days'"):
        combine(
            [Plugin("a", thresholds={"calm_days": 3}), Plugin("b", thresholds={"calm_days": 4})]
        )


def test_a_declared_threshold_reaches_the_analyzer_with_its_default_or_setting(
    vault: Path, write: WriteNote
) -> None:
    seen: list[float] = []

    def analyze(context: Context) -> list[Finding]:
        seen.append(context.thresholds.plugin("calm_days"))
        return []

    calm = Plugin(
        "calm", analyzers=(Analyzer("calm", "Calm", analyze),), thresholds={"calm_days": 3}
    )
    _summarize_with(vault, write, calm)
    (vault / "plainheal.toml").write_text("[thresholds]\ncalm_days = 9\n")
    summarize(vault, journal=read_journal(vault, combine([builtin, HOPE, calm])))
    assert seen == [3, 9]


def test_a_plugin_checklist_gets_its_own_table(vault: Path, write: WriteNote) -> None:
    supports = Plugin(
        "supports",
        Vocabulary(checklists={"supports": Checklist("supports", ("friend", "group", "book"))}),
    )
    for day in range(1, 5):
        write(f"2026-11-1{day}.md", entry(f"2026-11-1{day}", supports="friend, group"))
    write("2026-11-15.md", entry("2026-11-15", supports="friend"))
    run = summarize(vault, journal=read_journal(vault, combine([builtin, supports])))
    overview = (vault / "Patterns/Overview.md").read_text()
    table = overview.split("\n## Supports\n", 1)[1]
    assert "(0 entries noting it) and recently (5 entries)" in table
    assert "| Friend | 0 | 5 |\n| Group | 0 | 4 |" in table
    assert "Not recorded in either window: book." in table
    # The same figures in `summarize --json`, item by item.
    document = json.loads(json.dumps(run_json(run)))
    assert document["checklists"] == {
        "supports": {
            "title": "Supports",
            "entries": {"recent": 5, "three_months_ago": 0},
            "items": {
                "friend": {"recent": 5, "three_months_ago": 0},
                "group": {"recent": 4, "three_months_ago": 0},
                "book": {"recent": 0, "three_months_ago": 0},
            },
        }
    }


class _Package:
    """A plugin's installed package, as importlib.metadata describes it."""

    def __init__(self, metadata: Mapping[str, str | None]) -> None:
        self.metadata = metadata


class _Point:
    """An entry point: what it names, and the package that declares it (if any)."""

    def __init__(self, value: str, dist: _Package | None) -> None:
        self.value, self.dist = value, dist


@pytest.mark.parametrize(
    ("metadata", "listed"),
    [
        ({"Name": "plainheal-hope", "Version": "0.2"}, "plainheal-hope 0.2"),
        ({"Name": "plainheal-hope"}, "hope_pkg:plugin"),  # newer Pythons: KeyError
        ({"Name": "plainheal-hope", "Version": None}, "hope_pkg:plugin"),  # Python 3.11
        ({}, "hope_pkg:plugin"),
    ],
)
def test_a_plugin_is_listed_with_its_package_or_else_its_entry_point(
    metadata: dict[str, str | None], listed: str
) -> None:
    found = _Sources({"hope": _Point("hope_pkg:plugin", _Package(metadata))})  # type: ignore[dict-item]
    assert found["hope"] == listed and dict(found) == {"hope": listed}
    alone = _Sources({"hope": _Point("hope_pkg:plugin", None)})  # type: ignore[dict-item]
    assert alone["hope"] == "hope_pkg:plugin"  # no package at all
