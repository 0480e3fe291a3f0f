"""Rules as data (triage and lint): seeded from resources/, stored in the database,
extended and disabled by compliance users, every change audited."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any, Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom import clock
from warroom.domain.roles import Actor, Permission
from warroom.errors import BadInput, BusinessRuleError, NotFound
from warroom.storage.engine import Database
from warroom.storage.models import Rule
from warroom.storage.seeds import definition as _definition, ensure_seed_rules, seed_rules  # noqa: F401
from warroom.storage.uow import UnitOfWork
from warroom.services.users import SYSTEM_ACTOR, current_actor

_RULE_ID = re.compile(r"^[A-Z0-9][A-Z0-9_.-]{1,63}$")


@dataclasses.dataclass(frozen=True)
class RuleKind:
    name: str                                   # "triage" | "lint"
    load_seed: Callable[[], list[Any]]          # the shipped rules (dataclass instances)
    rule_class: Callable[[], type]
    make_user_rule: Callable[[str, dict[str, Any]], Any]   # a compliance user's rule from plain values
    permission: Permission


def _triage_user_rule(rule_id: str, d: dict[str, Any]) -> Any:
    from warroom import triage

    target = str(d.get("target") or "").strip().upper()
    if target not in triage.CATEGORIES and target not in triage.FLAGS:
        raise BadInput(f"unknown target {target!r}: a category ({', '.join(triage.CATEGORIES)}) "
                       f"or a flag ({', '.join(triage.FLAGS)})")
    patterns = tuple(p.strip() for p in d.get("patterns", ()) if p and p.strip())
    if not patterns:
        raise BadInput("a rule needs a --pattern")
    return triage.TriageRule(id=rule_id, target=target, language=d.get("language") or None, patterns=patterns,
                             exclusions=tuple(d.get("exclusions", ())), explanation=str(d.get("explanation") or ""))


def _lint_user_rule(rule_id: str, d: dict[str, Any]) -> Any:
    from warroom import lint

    patterns = [p for p in d.get("patterns", ()) if p and p.strip()]
    if len(patterns) != 1:
        raise BadInput("a lint rule needs exactly one --pattern")
    try:
        return lint.make_user_rule(rule_id, patterns[0], str(d.get("explanation") or ""), d.get("language") or None)
    except lint.RuleError as exc:
        raise BadInput(f"invalid lint rule: {exc}") from None


def _triage_kind() -> RuleKind:
    from warroom import triage

    return RuleKind("triage", triage.load_seed_rules, lambda: triage.TriageRule, _triage_user_rule,
                    Permission.MANAGE_TRIAGE_RULES)


def _lint_kind() -> RuleKind:
    from warroom import lint

    return RuleKind("lint", lint.load_seed_rules, lambda: lint.LintRule, _lint_user_rule, Permission.MANAGE_LINT_RULES)


KINDS: dict[str, Callable[[], RuleKind]] = {"triage": _triage_kind, "lint": _lint_kind}


def _kind(name: str) -> RuleKind:
    if name not in KINDS:
        raise BadInput(f"unknown rule kind {name!r}")
    return KINDS[name]()


def _build(kind: RuleKind, row: Rule) -> Any:
    cls = kind.rule_class()
    fields = {f.name for f in dataclasses.fields(cls)}
    data = {k: (tuple(v) if isinstance(v, list) else v) for k, v in json.loads(row.definition).items() if k in fields}
    return cls(id=row.rule_id, enabled=row.enabled, **data)


def active_rules(session: Session, kind_name: str) -> list[Any]:
    """Enabled rules, from the database (seed rules when none are stored yet)."""
    kind = _kind(kind_name)
    rows = list(session.scalars(select(Rule).where(Rule.kind == kind.name).order_by(Rule.rule_id)))
    if not rows:
        return [r for r in kind.load_seed() if r.enabled]
    return [_build(kind, row) for row in rows if row.enabled]


def list_rules(db: Database, kind_name: str) -> list[dict[str, Any]]:
    kind = _kind(kind_name)
    with UnitOfWork(db, write=False) as uow:
        rows = list(uow.session.scalars(select(Rule).where(Rule.kind == kind.name).order_by(Rule.rule_id)))
        if not rows:
            return [{"id": r.id, "enabled": r.enabled, "source": "seed", **_definition(r)} for r in kind.load_seed()]
        return [{"id": row.rule_id, "enabled": row.enabled, "source": row.source, "updated_by": row.updated_by,
                 "updated_at": clock.iso(row.updated_at), **json.loads(row.definition)} for row in rows]


def add_rule(db: Database, actor: Actor, kind_name: str, rule_id: str, definition: dict[str, Any]) -> dict[str, Any]:
    kind = _kind(kind_name)
    rule_id = rule_id.strip().upper()
    if not _RULE_ID.match(rule_id):
        raise BadInput(f"invalid rule id {rule_id!r}: 2-64 of A-Z, 0-9, '.', '_', '-'")
    rule = kind.make_user_rule(rule_id, definition)
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, kind.permission)
        if uow.session.get(Rule, (kind.name, rule_id)) is not None:
            raise BusinessRuleError(f"a {kind.name} rule {rule_id} already exists")
        stored = _definition(rule)
        uow.session.add(Rule(kind=kind.name, rule_id=rule_id, definition=json.dumps(stored, ensure_ascii=False),
                             enabled=True, source="user", updated_at=clock.now(), updated_by=actor.name))
        uow.audit(actor.name, "rules.add", f"rule:{kind.name}:{rule_id}", {"kind": kind.name, "id": rule_id, **stored})
        uow.commit()
        return {"id": rule_id, "enabled": True, "source": "user", **stored}


def set_rule_enabled(db: Database, actor: Actor, kind_name: str, rule_id: str, enabled: bool) -> dict[str, Any]:
    kind = _kind(kind_name)
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, kind.permission)
        row = uow.session.get(Rule, (kind.name, rule_id.strip().upper()))
        if row is None:
            raise NotFound(f"no {kind.name} rule {rule_id!r}")
        if row.enabled == enabled:
            return {"id": row.rule_id, "enabled": enabled, "changed": False}
        row.enabled, row.updated_at, row.updated_by = enabled, clock.now(), actor.name
        uow.audit(actor.name, "rules.enable" if enabled else "rules.disable", f"rule:{kind.name}:{row.rule_id}",
                  {"kind": kind.name, "id": row.rule_id})
        uow.commit()
        return {"id": row.rule_id, "enabled": enabled, "changed": True}
