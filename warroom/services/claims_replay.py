"""The deep check for claims, their evidence and the notices register.

:data:`HANDLERS` replay the entries ``claim.open``, ``claim.info-request``, ``claim.evidence``,
``claim.submit``, ``claim.outcome``, ``notice.answer``, ``notice.link`` and the notices and
claims an ``import.messages`` entry lists; :func:`compare` compares the tables ``claim``,
``claim_evidence`` and ``notice`` with what the chain says (registered in
:mod:`warroom.services.deep_replay` and :mod:`warroom.services.deep_check`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, Protocol

from sqlalchemy import select
from sqlalchemy.engine import Connection

from warroom.services.deep_replay import Entry, Rec, Replay, entity_id, parse_time
from warroom.storage.models_claims import Claim, ClaimEvidence, Notice


class _Out(Protocol):
    def table(self, table: str, recs: dict[Any, Rec], actual: dict[Any, dict[str, Any]],
              label: Callable[[Any], int | str] = ...) -> None: ...


def _recs(replay: Replay, name: str) -> dict[int, Rec]:
    return replay.extra.setdefault(name, {})


def _claim(replay: Replay, e: Entry) -> Rec:
    return _recs(replay, "claim").setdefault(entity_id(e.entity), Rec(e.seq))


def _opened(replay: Replay, e: Entry, p: dict[str, Any]) -> None:
    rec = _recs(replay, "claim")[int(p["claim_id"])] = Rec(e.seq)
    rec.put(e.seq, type=p["type"], amazon_order_id=p["amazon_order_id"], ticket_id=p.get("ticket_id"),
            status=p["status"], reason=p.get("reason"), opened_at=parse_time(p["opened_at"]), opened_by=e.actor,
            info_requested_at=parse_time(p.get("info_requested_at")), amount=p.get("amount"),
            currency=p.get("currency"))


def claim_open(replay: Replay, e: Entry) -> None:
    _opened(replay, e, e.p)
    if e.p.get("notice_id") is not None:
        _recs(replay, "notice").setdefault(int(e.p["notice_id"]), Rec(e.seq)).put(e.seq, claim_id=entity_id(e.entity))


def claim_info_request(replay: Replay, e: Entry) -> None:
    _claim(replay, e).put(e.seq, info_requested_at=parse_time(e.p["info_requested_at"]))


def claim_evidence(replay: Replay, e: Entry) -> None:
    rec = _recs(replay, "claim_evidence")[int(e.p["evidence_id"])] = Rec(e.seq)
    rec.put(e.seq, claim_id=entity_id(e.entity), kind=e.p["kind"], reference=e.p["reference"], note=e.p.get("note"),
            added_by=e.actor, added_at=e.window())


def claim_submit(replay: Replay, e: Entry) -> None:
    _claim(replay, e).put(e.seq, status=e.p["status"], submitted_at=parse_time(e.p["submitted_at"]),
                          submitted_by=e.actor, submission=e.p["text"])


def claim_outcome(replay: Replay, e: Entry) -> None:
    rec = _claim(replay, e)
    at = parse_time(e.p["at"])
    rec.put(e.seq, status=e.p["outcome"], amount=e.p.get("amount"), currency=e.p.get("currency"))
    if e.p["outcome"] == "APPEALED":
        rec.put(e.seq, appealed_at=at)
    else:
        rec.put(e.seq, outcome_at=at)


def notice_answer(replay: Replay, e: Entry) -> None:
    _recs(replay, "notice").setdefault(entity_id(e.entity), Rec(e.seq)).put(
        e.seq, status="answered", answered_at=parse_time(e.p["answered_at"]), answered_by=e.actor, answer=e.p["text"])


def notice_link(replay: Replay, e: Entry) -> None:
    _recs(replay, "notice").setdefault(entity_id(e.entity), Rec(e.seq)).put(
        e.seq, claim_id=e.p["to"].get("claim_id"), ticket_id=e.p["to"].get("ticket_id"))


def import_messages(replay: Replay, e: Entry) -> None:
    Replay.import_messages(replay, e)
    _listed(replay, e)


def _listed(replay: Replay, e: Entry) -> None:
    """The claims and notices an import (or the demo) lists."""
    for p in e.p.get("claims_opened", ()):
        _opened(replay, e, p)
    for p in e.p.get("notices", ()):
        rec = _recs(replay, "notice")[int(p["notice_id"])] = Rec(e.seq)
        rec.put(e.seq, kind=p["kind"], amazon_order_id=p.get("amazon_order_id"),
                received_at=parse_time(p["received_at"]), from_addr=p["from"], subject=p["subject"],
                due_at=parse_time(p.get("due_at")), status="open", claim_id=p.get("claim_id"),
                ticket_id=p.get("ticket_id"), dedupe_key=p["dedupe_key"])


def demo_load(replay: Replay, e: Entry) -> None:
    Replay.demo_load(replay, e)
    _listed(replay, e)


HANDLERS: dict[bytes, Callable[[Replay, Entry], None]] = {
    b"demo.load": demo_load,
    b"claim.open": claim_open, b"claim.info-request": claim_info_request, b"claim.evidence": claim_evidence,
    b"claim.submit": claim_submit, b"claim.outcome": claim_outcome, b"notice.answer": notice_answer,
    b"notice.link": notice_link, b"import.messages": import_messages,
}

_TABLES = (("claim", Claim), ("claim_evidence", ClaimEvidence), ("notice", Notice))


def compare(conn: Connection, replay: Replay, out: _Out, checked: dict[str, int]) -> None:
    """The three tables against the replayed entries (only the columns the entries fix)."""
    for name, model in _TABLES:
        table = model.__table__
        rows: dict[Any, dict[str, Any]] = {}
        for row in conn.execute(select(table)):
            values: dict[str, Any] = dict(row._mapping)
            for key, value in values.items():
                if isinstance(value, datetime) and value.tzinfo is None:
                    from warroom.clock import UTC

                    values[key] = value.replace(tzinfo=UTC)
            rows[values["id"]] = values
        checked[name] = len(rows)
        out.table(name, replay.extra.get(name, {}), rows)
