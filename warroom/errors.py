"""Errors a user can meet, each with the exit code the `warroom` command gives it.

Anything that is not a ``WarroomError`` is a bug: the CLI and the GUI report it as
"internal error" and log the traceback to a file, never to the user.
"""

from __future__ import annotations


class WarroomError(Exception):
    """A known, user-facing error. ``exit_code`` follows ../shared/design/CLI.md."""

    exit_code = 3

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(WarroomError):
    exit_code = 2


class AuthenticationError(WarroomError):
    """Missing or wrong password, unknown or disabled user."""

    exit_code = 2


class PermissionDenied(WarroomError):
    """The actor's role does not allow the action."""

    exit_code = 2


class BusinessRuleError(WarroomError):
    """Refused by a rule of the domain (self-approval, double suspension, ...)."""

    exit_code = 3


class DraftWaiting(BusinessRuleError):
    """A ticket already has a draft waiting (submitted, approved, held or being sent): one reply
    at a time, so a second click or a second person never makes a duplicate."""

    def __init__(self, ticket_id: int, draft_id: int, status: str) -> None:
        super().__init__(f"ticket {ticket_id} already has draft {draft_id} waiting ({status}): "
                         "decide, edit or send that one first")
        self.ticket_id = ticket_id
        self.draft_id = draft_id
        self.status = status


class NeedsAuthorization(BusinessRuleError):
    """An out-of-policy remedy (a refund above the order's total, an express reshipment) without
    a valid authorization, or beyond its limit; ``field`` names the input at fault."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


class NotFound(WarroomError):
    exit_code = 3


class BadInput(WarroomError):
    """Malformed input: names the file, record and field where known."""

    exit_code = 3

    def __init__(self, message: str, *, file: str | None = None, record: str | int | None = None,
                 field: str | None = None) -> None:
        where = []
        if file is not None:
            where.append(str(file))
        if record is not None:
            where.append(f"record {record}" if not isinstance(record, int) else f"line {record}")
        if field is not None:
            where.append(f"field {field!r}")
        full = f"{': '.join([', '.join(where), message])}" if where else message
        super().__init__(full)
        self.file = file
        self.record = record
        self.field = field
        self.reason = message


class Cancelled(WarroomError):
    """A long job was cancelled through its progress callback; nothing was written."""

    exit_code = 3

    def __init__(self, message: str = "cancelled: nothing was changed") -> None:
        super().__init__(message)
