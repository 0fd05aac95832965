"""What can go wrong when plainheal writes: the errors its writing raises."""

from __future__ import annotations

import errno

# Errors after which no other file can be written either: stop, say it once.
FATAL_ERRNOS = frozenset({errno.EROFS, errno.ENOSPC, errno.EDQUOT})


class WriteError(Exception):
    """A file could not be written, or would have been written outside the vault."""

    def __init__(self, message: str, *, fatal: bool = False) -> None:
        super().__init__(message)
        self.fatal = fatal  # nothing else can be written either (read-only, disk full)


class LeftAlone(WriteError):
    """The path is a link, FIFO, device, folder or hard-linked file: never written through."""
