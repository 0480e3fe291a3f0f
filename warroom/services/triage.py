"""Triage: classify tickets (category, tier, red flags), escalate, order the queue by risk.

Runs on import and on every new message (inside that action's unit of work), and on demand
(`warroom triage`).  The rules are data (services/rules.py); the engine is warroom.triage.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom import clock
from warroom.domain import tickets as T
from warroom.domain.roles import Actor, Permission
from warroom.domain.settings import DEFAULT_HIGH_VALUE
from warroom.errors import BadInput
from warroom.storage.dialect import placeholder, placeholders
from warroom.storage.engine import Database
from warroom.storage.models import Setting, Ticket, TicketTag
from warroom.storage.types import db_datetime, db_to_datetime
from warroom.storage.uow import UnitOfWork
from warroom.services.rules import active_rules
from warroom.services.users import SYSTEM_ACTOR, current_actor

ESCALATING_FLAGS = frozenset({"LEGAL", "SAFETY", "HIGH-VALUE"})
ESCALATION_TAGS = ("URGENT", "ESCALATED")
_FLAG_SET = frozenset(T.FLAGS)
CHUNK = 400


def queue_priority(category: str, flags: Iterable[str], due_at: datetime | None) -> int:
    """1: red flags and A-to-z; 2: refunds with a running clock; 3: other running clocks;
    4: no running clock.  Ties are broken by due_at (time left on the 24-hour clock)."""
    if any(True for _ in flags) or category == "A-TO-Z":
        return 1
    if due_at is None:
        return T.PRIORITY_NO_CLOCK
    if category == "REFUND":
        return 2
    return T.PRIORITY_RUNNING_CLOCK


def high_value_thresholds(session: Session) -> dict[str, Decimal]:
    table = {c: Decimal(v) for c, v in DEFAULT_HIGH_VALUE.items()}
    for key, value in session.execute(select(Setting.key, Setting.value)
                                      .where(Setting.key.like("high_value_threshold.%"))):
        try:
            table[key.rsplit(".", 1)[1]] = Decimal(json.loads(value))
        except (InvalidOperation, ValueError, TypeError):
            continue
    return table


def _where_matched(matched: str, messages: list[tuple[int, datetime, str]]) -> tuple[int | None, str | None]:
    needle = matched.casefold()
    for mid, at, text in messages:
        if needle and needle in text.casefold():
            return mid, clock.iso(at)
    return (messages[0][0], clock.iso(messages[0][1])) if messages else (None, None)


@dataclass(frozen=True)
class TriageContext:
    """What classifying needs besides the tickets: the rule set (compiled once), the
    HIGH-VALUE thresholds and the time stamped on the tags set (and the classifier itself:
    warroom.triage is imported on first use)."""
    rules: Any
    thresholds: dict[str, Decimal]
    now_db: Any
    classify: Callable[..., Any]


def triage_context(uow: UnitOfWork) -> TriageContext:
    from warroom.triage import classify, compile_rules

    return TriageContext(compile_rules(active_rules(uow.session, "triage")), high_value_thresholds(uow.session),
                         db_datetime(clock.now(), uow.connection.dialect.name), classify)


@dataclass
class TriageOutcome:
    """Classification results not yet written: ``updates`` (category, tier, priority,
    triage_reasons, ticket id) for the tickets whose row changes, ``tag_rows`` (ticket_id,
    tag, reason, set_by, set_at) to insert, ``changes`` per ticket (for the audit)."""
    updates: list[tuple[Any, ...]] = field(default_factory=list)
    tag_rows: list[tuple[Any, ...]] = field(default_factory=list)
    changes: dict[int, dict[str, Any]] = field(default_factory=dict)


def _order_total(total: Any) -> Decimal | None:
    try:
        return Decimal(total) if total is not None else None
    except InvalidOperation:
        return None


def classify_one(ctx: TriageContext, out: TriageOutcome, tid: int, category: str, source: str,
                 reasons_json: str | None, due_at: datetime | None, language: str | None, tier: int,
                 priority: int, order_total: Decimal | None, currency: str | None,
                 messages: list[tuple[int, datetime, str]], have: set[str]) -> None:
    """Classify one ticket from its inbound messages ((id, at, subject + newline + body),
    oldest first) given its row as stored and its tags ``have``; adds to ``out``."""
    rules, thresholds, now_db, classify = ctx.rules, ctx.thresholds, ctx.now_db, ctx.classify
    result = classify([m[2] for m in messages], rules=rules, language=language, order_total=order_total,
                      currency=currency, high_value_thresholds=thresholds)
    stored = json.loads(reasons_json) if reasons_json else {}
    suppressed: dict[str, int] = stored.get("suppressed", {})
    flags = set(result.flags)
    for flag, upto in suppressed.items():
        if flag in flags:
            newer = [m for m in messages if m[0] > upto]
            again = classify([m[2] for m in newer], rules=rules, language=language, order_total=order_total,
                             currency=currency, high_value_thresholds=thresholds) if newer else None
            if again is None or flag not in again.flags:
                flags.discard(flag)
    new_category = category if source == "manual" else result.category
    flag_reasons: dict[str, list[dict[str, Any]]] = {}
    for reason in result.reasons:
        if reason.target in flags:
            mid, at = _where_matched(reason.matched, messages)
            flag_reasons.setdefault(reason.target, []).append(
                {**reason.to_dict(), "message_id": mid, "message_at": at})
    category_reasons = [r.to_dict() for r in result.reasons if r.target == result.category]
    added: list[str] = []
    tag_rows = out.tag_rows
    for flag in sorted(flags - have):
        why = flag_reasons.get(flag, [{}])[0]
        text = f"{why.get('rule', 'triage')}: {why.get('matched', '')!r}" if why else "triage"
        tag_rows.append((tid, flag, text, SYSTEM_ACTOR, now_db))
        added.append(flag)
    escalating = sorted((flags | have) & ESCALATING_FLAGS)
    if escalating:
        for tag in ESCALATION_TAGS:
            if tag not in have and tag not in added:
                tag_rows.append((tid, tag, f"red flag {', '.join(escalating)}", SYSTEM_ACTOR, now_db))
                added.append(tag)
    all_flags = (flags | have) & _FLAG_SET
    new_priority = queue_priority(new_category, all_flags, due_at)
    new_reasons = {"category": {"value": new_category, "source": source, "reasons": category_reasons},
                   "flags": {**stored.get("flags", {}), **flag_reasons}, "suppressed": suppressed}
    encoded = json.dumps(new_reasons, ensure_ascii=False, sort_keys=True)
    if (new_category, result.tier, new_priority, encoded) != (category, tier, priority, reasons_json) or added:
        out.updates.append((new_category, result.tier, new_priority, encoded, tid))
        change: dict[str, Any] = {}
        if new_category != category:
            change["category"] = [category, new_category]
        if added:
            change["tags_added"] = added
        if result.tier != tier:
            change["tier"] = [tier, result.tier]
        if change:
            out.changes[tid] = change


def write_outcome(uow: UnitOfWork, out: TriageOutcome) -> None:
    """Apply ``out.updates`` to the ticket rows and insert ``out.tag_rows``."""
    conn = uow.connection
    if out.updates:
        m = placeholder(conn)
        conn.exec_driver_sql(f"UPDATE ticket SET category = {m}, tier = {m}, priority = {m}, triage_reasons = {m}"
                             f" WHERE id = {m}", out.updates)
    if out.tag_rows:
        conn.exec_driver_sql(f"INSERT INTO ticket_tag (ticket_id, tag, reason, set_by, set_at) VALUES ({placeholders(conn, 5)})",
                             out.tag_rows)


def classify_tickets(uow: UnitOfWork, ticket_ids: Iterable[int],
                     context: TriageContext | None = None) -> dict[int, dict[str, Any]]:
    """Re-classify these tickets from their inbound messages; returns what changed per ticket.

    * a manual category (``triage --category``) is kept;
    * flags only ever get added here; a flag an agent removed (``untag F --reason``) comes back
      only when a message newer than the removal triggers it again;
    * LEGAL, SAFETY or HIGH-VALUE also tag the ticket URGENT and ESCALATED."""
    ids = sorted(set(ticket_ids))
    if not ids:
        return {}
    conn = uow.connection
    ctx = context if context is not None else triage_context(uow)
    out = TriageOutcome()
    for start in range(0, len(ids), CHUNK):
        part = ids[start:start + CHUNK]
        marks = placeholders(conn, len(part))
        tickets = conn.exec_driver_sql(
            "SELECT t.id, t.category, t.category_source, t.triage_reasons, t.due_at, t.language, t.tier, t.priority,"
            " o.total, o.currency FROM ticket t LEFT JOIN amazon_order o ON o.id = t.order_id"
            f" WHERE t.id IN ({marks})", tuple(part)).all()
        texts: dict[int, list[tuple[int, datetime, str]]] = {i: [] for i in part}
        for tid, mid, at, subject, body in conn.exec_driver_sql(
                "SELECT ticket_id, id, at, subject, body FROM message WHERE direction = 'inbound'"
                f" AND ticket_id IN ({marks}) ORDER BY ticket_id, at, id", tuple(part)):
            received = db_to_datetime(at)
            assert received is not None         # message.at is NOT NULL
            texts[tid].append((int(mid), received, f"{subject or ''}\n{body}"))
        tags: dict[int, set[str]] = {i: set() for i in part}
        for tid, tag in conn.exec_driver_sql(f"SELECT ticket_id, tag FROM ticket_tag WHERE ticket_id IN ({marks})",
                                             tuple(part)):
            tags[tid].add(tag)
        for (tid, category, source, reasons_json, due_at, language, tier, priority, total, currency) in tickets:
            messages = texts[tid]
            if not messages:
                continue
            classify_one(ctx, out, tid, category, source, reasons_json, db_to_datetime(due_at), language, tier,
                         priority, _order_total(total), currency, messages, tags[tid])
    write_outcome(uow, out)
    return out.changes


def refresh_priority(session: Session, ticket: Ticket) -> None:
    """Recompute one ticket's queue priority after its clock or tags changed (ORM path)."""
    flags = {t.tag for t in ticket.tags} & set(T.FLAGS)
    ticket.priority = queue_priority(ticket.category, flags, ticket.due_at)


def summarize(changes: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """A compact audit payload for classification results."""
    flagged = {str(t): c["tags_added"] for t, c in changes.items() if c.get("tags_added")}
    categories = {str(t): c["category"][1] for t, c in changes.items() if "category" in c}
    return {"classified": len(changes), "tags_added": flagged, "categories": categories}


def run_triage(db: Database, actor: Actor, ticket_id: int | None = None) -> dict[str, Any]:
    """`warroom triage [TICKET]`: re-classify (open tickets, or one) and say why."""
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.WORK_TICKETS)
        if ticket_id is not None:
            if uow.session.get(Ticket, ticket_id) is None:
                from warroom.errors import NotFound

                raise NotFound(f"no ticket {ticket_id}")
            ids = [ticket_id]
        else:
            ids = list(uow.session.scalars(select(Ticket.id).where(Ticket.status != "closed")))
        changes = classify_tickets(uow, ids)
        if changes or uow.entries:
            uow.audit(actor.name, "triage.run", f"ticket:{ticket_id}" if ticket_id else "tickets",
                      {"tickets": len(ids), **summarize(changes)})
            uow.commit()
    return {"tickets": len(ids), "changed": {str(k): v for k, v in changes.items()},
            "explained": [explain(db, i) for i in ids] if ticket_id is not None else []}


def explain(db: Database, ticket_id: int) -> dict[str, Any]:
    with UnitOfWork(db, write=False) as uow:
        t = uow.session.get(Ticket, ticket_id)
        if t is None:
            from warroom.errors import NotFound

            raise NotFound(f"no ticket {ticket_id}")
        reasons = json.loads(t.triage_reasons) if t.triage_reasons else {}
        tags = {x.tag: x.reason for x in t.tags}
        return {"ticket_id": t.id, "category": t.category, "category_source": t.category_source, "tier": t.tier,
                "priority": t.priority, "flags": sorted(set(tags) & set(T.FLAGS)), "tags": sorted(tags),
                "why": reasons}


def override_category(db: Database, actor: Actor, ticket_id: int, category: str, reason: str) -> dict[str, Any]:
    category = category.strip().upper()
    if category not in T.CATEGORIES:
        raise BadInput(f"unknown category {category!r}: use one of {', '.join(T.CATEGORIES)}")
    if not reason or not reason.strip():
        raise BadInput("a reason is required to change a category", field="reason")
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.WORK_TICKETS)
        ticket = uow.session.get(Ticket, ticket_id)
        if ticket is None:
            from warroom.errors import NotFound

            raise NotFound(f"no ticket {ticket_id}")
        old = ticket.category
        if old == category and ticket.category_source == "manual":
            return {"ticket_id": ticket.id, "category": category, "changed": False}
        ticket.category = category
        ticket.category_source = "manual"
        refresh_priority(uow.session, ticket)
        uow.audit(actor.name, "triage.override", f"ticket:{ticket.id}",
                  {"from": old, "to": category, "reason": reason.strip()})
        uow.commit()
        return {"ticket_id": ticket.id, "category": category, "changed": True}


def suppress_flags(session: Session, ticket: Ticket, flags: list[str]) -> None:
    """Remember that an agent removed these flags: only newer messages may raise them again."""
    last = max((m.id for m in ticket.messages if m.direction == "inbound"), default=0)
    stored = json.loads(ticket.triage_reasons) if ticket.triage_reasons else {}
    suppressed = stored.setdefault("suppressed", {})
    for flag in flags:
        suppressed[flag] = last
    ticket.triage_reasons = json.dumps(stored, ensure_ascii=False, sort_keys=True)
