"""The demo's Seller Support cases and FBM decisions (resources/demo/cases.json), written inside
the demo's unit of work; its one ``demo.load`` entry lists them with every column (the deep check
replays them from there: :mod:`warroom.services.deep_cases`).

Today has 8 cases (near the default limit of 10, with one urgent case too many), two days ago
passed the limit with a recorded reason; several unshipped FBM orders, past due, due today and
later, have decisions by the demo compliance user.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom import paths
from warroom.domain import cases as rules
from warroom.domain.roles import Role
from warroom.services.cases import _view as case_view
from warroom.services.cases import seller_zone
from warroom.services.fbm import _decision as decision_view
from warroom.storage.models import Order, User
from warroom.storage.models_cases import FbmDecisionEntry, SupportCase

SEED = 15
DEMO_AGENT = "agent"
DEMO_DECIDER = "compliance"


def _data() -> dict[str, Any]:
    return json.loads((paths.resources_dir() / "demo" / "cases.json").read_text(encoding="utf-8"))


def _user(session: Session, name: str, role: Role | None = None) -> str | None:
    user = session.scalar(select(User).where(User.name == name))
    if user is None or user.disabled or (role is not None and user.role != role.value):
        return None
    return user.name


def add_demo_records(session: Session, now: datetime, actor: str) -> dict[str, list[dict[str, Any]]]:
    """Write the demo's cases and decisions; returns them for the demo's audit entry."""
    data = _data()
    rng = random.Random(SEED)
    zone, _name = seller_zone(session)
    orders = list(session.scalars(select(Order).where(
        Order.fulfillment_channel == "MFN", Order.status.in_(rules.UNSHIPPED_STATUSES))
        .order_by(Order.latest_ship_date, Order.id)))
    agent = _user(session, DEMO_AGENT) or actor
    limit = rules.DEFAULT_DAILY_LIMIT
    today = rules.day_of(now, zone)
    topics = data["topics"]
    cases: list[SupportCase] = []
    k = 0
    for plan in data["days"]:
        day = today - timedelta(days=int(plan["days_ago"]))
        start, end = rules.day_bounds(day, zone)
        first = start + timedelta(hours=7) if plan["days_ago"] else start
        last = min(end - timedelta(hours=4), now - timedelta(minutes=5)) if plan["days_ago"] == 0 else \
            end - timedelta(hours=4)
        last = max(last, first)
        n = int(plan["count"])
        for i in range(n):
            topic = topics[k % len(topics)]
            k += 1
            opened = (first + (last - first) * (i + 1) / (n + 1)).replace(microsecond=0)
            names = topic.get("names")
            order = orders[(k * 7) % len(orders)] if orders else None
            asins = [order.items[0].asin] if names == "asin" and order and order.items and order.items[0].asin \
                else []
            order_ids = [order.amazon_order_id] if names == "order" and order else []
            shipments = ["FBA" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(9))] \
                if names == "shipment" else []
            row = SupportCase(case_id=str(13_954_400_000 + rng.randrange(10_000, 99_999) * 10 + k % 10),
                              topic=topic["topic"], channel=topic["channel"], opened_at=opened, opened_by=agent,
                              urgent=i < int(plan.get("urgent", 0)), asins=json.dumps(asins),
                              order_ids=json.dumps(order_ids), shipment_ids=json.dumps(shipments), note=None,
                              over_limit_reason=plan.get("over_limit_reason") if i >= limit else None,
                              reopen_count=0)
            hours = topic.get("answer_hours")
            if hours is not None and opened + timedelta(hours=hours) <= now:
                row.answered_at = opened + timedelta(hours=hours)
                row.answer_note = topic.get("answer_note")
                closed = row.answered_at + timedelta(minutes=30)
                if topic.get("outcome") and closed <= now:
                    row.outcome, row.closed_at, row.closed_by = topic["outcome"], closed, agent
                    row.reopen_count = int(topic.get("reopened", 0))
            if session.scalar(select(SupportCase.id).where(SupportCase.case_id == row.case_id)) is None and \
                    all(c.case_id != row.case_id for c in cases):
                cases.append(row)
    session.add_all(cases)
    session.flush()

    decisions: list[FbmDecisionEntry] = []
    decider = _user(session, DEMO_DECIDER, Role.COMPLIANCE)
    if decider is not None:
        by_group: dict[str, list[Order]] = {}
        for o in orders:
            by_group.setdefault(rules.ship_group(o.latest_ship_date, now, zone).value, []).append(o)
        for n, plan in enumerate(data["fbm_decisions"]):
            pool = by_group.get(plan["group"], [])
            if not pool:
                continue
            order = pool.pop(0)
            decisions.append(FbmDecisionEntry(
                order_id=order.id, amazon_order_id=order.amazon_order_id, decision=plan["decision"],
                note=plan["note"], decided_by=decider,
                decided_at=(now - timedelta(hours=6 - n)).replace(microsecond=0), replaces_id=None))
        session.add_all(decisions)
        session.flush()
    return {"support_cases": [{k: v for k, v in case_view(c).to_dict().items() if k != "answer_hours"}  # no floats
                              for c in cases],
            "fbm_decisions": [{**decision_view(d).to_dict(), "order_id": d.order_id} for d in decisions]}
