"""Writing inside the vault: atomic, only when the bytes change, keeping permissions.

A temporary file sits in the same folder as its target (so the rename is atomic) under a
hidden name that says whose it is: `.<name>.plainheal-tmp-<pid>-<host>-<token>-<time>`.
A run removes only temporaries that are its own or clearly abandoned (their process is gone
from this machine, or they are hours old), so two runs at once never break each other.

Nothing is ever written through a link, onto a FIFO, a device, a folder or a file with other
hard links: such a path is refused with `LeftAlone` and the caller reports it. The file is
read and written in its folder held open (`folder_fd`), so a folder on the way turned into a
link meanwhile is never followed.
"""

from __future__ import annotations

import contextlib
import enum
import errno
import hashlib
import os
import re
import secrets
import socket
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from plainheal.write.errors import FATAL_ERRNOS as FATAL_ERRNOS
from plainheal.write.errors import LeftAlone as LeftAlone
from plainheal.write.errors import WriteError as WriteError
from plainheal.write.folder_fd import DESCRIPTORS, Folder, check_still_there, held
from plainheal.write.folder_fd import NEW_FOLDER_MODE as NEW_FOLDER_MODE

Status = Literal["created", "updated", "unchanged"]

TEMPORARY_MARK = ".plainheal-tmp-"
NEW_FILE_MODE = 0o600
ABANDONED_AFTER = 6 * 3600.0  # seconds: a temporary this old is nobody's any more
MAX_READ = 64 * 1024 * 1024  # a generated file or report larger than this is not ours

_TEMPORARY = re.compile(
    r"\.plainheal-tmp-(?P<pid>\d+)(?:-(?P<host>[0-9a-f]{8})-(?P<token>[0-9a-f]{8})"
    r"-(?P<time>\d+))?$"
)
_in_flight: set[str] = set()  # names of this process's temporaries being written now
_in_flight_lock = threading.Lock()


def _host() -> str:
    # A short digest, so the machine's name is not written into the vault.
    return hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


HOST = _host()


def what_it_is(info: os.stat_result) -> str | None:
    """Why a path may not be written to (`a link`, `a FIFO`, ...), or None if it may."""
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        return "a link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    if info.st_nlink > 1:
        return "a file with other hard links (it may be one of your notes)"
    return None


def lstat_or_none(path: Path) -> os.stat_result | None:
    """`os.lstat`, or None if nothing is there."""
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def make_folders(folder: Path) -> None:
    """Create `folder` and any missing parents, readable by the owner only."""
    missing = []
    while lstat_or_none(folder) is None:
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile by someone else
            path.mkdir(mode=NEW_FOLDER_MODE)


def create_new(path: Path, data: bytes) -> bool:
    """Create `path` with `data` unless something is already there; True if created."""
    make_folders(path.parent)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, NEW_FILE_MODE)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    return True


def inside(vault: Path, relative: str, resolved: dict[Path, Path] | None = None) -> Path:
    """The path of `relative` in the vault; refuses anything that resolves outside it.

    `resolved` may carry folders already resolved in this run (summaries share three).
    """
    cache = {} if resolved is None else resolved
    root = cache.get(vault) or cache.setdefault(vault, vault.resolve())
    folder_part, _, name = relative.rstrip("/").rpartition("/")
    folder = root / folder_part
    folder = cache.get(folder) or cache.setdefault(folder, folder.resolve())
    target = folder / name
    if name in ("", ".", "..") or target.is_symlink():
        target = target.resolve()
    if target != root and root not in target.parents:
        raise WriteError(f"{relative}: would be written outside the vault; refused")
    return target


def temporary_name(target: Path) -> Path:
    """A fresh hidden temporary file for writing `target`, beside it."""
    # Room for the mark within the 255-byte name limit: 100 bytes of the name (a name in
    # Chinese holds three bytes a character), cut between characters.
    stem = target.name.encode("utf-8", "surrogateescape")[:100].decode("utf-8", "ignore")
    token = secrets.token_hex(4)
    mark = f"{TEMPORARY_MARK}{os.getpid()}-{HOST}-{token}-{int(time.time())}"
    return target.with_name(f".{stem}{mark}")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


def is_abandoned(path: Path, info: os.stat_result, now: float) -> bool:
    """True if a temporary is nobody's any more: its process has gone from this machine, or
    it is hours old. Another run's file being written is never abandoned."""
    match = _TEMPORARY.search(path.name)
    if match is None:
        return False
    created = float(match.group("time") or 0)
    age = now - max(created, info.st_mtime)
    if age > ABANDONED_AFTER:
        return True
    pid = int(match.group("pid"))
    if match.group("host") is None:
        return not _pid_alive(pid)  # an older plainheal's, which named only its process
    if match.group("host") != HOST:
        return False  # another machine's, in a synced folder: wait until it is old
    if pid == os.getpid():
        with _in_flight_lock:
            return path.name not in _in_flight
    return not _pid_alive(pid)


def remove_stale_temporaries(
    folder: Path, *, recursive: bool = True, hidden_folders: bool = True
) -> list[Path]:
    """Remove abandoned temporary files under `folder` (see `is_abandoned`); links to
    folders are not followed (not even `folder` itself), and with `hidden_folders=False`
    hidden ones are not entered. Each folder is held open while its files are removed."""
    removed: list[Path] = []
    now = time.time()
    for root, dirs, files, descriptor in _walk(folder):
        if not hidden_folders:
            dirs[:] = [name for name in dirs if not name.startswith(".")]
        removed += _remove_abandoned(Path(root), files, descriptor, now)
        if not recursive:
            break
    return removed


def remove_stale_in(folder: Folder) -> list[Path]:
    """`remove_stale_temporaries` for the files of one folder held open (not below it)."""
    try:
        names = os.listdir(folder.descriptor if folder.descriptor is not None else folder.path)
    except OSError:
        return []
    return _remove_abandoned(folder.path, names, folder.descriptor, time.time())


def _remove_abandoned(
    root: Path, names: list[str], descriptor: int | None, now: float
) -> list[Path]:
    """Remove the abandoned temporaries among `names`, files of `root` (held open as
    `descriptor`, if not None)."""
    removed: list[Path] = []
    for name in names:
        if TEMPORARY_MARK not in name or not name.startswith("."):
            continue
        at = name if descriptor is not None else os.fspath(root / name)
        try:
            info = os.stat(at, dir_fd=descriptor, follow_symlinks=False)
        except OSError:
            continue
        path = root / name
        if stat.S_ISREG(info.st_mode) and is_abandoned(path, info, now):
            # Gone meanwhile, or not removable (a vault on a read-only disk): a run that
            # can write removes it later; this one goes on as if it were not there.
            with contextlib.suppress(OSError):
                os.unlink(at, dir_fd=descriptor)
                removed.append(path)
    return removed


def _walk(folder: Path) -> Iterator[tuple[str, list[str], list[str], int | None]]:
    """`os.fwalk` (each folder held open, links never followed), or `os.walk` where the
    system has no descriptors (then the descriptor is None)."""
    if DESCRIPTORS and hasattr(os, "fwalk"):
        yield from os.fwalk(folder)
        return
    if lstat_or_none(folder) is None or not folder.is_dir() or folder.is_symlink():
        return
    for root, dirs, files in os.walk(folder):
        yield root, dirs, files, None


def _stat_in(folder: Folder, name: str) -> os.stat_result | None:
    """What `name` is in `folder`, not following a link; None if nothing is there."""
    try:
        return os.stat(folder.at(name), dir_fd=folder.descriptor, follow_symlinks=False)
    except (FileNotFoundError, NotADirectoryError):
        return None


def read_in(folder: Folder, name: str, shown: str) -> bytes | None:
    """The bytes of `name` in `folder`, None if it does not exist; `LeftAlone` if it is a
    link, FIFO, device, folder or hard-linked file. Never follows a link, never blocks on a
    FIFO."""
    try:
        info = _stat_in(folder, name)
    except OSError as error:
        raise WriteError(f"{shown}: could not be looked at ({error.strerror})") from None
    if info is None:
        return None
    kind = what_it_is(info)
    if kind is not None:
        raise LeftAlone(f"{shown} is {kind}; left alone")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(
            folder.at(name), flags | getattr(os, "O_CLOEXEC", 0), dir_fd=folder.descriptor
        )
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise LeftAlone(f"{shown} is a link; left alone") from None
        raise WriteError(f"{shown}: could not be read ({error.strerror})") from None
    with os.fdopen(descriptor, "rb") as handle:
        # What was opened counts, not what the look before saw: another run may have renamed
        # a new version into place meanwhile (fine), or someone put a FIFO there (not).
        kind = what_it_is(os.fstat(handle.fileno()))
        if kind is not None:
            raise LeftAlone(f"{shown} is {kind}; left alone")
        try:
            data = handle.read(MAX_READ + 1)
        except OSError as error:
            raise WriteError(f"{shown}: could not be read ({error.strerror})") from None
    if len(data) > MAX_READ:
        raise LeftAlone(f"{shown} is far larger than anything plainheal writes; left alone")
    return data


def read_regular(target: Path, shown: str) -> bytes | None:
    """`read_in` for a path: its folder is opened as it is given (links above it followed:
    the caller chose the place), the file itself never through a link."""
    with held(target.parent) as folder:
        return None if folder is None else read_in(folder, target.name, shown)


class _Unread(enum.Enum):
    UNREAD = "unread"


UNREAD = _Unread.UNREAD  # `current` not given: write_atomic reads the target itself


def write_atomic(
    target: Path,
    data: bytes,
    *,
    shown: str | None = None,
    current: bytes | _Unread | None = UNREAD,
) -> Status:
    """Write `data` to `target` unless it already holds exactly those bytes.

    `shown` is the path to name in messages (vault-relative); `current`, when given, is what
    the caller already read from `target` (None: nothing is there), so it is read only once.
    Missing folders on the way are made; from the nearest existing one down, each is opened
    without following a link and the file is written in the open folder (`write_in`)."""
    shown = shown or target.name
    if current is UNREAD:
        current = read_regular(target, shown)
    if current == data:
        return "unchanged"
    root = target.parent
    missing: list[str] = []
    while lstat_or_none(root) is None and root.parent != root:
        missing.insert(0, root.name)
        root = root.parent
    with held(root, missing, making_for=shown) as folder:
        assert folder is not None  # made if missing
        return write_in(folder, target.name, data, shown=shown, current=current)


def write_in(
    folder: Folder, name: str, data: bytes, *, shown: str, current: bytes | None
) -> Status:
    """Write `data` as `name` in the open `folder` unless `current` (what it holds now, as
    the caller read it there; None: nothing) is those bytes: a temporary beside it, then a
    rename, both in that folder. Keeps the mode of the file it replaces (new files 0600).

    Just before the rename, the folder must still be where it was opened (not moved, and no
    folder on the way turned into a link): else nothing is written and the error says so."""
    if current == data:
        return "unchanged"
    mode = NEW_FILE_MODE
    if current is not None:
        info = _stat_in(folder, name)
        if info is not None:
            mode = stat.S_IMODE(info.st_mode)
    temporary = temporary_name(folder.path / name).name
    with _in_flight_lock:
        _in_flight.add(temporary)
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(
            folder.at(temporary), flags | getattr(os, "O_CLOEXEC", 0), mode,
            dir_fd=folder.descriptor,
        )  # fmt: skip
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)  # the umask may have narrowed it
            else:
                os.chmod(folder.at(temporary), mode)
            os.fsync(handle.fileno())
        info = _stat_in(folder, name)
        kind = what_it_is(info) if info is not None else None
        if kind is not None:  # it changed since it was read: still never replace it
            raise LeftAlone(f"{shown} is {kind}; left alone")
        check_still_there(folder, shown)
        # A rename replaces a name, never writes through it.
        os.replace(
            folder.at(temporary), folder.at(name),
            src_dir_fd=folder.descriptor, dst_dir_fd=folder.descriptor,
        )  # fmt: skip
    except OSError as error:
        _discard(folder, temporary)
        fatal = error.errno in FATAL_ERRNOS
        raise WriteError(f"{shown}: could not be written ({error.strerror})", fatal=fatal) from None
    except BaseException:  # also Ctrl-C, a signal turned into an exception, or a refusal
        _discard(folder, temporary)
        raise
    finally:
        with _in_flight_lock:
            _in_flight.discard(temporary)
    return "created" if current is None else "updated"


def _discard(folder: Folder, temporary: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(folder.at(temporary), dir_fd=folder.descriptor)
