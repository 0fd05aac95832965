"""Read a vault from disk into a `Journal`. The only module that reads entries."""

from __future__ import annotations

import os
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from plainheal.entry import Conflict, Entry, FileResult, Problem, printable
from plainheal.plugins import PluginError, Registry, discover
from plainheal.read.config import (
    CONFIG_NAME,
    Config,
    ConfigError,
    parse_config,
    plugin_defaults,
)
from plainheal.read.dates import obsidian_formats, periodic_daily
from plainheal.read.files import is_generated, read_bytes, read_note, settings_text
from plainheal.read.folders import as_on_disk, folder_refusal
from plainheal.read.layout import Kind, daily_notes_problem, entries_elsewhere_problem, place
from plainheal.read.obsidian import (
    DAILY_SETTINGS,
    PERIODIC_SETTINGS,
    TEMPLATE_SETTINGS,
    daily_folder,
    template_folders,
)
from plainheal.read.parallel import fork_map
from plainheal.read.walk import FileId, Followed, ReadAs, walk
from plainheal.vocabulary import Vocabulary

MAX_CONFIG_BYTES = 1024 * 1024


class VaultError(Exception):
    """The vault cannot be read at all (missing folder, broken config)."""


@dataclass(frozen=True)
class Journal:
    """Everything read from a vault: entries in date order, problems, conflict copies."""

    config: Config
    vocabulary: Vocabulary
    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...]
    conflicts: tuple[Conflict, ...]
    registry: Registry
    # Names (casefolded, without `.md`) that two or more notes of the vault share, entries or
    # not: a wiki link `[[name]]` to one of them needs its path.
    shared_names: frozenset[str] = frozenset()
    private_notes: tuple[str, ...] = ()  # notes that are not entries, marked private
    # The vault's Markdown files that are no entry: notes read that are not entries, and
    # files not read as notes (outside the journal folders, sync-conflict copies).
    other_notes: tuple[str, ...] = ()

    @property
    def has_errors(self) -> bool:
        """True when some file could not be read (or a date is impossible)."""
        return any(problem.severity == "error" for problem in self.problems)


def load_config(vault: Path, registry: Registry) -> Config:
    """The vault's `plainheal.toml`, or the defaults when there is none."""
    data = read_bytes(vault, CONFIG_NAME, MAX_CONFIG_BYTES)
    if isinstance(data, Problem):
        if data.code == "vanished" and not os.path.lexists(vault / CONFIG_NAME):
            return Config(thresholds=plugin_defaults(registry.thresholds))
        if data.code == "too-large":
            raise VaultError(f"{CONFIG_NAME}: is larger than 1 MB; it cannot be a settings file")
        if data.code == "vanished":
            raise VaultError(f"{CONFIG_NAME}: is a folder, not a settings file")
        raise VaultError(f"{CONFIG_NAME}: {data.message}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise VaultError(
            f"{CONFIG_NAME}: is not UTF-8 text; save it as UTF-8 and run again"
        ) from None
    try:
        config = parse_config(text, registry.vocabulary, registry.thresholds)
    except ConfigError as error:
        # The message may name a key as written; never print its control characters.
        raise VaultError(printable(f"{CONFIG_NAME}: {error}")) from None
    return config


@dataclass(frozen=True)
class Listing:
    """The files of a vault worth reading, the conflict copies, and folders that failed."""

    notes: tuple[str, ...]
    conflicts: tuple[Conflict, ...]
    problems: tuple[Problem, ...]
    shared_names: frozenset[str] = frozenset()  # see `Journal.shared_names`
    other_names: tuple[str, ...] = ()  # names of the other Markdown files (see `shared_names`)
    other_notes: tuple[str, ...] = ()  # their paths (the export looks at those linked)
    # Folders of the vault read under the path of a link in a journal folder: (own, link's).
    read_as: tuple[tuple[str, str], ...] = ()
    # Folder links read through: (link's path, the real folder it leads to).
    followed: tuple[tuple[str, str], ...] = ()

    def path_read(self, relative: str) -> str:
        """The path a file is read under: its own, or the link's that its folder is read
        through (a file event names the file by its own path). The deepest folder decides:
        `Notes` may be read through one link and `Notes/sub` through another."""
        best = ("", relative)
        for own, link in self.read_as:
            if relative.startswith(f"{own}/") and len(own) > len(best[0]):
                best = (own, f"{link}{relative[len(own) :]}")
        return best[1]


def list_vault(vault: Path, config: Config) -> Listing:
    """Find the notes and sync-conflict copies of a vault, sorted by path; `VaultError` if
    a journal folder of the config does not exist."""
    refusal = folder_refusal(vault, config)
    if refusal is not None:
        raise VaultError(refusal)
    notes: list[str] = []
    conflicts: list[Conflict] = []
    problems: list[Problem] = []
    files: list[str] = []
    identities: dict[str, FileId] = {}
    read_as: list[tuple[str, str]] = []
    followed: list[tuple[str, str]] = []
    for relative, kind in walk(vault, config):
        if isinstance(kind, ReadAs):
            read_as.append((relative, kind.path))
        elif isinstance(kind, Followed):
            followed.append((relative, kind.real))
        elif isinstance(kind, Problem):
            problems.append(replace(kind, path=printable(kind.path)))
        elif not decodable(relative):
            if place(printable(relative), config).kind is not Kind.PASSED_OVER:
                problems.append(
                    Problem(
                        printable(relative),
                        "error",
                        "name-not-utf8",
                        "its name is not valid UTF-8 text (shown here with \\x escapes); "
                        "rename it to read it",
                    )
                )
        else:
            files.append(relative)
            identities[relative] = kind
    # The original of `2026-11-20.sync-conflict-….MD` is `2026-11-20.md`: the extension's
    # case is the sync client's, not the original's.
    present = {_folded_extension(relative): relative for relative in files}
    for relative in files:
        placement = place(relative, config)
        original = (
            present.get(_folded_extension(placement.original)) if placement.original else None
        )
        if (
            placement.kind is Kind.CONFLICT
            and original is not None
            and original != relative
            and not is_generated(vault, relative)
        ):
            conflicts.append(Conflict(relative, original))
        elif placement.kind is not Kind.PASSED_OVER:
            # Also a name that only looks like a conflict copy: without its original beside
            # it, `Plans (conflict).md` is an ordinary note.
            notes.append(relative)
    problems += _twins(notes)
    notes, same = _once_each(sorted(notes), identities)
    problems += same
    kept = set(notes)
    other_notes = tuple(
        relative for relative in files if relative.lower().endswith(".md") and relative not in kept
    )
    others = tuple(_name(relative) for relative in other_notes)
    return Listing(
        tuple(sorted(notes)),
        tuple(sorted(conflicts, key=lambda c: c.path)),
        tuple(problems),
        shared_names(notes, others),
        others,
        other_notes,
        tuple(read_as + _followed_inside(vault, followed)),
        tuple(followed),
    )


def _followed_inside(vault: Path, followed: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(own path, link's path) for the folders of the vault read through a link: a file
    there is read under the link's path, as the walk read it."""
    root = os.path.realpath(vault)
    return [
        (os.path.relpath(real, root), link)
        for link, real in followed
        if real.startswith(f"{root}/")
    ]


def _name(relative: str) -> str:
    """A note's name as a wiki link matches it: no folder, no `.md`, no case."""
    return relative.rsplit("/", 1)[-1][:-3].casefold()


def shared_names(notes: Iterable[str], others: Iterable[str]) -> frozenset[str]:
    """The names two or more Markdown files share: `notes` (paths) and `others` (names of
    the vault's other Markdown files, not read as notes)."""
    names = Counter(_name(relative) for relative in notes)
    names.update(others)
    return frozenset(name for name, count in names.items() if count > 1)


def _folded_extension(relative: str) -> str:
    return relative[:-3] + relative[-3:].lower()


def _once_each(
    notes: list[str], identities: Mapping[str, FileId]
) -> tuple[list[str], list[Problem]]:
    """Notes that are one file under two names (a link, a hard link) are read once."""
    first: dict[tuple[int, int], str] = {}
    kept: list[str] = []
    problems: list[Problem] = []
    for relative in notes:
        identity = identities.get(relative)
        if identity is not None and identity in first:
            message = f"is the same file as {printable(first[identity])} (a link); read once"
            problems.append(Problem(printable(relative), "warning", "same-file", message))
            continue
        if identity is not None:
            first[identity] = relative
        kept.append(relative)
    return kept, problems


def decodable(relative: str) -> bool:
    """False for a name holding bytes that are not UTF-8 (Python keeps them as surrogates)."""
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _twins(notes: Sequence[str]) -> list[Problem]:
    """Notes whose names are the same once Unicode is normalised (`é` as one or two code
    points): two devices' copies of one note, which a sync client may merge or not."""
    by_form: dict[str, list[str]] = {}
    for relative in notes:
        by_form.setdefault(unicodedata.normalize("NFC", relative), []).append(relative)
    problems: list[Problem] = []
    for twins in by_form.values():
        if len(twins) > 1:
            for relative in sorted(twins):
                others = ", ".join(printable(t) for t in sorted(twins) if t != relative)
                problems.append(
                    Problem(
                        printable(relative),
                        "warning",
                        "unicode-twin",
                        f"has the same name as {others} once accents are written the same "
                        "way (a copy from another device?); both are read: keep one",
                    )
                )
    return problems


def _settings_text(vault: Path, relative: str) -> str | None:
    """Obsidian's settings, or None: missing or unreadable (a FIFO, a link to /dev/zero, not
    UTF-8) settings decide nothing, and names are read as YYYY-MM-DD."""
    text = settings_text(vault, relative)
    return text if isinstance(text, str) else None


def _app_templates(vault: Path, config: Config) -> tuple[str, ...]:
    """The template folders of Obsidian's settings, less any that is the output folder or
    holds a journal folder (the config's own folders decide there). In them, the notes not
    named by date are templates (`place`); those named by date are read, daily notes kept
    beside their template."""
    found = template_folders(*(_settings_text(vault, name) for name, _ in TEMPLATE_SETTINGS))

    def apart(folder: str) -> bool:
        holds = (f for f in config.journal if f == folder or f.startswith(f"{folder}/"))
        return folder != config.output and folder not in config.templates and not any(holds)

    return tuple(folder for folder in found if apart(folder))


# Obsidian's settings that name the vault's daily-note formats: Daily notes, Periodic Notes,
# Journals (in the order `obsidian_formats` takes them).
DATE_SETTINGS = (
    ".obsidian/daily-notes.json",
    ".obsidian/plugins/periodic-notes/data.json",
    ".obsidian/plugins/journals/data.json",
)
# Every settings file of Obsidian's that decides how the vault is read.
APP_SETTINGS = (*DATE_SETTINGS, *(name for name, _ in TEMPLATE_SETTINGS))


def vault_date_formats(vault: Path, config: Config) -> tuple[str, ...]:
    """`date_formats` of plainheal.toml, then the daily-note formats of Obsidian's settings."""
    found = obsidian_formats(*(_settings_text(vault, relative) for relative in DATE_SETTINGS))
    return tuple(dict.fromkeys((*config.date_formats, *found)))


def open_vault(
    vault: Path, registry: Registry | None = None
) -> tuple[Config, Vocabulary, Registry]:
    """The vault's config and the vocabulary in force for it (plugins plus config)."""
    if not vault.is_dir():
        raise VaultError(f"{vault} is not a folder")
    try:
        registry = registry or discover()
    except PluginError as error:
        raise VaultError(str(error)) from None
    config = load_config(vault, registry)
    config = replace(
        config,
        date_formats=vault_date_formats(vault, config),
        app_templates=_app_templates(vault, config),
        daily_folder=daily_folder(
            _settings_text(vault, DAILY_SETTINGS),
            periodic_daily(_settings_text(vault, PERIODIC_SETTINGS)),
        ),
    )
    if config.daily_folder is not None:  # as the disk spells it (`journal` is `Journal`)
        folder, settings = config.daily_folder
        config = replace(config, daily_folder=(as_on_disk(vault, folder, config.journal), settings))
    vocabulary = registry.vocabulary.merged(config.vocabulary, source=CONFIG_NAME, replace=True)
    return config, vocabulary, registry


def assemble(
    config: Config,
    vocabulary: Vocabulary,
    registry: Registry,
    results: list[FileResult],
    listing: Listing,
) -> Journal:
    """A `Journal` from per-file results, in the stable order every output relies on."""
    entries = sorted((r.entry for r in results if r.entry is not None), key=Entry.sort_key)
    problems = [p for r in results for p in r.problems] + list(listing.problems)
    problems += [Problem("", "warning", "plugin", failure) for failure in registry.failures]
    # One warning for one cause: Obsidian's daily-notes folder, else dated notes elsewhere.
    elsewhere = entries_elsewhere_problem(config, len(entries), listing.other_notes)
    problems += [p for p in (daily_notes_problem(config) or elsewhere,) if p is not None]
    return Journal(
        config=config,
        vocabulary=vocabulary,
        entries=tuple(entries),
        problems=tuple(sorted(problems, key=Problem.sort_key)),
        conflicts=listing.conflicts,
        registry=registry,
        shared_names=listing.shared_names,
        private_notes=tuple(
            path for path, r in zip(listing.notes, results, strict=True) if r.private
        ),
        other_notes=tuple(
            sorted(
                (
                    *(p for p, r in zip(listing.notes, results, strict=True) if r.entry is None),
                    *listing.other_notes,
                )
            )
        ),
    )


PARALLEL_FROM = 2000  # notes; below this, starting a second process costs more than it saves


def read_notes(
    vault: Path,
    relatives: Sequence[str],
    vocabulary: Vocabulary,
    *,
    parallel: bool = False,
    date_formats: tuple[str, ...] = (),
) -> list[FileResult]:
    """Read and parse notes; with `parallel`, a large vault on every core (see parallel.py)."""
    return fork_map(
        lambda relative: read_note(vault, relative, vocabulary, date_formats),
        relatives,
        threshold=PARALLEL_FROM if parallel else len(relatives) + 1,
    )


def read_journal(
    vault: Path, registry: Registry | None = None, *, parallel: bool = True
) -> Journal:
    """Read every note of the vault. Raises `VaultError` only if the vault itself is unusable."""
    config, vocabulary, registry = open_vault(vault, registry)
    listing = list_vault(vault, config)
    results = read_notes(
        vault, listing.notes, vocabulary, parallel=parallel, date_formats=config.date_formats
    )
    return assemble(config, vocabulary, registry, results, listing)
