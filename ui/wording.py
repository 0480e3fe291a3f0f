"""How the console words things for a person: counts with their plural, categories by name
(no "a A-TO-Z"), a held draft's reason once with a local time, tag reasons in plain words, and
what to do about a missing field (the command line names its options; the console never does).

Every text goes through Qt translation (context "Wording")."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from warroom import clock
from warroom.errors import BadInput, WarroomError


def _tr(text: str) -> str:
    return QCoreApplication.translate("Wording", text)


def count(n: int, one: str, many: str) -> str:
    """``one`` for exactly 1, else ``many`` (a "{n}" in it becomes the number, with thousands
    separators).  Both go through translation, whole."""
    return _tr(one) if n == 1 else _tr(many).format(n=f"{n:,}")


def tickets(n: int) -> str:
    return count(n, "1 ticket", "{n} tickets")


def drafts(n: int) -> str:
    return count(n, "1 draft", "{n} drafts")


def category(code: str | None) -> str:
    """A ticket category as a person says it ("A-to-z claim", "refund")."""
    names = {
        "REFUND": _tr("refund"), "RETURN": _tr("return"), "WISMO": _tr("where-is-my-order"),
        "PRODUCT-QUESTION": _tr("product question"), "ORDER-CHANGE": _tr("order change"),
        "A-TO-Z": _tr("A-to-z claim"), "CHARGEBACK": _tr("chargeback"), "COMPLAINT": _tr("complaint"),
        "OTHER": _tr("other"),
    }
    if not code:
        return _tr("unknown")
    return names.get(code, code)


_HELD = re.compile(r"^(?:held: )*a suspension is declared \(since (?P<since>[^)]+)\); (?P<why>.*)$", re.S)


def held_reason(reason: str | None) -> str:
    """A held draft's reason, said once, with the suspension's start as a local time:
    "Held since 2026-12-05 09:12 CET: free-text replies wait until the suspension is lifted …"."""
    if not reason:
        return _tr("Held by the suspension.")
    text = reason.strip()
    while text.lower().startswith("held:"):
        text = text[5:].strip()
    m = _HELD.match(text)
    if m is None:
        return _tr("Held: {why}").format(why=text)
    try:
        since = clock.local_text(clock.parse_iso(m.group("since")))
    except (ValueError, TypeError):
        since = m.group("since")
    why = m.group("why").strip()
    return _tr("Held since {since}: {why}").format(since=since, why=why[:1].upper() + why[1:])


_DECLARED = re.compile(r"^suspension (\d+) declared$")
_ARRIVED = re.compile(r"^arrived during suspension (\d+)$")


def tag_reason(reason: str | None) -> str:
    """Why a tag was set, in plain words (the stored reason stays as it is: it is evidence)."""
    if not reason:
        return "—"
    if _DECLARED.match(reason):
        return _tr("Set when the account suspension was declared")
    if _ARRIVED.match(reason):
        return _tr("Arrived while the account was suspended")
    return reason


def field_hint(field: str | None) -> str:
    """What the user does about a field an error names (the console's own words)."""
    hints = {"reason": _tr("Fill in the reason."), "text": _tr("Write the reply text."),
             "password": _tr("Type your password."), "var": _tr("Fill in the template's values.")}
    return hints.get(field or "", "")


def error_text(exc: WarroomError) -> str:
    """A known error for a dialog: a field the console has words for says what to fill in
    (without "field 'x':"); other errors as they are."""
    hint = field_hint(exc.field) if isinstance(exc, BadInput) else ""
    if isinstance(exc, BadInput) and hint and exc.file is None and exc.record is None:
        reason = exc.reason[:1].upper() + exc.reason[1:]
        return f"{reason}{'' if reason.endswith('.') else '.'} {hint}"
    return exc.message
