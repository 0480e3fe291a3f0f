"""`warroom demo`: realistic synthetic data for a fresh database, through the import path."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select

from warroom import clock
from warroom.domain.passwords import hash_password
from warroom.domain.roles import Actor, Permission, Role
from warroom.domain.tickets import id_runs
from warroom.errors import BusinessRuleError
from warroom.progress import Progress, no_progress
from warroom.storage.engine import Database
from warroom.storage.models import Order, Setting, User
from warroom.storage.uow import UnitOfWork
from warroom.services.demo_cases import add_demo_records
from warroom.services.ingest import store_messages
from warroom.services.orders import store_orders
from warroom.services.triage import summarize
from warroom.services.users import current_actor

DEMO_PASSWORD = "demo"
DEMO_USERS = (("agent", Role.AGENT), ("compliance", Role.COMPLIANCE), ("admin", Role.ADMIN))
#: the demo user who approves the starter pack (``--with-users``), so agents can draft at once
DEMO_TEMPLATE_APPROVER = "compliance"


def load_demo(db: Database, actor: Actor | None, *, with_users: bool = False,
              progress: Progress = no_progress) -> dict[str, Any]:
    """Fill an empty database.  ``actor`` may be None only with ``with_users`` on a database
    without users (the console's "open demo data" on first run); the entry is then by ``system``.
    ``progress`` may raise :class:`warroom.errors.Cancelled`: nothing is written then."""
    from warroom.demo_data import generate

    demo_hash = hash_password(DEMO_PASSWORD) if with_users else None
    with UnitOfWork(db) as uow:
        users = int(uow.session.scalar(select(func.count()).select_from(User)) or 0)
        if actor is None:
            if not (with_users and users == 0):
                raise BusinessRuleError("an acting admin is required (--as USER)")
            actor_name = "system"
        else:
            current_actor(uow, actor, Permission.LOAD_DEMO)
            actor_name = actor.name
        if uow.session.scalar(select(func.count()).select_from(Order)):
            raise BusinessRuleError("the database already holds orders: demo data goes only into an empty database")
        progress(0, None, "generating demo data")
        data = generate(clock.now())
        created_users = []
        if with_users:
            for name, role in DEMO_USERS:
                if uow.session.scalar(select(User).where(User.name == name)) is None:
                    now = clock.now()
                    uow.session.add(User(name=name, role=role.value, password_hash=demo_hash or "",
                                         disabled=False, created_at=now, role_granted_by=actor_name,
                                         role_granted_at=now, password_set_by=actor_name, password_set_at=now))
                    created_users.append(name)
            uow.session.flush()
        progress(0, None, "storing orders")
        orders = store_orders(uow, data.orders)
        messages = store_messages(uow, data.messages, actor=actor_name, progress=progress)
        summary: dict[str, Any] = {"orders": len(orders["inserted"]), "messages": len(messages["messages"]),
                                   "tickets": len(messages["tickets_created"]), "users": created_users}
        from warroom.services.claims_demo import add_demo_claims

        claims_and_notices = add_demo_claims(uow, actor_name)          # Amazon's notices, claims of both types
        summary["notices"], summary["claims"] = len(claims_and_notices["notices"]), len(claims_and_notices["claims_opened"])
        templates = _starter_templates(uow, progress) if with_users else None
        if templates is not None:
            summary["templates"] = templates["imported"]
        records = add_demo_records(uow.session, clock.now(), actor_name)   # Seller Support cases, FBM decisions
        summary["cases"] = len(records["support_cases"])
        summary["fbm_decisions"] = len(records["fbm_decisions"])
        # The demo's mail is older than the database it is loaded into: count its deadlines as
        # if War Room had been in use all along, so the demo shows misses (not only history).
        counted_from = clock.iso(min(m.received_at for m in data.messages)) if data.messages else ""
        if counted_from and uow.session.get(Setting, "deadlines.counted_from") is None:
            uow.session.add(Setting(key="deadlines.counted_from", value=json.dumps(counted_from),
                                    updated_at=clock.now(), updated_by=actor_name))
            summary["deadlines_counted_from"] = counted_from
        from warroom.services.escalation_demo import add_demo_records as add_escalation_demo

        escalation = add_escalation_demo(uow, actor_name, with_users)     # brief, authorization, reship, post-mortem
        uow.audit(actor_name, "demo.load", "database", {
            **summary, "demo_data": True, "triage": summarize(messages["triage"]), "order_ids": id_runs(orders["inserted"]),
            "ticket_ids": id_runs(messages["tickets_created"]), "message_ids": id_runs(messages["messages"]),
            **({"templates": {k: v for k, v in templates.items() if k != "imported"}} if templates else {}),
            **claims_and_notices, **records, **({"escalation": escalation} if escalation else {})})
        uow.commit()
        return summary


def _starter_templates(uow: UnitOfWork, progress: Progress) -> dict[str, Any] | None:
    """The shipped starter pack, stored approved by the demo compliance user (in the demo's
    unit of work: its one audit entry lists the versions, their hashes and the approver).
    None when that user is not a compliance user (a database whose users predate the demo)."""
    from warroom.services.templates import starter_pack, store_templates

    approver = uow.session.scalar(select(User).where(User.name == DEMO_TEMPLATE_APPROVER))
    if approver is None or approver.role != Role.COMPLIANCE.value or approver.disabled:
        return None
    progress(0, None, "approving the starter templates")
    stored = store_templates(uow.session, approver.name, starter_pack())
    return {**stored, "approved_by": approver.name}
