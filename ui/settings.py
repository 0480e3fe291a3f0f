"""Where the console remembers window geometry, splitters and filters (QSettings).

Tests and scripts point it at a file of their own with :func:`use_file` or the
``WARROOM_GUI_SETTINGS`` environment variable, so a user's settings are never touched."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

ORGANIZATION = "WarRoom"
APPLICATION = "War Room"

_file: Path | None = None


def use_file(path: str | Path | None) -> None:
    """Keep settings in this INI file (``None``: back to the platform's place)."""
    global _file
    _file = Path(path) if path is not None else None


def open_settings() -> QSettings:
    path = _file or (Path(os.environ["WARROOM_GUI_SETTINGS"]) if os.environ.get("WARROOM_GUI_SETTINGS") else None)
    if path is not None:
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)
