"""Errors become readable dialogs, never tracebacks.

A :class:`warroom.errors.WarroomError` is a known, user-facing error: its message is shown as is.
Anything else is a bug: the user sees "internal error" and where the details were written."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from warroom import paths
from warroom.errors import AuthenticationError, Cancelled, PermissionDenied, WarroomError


def _log(exc: BaseException) -> Path | None:
    try:
        path = paths.log_file("warroom-gui.log")
        logger = logging.getLogger("warroom.gui")
        if not logger.handlers:
            handler = logging.FileHandler(path, encoding="utf-8")
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
            logger.addHandler(handler)
        logger.error("internal error\n%s", "".join(traceback.format_exception(exc)))
        return path
    except Exception:  # pragma: no cover - no writable log directory
        return None


def describe(exc: BaseException) -> tuple[str, str]:
    """(title, text) for a dialog."""
    if isinstance(exc, Cancelled):
        return "Cancelled", str(exc)
    if isinstance(exc, (AuthenticationError, PermissionDenied)):
        return "Not allowed", str(exc)
    if isinstance(exc, WarroomError):
        return "Refused", str(exc)
    where = _log(exc)
    text = f"Internal error: {type(exc).__name__}: {exc}"
    if where is not None:
        text += f"\n\nThe details were written to {where}."
    return "Internal error", text


def show_error(parent: QWidget | None, exc: BaseException, action: str | None = None) -> QMessageBox:
    """A window-modal message box (``open()``: never blocks the event loop)."""
    title, text = describe(exc)
    box = QMessageBox(QMessageBox.Icon.Warning if isinstance(exc, WarroomError) else QMessageBox.Icon.Critical,
                      title, (f"{action}: " if action else "") + text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.open()
    return box
