"""Audited key/value settings."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from warroom import clock
from warroom.domain.roles import Actor, Permission
from warroom.domain.settings import all_keys, spec_for
from warroom.errors import BadInput
from warroom.storage.engine import Database
from warroom.storage.models import Setting
from warroom.storage.uow import UnitOfWork
from warroom.services.users import current_actor

MASK = "********"


def read_setting(session: Any, key: str) -> Any:
    """The value of ``key`` (its default when never set), for other services."""
    spec = spec_for(key)
    row = session.get(Setting, key)
    return json.loads(row.value) if row is not None else spec.default


def get_settings(db: Database, key: str | None = None, *, reveal_secrets: bool = False) -> list[dict[str, Any]]:
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
            if spec.secret and value and not reveal_secrets:
                value = MASK
            out.append({"key": k, "value": value, "default": row is None, "help": spec.help,
                        "updated_at": clock.iso(row.updated_at) if row else None,
                        "updated_by": row.updated_by if row else None})
        return out


def set_setting(db: Database, actor: Actor, key: str, text: str) -> dict[str, Any]:
    spec = spec_for(key)
    try:
        value = spec.parse(text)
    except BadInput as exc:
        raise BadInput(f"setting {key}: {exc.reason}") from None
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.MANAGE_SETTINGS)
        row = uow.session.get(Setting, key)
        old = json.loads(row.value) if row else spec.default
        if row is not None and old == value:
            return {"key": key, "value": MASK if spec.secret else value, "changed": False}
        encoded = json.dumps(value)
        now = clock.now()
        if row is None:
            uow.session.add(Setting(key=key, value=encoded, updated_at=now, updated_by=actor.name))
        else:
            row.value, row.updated_at, row.updated_by = encoded, now, actor.name
        shown_old, shown_new = (MASK, MASK) if spec.secret else (old, value)
        uow.audit(actor.name, "settings.set", f"setting:{key}", {"key": key, "from": shown_old, "to": shown_new})
        uow.commit()
    return {"key": key, "value": MASK if spec.secret else value, "changed": True}
