"""`python -m plainheal`."""

from plainheal.cli import run

run()
