"""Post-mortems of closed escalations, and the knowledge base they make.

One post-mortem per escalated ticket, written once the ticket is closed: the root cause
(product defect, logistics, listing description, earlier service handling, other), what was
done, what changes, and the rule changes it led to (ids of lint or triage rules, as the rules
service knows them).  Saving it again replaces its text; each save is one audit entry
``escalation.postmortem`` carrying every field.

The knowledge base is small (one row per escalation), so :func:`search_knowledge` reads the
post-mortems and matches in Python: every word of the query must appear (case folded) in the
ticket's subject, the root cause or the texts.  A run of Chinese or Japanese characters is
matched as a substring, so 漏水 finds 产品漏水 without word boundaries.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from sqlalchemy import select

from warroom import clock
from warroom.domain.roles import Actor, Permission
from warroom.errors import BadInput, BusinessRuleError, NotFound
from warroom.storage.engine import Database
from warroom.storage.models import Rule, Ticket, TicketTag
from warroom.storage.models_escalation import PostMortem
from warroom.storage.uow import UnitOfWork
from warroom.services.users import current_actor

ROOT_CAUSES = ("product-defect", "logistics", "listing-description", "earlier-service-handling", "other")
POSTMORTEM_ACTION = "escalation.postmortem"
TEXT_MAX = 10_000
MAX_LINKS = 20


@dataclass(frozen=True)
class PostMortemRecord:
    id: int
    ticket_id: int
    subject: str
    root_cause: str
    what_done: str
    what_changes: str
    rule_links: tuple[str, ...]         # "lint:RULE-ID" / "triage:RULE-ID"
    written_by: str
    written_at: datetime
    updated_by: str
    updated_at: datetime

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "ticket_id": self.ticket_id, "subject": self.subject, "root_cause": self.root_cause,
                "what_done": self.what_done, "what_changes": self.what_changes, "rule_links": list(self.rule_links),
                "written_by": self.written_by, "written_at": clock.iso(self.written_at),
                "updated_by": self.updated_by, "updated_at": clock.iso(self.updated_at)}


def _record(row: PostMortem, subject: str) -> PostMortemRecord:
    return PostMortemRecord(id=row.id, ticket_id=row.ticket_id, subject=subject, root_cause=row.root_cause,
                            what_done=row.what_done, what_changes=row.what_changes,
                            rule_links=tuple(json.loads(row.rule_links or "[]")), written_by=row.written_by,
                            written_at=row.written_at, updated_by=row.updated_by, updated_at=row.updated_at)


def _text(value: str | None, field: str) -> str:
    text = (value or "").replace("\r\n", "\n").strip()
    if "\x00" in text:
        raise BadInput(f"{field} contains a NUL character", field=field)
    if not text:
        raise BadInput(f"{field} is required", field=field)
    if len(text) > TEXT_MAX:
        raise BadInput(f"{field} is longer than {TEXT_MAX} characters", field=field)
    return text


def _links(session: object, links: Iterable[str]) -> list[str]:
    wanted = [link.strip() for link in links if link and link.strip()]
    if len(wanted) > MAX_LINKS:
        raise BadInput(f"at most {MAX_LINKS} rule links", field="rules")
    rules = {(k, r) for k, r in session.execute(select(Rule.kind, Rule.rule_id))}  # type: ignore[attr-defined]
    out: list[str] = []
    for link in wanted:
        kind, _, rule_id = link.partition(":") if ":" in link else ("", "", link)
        kinds = [kind] if kind else ["lint", "triage"]
        found = [k for k in kinds if (k, rule_id) in rules]
        if not found:
            raise BadInput(f"no rule {link!r} (use a rule id from `warroom lint-rules list` or "
                           "`warroom triage-rules list`, optionally as lint:ID or triage:ID)", field="rules")
        name = f"{found[0]}:{rule_id}"
        if name not in out:
            out.append(name)
    return out


def write_postmortem(db: Database, actor: Actor, ticket_id: int, *, root_cause: str, what_done: str,
                     what_changes: str, rule_links: Iterable[str] = ()) -> PostMortemRecord:
    """Write (or rewrite) the post-mortem of a closed escalation."""
    cause = (root_cause or "").strip().lower().replace(" ", "-").replace("_", "-")
    if cause not in ROOT_CAUSES:
        raise BadInput(f"unknown root cause {root_cause!r}: use one of {', '.join(ROOT_CAUSES)}", field="root_cause")
    done = _text(what_done, "what_done")
    changes = _text(what_changes, "what_changes")
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.WORK_TICKETS)
        ticket = uow.session.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound(f"no ticket {ticket_id}")
        if uow.session.get(TicketTag, (ticket_id, "ESCALATED")) is None:
            raise BusinessRuleError(f"ticket {ticket_id} was not escalated: post-mortems are for escalations")
        if ticket.status != "closed":
            raise BusinessRuleError(f"ticket {ticket_id} is {ticket.status}: a post-mortem is written once the "
                                    "escalation is closed")
        links = _links(uow.session, rule_links)
        row = uow.session.scalar(select(PostMortem).where(PostMortem.ticket_id == ticket_id))
        now = clock.now()
        created = row is None
        if row is None:
            row = PostMortem(ticket_id=ticket_id, written_by=actor.name, written_at=now)
            uow.session.add(row)
        elif (row.root_cause, row.what_done, row.what_changes, json.loads(row.rule_links)) == (
                cause, done, changes, links):
            return _record(row, ticket.subject)
        row.root_cause, row.what_done, row.what_changes = cause, done, changes
        row.rule_links = json.dumps(links)
        row.updated_by, row.updated_at = actor.name, now
        uow.session.flush()
        uow.audit(actor.name, POSTMORTEM_ACTION, f"ticket:{ticket_id}", {
            "id": row.id, "created": created, "root_cause": cause, "what_done": done, "what_changes": changes,
            "rule_links": links})
        result = _record(row, ticket.subject)
        uow.commit()
        return result


def get_postmortem(db: Database, ticket_id: int) -> PostMortemRecord | None:
    with UnitOfWork(db, write=False) as uow:
        row = uow.session.scalar(select(PostMortem).where(PostMortem.ticket_id == ticket_id))
        if row is None:
            return None
        ticket = uow.session.get(Ticket, ticket_id)
        return _record(row, ticket.subject if ticket is not None else "")


def list_postmortems(db: Database) -> list[PostMortemRecord]:
    """Every post-mortem, newest first."""
    with UnitOfWork(db, write=False) as uow:
        return [_record(row, subject) for row, subject in uow.session.execute(
            select(PostMortem, Ticket.subject).join(Ticket, Ticket.id == PostMortem.ticket_id)
            .order_by(PostMortem.updated_at.desc(), PostMortem.id.desc()))]


def search_knowledge(db: Database, query: str = "", *, root_cause: str | None = None) -> list[PostMortemRecord]:
    """The knowledge base: post-mortems holding every word of ``query`` (any case; Chinese and
    Japanese as substrings), of one root cause if given; newest first."""
    words = [w.casefold() for w in (query or "").split()]
    cause = (root_cause or "").strip().lower() or None
    if cause is not None and cause not in ROOT_CAUSES:
        raise BadInput(f"unknown root cause {root_cause!r}: use one of {', '.join(ROOT_CAUSES)}", field="root_cause")
    out = []
    for pm in list_postmortems(db):
        if cause is not None and pm.root_cause != cause:
            continue
        hay = "\n".join((pm.subject, pm.root_cause, pm.what_done, pm.what_changes, " ".join(pm.rule_links),
                         f"#{pm.ticket_id}")).casefold()
        if all(w in hay for w in words):
            out.append(pm)
    return out
