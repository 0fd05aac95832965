"""`plainheal --version`: what the Obsidian plugin's Test button runs."""

import tomllib
from importlib.metadata import version
from pathlib import Path

from click.testing import CliRunner

import plainheal
from plainheal.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_version_is_the_installed_package_version() -> None:
    result = CliRunner().invoke(main, ["--version"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output == f"plainheal, version {version('plainheal')}\n"


def test_version_comes_from_pyproject() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert version("plainheal") == declared
    assert plainheal.__version__ == declared
