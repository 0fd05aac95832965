import datetime as dt

from plainheal.analyze.periods import affected_periods
from plainheal.watch.mounts import mount_of, needs_polling

MOUNTS = """\
/dev/vda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
/dev/vdb1 /home ext4 rw 0 0
cryptomator@/dev/fuse /home/me/Vault\\040(Private) fuse.cryptomator rw 0 0
gocryptfs /home/me/gc fuse.gocryptfs rw 0 0
https://dav.example.org/ /mnt/dav davfs rw 0 0
//server/share /mnt/smb cifs rw 0 0
server:/export /mnt/nfs nfs4 rw 0 0
remote: /mnt/rclone fuse.rclone rw 0 0
"""


def test_native_disks_are_watched_with_events() -> None:
    assert needs_polling(MOUNTS, "/home/me/Journal") is None
    assert mount_of(MOUNTS, "/home/me/Journal") == ("/home", "ext4")


def test_fuse_webdav_smb_and_nfs_are_polled() -> None:
    assert needs_polling(MOUNTS, "/home/me/Vault (Private)/Journal") == "fuse.cryptomator"
    assert needs_polling(MOUNTS, "/home/me/gc") == "fuse.gocryptfs"
    assert needs_polling(MOUNTS, "/mnt/dav/Journal") == "davfs"
    assert needs_polling(MOUNTS, "/mnt/smb/Journal") == "cifs"
    assert needs_polling(MOUNTS, "/mnt/nfs/j") == "nfs4"
    assert needs_polling(MOUNTS, "/mnt/rclone/Journal") == "fuse.rclone"


def test_prefix_must_be_a_whole_folder() -> None:
    assert needs_polling(MOUNTS, "/home/me/gcx/Journal") is None


def test_affected_periods_include_the_next_period() -> None:
    assert affected_periods({dt.date(2026, 11, 30)}) == {
        "2026-11",
        "2026-12",
        "2026-W49",
        "2026-W50",
    }
