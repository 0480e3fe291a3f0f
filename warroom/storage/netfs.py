"""Is a SQLite file on a network file system?  SQLite's locking is not reliable over NFS, SMB,
9p, sshfs and the like: two machines writing one file there is a known way to corrupt it.  The
database refuses to open there and points to team mode (a PostgreSQL server) instead.

Linux: the mount table (/proc/self/mounts), longest mount point above the file.  Windows: a UNC
path or a drive the system reports as remote.  Elsewhere nothing is detected.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from warroom.errors import BusinessRuleError

NETWORK_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "smb", "9p", "afs", "ceph", "glusterfs", "lustre", "gpfs", "ncpfs",
    "coda", "davfs", "fuse.sshfs", "sshfs", "fuse.glusterfs", "fuse.cephfs", "fuse.davfs2", "fuse.rclone",
    "fuse.s3fs", "fuse.gcsfuse", "fuse.smbnetfs", "ocfs2", "gfs2",
})
MOUNTS_FILE = "/proc/self/mounts"
#: Set to 1 to open a SQLite file on a network file system all the same (one machine only).
ALLOW_ENV = "WARROOM_ALLOW_NETWORK_SQLITE"


def _unescape(field: str) -> str:
    """/proc/mounts writes a space as \\040, a tab \\011, a newline \\012, a backslash \\134."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1:i + 4].isdigit() and len(field[i + 1:i + 4]) == 3:
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def parse_mounts(text: str) -> list[tuple[str, str]]:
    """(mount point, file system type) of each line of a mount table."""
    rows = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            rows.append((_unescape(parts[1]), parts[2]))
    return rows


def mount_type(path: str | Path, mounts: list[tuple[str, str]]) -> str | None:
    """The type of the file system ``path`` lies on: that of the longest mount point above it
    (the last one mounted there when several are)."""
    target = os.path.abspath(os.fspath(path))
    best: tuple[int, str] | None = None
    for point, fstype in mounts:
        point = point.rstrip("/") or "/"
        if target == point or target.startswith(point if point == "/" else point + "/"):
            if best is None or len(point) >= best[0]:
                best = (len(point), fstype)
    return best[1] if best else None


def _windows_remote(path: str) -> str | None:  # pragma: no cover - Windows only
    if path.startswith("\\\\") or path.startswith("//"):
        return "a network share (UNC path)"
    import ctypes

    drive = os.path.splitdrive(path)[0]
    windll = getattr(ctypes, "windll")          # Windows only (mypy checks for Linux)
    if drive and windll.kernel32.GetDriveTypeW(drive + "\\") == 4:    # DRIVE_REMOTE
        return "a network drive"
    return None


def network_file_system(path: str | Path, mounts_text: str | None = None) -> str | None:
    """The network file system ``path`` is on (its type, e.g. ``nfs4``), or None.  The folder is
    resolved first (symbolic links followed), the file itself need not exist yet.
    ``mounts_text``: a mount table to read instead of the system's (tests)."""
    folder = Path(path).expanduser().parent
    try:
        where = str(folder.resolve())
    except OSError:
        where = str(folder.absolute())
    if mounts_text is None:
        if sys.platform == "win32":  # pragma: no cover
            return _windows_remote(where)
        try:
            with open(MOUNTS_FILE, encoding="utf-8", errors="surrogateescape") as f:
                mounts_text = f.read()
        except OSError:
            return None
    fstype = mount_type(where, parse_mounts(mounts_text))
    if fstype is None:
        return None
    return fstype if fstype.lower() in NETWORK_TYPES else None


def refuse_network_file_system(path: str | Path, mounts_text: str | None = None) -> None:
    """Raise :class:`BusinessRuleError` when the SQLite file ``path`` is on a network file system
    (unless WARROOM_ALLOW_NETWORK_SQLITE=1)."""
    if os.environ.get(ALLOW_ENV) == "1":
        return
    fstype = network_file_system(path, mounts_text)
    if fstype is not None:
        raise BusinessRuleError(
            f"{path} is on a network file system ({fstype}): SQLite there can corrupt the database when "
            "more than one machine uses it. Keep the file on a local disk, or use team mode: a PostgreSQL "
            "server that every desktop connects to (--db postgresql+psycopg://USER@HOST/DB; README, \"Team mode\")")
