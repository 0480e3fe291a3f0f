"""The compliance gate: drafts, four-eyes approval bound to the text, holds during a suspension.

No message leaves unless it passed the lint and was approved by a second person, and during a
suspension, unless it was rendered from a template the compliance manager approved (or, on an
ESCALATED ticket, written by a senior and approved by another).  The states and what may
happen next are in :mod:`warroom.domain.drafts`; sending is in :mod:`warroom.services.dispatch`.

Rendering and linting never run inside a write transaction: a reply is prepared with the
database open for reading only (a template render is also limited in time and size, see
:mod:`warroom.templates.engine`), then a short write transaction checks that nothing it was
prepared from changed and saves it with its audit entry.

Every action is one unit of work with one audit entry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom import clock
from warroom.domain.drafts import (
    DISPATCHABLE_DURING_SUSPENSION, EDITABLE, OUTBOX, REJECTABLE, STATUSES, WAITING, DraftKind, DraftStatus, NoReply,
    ReplyOptions, released_status, reply_options, send_state, suspension_hold_reason,
)
from warroom.domain.roles import Actor, Permission, Role
from warroom.errors import BadInput, BusinessRuleError, DraftWaiting, NotFound, PermissionDenied
from warroom.services.lint import lint_with_session
from warroom.services.suspension import current_suspension
from warroom.services.users import authenticate, current_actor
from warroom.storage.engine import Database
from warroom.storage.models import Draft, Message, Template, Ticket, TicketTag, User
from warroom.storage.uow import UnitOfWork
from warroom.services.decisions import decide, decided_text
from warroom.templates import text_hash

__all__ = [
    "DISPATCHABLE_DURING_SUSPENSION", "EDITABLE", "OUTBOX_STATUSES", "STATUSES", "MAX_REPLY_CHARS",
    "ARMING_COOLDOWN", "draft_dict", "list_drafts", "outbox", "get_draft", "preview_draft", "lint_reply",
    "create_draft", "edit_draft", "approve_draft", "reject_draft", "hold_for_suspension", "release_held",
    "parse_vars", "WAITING", "WaitingDraft", "waiting_draft", "SentDraft", "SentList", "sent_drafts",
]

OUTBOX_STATUSES = OUTBOX
MAX_REPLY_CHARS = 20_000
ESCALATED = "ESCALATED"
#: A compliance user whose role was granted, or whose password was set, by a draft's author
#: less than this long ago cannot approve that author's drafts (one person holding both keys).
ARMING_COOLDOWN = timedelta(hours=24)


# ---------------------------------------------------------------- views

def draft_dict(d: Draft, template: Template | None = None) -> dict[str, Any]:
    t = template if template is not None else d.template
    sending = (send_state(d.send_started_at, d.send_started_by, clock.now())
               if d.status == DraftStatus.SENDING else None)
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
        "reply_to_id": d.reply_to_id, "send_started_at": clock.iso(d.send_started_at),
        "send_started_by": d.send_started_by, "mail_message_id": d.mail_message_id,
        "send_state": sending.describe() if sending else None,
        "may_have_been_sent": bool(sending and sending.may_have_been_sent),
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
    """Approved drafts awaiting dispatch, sends in flight or of unknown outcome, failed sends
    (retryable) and drafts held by the suspension (with the reason), held ones last in the
    order they will be released."""
    with UnitOfWork(db, write=False) as uow:
        rows = list(uow.session.scalars(
            select(Draft).join(Ticket, Ticket.id == Draft.ticket_id)
            .where(Draft.status.in_(OUTBOX))
            .order_by((Draft.status == DraftStatus.HELD), Ticket.received_at, Draft.id)))
        return [_view(d) for d in rows]


@dataclass(frozen=True, slots=True)
class WaitingDraft:
    """The draft waiting on a ticket (submitted, approved, held or being sent)."""

    id: int
    ticket_id: int
    status: str
    author: str
    kind: str
    subject: str
    body: str
    reason: str | None
    submitted_at: datetime | None
    approver: str | None


def _waiting(session: Session, ticket_id: int) -> Draft | None:
    """The draft waiting on the ticket that keeps it from taking another.  A templated draft on a
    ticket that became ESCALATED does not count: it can never be approved or leave (it is voided),
    and the senior reply replaces it."""
    escalated = is_escalated(session, ticket_id)
    for d in session.scalars(select(Draft).where(Draft.ticket_id == ticket_id, Draft.status.in_(WAITING))
                             .order_by(Draft.id.desc())):
        if not (escalated and d.kind == DraftKind.TEMPLATE):
            return d
    return None


def waiting_draft(db: Database, ticket_id: int) -> WaitingDraft | None:
    """The draft waiting on ``ticket_id``, or None: while one waits the ticket takes no other."""
    with UnitOfWork(db, write=False) as uow:
        d = _waiting(uow.session, ticket_id)
        if d is None:
            return None
        return WaitingDraft(d.id, d.ticket_id, d.status, d.author, d.kind, d.subject, d.body, d.reason,
                            d.submitted_at, d.approver)


def _refuse_if_waiting(session: Session, ticket_id: int) -> None:
    """One draft at a time per ticket (:data:`WAITING`)."""
    d = _waiting(session, ticket_id)
    if d is not None:
        raise DraftWaiting(ticket_id, d.id, d.status)


@dataclass(frozen=True, slots=True)
class SentDraft:
    """A reply that left: when, how and by whom."""

    id: int
    ticket_id: int
    subject: str
    to: str | None
    author: str
    approver: str | None
    dispatched_at: datetime | None
    dispatched_by: str | None
    dispatched_via: str | None


@dataclass(frozen=True, slots=True)
class SentList:
    """Sent drafts, newest first (at most ``limit``), and how many were sent in all."""

    drafts: tuple[SentDraft, ...]
    total: int


def sent_drafts(db: Database, *, limit: int = 200) -> SentList:
    """The outbox's "Sent" list: dispatched drafts, newest first."""
    from sqlalchemy import func

    if limit < 0:
        raise BadInput("the limit must be zero or more", field="limit")
    with UnitOfWork(db, write=False) as uow:
        s = uow.session
        total = s.scalar(select(func.count()).select_from(Draft).where(Draft.status == DraftStatus.DISPATCHED)) or 0
        rows = s.scalars(select(Draft).where(Draft.status == DraftStatus.DISPATCHED)
                         .order_by(Draft.dispatched_at.desc(), Draft.id.desc()).limit(limit))
        return SentList(tuple(SentDraft(d.id, d.ticket_id, d.subject, d.ticket.buyer_address, d.author, d.approver,
                                        d.dispatched_at, d.dispatched_by, d.dispatched_via) for d in rows),
                        int(total))


def get_draft(db: Database, draft_id: int) -> dict[str, Any]:
    with UnitOfWork(db, write=False) as uow:
        return _view(get(uow.session, draft_id))


def get(session: Session, draft_id: int, *, for_update: bool = False) -> Draft:
    """The draft (locked for the transaction when ``for_update``; PostgreSQL honours it)."""
    d = session.get(Draft, draft_id, with_for_update=True if for_update else None)
    if d is None:
        raise NotFound(f"no draft {draft_id}")
    return d


def _ticket(session: Session, ticket_id: int) -> Ticket:
    t = session.get(Ticket, ticket_id)
    if t is None:
        raise NotFound(f"no ticket {ticket_id}")
    return t


def is_escalated(session: Session, ticket_id: int) -> bool:
    return session.scalar(select(TicketTag.tag).where(TicketTag.ticket_id == ticket_id,
                                                      TicketTag.tag == ESCALATED)) is not None


def hold_reason_now(session: Session, d: Draft) -> str | None:
    """Why ``d`` may not be approved or leave now (a suspension is in force), or None."""
    s = current_suspension(session)
    if s is None:
        return None
    why = suspension_hold_reason(d.kind, d.ticket.category, is_escalated(session, d.ticket_id))
    if why is None:
        return None
    return f"a suspension is declared (since {clock.iso(s.declared_at)}); {why}"


def _newest_inbound(session: Session, ticket_id: int) -> int | None:
    """The buyer message a reply written now answers: the ticket's newest inbound message."""
    return session.scalar(select(Message.id).where(Message.ticket_id == ticket_id, Message.direction == "inbound")
                          .order_by(Message.at.desc(), Message.id.desc()).limit(1))


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


def reply_context(session: Session, ticket: Ticket, variables: Mapping[str, str]) -> dict[str, Any]:
    """The variables a template is rendered with for this ticket (its cached order, the seller's
    name, ``variables`` for the extra ones): what a draft gets, for previews."""
    return _context(session, ticket, variables)


def _render(session: Session, ticket: Ticket, template: Template, variables: Mapping[str, str]) -> str:
    """Render (limited in time and output by the engine).  Call with a read-only session."""
    from warroom.templates import MissingVariableError, render

    try:
        return render(template.body, _context(session, ticket, variables)).strip()
    except MissingVariableError as exc:
        raise BadInput(f"template {template.key}@{template.version} needs variable {exc.name!r}: "
                       f"supply it with --var {exc.name}=VALUE", field=exc.name) from None


def _clean_text(text: str) -> str:
    if not isinstance(text, str):
        raise BadInput("the reply text must be text", field="text")
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise BadInput("the reply text is empty", field="text")
    if "\x00" in text:
        raise BadInput("the reply text contains a NUL character", field="text")
    if len(text) > MAX_REPLY_CHARS:
        raise BadInput(f"the reply text is longer than {MAX_REPLY_CHARS} characters", field="text")
    return text


def parse_vars(pairs: list[str] | None) -> dict[str, str]:
    """``["name=value", ...]`` from ``--var``."""
    out: dict[str, str] = {}
    for p in pairs or []:
        name, sep, value = p.partition("=")
        if not sep or not name.strip():
            raise BadInput(f"--var {p!r}: use NAME=VALUE", field="var")
        out[name.strip()] = value
    return out


def _lint(session: Session, body: str) -> list[dict[str, Any]]:
    return [f.to_dict() for f in lint_with_session(session, body).findings]


def options_for(session: Session, user: User, ticket: Ticket) -> ReplyOptions:
    """:func:`warroom.domain.drafts.reply_options` for this user and ticket, now."""
    actor = Actor(user.id, user.name, Role(user.role))
    return reply_options(can_draft=actor.can(Permission.DRAFT), can_senior=actor.can(Permission.SENIOR_REPLY),
                         closed=ticket.status == "closed", escalated=is_escalated(session, ticket.id),
                         suspended=current_suspension(session) is not None)


def reply_options_for(db: Database, actor: Actor, ticket_id: int) -> ReplyOptions:
    """The replies ``actor`` may write on the ticket now (the composer asks this)."""
    with UnitOfWork(db, write=False) as uow:
        return options_for(uow.session, current_actor(uow, actor), _ticket(uow.session, ticket_id))


def _free_text_kind(session: Session, user: User, ticket: Ticket) -> str:
    options = options_for(session, user, ticket)
    if options.senior:
        return DraftKind.SENIOR
    if options.free_text:
        return DraftKind.TEXT
    if NoReply.ESCALATED in options.why_not:
        raise PermissionDenied(f"ticket {ticket.id} is ESCALATED: only a senior reply answers it, "
                               "written by a compliance or admin user")
    if NoReply.SUSPENDED in options.why_not:
        raise BusinessRuleError("a suspension is declared: replies come only from approved templates "
                                "(draft TICKET --template KEY); free text only as a senior reply on an "
                                "ESCALATED ticket")
    raise BusinessRuleError(f"ticket {ticket.id} takes no free-text reply")


def preview_draft(db: Database, ticket_id: int, *, template: str, language: str | None = None,
                  variables: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Render a template for a ticket and lint it, writing nothing (the composer's live
    preview).  ``missing``: the variable the render still needs, if any."""
    with UnitOfWork(db, write=False) as uow:
        ticket = _ticket(uow.session, ticket_id)
        if is_escalated(uow.session, ticket_id):
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


# ---------------------------------------------------------------- preparing a reply (read only)

@dataclass(frozen=True, slots=True)
class _Prepared:
    """A reply rendered and linted outside any write transaction, with what it was made from
    (checked again, under the write lock, before it is saved)."""

    body: str
    kind: str
    template_id: int | None
    template_sha256: str | None
    language: str | None
    findings: list[dict[str, Any]]
    ticket_category: str
    escalated: bool


def _prepare(session: Session, user: User, ticket: Ticket, *, template: str | None, language: str | None,
             variables: Mapping[str, str], text: str | None) -> _Prepared:
    escalated = is_escalated(session, ticket.id)
    if template is not None:
        if escalated:
            raise BusinessRuleError(
                f"ticket {ticket.id} is ESCALATED: the escalation process stops templated replies; "
                "a compliance or admin user writes a senior reply (draft TICKET --text TEXT)")
        tpl = _pick_template(session, ticket, template, language)
        body = _render(session, ticket, tpl, variables)
        return _Prepared(body, DraftKind.TEMPLATE, tpl.id, tpl.sha256, tpl.language, _lint(session, body),
                         ticket.category, escalated)
    if variables:
        raise BadInput("--var applies to templated drafts only", field="var")
    body = _clean_text(text or "")
    kind = _free_text_kind(session, user, ticket)
    return _Prepared(body, kind, None, None, language or ticket.language, _lint(session, body),
                     ticket.category, escalated)


def _still_valid(session: Session, user: User, ticket: Ticket, p: _Prepared) -> None:
    """Under the write lock: refuse if the ticket or template changed while the reply was prepared."""
    if ticket.status == "closed":
        raise BusinessRuleError(f"ticket {ticket.id} is closed")
    changed = None
    if is_escalated(session, ticket.id) != p.escalated:
        changed = "its ESCALATED tag"
    elif ticket.category != p.ticket_category:
        changed = "its category"
    elif p.template_id is not None:
        tpl = session.get(Template, p.template_id)
        if tpl is None or tpl.status != "approved" or tpl.sha256 != p.template_sha256:
            changed = "the template"
    elif p.kind != _free_text_kind(session, user, ticket):
        changed = "the suspension state"
    if changed:
        raise BusinessRuleError(f"ticket {ticket.id}: {changed} changed while the reply was being prepared; "
                                "nothing was saved, try again")


# ---------------------------------------------------------------- actions

def create_draft(db: Database, actor: Actor, ticket_id: int, *, template: str | None = None,
                 language: str | None = None, variables: Mapping[str, str] | None = None,
                 text: str | None = None) -> dict[str, Any]:
    """Render (or take the free text), lint and submit for approval: one action, one entry.

    Refused (:class:`DraftWaiting`) while the ticket has a draft waiting (:data:`WAITING`).
    A text with lint findings is saved as ``blocked`` (the caller reports it, exit 3)."""
    if (template is None) == (text is None):
        raise BadInput("give either a template (--template KEY) or a text (--text TEXT)", field="template")
    from warroom.mail import reply_subject

    with UnitOfWork(db, write=False) as look:              # render and lint: no write lock held
        user = current_actor(look, actor, Permission.DRAFT)
        ticket = _ticket(look.session, ticket_id)
        if ticket.status == "closed":
            raise BusinessRuleError(f"ticket {ticket_id} is closed")
        prepared = _prepare(look.session, user, ticket, template=template, language=language,
                            variables=variables or {}, text=text)
        _refuse_if_waiting(look.session, ticket_id)
    with UnitOfWork(db) as uow:
        user = current_actor(uow, actor, Permission.DRAFT)
        ticket = _ticket(uow.session, ticket_id)
        _still_valid(uow.session, user, ticket, prepared)
        _refuse_if_waiting(uow.session, ticket_id)          # under the write lock: a double click loses here
        tpl = uow.session.get(Template, prepared.template_id) if prepared.template_id else None
        body, findings = prepared.body, prepared.findings
        now = clock.now()
        d = Draft(ticket_id=ticket.id, kind=prepared.kind, author=user.name, template_id=prepared.template_id,
                  template_sha256=prepared.template_sha256, language=prepared.language,
                  reply_to_id=_newest_inbound(uow.session, ticket.id),
                  variables=json.dumps(dict(variables or {}), ensure_ascii=False, sort_keys=True),
                  subject=reply_subject(ticket.subject), body=body, body_sha256=text_hash(body),
                  lint=json.dumps(findings, ensure_ascii=False),
                  status=DraftStatus.BLOCKED if findings else DraftStatus.SUBMITTED,
                  submitted_at=now, updated_at=now, attempts=0)
        uow.session.add(d)
        uow.session.flush()
        uow.audit(user.name, "draft.submit", f"draft:{d.id}", {
            "draft_id": d.id, "ticket_id": ticket.id, "kind": d.kind, "status": d.status,
            "template": f"{tpl.key}@{tpl.version}/{tpl.language}" if tpl else None,
            "template_sha256": d.template_sha256, "body_sha256": d.body_sha256, "body": body,
            "reply_to_message": d.reply_to_id,
            "variables": dict(variables or {}), "lint": sorted({f["rule"] for f in findings})})
        uow.commit()
        return draft_dict(d, tpl)


def edit_draft(db: Database, actor: Actor, draft_id: int, *, variables: Mapping[str, str] | None = None,
               text: str | None = None) -> dict[str, Any]:
    """Change a draft (its author only) that is submitted, blocked or rejected: re-render with
    new ``--var`` values or replace the free text.  Re-linted and back to ``submitted`` or
    ``blocked``.  An approved, held, sending, failed or dispatched draft is bound to its
    approval (or may have reached the buyer): write a new draft instead."""
    if variables is None and text is None:
        raise BadInput("nothing to change: give --var NAME=VALUE or --text TEXT", field="text")
    with UnitOfWork(db, write=False) as look:
        user = current_actor(look, actor, Permission.DRAFT)
        d = get(look.session, draft_id)
        _check_editable(d, user)
        ticket = d.ticket
        merged = json.loads(d.variables or "{}")
        if d.kind == DraftKind.TEMPLATE:
            if text is not None:
                raise BusinessRuleError(f"draft {draft_id} is rendered from a template: change its variables "
                                        "(--var), or write a new draft")
            if is_escalated(look.session, ticket.id):
                raise BusinessRuleError(f"ticket {ticket.id} is ESCALATED: no templated reply (senior reply only)")
            tpl = d.template
            assert tpl is not None
            if tpl.status != "approved":
                raise BusinessRuleError(f"template {tpl.key}@{tpl.version} is {tpl.status} now: write a new draft")
            merged.update(variables or {})
            body = _render(look.session, ticket, tpl, merged)
            prepared = _Prepared(body, d.kind, tpl.id, tpl.sha256, d.language, _lint(look.session, body),
                                 ticket.category, False)
        else:
            if variables:
                raise BadInput("--var applies to templated drafts only", field="var")
            prepared = _prepare(look.session, user, ticket, template=None, language=d.language, variables={},
                                text=text)
            if prepared.kind != d.kind:
                raise BusinessRuleError(f"draft {draft_id} is a {d.kind} reply but ticket {ticket.id} now "
                                        f"needs a {prepared.kind} reply: write a new draft")
        if prepared.body == d.body and merged == json.loads(d.variables or "{}"):
            raise BusinessRuleError(f"draft {draft_id}: nothing changed")
        findings = prepared.findings
        seen = (d.status, d.body_sha256, d.updated_at)
    with UnitOfWork(db) as uow:
        user = current_actor(uow, actor, Permission.DRAFT)
        d = get(uow.session, draft_id, for_update=True)
        _check_editable(d, user)
        if (d.status, d.body_sha256, d.updated_at) != seen:
            raise BusinessRuleError(f"draft {draft_id} changed while the new text was being prepared; "
                                    "nothing was saved, try again")
        _still_valid(uow.session, user, d.ticket, prepared)
        body = prepared.body
        previous = {"status": d.status, "body_sha256": d.body_sha256, "approver": d.approver}
        d.body, d.body_sha256 = body, text_hash(body)
        d.variables = json.dumps(merged, ensure_ascii=False, sort_keys=True)
        d.lint = json.dumps(findings, ensure_ascii=False)
        d.status = DraftStatus.BLOCKED if findings else DraftStatus.SUBMITTED
        d.approver = d.approved_at = d.approved_template_sha256 = d.approved_body_sha256 = None
        d.reason = None
        d.updated_at = clock.now()
        uow.audit(user.name, "draft.edit", f"draft:{d.id}", {
            "draft_id": d.id, "ticket_id": d.ticket_id, "previous": previous, "status": d.status,
            "body_sha256": d.body_sha256, "body": body, "variables": merged,
            "lint": sorted({f["rule"] for f in findings})})
        uow.commit()
        return draft_dict(d)


def _check_editable(d: Draft, user: User) -> None:
    if d.author != user.name:
        raise BusinessRuleError(f"draft {d.id} was written by {d.author}; only its author edits it "
                                "(write a new draft instead)")
    if d.status not in EDITABLE:
        why = {DraftStatus.APPROVED: "it is approved: the approval is bound to this text",
               DraftStatus.HELD: "it is held by the suspension with its approval bound to this text",
               DraftStatus.SENDING: "it is being sent",
               DraftStatus.FAILED: "it was approved and a send was attempted",
               DraftStatus.DISPATCHED: "it was sent"}.get(DraftStatus(d.status), f"it is {d.status}")
        raise BusinessRuleError(f"draft {d.id} cannot be edited: {why}; write a new draft instead")


def approval_conflict(approver: User, author: str, now: datetime) -> str | None:
    """Why ``approver`` may not approve a draft by ``author`` although both keys differ: the
    author armed the approver (granted the role, or set the password they use) less than
    :data:`ARMING_COOLDOWN` ago.  None when there is no conflict."""
    if (approver.role_granted_by == author and approver.role_granted_at is not None
            and now - approver.role_granted_at < ARMING_COOLDOWN):
        return (f"{author} gave {approver.name} the {approver.role} role at {clock.iso(approver.role_granted_at)}: "
                f"{approver.name} cannot approve {author}'s drafts until "
                f"{clock.iso(approver.role_granted_at + ARMING_COOLDOWN)}")
    if (approver.password_set_by == author and approver.password_set_at is not None
            and now - approver.password_set_at < ARMING_COOLDOWN):
        return (f"{author} set {approver.name}'s password at {clock.iso(approver.password_set_at)}: "
                f"{approver.name} cannot approve {author}'s drafts until "
                f"{clock.iso(approver.password_set_at + ARMING_COOLDOWN)}")
    return None


def approve_draft(db: Database, actor: Actor, draft_id: int, password: str) -> dict[str, Any]:
    """Approve a submitted draft (compliance; never its author, nor a person the author armed
    that day).  The approver confirms their password now.  The approval binds the template
    version's hash and the text's hash.  During a suspension a draft that may not leave yet is
    approved and held (templates), or not approved at all (free text)."""
    authenticate(db, actor.name, password)   # the confirmation (outside the write lock)
    with UnitOfWork(db, write=False) as look:  # lint outside the write lock
        d = get(look.session, draft_id)
        findings = _lint(look.session, d.body)
        linted = d.body_sha256
    with UnitOfWork(db) as uow:
        user = current_actor(uow, actor, Permission.APPROVE)
        d = get(uow.session, draft_id, for_update=True)
        if d.author == user.name:
            raise BusinessRuleError(f"draft {draft_id} was written by {user.name}: nobody approves their own draft")
        now = clock.now()
        conflict = approval_conflict(user, d.author, now)
        if conflict:
            raise BusinessRuleError(f"draft {draft_id}: {conflict} (four eyes means two people)")
        if d.status == DraftStatus.BLOCKED:
            raise BusinessRuleError(f"draft {draft_id} has lint findings and cannot be approved "
                                    f"({', '.join(sorted({f['rule'] for f in json.loads(d.lint)}))}); edit it first")
        if d.status != DraftStatus.SUBMITTED:
            raise BusinessRuleError(decided_text(d))
        if text_hash(d.body) != d.body_sha256 or d.body_sha256 != linted:
            raise BusinessRuleError(f"draft {draft_id}: the stored text does not match its hash; refused")
        if findings:
            rules = ", ".join(sorted({f["rule"] for f in findings}))
            raise BusinessRuleError(f"draft {draft_id} has lint findings under the current rules ({rules}) "
                                    "and cannot be approved")
        ticket = d.ticket
        if d.kind == DraftKind.TEMPLATE:
            tpl = d.template
            assert tpl is not None
            if tpl.status != "approved" or tpl.sha256 != d.template_sha256:
                raise BusinessRuleError(f"template {tpl.key}@{tpl.version} is {tpl.status} now; the draft "
                                        "cannot be approved (write a new draft)")
            if is_escalated(uow.session, ticket.id):
                return _void_escalated(uow, user.name, d)
        hold_reason = hold_reason_now(uow.session, d)
        if hold_reason and d.kind != DraftKind.TEMPLATE:
            raise BusinessRuleError(f"draft {draft_id} cannot be approved now: {hold_reason}")
        decide(uow.session, d, DraftStatus.SUBMITTED, status=DraftStatus.HELD if hold_reason else DraftStatus.APPROVED,
               reason=hold_reason, approver=user.name, approved_at=now, approved_template_sha256=d.template_sha256,
               approved_body_sha256=d.body_sha256, updated_at=now)
        uow.audit(user.name, "draft.approve", f"draft:{d.id}", {
            "draft_id": d.id, "ticket_id": ticket.id, "author": d.author, "kind": d.kind,
            "template_sha256": d.template_sha256, "body_sha256": d.body_sha256,
            "password_confirmed": True, "status": d.status, "hold_reason": hold_reason})
        uow.commit()
        out = draft_dict(d)
    from warroom.services.checkpoints import with_checkpoint

    return with_checkpoint(db, out, "approval")      # after the commit; never fails the approval


def _void_escalated(uow: UnitOfWork, actor: str, d: Draft) -> dict[str, Any]:
    reason = (f"ticket {d.ticket_id} became ESCALATED: the escalation process stops templated replies; "
              "a senior reply answers it")
    d.status, d.reason, d.updated_at = DraftStatus.VOIDED, reason, clock.now()
    d.approver = d.approved_at = d.approved_template_sha256 = d.approved_body_sha256 = None
    uow.audit(actor, "draft.void", f"draft:{d.id}", {"draft_id": d.id, "ticket_id": d.ticket_id, "reason": reason})
    uow.commit()
    raise BusinessRuleError(f"draft {d.id} voided: {reason}")


def reject_draft(db: Database, actor: Actor, draft_id: int, reason: str) -> dict[str, Any]:
    reason = (reason or "").strip()
    if not reason:
        raise BadInput("a reason is required", field="reason")
    with UnitOfWork(db) as uow:
        user = current_actor(uow, actor, Permission.APPROVE)
        d = get(uow.session, draft_id, for_update=True)
        if d.author == user.name:
            raise BusinessRuleError(f"draft {draft_id} was written by {user.name}: the decision is another "
                                    "compliance user's")
        if d.status not in REJECTABLE:
            raise BusinessRuleError(decided_text(d) if d.status == DraftStatus.REJECTED
                                    else f"draft {draft_id} is {d.status} and cannot be rejected")
        previous, now = d.status, clock.now()
        decide(uow.session, d, previous, status=DraftStatus.REJECTED, reason=reason, updated_at=now,
               approver=user.name, approved_at=now, approved_template_sha256=None, approved_body_sha256=None)
        uow.audit(user.name, "draft.reject", f"draft:{d.id}", {
            "draft_id": d.id, "ticket_id": d.ticket_id, "previous_status": previous, "reason": reason,
            "body_sha256": d.body_sha256})
        uow.commit()
        return draft_dict(d)


# ---------------------------------------------------------------- holds (called by suspension)

def drafts_to_hold(session: Session) -> list[tuple[Draft, str]]:
    """The drafts a declaration now would hold, each with why (read-only: the declare and its
    preview both use this query, so the preview's count cannot drift from what is held):
    approved and failed ones, and submitted free-text ones.  Submitted template drafts stay on
    the desk: their approval decides."""
    rows = list(session.scalars(select(Draft).join(Ticket, Ticket.id == Draft.ticket_id).where(
        Draft.status.in_((DraftStatus.APPROVED, DraftStatus.FAILED, DraftStatus.SUBMITTED)))
        .order_by(Ticket.received_at, Draft.id)))
    escalated = set(session.scalars(select(TicketTag.ticket_id).where(
        TicketTag.tag == ESCALATED, TicketTag.ticket_id.in_({d.ticket_id for d in rows}))))
    out = []
    for d in rows:
        if d.status == DraftStatus.SUBMITTED and d.kind == DraftKind.TEMPLATE:
            continue
        why = suspension_hold_reason(d.kind, d.ticket.category, d.ticket_id in escalated)
        if why is not None:
            out.append((d, why))
    return out


def hold_for_suspension(session: Session, suspension_declared_at: datetime) -> list[int]:
    """Inside the declare unit of work: the drafts of :func:`drafts_to_hold` become ``held``
    with the reason (an approval is kept; unapproved ones leave the approval desk until the
    lift).  Returns the held ids (the declare entry lists them)."""
    now = clock.now()
    held = []
    for d, why in drafts_to_hold(session):
        d.status = DraftStatus.HELD
        d.reason = f"a suspension is declared (since {clock.iso(suspension_declared_at)}); {why}"
        d.updated_at = now
        held.append(d.id)
    return held


def held_drafts(session: Session) -> list[Draft]:
    """The held drafts, in the order their tickets were received (the order they should go out):
    what a lift releases, and its preview."""
    return list(session.scalars(select(Draft).join(Ticket, Ticket.id == Draft.ticket_id)
                                .where(Draft.status == DraftStatus.HELD).order_by(Ticket.received_at, Draft.id)))


def release_held(session: Session) -> list[int]:
    """Inside the lift unit of work: held drafts go back where they came from (approved ones to
    the outbox, unapproved ones to the approval desk), in the order their tickets were received
    (the order they should go out).  Returns their ids in that order."""
    rows = held_drafts(session)
    now = clock.now()
    for d in rows:
        d.status, d.reason, d.updated_at = released_status(d.approver is not None), None, now
    return [d.id for d in rows]
