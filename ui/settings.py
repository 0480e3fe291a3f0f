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


def open_settings(user: str | None = None) -> QSettings:
    """The console's settings; with ``user``, that War Room user's own group (``users/<name>``):
    queue filters, search, splitters and window geometry are per War Room user, not per OS account
    (several people share one machine)."""
    path = _file or (Path(os.environ["WARROOM_GUI_SETTINGS"]) if os.environ.get("WARROOM_GUI_SETTINGS") else None)
    if path is not None:
        settings = QSettings(str(path), QSettings.Format.IniFormat)
    else:
        settings = QSettings(ORGANIZATION, APPLICATION)
    if user is not None:
        settings.beginGroup(user_group(user))
    return settings


def user_group(user: str) -> str:
    """``users/<name>``, the name made safe as one settings key (no separators)."""
    safe = "".join("_" if ch in "/\\" or ord(ch) < 32 else ch for ch in user) or "_"
    return f"users/{safe}"
