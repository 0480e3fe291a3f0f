"""Errors become readable dialogs, never tracebacks.

A :class:`warroom.errors.WarroomError` is a known, user-facing error.  Its message comes from the
core, which speaks English (the `warroom` command, the audit log and scripts read the same text),
so the console phrases errors itself, in the user's language:

* in English the core's message is shown as is (it is specific and already written for people);
* in any other language (Chinese) the dialog leads with the console's own translated phrasing,
  chosen from the error's class (refused by a rule, not allowed, not found, input refused...)
  and, for :class:`~warroom.errors.BadInput`, from the field it names ("the amount", "the
  reason"...), then shows the core's English detail as secondary text under "Details:", so nothing
  specific is lost and a support colleague can still search for it.

Anything else is a bug: the user sees "internal error" and where the details were written."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from warroom import paths
from warroom.errors import (
    AuthenticationError, BadInput, BusinessRuleError, Cancelled, NeedsAuthorization, NotFound, PermissionDenied,
    UsageError,
    WarroomError,
)

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


def _english() -> bool:
    from ui import i18n

    return i18n.current_language() == i18n.ENGLISH


def field_name(field: str | None) -> str:
    """The field a :class:`BadInput` names, as the console calls it (translated)."""
    names = {
        "amount": QCoreApplication.translate("Errors", "the amount"),
        "currency": QCoreApplication.translate("Errors", "the currency"),
        "reason": QCoreApplication.translate("Errors", "the reason"),
        "text": QCoreApplication.translate("Errors", "the text"),
        "template": QCoreApplication.translate("Errors", "the template"),
        "var": QCoreApplication.translate("Errors", "a template variable"),
        "value": QCoreApplication.translate("Errors", "a value"),
        "sent_at": QCoreApplication.translate("Errors", "the time it was sent"),
        "via": QCoreApplication.translate("Errors", "how it was sent"),
        "kind": QCoreApplication.translate("Errors", "the kind"),
        "password": QCoreApplication.translate("Errors", "the password"),
        "name": QCoreApplication.translate("Errors", "the name"),
        "order": QCoreApplication.translate("Errors", "the order"),
        "reference": QCoreApplication.translate("Errors", "the reference"),
        "note": QCoreApplication.translate("Errors", "the note"),
        "outcome": QCoreApplication.translate("Errors", "the outcome"),
        "at": QCoreApplication.translate("Errors", "the time"),
        "authorization": QCoreApplication.translate("Errors", "the authorization"),
        "limit": QCoreApplication.translate("Errors", "the limit"),
        "expires_at": QCoreApplication.translate("Errors", "the expiry"),
        "items": QCoreApplication.translate("Errors", "the items"),
        "carrier": QCoreApplication.translate("Errors", "the carrier"),
        "tracking": QCoreApplication.translate("Errors", "the tracking number"),
        "shipped_at": QCoreApplication.translate("Errors", "the time it was sent"),
        "root_cause": QCoreApplication.translate("Errors", "the root cause"),
        "what_done": QCoreApplication.translate("Errors", "what was done"),
        "what_changes": QCoreApplication.translate("Errors", "what changes"),
        "rules": QCoreApplication.translate("Errors", "the rule changes"),
    }
    if field is None:
        return ""
    return names.get(field, field)


def headline(exc: WarroomError) -> str:
    """The console's own phrasing of a known error, in the user's language."""
    if isinstance(exc, Cancelled):
        return QCoreApplication.translate("Errors", "Cancelled: nothing was changed.")
    if isinstance(exc, AuthenticationError):
        return QCoreApplication.translate("Errors", "Login refused: the user is unknown or disabled, or the "
                                                    "password is wrong.")
    if isinstance(exc, PermissionDenied):
        return QCoreApplication.translate("Errors", "Your role does not allow this.")
    if isinstance(exc, BadInput):
        if exc.field:
            return QCoreApplication.translate("Errors", "Please correct {field}: it was refused.").format(
                field=field_name(exc.field))
        return QCoreApplication.translate("Errors", "The input was refused; please correct it.")
    if isinstance(exc, NeedsAuthorization):
        return QCoreApplication.translate("Errors", "Please correct {field}: this needs an out-of-policy "
                                                    "authorization in force, within its limit.").format(
            field=field_name(exc.field))
    if isinstance(exc, NotFound):
        return QCoreApplication.translate("Errors", "Not found: it may have been removed or changed by a colleague.")
    if isinstance(exc, BusinessRuleError):
        return QCoreApplication.translate("Errors", "Refused by the rules for this account.")
    if isinstance(exc, UsageError):
        return QCoreApplication.translate("Errors", "This cannot be done this way.")
    return QCoreApplication.translate("Errors", "Refused.")


def message(exc: WarroomError) -> str:
    """A known error's text: the core's message in English; elsewhere the console's phrasing first,
    then the core's (English) detail."""
    if _english():
        return wording.error_text(exc)
    return QCoreApplication.translate("Errors", "{headline}\nDetails: {detail}").format(
        headline=headline(exc), detail=wording.error_text(exc))


def describe(exc: BaseException) -> tuple[str, str]:
    """(title, text) for a dialog.  A bad field says what to fill in, in the console's words
    (never the command line's "--reason TEXT")."""
    if isinstance(exc, Cancelled):
        return QCoreApplication.translate("Errors", "Cancelled"), message(exc)
    if isinstance(exc, (AuthenticationError, PermissionDenied)):
        return QCoreApplication.translate("Errors", "Not allowed"), message(exc)
    if isinstance(exc, WarroomError):
        return QCoreApplication.translate("Errors", "Refused"), message(exc)
    where = _log(exc)
    text = QCoreApplication.translate("Errors", "Internal error: {kind}: {detail}").format(
        kind=type(exc).__name__, detail=exc)
    if where is not None:
        text += "\n\n" + QCoreApplication.translate("Errors", "The details were written to {path}.").format(
            path=where)
    return QCoreApplication.translate("Errors", "Internal error"), text


def show_error(parent: QWidget | None, exc: BaseException, action: str | None = None) -> QMessageBox:
    """A window-modal message box (``open()``: never blocks the event loop).  ``action`` is the
    caller's own (translated) words for what was being done."""
    title, text = describe(exc)
    box = QMessageBox(QMessageBox.Icon.Warning if isinstance(exc, WarroomError) else QMessageBox.Icon.Critical,
                      title, (QCoreApplication.translate("Errors", "{action}: {text}").format(action=action, text=text)
                              if action else text), QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.open()
    return box
