"""Audited key/value settings; secret ones (``smtp.password``) kept in the OS keyring.

A secret setting's row holds ``{"keyring": "<entry>"}`` when the value is in the OS keyring
(service :data:`KEYRING_SERVICE`, user name ``<key>/<random id>``: one entry per value, so a
change that fails to commit never alters the password in use), or the value itself when no
keyring is available: then every result that shows the setting carries a warning.  Other
services read a secret with :func:`secret_value` (or :func:`read_setting`, which resolves it).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from warroom import clock, paths
from warroom.domain.roles import Actor, Permission
from warroom.domain.settings import SPECS, all_keys, spec_for
from warroom.errors import BadInput, NotFound
from warroom.storage.engine import Database
from warroom.storage.models import Setting
from warroom.storage.uow import UnitOfWork
from warroom.services.users import current_actor

MASK = "********"
KEYRING_SERVICE = paths.APP_NAME
IN_KEYRING = "keyring"
IN_DATABASE = "database"


def database_warning(key: str, reason: str | None = None) -> str:
    why = f" ({reason})" if reason else ""
    return (f"{key} is stored in the database in clear: no OS keyring is available{why}; anyone who can "
            f"read the database file can read it. With a keyring (GNOME Keyring/KWallet, macOS Keychain, "
            f"Windows Credential Manager) set it again to move it there.")


# ------------------------------------------------------------------ the OS keyring

def _keyring() -> Any:
    import keyring  # imported on use: loading the backends takes a moment

    return keyring


def _short(exc: BaseException) -> str:
    text = str(exc).strip().split(". ")[0].splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text.rstrip(".")


def _keyring_put(entry: str, value: str) -> str | None:
    """Store ``value`` under ``entry``; None when it is there (read back), else why not."""
    try:
        kr = _keyring()
        kr.set_password(KEYRING_SERVICE, entry, value)
        if kr.get_password(KEYRING_SERVICE, entry) != value:
            return "the keyring did not keep the value"
        return None
    except Exception as exc:  # noqa: BLE001 - any backend (D-Bus, Keychain, fail) may refuse in its own way
        return _short(exc)


def _keyring_forget(entry: str) -> None:
    try:
        _keyring().delete_password(KEYRING_SERVICE, entry)
    except Exception:  # noqa: BLE001 - best effort: an entry nobody points to any more
        pass


def _keyring_get(key: str, entry: str) -> str:
    again = f"set it again: warroom settings set {key} --value-stdin --as ADMIN"
    try:
        value = _keyring().get_password(KEYRING_SERVICE, entry)
    except Exception as exc:  # noqa: BLE001 - the backend's own failure, named in the message
        raise NotFound(f"setting {key} is kept in the OS keyring (service {KEYRING_SERVICE!r}, entry {entry!r}) "
                       f"but the keyring cannot be read ({_short(exc)}); {again}") from None
    if value is None:
        raise NotFound(f"setting {key} is kept in the OS keyring (service {KEYRING_SERVICE!r}, entry {entry!r}) "
                       f"but the keyring has no such entry; {again}")
    return value


def _keyring_entry(stored: Any) -> str | None:
    if isinstance(stored, dict) and isinstance(stored.get(IN_KEYRING), str):
        return stored[IN_KEYRING]
    return None


# ------------------------------------------------------------------ reading

@dataclass(frozen=True)
class SecretState:
    """Where a secret setting is and whether that deserves a warning (never the value)."""

    key: str
    stored_in: str | None        # "keyring", "database" or None (never set, or empty)
    warning: str | None


def _secret_state(key: str, row: Setting | None) -> SecretState:
    if row is None:
        return SecretState(key, None, None)
    stored = json.loads(row.value)
    if _keyring_entry(stored) is not None:
        return SecretState(key, IN_KEYRING, None)
    if not stored:
        return SecretState(key, None, None)
    return SecretState(key, IN_DATABASE, database_warning(key))


def secret_value(session: Any, key: str) -> str:
    """The clear value of secret setting ``key`` (from the keyring or the database) for a service
    that needs it (sending mail); '' when never set.  Raises NotFound when the keyring lost it."""
    spec = spec_for(key)
    row = session.get(Setting, key)
    if row is None:
        return str(spec.default or "")
    stored = json.loads(row.value)
    entry = _keyring_entry(stored)
    if entry is not None:
        return _keyring_get(key, entry)
    return str(stored or "")


def mail_password(session: Any) -> str:
    """``smtp.password`` in clear, for sending."""
    return secret_value(session, "smtp.password")


def read_setting(session: Any, key: str) -> Any:
    """The value of ``key`` (its default when never set), for other services; secrets resolved."""
    spec = spec_for(key)
    if spec.secret:
        return secret_value(session, key)
    row = session.get(Setting, key)
    return json.loads(row.value) if row is not None else spec.default


def secret_states(db: Database) -> list[SecretState]:
    """Every secret setting's place, for a console that shows the warning."""
    with UnitOfWork(db, write=False) as uow:
        return [_secret_state(k, uow.session.get(Setting, k)) for k, s in sorted(SPECS.items()) if s.secret]


def get_settings(db: Database, key: str | None = None, *, reveal_secrets: bool = False) -> list[dict[str, Any]]:
    """One row per setting.  A secret's row also has ``stored_in`` and ``warning`` (set when it
    lies in the database in clear)."""
    keys = [key] if key else all_keys()
    with UnitOfWork(db, write=False) as uow:
        stored = {s.key: s for s in uow.session.scalars(select(Setting))}
        if not key:
            keys = sorted(set(keys) | set(stored))
        out = []
        for k in keys:
            spec = spec_for(k)
            row = stored.get(k)
            value = json.loads(row.value) if row else spec.default
            extra: dict[str, Any] = {}
            if spec.secret:
                state = _secret_state(k, row)
                extra = {"stored_in": state.stored_in, "warning": state.warning}
                if reveal_secrets:
                    value = secret_value(uow.session, k)
                elif value:
                    value = MASK
            out.append({"key": k, "value": value, "default": row is None, "help": spec.help,
                        "updated_at": clock.iso(row.updated_at) if row else None,
                        "updated_by": row.updated_by if row else None, **extra})
        return out


# ------------------------------------------------------------------ changing

def set_setting(db: Database, actor: Actor, key: str, text: str) -> dict[str, Any]:
    """Check, store and audit one setting.  A secret goes to the OS keyring when there is one,
    else into the database with ``warning`` set in the result; its audit entry says where
    (``stored_in``) and never holds the value."""
    spec = spec_for(key)
    try:
        value = spec.parse(text)
    except BadInput as exc:
        raise BadInput(f"setting {key}: {exc.reason}") from None
    if spec.secret:
        return _set_secret(db, actor, key, value)
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.MANAGE_SETTINGS)
        row = uow.session.get(Setting, key)
        old = json.loads(row.value) if row else spec.default
        if row is not None and old == value:
            return {"key": key, "value": value, "changed": False}
        _write_row(uow, actor, key, json.dumps(value), row)
        uow.audit(actor.name, "settings.set", f"setting:{key}", {"key": key, "from": old, "to": value})
        uow.commit()
    return {"key": key, "value": value, "changed": True}


def _write_row(uow: UnitOfWork, actor: Actor, key: str, encoded: str, row: Setting | None) -> None:
    now = clock.now()
    if row is None:
        uow.session.add(Setting(key=key, value=encoded, updated_at=now, updated_by=actor.name))
    else:
        row.value, row.updated_at, row.updated_by = encoded, now, actor.name


def _set_secret(db: Database, actor: Actor, key: str, value: str) -> dict[str, Any]:
    actor.require(Permission.MANAGE_SETTINGS)   # nothing reaches the keyring for a refused actor
    with UnitOfWork(db, write=False) as uow:
        current_actor(uow, actor, Permission.MANAGE_SETTINGS)
        row = uow.session.get(Setting, key)
        before = json.loads(row.value) if row is not None else None
    old_entry = _keyring_entry(before)
    try:
        old = _keyring_get(key, old_entry) if old_entry is not None else (before or "")
    except NotFound:
        old = None  # the keyring lost it: store anew
    shown = MASK if value else ""

    def result(changed: bool, stored_in: str | None, warning: str | None) -> dict[str, Any]:
        return {"key": key, "value": shown, "changed": changed, "stored_in": stored_in, "warning": warning}

    if old == value and (old_entry is not None or not value):
        return result(False, IN_KEYRING if old_entry else None, None)
    new_entry = f"{key}/{uuid.uuid4().hex}" if value else None
    reason = _keyring_put(new_entry, value) if new_entry is not None else None
    if reason is not None:
        new_entry = None
    stored_in = IN_KEYRING if new_entry else IN_DATABASE
    warning = database_warning(key, reason) if value and new_entry is None else None
    if old == value and new_entry is None:   # still no keyring: nothing to move
        return result(False, stored_in, warning)
    try:
        with UnitOfWork(db) as uow:
            current_actor(uow, actor, Permission.MANAGE_SETTINGS)
            row = uow.session.get(Setting, key)
            encoded = json.dumps({IN_KEYRING: new_entry} if new_entry else value)
            _write_row(uow, actor, key, encoded, row)
            uow.audit(actor.name, "settings.set", f"setting:{key}",
                      {"key": key, "from": MASK if old or old_entry else "", "to": shown, "stored_in": stored_in})
            uow.commit()
    except BaseException:
        if new_entry is not None:
            _keyring_forget(new_entry)
        raise
    if old_entry is not None and old_entry != new_entry:
        _keyring_forget(old_entry)
    return result(True, stored_in, warning)
