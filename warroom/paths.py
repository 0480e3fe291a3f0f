"""The one place that knows the app's directories (overridable for tests).

What War Room writes under them is private to the user: folders 0700, files 0600, whatever the
umask; a folder or file found open to the group or to others is tightened when it is next used,
and that is said once on stderr (and in the log when one is set up)."""

from __future__ import annotations

import logging
import os
import stat
import sys
from pathlib import Path

import platformdirs

APP_NAME = "WarRoom"
APP_AUTHOR = "WarRoom"

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600

_root_override: Path | None = None
_told: set[str] = set()


def from_root(root: str | Path | None) -> None:
    """Put every directory under ``root`` (tests); ``None`` restores the platform defaults."""
    global _root_override
    _root_override = Path(root) if root is not None else None


def _tell(path: Path, message: str) -> None:
    """Say ``message`` about ``path`` once per process: stderr, and the log if one is set up."""
    if str(path) in _told:
        return
    _told.add(str(path))
    logger = logging.getLogger("warroom")
    if logger.hasHandlers() and logger.isEnabledFor(logging.WARNING):
        logger.warning("%s", message)
    if sys.stderr is not None:
        try:
            sys.stderr.write(f"warroom: {message}\n")
        except (OSError, ValueError):  # pragma: no cover - closed or broken stderr
            pass


def tighten(path: Path) -> bool:
    """Take the group's and others' permission bits off ``path`` if it exists.

    Returns True when the mode changed (and says so once).  No-op where modes do not exist
    (Windows) and for a path that is not there."""
    if os.name != "posix":
        return False
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return False
    if not mode & 0o077:
        return False
    new = mode & 0o700 | (0o700 if path.is_dir() else 0o600)
    try:
        os.chmod(path, new)
    except OSError as exc:
        _tell(path, f"{path} can be read by other users (mode {mode:04o}) and could not be made private: "
                    f"{exc.strerror or exc}")
        return False
    _tell(path, f"{path} could be read by other users (mode {mode:04o}): made private (mode {new:04o})")
    return True


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) with the folder itself 0700, or tighten it."""
    if path.is_dir():
        tighten(path)
        return path
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(path, PRIVATE_DIR_MODE)  # mkdir's mode goes through the umask
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty with mode 0600 if missing (whatever the umask), else tighten it."""
    if path.exists():
        tighten(path)
        return path
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), PRIVATE_FILE_MODE)
    try:
        if os.name == "posix":
            os.fchmod(fd, PRIVATE_FILE_MODE)
    finally:
        os.close(fd)
    return path


def data_dir() -> Path:
    if _root_override is not None:
        path = _root_override / "data"
    else:
        path = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    return private_dir(path)


def log_dir() -> Path:
    if _root_override is not None:
        path = _root_override / "log"
    else:
        path = Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    return private_dir(path)


def log_file(name: str) -> Path:
    """A log file under :func:`log_dir`, created 0600 (or tightened) before anyone appends to it."""
    return private_file(log_dir() / name)


def keys_dir() -> Path:
    """Where this machine keeps the private keys that sign checkpoints (0700)."""
    return private_dir(data_dir() / "keys")


def documents_dir() -> Path:
    """The user's documents folder (the default home of the checkpoint copies kept outside
    the database); not created here."""
    if _root_override is not None:
        return _root_override / "documents"
    return Path(platformdirs.user_documents_dir())


def default_database_path() -> Path:
    return data_dir() / "warroom.sqlite3"


def resources_dir() -> Path:
    """``resources/`` beside the packages (source checkout, editable install, frozen build)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    env = os.environ.get("WARROOM_RESOURCES")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "resources"
