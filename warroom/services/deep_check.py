"""The deep check (``warroom audit verify --deep``): the evidence tables against the chain.

The chain proves that its entries were not changed; it says nothing about the tables beside it.
Someone who edits ``refund_entry`` (5.00 becomes 2.00) leaves the chain intact.  The deep check
replays what the entries' payloads say each evidence row holds, in one pass over the chain
(each payload decoded once, entries of other actions skipped by their first bytes), then reads
the tables and names every difference: ``refund_entry 3 amount: table 2.00, entry 57 says 5.00``.

What each entry tells, column by column, and what no entry tells (so is not checked) is in
docs/audit-chain.md, "Deep check".  Times that a payload does not carry (a note's ``at``, a
tag's ``set_at``) were taken by the same unit of work as the entry: they must lie between the
previous entry's time and the entry's own, give or take :data:`TIME_SLACK` (the chain's own
tolerance for a clock step).
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Callable, Iterable, Iterator

import msgspec
from sqlalchemy.engine import Connection

from warroom import clock
from warroom.domain.audit import CLOCK_STEP_TOLERANCE
from warroom.domain.tickets import SUSPENDED
from warroom.services.deadlines import ESCALATE_REASON, events_digest
from warroom.services.inputs import shown
from warroom.services.settings import IN_KEYRING, MASK
from warroom.storage.dialect import placeholders
from warroom.storage.engine import Database
from warroom.storage.types import db_to_datetime

TIME_SLACK = CLOCK_STEP_TOLERANCE
_BATCH = 5_000
_CHUNK = 500


# ------------------------------------------------------------------------------ results

@dataclass(frozen=True, slots=True)
class Difference:
    """One way a table differs from what the chain says.  ``column`` None: the whole row (in
    the table but recorded by no entry, or recorded but not in the table)."""

    table: str
    row: int | str
    column: str | None
    table_value: str | None
    chain_value: str | None
    seq: int | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"table": self.table, "row": self.row, "column": self.column, "table_value": self.table_value,
                "chain_value": self.chain_value, "seq": self.seq, "message": self.message}


@dataclass(frozen=True, slots=True)
class DeepResult:
    checked: dict[str, int]             # table -> rows compared
    differences: tuple[Difference, ...]
    entries_read: int
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.differences

    def to_dict(self) -> dict[str, Any]:
        return {"checked": dict(self.checked), "differences": [d.to_dict() for d in self.differences],
                "entries_read": self.entries_read, "seconds": round(self.seconds, 3)}


# ------------------------------------------------------------------------------ what a row should hold

_TEXT_COLUMNS = frozenset({"body", "text", "reason", "note", "notice_text", "method", "reference"})


def _show(value: Any, column: str = "") -> str:
    if isinstance(value, str) and column in _TEXT_COLUMNS:
        return shown(value, 60)
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return clock.iso(value) or ""
    if isinstance(value, _Check):
        return value.shown()
    if isinstance(value, (dict, list)):
        return shown(json.dumps(value, ensure_ascii=False, sort_keys=True), 80)
    text = str(value)
    return text if text and len(text) <= 64 and all(c.isalnum() or c in "._-@:+/" for c in text) else shown(text, 60)


class _Check:
    """An expected value known only as a condition."""

    def holds(self, value: Any) -> bool:
        raise NotImplementedError

    def shown(self) -> str:
        raise NotImplementedError


class _Window(_Check):
    """A time taken by the unit of work that wrote an entry: after the previous entry, before
    this one (each give or take TIME_SLACK)."""

    __slots__ = ("lo", "hi")

    def __init__(self, lo: datetime, hi: datetime) -> None:
        self.lo, self.hi = lo - TIME_SLACK, hi + TIME_SLACK

    def holds(self, value: Any) -> bool:
        return isinstance(value, datetime) and self.lo <= value <= self.hi

    def shown(self) -> str:
        return f"a time between {clock.iso(self.lo)} and {clock.iso(self.hi)}"


class _Range(_Window):
    """A time an entry gives as a range (a batch's due times)."""

    def __init__(self, lo: datetime, hi: datetime) -> None:
        self.lo, self.hi = lo, hi


class _Secret(_Check):
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


class _Rec:
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

    def copy(self, other: "_Rec", name: str) -> None:
        if name in other.values:
            self.put(other.seq_of(name), **{name: other.values[name]})

    def forget(self, *names: str) -> None:
        for name in names:
            self.values.pop(name, None)

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


def _ids(runs: Any) -> Iterator[int]:
    """The ids of ``[[first, last], ...]`` (a plain list of ids is taken too)."""
    for run in runs or ():
        if isinstance(run, list) and len(run) == 2:
            yield from range(int(run[0]), int(run[1]) + 1)
        elif isinstance(run, int):
            yield run


def _entity_id(entity: str) -> int:
    return int(entity.rsplit(":", 1)[1])


def _time(text: Any) -> datetime | None:
    return clock.parse_iso(text) if isinstance(text, str) and text else None


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------------------ replaying the chain

class _Entry:
    __slots__ = ("seq", "actor", "at", "lo", "entity", "p", "_window")

    def __init__(self, seq: int, actor: str, at: datetime, lo: datetime, entity: str, p: Any) -> None:
        self.seq, self.actor, self.at, self.lo, self.entity, self.p = seq, actor, at, lo, entity, p
        self._window: _Window | None = None

    def window(self) -> _Window:
        if self._window is None:
            self._window = _Window(self.lo, self.at)
        return self._window


@dataclass
class _Replay:
    """The rows as the entries describe them, built entry by entry."""

    channel_of: Callable[[int], str | None]
    drafts: dict[int, _Rec] = field(default_factory=dict)
    messages: dict[int, _Rec] = field(default_factory=dict)
    refunds: dict[int, _Rec] = field(default_factory=dict)
    notes: dict[int, _Rec] = field(default_factory=dict)
    tags: dict[tuple[int, str], _Rec] = field(default_factory=dict)
    suspensions: dict[int, _Rec] = field(default_factory=dict)
    users: dict[int, _Rec] = field(default_factory=dict)
    demo_users: dict[str, _Rec] = field(default_factory=dict)
    settings: dict[str, _Rec] = field(default_factory=dict)
    miss_batches: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    miss_keyed: dict[tuple[str, str, str], _Rec] = field(default_factory=dict)
    reclassified: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    response_windows: list[tuple[int, int]] = field(default_factory=list)   # (seq, hours) as set
    unreadable: list[Difference] = field(default_factory=list)
    in_force: int | None = None         # the suspension in force at this point of the chain

    # ---- drafts, approvals, dispatches

    def _draft(self, e: _Entry) -> _Rec:
        did = int(e.p["draft_id"]) if "draft_id" in e.p else _entity_id(e.entity)
        rec = self.drafts.get(did)
        if rec is None:                 # a draft this chain never saw submitted
            rec = self.drafts[did] = _Rec(e.seq)
        return rec

    def draft_submit(self, e: _Entry) -> None:
        p = e.p
        rec = self.drafts[int(p["draft_id"])] = _Rec(e.seq)
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

    def _draft_text(self, rec: _Rec, e: _Entry) -> None:
        p = e.p
        if "body" in p:
            rec.put(e.seq, body=p["body"])
        if "body_sha256" in p:
            rec.put(e.seq, body_sha256=p["body_sha256"])
        if isinstance(p.get("variables"), dict):
            rec.put(e.seq, variables=p["variables"])
        if isinstance(p.get("lint"), list):
            rec.put(e.seq, lint_rules=p["lint"])

    def draft_edit(self, e: _Entry) -> None:
        rec = self._draft(e)
        rec.put(e.seq, status=e.p["status"], approver=None, approved_at=None, approved_template_sha256=None,
                approved_body_sha256=None, reason=None)
        self._draft_text(rec, e)

    def draft_approve(self, e: _Entry) -> None:
        p = e.p
        rec = self._draft(e)
        rec.put(e.seq, status=p["status"], reason=p.get("hold_reason"), approver=e.actor, approved_at=e.window(),
                approved_template_sha256=p.get("template_sha256"), approved_body_sha256=p.get("body_sha256"))

    def draft_void(self, e: _Entry) -> None:
        self._draft(e).put(e.seq, status="voided", reason=e.p.get("reason"), approver=None, approved_at=None,
                           approved_template_sha256=None, approved_body_sha256=None)

    def draft_reject(self, e: _Entry) -> None:
        self._draft(e).put(e.seq, status="rejected", reason=e.p.get("reason"), approver=e.actor,
                           approved_at=e.window(), approved_template_sha256=None, approved_body_sha256=None)

    def draft_hold(self, e: _Entry) -> None:
        self._draft(e).put(e.seq, status="held", reason=e.p.get("reason"))

    def draft_send_start(self, e: _Entry) -> None:
        self._draft(e).put(e.seq, status="sending", send_started_by=e.actor, send_started_at=e.window(),
                           mail_message_id=e.p.get("smtp_message_id"))

    def _add_attempts(self, rec: _Rec, e: _Entry) -> None:
        if "attempts" in rec.values and isinstance(e.p.get("attempts"), int):
            rec.put(e.seq, attempts=rec.get("attempts") + e.p["attempts"])

    def draft_send_confirmed(self, e: _Entry) -> None:
        self._add_attempts(self._draft(e), e)

    def draft_dispatch(self, e: _Entry) -> None:
        p = e.p
        rec = self._draft(e)
        sent_at = _time(p.get("sent_at"))
        rec.put(e.seq, status="dispatched", reason=None, dispatched_at=sent_at, dispatched_by=e.actor,
                dispatched_via=p.get("via"), message_id=p.get("message_id"))
        self._add_attempts(rec, e)
        if p.get("message_id") is None:
            return
        msg = self.messages[int(p["message_id"])] = _Rec(e.seq)
        msg.put(e.seq, ticket_id=p["ticket_id"], direction="outbound", at=sent_at)
        if "body_sha256" in p:
            msg.put(e.seq, body_sha256=p["body_sha256"])
        if "to" in p:
            msg.put(e.seq, to_addr=p["to"])
        if p.get("via") == "manual":
            msg.put(e.seq, source_ref=f"draft:{p['draft_id']}:manual")
        elif p.get("smtp_message_id"):
            msg.put(e.seq, source_ref=p["smtp_message_id"])

    def dispatch_failed(self, e: _Entry) -> None:
        p = e.p
        rec = self._draft(e)
        if p.get("resolved"):
            rec.put(e.seq, status="failed", reason=f"not sent (checked by {e.actor}: {p.get('reason')})")
            return
        self._add_attempts(rec, e)
        if rec.get("status") == "sending" and rec.get("mail_message_id") == p.get("smtp_message_id"):
            rec.put(e.seq, status="failed", reason=f"sending failed: {p.get('error')}")

    # ---- refunds, notes

    def refund_log(self, e: _Entry) -> None:
        p = e.p
        rec = self.refunds[int(p["id"])] = _Rec(e.seq)
        rec.put(e.seq, ticket_id=p.get("ticket_id", _entity_id(e.entity)), kind=p.get("kind", "refund"),
                amount=p["amount"], currency=p["currency"], method=p["method"], reference=p.get("reference"),
                refunded_at=_time(p["refunded_at"]), note=p.get("note"), reverses_id=p.get("reverses_id"),
                amazon_order_id=p.get("amazon_order_id"), logged_by=e.actor, logged_at=e.window())

    def refund_reverse(self, e: _Entry) -> None:
        p = e.p
        rec = self.refunds[int(p["id"])] = _Rec(e.seq)
        rec.put(e.seq, ticket_id=_entity_id(e.entity), kind="reversal", amount=p["amount"],
                currency=p["currency"], note=p.get("reason"), reverses_id=p["reverses_id"], refunded_at=e.window(),
                logged_by=e.actor, logged_at=e.window())
        original = self.refunds.get(int(p["reverses_id"]))
        if original is not None:         # copied from the entry it reverses
            for name in ("method", "reference", "amazon_order_id"):
                rec.copy(original, name)

    def ticket_note(self, e: _Entry) -> None:
        self.notes[int(e.p["note_id"])] = _Rec(e.seq, {"ticket_id": _entity_id(e.entity), "author": e.actor,
                                                       "text": e.p["text"], "at": e.window()})

    # ---- tags

    def _tag(self, e: _Entry, ticket: int, tag: str, *, reason: Any = None, known_reason: bool = True,
             by: str | None = None, when: bool = True) -> None:
        values: dict[str, Any] = {"set_by": by or e.actor}
        if known_reason:
            values["reason"] = reason
        if when:
            values["set_at"] = e.window()
        self.tags[(int(ticket), str(tag))] = _Rec(e.seq, values)

    def _untag(self, ticket: int, tag: str) -> None:
        self.tags.pop((int(ticket), str(tag)), None)

    def ticket_tag(self, e: _Entry) -> None:
        for tag in e.p.get("added", ()):
            self._tag(e, _entity_id(e.entity), tag, reason=e.p.get("reason"))

    def ticket_untag(self, e: _Entry) -> None:
        for tag in e.p.get("removed", ()):
            self._untag(_entity_id(e.entity), tag)

    def _triage_tags(self, e: _Entry, summary: Any) -> None:
        """Tags a classification added (the rule's reason text is not in the entry)."""
        added = summary.get("tags_added") if isinstance(summary, dict) else None
        for tid, tags in (added or {}).items():
            for tag in tags:
                self._tag(e, int(tid), tag, known_reason=False, by="system")

    def _arrived_suspended(self, e: _Entry, created: Iterable[int]) -> None:
        """New Amazon-channel tickets that arrived while a suspension was in force."""
        if self.in_force is None:
            return
        for tid in created:
            if self.channel_of(tid) == "amazon":
                self._tag(e, tid, SUSPENDED, reason=f"arrived during suspension {self.in_force}")

    def import_messages(self, e: _Entry) -> None:
        self._arrived_suspended(e, _ids(e.p.get("tickets_created")))
        self._triage_tags(e, e.p.get("triage"))

    def triage_run(self, e: _Entry) -> None:
        self._triage_tags(e, e.p)

    def triage_escalate(self, e: _Entry) -> None:
        # the sweep's time (its ``now``) is not in the entry: set_at is not checked
        if "groups" in e.p:
            for group in e.p["groups"]:
                for tid in _ids(group.get("tickets")):
                    for tag in group.get("tags", ()):
                        self._tag(e, tid, tag, reason=e.p.get("reason", ESCALATE_REASON), when=False)
        else:                           # one entry per ticket (chains written before the batches)
            for tag in e.p.get("tags", ()):
                self._tag(e, _entity_id(e.entity), tag, reason=e.p.get("reason", ESCALATE_REASON), when=False)

    # ---- suspensions

    def suspension_declare(self, e: _Entry) -> None:
        p = e.p
        sid = int(p["suspension_id"])
        rec = self.suspensions[sid] = _Rec(e.seq)
        rec.put(e.seq, declared_at=_time(p["declared_at"]) if "declared_at" in p else e.window(),
                declared_by=e.actor, reason=p["reason"], notice_text=p.get("notice_text"),
                notice_received_at=_time(p.get("notice_received_at")), lifted_at=None, lifted_by=None)
        self.in_force = sid
        for tid in _ids(p.get("tagged_tickets")):
            self._tag(e, tid, SUSPENDED, reason=f"suspension {sid} declared")
        for did in p.get("held_drafts", ()):
            rec = self.drafts.setdefault(int(did), _Rec(e.seq))
            rec.put(e.seq, status="held")
            rec.forget("reason")        # the hold's wording is not in the entry

    def suspension_lift(self, e: _Entry) -> None:
        p = e.p
        sid = int(p["suspension_id"])
        rec = self.suspensions.setdefault(sid, _Rec(e.seq))
        rec.put(e.seq, lifted_at=_time(p["lifted_at"]) if "lifted_at" in p else e.window(), lifted_by=e.actor)
        if self.in_force == sid:
            self.in_force = None
        for tid in _ids(p.get("untagged_tickets")):
            self._untag(tid, SUSPENDED)
        for did in p.get("released_drafts", ()):
            draft = self.drafts.setdefault(int(did), _Rec(e.seq))
            if "approver" in draft.values:
                draft.put(e.seq, status="approved" if draft.get("approver") is not None else "submitted")
            else:
                draft.forget("status")
            draft.put(e.seq, reason=None)

    # ---- missed deadlines

    def deadline_missed(self, e: _Entry) -> None:
        p = e.p
        if "groups" in p:
            self.miss_batches.append((e.seq, p))
            return
        subject = f"message:{p['message_id']}" if p.get("message_id") else f"ticket:{_entity_id(e.entity)}"
        due = _time(p["due_at"])
        rec = self.miss_keyed[(p["kind"], subject, clock.iso(due) or "")] = _Rec(e.seq)
        rec.put(e.seq, ticket_id=_entity_id(e.entity), found_at=_time(p["found_at"]),
                suspended_at_due=bool(p["suspended_at_due"]), suspension_id=p.get("suspension_id"))

    def deadline_reclassify(self, e: _Entry) -> None:
        self.reclassified.append((e.seq, e.p))

    # ---- users, settings, demo

    def user_add(self, e: _Entry) -> None:
        rec = self.users[_entity_id(e.entity)] = _Rec(e.seq)
        rec.put(e.seq, name=e.p["name"], role=e.p["role"], disabled=False, created_at=e.window(),
                role_granted_by=e.actor, role_granted_at=e.window(), password_set_by=e.actor,
                password_set_at=e.window())

    def _user(self, e: _Entry) -> _Rec:
        return self.users.setdefault(_entity_id(e.entity), _Rec(e.seq))

    def user_disable(self, e: _Entry) -> None:
        self._user(e).put(e.seq, disabled=True)

    def user_set_role(self, e: _Entry) -> None:
        self._user(e).put(e.seq, role=e.p["to"], role_granted_by=e.actor, role_granted_at=e.window())

    def user_reset_password(self, e: _Entry) -> None:
        self._user(e).put(e.seq, password_set_by=e.actor, password_set_at=e.window())

    def settings_set(self, e: _Entry) -> None:
        p = e.p
        key = p.get("key") or e.entity.split(":", 1)[1]
        rec = self.settings[key] = _Rec(e.seq)
        secret = "stored_in" in p or p.get("to") == MASK
        value = _Secret(p.get("to") == "", p.get("stored_in")) if secret else p["to"]
        rec.put(e.seq, value=value, updated_by=e.actor, updated_at=e.window())
        if key == "response_window_hours" and isinstance(value, int):
            self.response_windows.append((e.seq, value))

    def demo_load(self, e: _Entry) -> None:
        from warroom.services.demo import DEMO_USERS

        roles = {name: role.value for name, role in DEMO_USERS}
        for name in e.p.get("users", ()):
            rec = self.demo_users[name] = _Rec(e.seq)
            rec.put(e.seq, name=name, role=roles.get(name), disabled=False, created_at=e.window(),
                    role_granted_by=e.actor, role_granted_at=e.window(), password_set_by=e.actor,
                    password_set_at=e.window())
        if e.p.get("deadlines_counted_from"):
            rec = self.settings["deadlines.counted_from"] = _Rec(e.seq)
            rec.put(e.seq, value=e.p["deadlines_counted_from"], updated_by=e.actor, updated_at=e.window())
        self._arrived_suspended(e, _ids(e.p.get("ticket_ids")))
        self._triage_tags(e, e.p.get("triage"))


_HANDLERS: dict[bytes, Callable[[_Replay, _Entry], None]] = {
    b"draft.submit": _Replay.draft_submit, b"draft.edit": _Replay.draft_edit,
    b"draft.approve": _Replay.draft_approve, b"draft.void": _Replay.draft_void,
    b"draft.reject": _Replay.draft_reject, b"draft.hold": _Replay.draft_hold,
    b"draft.send-start": _Replay.draft_send_start, b"draft.send-confirmed": _Replay.draft_send_confirmed,
    b"draft.dispatch": _Replay.draft_dispatch, b"dispatch-failed": _Replay.dispatch_failed,
    b"refund.log": _Replay.refund_log, b"refund.reverse": _Replay.refund_reverse,
    b"ticket.note": _Replay.ticket_note, b"ticket.tag": _Replay.ticket_tag, b"ticket.untag": _Replay.ticket_untag,
    b"import.messages": _Replay.import_messages, b"triage.run": _Replay.triage_run,
    b"triage.escalate": _Replay.triage_escalate, b"suspension.declare": _Replay.suspension_declare,
    b"suspension.lift": _Replay.suspension_lift, b"deadline.missed": _Replay.deadline_missed,
    b"deadline.reclassify": _Replay.deadline_reclassify, b"user.bootstrap": _Replay.user_add,
    b"user.add": _Replay.user_add, b"user.disable": _Replay.user_disable, b"user.set-role": _Replay.user_set_role,
    b"user.reset-password": _Replay.user_reset_password, b"settings.set": _Replay.settings_set,
    b"demo.load": _Replay.demo_load,
}
_PREFIX = b'{"action":"'
_AT = b',"at":"'


def _replay(conn: Connection, replay: _Replay, upto: int | None) -> int:
    """One pass over the entries (up to ``upto``), in seq order; returns how many were read."""
    decode = msgspec.json.decode
    handlers = _HANDLERS
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
                        entry = _Entry(int(seq), str(doc["actor"]), when, parsed[1] or when,
                                       str(doc["entity"]), doc["payload"])
                        handler(replay, entry)
                    except (KeyError, TypeError, ValueError, AttributeError, IndexError, msgspec.DecodeError) as exc:
                        action = data[start:data.find(b'"', start)].decode("utf-8", "replace")
                        replay.unreadable.append(Difference(
                            "audit_entry", int(seq), None, None, None, int(seq),
                            f"entry {seq} ({action}): its payload is not in a form the deep check knows "
                            f"({type(exc).__name__}: {exc}); the rows it records are not checked"))
                i = data.find(_AT)
                if i > 0:
                    prev_at = data[i + skip:i + skip + 27]
    finally:
        cursor.close()
    return read


# ------------------------------------------------------------------------------ reading the tables

_DRAFT_COLS = ("id", "ticket_id", "reply_to_id", "kind", "author", "template_id", "template_sha256", "variables",
               "lint", "body", "body_sha256", "status", "submitted_at", "approver", "approved_at",
               "approved_template_sha256", "approved_body_sha256", "reason", "attempts", "send_started_at",
               "send_started_by", "mail_message_id", "dispatched_at", "dispatched_by", "dispatched_via", "message_id")
_TIMES = frozenset({"submitted_at", "approved_at", "send_started_at", "dispatched_at", "at", "refunded_at",
                    "logged_at", "set_at", "declared_at", "notice_received_at", "lifted_at", "due_at", "found_at",
                    "created_at", "role_granted_at", "password_set_at", "updated_at"})
_BOOLS = frozenset({"disabled", "suspended_at_due"})


def _stored_time(value: Any) -> datetime:
    """A time as the driver gives it (SQLite: naive UTC text; PostgreSQL: naive datetime)."""
    return datetime.fromisoformat(value + "+00:00") if isinstance(value, str) else db_to_datetime(value)  # type: ignore[return-value]


def _rows(conn: Connection, sql: str, cols: tuple[str, ...], params: tuple[Any, ...] = ()) -> Iterator[dict[str, Any]]:
    """The rows as dicts, times as aware UTC datetimes, booleans as bool (read through the
    driver: these tables can hold 100,000s of rows)."""
    times = [i for i, name in enumerate(cols) if name in _TIMES]
    bools = [i for i, name in enumerate(cols) if name in _BOOLS]
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql, params)
        while True:
            batch = cursor.fetchmany(_BATCH)
            if not batch:
                break
            for raw in batch:
                if times or bools:
                    raw = list(raw)
                    for i in times:
                        if raw[i] is not None:
                            raw[i] = _stored_time(raw[i])
                    for i in bools:
                        if raw[i] is not None:
                            raw[i] = bool(raw[i])
                yield dict(zip(cols, raw))
    finally:
        cursor.close()


def _json(text: Any) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


class _Differences:
    def __init__(self) -> None:
        self.found: list[Difference] = []

    def column(self, table: str, row: int | str, column: str, have: Any, want: Any, seq: int) -> None:
        t, c = _show(have, column), _show(want, column)
        self.found.append(Difference(table, row, column, t, c, seq,
                                     f"{table} {row} {column}: table {t}, entry {seq} says {c}"))

    def missing(self, table: str, row: int | str, seq: int) -> None:
        self.found.append(Difference(table, row, None, None, "recorded", seq,
                                     f"{table} {row}: not in the table, but entry {seq} records it"))

    def unrecorded(self, table: str, row: int | str) -> None:
        self.found.append(Difference(table, row, None, "present", None, None,
                                     f"{table} {row}: in the table, but no entry records it"))

    def compare(self, table: str, row: int | str, rec: _Rec, actual: dict[str, Any]) -> None:
        for name, want in rec.values.items():
            have = actual.get(name)
            if have == want and type(have) is type(want):
                continue
            if isinstance(want, _Check) and want.holds(have):
                continue
            self.column(table, row, name, have, want, rec.seq_of(name))

    def table(self, table: str, recs: dict[Any, _Rec], actual: dict[Any, dict[str, Any]],
              label: Callable[[Any], int | str] = lambda k: k) -> None:
        for key in sorted(set(recs) | set(actual), key=lambda k: (str(type(k)), k)):
            rec, row = recs.get(key), actual.get(key)
            if row is None:
                assert rec is not None
                self.missing(table, label(key), rec.seq)
            elif rec is None:
                self.unrecorded(table, label(key))
            else:
                self.compare(table, label(key), rec, row)


def _in_chunks(conn: Connection, sql: str, cols: tuple[str, ...], ids: list[int]) -> Iterator[dict[str, Any]]:
    for start in range(0, len(ids), _CHUNK):
        part = ids[start:start + _CHUNK]
        yield from _rows(conn, sql.format(marks=placeholders(conn, len(part))), cols, tuple(part))


def _compare_tables(conn: Connection, replay: _Replay, out: _Differences, checked: dict[str, int]) -> None:
    drafts = {r["id"]: r for r in _rows(conn, f"SELECT {', '.join(_DRAFT_COLS)} FROM draft", _DRAFT_COLS)}
    templates = {int(i): f"{k}@{v}/{lang}" for i, k, v, lang in conn.exec_driver_sql(
        "SELECT id, key, version, language FROM reply_template")}
    for r in drafts.values():
        tid = r.pop("template_id")
        r["template"] = templates.get(tid, f"(template {tid})") if tid is not None else None
        r["variables"] = _json(r.pop("variables"))
        findings = _json(r.pop("lint"))       # the entry names the rules that found something
        r["lint_rules"] = (sorted({f.get("rule") for f in findings if isinstance(f, dict)})
                           if isinstance(findings, list) else findings)
    checked["draft"] = len(drafts)
    out.table("draft", replay.drafts, drafts)

    mcols = ("id", "ticket_id", "direction", "at", "body", "source_ref", "to_addr")
    msql = f"SELECT {', '.join(mcols)} FROM message"
    messages = {r["id"]: r for r in _rows(conn, msql + " WHERE direction = 'outbound'", mcols)}
    wanted = sorted(set(replay.messages) - set(messages))
    messages.update({r["id"]: r for r in _in_chunks(conn, msql + " WHERE id IN ({marks})", mcols, wanted)})
    for r in messages.values():
        r["body_sha256"] = _sha(r.pop("body") or "")
    checked["message"] = len(messages)
    out.table("message", replay.messages, messages)

    rcols = ("id", "ticket_id", "amazon_order_id", "kind", "amount", "currency", "method", "reference",
             "refunded_at", "note", "reverses_id", "logged_by", "logged_at")
    refunds = {r["id"]: r for r in _rows(conn, f"SELECT {', '.join(rcols)} FROM refund_entry", rcols)}
    checked["refund_entry"] = len(refunds)
    out.table("refund_entry", replay.refunds, refunds)

    ncols = ("id", "ticket_id", "author", "at", "text")
    notes = {r["id"]: r for r in _rows(conn, f"SELECT {', '.join(ncols)} FROM note", ncols)}
    checked["note"] = len(notes)
    out.table("note", replay.notes, notes)

    tcols = ("ticket_id", "tag", "reason", "set_by", "set_at")
    tags = {(r["ticket_id"], r["tag"]): r for r in _rows(conn, f"SELECT {', '.join(tcols)} FROM ticket_tag", tcols)}
    checked["ticket_tag"] = len(tags)
    out.table("ticket_tag", replay.tags, tags, lambda k: f"{k[0]}/{k[1]}")

    scols = ("id", "declared_at", "declared_by", "reason", "notice_text", "notice_received_at", "lifted_at",
             "lifted_by")
    suspensions = {r["id"]: r for r in _rows(conn, f"SELECT {', '.join(scols)} FROM suspension", scols)}
    checked["suspension"] = len(suspensions)
    out.table("suspension", replay.suspensions, suspensions)

    _check_deadlines(conn, replay, out, checked)

    ucols = ("id", "name", "role", "disabled", "created_at", "role_granted_by", "role_granted_at",
             "password_set_by", "password_set_at")
    users = {r["id"]: r for r in _rows(conn, f"SELECT {', '.join(ucols)} FROM user_account", ucols)}
    checked["user_account"] = len(users)
    recs = dict(replay.users)
    by_name = {r["name"]: uid for uid, r in users.items()}
    for name, rec in replay.demo_users.items():     # the demo's entry names its users, not their ids
        uid = by_name.get(name)
        recs[uid if uid is not None and uid not in recs else f"{name!r}"] = rec
    out.table("user_account", recs, users)

    setting_cols = ("key", "value", "updated_at", "updated_by")
    settings = {r["key"]: r for r in _rows(conn, f"SELECT {', '.join(setting_cols)} FROM setting", setting_cols)}
    for r in settings.values():
        r["value"] = _json(r["value"])
    checked["setting"] = len(settings)
    out.table("setting", replay.settings, settings)


# ------------------------------------------------------------------------------ missed deadlines

_DCOLS = ("id", "ticket_id", "kind", "subject", "due_at", "found_at", "suspended_at_due", "suspension_id")


def _runs_text(ids: list[int]) -> str:
    return f"{ids[0]}" if len(ids) == 1 else f"{ids[0]}-{ids[-1]}"


def _check_deadlines(conn: Connection, replay: _Replay, out: _Differences, checked: dict[str, int]) -> None:
    """deadline_event against deadline.missed (batches: event ids, groups, ``events_sha256``;
    older chains: one entry per miss) and deadline.reclassify (the suspension fields changed)."""
    rows = {r["id"]: r for r in _rows(conn, f"SELECT {', '.join(_DCOLS)} FROM deadline_event", _DCOLS)}
    checked["deadline_event"] = len(rows)
    explained: set[int] = set()
    # rows re-classified: their values before (the first entry's "from") and now (the last's "to")
    before: dict[int, tuple[bool, Any]] = {}
    after: dict[int, tuple[tuple[bool, Any], int]] = {}
    for seq, p in replay.reclassified:
        frm, to = p.get("from", {}), p.get("to", {})
        ids = list(_ids(p.get("event_ids")))
        for i in ids:
            before.setdefault(i, (bool(frm.get("suspended_at_due")), frm.get("suspension_id")))
            after[i] = ((bool(to.get("suspended_at_due")), to.get("suspension_id")), seq)
            if i not in rows:
                out.missing("deadline_event", i, seq)
        present = [i for i in ids if i in rows]
        explained.update(present)
        if present and "events_sha256" in p and len(present) == len(ids):
            digest = events_digest([(rows[i]["kind"], rows[i]["subject"], clock.iso(rows[i]["due_at"]),
                                     *after[i][0]) for i in present])
            if digest != p["events_sha256"] and not _suspension_fields_differ(rows, present, after):
                _digest_difference(out, present, digest, p["events_sha256"], seq)

    def current(i: int, original: tuple[bool, Any], seq: int) -> None:
        """Compare a row's suspension fields with what the last entry about it says."""
        want, wseq = after.get(i, (original, seq))
        have = (rows[i]["suspended_at_due"], rows[i]["suspension_id"])
        for name, h, w in zip(("suspended_at_due", "suspension_id"), have, want):
            if h != w:
                out.column("deadline_event", i, name, h, w, wseq)

    by_key = {(r["kind"], r["subject"], clock.iso(r["due_at"])): i
              for i, r in rows.items()} if replay.miss_keyed else {}
    for key, rec in replay.miss_keyed.items():
        i = by_key.get(key)
        if i is None:
            out.missing("deadline_event", f"{key[0]} {key[1]} due {key[2]}", rec.seq)
            continue
        explained.add(i)
        original = (rec.get("suspended_at_due"), rec.get("suspension_id"))
        rec.forget("suspended_at_due", "suspension_id")
        out.compare("deadline_event", i, rec, rows[i])
        current(i, original, rec.seq)

    due_of = _response_dues(conn, replay, rows)
    for seq, p in replay.miss_batches:
        ids = list(_ids(p.get("event_ids")))
        for i in ids:
            if i not in rows:
                out.missing("deadline_event", i, seq)
        present = [i for i in ids if i in rows]
        explained.update(present)
        found_at = _time(p.get("found_at"))
        groups = [_Group(g) for g in p.get("groups", ())]
        settled = True                  # every row finding is one the digest can be corrected for
        original: dict[int, tuple[bool, Any]] = {}
        for i in present:
            r = rows[i]
            if found_at is not None and r["found_at"] != found_at:
                out.column("deadline_event", i, "found_at", r["found_at"], found_at, seq)
            values = before.get(i, (r["suspended_at_due"], r["suspension_id"]))
            fit, exact = _fit_group(out, r, values, groups, seq, reclassified=i in before, due=due_of(r, seq))
            settled = settled and exact
            original[i] = fit
            if i not in before:
                continue
            current(i, values, seq)
        if not present or "events_sha256" not in p or len(present) != len(ids):
            continue
        digest = events_digest([(rows[i]["kind"], rows[i]["subject"], clock.iso(due_of(rows[i], seq) or rows[i]["due_at"]),
                                 *original[i]) for i in present])
        if digest != p["events_sha256"] and settled:
            _digest_difference(out, present, digest, p["events_sha256"], seq)

    for i in sorted(set(rows) - explained):
        out.unrecorded("deadline_event", i)


def _response_dues(conn: Connection, replay: _Replay,
                   rows: dict[int, dict[str, Any]]) -> Callable[[dict[str, Any], int], datetime | None]:
    """A response miss is due the response window after its message arrived: the window as set
    when the batch was recorded (settings.set entries before it), the message's time from the
    message table.  Gives None for other kinds."""
    from bisect import bisect_right

    from warroom.services.settings import spec_for

    wanted = sorted({int(r["subject"].split(":", 1)[1]) for r in rows.values()
                     if r["kind"] == "response" and r["subject"].startswith("message:")
                     and r["subject"].split(":", 1)[1].isdigit()})
    arrived = {r["id"]: r["at"] for r in _in_chunks(conn, "SELECT id, at FROM message WHERE id IN ({marks})",
                                                     ("id", "at"), wanted)}
    seqs = [seq for seq, _ in replay.response_windows]
    default = int(spec_for("response_window_hours").default)

    def due(r: dict[str, Any], seq: int) -> datetime | None:
        if r["kind"] != "response":
            return None
        at = arrived.get(int(r["subject"].split(":", 1)[1])) if r["subject"].split(":", 1)[1].isdigit() else None
        if at is None:
            return None
        k = bisect_right(seqs, seq)
        return at + timedelta(hours=replay.response_windows[k - 1][1] if k else default)

    return due


def _suspension_fields_differ(rows: dict[int, dict[str, Any]], ids: list[int],
                              after: dict[int, tuple[tuple[bool, Any], int]]) -> bool:
    return any((rows[i]["suspended_at_due"], rows[i]["suspension_id"]) != after[i][0] for i in ids)


def _digest_difference(out: _Differences, ids: list[int], have: str, want: str, seq: int) -> None:
    row = _runs_text(ids)
    out.found.append(Difference(
        "deadline_event", row, "events_sha256", have, want, seq,
        f"deadline_event {row} events_sha256: table {have}, entry {seq} says {want} "
        "(a row's kind, subject or due time was changed)"))


class _Group:
    """One group of a batch entry: its kind and suspension fields, tickets, messages, due times."""

    __slots__ = ("kind", "values", "tickets", "messages", "due_from", "due_to")

    def __init__(self, g: dict[str, Any]) -> None:
        self.kind = g.get("kind")
        self.values = (bool(g.get("suspended_at_due")), g.get("suspension_id"))
        self.tickets = set(_ids(g.get("tickets")))
        self.messages = set(_ids(g.get("messages"))) if "messages" in g else None
        self.due_from, self.due_to = _time(g.get("due_from")), _time(g.get("due_to"))


def _fit_group(out: _Differences, r: dict[str, Any], values: tuple[bool, Any], groups: list[_Group],
               seq: int, *, reclassified: bool, due: datetime | None) -> tuple[tuple[bool, Any], bool]:
    """Find the group of a batch entry that lists row ``r`` and compare the row with it.  Returns
    the suspension fields the entry gives the row (for the digest) and whether every finding
    was about fields the digest can take from the entry."""
    i = r["id"]
    subject_id = int(r["subject"].split(":", 1)[1]) if r["subject"].split(":", 1)[-1].isdigit() else None
    listed = [g for g in groups if g.kind == r["kind"] and r["ticket_id"] in g.tickets
              and (r["kind"] != "response" or (g.messages is not None and subject_id in g.messages))]
    if not listed:
        out.found.append(Difference(
            "deadline_event", i, None, f"{r['kind']} {r['subject']} ticket {r['ticket_id']}", None, seq,
            f"deadline_event {i}: entry {seq} lists it, but none of its groups has a {r['kind']} miss "
            f"of ticket {r['ticket_id']} ({r['subject']}): its kind, ticket or subject was changed"))
        return values, False
    exact = [g for g in listed if g.values == values]
    group = exact[0] if exact else listed[0]
    settled = True
    if not exact and not reclassified:
        for name, h, w in zip(("suspended_at_due", "suspension_id"), values, group.values):
            if h != w:
                out.column("deadline_event", i, name, h, w, seq)
    lo, hi = group.due_from, group.due_to
    if due is not None and lo is not None and hi is not None and lo <= due <= hi:
        if r["due_at"] != due:          # the message's time + the window: the digest takes it from there
            out.column("deadline_event", i, "due_at", r["due_at"], due, seq)
    elif lo is not None and hi is not None and not lo <= r["due_at"] <= hi:
        out.column("deadline_event", i, "due_at", r["due_at"], _Range(lo, hi), seq)
        settled = False
    if r["kind"] != "response" and subject_id != r["ticket_id"]:
        out.column("deadline_event", i, "subject", r["subject"], f"ticket:{r['ticket_id']}", seq)
        settled = False
    return group.values, settled


# ------------------------------------------------------------------------------ the check

def deep_check(db: Database, *, upto: int | None = None) -> DeepResult:
    """Compare the evidence tables with the entries 1 .. ``upto`` (all when None; pass the
    verified count when the chain is broken: nothing after the first bad entry is trusted).
    One read transaction: a consistent snapshot of the chain and the tables."""
    started = time.perf_counter()
    with db.engine.connect() as conn:
        conn.exec_driver_sql("SELECT 1 FROM audit_entry LIMIT 1").all()     # begins the read transaction
        channels: dict[int, str] = {}

        def channel_of(ticket_id: int) -> str | None:
            if not channels:
                channels.update((int(i), c) for i, c in conn.exec_driver_sql("SELECT id, channel FROM ticket"))
            return channels.get(ticket_id)

        replay = _Replay(channel_of)
        read = _replay(conn, replay, upto)
        out = _Differences()
        out.found.extend(replay.unreadable)
        checked: dict[str, int] = {}
        _compare_tables(conn, replay, out, checked)
    return DeepResult(checked=checked, differences=tuple(out.found), entries_read=read,
                      seconds=time.perf_counter() - started)
