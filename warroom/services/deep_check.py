"""The deep check (``warroom audit verify --deep``): the evidence tables against the chain.

The chain proves that its entries were not changed; it says nothing about the tables beside it.
Someone who edits ``refund_entry`` (5.00 becomes 2.00) leaves the chain intact.  The deep check
replays what the entries' payloads say each evidence row holds, in one pass over the chain
(each payload decoded once, entries of other actions skipped by their first bytes), then reads
the tables and names every difference: ``refund_entry 3 amount: table 2.00, entry 57 says 5.00``.

What each entry tells, column by column, and what no entry tells (so is not checked) is in
docs/audit-chain.md, "Deep check".  Times that a payload does not carry (a note's ``at``, a
tag's ``set_at``) were taken by the same unit of work as the entry: they must lie between the
previous entry's time and the entry's own, give or take
:data:`~warroom.services.deep_replay.TIME_SLACK` (the chain's own tolerance for a clock step).
The replay itself is :mod:`warroom.services.deep_replay`.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable, Iterator

from sqlalchemy.engine import Connection

from warroom import clock
from warroom.services.deadlines import events_digest
from warroom.services.deep_replay import Check, Range, Rec, Replay, ids_of, parse_time, replay_chain
from warroom.services.inputs import shown
from warroom.storage.dialect import placeholders
from warroom.storage.engine import Database
from warroom.storage.types import db_to_datetime

_BATCH = 5_000
_CHUNK = 500
#: checks of later record kinds' tables, registered by their modules (imported at the bottom)
TABLE_CHECKS: list[Callable[[Connection, Replay, "_Differences", dict[str, int]], None]] = []


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
    if isinstance(value, Check):
        return value.shown()
    if isinstance(value, (dict, list)):
        return shown(json.dumps(value, ensure_ascii=False, sort_keys=True), 80)
    text = str(value)
    return text if text and len(text) <= 64 and all(c.isalnum() or c in "._-@:+/" for c in text) else shown(text, 60)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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

    def compare(self, table: str, row: int | str, rec: Rec, actual: dict[str, Any]) -> None:
        for name, want in rec.values.items():
            have = actual.get(name)
            if have == want and type(have) is type(want):
                continue
            if isinstance(want, Check) and want.holds(have):
                continue
            self.column(table, row, name, have, want, rec.seq_of(name))

    def table(self, table: str, recs: dict[Any, Rec], actual: dict[Any, dict[str, Any]],
              label: Callable[[Any], int | str] = lambda k: k) -> None:
        keys = recs.keys() | actual.keys()
        try:
            ordered = sorted(keys)
        except TypeError:               # ids and names mixed (a demo user missing from the table)
            ordered = sorted(keys, key=lambda k: (str(type(k)), k))
        for key in ordered:
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


def _compare_tables(conn: Connection, replay: Replay, out: _Differences, checked: dict[str, int]) -> None:
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
    for check in TABLE_CHECKS:          # later record kinds' tables (their own modules)
        check(conn, replay, out, checked)

    ucols = ("id", "name", "role", "disabled", "created_at", "role_granted_by", "role_granted_at",
             "password_set_by", "password_set_at")
    users = {r["id"]: r for r in _rows(conn, f"SELECT {', '.join(ucols)} FROM user_account", ucols)}
    checked["user_account"] = len(users)
    recs: dict[int | str, Rec] = {uid: rec for uid, rec in replay.users.items()}
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

    from warroom.services.claims_replay import compare as compare_claims

    compare_claims(conn, replay, out, checked)

    from warroom.services.deep_replay import extensions

    for ext in extensions():
        ext.compare(conn, replay, out, checked)


# ------------------------------------------------------------------------------ missed deadlines

_DCOLS = ("id", "ticket_id", "kind", "subject", "due_at", "found_at", "suspended_at_due", "suspension_id")


def _runs_text(ids: list[int]) -> str:
    return f"{ids[0]}" if len(ids) == 1 else f"{ids[0]}-{ids[-1]}"


def _check_deadlines(conn: Connection, replay: Replay, out: _Differences, checked: dict[str, int]) -> None:
    """deadline_event against deadline.missed (batches: event ids, groups, ``events_sha256``;
    older chains: one entry per miss) and deadline.reclassify (the suspension fields changed)."""
    rows = {r["id"]: r for r in _rows(conn, f"SELECT {', '.join(_DCOLS)} FROM deadline_event", _DCOLS)}
    checked["deadline_event"] = len(rows)
    explained: set[int] = set()
    # rows re-classified: their values before (the first entry's "from") and now (the last's "to")
    before: dict[int, tuple[bool, Any]] = {}
    after: dict[int, tuple[tuple[bool, Any], int]] = {}
    reclassified: list[tuple[int, list[int], str]] = []      # digests checked last
    for seq, p in replay.reclassified:
        frm, to = p.get("from", {}), p.get("to", {})
        ids = list(ids_of(p.get("event_ids")))
        for i in ids:
            before.setdefault(i, (bool(frm.get("suspended_at_due")), frm.get("suspension_id")))
            after[i] = ((bool(to.get("suspended_at_due")), to.get("suspension_id")), seq)
            if i not in rows:
                out.missing("deadline_event", i, seq)
        present = [i for i in ids if i in rows]
        explained.update(present)
        if present and "events_sha256" in p and len(present) == len(ids):
            reclassified.append((seq, present, p["events_sha256"]))

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
        found = by_key.get(key)
        if found is None:
            out.missing("deadline_event", f"{key[0]} {key[1]} due {key[2]}", rec.seq)
            continue
        explained.add(found)
        recorded = (rec.get("suspended_at_due"), rec.get("suspension_id"))
        rec.forget("suspended_at_due", "suspension_id")
        out.compare("deadline_event", found, rec, rows[found])
        current(found, recorded, rec.seq)

    subjects = _Subjects(conn, replay, rows)
    for seq, p in replay.miss_batches:
        ids = list(ids_of(p.get("event_ids")))
        for i in ids:
            if i not in rows:
                out.missing("deadline_event", i, seq)
        present = [i for i in ids if i in rows]
        explained.update(present)
        found_at = parse_time(p.get("found_at"))
        groups = [_Group(g) for g in p.get("groups", ())]
        whole = bool(present) and "events_sha256" in p and len(present) == len(ids)
        if whole and _batch_intact(rows, present, before, groups, found_at, p["events_sha256"], subjects):
            for i in present:           # as recorded; only a re-classified row may differ since
                if i in before:
                    current(i, before[i], seq)
            continue
        settled = True                  # every row finding is one the digest can be corrected for
        original: dict[int, tuple[bool, Any]] = {}
        for i in present:
            r = rows[i]
            if found_at is not None and r["found_at"] != found_at:
                out.column("deadline_event", i, "found_at", r["found_at"], found_at, seq)
            values = before.get(i, (r["suspended_at_due"], r["suspension_id"]))
            fit, exact = _fit_group(out, r, values, groups, seq, reclassified=i in before,
                                    due=subjects.due(r, seq), owner=subjects.owner(r))
            settled = settled and exact
            original[i] = fit
            if i not in before:
                continue
            current(i, values, seq)
        if not whole:
            continue
        digest = events_digest([(rows[i]["kind"], rows[i]["subject"], clock.iso(subjects.due(rows[i], seq) or rows[i]["due_at"]),
                                 *original[i]) for i in present])
        if digest != p["events_sha256"] and settled:
            _digest_difference(out, present, digest, p["events_sha256"], seq)

    named = {d.row for d in out.found if d.table == "deadline_event"}
    for seq, present, want in reclassified:     # the rows as re-classified (unless named already)
        digest = events_digest([(rows[i]["kind"], rows[i]["subject"], clock.iso(rows[i]["due_at"]), *after[i][0])
                                for i in present])
        if digest != want and not named.intersection(present):
            _digest_difference(out, present, digest, want, seq)

    for i in sorted(set(rows) - explained):
        out.unrecorded("deadline_event", i)


class _Subjects:
    """What a miss's subject fixes: a response miss (``message:M``) is due the response window
    after message M arrived (the window as set when the batch was recorded: settings.set
    entries before it) and belongs to M's ticket; an A-to-z or appeal miss (``ticket:T``)
    belongs to ticket T."""

    def __init__(self, conn: Connection, replay: Replay, rows: dict[int, dict[str, Any]]) -> None:
        from warroom.services.settings import spec_for

        wanted = sorted({m for r in rows.values() if (m := self._message(r)) is not None})
        self.messages = {r["id"]: (r["at"], r["ticket_id"]) for r in _in_chunks(
            conn, "SELECT id, at, ticket_id FROM message WHERE id IN ({marks})", ("id", "at", "ticket_id"), wanted)}
        self.windows = replay.response_windows
        self.seqs = [seq for seq, _ in replay.response_windows]
        self.default = int(spec_for("response_window_hours").default)

    @staticmethod
    def _message(r: dict[str, Any]) -> int | None:
        kind, _, number = r["subject"].partition(":")
        return int(number) if r["kind"] == "response" and kind == "message" and number.isdigit() else None

    def due(self, r: dict[str, Any], seq: int) -> datetime | None:
        """The due time of a response miss recorded by entry ``seq``; None for other kinds."""
        found = self.messages.get(self._message(r) or 0)
        if found is None:
            return None
        from bisect import bisect_right

        k = bisect_right(self.seqs, seq)
        return found[0] + timedelta(hours=self.windows[k - 1][1] if k else self.default)

    def owner(self, r: dict[str, Any]) -> int | None:
        """The ticket the subject belongs to (None when unknown)."""
        mid = self._message(r)
        if mid is not None:
            found = self.messages.get(mid)
            return found[1] if found is not None else None
        kind, _, number = r["subject"].partition(":")
        return int(number) if kind == "ticket" and number.isdigit() else None


def _batch_intact(rows: dict[int, dict[str, Any]], ids: list[int], before: dict[int, tuple[bool, Any]],
                  groups: list["_Group"], found_at: datetime | None, digest: str, subjects: _Subjects) -> bool:
    """The fast path for a batch: its rows (with the suspension fields they had when recorded)
    hash to the entry's ``events_sha256`` (so kind, subject, due time and those fields are as
    recorded), carry its ``found_at``, and each row's ticket is in a group of its kind."""
    tickets: dict[Any, set[int]] = {}
    for g in groups:
        tickets.setdefault(g.kind, set()).update(g.tickets)
    for i in ids:
        r = rows[i]
        if (r["found_at"] != found_at or r["ticket_id"] not in tickets.get(r["kind"], ())
                or subjects.owner(r) != r["ticket_id"]):
            return False
    return events_digest([(rows[i]["kind"], rows[i]["subject"], clock.iso(rows[i]["due_at"]),
                           *before.get(i, (rows[i]["suspended_at_due"], rows[i]["suspension_id"])))
                          for i in ids]) == digest


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
        self.tickets = set(ids_of(g.get("tickets")))
        self.messages = set(ids_of(g.get("messages"))) if "messages" in g else None
        self.due_from, self.due_to = parse_time(g.get("due_from")), parse_time(g.get("due_to"))


def _fit_group(out: _Differences, r: dict[str, Any], values: tuple[bool, Any], groups: list[_Group],
               seq: int, *, reclassified: bool, due: datetime | None,
               owner: int | None) -> tuple[tuple[bool, Any], bool]:
    """Find the group of a batch entry that lists row ``r`` and compare the row with it.  Returns
    the suspension fields the entry gives the row (for the digest) and whether every finding
    was about fields the digest can take from the entry.  ``due``: the due time the subject
    fixes (response misses); ``owner``: the ticket the subject belongs to."""
    i = r["id"]
    subject_id = int(r["subject"].split(":", 1)[1]) if r["subject"].split(":", 1)[-1].isdigit() else None
    listed = [g for g in groups if g.kind == r["kind"] and r["ticket_id"] in g.tickets
              and (r["kind"] != "response" or (g.messages is not None and subject_id in g.messages))]
    if not listed:
        out.found.append(Difference(
            "deadline_event", i, None, f"{r['kind']} {r['subject']} ticket {r['ticket_id']}", None, seq,
            f"deadline_event {i}: entry {seq} lists it, but no group of that entry holds a miss of kind "
            f"{r['kind']} of ticket {r['ticket_id']} ({r['subject']}): its kind, ticket or subject was changed"))
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
        out.column("deadline_event", i, "due_at", r["due_at"], Range(lo, hi), seq)
        settled = False
    if owner is not None and owner != r["ticket_id"]:
        if r["kind"] == "response":     # the message belongs to another ticket than the row names
            out.column("deadline_event", i, "ticket_id", r["ticket_id"], owner, seq)
        else:
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

        replay = Replay(channel_of)
        read = replay_chain(conn, replay, upto)
        out = _Differences()
        out.found.extend(Difference("audit_entry", seq, None, None, None, seq, why) for seq, why in replay.unreadable)
        checked: dict[str, int] = {}
        _compare_tables(conn, replay, out, checked)
    return DeepResult(checked=checked, differences=tuple(out.found), entries_read=read,
                      seconds=time.perf_counter() - started)


from warroom.services import deep_cases  # noqa: E402,F401  (registers the case and FBM handlers and checks)
