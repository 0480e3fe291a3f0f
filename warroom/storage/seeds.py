"""Shipped rules into the database: on open, once per version of the resource files.

Part of opening a database (like the migrations), so it lives in storage; the rule engines
(warroom.triage, warroom.lint) are only imported when a resource file changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import select

from warroom import clock, paths
from warroom.storage.engine import Database
from warroom.storage.models import Rule, SeedState
from warroom.storage.uow import UnitOfWork

SYSTEM_ACTOR = "system"


def _load_triage() -> list[Any]:
    from warroom.triage import load_seed_rules

    return load_seed_rules()


def _load_lint() -> list[Any]:
    from warroom.lint import load_seed_rules

    return load_seed_rules()


LOADERS: dict[str, Callable[[], list[Any]]] = {"triage": _load_triage, "lint": _load_lint}


def definition(rule: Any) -> dict[str, Any]:
    """A rule's stored JSON definition (everything but its id and enabled state)."""
    data = dataclasses.asdict(rule)
    data.pop("id", None)
    data.pop("enabled", None)
    return data


def seed_file(kind_name: str) -> Path:
    return paths.resources_dir() / "rules" / f"{kind_name}_rules.json"


def ensure_seed_rules(uow: UnitOfWork, kinds: tuple[str, ...] = ("triage", "lint")) -> None:
    """Take in shipped rules the database does not have yet, and new wording of shipped rules it
    has (their enabled state kept): one audit entry by `system`.

    Cheap when nothing changed: the resource file's SHA-256 is compared with the one the
    database took in last (table seed_state), without loading the rule engines."""
    added: dict[str, list[str]] = {}
    updated: dict[str, list[str]] = {}
    hashes: dict[str, str] = {}
    now = clock.now()
    for kind_name in kinds:
        digest = hashlib.sha256(seed_file(kind_name).read_bytes()).hexdigest()
        state = uow.session.get(SeedState, kind_name)
        if state is not None and state.sha256 == digest:
            continue
        have = {row.rule_id: row for row in uow.session.scalars(select(Rule).where(Rule.kind == kind_name))}
        shipped = LOADERS[kind_name]()
        missing = [r for r in shipped if r.id not in have]
        for r in missing:
            uow.session.add(Rule(kind=kind_name, rule_id=r.id, definition=json.dumps(definition(r), ensure_ascii=False),
                                 enabled=r.enabled, source="seed", updated_at=now, updated_by=SYSTEM_ACTOR))
        # A shipped rule whose words changed (a new exclusion, more wording) is brought up to date;
        # whether it is enabled stays the compliance user's choice.  Users' own rules are never touched.
        changed = []
        for r in shipped:
            row = have.get(r.id)
            if row is None or row.source != "seed":
                continue
            text = json.dumps(definition(r), ensure_ascii=False)
            if json.loads(row.definition) != json.loads(text):
                row.definition, row.updated_at, row.updated_by = text, now, SYSTEM_ACTOR
                changed.append(r.id)
        if changed:
            updated[kind_name] = sorted(changed)
        if state is None:
            uow.session.add(SeedState(kind=kind_name, sha256=digest, seeded_at=now))
        else:
            state.sha256, state.seeded_at = digest, now
        added[kind_name] = sorted(r.id for r in missing)
        hashes[kind_name] = digest
    if added:
        uow.audit(SYSTEM_ACTOR, "rules.seed", "rules", {"added": added, "updated": updated, "seed_sha256": hashes})


def seed_rules(db: Database) -> None:
    """On open: bring the shipped rules in (when current: one read, no write lock)."""
    with UnitOfWork(db, write=False) as uow:
        stored = dict(uow.session.execute(select(SeedState.kind, SeedState.sha256)).all())
    if all(stored.get(k) == hashlib.sha256(seed_file(k).read_bytes()).hexdigest() for k in LOADERS):
        return
    with UnitOfWork(db) as uow:
        ensure_seed_rules(uow)
        if uow.entries:
            uow.commit()
