"""How the console words things for a person: counts with their plural, categories by name
(no "a A-TO-Z"), a held draft's reason once with a local time, tag reasons in plain words, and
what to do about a missing field (the command line names its options; the console never does).

Every text goes through Qt translation (context "Wording")."""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from warroom import clock
from warroom.errors import BadInput, WarroomError


def _tr(text: str) -> str:
    return QCoreApplication.translate("Wording", text)


def count(n: int, one: str, many: str) -> str:
    """``one`` for exactly 1, else ``many`` (a "{n}" in it becomes the number, with thousands
    separators).  Both go through translation, whole."""
    return _tr(one) if n == 1 else _tr(many).format(n=f"{n:,}")


def tickets(n: int) -> str:
    return count(n, QT_TRANSLATE_NOOP("Wording", "1 ticket"), QT_TRANSLATE_NOOP("Wording", "{n} tickets"))


def drafts(n: int) -> str:
    return count(n, QT_TRANSLATE_NOOP("Wording", "1 draft"), QT_TRANSLATE_NOOP("Wording", "{n} drafts"))


def category(code: str | None) -> str:
    """A ticket category as a person says it ("A-to-z claim", "refund")."""
    names = {
        "REFUND": QCoreApplication.translate("Wording", "refund"), "RETURN": QCoreApplication.translate("Wording", "return"), "WISMO": QCoreApplication.translate("Wording", "where-is-my-order"),
        "PRODUCT-QUESTION": QCoreApplication.translate("Wording", "product question"), "ORDER-CHANGE": QCoreApplication.translate("Wording", "order change"),
        "A-TO-Z": QCoreApplication.translate("Wording", "A-to-z claim"), "CHARGEBACK": QCoreApplication.translate("Wording", "chargeback"), "COMPLAINT": QCoreApplication.translate("Wording", "complaint"),
        "OTHER": QCoreApplication.translate("Wording", "other"),
    }
    if not code:
        return QCoreApplication.translate("Wording", "unknown")
    return names.get(code, code)


_HELD = re.compile(r"^(?:held: )*a suspension is declared \(since (?P<since>[^)]+)\); (?P<why>.*)$", re.S)


def held_reason(reason: str | None) -> str:
    """A held draft's reason, said once, with the suspension's start as a local time:
    "Held since 2026-12-05 09:12 CET: free-text replies wait until the suspension is lifted …"."""
    if not reason:
        return QCoreApplication.translate("Wording", "Held by the suspension.")
    text = reason.strip()
    while text.lower().startswith("held:"):
        text = text[5:].strip()
    m = _HELD.match(text)
    if m is None:
        return QCoreApplication.translate("Wording", "Held: {why}").format(why=text)
    try:
        since = clock.local_text(clock.parse_iso(m.group("since")))
    except (ValueError, TypeError):
        since = m.group("since")
    why = m.group("why").strip()
    return QCoreApplication.translate("Wording", "Held since {since}: {why}").format(since=since, why=why[:1].upper() + why[1:])


_DECLARED = re.compile(r"^suspension (\d+) declared$")
_ARRIVED = re.compile(r"^arrived during suspension (\d+)$")


def tag_reason(reason: str | None) -> str:
    """Why a tag was set, in plain words (the stored reason stays as it is: it is evidence)."""
    if not reason:
        return "—"
    if _DECLARED.match(reason):
        return QCoreApplication.translate("Wording", "Set when the account suspension was declared")
    if _ARRIVED.match(reason):
        return QCoreApplication.translate("Wording", "Arrived while the account was suspended")
    return reason


def field_hint(field: str | None) -> str:
    """What the user does about a field an error names (the console's own words)."""
    hints = {"reason": QCoreApplication.translate("Wording", "Fill in the reason."), "text": QCoreApplication.translate("Wording", "Write the reply text."),
             "password": QCoreApplication.translate("Wording", "Type your password."), "var": QCoreApplication.translate("Wording", "Fill in the template's values.")}
    return hints.get(field or "", "")


def error_text(exc: WarroomError) -> str:
    """A known error for a dialog: a field the console has words for says what to fill in
    (without "field 'x':"); other errors as they are."""
    hint = field_hint(exc.field) if isinstance(exc, BadInput) else ""
    if isinstance(exc, BadInput) and hint and exc.file is None and exc.record is None:
        reason = exc.reason[:1].upper() + exc.reason[1:]
        return f"{reason}{'' if reason.endswith('.') else '.'} {hint}"
    return exc.message
