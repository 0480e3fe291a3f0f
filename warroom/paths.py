"""The one place that knows the app's directories (overridable for tests)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "WarRoom"
APP_AUTHOR = "WarRoom"

_root_override: Path | None = None


def from_root(root: str | Path | None) -> None:
    """Put every directory under ``root`` (tests); ``None`` restores the platform defaults."""
    global _root_override
    _root_override = Path(root) if root is not None else None


def data_dir() -> Path:
    if _root_override is not None:
        path = _root_override / "data"
    else:
        path = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    if _root_override is not None:
        path = _root_override / "log"
    else:
        path = Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


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
