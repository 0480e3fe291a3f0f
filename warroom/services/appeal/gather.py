"""Gathering the evidence of a date range into the report's model (reads only).

Runs inside the same read transaction as the log scan (:mod:`.log`), so the tables and the
entries are one snapshot: every row found here was written by an entry the scan has read, and
cites it.  The range is ``[start, end)`` in UTC.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warroom import clock
from warroom.domain.tickets import FLAGS
from warroom.progress import Progress, no_progress
from warroom.services.appeal.log import EntryRef, LogIndex
from warroom.services.appeal.model import (
    OUTCOMES, BuyerMessageRow, EscalationRecordRow, EscalationRow, Evidence, HeldRow, LintRefusalRow, Money,
    OtherDeadlineRow, OutgoingRow, RefundRow, Row, Sections, Summary, TimelineRow,
)
from warroom.services.appeal.pseudonyms import Pseudonyms
from warroom.storage.models import (
    DeadlineEvent, Draft, Message, Order, RefundEntry, Suspension, Template, Ticket, TicketTag,
)

EXCERPT_CHARS = 160
CHUNK = 500


def _iso(value: datetime | None) -> str | None:
    return clock.iso(value.replace(microsecond=0)) if value is not None else None


def _at(ref: EntryRef) -> datetime:
    return clock.parse_iso(ref.at)


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def _seqs(*groups: Iterable[int | None]) -> tuple[int, ...]:
    return tuple(sorted({s for g in groups for s in g if s is not None}))


@dataclass(frozen=True, slots=True)
class _Buyer:
    """What identifies a ticket's buyer (for pseudonyms and for scrubbing free text)."""

    channel: str
    amazon_order_id: str | None
    name: str | None
    address: str | None
    language: str | None
    order_name: str | None
    order_email: str | None

    def names(self, *more: str | None) -> tuple[str | None, ...]:
        return (self.name, self.order_name, *more)


class _Suspensions:
    def __init__(self, rows: list[Suspension]) -> None:
        self.rows = rows

    def after_notice(self, due: datetime) -> bool:
        """Due after Amazon's notice of a suspension arrived, before it was declared."""
        return any(s.notice_received_at is not None and s.notice_received_at <= due < s.declared_at
                   for s in self.rows)


class Gatherer:
    def __init__(self, session: Session, index: LogIndex, start: datetime, end: datetime, now: datetime,
                 pseudonyms: Pseudonyms, progress: Progress = no_progress) -> None:
        from warroom.services.clocks import database_started_at, response_window

        self.s, self.index, self.start, self.end, self.now = session, index, start, end, now
        self.p = pseudonyms
        self.progress = progress
        self.window = response_window(session)
        self.began = database_started_at(session)
        self.suspensions = _Suspensions(list(session.scalars(select(Suspension).order_by(Suspension.declared_at))))
        self._buyers: dict[int, _Buyer] = {}
        self._drafts_by_message: dict[int, Draft] | None = None

    def in_range(self, when: datetime | None) -> bool:
        return when is not None and self.start <= when < self.end

    # ------------------------------------------------------------ shared look-ups

    def buyers(self, ticket_ids: Iterable[int]) -> dict[int, _Buyer]:
        wanted = sorted(set(ticket_ids) - set(self._buyers))
        for part in _chunks(wanted):
            rows = self.s.execute(
                select(Ticket.id, Ticket.channel, Ticket.amazon_order_id, Ticket.buyer_name, Ticket.buyer_address,
                       Ticket.language, Order.buyer_name, Order.buyer_email)
                .outerjoin(Order, Order.id == Ticket.order_id).where(Ticket.id.in_(part)))
            for tid, channel, oid, name, address, lang, oname, oemail in rows:
                self._buyers[tid] = _Buyer(channel, oid, name, address, lang, oname, oemail)
        return self._buyers

    def buyer(self, ticket_id: int) -> _Buyer:
        return self.buyers([ticket_id]).get(ticket_id) or _Buyer("", None, None, None, None, None, None)

    def draft_seqs(self, draft_id: int) -> list[int]:
        return [r.seq for r in self.index.drafts.get(draft_id, [])]

    def tick(self, stage: str) -> None:
        self.progress(0, None, stage)

    # ------------------------------------------------------------ sections

    def timeline(self) -> tuple[TimelineRow, ...]:
        rows: list[TimelineRow] = []
        for s in self.suspensions.rows:
            began = min(x for x in (s.notice_received_at, s.declared_at) if x is not None)
            if began >= self.end or (s.lifted_at is not None and s.lifted_at < self.start):
                continue
            refs = self.index.suspensions.get(s.id, [])
            declare = [r.seq for r in refs if r.action == "suspension.declare"]
            lift = [r.seq for r in refs if r.action == "suspension.lift"]
            other = [r for r in refs if r.action not in ("suspension.declare", "suspension.lift")]
            if s.notice_received_at is not None:
                rows.append(TimelineRow(s.id, "notice-received", _iso(s.notice_received_at), None,
                                        "Amazon's notice received", _seqs(declare, (r.seq for r in other))))
            reason = self.p.scrub(s.reason) or ""
            rows.append(TimelineRow(s.id, "declared", _iso(s.declared_at), s.declared_by,
                                    f"Declared in War Room; reason recorded: {reason}", _seqs(declare)))
            for r in other:
                rows.append(TimelineRow(s.id, "recorded", _iso(_at(r)), r.actor, _recorded(r), (r.seq,)))
            if s.lifted_at is not None:
                rows.append(TimelineRow(s.id, "lifted", _iso(s.lifted_at), s.lifted_by, "Lifted in War Room",
                                        _seqs(lift)))
        rows.sort(key=lambda r: (r.at or "", r.suspension_id))
        return tuple(rows)

    def buyer_messages(self) -> tuple[BuyerMessageRow, ...]:
        s, index = self.s, self.index
        inbound = list(s.execute(
            select(Message.id, Message.ticket_id, Message.at, Message.subject, Message.from_name, Message.from_addr,
                   func.substr(Message.body, 1, EXCERPT_CHARS + 40))
            .where(Message.direction == "inbound", Message.at >= self.start, Message.at < self.end)
            .order_by(Message.at, Message.id)))
        tickets = sorted({row[1] for row in inbound})
        self.buyers(tickets)
        replies: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
        for part in _chunks(tickets):
            for mid, tid, at in s.execute(select(Message.id, Message.ticket_id, Message.at).where(
                    Message.direction == "outbound", Message.ticket_id.in_(part))):
                replies[tid].append((at, mid))
        for lst in replies.values():
            lst.sort()
        drafts = self.drafts_by_message()
        misses = {ev.subject: ev for ev in s.scalars(select(DeadlineEvent).where(DeadlineEvent.kind == "response"))}
        out = []
        for n, (mid, tid, at, subject, from_name, from_addr, excerpt) in enumerate(inbound):
            if n % 2000 == 0:
                self.progress(n, len(inbound), "gathering the buyer messages")
            b = self.buyer(tid)
            names = b.names(from_name)
            due: datetime | None = at + self.window
            arrival = index.arrivals.find(mid)
            history = (self.began is not None and due is not None and due < self.began) or \
                index.archived.find(mid) is not None
            reply = next(((rat, rid) for rat, rid in replies.get(tid, []) if rat >= at), None)
            mark = next((r for r in sorted(index.no_response.get(tid, []), key=lambda r: r.seq) if _at(r) >= at), None)
            miss = misses.get(f"message:{mid}")
            seqs: list[int | None] = [arrival]
            answered_at: datetime | None = None
            draft_id: int | None = None
            approver: str | None = None
            reason: str | None = None
            within: bool | None = None
            outcome = "history"
            if history:
                due = None
            if reply is not None and (mark is None or reply[0] <= _at(mark)):
                d = drafts.get(reply[1])
                answered_at = reply[0]
                if d is not None:
                    draft_id, approver = d.id, d.approver
                    seqs += [r.seq for r in index.drafts.get(d.id, []) if r.action in ("draft.approve", "draft.dispatch")]
                if not history:
                    within = due is not None and answered_at <= due
                    outcome = "answered" if within else "answered-late"
            elif mark is not None:
                answered_at = _at(mark)
                payload = mark.payload if isinstance(mark.payload, dict) else {}
                reason = self.p.scrub(str(payload.get("reason") or ""), names)
                seqs.append(mark.seq)
                if not history:
                    within = due is not None and answered_at <= due
                    outcome = "no-response-needed"
            elif not history:
                outcome = ("missed" if miss is not None else
                           "past-due" if due is not None and due <= self.now else "open")
            if miss is not None:
                seqs += [index.misses.find(miss.id), index.reclassified.find(miss.id)]
            text = OUTCOMES[outcome]
            if outcome in ("answered", "answered-late") and answered_at is not None:
                text = f"{text}: {_iso(answered_at)}" + (f", draft {draft_id} approved by {approver}" if draft_id else "")
            elif outcome == "no-response-needed" and answered_at is not None:
                text = f"{text} at {_iso(answered_at)}" + ("" if within else " (after the deadline)")
            if miss is not None:
                noticed = self.suspensions.after_notice(miss.due_at)
                state = ("a suspension was in force at the due time"
                         + (" (after Amazon's notice arrived, before the declaration)" if noticed else "")
                         if miss.suspended_at_due else
                         "no suspension was declared at the due time"
                         + (" (due after Amazon's notice had arrived)" if noticed else ""))
                text = f"{text}; {state}" if outcome == "missed" else f"{text}; recorded as missed: {state}"
            out.append(BuyerMessageRow(
                message_id=mid, ticket_id=tid, channel=b.channel, amazon_order_id=b.amazon_order_id,
                buyer_name=self.p.of(from_name or b.name), buyer_address=self.p.of(from_addr),
                language=b.language, subject=self.p.scrub(subject or "", names) or "",
                excerpt=None if self.p.active else _excerpt(excerpt),
                received_at=_iso(at) or "", due_at=_iso(due), outcome=outcome, outcome_text=text,
                answered_at=_iso(answered_at), answered_by_draft=draft_id, approver=approver, within_window=within,
                no_response_reason=reason, missed_due_at=_iso(miss.due_at) if miss else None,
                suspended_at_due=bool(miss.suspended_at_due) if miss else None,
                suspension_id=miss.suspension_id if miss else None,
                after_notice=self.suspensions.after_notice(miss.due_at) if miss else None,
                entries=_seqs(seqs)))
        return tuple(out)

    def drafts_by_message(self) -> dict[int, Draft]:
        if self._drafts_by_message is None:
            self._drafts_by_message = {d.message_id: d for d in self.s.scalars(
                select(Draft).where(Draft.message_id.is_not(None))) if d.message_id is not None}
        return self._drafts_by_message

    def other_deadlines(self) -> tuple[OtherDeadlineRow, ...]:
        rows = self.s.scalars(select(DeadlineEvent).where(
            DeadlineEvent.kind != "response", DeadlineEvent.due_at >= self.start, DeadlineEvent.due_at < self.end)
            .order_by(DeadlineEvent.due_at, DeadlineEvent.id))
        return tuple(OtherDeadlineRow(ev.id, ev.ticket_id, ev.kind, _iso(ev.due_at) or "", _iso(ev.found_at) or "",
                                      bool(ev.suspended_at_due), ev.suspension_id,
                                      self.suspensions.after_notice(ev.due_at),
                                      _seqs([self.index.misses.find(ev.id), self.index.reclassified.find(ev.id)]))
                     for ev in rows)

    def outgoing(self) -> tuple[OutgoingRow, ...]:
        rows: list[tuple[Draft, Template | None]] = [(d, t) for d, t in self.s.execute(
            select(Draft, Template).outerjoin(Template, Template.id == Draft.template_id)
            .where(Draft.dispatched_at.is_not(None), Draft.dispatched_at >= self.start, Draft.dispatched_at < self.end)
            .order_by(Draft.dispatched_at, Draft.id))]
        self.buyers(d.ticket_id for d, _ in rows)
        return tuple(OutgoingRow(
            draft_id=d.id, ticket_id=d.ticket_id, amazon_order_id=self.buyer(d.ticket_id).amazon_order_id,
            kind=d.kind, author=d.author, approver=d.approver, approved_at=_iso(d.approved_at),
            template=f"{t.key}@{t.version}/{t.language}" if t is not None else None,
            template_sha256=d.template_sha256, text_sha256=d.body_sha256,
            text=None if self.p.active else d.body, language=d.language, sent_at=_iso(d.dispatched_at),
            via=d.dispatched_via, sent_by=d.dispatched_by, reply_to_message=d.reply_to_id,
            entries=_seqs(self.draft_seqs(d.id))) for d, t in rows)

    def held(self) -> tuple[HeldRow, ...]:
        seen: set[int] = set()
        picked: list[tuple[int, EntryRef]] = []
        for draft_id, ref in sorted(self.index.holds, key=lambda h: h[1].seq):
            if self.in_range(_at(ref)) and draft_id not in seen:
                seen.add(draft_id)
                picked.append((draft_id, ref))
        status = {d.id: (d.ticket_id, d.status) for part in _chunks(sorted(seen))
                  for d in self.s.scalars(select(Draft).where(Draft.id.in_(part)))}
        out = []
        for draft_id, ref in picked:
            payload = ref.payload if isinstance(ref.payload, dict) else {}
            reason = (str(payload.get("reason")) if ref.action == "draft.hold" and payload.get("reason") else
                      "held when the suspension was declared")
            ticket_id, now_status = status.get(draft_id, (payload.get("ticket_id") or 0, "unknown"))
            out.append(HeldRow(draft_id, int(ticket_id), _iso(_at(ref)) or "", self.p.scrub(reason) or "",
                               now_status, (ref.seq,)))
        return tuple(out)

    def refunds(self) -> tuple[RefundRow, ...]:
        rows = list(self.s.scalars(select(RefundEntry).where(
            RefundEntry.refunded_at >= self.start, RefundEntry.refunded_at < self.end)
            .order_by(RefundEntry.refunded_at, RefundEntry.id)))
        self.buyers(r.ticket_id for r in rows)
        out = []
        for r in rows:
            names = self.buyer(r.ticket_id).names()
            out.append(RefundRow(r.id, r.ticket_id, r.amazon_order_id, r.kind, r.amount, r.currency, r.method,
                                 self.p.scrub(r.reference, names), _iso(r.refunded_at) or "", r.logged_by,
                                 self.p.scrub(r.note, names), r.reverses_id, _seqs([self.index.refunds.get(r.id)])))
        return tuple(out)

    def support_cases(self) -> tuple[Row, ...]:
        from warroom.services.appeal.cases_section import case_rows

        return case_rows(self)

    def fbm_decisions(self) -> tuple[Row, ...]:
        from warroom.services.appeal.cases_section import fbm_rows

        return fbm_rows(self)

    def escalations(self) -> tuple[EscalationRow, ...]:
        tags = list(self.s.scalars(select(TicketTag).where(
            TicketTag.tag == "ESCALATED", TicketTag.set_at >= self.start, TicketTag.set_at < self.end)
            .order_by(TicketTag.set_at, TicketTag.ticket_id)))
        ids = [t.ticket_id for t in tags]
        self.buyers(ids)
        flags: dict[int, list[str]] = defaultdict(list)
        seniors: dict[int, list[Draft]] = defaultdict(list)
        for part in _chunks(ids):
            for tid, tag in self.s.execute(select(TicketTag.ticket_id, TicketTag.tag).where(
                    TicketTag.ticket_id.in_(part), TicketTag.tag.in_(FLAGS))):
                flags[tid].append(tag)
            for d in self.s.scalars(select(Draft).where(Draft.ticket_id.in_(part), Draft.kind == "senior",
                                                        Draft.dispatched_at.is_not(None))
                                    .order_by(Draft.dispatched_at)):
                seniors[d.ticket_id].append(d)
        out = []
        for t in tags:
            senior = next((d for d in seniors.get(t.ticket_id, []) if d.dispatched_at and d.dispatched_at >= t.set_at),
                          None)
            refs = [r.seq for r in self.index.escalated.get(t.ticket_id, []) if _at(r) < self.end]
            dispatch = ([r.seq for r in self.index.drafts.get(senior.id, []) if r.action == "draft.dispatch"]
                        if senior is not None else [])
            out.append(EscalationRow(t.ticket_id, self.buyer(t.ticket_id).amazon_order_id, _iso(t.set_at) or "",
                                     t.set_by, self.p.scrub(t.reason or "", self.buyer(t.ticket_id).names()) or "",
                                     tuple(sorted(flags.get(t.ticket_id, []))),
                                     senior.id if senior else None, _iso(senior.dispatched_at) if senior else None,
                                     _seqs(refs, dispatch)))
        return tuple(out)

    def escalation_records(self) -> tuple[EscalationRecordRow, ...]:
        from warroom.services.escalation_report import rows

        return rows(self, self.index.escalation_records)

    def lint_refusals(self) -> tuple[LintRefusalRow, ...]:
        picked = []
        for draft_id, refs in self.index.drafts.items():
            for ref in refs:
                payload = ref.payload if isinstance(ref.payload, dict) else {}
                if (ref.action in ("draft.submit", "draft.edit") and payload.get("status") == "blocked"
                        and self.in_range(_at(ref))):
                    picked.append((draft_id, ref, payload))
        status = {d.id: d.status for part in _chunks(sorted({p[0] for p in picked}))
                  for d in self.s.scalars(select(Draft).where(Draft.id.in_(part)))}
        picked.sort(key=lambda p: p[1].seq)
        return tuple(LintRefusalRow(
            draft_id=draft_id, ticket_id=int(payload.get("ticket_id") or 0), author=ref.actor,
            at=_iso(_at(ref)) or "", rules=tuple(str(r) for r in payload.get("lint") or []),
            text_sha256=str(payload.get("body_sha256") or ""),
            text=None if self.p.active else str(payload.get("body") or ""),
            status_now=status.get(draft_id, "unknown"), entries=(ref.seq,)) for draft_id, ref, payload in picked)


def _recorded(ref: EntryRef) -> str:
    """Another recorded step of a suspension, in words."""
    payload = ref.payload if isinstance(ref.payload, dict) else {}
    if ref.action == "deadline.reclassify":
        return (f"{payload.get('count', '?')} missed deadline(s) due after Amazon's notice "
                f"({payload.get('notice_received_at', '?')}) re-classified as during the suspension")
    return f"Recorded: {ref.action}"


def _excerpt(text: str | None) -> str | None:
    if not text:
        return None
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT_CHARS else flat[:EXCERPT_CHARS - 1] + "…"


def _money_totals(rows: tuple[RefundRow, ...]) -> tuple[Money, ...]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for r in rows:
        try:
            amount = Decimal(r.amount)
        except InvalidOperation:
            continue
        totals[r.currency] += -amount if r.kind == "reversal" else amount
    return tuple(Money(cur, str(total)) for cur, total in sorted(totals.items()))


def summarize(sections: Sections) -> Summary:
    msgs = sections.buyer_messages
    count = lambda outcome: sum(1 for m in msgs if m.outcome == outcome)  # noqa: E731
    missed = [m for m in msgs if m.missed_due_at is not None]
    return Summary(
        buyer_messages=len(msgs), answered_within_window=count("answered"), answered_late=count("answered-late"),
        no_response_needed=count("no-response-needed"), missed=len(missed),
        missed_while_suspended=sum(1 for m in missed if m.suspended_at_due),
        missed_after_notice=sum(1 for m in missed if m.after_notice),
        past_due_unrecorded=count("past-due"), open=count("open"), history=count("history"),
        sent=len(sections.outgoing), sent_from_templates=sum(1 for o in sections.outgoing if o.kind == "template"),
        senior_replies=sum(1 for o in sections.outgoing if o.kind == "senior"),
        approvers=tuple(sorted({o.approver for o in sections.outgoing if o.approver})),
        templates_used=tuple(sorted({o.template for o in sections.outgoing if o.template})),
        held=len(sections.held), escalations=len(sections.escalations), lint_refusals=len(sections.lint_refusals),
        lint_rules_hit=tuple(sorted({r for row in sections.lint_refusals for r in row.rules})),
        refunds=sum(1 for r in sections.refunds if r.kind == "refund"),
        reversals=sum(1 for r in sections.refunds if r.kind == "reversal"),
        refunded_net=_money_totals(sections.refunds),
        other_deadlines_missed=len(sections.other_deadlines))


def gather(session: Session, index: LogIndex, *, database_id: str, start: datetime, end: datetime, now: datetime,
           pseudonyms: Pseudonyms, progress: Progress = no_progress) -> Evidence:
    g = Gatherer(session, index, start, end, now, pseudonyms, progress)
    steps: list[tuple[str, Any]] = [("the suspension timeline", g.timeline), ("the buyer messages", g.buyer_messages),
                                    ("other deadlines", g.other_deadlines), ("the outgoing messages", g.outgoing),
                                    ("held replies", g.held), ("manual refunds", g.refunds),
                                    ("escalations", g.escalations), ("escalation records", g.escalation_records),
                                    ("lint refusals", g.lint_refusals),
                                    ("Seller Support cases", g.support_cases), ("FBM decisions", g.fbm_decisions)]
    found: dict[str, Any] = {}
    for i, (label, step) in enumerate(steps):
        progress(i, len(steps), f"gathering {label}")
        found[step.__name__] = step()
    from warroom.services.appeal.claims_section import gather_sections

    found.update(gather_sections(g))
    sections = Sections(**found)
    relevant = [s for s in g.suspensions.rows
                if any(r.suspension_id == s.id for r in sections.timeline)]
    return Evidence(database_id=database_id, start=clock.iso(start) or "", end=clock.iso(end) or "",
                    pseudonymized=pseudonyms.active, response_window_hours=int(g.window / timedelta(hours=1)),
                    suspension_reason_declared=tuple(pseudonyms.scrub(s.reason) or "" for s in relevant),
                    notice_received=tuple(_iso(s.notice_received_at) or "" for s in relevant
                                          if s.notice_received_at is not None),
                    sections=sections, summary=summarize(sections))
