"""The `chromium` fixture: one headless Chromium per test run (per xdist worker).

A plugin module, loaded by the test modules that print (`pytest_plugins =
("chromium_fixture",)`), so that they share the browser; they import the rest from
`printer`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from printer import CHROMIUM, Printer


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Printer]:
    """The headless Chromium of this test run (of this xdist worker)."""
    assert CHROMIUM is not None
    with Printer(CHROMIUM, tmp_path_factory.mktemp("chromium") / "profile") as printer:
        yield printer
