"""The admin's screens as typed results: users (list, add, enable/disable, role, password),
settings (read, change) and a test mail through the configured mail server.

Every rule lives in :mod:`warroom.services.users` and :mod:`warroom.services.settings` (nobody
changes their own role, the last active admin stays, a secret goes to the OS keyring or to the
database with a warning); this module only calls them and types what they return, and adds the
one action those modules lack: :func:`send_test_mail`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from warroom import clock
from warroom.domain.roles import Actor, Permission, Role
from warroom.domain.settings import spec_for
from warroom.errors import BadInput
from warroom.storage.engine import Database
from warroom.storage.uow import UnitOfWork
from warroom.services import settings as settings_service
from warroom.services import users as user_service

TEST_MAIL_SUBJECT = "War Room test mail"
TEST_MAIL_BODY = ("This is a test mail sent from War Room by {actor} at {at} to check the mail server "
                  "settings ({host}:{port}, {security}). No reply is needed.\n")


# ------------------------------------------------------------------ users

@dataclass(frozen=True)
class UserRow:
    id: int
    name: str
    role: Role
    disabled: bool
    created_at: datetime | None


def _user_row(data: dict[str, Any]) -> UserRow:
    created = data.get("created_at")
    return UserRow(id=int(data["id"]), name=str(data["name"]), role=Role(data["role"]),
                   disabled=bool(data["disabled"]), created_at=clock.parse_iso(created) if created else None)


def list_users(db: Database, actor: Actor) -> list[UserRow]:
    """Every user by name (admin only: the list shows who may approve)."""
    actor.require(Permission.MANAGE_USERS)
    return [_user_row(u) for u in user_service.list_users(db)]


def _check_password(password: str, again: str) -> None:
    if password != again:
        raise BadInput("the two passwords differ", field="password")
    if not password:
        raise BadInput("the password is empty", field="password")


def add_user(db: Database, actor: Actor, name: str, role: Role, password: str, again: str) -> UserRow:
    _check_password(password, again)
    return _user_row(user_service.add_user(db, actor, name, role, password))


def set_enabled(db: Database, actor: Actor, name: str, enabled: bool) -> UserRow:
    if enabled:
        return _user_row(user_service.enable_user(db, actor, name))
    return _user_row(user_service.disable_user(db, actor, name))


def set_role(db: Database, actor: Actor, name: str, role: Role) -> UserRow:
    return _user_row(user_service.set_role(db, actor, name, role))


def reset_password(db: Database, actor: Actor, name: str, password: str, again: str) -> UserRow:
    _check_password(password, again)
    return _user_row(user_service.reset_password(db, actor, name, password))


# ------------------------------------------------------------------ settings

@dataclass(frozen=True)
class SettingRow:
    key: str
    value: Any                  # a secret's is "********" when set, "" when not: never the value
    is_default: bool
    help: str
    secret: bool
    stored_in: str | None       # secrets only: "keyring", "database" or None
    warning: str | None         # secrets only: set when it lies in the database in clear
    updated_at: str | None
    updated_by: str | None


@dataclass(frozen=True)
class SettingChange:
    key: str
    changed: bool
    warning: str | None


def settings(db: Database, actor: Actor) -> list[SettingRow]:
    actor.require(Permission.MANAGE_SETTINGS)
    return [SettingRow(key=r["key"], value=r["value"], is_default=bool(r["default"]), help=r["help"],
                       secret=spec_for(r["key"]).secret, stored_in=r.get("stored_in"), warning=r.get("warning"),
                       updated_at=r.get("updated_at"), updated_by=r.get("updated_by"))
            for r in settings_service.get_settings(db)]


def change_setting(db: Database, actor: Actor, key: str, text: str) -> SettingChange:
    """One setting through the same service as ``warroom settings set`` (a secret to the
    keyring, else the database with ``warning``); a refusal names the key as its field."""
    try:
        result = settings_service.set_setting(db, actor, key, text)
    except BadInput as exc:
        raise BadInput(exc.message, field=key) from None
    return SettingChange(key=key, changed=bool(result.get("changed")), warning=result.get("warning"))


# ------------------------------------------------------------------ a test mail

@dataclass(frozen=True)
class MailTestResult:
    ok: bool
    to_addr: str
    server: str                 # host:port (security)
    message_id: str
    attempts: int
    error: str | None           # the server's refusal or why it could not be reached (never the password)


def send_test_mail(db: Database, actor: Actor, to_addr: str, *, attempts: int = 1,
                   timeout: float = 20.0) -> MailTestResult:
    """Send one short mail to ``to_addr`` with the stored mail settings (admin).  The send happens
    outside any transaction; then one ``mail.test`` entry records who tried, to whom, and whether
    the server took it.  A delivery failure is a result (``ok`` False), not an error; missing
    settings or a bad address raise before anything is sent."""
    from warroom import mail
    from warroom.services.dispatch import _mail_settings

    actor.require(Permission.MANAGE_SETTINGS)
    to_addr = to_addr.strip()
    if not to_addr:
        raise BadInput("no address to send the test mail to", field="to")
    try:
        mail.check_address(to_addr)
    except BadInput as exc:
        raise BadInput(exc.message, field="to") from None
    with UnitOfWork(db, write=False) as uow:
        user_service.current_actor(uow, actor, Permission.MANAGE_SETTINGS)
        configured = _mail_settings(uow.session)
    smtp = mail.MailSettings(host=configured.host, port=configured.port, security=configured.security,
                             username=configured.username, password=configured.password,
                             from_addr=configured.from_addr, timeout=timeout)
    server = f"{smtp.host}:{smtp.port} ({smtp.security})"
    body = TEST_MAIL_BODY.format(actor=actor.name, at=clock.iso(clock.now()), host=smtp.host, port=smtp.port,
                                 security=smtp.security)
    message = mail.build_reply(settings=smtp, to_addr=to_addr, subject=TEST_MAIL_SUBJECT, body=body)
    sent = mail.send(message, smtp, attempts=attempts)
    with UnitOfWork(db) as uow:
        user_service.current_actor(uow, actor)
        uow.audit(actor.name, "mail.test", "settings",
                  {"to": to_addr, "server": server, "ok": sent.ok, "message_id": sent.message_id,
                   "error": sent.error})
        uow.commit()
    return MailTestResult(ok=sent.ok, to_addr=to_addr, server=server, message_id=sent.message_id,
                          attempts=sent.attempts, error=sent.error)


__all__ = ["UserRow", "SettingRow", "SettingChange", "MailTestResult", "list_users", "add_user", "set_enabled",
           "set_role", "reset_password", "settings", "change_setting", "send_test_mail"]
