"""Errors become readable dialogs, never tracebacks.

A :class:`warroom.errors.WarroomError` is a known, user-facing error: its message is shown as is.
Anything else is a bug: the user sees "internal error" and where the details were written."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from warroom import paths
from warroom.errors import AuthenticationError, Cancelled, PermissionDenied, WarroomError

from ui import wording


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


def _tr(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


def describe(exc: BaseException) -> tuple[str, str]:
    """(title, text) for a dialog.  A bad field says what to fill in, in the console's words
    (never the command line's "--reason TEXT")."""
    if isinstance(exc, Cancelled):
        return _tr("Cancelled"), str(exc)
    if isinstance(exc, (AuthenticationError, PermissionDenied)):
        return _tr("Not allowed"), str(exc)
    if isinstance(exc, WarroomError):
        return _tr("Refused"), wording.error_text(exc)
    where = _log(exc)
    text = _tr("Internal error: {kind}: {exc}").format(kind=type(exc).__name__, exc=exc)
    if where is not None:
        text += "\n\n" + _tr("The details were written to {where}.").format(where=where)
    return _tr("Internal error"), text


def show_error(parent: QWidget | None, exc: BaseException, action: str | None = None) -> QMessageBox:
    """A window-modal message box (``open()``: never blocks the event loop)."""
    title, text = describe(exc)
    box = QMessageBox(QMessageBox.Icon.Warning if isinstance(exc, WarroomError) else QMessageBox.Icon.Critical,
                      title, (f"{action}: " if action else "") + text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.open()
    return box
