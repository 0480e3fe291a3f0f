"""The demo's escalation records (resources/demo/escalation.json), written inside the demo's
own unit of work and listed in its one ``demo.load`` entry (key ``escalation``), so the deep
check replays them (warroom.services.escalation_replay).

On the first escalated ticket with a cached order: the agent's brief edit, a compensation
authorization by compliance (the order's total plus a goodwill amount), a reshipment of its first
item.  On the next escalated ticket: closed, with a post-mortem by compliance linked to a triage
rule."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from warroom import clock, paths
from warroom.storage.models import Order, Rule, Ticket, TicketTag
from warroom.storage.models_escalation import EscalationBrief, PostMortem, RemedyAuthorization, Reshipment
from warroom.storage.uow import UnitOfWork


def _data() -> dict[str, Any]:
    path = paths.resources_dir() / "demo" / "escalation.json"
    return json.loads(path.read_text(encoding="utf-8"))


def add_demo_records(uow: UnitOfWork, actor: str, with_users: bool) -> dict[str, Any]:
    s = uow.session
    data = _data()
    agent, compliance = ("agent", "compliance") if with_users else (actor, actor)
    now = clock.now()
    escalated = list(s.execute(select(Ticket, Order).join(TicketTag, (TicketTag.ticket_id == Ticket.id)
                                                          & (TicketTag.tag == "ESCALATED"))
                               .join(Order, Order.id == Ticket.order_id).order_by(Ticket.id)))
    usable = [(t, o) for t, o in escalated if o.items and o.total and o.currency]
    if len(usable) < 2:
        return {}
    out: dict[str, Any] = {"briefs": [], "authorizations": [], "reshipments": [], "postmortems": []}
    ticket, order = usable[0]
    brief = data["brief"]
    s.add(EscalationBrief(ticket_id=ticket.id, done=brief["done"], emotional_state=brief["emotional_state"],
                          updated_by=agent, updated_at=now))
    out["briefs"].append({"ticket_id": ticket.id, "set": dict(brief), "by": agent})

    a = data["authorization"]
    limit = str(Decimal(order.total or "0") + Decimal(a["extra"]))
    auth = RemedyAuthorization(ticket_id=ticket.id, amazon_order_id=ticket.amazon_order_id, kind=a["kind"],
                               reason=a["reason"], limit_amount=limit, currency=order.currency,
                               expires_at=now + timedelta(hours=int(a["hours"])), granted_by=compliance, granted_at=now)
    s.add(auth)
    s.flush()
    out["authorizations"].append({"id": auth.id, "ticket_id": ticket.id, "amazon_order_id": ticket.amazon_order_id,
                                  "kind": auth.kind, "reason": auth.reason, "limit": limit, "currency": order.currency,
                                  "expires_at": clock.iso(auth.expires_at), "by": compliance})

    r = data["reshipment"]
    item = order.items[0]
    items = [{"sku": item.sku or item.asin or "?", "quantity": 1}]
    reship = Reshipment(ticket_id=ticket.id, amazon_order_id=ticket.amazon_order_id, items=json.dumps(items),
                        carrier=r["carrier"], tracking=r["tracking"], express=False, authorization_id=None,
                        reason=r["reason"], shipped_at=now, logged_by=agent, logged_at=now)
    s.add(reship)
    s.flush()
    out["reshipments"].append({"id": reship.id, "ticket_id": ticket.id, "amazon_order_id": ticket.amazon_order_id,
                               "items": items, "carrier": reship.carrier, "tracking": reship.tracking,
                               "express": False, "authorization_id": None, "reason": reship.reason,
                               "shipped_at": clock.iso(now), "by": agent})

    closed, _ = usable[1]
    closed.status = "closed"
    p = data["postmortem"]
    ids = list(s.scalars(select(Rule.rule_id).where(Rule.kind == p["rule_kind"], Rule.enabled.is_(True))
                         .order_by(Rule.rule_id)))
    rule = next((i for i in ids if p.get("rule_hint", "") in i), ids[0] if ids else None)
    links = [f"{p['rule_kind']}:{rule}"] if rule else []
    pm = PostMortem(ticket_id=closed.id, root_cause=p["root_cause"], what_done=p["what_done"],
                    what_changes=p["what_changes"], rule_links=json.dumps(links), written_by=compliance,
                    written_at=now, updated_by=compliance, updated_at=now)
    s.add(pm)
    s.flush()
    out["postmortems"].append({"id": pm.id, "ticket_id": closed.id, "closed": True, "root_cause": pm.root_cause,
                               "what_done": pm.what_done, "what_changes": pm.what_changes, "rule_links": links,
                               "by": compliance})
    return out
