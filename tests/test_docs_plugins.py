"""docs/plugins.md's contract tables cannot drift from plainheal.api (as sqlite-utils tests
its docs): every field and attribute listed, none that is not there."""

import re
from dataclasses import fields
from pathlib import Path

import pytest

from plainheal import api

DOCS = (Path(__file__).parents[1] / "docs" / "plugins.md").read_text(encoding="utf-8")


def _table(header: str) -> set[str]:
    """The names in the first column of the table whose header starts with `header`."""
    block = DOCS.split(f"\n| {header} |", 1)[1].split("\n\n", 1)[0]
    rows = block.splitlines()[2:]  # past the header's end and the |---| line
    names: set[str] = set()
    for row in rows:
        first = row.split("|")[1]
        names |= {re.sub(r"[\[(].*", "", name) for name in re.findall(r"`([^`]+)`", first)}
    return names


@pytest.mark.parametrize("kind", [api.Plugin, api.Finding])
def test_the_field_tables_list_every_field(kind: type) -> None:
    assert _table(f"`{kind.__name__}` field") == {f.name for f in fields(kind)}


def test_the_context_table_lists_every_public_attribute() -> None:
    public = {name for name in vars(api.Context) if not name.startswith("_")}
    public |= {f.name for f in fields(api.Context)}
    assert _table("attribute") == public


def test_the_constructors_written_in_the_docs_match_the_fields() -> None:
    finding = re.search(r"A `Finding\((.*?)\)`:", DOCS)
    assert finding is not None
    written = [part.split("=")[0].strip() for part in finding.group(1).split(", ")]
    assert written == [f.name for f in fields(api.Finding)]
