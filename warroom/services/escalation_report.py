"""The appeal report's section "Escalation records": briefs written, out-of-policy
authorizations, reshipments and post-mortems in the export's range, each citing its entries.

Hooks: :func:`index_entry` (the appeal log index, warroom.services.appeal.log) and :func:`rows`
(the gatherer, warroom.services.appeal.gather).  Free text goes through the export's scrubbing
(buyer names and e-mail addresses become pseudonyms when the export is pseudonymized)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from warroom import clock
from warroom.services.appeal.model import EscalationRecordRow
from warroom.storage.models import Ticket
from warroom.storage.models_escalation import EscalationBrief, PostMortem, RemedyAuthorization, Reshipment

_KEYS = {"escalation.brief-edit": "brief", "remedy.authorize": "authorization", "reship.log": "reshipment",
         "escalation.postmortem": "post-mortem"}


def index_entry(index: dict[tuple[str, int], list[int]], ref: Any) -> None:
    """Remember which entries wrote which escalation record."""
    body = ref.payload if isinstance(ref.payload, dict) else {}
    if ref.action == "demo.load":
        esc = body.get("escalation") or {}
        for key, record, ident in (("briefs", "brief", "ticket_id"), ("authorizations", "authorization", "id"),
                                   ("reshipments", "reshipment", "id"), ("postmortems", "post-mortem", "id")):
            for item in esc.get(key) or ():
                if isinstance(item, dict) and isinstance(item.get(ident), int):
                    index.setdefault((record, item[ident]), []).append(ref.seq)
        return
    kind = _KEYS.get(ref.action)
    if kind is None:
        return
    if kind == "brief":
        _, _, tid = ref.entity.partition(":")
        if tid.isdigit():
            index.setdefault((kind, int(tid)), []).append(ref.seq)
    elif isinstance(body.get("id"), int):
        index.setdefault((kind, body["id"]), []).append(ref.seq)


def rows(g: Any, index: dict[tuple[str, int], list[int]]) -> tuple[EscalationRecordRow, ...]:
    """The records changed in [g.start, g.end), oldest first."""
    s, start, end = g.s, g.start, g.end
    orders = {}
    out: list[tuple[Any, EscalationRecordRow]] = []

    def order_of(ticket_id: int) -> str | None:
        if ticket_id not in orders:
            t = s.get(Ticket, ticket_id)
            orders[ticket_id] = t.amazon_order_id if t is not None else None
        return orders[ticket_id]

    def cite(record: str, ident: int) -> tuple[int, ...]:
        return tuple(seq for seq in index.get((record, ident), []))

    def scrub(ticket_id: int, text: str) -> str:
        return g.p.scrub(text, g.buyer(ticket_id).names()) or ""

    briefs = list(s.scalars(select(EscalationBrief).where(EscalationBrief.updated_at >= start,
                                                          EscalationBrief.updated_at < end)))
    auths = list(s.scalars(select(RemedyAuthorization).where(RemedyAuthorization.granted_at >= start,
                                                             RemedyAuthorization.granted_at < end)))
    ships = list(s.scalars(select(Reshipment).where(Reshipment.logged_at >= start, Reshipment.logged_at < end)))
    pms = list(s.scalars(select(PostMortem).where(PostMortem.updated_at >= start, PostMortem.updated_at < end)))
    g.buyers({b.ticket_id for b in briefs} | {a.ticket_id for a in auths} | {r.ticket_id for r in ships}
             | {p.ticket_id for p in pms})
    for b in briefs:
        written = [f"{name}: {getattr(b, col)}" for name, col in (
            ("order", "order_ref"), ("buyer", "buyer"), ("nature", "nature"), ("done", "done"),
            ("emotional state", "emotional_state"), ("deadline", "deadline")) if getattr(b, col) is not None]
        out.append((b.updated_at, EscalationRecordRow(
            clock.iso(b.updated_at) or "", "brief", b.ticket_id, b.ticket_id, order_of(b.ticket_id), b.updated_by,
            scrub(b.ticket_id, "; ".join(written)), cite("brief", b.ticket_id))))
    for a in auths:
        limit = f" up to {a.limit_amount} {a.currency}" if a.limit_amount else ""
        out.append((a.granted_at, EscalationRecordRow(
            clock.iso(a.granted_at) or "", "authorization", a.id, a.ticket_id, a.amazon_order_id, a.granted_by,
            scrub(a.ticket_id, f"{a.kind}{limit}, until {clock.iso(a.expires_at)}: {a.reason}"),
            cite("authorization", a.id))))
    for r in ships:
        items = ", ".join(f"{i['quantity']} x {i['sku']}" for i in json.loads(r.items))
        track = f" ({r.tracking})" if r.tracking else ""
        express = f", express under authorization {r.authorization_id}" if r.express else ""
        out.append((r.logged_at, EscalationRecordRow(
            clock.iso(r.logged_at) or "", "reshipment", r.id, r.ticket_id, r.amazon_order_id, r.logged_by,
            scrub(r.ticket_id, f"{items} by {r.carrier}{track}{express}: {r.reason}"), cite("reshipment", r.id))))
    for p in pms:
        links = ", ".join(json.loads(p.rule_links or "[]")) or "none"
        out.append((p.updated_at, EscalationRecordRow(
            clock.iso(p.updated_at) or "", "post-mortem", p.id, p.ticket_id, order_of(p.ticket_id), p.updated_by,
            scrub(p.ticket_id, f"root cause {p.root_cause}. Done: {p.what_done} Changes: {p.what_changes} "
                               f"Rule changes: {links}"), cite("post-mortem", p.id))))
    out.sort(key=lambda pair: (pair[0], pair[1].record, pair[1].record_id))
    return tuple(row for _, row in out)
