"""One file of the vault read from disk: its bytes, its body, or the problem reading it."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from plainheal.entry import FileResult, Problem
from plainheal.read.parse import decode, parse_file
from plainheal.read.properties import FrontmatterError, split
from plainheal.read.yaml_errors import plain_yaml_error
from plainheal.vocabulary import Vocabulary

MAX_BYTES = 8 * 1024 * 1024  # a journal entry larger than this is surely not one


def os_problem(relative: str, error: OSError) -> Problem:
    if error.errno == errno.ELOOP:
        return Problem(relative, "error", "symlink-loop", "is a link that loops back on itself")
    if isinstance(error, FileNotFoundError):
        return Problem(relative, "warning", "vanished", "disappeared while being read")
    if isinstance(error, PermissionError):
        return Problem(relative, "error", "unreadable", "could not be read: permission denied")
    return Problem(relative, "error", "unreadable", f"could not be read: {error.strerror}")


def _not_a_file(relative: str, mode: int) -> Problem:
    kind = (
        "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a regular file"
    )
    return Problem(relative, "error", "not-a-file", f"is {kind}, not a text file; skipped")


def _missing(path: str, relative: str, error: OSError) -> Problem:
    """A file that cannot be found: a dangling link, or one that disappeared."""
    try:
        is_link = stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        is_link = False
    if is_link:
        return Problem(
            relative, "warning", "dangling-link", "is a link to a file that does not exist"
        )
    return os_problem(relative, error)


def read_bytes(vault: Path, relative: str, limit: int | None = None) -> bytes | Problem:
    """A file's bytes, or the problem reading it (gone, a loop, too large, no permission).

    Only regular files are read: a FIFO, socket or device named `.md` is a problem, never a
    wait (it is checked before opening, and opened without blocking in case it is swapped).
    """
    path = os.path.join(vault, relative)  # a string: a Path costs more than the stat here
    limit = MAX_BYTES if limit is None else limit
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            if stat.S_ISDIR(mode):
                return Problem(
                    relative, "warning", "vanished", "turned into a folder while being read"
                )
            return _not_a_file(relative, mode)
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(descriptor, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                return _not_a_file(relative, info.st_mode)
            # Asking read() for `limit` would allocate that much for every file.
            size = info.st_size
            data = handle.read(min(size, limit) + 1)
            if len(data) > size:  # grew while being read: take the rest too
                data += handle.read(limit + 1 - len(data))
    except FileNotFoundError as error:
        return _missing(path, relative, error)
    except IsADirectoryError:
        return Problem(relative, "warning", "vanished", "turned into a folder while being read")
    except OSError as error:
        return os_problem(relative, error)
    except ValueError:  # a name the operating system cannot take (an embedded NUL)
        return Problem(relative, "error", "unreadable", "has a name that cannot be opened")
    if len(data) > limit:
        return Problem(
            relative,
            "error",
            "too-large",
            f"is larger than {limit // (1024 * 1024) or 1} MB; too large for a journal entry",
        )
    return data


def read_body(vault: Path, relative: str) -> str | Problem:
    """The body text of a note (its frontmatter removed), for the therapist export."""
    data = read_bytes(vault, relative)
    if isinstance(data, Problem):
        return data
    text, problem = decode(relative, data)
    if text is None:
        assert problem is not None
        return problem
    try:
        return split(text).body
    except FrontmatterError as failure:
        message, line = plain_yaml_error(failure.message, text.split("\n"), failure.line)
        return Problem(relative, "error", "yaml-syntax", message, line)


def read_note(
    vault: Path, relative: str, vocabulary: Vocabulary, date_formats: tuple[str, ...] = ()
) -> FileResult:
    """Read and parse one note; never raises for anything the file holds."""
    data = read_bytes(vault, relative)
    if isinstance(data, Problem):
        return FileResult(None, (data,))
    return parse_file(relative, data, vocabulary, date_formats)


MAX_SETTINGS_BYTES = 1024 * 1024  # a settings file of Obsidian's, or a template


def settings_text(vault: Path, relative: str) -> str | Problem | None:
    """A small text file of the vault's settings (Obsidian's JSON, a template): its text,
    None if it is not there, or the problem reading it. Read as entries are: a FIFO or a
    device is named, never waited on, and a file over 1 MB is not read."""
    data = read_bytes(vault, relative, MAX_SETTINGS_BYTES)
    if isinstance(data, Problem):
        return None if data.code in ("vanished", "dangling-link") else data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Problem(relative, "error", "unreadable", "is not UTF-8 text")


# A file plainheal wrote (a summary, a report): `plainheal:` among its frontmatter's keys.
_GENERATED = re.compile(rb"\A(?:\xef\xbb\xbf)?---\r?\n(?:(?!---\r?\n)[^\n]*\n)*?plainheal[ \t]*:")


def is_generated(vault: Path, relative: str) -> bool:
    """True for a file plainheal wrote: a report export put beside one the person wrote in
    (`Report 2026-11-20 (2).md`) is not a sync-conflict copy of it."""
    data = read_bytes(vault, relative)
    return isinstance(data, bytes) and _GENERATED.match(data) is not None
