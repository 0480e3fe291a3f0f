"""Dispatch: an approved reply leaves (by e-mail) or its sending by hand is recorded.

An e-mail send is three steps, so that no reply leaves twice and nothing delivered goes
unrecorded:

1. **claim** (a short write transaction): the draft must be approved (or failed, for a
   retry), its text and template still the approved ones, and allowed to leave now (a
   suspension may hold it).  It becomes ``sending`` with who, when and the e-mail's
   Message-ID, and the attempt is an audit entry (``draft.send-start``).  A second dispatcher
   finds ``sending`` and is refused; an edit finds it not editable.
2. **send**, outside any transaction (the mail server may take seconds).
3. **record** (a short write transaction): ``draft.dispatch`` (the reply joins the
   conversation and stops the clock) or ``dispatch-failed`` (retryable).

If the process dies between 2 and 3 the draft stays ``sending``; after
:data:`~warroom.domain.drafts.SEND_OUTCOME_TIMEOUT` it reads "may have been sent" and is never
sent again by itself: a person checks (the mail server's log, Seller Central) and records
the outcome with :func:`resolve_send`.
"""

from __future__ import annotations

import email.parser
import email.policy
from datetime import datetime, timedelta
from typing import Any, Callable, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

from warroom import clock
from warroom.domain.drafts import DISPATCHABLE, SEND_OUTCOME_TIMEOUT, DraftKind, DraftStatus, send_state
from warroom.domain.roles import Actor, Permission
from warroom.errors import BadInput, BusinessRuleError
from warroom.services.checkpoints import with_checkpoint
from warroom.services.drafts import _void_escalated, draft_dict, get, hold_reason_now, is_escalated
from warroom.services.inputs import past_time
from warroom.services.users import current_actor
from warroom.storage.engine import Database
from warroom.storage.models import Draft, Message, TicketTag
from warroom.storage.uow import UnitOfWork
from warroom.templates import text_hash

#: SMTP: attempts per dispatch and the first back-off (seconds); tests shorten it.
SMTP_ATTEMPTS = 3
SMTP_BACKOFF = 1.0


class DispatchFailed(BusinessRuleError):
    def __init__(self, message: str, draft: dict[str, Any]) -> None:
        super().__init__(message)
        self.draft = draft


def _check_dispatchable(uow: UnitOfWork, d: Draft) -> None:
    """Refuse unless ``d`` may leave now.  A draft the suspension holds becomes ``held`` (that
    is recorded and committed) before the refusal."""
    if d.status == DraftStatus.SENDING:
        state = send_state(d.send_started_at, d.send_started_by, clock.now())
        assert state is not None
        hint = ("" if state.in_flight else
                "; check the mail server's log or the conversation in Seller Central, then record what "
                "happened (resolve-send)")
        raise BusinessRuleError(f"draft {d.id} is {state.describe()}{hint}")
    if d.status == DraftStatus.HELD:
        raise BusinessRuleError(f"draft {d.id} is held: {d.reason or 'by the suspension'}")
    if d.status in (DraftStatus.SUBMITTED, DraftStatus.BLOCKED):
        raise BusinessRuleError(f"draft {d.id} is not approved ({d.status}): it cannot be dispatched")
    if d.status == DraftStatus.DISPATCHED:
        raise BusinessRuleError(f"draft {d.id} was already dispatched at {clock.iso(d.dispatched_at)}")
    if d.status not in DISPATCHABLE:
        raise BusinessRuleError(f"draft {d.id} is {d.status}: it cannot be dispatched")
    if (d.approver is None or d.approved_body_sha256 != d.body_sha256
            or text_hash(d.body) != d.approved_body_sha256
            or d.approved_template_sha256 != d.template_sha256):
        raise BusinessRuleError(f"draft {d.id}: the text changed after it was approved; it needs a new approval")
    if d.kind == DraftKind.TEMPLATE:
        tpl = d.template
        if tpl is None or tpl.sha256 != d.approved_template_sha256:
            raise BusinessRuleError(f"draft {d.id}: its template version changed after approval; refused")
        if is_escalated(uow.session, d.ticket_id):
            _void_escalated(uow, "system", d)
    reason = hold_reason_now(uow.session, d)
    if reason:
        d.status, d.reason, d.updated_at = DraftStatus.HELD, reason, clock.now()
        uow.audit("system", "draft.hold", f"draft:{d.id}", {"draft_id": d.id, "ticket_id": d.ticket_id,
                                                            "reason": reason})
        uow.commit()
        raise BusinessRuleError(f"draft {d.id} is held: {reason}")


def _record_sent(uow: UnitOfWork, actor: str, d: Draft, *, via: str, at: datetime, from_addr: str,
                 source_ref: str, extra: dict[str, Any]) -> None:
    from warroom.services.tickets import add_outbound_message

    msg = add_outbound_message(uow, d.ticket_id, from_addr=from_addr, to_addr=d.ticket.buyer_address,
                               subject=d.subject, body=d.body, at=at, source_ref=source_ref)
    d.status, d.reason = DraftStatus.DISPATCHED, None
    d.dispatched_at, d.dispatched_by, d.dispatched_via, d.message_id = at, actor, via, msg.id
    d.updated_at = clock.now()
    untagged: dict[str, Any] = {}
    if d.kind == DraftKind.SENIOR:
        # the senior reply someone asked for is out: the request is answered
        from warroom.services.ticket_actions import SENIOR_REQUESTED

        request = uow.session.get(TicketTag, (d.ticket_id, SENIOR_REQUESTED))
        if request is not None:
            uow.session.delete(request)
            untagged = {"untagged": [SENIOR_REQUESTED]}
    uow.audit(actor, "draft.dispatch", f"draft:{d.id}", {
        "draft_id": d.id, "ticket_id": d.ticket_id, "via": via, "sent_at": clock.iso(at),
        "body_sha256": d.body_sha256, "approver": d.approver, "message_id": msg.id, **extra, **untagged})


def dispatch_manual(db: Database, actor: Actor, draft_id: int, *,
                    sent_at: str | datetime | None = None) -> dict[str, Any]:
    """Record that the approved text was copied and sent by hand (Seller Central, a mail
    client) at ``sent_at`` (default: now).  The reply joins the conversation and stops the clock."""
    at = past_time(sent_at, field="sent_at")
    with UnitOfWork(db) as uow:
        user = current_actor(uow, actor, Permission.DISPATCH)
        d = get(uow.session, draft_id, for_update=True)
        _check_dispatchable(uow, d)
        if d.approved_at is not None and at < d.approved_at - timedelta(minutes=5):
            raise BadInput(f"the sending time {clock.iso(at)} is before the approval ({clock.iso(d.approved_at)})",
                           field="sent_at")
        _record_sent(uow, user.name, d, via="manual", at=at, from_addr="seller",
                     source_ref=f"draft:{d.id}:manual", extra={})
        uow.commit()
        out = draft_dict(d)
    return with_checkpoint(db, out, "dispatch")


def _mail_settings(session: Session) -> Any:
    """The mail settings, the password from the OS keyring where it is kept (read with no
    write transaction open: a keyring may ask the user to unlock it)."""
    from warroom.mail import MailSettings
    from warroom.services.settings import mail_password, read_setting

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
                        password=mail_password(session), from_addr=sender)


def mail_configured(db: Database) -> bool:
    from warroom.services.settings import read_setting

    with UnitOfWork(db, write=False) as uow:
        return bool(str(read_setting(uow.session, "smtp.host") or "").strip())


def _thread(session: Session, d: Draft) -> tuple[str | None, list[str]]:
    """(In-Reply-To, References) threading the reply to the buyer message it answers."""
    from sqlalchemy import select

    from warroom import mail

    parent = d.reply_to
    if parent is None:          # drafts written before replies knew their message: the newest one
        parent = session.scalar(select(Message).where(Message.ticket_id == d.ticket_id,
                                                      Message.direction == "inbound")
                                .order_by(Message.at.desc(), Message.id.desc()).limit(1))
    if parent is None or not parent.rfc_message_id:
        return None, []
    references = None
    if parent.raw:
        header = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(parent.raw)
        references = " ".join(str(v) for v in (header.get_all("References") or []))
    return mail.thread_ids(parent.rfc_message_id, references)


def dispatch_smtp(db: Database, actor: Actor, draft_id: int, *,
                  send: Callable[..., Any] | None = None) -> dict[str, Any]:
    """Send the approved text by e-mail to the buyer's relay address, threaded to the buyer
    message it answers: claim, send outside any transaction, record (see the module's text)."""
    from warroom import mail

    with UnitOfWork(db, write=False) as look:
        current_actor(look, actor, Permission.DISPATCH)
        settings = _mail_settings(look.session)
    with UnitOfWork(db) as uow:                                   # 1. claim
        user = current_actor(uow, actor, Permission.DISPATCH)
        d = get(uow.session, draft_id, for_update=True)
        _check_dispatchable(uow, d)
        to = d.ticket.buyer_address
        if not to:
            raise BusinessRuleError(f"ticket {d.ticket_id} has no buyer address to mail; dispatch it --via manual")
        in_reply_to, references = _thread(uow.session, d)
        message = mail.build_reply(settings=settings, to_addr=to, subject=d.subject, body=d.body,
                                   in_reply_to=in_reply_to, references=references)
        msgid = str(message["Message-ID"])
        now = clock.now()
        # an ORM UPDATE returns a CursorResult (SQLAlchemy's docs); 2.1's stubs say Result
        claimed = cast(CursorResult[Any], uow.session.execute(
            update(Draft).where(Draft.id == d.id, Draft.status.in_(DISPATCHABLE),
                              Draft.body_sha256 == d.body_sha256)
            .values(status=DraftStatus.SENDING, send_started_at=now, send_started_by=user.name,
                    mail_message_id=msgid, updated_at=now)
            .execution_options(synchronize_session=False))).rowcount
        if claimed != 1:
            raise BusinessRuleError(f"draft {draft_id} is being dispatched by someone else")
        uow.audit(user.name, "draft.send-start", f"draft:{d.id}", {
            "draft_id": d.id, "ticket_id": d.ticket_id, "via": "smtp", "to": to, "smtp_message_id": msgid,
            "in_reply_to": in_reply_to, "body_sha256": d.body_sha256, "approver": d.approver,
            "attempt": d.attempts + 1})
        uow.commit()
        actor_name, body_sha = user.name, d.body_sha256
    try:                                                            # 2. send, no transaction open
        result = (send or mail.send)(message, settings, attempts=SMTP_ATTEMPTS, backoff=SMTP_BACKOFF)
    except BadInput as exc:          # refused before anything was sent (settings, headers)
        result = mail.SendResult(ok=False, attempts=0, message_id=msgid, error=str(exc), sent_at=None, raw=b"")
    return _record_outcome(db, actor_name, draft_id, msgid, body_sha, to, settings.from_addr, result)


def _record_outcome(db: Database, actor_name: str, draft_id: int, msgid: str, body_sha: str, to: str,
                    from_addr: str, result: Any) -> dict[str, Any]:
    """3. record what the mail server said, whatever happened to the draft meanwhile: what was
    delivered is always recorded."""
    with UnitOfWork(db) as uow:
        d = get(uow.session, draft_id, for_update=True)
        d.attempts += result.attempts
        if result.ok:
            if d.status == DraftStatus.DISPATCHED:     # a person already recorded it as sent
                uow.audit(actor_name, "draft.send-confirmed", f"draft:{d.id}", {
                    "draft_id": d.id, "ticket_id": d.ticket_id, "smtp_message_id": msgid,
                    "sent_at": clock.iso(result.sent_at), "attempts": result.attempts})
            else:
                _record_sent(uow, actor_name, d, via="smtp", at=result.sent_at, from_addr=from_addr,
                             source_ref=msgid, extra={"to": to, "smtp_message_id": msgid,
                                                      "attempts": result.attempts, "body_sha256_sent": body_sha})
        else:
            if d.status == DraftStatus.SENDING and d.mail_message_id == msgid:
                d.status = DraftStatus.FAILED
                d.reason = f"sending failed: {result.error}"
                d.updated_at = clock.now()
            uow.audit(actor_name, "dispatch-failed", f"draft:{d.id}", {
                "draft_id": d.id, "ticket_id": d.ticket_id, "via": "smtp", "to": to, "error": result.error,
                "attempts": result.attempts, "body_sha256": body_sha, "smtp_message_id": msgid})
        uow.commit()
        out = draft_dict(d)
    out = with_checkpoint(db, out, "dispatch")                  # a failed attempt is evidence too
    if result.ok:
        return out
    raise DispatchFailed(f"draft {draft_id}: sending failed after {result.attempts} attempt(s): {result.error} "
                         "(recorded; the draft stays approved and can be dispatched again)", out)


def resolve_send(db: Database, actor: Actor, draft_id: int, *, sent: bool, reason: str,
                 sent_at: str | datetime | None = None) -> dict[str, Any]:
    """Record the outcome of a send that "may have been sent" (its process died before it
    recorded it), after a person checked: ``sent`` (the reply joins the conversation, at
    ``sent_at``, default when the send started) or not (the draft is ``failed`` and can be
    dispatched again).  Refused while the send may still be in flight."""
    reason = (reason or "").strip()
    if not reason:
        raise BadInput("say how you checked (a reason is required)", field="reason")
    at = past_time(sent_at, field="sent_at") if sent_at is not None else None
    with UnitOfWork(db) as uow:
        user = current_actor(uow, actor, Permission.DISPATCH)
        d = get(uow.session, draft_id, for_update=True)
        if d.status != DraftStatus.SENDING:
            raise BusinessRuleError(f"draft {draft_id} is {d.status}: only a send of unknown outcome is resolved")
        state = send_state(d.send_started_at, d.send_started_by, clock.now())
        assert state is not None
        if state.in_flight:
            raise BusinessRuleError(f"draft {draft_id} is {state.describe()}: wait until "
                                    f"{clock.iso(state.started_at + SEND_OUTCOME_TIMEOUT)} before recording "
                                    "its outcome")
        if sent:
            when = at or d.send_started_at
            assert when is not None
            _record_sent(uow, user.name, d, via="smtp", at=when, from_addr="seller",
                         source_ref=d.mail_message_id or f"draft:{d.id}:smtp",
                         extra={"smtp_message_id": d.mail_message_id, "resolved": True, "reason": reason,
                                "send_started_by": d.send_started_by})
        else:
            d.status, d.updated_at = DraftStatus.FAILED, clock.now()
            d.reason = f"not sent (checked by {user.name}: {reason})"
            uow.audit(user.name, "dispatch-failed", f"draft:{d.id}", {
                "draft_id": d.id, "ticket_id": d.ticket_id, "via": "smtp", "resolved": True, "reason": reason,
                "smtp_message_id": d.mail_message_id, "send_started_at": clock.iso(d.send_started_at),
                "send_started_by": d.send_started_by})
        uow.commit()
        out = draft_dict(d)
    return with_checkpoint(db, out, "dispatch")


def dispatch_draft(db: Database, actor: Actor, draft_id: int, *, via: str,
                   sent_at: str | datetime | None = None) -> dict[str, Any]:
    if via == "manual":
        return dispatch_manual(db, actor, draft_id, sent_at=sent_at)
    if via == "smtp":
        if sent_at is not None:
            raise BadInput("a sending time applies to a manual dispatch only", field="sent_at")
        return dispatch_smtp(db, actor, draft_id)
    raise BadInput(f"unknown dispatch way {via!r}: use manual or smtp", field="via")
