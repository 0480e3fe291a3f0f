"""What the audit chain says the evidence rows hold: one pass over the entries, replayed.

Used by the deep check (:mod:`warroom.services.deep_check`).  :func:`replay_chain` reads the
entries in ``seq`` order, skips those of other actions by their first bytes, decodes each of the
others once and lets its handler in :class:`Replay` update what the rows it touches should hold
(:class:`Rec`: column -> value, and which entry said so).  A value known only as a condition is
a :class:`Check` (a time window, a range, a secret's place).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Iterable, Iterator

import msgspec
from sqlalchemy.engine import Connection

from warroom import clock
from warroom.domain.audit import CLOCK_STEP_TOLERANCE
from warroom.domain.tickets import SUSPENDED
from warroom.services.deadlines import ESCALATE_REASON
from warroom.services.settings import IN_KEYRING, MASK

#: a time a payload does not carry lies between the previous entry's and this one's, give or take this
TIME_SLACK = CLOCK_STEP_TOLERANCE
_BATCH = 5_000


class Check:
    """An expected value known only as a condition."""

    def holds(self, value: Any) -> bool:
        raise NotImplementedError

    def shown(self) -> str:
        raise NotImplementedError


class Window(Check):
    """A time taken by the unit of work that wrote an entry: after the previous entry, before
    this one (each give or take TIME_SLACK)."""

    __slots__ = ("lo", "hi")

    def __init__(self, lo: datetime, hi: datetime) -> None:
        self.lo, self.hi = lo - TIME_SLACK, hi + TIME_SLACK

    def holds(self, value: Any) -> bool:
        return isinstance(value, datetime) and self.lo <= value <= self.hi

    def shown(self) -> str:
        return f"a time between {clock.iso(self.lo)} and {clock.iso(self.hi)}"


class Range(Window):
    """A time an entry gives as a range (a batch's due times)."""

    def __init__(self, lo: datetime, hi: datetime) -> None:
        self.lo, self.hi = lo, hi


class Secret(Check):
    """A secret setting: the entry says where it went (never the value)."""

    __slots__ = ("empty", "stored_in")

    def __init__(self, empty: bool, stored_in: str | None) -> None:
        self.empty, self.stored_in = empty, stored_in

    def holds(self, value: Any) -> bool:
        if self.empty:
            return value == ""
        in_keyring = isinstance(value, dict) and isinstance(value.get(IN_KEYRING), str)
        if self.stored_in == IN_KEYRING:
            return in_keyring
        if self.stored_in is None:
            return in_keyring or (isinstance(value, str) and value != "")
        return isinstance(value, str) and value != ""

    def shown(self) -> str:
        if self.empty:
            return "an empty secret"
        return "a secret kept in the keyring" if self.stored_in == IN_KEYRING else "a secret"


class Rec:
    """What the chain says one row holds: column -> value, each said by entry ``seq`` unless a
    later entry changed it (``seqs``)."""

    __slots__ = ("seq", "values", "seqs")

    def __init__(self, seq: int, values: dict[str, Any] | None = None) -> None:
        self.seq = seq
        self.values: dict[str, Any] = values if values is not None else {}
        self.seqs: dict[str, int] | None = None

    def put(self, seq: int, **values: Any) -> None:
        self.values.update(values)
        if seq != self.seq:
            if self.seqs is None:
                self.seqs = {}
            for name in values:
                self.seqs[name] = seq

    def seq_of(self, name: str) -> int:
        return self.seqs.get(name, self.seq) if self.seqs else self.seq

    def copy(self, other: "Rec", name: str) -> None:
        if name in other.values:
            self.put(other.seq_of(name), **{name: other.values[name]})

    def forget(self, *names: str) -> None:
        for name in names:
            self.values.pop(name, None)

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


def ids_of(runs: Any) -> Iterator[int]:
    """The ids of ``[[first, last], ...]`` (a plain list of ids is taken too)."""
    for run in runs or ():
        if isinstance(run, list) and len(run) == 2:
            yield from range(int(run[0]), int(run[1]) + 1)
        elif isinstance(run, int):
            yield run


def entity_id(entity: str) -> int:
    return int(entity.rsplit(":", 1)[1])


def parse_time(text: Any) -> datetime | None:
    return clock.parse_iso(text) if isinstance(text, str) and text else None


# ------------------------------------------------------------------------------ replaying the chain

class Entry:
    __slots__ = ("seq", "actor", "at", "lo", "entity", "p", "_window")

    def __init__(self, seq: int, actor: str, at: datetime, lo: datetime, entity: str, p: Any) -> None:
        self.seq, self.actor, self.at, self.lo, self.entity, self.p = seq, actor, at, lo, entity, p
        self._window: Window | None = None

    def window(self) -> Window:
        if self._window is None:
            self._window = Window(self.lo, self.at)
        return self._window


@dataclass
class Replay:
    """The rows as the entries describe them, built entry by entry."""

    channel_of: Callable[[int], str | None]
    drafts: dict[int, Rec] = field(default_factory=dict)
    messages: dict[int, Rec] = field(default_factory=dict)
    refunds: dict[int, Rec] = field(default_factory=dict)
    notes: dict[int, Rec] = field(default_factory=dict)
    tags: dict[tuple[int, str], Rec] = field(default_factory=dict)
    suspensions: dict[int, Rec] = field(default_factory=dict)
    users: dict[int, Rec] = field(default_factory=dict)
    demo_users: dict[str, Rec] = field(default_factory=dict)
    settings: dict[str, Rec] = field(default_factory=dict)
    miss_batches: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    miss_keyed: dict[tuple[str, str, str], Rec] = field(default_factory=dict)
    reclassified: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    response_windows: list[tuple[int, int]] = field(default_factory=list)   # (seq, hours) as set
    unreadable: list[tuple[int, str]] = field(default_factory=list)   # (seq, why) of entries not understood
    extra: dict[str, dict[Any, Rec]] = field(default_factory=dict)   # tables replayed by other modules (claims, escalation)
    in_force: int | None = None         # the suspension in force at this point of the chain

    # ---- drafts, approvals, dispatches

    def _draft(self, e: Entry) -> Rec:
        did = int(e.p["draft_id"]) if "draft_id" in e.p else entity_id(e.entity)
        rec = self.drafts.get(did)
        if rec is None:                 # a draft this chain never saw submitted
            rec = self.drafts[did] = Rec(e.seq)
        return rec

    def draft_submit(self, e: Entry) -> None:
        p = e.p
        rec = self.drafts[int(p["draft_id"])] = Rec(e.seq)
        rec.put(e.seq, ticket_id=p["ticket_id"], kind=p["kind"], author=e.actor, status=p["status"],
                submitted_at=e.window(), approver=None, approved_at=None, approved_template_sha256=None,
                approved_body_sha256=None, reason=None, attempts=0, send_started_at=None, send_started_by=None,
                mail_message_id=None, dispatched_at=None, dispatched_by=None, dispatched_via=None, message_id=None)
        self._draft_text(rec, e)
        if "template_sha256" in p:
            rec.put(e.seq, template_sha256=p["template_sha256"])
        if "template" in p:             # "key@version/language" of the template version rendered
            rec.put(e.seq, template=p["template"])
        if "reply_to_message" in p:
            rec.put(e.seq, reply_to_id=p["reply_to_message"])

    def _draft_text(self, rec: Rec, e: Entry) -> None:
        p = e.p
        if "body" in p:
            rec.put(e.seq, body=p["body"])
        if "body_sha256" in p:
            rec.put(e.seq, body_sha256=p["body_sha256"])
        if isinstance(p.get("variables"), dict):
            rec.put(e.seq, variables=p["variables"])
        if isinstance(p.get("lint"), list):
            rec.put(e.seq, lint_rules=p["lint"])

    def draft_edit(self, e: Entry) -> None:
        rec = self._draft(e)
        rec.put(e.seq, status=e.p["status"], approver=None, approved_at=None, approved_template_sha256=None,
                approved_body_sha256=None, reason=None)
        self._draft_text(rec, e)

    def draft_approve(self, e: Entry) -> None:
        p = e.p
        rec = self._draft(e)
        rec.put(e.seq, status=p["status"], reason=p.get("hold_reason"), approver=e.actor, approved_at=e.window(),
                approved_template_sha256=p.get("template_sha256"), approved_body_sha256=p.get("body_sha256"))

    def draft_void(self, e: Entry) -> None:
        self._draft(e).put(e.seq, status="voided", reason=e.p.get("reason"), approver=None, approved_at=None,
                           approved_template_sha256=None, approved_body_sha256=None)

    def draft_reject(self, e: Entry) -> None:
        self._draft(e).put(e.seq, status="rejected", reason=e.p.get("reason"), approver=e.actor,
                           approved_at=e.window(), approved_template_sha256=None, approved_body_sha256=None)

    def draft_hold(self, e: Entry) -> None:
        self._draft(e).put(e.seq, status="held", reason=e.p.get("reason"))

    def draft_send_start(self, e: Entry) -> None:
        self._draft(e).put(e.seq, status="sending", send_started_by=e.actor, send_started_at=e.window(),
                           mail_message_id=e.p.get("smtp_message_id"))

    def _add_attempts(self, rec: Rec, e: Entry) -> None:
        if "attempts" in rec.values and isinstance(e.p.get("attempts"), int):
            rec.put(e.seq, attempts=rec.get("attempts") + e.p["attempts"])

    def draft_send_confirmed(self, e: Entry) -> None:
        self._add_attempts(self._draft(e), e)

    def draft_dispatch(self, e: Entry) -> None:
        p = e.p
        rec = self._draft(e)
        sent_at = parse_time(p.get("sent_at"))
        rec.put(e.seq, status="dispatched", reason=None, dispatched_at=sent_at, dispatched_by=e.actor,
                dispatched_via=p.get("via"), message_id=p.get("message_id"))
        self._add_attempts(rec, e)
        for tag in p.get("untagged", ()):              # a senior reply answers SENIOR-REQUESTED
            self._untag(int(p["ticket_id"]), tag)
        if p.get("message_id") is None:
            return
        msg = self.messages[int(p["message_id"])] = Rec(e.seq)
        msg.put(e.seq, ticket_id=p["ticket_id"], direction="outbound", at=sent_at)
        if "body_sha256" in p:
            msg.put(e.seq, body_sha256=p["body_sha256"])
        if "to" in p:
            msg.put(e.seq, to_addr=p["to"])
        if p.get("via") == "manual":
            msg.put(e.seq, source_ref=f"draft:{p['draft_id']}:manual")
        elif p.get("smtp_message_id"):
            msg.put(e.seq, source_ref=p["smtp_message_id"])

    def dispatch_failed(self, e: Entry) -> None:
        p = e.p
        rec = self._draft(e)
        if p.get("resolved"):
            rec.put(e.seq, status="failed", reason=f"not sent (checked by {e.actor}: {p.get('reason')})")
            return
        self._add_attempts(rec, e)
        if rec.get("status") == "sending" and rec.get("mail_message_id") == p.get("smtp_message_id"):
            rec.put(e.seq, status="failed", reason=f"sending failed: {p.get('error')}")

    # ---- refunds, notes

    def refund_log(self, e: Entry) -> None:
        p = e.p
        rec = self.refunds[int(p["id"])] = Rec(e.seq)
        rec.put(e.seq, ticket_id=p.get("ticket_id", entity_id(e.entity)), kind=p.get("kind", "refund"),
                amount=p["amount"], currency=p["currency"], method=p["method"], reference=p.get("reference"),
                refunded_at=parse_time(p["refunded_at"]), note=p.get("note"), reverses_id=p.get("reverses_id"),
                amazon_order_id=p.get("amazon_order_id"), logged_by=e.actor, logged_at=e.window())

    def refund_reverse(self, e: Entry) -> None:
        p = e.p
        rec = self.refunds[int(p["id"])] = Rec(e.seq)
        rec.put(e.seq, ticket_id=entity_id(e.entity), kind="reversal", amount=p["amount"],
                currency=p["currency"], note=p.get("reason"), reverses_id=p["reverses_id"], refunded_at=e.window(),
                logged_by=e.actor, logged_at=e.window())
        original = self.refunds.get(int(p["reverses_id"]))
        if original is not None:         # copied from the entry it reverses
            for name in ("method", "reference", "amazon_order_id"):
                rec.copy(original, name)

    def ticket_note(self, e: Entry) -> None:
        self.notes[int(e.p["note_id"])] = Rec(e.seq, {"ticket_id": entity_id(e.entity), "author": e.actor,
                                                       "text": e.p["text"], "at": e.window()})

    # ---- tags

    def _tag(self, e: Entry, ticket: int, tag: str, *, reason: Any = None, known_reason: bool = True,
             by: str | None = None, when: bool = True) -> None:
        values: dict[str, Any] = {"set_by": by or e.actor}
        if known_reason:
            values["reason"] = reason
        if when:
            values["set_at"] = e.window()
        self.tags[(int(ticket), str(tag))] = Rec(e.seq, values)

    def _untag(self, ticket: int, tag: str) -> None:
        self.tags.pop((int(ticket), str(tag)), None)

    def ticket_tag(self, e: Entry) -> None:
        for tag in e.p.get("added", ()):
            self._tag(e, entity_id(e.entity), tag, reason=e.p.get("reason"))

    def ticket_untag(self, e: Entry) -> None:
        for tag in e.p.get("removed", ()):
            self._untag(entity_id(e.entity), tag)

    def ticket_bulk_tag(self, e: Entry) -> None:
        for group in e.p.get("added", ()):
            for tid in ids_of(group.get("tickets")):
                self._tag(e, tid, group["tag"], reason=e.p.get("reason"))

    def ticket_senior_requested(self, e: Entry) -> None:
        self._tag(e, entity_id(e.entity), e.p["tag"], reason=e.p.get("reason"))

    def _triage_tags(self, e: Entry, summary: Any) -> None:
        """Tags a classification added (the rule's reason text is not in the entry)."""
        added = summary.get("tags_added") if isinstance(summary, dict) else None
        for tid, tags in (added or {}).items():
            for tag in tags:
                self._tag(e, int(tid), tag, known_reason=False, by="system")

    def _arrived_suspended(self, e: Entry, created: Iterable[int]) -> None:
        """New Amazon-channel tickets that arrived while a suspension was in force."""
        if self.in_force is None:
            return
        for tid in created:
            if self.channel_of(tid) == "amazon":
                self._tag(e, tid, SUSPENDED, reason=f"arrived during suspension {self.in_force}")

    def import_messages(self, e: Entry) -> None:
        self._arrived_suspended(e, ids_of(e.p.get("tickets_created")))
        self._triage_tags(e, e.p.get("triage"))

    def triage_run(self, e: Entry) -> None:
        self._triage_tags(e, e.p)

    def triage_escalate(self, e: Entry) -> None:
        # the sweep's time (its ``now``) is not in the entry: set_at is not checked
        if "groups" in e.p:
            for group in e.p["groups"]:
                for tid in ids_of(group.get("tickets")):
                    for tag in group.get("tags", ()):
                        self._tag(e, tid, tag, reason=e.p.get("reason", ESCALATE_REASON), when=False)
        else:                           # one entry per ticket (chains written before the batches)
            for tag in e.p.get("tags", ()):
                self._tag(e, entity_id(e.entity), tag, reason=e.p.get("reason", ESCALATE_REASON), when=False)

    # ---- suspensions

    def suspension_declare(self, e: Entry) -> None:
        p = e.p
        sid = int(p["suspension_id"])
        rec = self.suspensions[sid] = Rec(e.seq)
        rec.put(e.seq, declared_at=parse_time(p["declared_at"]) if "declared_at" in p else e.window(),
                declared_by=e.actor, reason=p["reason"], notice_text=p.get("notice_text"),
                notice_received_at=parse_time(p.get("notice_received_at")), lifted_at=None, lifted_by=None)
        self.in_force = sid
        for tid in ids_of(p.get("tagged_tickets")):
            self._tag(e, tid, SUSPENDED, reason=f"suspension {sid} declared")
        for did in p.get("held_drafts", ()):
            rec = self.drafts.setdefault(int(did), Rec(e.seq))
            rec.put(e.seq, status="held")
            rec.forget("reason")        # the hold's wording is not in the entry

    def suspension_lift(self, e: Entry) -> None:
        p = e.p
        sid = int(p["suspension_id"])
        rec = self.suspensions.setdefault(sid, Rec(e.seq))
        rec.put(e.seq, lifted_at=parse_time(p["lifted_at"]) if "lifted_at" in p else e.window(), lifted_by=e.actor)
        if self.in_force == sid:
            self.in_force = None
        for tid in ids_of(p.get("untagged_tickets")):
            self._untag(tid, SUSPENDED)
        for did in p.get("released_drafts", ()):
            draft = self.drafts.setdefault(int(did), Rec(e.seq))
            if "approver" in draft.values:
                draft.put(e.seq, status="approved" if draft.get("approver") is not None else "submitted")
            else:
                draft.forget("status")
            draft.put(e.seq, reason=None)

    # ---- missed deadlines

    def deadline_missed(self, e: Entry) -> None:
        p = e.p
        if "groups" in p:
            self.miss_batches.append((e.seq, p))
            return
        subject = f"message:{p['message_id']}" if p.get("message_id") else f"ticket:{entity_id(e.entity)}"
        due = parse_time(p["due_at"])
        rec = self.miss_keyed[(p["kind"], subject, clock.iso(due) or "")] = Rec(e.seq)
        rec.put(e.seq, ticket_id=entity_id(e.entity), found_at=parse_time(p["found_at"]),
                suspended_at_due=bool(p["suspended_at_due"]), suspension_id=p.get("suspension_id"))

    def deadline_reclassify(self, e: Entry) -> None:
        self.reclassified.append((e.seq, e.p))

    # ---- users, settings, demo

    def user_add(self, e: Entry) -> None:
        rec = self.users[entity_id(e.entity)] = Rec(e.seq)
        rec.put(e.seq, name=e.p["name"], role=e.p["role"], disabled=False, created_at=e.window(),
                role_granted_by=e.actor, role_granted_at=e.window(), password_set_by=e.actor,
                password_set_at=e.window())

    def _user(self, e: Entry) -> Rec:
        return self.users.setdefault(entity_id(e.entity), Rec(e.seq))

    def user_disable(self, e: Entry) -> None:
        self._user(e).put(e.seq, disabled=True)

    def user_enable(self, e: Entry) -> None:
        self._user(e).put(e.seq, disabled=False)

    def user_set_role(self, e: Entry) -> None:
        self._user(e).put(e.seq, role=e.p["to"], role_granted_by=e.actor, role_granted_at=e.window())

    def user_reset_password(self, e: Entry) -> None:
        self._user(e).put(e.seq, password_set_by=e.actor, password_set_at=e.window())

    def settings_set(self, e: Entry) -> None:
        p = e.p
        key = p.get("key") or e.entity.split(":", 1)[1]
        rec = self.settings[key] = Rec(e.seq)
        secret = "stored_in" in p or p.get("to") == MASK
        value = Secret(p.get("to") == "", p.get("stored_in")) if secret else p["to"]
        rec.put(e.seq, value=value, updated_by=e.actor, updated_at=e.window())
        if key == "response_window_hours" and isinstance(value, int):
            self.response_windows.append((e.seq, value))

    def demo_load(self, e: Entry) -> None:
        from warroom.services.demo import DEMO_USERS

        roles = {name: role.value for name, role in DEMO_USERS}
        for name in e.p.get("users", ()):
            rec = self.demo_users[name] = Rec(e.seq)
            rec.put(e.seq, name=name, role=roles.get(name), disabled=False, created_at=e.window(),
                    role_granted_by=e.actor, role_granted_at=e.window(), password_set_by=e.actor,
                    password_set_at=e.window())
        if e.p.get("deadlines_counted_from"):
            rec = self.settings["deadlines.counted_from"] = Rec(e.seq)
            rec.put(e.seq, value=e.p["deadlines_counted_from"], updated_by=e.actor, updated_at=e.window())
        self._arrived_suspended(e, ids_of(e.p.get("ticket_ids")))
        self._triage_tags(e, e.p.get("triage"))


HANDLERS: dict[bytes, Callable[[Replay, Entry], None]] = {
    b"draft.submit": Replay.draft_submit, b"draft.edit": Replay.draft_edit,
    b"draft.approve": Replay.draft_approve, b"draft.void": Replay.draft_void,
    b"draft.reject": Replay.draft_reject, b"draft.hold": Replay.draft_hold,
    b"draft.send-start": Replay.draft_send_start, b"draft.send-confirmed": Replay.draft_send_confirmed,
    b"draft.dispatch": Replay.draft_dispatch, b"dispatch-failed": Replay.dispatch_failed,
    b"refund.log": Replay.refund_log, b"refund.reverse": Replay.refund_reverse,
    b"ticket.note": Replay.ticket_note, b"ticket.tag": Replay.ticket_tag, b"ticket.untag": Replay.ticket_untag,
    b"ticket.bulk-tag": Replay.ticket_bulk_tag, b"ticket.senior-requested": Replay.ticket_senior_requested,
    b"import.messages": Replay.import_messages, b"triage.run": Replay.triage_run,
    b"triage.escalate": Replay.triage_escalate, b"suspension.declare": Replay.suspension_declare,
    b"suspension.lift": Replay.suspension_lift, b"deadline.missed": Replay.deadline_missed,
    b"deadline.reclassify": Replay.deadline_reclassify, b"user.bootstrap": Replay.user_add,
    b"user.add": Replay.user_add, b"user.disable": Replay.user_disable,
    b"user.enable": Replay.user_enable, b"user.set-role": Replay.user_set_role,
    b"user.reset-password": Replay.user_reset_password, b"settings.set": Replay.settings_set,
    b"demo.load": Replay.demo_load,
}
#: modules that replay their own entry kinds (their ``HANDLERS``, run after the handler above
#: of the same action) and compare their own tables (``compare(conn, replay, out, checked)``)
EXTENSIONS = ("warroom.services.escalation_replay",)


def extensions() -> list[Any]:
    import importlib

    return [importlib.import_module(name) for name in EXTENSIONS]


def all_handlers() -> dict[bytes, Callable[[Replay, Entry], None]]:
    from warroom.services.claims_replay import HANDLERS as CLAIM_HANDLERS

    merged = dict(HANDLERS)
    for ext_handlers in (CLAIM_HANDLERS, *(ext.HANDLERS for ext in extensions())):
        for key, handler in ext_handlers.items():     # an action several know: the core's replay first
            first = merged.get(key)
            merged[key] = handler if first is None else _both(first, handler)
    return merged


def _both(first: Callable[[Replay, Entry], None], then: Callable[[Replay, Entry], None]) -> Callable[[Replay, Entry], None]:
    def run(replay: Replay, entry: Entry) -> None:
        first(replay, entry)
        then(replay, entry)
    return run


_PREFIX = b'{"action":"'
_AT = b',"at":"'


def replay_chain(conn: Connection, replay: Replay, upto: int | None) -> int:
    """One pass over the entries (up to ``upto``), in seq order; returns how many were read."""
    decode = msgspec.json.decode
    handlers = all_handlers()
    start = len(_PREFIX)
    sql = "SELECT seq, canonical FROM audit_entry" + (f" WHERE seq <= {int(upto)}" if upto is not None else "") \
          + " ORDER BY seq"
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    read = 0
    prev_at = b""                       # the previous entry's time, as stored
    parsed: tuple[bytes, datetime | None] = (b"", None)
    skip = len(_AT)
    try:
        cursor.execute(sql)
        while True:
            rows = cursor.fetchmany(_BATCH)
            if not rows:
                break
            read += len(rows)
            for seq, data in rows:
                if type(data) is not bytes:
                    data = bytes(data)
                handler = handlers.get(data[start:data.find(b'"', start)]) if data.startswith(_PREFIX) else None
                if handler is not None:
                    try:
                        doc = decode(data)
                        when = datetime.fromisoformat(doc["at"])
                        if parsed[0] != prev_at:
                            parsed = (prev_at, datetime.fromisoformat(prev_at.decode()) if prev_at else None)
                        entry = Entry(int(seq), str(doc["actor"]), when, parsed[1] or when,
                                       str(doc["entity"]), doc["payload"])
                        handler(replay, entry)
                    except (KeyError, TypeError, ValueError, AttributeError, IndexError, msgspec.DecodeError) as exc:
                        action = data[start:data.find(b'"', start)].decode("utf-8", "replace")
                        replay.unreadable.append((int(seq), (
                            f"entry {seq} ({action}): its payload is not in a form the deep check knows "
                            f"({type(exc).__name__}: {exc}); the rows it records are not checked")))
                i = data.find(_AT)
                if i > 0:
                    prev_at = data[i + skip:i + skip + 27]
    finally:
        cursor.close()
    return read
