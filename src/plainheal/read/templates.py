"""The text of the vault's entry templates, to take their prompts out of shared entries."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

TEMPLATE_MAX_BYTES = 1_000_000  # a template is a page; anything larger is not read


def template_texts(
    vault: Path,
    folders: Sequence[str],
    date_formats: tuple[str, ...],
    app_folders: Sequence[str] = (),
) -> list[str]:
    """The text of the vault's entry templates, to take their prompts out of shared entries:
    every note in the templates folders (in Obsidian's, those not named by date), the daily
    notes' template, and plainheal's own.
    Unreadable files are passed over (a template only removes text, it never adds any)."""
    from plainheal.read.dates import name_dates
    from plainheal.write.starter import (
        TEMPLATE_ENTRY,
        TemplateMissing,
        template_root,
        vault_daily_notes,
    )

    names = name_dates(date_formats)
    paths: list[Path] = []
    for folder in (*folders, *app_folders):
        root = vault / folder
        if root.is_dir():
            found = sorted(p for p in root.rglob("*.md") if p.is_file())
            if folder in app_folders:  # there, notes named by date are entries (see layout)
                found = [p for p in found if names.read(p.name).date is None]
            paths.extend(found)
    paths.append(vault / f"{vault_daily_notes(vault, date_formats).template}.md")
    with contextlib.suppress(TemplateMissing):  # an installation without it: the others
        paths.append(template_root() / TEMPLATE_ENTRY)
    texts: list[str] = []
    seen: set[Path] = set()
    for path in paths:
        try:
            real = path.resolve()
            if real in seen or not path.is_file() or path.stat().st_size > TEMPLATE_MAX_BYTES:
                continue
            seen.add(real)
            texts.append(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    return texts
