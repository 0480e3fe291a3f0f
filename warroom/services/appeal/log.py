"""Reading the audit log for a package, once, in ``seq`` order.

One pass over ``audit_entry`` does four things for every entry:

* checks the chain link (``prev_hash`` is the previous ``hash``, ``hash`` is SHA-256 of the
  previous raw hash and the stored bytes): a broken chain is refused before anything is written;
* appends the Merkle leaf hash (``SHA-256(0x00 || canonical)``) for the package's tree;
* hands the ``audit.jsonl`` line (the entry's canonical bytes as stored, and ``\n``) to a sink
  (the zip member being written), when there is one;
* indexes the few actions the report cites (drafts, refunds, misses, escalations, suspensions,
  arrivals of buyer messages), decoding only those: the action is the first member of the
  canonical bytes, so the others are skipped by a prefix test.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import msgspec

from warroom.domain.audit import GENESIS_HASH
from warroom.errors import BusinessRuleError
from warroom.progress import Progress, no_progress
from warroom.services.appeal.claims_section import index_entry as index_claims_and_notices

READ_BATCH = 20_000
_ACTION_PREFIX = b'{"action":"'

#: the actions the report cites (every other entry is only hashed and copied)
INDEXED = frozenset({
    "demo.load", "import.messages",                                       # buyer messages arrive
    "draft.submit", "draft.edit", "draft.approve", "draft.reject", "draft.void", "draft.hold",
    "draft.send-start", "draft.send-confirmed", "draft.dispatch", "dispatch-failed",
    "refund.log", "refund.reverse",
    "ticket.no-response", "ticket.tag", "triage.run", "triage.escalate",
    "deadline.missed", "deadline.reclassify",
    "claim.open", "claim.info-request", "claim.evidence", "claim.submit", "claim.outcome",   # claims_section
    "notice.answer", "notice.link",
    "case.open", "case.answer", "case.reopen", "case.close", "fbm.decide",   # appeal/cases_section.py
    "escalation.brief-edit", "remedy.authorize", "reship.log", "escalation.postmortem",   # escalation records
})
_INDEXED_BYTES = frozenset(a.encode() for a in INDEXED)


class BrokenLog(BusinessRuleError):
    """The chain does not hold: no package is made from it."""


@dataclass(frozen=True, slots=True)
class EntryRef:
    """An indexed entry: enough to cite and describe it."""

    seq: int
    at: str
    actor: str
    action: str
    entity: str
    payload: Any


class Runs:
    """Record ids given as runs ``[[first, last], ...]`` by several entries: which entry
    names an id.  Runs of different entries never overlap (ids are unique)."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._items: list[tuple[int, int, int]] = []
        self._sorted = True

    def add(self, runs: Any, seq: int) -> None:
        if not isinstance(runs, list):
            return
        for run in runs:
            if (isinstance(run, list) and len(run) == 2 and all(isinstance(x, int) for x in run)
                    and run[0] <= run[1]):
                if self._items and run[0] < self._items[-1][0]:
                    self._sorted = False
                self._items.append((run[0], run[1], seq))

    def find(self, record_id: int) -> int | None:
        if not self._sorted:
            self._items.sort()
            self._sorted = True
        if len(self._starts) != len(self._items):
            self._starts = [first for first, _, _ in self._items]
        i = bisect.bisect_right(self._starts, record_id) - 1
        if i >= 0:
            first, last, seq = self._items[i]
            if first <= record_id <= last:
                return seq
        return None


@dataclass
class LogIndex:
    """The indexed entries, by what they concern."""

    entries: dict[int, EntryRef] = field(default_factory=dict)
    arrivals: Runs = field(default_factory=Runs)                    # message id -> import/demo entry
    archived: Runs = field(default_factory=Runs)                    # message id -> archive import (no clock)
    misses: Runs = field(default_factory=Runs)                      # deadline_event id -> deadline.missed
    reclassified: Runs = field(default_factory=Runs)                # deadline_event id -> deadline.reclassify
    drafts: dict[int, list[EntryRef]] = field(default_factory=dict)
    refunds: dict[int, int] = field(default_factory=dict)           # refund_entry id -> its entry
    no_response: dict[int, list[EntryRef]] = field(default_factory=dict)   # ticket -> marks
    escalated: dict[int, list[EntryRef]] = field(default_factory=dict)     # ticket -> entries adding ESCALATED
    suspensions: dict[int, list[EntryRef]] = field(default_factory=dict)   # suspension id -> its entries
    holds: list[tuple[int, EntryRef]] = field(default_factory=list)        # (draft id, entry holding it)
    claims: dict[int, list[int]] = field(default_factory=dict)      # claim id -> its entries
    notices: dict[int, list[int]] = field(default_factory=dict)     # notice id -> its entries
    cases: dict[int, list[int]] = field(default_factory=dict)       # support_case id -> its entries
    fbm: dict[int, int] = field(default_factory=dict)               # fbm_decision id -> its entry
    escalation_records: dict[tuple[str, int], list[int]] = field(default_factory=dict)   # (record, id) -> seqs

    def add(self, ref: EntryRef) -> None:
        self.entries[ref.seq] = ref
        index_claims_and_notices(self, ref)
        action, payload, entity = ref.action, ref.payload, ref.entity
        body = payload if isinstance(payload, dict) else {}
        kind, _, ident = entity.partition(":")
        if entity.startswith("suspension:") and ident.isdigit():
            self.suspensions.setdefault(int(ident), []).append(ref)
            if action == "deadline.reclassify":       # misses due after Amazon's notice: now during it
                self.reclassified.add(body.get("event_ids"), ref.seq)
            for draft_id in body.get("held_drafts") or []:
                if isinstance(draft_id, int):
                    self.holds.append((draft_id, ref))
            return
        if action in ("demo.load", "import.messages"):
            self.arrivals.add(body.get("message_ids"), ref.seq)
            archive = body.get("archive")
            if isinstance(archive, dict):
                self.archived.add(archive.get("history_messages"), ref.seq)
            self._escalations(ref, (body.get("triage") or {}).get("tags_added"))
            self._cases_and_decisions(ref, body)
            from warroom.services.escalation_report import index_entry

            index_entry(self.escalation_records, ref)
        elif action.startswith("case.") or action == "fbm.decide":
            self._cases_and_decisions(ref, body)
        elif action in ("escalation.brief-edit", "remedy.authorize", "reship.log", "escalation.postmortem"):
            from warroom.services.escalation_report import index_entry

            index_entry(self.escalation_records, ref)
        elif kind == "draft" and ident.isdigit():
            self.drafts.setdefault(int(ident), []).append(ref)
            if action == "draft.hold":
                self.holds.append((int(ident), ref))
        elif action in ("refund.log", "refund.reverse"):
            if isinstance(body.get("id"), int):
                self.refunds[body["id"]] = ref.seq
        elif action == "ticket.no-response" and kind == "ticket" and ident.isdigit():
            self.no_response.setdefault(int(ident), []).append(ref)
        elif action == "ticket.tag" and kind == "ticket" and ident.isdigit():
            if "ESCALATED" in (body.get("added") or []):
                self.escalated.setdefault(int(ident), []).append(ref)
        elif action == "triage.run":
            self._escalations(ref, body.get("tags_added"))
        elif action == "triage.escalate":
            for group in body.get("groups") or []:
                if isinstance(group, dict) and "ESCALATED" in (group.get("tags") or []):
                    for ticket_id in _expand(group.get("tickets")):
                        self.escalated.setdefault(ticket_id, []).append(ref)
        elif action == "deadline.missed":
            self.misses.add(body.get("event_ids"), ref.seq)

    def _cases_and_decisions(self, ref: EntryRef, body: dict[str, Any]) -> None:
        """Seller Support case entries, FBM decisions (and the demo's, listed in its entry)."""
        if ref.action.startswith("case.") and isinstance(body.get("id"), int):
            self.cases.setdefault(body["id"], []).append(ref.seq)
        elif ref.action == "fbm.decide" and isinstance(body.get("id"), int):
            self.fbm[body["id"]] = ref.seq
        elif ref.action == "demo.load":
            for c in body.get("support_cases") or []:
                if isinstance(c, dict) and isinstance(c.get("id"), int):
                    self.cases.setdefault(c["id"], []).append(ref.seq)
            for d in body.get("fbm_decisions") or []:
                if isinstance(d, dict) and isinstance(d.get("id"), int):
                    self.fbm[d["id"]] = ref.seq

    def _escalations(self, ref: EntryRef, tags_added: Any) -> None:
        if isinstance(tags_added, dict):
            for ticket, tags in tags_added.items():
                if str(ticket).isdigit() and isinstance(tags, list) and "ESCALATED" in tags:
                    self.escalated.setdefault(int(ticket), []).append(ref)


def _expand(runs: Any) -> Iterable[int]:
    if not isinstance(runs, list):
        return
    for run in runs:
        if isinstance(run, list) and len(run) == 2 and all(isinstance(x, int) for x in run):
            yield from range(run[0], run[1] + 1)


class LogScan:
    """The log read so far: its leaves, head, and index; ``sink`` receives the ``audit.jsonl``
    lines (bytes, a batch of whole lines at a time), or nothing when the log is withheld."""

    def __init__(self, sink: Callable[[bytes], None] | None = None) -> None:
        self.sink = sink
        self.leaves = bytearray()
        self.size = 0
        self.head_hash = GENESIS_HASH
        self.index = LogIndex()
        self._decode = msgspec.json.decode

    def read(self, conn: Any, *, upto: int | None = None, index: bool = True,
             progress: Progress = no_progress, total: int | None = None) -> None:
        """Read the entries after ``self.size`` (up to ``upto``) through ``conn``'s driver."""
        from warroom.storage.dialect import placeholder

        ph = placeholder(conn)
        sql = f"SELECT seq, prev_hash, hash, canonical FROM audit_entry WHERE seq > {ph}"
        params: tuple[int, ...] = (self.size,)
        if upto is not None:
            sql += f" AND seq <= {ph}"
            params += (upto,)
        cursor = conn.connection.dbapi_connection.cursor()
        sha256 = hashlib.sha256
        leaves, sink = self.leaves, self.sink
        prev_hex = self.head_hash
        prev_raw = bytes.fromhex(prev_hex)
        expected = self.size + 1
        try:
            cursor.execute(sql + " ORDER BY seq", params)
            while rows := cursor.fetchmany(READ_BATCH):
                lines: list[bytes] = []
                for seq, prev_hash, stored_hash, canonical in rows:
                    data = canonical if isinstance(canonical, bytes) else bytes(canonical)
                    if seq != expected:
                        raise BrokenLog(f"audit entry {expected} is missing: no package is made from a broken "
                                        "log (run warroom audit verify)")
                    if prev_hash != prev_hex:
                        raise BrokenLog(f"audit entry {seq}: prev_hash is not the hash of entry {seq - 1}: no "
                                        "package is made from a broken log (run warroom audit verify)")
                    digest = sha256(prev_raw + data).digest()
                    if digest.hex() != stored_hash:
                        raise BrokenLog(f"audit entry {seq}: its hash does not match its stored bytes: no "
                                        "package is made from a broken log (run warroom audit verify)")
                    leaves += sha256(b"\x00" + data).digest()
                    if sink is not None:
                        lines.append(data)
                    if index and data.startswith(_ACTION_PREFIX):
                        end = data.find(b'"', 11)
                        if data[11:end] in _INDEXED_BYTES or data[11:22] == b"suspension.":
                            self._index(seq, data)
                    prev_raw, prev_hex = digest, stored_hash
                    expected += 1
                if sink is not None and lines:
                    chunk = b"\n".join(lines) + b"\n"
                    if chunk.count(b"\n") != len(lines):      # canonical bytes never hold a line break
                        seq = next(s for (s, *_), d in zip(rows, lines) if b"\n" in d)
                        raise BrokenLog(f"audit entry {seq}: its stored bytes hold a line break, so they are not "
                                        "canonical (run warroom audit verify)")
                    sink(chunk)
                self.size, self.head_hash = expected - 1, prev_hex
                progress(self.size, total, "reading the audit log")
        finally:
            cursor.close()
        self.size, self.head_hash = expected - 1, prev_hex

    def _index(self, seq: int, data: bytes) -> None:
        try:
            doc = self._decode(data)
        except msgspec.DecodeError:
            return                      # not JSON: the verifier names it; nothing to cite here
        if not isinstance(doc, dict):
            return
        self.index.add(EntryRef(seq, str(doc.get("at", "")), str(doc.get("actor", "")), str(doc.get("action", "")),
                                str(doc.get("entity", "")), doc.get("payload")))

    def leaf(self, seq: int) -> bytes:
        return bytes(self.leaves[(seq - 1) * 32:seq * 32])
