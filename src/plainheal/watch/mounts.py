"""Is the vault on a mount where native file events never arrive?

inotify does not see changes made through FUSE (Cryptomator, gocryptfs, rclone, sshfs),
WebDAV (davfs), SMB/CIFS or NFS mounts, so plainheal polls there. Linux only: elsewhere
the user can still ask for `--poll`.
"""

from __future__ import annotations

from pathlib import PurePosixPath

_POLLED_TYPES = ("fuse", "davfs", "cifs", "smb", "smb3", "smbfs", "nfs", "nfs4", "9p",
                 "afs", "ceph", "glusterfs", "sshfs", "webdav", "ncpfs", "virtiofs")  # fmt: skip

MOUNTS = "/proc/self/mounts"


def _unescape(field: str) -> str:
    # /proc/self/mounts escapes spaces, tabs, newlines and backslashes as octal.
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def mount_of(mounts_text: str, path: str) -> tuple[str, str] | None:
    """The (mount point, file system type) holding `path`, from the mount table's text."""
    target = PurePosixPath(path)
    best: tuple[str, str] | None = None
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point, kind = _unescape(fields[1]), fields[2]
        mount = PurePosixPath(point)
        if (target == mount or mount in target.parents) and (
            best is None or len(point) >= len(best[0])
        ):
            best = (point, kind)
    return best


def needs_polling(mounts_text: str, path: str) -> str | None:
    """The file system type if `path` is on a mount that native events do not cover."""
    found = mount_of(mounts_text, path)
    if found is None:
        return None
    kind = found[1].lower()
    if any(kind == t or kind.startswith(t + ".") or kind.startswith(t) for t in _POLLED_TYPES):
        return found[1]
    return None
