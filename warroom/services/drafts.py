"""The compliance gate: drafts, four-eyes approval bound to the text, holds, dispatch.

No message leaves unless it passed the lint and was approved by a second person, and
during a suspension, unless it was rendered from a template the compliance manager
approved (or, on an ESCALATED ticket, written by a senior and approved by another).

Draft statuses::

    submitted --approve--> approved --dispatch--> dispatched
        |                     |  \\--send fails--> failed --dispatch (retry)--> dispatched
        |                     \\--suspension, category waits--> held --lift--> approved
        \\--reject--> rejected
    blocked   (lint findings; cannot be approved; edit it)
    voided    (a templated draft whose ticket became ESCALATED)

``edit-draft`` re-renders or replaces the text, re-runs the lint and puts the draft back
to ``submitted`` (or ``blocked``): any approval it had is void.  The approval records the
template version's hash and the text's hash; dispatch re-checks both.  Every action is
one unit of work with one audit entry; a failed send attempt is recorded too.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any, Callable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom import clock
from warroom.domain import tickets as T
from warroom.domain.roles import Actor, Permission, Role
from warroom.errors import BadInput, BusinessRuleError, NotFound, PermissionDenied
from warroom.storage.engine import Database
from warroom.templates import text_hash
from warroom.storage.models import Draft, Message, Template, Ticket, TicketTag
from warroom.storage.uow import UnitOfWork
from warroom.services.inputs import past_time
from warroom.services.lint import lint_with_session
from warroom.services.suspension import current_suspension
from warroom.services.users import authenticate, current_actor

#: Ticket categories whose replies may leave while a suspension is declared (DOMAIN.md,
#: "The wartime protocol"); everything else waits, visibly, until it is lifted.
DISPATCHABLE_DURING_SUSPENSION = ("REFUND", "RETURN", "A-TO-Z", "CHARGEBACK")
STATUSES = ("submitted", "blocked", "approved", "rejected", "voided", "held", "dispatched", "failed")
OUTBOX_STATUSES = ("approved", "held", "failed")
EDITABLE = ("submitted", "blocked", "approved", "rejected", "held", "failed")
MAX_REPLY_CHARS = 20_000
ESCALATED = "ESCALATED"
#: SMTP: attempts per dispatch and the first back-off (seconds); tests shorten it.
SMTP_ATTEMPTS = 3
SMTP_BACKOFF = 1.0


# ---------------------------------------------------------------- views

def draft_dict(d: Draft, template: Template | None = None) -> dict[str, Any]:
    t = template if template is not None else d.template
    return {
        "id": d.id, "ticket_id": d.ticket_id, "kind": d.kind, "author": d.author,
        "template_key": t.key if t else None, "template_version": t.version if t else None,
        "template_sha256": d.template_sha256, "language": d.language,
        "variables": json.loads(d.variables or "{}"), "subject": d.subject, "body": d.body,
        "body_sha256": d.body_sha256, "status": d.status, "lint": json.loads(d.lint or "[]"),
        "approver": d.approver, "approved_at": clock.iso(d.approved_at), "reason": d.reason,
        "submitted_at": clock.iso(d.submitted_at), "updated_at": clock.iso(d.updated_at),
        "attempts": d.attempts, "dispatched_at": clock.iso(d.dispatched_at),
        "dispatched_by": d.dispatched_by, "dispatched_via": d.dispatched_via, "message_id": d.message_id,
    }


def _ticket_info(d: Draft) -> dict[str, Any]:
    t = d.ticket
    return {"ticket_subject": t.subject, "ticket_category": t.category, "ticket_channel": t.channel,
            "amazon_order_id": t.amazon_order_id, "to": t.buyer_address,
            "ticket_received_at": clock.iso(t.received_at)}


def _view(d: Draft) -> dict[str, Any]:
    """A draft with the ticket facts the desk and the outbox show beside it."""
    return {**draft_dict(d), **_ticket_info(d)}


def list_drafts(db: Database, *, status: str | None = None, statuses: tuple[str, ...] | None = None,
                ticket_id: int | None = None) -> list[dict[str, Any]]:
    """Drafts oldest first (the approval desk works them in submission order)."""
    query = select(Draft).order_by(Draft.submitted_at, Draft.id)
    wanted = statuses or ((status,) if status else None)
    if wanted:
        for s in wanted:
            if s not in STATUSES:
                raise BadInput(f"unknown draft status {s!r}: use one of {', '.join(STATUSES)}")
        query = query.where(Draft.status.in_(wanted))
    if ticket_id is not None:
        query = query.where(Draft.ticket_id == ticket_id)
    with UnitOfWork(db, write=False) as uow:
        return [_view(d) for d in uow.session.scalars(query)]


def outbox(db: Database) -> list[dict[str, Any]]:
    """Approved drafts awaiting dispatch, failed sends (retryable) and drafts held by the
    suspension (with the reason), held ones in the order they will be released."""
    with UnitOfWork(db, write=False) as uow:
        rows = list(uow.session.scalars(
            select(Draft).join(Ticket, Ticket.id == Draft.ticket_id)
            .where(Draft.status.in_(OUTBOX_STATUSES))
            .order_by((Draft.status == "held"), Ticket.received_at, Draft.id)))
        return [_view(d) for d in rows]


def get_draft(db: Database, draft_id: int) -> dict[str, Any]:
    with UnitOfWork(db, write=False) as uow:
        d = _get(uow.session, draft_id)
        return _view(d)


def _get(session: Session, draft_id: int) -> Draft:
    d = session.get(Draft, draft_id)
    if d is None:
        raise NotFound(f"no draft {draft_id}")
    return d


def _ticket(session: Session, ticket_id: int) -> Ticket:
    t = session.get(Ticket, ticket_id)
    if t is None:
        raise NotFound(f"no ticket {ticket_id}")
    return t


def _tags(session: Session, ticket_id: int) -> set[str]:
    return set(session.scalars(select(TicketTag.tag).where(TicketTag.ticket_id == ticket_id)))


# ---------------------------------------------------------------- rendering

def _pick_template(session: Session, ticket: Ticket, spec: str, language: str | None) -> Template:
    from warroom.services.templates import parse_key
    from warroom.templates import TEMPLATE_CATEGORIES

    key, version = parse_key(spec)
    lang = (language or ticket.language or "en").strip()
    query = select(Template).where(Template.key == key, Template.language == lang)
    rows = list(session.scalars(query.order_by(Template.version.desc())))
    if not rows:
        known = sorted(set(session.scalars(select(Template.language).where(Template.key == key))))
        if not known:
            raise NotFound(f"no template {key!r}")
        raise BusinessRuleError(f"template {key!r} has no version in language {lang!r} "
                                f"(it has: {', '.join(known)}); pass --language to choose one")
    if version is not None:
        rows = [t for t in rows if t.version == version]
        if not rows:
            raise NotFound(f"no template {key}@{version} in language {lang!r}")
        chosen = rows[0]
    else:
        approved = [t for t in rows if t.status == "approved"]
        chosen = approved[0] if approved else rows[0]
    if chosen.status != "approved":
        raise BusinessRuleError(f"template {chosen.key}@{chosen.version} ({chosen.language}) is {chosen.status}, "
                                "not approved: only approved templates can be used")
    answers = TEMPLATE_CATEGORIES.get(chosen.category, ())
    if ticket.category not in answers:
        raise BusinessRuleError(f"template {chosen.key} ({chosen.category}) answers {', '.join(answers)} "
                                f"tickets; ticket {ticket.id} is {ticket.category}")
    return chosen


def _context(session: Session, ticket: Ticket, variables: Mapping[str, str]) -> dict[str, Any]:
    from warroom.services.orders import order_dict
    from warroom.services.settings import read_setting
    from warroom.templates import build_context

    tdict = {"amazon_order_id": ticket.amazon_order_id, "buyer_name": ticket.buyer_name,
             "marketplace": ticket.marketplace}
    order = order_dict(ticket.order) if ticket.order is not None else None
    return build_context(tdict, order, str(read_setting(session, "seller.name") or ""), dict(variables))


def _render(session: Session, ticket: Ticket, template: Template, variables: Mapping[str, str]) -> str:
    from warroom.templates import MissingVariableError, render

    try:
        return render(template.body, _context(session, ticket, variables)).strip()
    except MissingVariableError as exc:
        raise BadInput(f"template {template.key}@{template.version} needs variable {exc.name!r}: "
                       f"supply it with --var {exc.name}=VALUE") from None


def _clean_text(text: str) -> str:
    if not isinstance(text, str):
        raise BadInput("the reply text must be text")
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise BadInput("the reply text is empty")
    if "\x00" in text:
        raise BadInput("the reply text contains a NUL character")
    if len(text) > MAX_REPLY_CHARS:
        raise BadInput(f"the reply text is longer than {MAX_REPLY_CHARS} characters")
    return text


def parse_vars(pairs: list[str] | None) -> dict[str, str]:
    """``["name=value", ...]`` from ``--var``."""
    out: dict[str, str] = {}
    for p in pairs or []:
        name, sep, value = p.partition("=")
        if not sep or not name.strip():
            raise BadInput(f"--var {p!r}: use NAME=VALUE")
        out[name.strip()] = value
    return out


def _lint(session: Session, body: str) -> list[dict[str, Any]]:
    return [f.to_dict() for f in lint_with_session(session, body).findings]


def _can_senior(user: Any) -> bool:
    return Actor(user.id, user.name, Role(user.role)).can(Permission.SENIOR_REPLY)


def _free_text_kind(session: Session, user_role_can_senior: bool, ticket: Ticket, escalated: bool) -> str:
    if escalated:
        if not user_role_can_senior:
            raise PermissionDenied(f"ticket {ticket.id} is ESCALATED: only a senior reply answers it, "
                                   "written by a compliance or admin user")
        return "senior"
    if current_suspension(session) is not None:
        raise BusinessRuleError("a suspension is declared: replies come only from approved templates "
                                "(draft TICKET --template KEY); free text only as a senior reply on an "
                                "ESCALATED ticket")
    return "text"


def preview_draft(db: Database, ticket_id: int, *, template: str, language: str | None = None,
                  variables: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Render a template for a ticket and lint it, writing nothing (the composer's live
    preview).  ``missing``: the variable the render still needs, if any."""
    with UnitOfWork(db, write=False) as uow:
        ticket = _ticket(uow.session, ticket_id)
        if ESCALATED in _tags(uow.session, ticket_id):
            raise BusinessRuleError(f"ticket {ticket_id} is ESCALATED: no templated reply (senior reply only)")
        t = _pick_template(uow.session, ticket, template, language)
        from warroom.templates import MissingVariableError, render

        try:
            body = render(t.body, _context(uow.session, ticket, variables or {})).strip()
        except MissingVariableError as exc:
            return {"template_key": t.key, "template_version": t.version, "language": t.language,
                    "body": "", "lint": [], "missing": exc.name}
        from warroom.mail import reply_subject

        return {"template_key": t.key, "template_version": t.version, "language": t.language,
                "subject": reply_subject(ticket.subject), "body": body, "lint": _lint(uow.session, body),
                "missing": None}


def lint_reply(db: Database, text: str) -> list[dict[str, Any]]:
    """The lint result of a free-text reply as it is typed (no write)."""
    with UnitOfWork(db, write=False) as uow:
        return _lint(uow.session, text)


# ---------------------------------------------------------------- actions

def create_draft(db: Database, actor: Actor, ticket_id: int, *, template: str | None = None,
                 language: str | None = None, variables: Mapping[str, str] | None = None,
                 text: str | None = None) -> dict[str, Any]:
    """Render (or take the free text), lint and submit for approval: one action, one entry.

    A text with lint findings is saved as ``blocked`` (the caller reports it, exit 3)."""
    if (template is None) == (text is None):
        raise BadInput("give either a template (--template KEY) or a text (--text TEXT)")
    from warroom.mail import reply_subject

    with UnitOfWork(db) as uow:
        user = current_actor(uow, actor, Permission.DRAFT)
        ticket = _ticket(uow.session, ticket_id)
        if ticket.status == "closed":
            raise BusinessRuleError(f"ticket {ticket_id} is closed")
        escalated = ESCALATED in _tags(uow.session, ticket_id)
        tpl: Template | None = None
        if template is not None:
            if escalated:
                raise BusinessRuleError(
                    f"ticket {ticket_id} is ESCALATED: the escalation process stops templated replies; "
                    "a compliance or admin user writes a senior reply (draft TICKET --text TEXT)")
            tpl = _pick_template(uow.session, ticket, template, language)
            body = _render(uow.session, ticket, tpl, variables or {})
            kind = "template"
        else:
            if variables:
                raise BadInput("--var applies to templated drafts only")
            body = _clean_text(text or "")
            kind = _free_text_kind(uow.session, _can_senior(user), ticket, escalated)
        findings = _lint(uow.session, body)
        now = clock.now()
        d = Draft(ticket_id=ticket.id, kind=kind, author=user.name, template_id=tpl.id if tpl else None,
                  template_sha256=tpl.sha256 if tpl else None,
                  language=tpl.language if tpl else (language or ticket.language),
                  variables=json.dumps(dict(variables or {}), ensure_ascii=False, sort_keys=True),
                  subject=reply_subject(ticket.subject), body=body, body_sha256=text_hash(body),
                  lint=json.dumps(findings, ensure_ascii=False), status="blocked" if findings else "submitted",
                  submitted_at=now, updated_at=now, attempts=0)
        uow.session.add(d)
        uow.session.flush()
        uow.audit(user.name, "draft.submit", f"draft:{d.id}", {
            "draft_id": d.id, "ticket_id": ticket.id, "kind": kind, "status": d.status,
            "template": f"{tpl.key}@{tpl.version}/{tpl.language}" if tpl else None,
            "template_sha256": d.template_sha256, "body_sha256": d.body_sha256, "body": body,
            "variables": dict(variables or {}), "lint": sorted({f["rule"] for f in findings})})
        uow.commit()
        return draft_dict(d, tpl)


def edit_draft(db: Database, actor: Actor, draft_id: int, *, variables: Mapping[str, str] | None = None,
               text: str | None = None) -> dict[str, Any]:
    """Change a draft (its author only): re-render with new ``--var`` values or replace the
    free text.  Re-linted and back to ``submitted``/``blocked``; any approval is void."""
    if variables is None and text is None:
        raise BadInput("nothing to change: give --var NAME=VALUE or --text TEXT")
    with UnitOfWork(db) as uow:
        user = current_actor(uow, actor, Permission.DRAFT)
        d = _get(uow.session, draft_id)
        if d.author != user.name:
            raise BusinessRuleError(f"draft {draft_id} was written by {d.author}; only its author edits it "
                                    "(write a new draft instead)")
        if d.status not in EDITABLE:
            raise BusinessRuleError(f"draft {draft_id} is {d.status} and can no longer be edited")
        ticket = d.ticket
        escalated = ESCALATED in _tags(uow.session, ticket.id)
        merged = json.loads(d.variables or "{}")
        if d.kind == "template":
            if text is not None:
                raise BusinessRuleError(f"draft {draft_id} is rendered from a template: change its variables "
                                        "(--var), or write a new draft")
            if escalated:
                raise BusinessRuleError(f"ticket {ticket.id} is ESCALATED: no templated reply (senior reply only)")
            tpl = d.template
            assert tpl is not None
            if tpl.status != "approved":
                raise BusinessRuleError(f"template {tpl.key}@{tpl.version} is {tpl.status} now: write a new draft")
            merged.update(variables or {})
            body = _render(uow.session, ticket, tpl, merged)
        else:
            if variables:
                raise BadInput("--var applies to templated drafts only")
            body = _clean_text(text or "")
            kind = _free_text_kind(uow.session, _can_senior(user), ticket, escalated)
            if kind != d.kind:
                raise BusinessRuleError(f"draft {draft_id} is a {d.kind} reply but ticket {ticket.id} now "
                                        f"needs a {kind} reply: write a new draft")
        if body == d.body and merged == json.loads(d.variables or "{}"):
            raise BusinessRuleError(f"draft {draft_id}: nothing changed")
        findings = _lint(uow.session, body)
        previous = {"status": d.status, "body_sha256": d.body_sha256, "approver": d.approver}
        voided = d.approver is not None
        d.body, d.body_sha256 = body, text_hash(body)
        d.variables = json.dumps(merged, ensure_ascii=False, sort_keys=True)
        d.lint = json.dumps(findings, ensure_ascii=False)
        d.status = "blocked" if findings else "submitted"
        d.approver = d.approved_at = d.approved_template_sha256 = d.approved_body_sha256 = None
        d.reason = None
        d.updated_at = clock.now()
        uow.audit(user.name, "draft.edit", f"draft:{d.id}", {
            "draft_id": d.id, "ticket_id": ticket.id, "previous": previous, "approval_voided": voided,
            "status": d.status, "body_sha256": d.body_sha256, "body": body, "variables": merged,
            "lint": sorted({f["rule"] for f in findings})})
        uow.commit()
        return draft_dict(d)


def _may_leave_now(session: Session, d: Draft) -> tuple[bool, str | None]:
    """Whether a draft may be dispatched now, and if not the hold reason."""
    s = current_suspension(session)
    if s is None or d.kind == "senior" or d.ticket.category in DISPATCHABLE_DURING_SUSPENSION:
        return True, None
    return False, (f"held: a suspension is declared (since {clock.iso(s.declared_at)}); "
                   f"{d.ticket.category} replies wait until it is lifted")


def approve_draft(db: Database, actor: Actor, draft_id: int, password: str) -> dict[str, Any]:
    """Approve a submitted draft (compliance; never its author).  The approver confirms their
    password now.  The approval binds the template version's hash and the text's hash."""
    authenticate(db, actor.name, password)   # the confirmation (outside the write lock)
    with UnitOfWork(db) as uow:
        user = current_actor(uow, actor, Permission.APPROVE)
        d = _get(uow.session, draft_id)
        if d.author == user.name:
            raise BusinessRuleError(f"draft {draft_id} was written by {user.name}: nobody approves their own draft")
        if d.status == "blocked":
            raise BusinessRuleError(f"draft {draft_id} has lint findings and cannot be approved "
                                    f"({', '.join(sorted({f['rule'] for f in json.loads(d.lint)}))}); edit it first")
        if d.status != "submitted":
            raise BusinessRuleError(f"draft {draft_id} is {d.status}, not submitted")
        if text_hash(d.body) != d.body_sha256:
            raise BusinessRuleError(f"draft {draft_id}: the stored text does not match its hash; refused")
        findings = _lint(uow.session, d.body)
        if findings:
            rules = ", ".join(sorted({f["rule"] for f in findings}))
            raise BusinessRuleError(f"draft {draft_id} has lint findings under the current rules ({rules}) "
                                    "and cannot be approved")
        ticket = d.ticket
        if d.kind == "template":
            tpl = d.template
            assert tpl is not None
            if tpl.status != "approved" or tpl.sha256 != d.template_sha256:
                raise BusinessRuleError(f"template {tpl.key}@{tpl.version} is {tpl.status} now; the draft "
                                        "cannot be approved (write a new draft)")
            if ESCALATED in _tags(uow.session, ticket.id):
                return _void_escalated(uow, user.name, d)
        now = clock.now()
        ok, hold_reason = _may_leave_now(uow.session, d)
        d.status = "approved" if ok else "held"
        d.reason = hold_reason
        d.approver, d.approved_at = user.name, now
        d.approved_template_sha256, d.approved_body_sha256 = d.template_sha256, d.body_sha256
        d.updated_at = now
        uow.audit(user.name, "draft.approve", f"draft:{d.id}", {
            "draft_id": d.id, "ticket_id": ticket.id, "author": d.author, "kind": d.kind,
            "template_sha256": d.template_sha256, "body_sha256": d.body_sha256,
            "password_confirmed": True, "status": d.status, "hold_reason": hold_reason})
        uow.commit()
        return draft_dict(d)


def _void_escalated(uow: UnitOfWork, actor: str, d: Draft) -> dict[str, Any]:
    reason = (f"ticket {d.ticket_id} became ESCALATED: the escalation process stops templated replies; "
              "a senior reply answers it")
    d.status, d.reason, d.updated_at = "voided", reason, clock.now()
    d.approver = d.approved_at = d.approved_template_sha256 = d.approved_body_sha256 = None
    uow.audit(actor, "draft.void", f"draft:{d.id}", {"draft_id": d.id, "ticket_id": d.ticket_id, "reason": reason})
    uow.commit()
    raise BusinessRuleError(f"draft {d.id} voided: {reason}")


def reject_draft(db: Database, actor: Actor, draft_id: int, reason: str) -> dict[str, Any]:
    reason = (reason or "").strip()
    if not reason:
        raise BadInput("a reason is required (--reason TEXT)")
    with UnitOfWork(db) as uow:
        user = current_actor(uow, actor, Permission.APPROVE)
        d = _get(uow.session, draft_id)
        if d.author == user.name:
            raise BusinessRuleError(f"draft {draft_id} was written by {user.name}: the decision is another "
                                    "compliance user's")
        if d.status not in ("submitted", "blocked", "approved", "held", "failed"):
            raise BusinessRuleError(f"draft {draft_id} is {d.status} and cannot be rejected")
        previous = d.status
        d.status, d.reason, d.updated_at = "rejected", reason, clock.now()
        d.approver, d.approved_at = user.name, d.updated_at
        d.approved_template_sha256 = d.approved_body_sha256 = None
        uow.audit(user.name, "draft.reject", f"draft:{d.id}", {
            "draft_id": d.id, "ticket_id": d.ticket_id, "previous_status": previous, "reason": reason,
            "body_sha256": d.body_sha256})
        uow.commit()
        return draft_dict(d)


# ---------------------------------------------------------------- holds (called by suspension)

def hold_for_suspension(session: Session, suspension_declared_at: datetime) -> list[int]:
    """Inside the declare unit of work: approved (and failed) drafts whose category must wait
    become ``held``.  Returns their ids (the declare entry lists them)."""
    rows = list(session.scalars(select(Draft).join(Ticket, Ticket.id == Draft.ticket_id).where(
        Draft.status.in_(("approved", "failed")), Draft.kind != "senior",
        Ticket.category.not_in(DISPATCHABLE_DURING_SUSPENSION)).order_by(Ticket.received_at, Draft.id)))
    now = clock.now()
    for d in rows:
        d.status = "held"
        d.reason = (f"held: a suspension is declared (since {clock.iso(suspension_declared_at)}); "
                    f"{d.ticket.category} replies wait until it is lifted")
        d.updated_at = now
    return [d.id for d in rows]


def release_held(session: Session) -> list[int]:
    """Inside the lift unit of work: held drafts become ``approved`` again, in the order their
    tickets were received (the order they should go out).  Returns their ids in that order."""
    rows = list(session.scalars(select(Draft).join(Ticket, Ticket.id == Draft.ticket_id)
                                .where(Draft.status == "held").order_by(Ticket.received_at, Draft.id)))
    now = clock.now()
    for d in rows:
        d.status, d.reason, d.updated_at = "approved", None, now
    return [d.id for d in rows]


# ---------------------------------------------------------------- dispatch

def _check_dispatchable(uow: UnitOfWork, d: Draft) -> None:
    if d.status == "held":
        raise BusinessRuleError(f"draft {d.id} is {d.reason or 'held by the suspension'}")
    if d.status in ("submitted", "blocked"):
        raise BusinessRuleError(f"draft {d.id} is not approved ({d.status}): it cannot be dispatched")
    if d.status == "dispatched":
        raise BusinessRuleError(f"draft {d.id} was already dispatched at {clock.iso(d.dispatched_at)}")
    if d.status not in ("approved", "failed"):
        raise BusinessRuleError(f"draft {d.id} is {d.status}: it cannot be dispatched")
    if (d.approver is None or d.approved_body_sha256 != d.body_sha256
            or text_hash(d.body) != d.approved_body_sha256
            or d.approved_template_sha256 != d.template_sha256):
        raise BusinessRuleError(f"draft {d.id}: the text changed after it was approved; it needs a new approval")
    if d.kind == "template":
        tpl = d.template
        if tpl is None or tpl.sha256 != d.approved_template_sha256:
            raise BusinessRuleError(f"draft {d.id}: its template version changed after approval; refused")
        if ESCALATED in _tags(uow.session, d.ticket_id):
            _void_escalated(uow, "system", d)
    ok, reason = _may_leave_now(uow.session, d)
    if not ok:
        d.status, d.reason, d.updated_at = "held", reason, clock.now()
        uow.audit("system", "draft.hold", f"draft:{d.id}", {"draft_id": d.id, "ticket_id": d.ticket_id,
                                                            "reason": reason})
        uow.commit()
        raise BusinessRuleError(f"draft {d.id} is {reason}")


def _record_sent(uow: UnitOfWork, actor: str, d: Draft, *, via: str, at: datetime, from_addr: str,
                 source_ref: str, extra: dict[str, Any]) -> None:
    from warroom.services.tickets import add_outbound_message

    msg = add_outbound_message(uow, d.ticket_id, from_addr=from_addr, to_addr=d.ticket.buyer_address,
                               subject=d.subject, body=d.body, at=at, source_ref=source_ref)
    d.status, d.reason = "dispatched", None
    d.dispatched_at, d.dispatched_by, d.dispatched_via, d.message_id = at, actor, via, msg.id
    d.updated_at = clock.now()
    uow.audit(actor, "draft.dispatch", f"draft:{d.id}", {
        "draft_id": d.id, "ticket_id": d.ticket_id, "via": via, "sent_at": clock.iso(at),
        "body_sha256": d.body_sha256, "approver": d.approver, "message_id": msg.id, **extra})


def dispatch_manual(db: Database, actor: Actor, draft_id: int, *, sent_at: str | datetime | None = None) -> dict[str, Any]:
    """Record that the approved text was copied and sent by hand (Seller Central, a mail
    client) at ``sent_at`` (default: now).  The reply joins the conversation and stops the clock."""
    at = past_time(sent_at, field="sent_at")
    with UnitOfWork(db) as uow:
        user = current_actor(uow, actor, Permission.DISPATCH)
        d = _get(uow.session, draft_id)
        _check_dispatchable(uow, d)
        if d.approved_at is not None and at < d.approved_at - timedelta(minutes=5):
            raise BadInput(f"--sent-at {clock.iso(at)} is before the approval ({clock.iso(d.approved_at)})")
        _record_sent(uow, user.name, d, via="manual", at=at, from_addr="seller",
                     source_ref=f"draft:{d.id}:manual", extra={})
        uow.commit()
        return draft_dict(d)


def _mail_settings(session: Session) -> Any:
    from warroom.mail import MailSettings
    from warroom.services.settings import read_setting

    host = str(read_setting(session, "smtp.host") or "").strip()
    if not host:
        raise BusinessRuleError("no mail server is configured: settings set smtp.host HOST (and smtp.from, "
                                "smtp.port, smtp.security, smtp.username, smtp.password)")
    sender = str(read_setting(session, "smtp.from") or "").strip()
    if not sender:
        raise BusinessRuleError("no sender address is configured: settings set smtp.from ADDRESS")
    return MailSettings(host=host, port=int(read_setting(session, "smtp.port")),
                        security=str(read_setting(session, "smtp.security")),
                        username=str(read_setting(session, "smtp.username") or ""),
                        password=str(read_setting(session, "smtp.password") or ""), from_addr=sender)


class DispatchFailed(BusinessRuleError):
    def __init__(self, message: str, draft: dict[str, Any]) -> None:
        super().__init__(message)
        self.draft = draft


def mail_configured(db: Database) -> bool:
    from warroom.services.settings import read_setting

    with UnitOfWork(db, write=False) as uow:
        return bool(str(read_setting(uow.session, "smtp.host") or "").strip())


def dispatch_smtp(db: Database, actor: Actor, draft_id: int, *,
                  send: Callable[..., Any] | None = None) -> dict[str, Any]:
    """Send the approved text by e-mail to the buyer's relay address.  The mail server is
    contacted outside any transaction; the outcome is recorded after: a sent reply joins
    the conversation; a failure stays approved-but-unsent (``failed``, retryable) with its
    error, and the attempt is an audit entry of its own (evidence the team tried)."""
    from warroom import mail

    with UnitOfWork(db) as uow:            # check (and maybe record a hold) first
        current_actor(uow, actor, Permission.DISPATCH)
        d = _get(uow.session, draft_id)
        _check_dispatchable(uow, d)
        settings = _mail_settings(uow.session)
        to = d.ticket.buyer_address
        if not to:
            raise BusinessRuleError(f"ticket {d.ticket_id} has no buyer address to mail; dispatch it --via manual")
        parent = uow.session.scalar(select(Message.source_ref).where(
            Message.ticket_id == d.ticket_id, Message.direction == "inbound")
            .order_by(Message.at.desc(), Message.id.desc()).limit(1))
        in_reply_to = parent or None     # build_reply keeps it only when it is a <left@right> id
        body, subject, body_sha = d.body, d.subject, d.body_sha256
    message = mail.build_reply(settings=settings, to_addr=to, subject=subject, body=body, in_reply_to=in_reply_to)
    result = (send or mail.send)(message, settings, attempts=SMTP_ATTEMPTS, backoff=SMTP_BACKOFF)
    with UnitOfWork(db) as uow:
        user = current_actor(uow, actor)
        d = _get(uow.session, draft_id)
        if result.ok:
            if d.body_sha256 != body_sha:  # edited while the mail server was talking: record what went out
                raise BusinessRuleError(f"draft {draft_id} changed while it was being sent; the sent text "
                                        f"(sha256 {body_sha}) is in the mail server's log")
            d.attempts += result.attempts
            _record_sent(uow, user.name, d, via="smtp", at=result.sent_at, from_addr=settings.from_addr,
                         source_ref=result.message_id,
                         extra={"to": to, "smtp_message_id": result.message_id, "attempts": result.attempts})
            uow.commit()
            return draft_dict(d)
        d.attempts += result.attempts
        d.status, d.reason, d.updated_at = "failed", f"sending failed: {result.error}", clock.now()
        uow.audit(user.name, "dispatch-failed", f"draft:{d.id}", {
            "draft_id": d.id, "ticket_id": d.ticket_id, "via": "smtp", "to": to, "error": result.error,
            "attempts": result.attempts, "body_sha256": d.body_sha256})
        uow.commit()
        out = draft_dict(d)
    raise DispatchFailed(f"draft {draft_id}: sending failed after {result.attempts} attempt(s): {result.error} "
                         "(recorded; the draft stays approved and can be dispatched again)", out)



def dispatch_draft(db: Database, actor: Actor, draft_id: int, *, via: str,
                   sent_at: str | datetime | None = None) -> dict[str, Any]:
    if via == "manual":
        return dispatch_manual(db, actor, draft_id, sent_at=sent_at)
    if via == "smtp":
        if sent_at is not None:
            raise BadInput("--sent-at applies to --via manual only")
        return dispatch_smtp(db, actor, draft_id)
    raise BadInput(f"unknown dispatch way {via!r}: use manual or smtp")
