"""`python -m plainheal`."""

from plainheal.cli import main

main()
