"""The demo's claims and notices (resources/demo/notices.json): Amazon's notices for orders of
demo tickets (an A-to-z claim notice and a chargeback notice open their claims), a customer-
service relay, a policy warning and a performance notification, plus an A-to-z claim opened
from a ticket.  Called by :func:`warroom.services.demo.load_demo` inside its unit of work; what
it adds is listed in the ``demo.load`` entry (``notices``, ``claims_opened``)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from warroom import clock, paths
from warroom.domain.notices import classify
from warroom.records import MessageRecord
from warroom.storage.models import Ticket
from warroom.storage.uow import UnitOfWork
from warroom.services.claims import claim_payload, create_claim, running_claim
from warroom.services.notices import store_notices


def _tickets(uow: UnitOfWork, category: str | None, limit: int, skip: set[int]) -> list[Ticket]:
    query = select(Ticket).where(Ticket.amazon_order_id.is_not(None), Ticket.status != "closed").order_by(Ticket.id)
    if category is not None:
        query = query.where(Ticket.category == category)
    return [t for t in uow.session.scalars(query.limit(limit + len(skip))) if t.id not in skip][:limit]


def add_demo_claims(uow: UnitOfWork, actor: str) -> dict[str, Any]:
    spec = json.loads((paths.resources_dir() / "demo" / "notices.json").read_text(encoding="utf-8"))
    now = clock.now()
    used: set[int] = set()
    records: list[tuple[MessageRecord, Any]] = []
    for n, item in enumerate(spec["notices"]):
        order = None
        if item["for"] is not None:
            found = _tickets(uow, None if item["for"] == "ANY" else item["for"], 1, used) or _tickets(uow, None, 1, used)
            if found:
                used.add(found[0].id)
                order = found[0].amazon_order_id
        subject = item["subject"].format(order=order or "")
        body = item["body"].format(order=order or "")
        record = MessageRecord(received_at=now - timedelta(hours=item["age_hours"]), from_addr=item["from"],
                               body=body, subject=subject, message_id=f"demo-notice-{n}@amazon.com",
                               amazon_order_id=order, source_ref=f"demo:notice:{n}")
        kind = classify(record.from_addr, subject, body)
        if kind is not None:
            records.append((record, kind))
    stored = store_notices(uow, records, actor=actor)
    # an A-to-z claim the team opened from a ticket (the buyer threatened one), already answered
    for t in _tickets(uow, "A-TO-Z", 1, used):
        if running_claim(uow.session, t.amazon_order_id or "", "A_TO_Z") is None:
            c = create_claim(uow.session, actor, kind="A_TO_Z", amazon_order_id=t.amazon_order_id or "",
                             ticket_id=t.id, opened_at=now - timedelta(hours=12),
                             info_requested_at=now - timedelta(hours=12), reason="buyer says the item never arrived")
            stored["claims_opened"].append(claim_payload(c))
    return {"notices": stored["notices"], "claims_opened": stored["claims_opened"]}
