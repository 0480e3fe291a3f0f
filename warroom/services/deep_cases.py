"""The deep check of the Seller Support case log and the FBM decisions (registered with
:mod:`warroom.services.deep_replay` and :mod:`warroom.services.deep_check` on import).

``case.open`` tells every column of a new case (``opened_at`` as given, the actor as
``opened_by``); ``case.answer`` the answer time and note; ``case.reopen`` the cleared outcome and
the new reopen count; ``case.close`` the outcome and note, ``closed_by`` (the actor) and
``closed_at`` (a time in the entry's window).  ``fbm.decide`` tells every column of a decision
(``decided_at`` in its window).  The demo's ``demo.load`` lists the cases and decisions it made
with all their columns.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from warroom.services import deep_check, deep_replay
from warroom.services.deep_replay import Entry, Rec, Replay, parse_time

CASES = "support_case"
DECISIONS = "fbm_decision"
_CASE_COLS = ("id", "case_id", "topic", "channel", "opened_at", "opened_by", "urgent", "asins", "order_ids",
              "shipment_ids", "note", "over_limit_reason", "answered_at", "answer_note", "reopen_count", "outcome",
              "outcome_note", "closed_at", "closed_by")
_DECISION_COLS = ("id", "order_id", "amazon_order_id", "decision", "note", "decided_by", "decided_at", "replaces_id")
_CASE_TIMES = ("opened_at", "answered_at", "closed_at")
_LISTS = ("asins", "order_ids", "shipment_ids")


def _cases(replay: Replay) -> dict[Any, Rec]:
    return replay.extra.setdefault(CASES, {})


def _decisions(replay: Replay) -> dict[Any, Rec]:
    return replay.extra.setdefault(DECISIONS, {})


def _case(replay: Replay, e: Entry) -> Rec:
    cid = int(e.p["id"])
    rec = _cases(replay).get(cid)
    if rec is None:                     # a case this chain never saw opened
        rec = _cases(replay)[cid] = Rec(e.seq)
    return rec


def _new_case(replay: Replay, seq: int, p: dict[str, Any], opened_by: str) -> Rec:
    rec = _cases(replay)[int(p["id"])] = Rec(seq)
    rec.put(seq, case_id=p["case_id"], topic=p["topic"], channel=p["channel"],
            opened_at=parse_time(p["opened_at"]), opened_by=opened_by, urgent=bool(p["urgent"]),
            asins=list(p["asins"]), order_ids=list(p["order_ids"]), shipment_ids=list(p["shipment_ids"]),
            note=p.get("note"), over_limit_reason=p.get("over_limit_reason"), answered_at=None, answer_note=None,
            reopen_count=0, outcome=None, outcome_note=None, closed_at=None, closed_by=None)
    return rec


def case_open(replay: Replay, e: Entry) -> None:
    _new_case(replay, e.seq, e.p, e.actor)


def case_answer(replay: Replay, e: Entry) -> None:
    _case(replay, e).put(e.seq, answered_at=parse_time(e.p["answered_at"]), answer_note=e.p.get("note"))


def case_reopen(replay: Replay, e: Entry) -> None:
    _case(replay, e).put(e.seq, outcome=None, outcome_note=None, closed_at=None, closed_by=None,
                         reopen_count=int(e.p["reopen_count"]))


def case_close(replay: Replay, e: Entry) -> None:
    _case(replay, e).put(e.seq, outcome=e.p["outcome"], outcome_note=e.p.get("note"), closed_at=e.window(),
                         closed_by=e.actor)


def _new_decision(replay: Replay, seq: int, p: dict[str, Any], by: str, at: Any) -> None:
    rec = _decisions(replay)[int(p["id"])] = Rec(seq)
    rec.put(seq, order_id=int(p["order_id"]), amazon_order_id=p["amazon_order_id"], decision=p["decision"],
            note=p["note"], decided_by=by, decided_at=at, replaces_id=p.get("replaces_id"))


def fbm_decide(replay: Replay, e: Entry) -> None:
    _new_decision(replay, e.seq, e.p, e.actor, e.window())


def demo_records(replay: Replay, e: Entry) -> None:
    """The cases and decisions the demo made (full rows in its one entry)."""
    for c in e.p.get("support_cases", ()):
        rec = _new_case(replay, e.seq, c, c["opened_by"])
        rec.put(e.seq, answered_at=parse_time(c.get("answered_at")), answer_note=c.get("answer_note"),
                reopen_count=int(c.get("reopen_count", 0)), outcome=c.get("outcome"),
                outcome_note=c.get("outcome_note"), closed_at=parse_time(c.get("closed_at")),
                closed_by=c.get("closed_by"))
    for d in e.p.get("fbm_decisions", ()):
        _new_decision(replay, e.seq, d, d["decided_by"], parse_time(d["decided_at"]))


def _chain(first: Any, second: Any) -> Any:
    def both(replay: Replay, e: Entry) -> None:
        first(replay, e)
        second(replay, e)
    return both


def check_tables(conn: Connection, replay: Replay, out: Any, checked: dict[str, int]) -> None:
    rows = {}
    for r in deep_check._rows(conn, f"SELECT {', '.join(_CASE_COLS)} FROM {CASES}", _CASE_COLS):
        for name in _CASE_TIMES:
            if r[name] is not None:
                r[name] = deep_check._stored_time(r[name])
        r["urgent"] = bool(r["urgent"]) if r["urgent"] is not None else None
        for name in _LISTS:
            r[name] = deep_check._json(r[name])
        rows[r["id"]] = r
    checked[CASES] = len(rows)
    out.table(CASES, _cases(replay), rows)
    decisions = {}
    for r in deep_check._rows(conn, f"SELECT {', '.join(_DECISION_COLS)} FROM {DECISIONS}", _DECISION_COLS):
        if r["decided_at"] is not None:
            r["decided_at"] = deep_check._stored_time(r["decided_at"])
        decisions[r["id"]] = r
    checked[DECISIONS] = len(decisions)
    out.table(DECISIONS, _decisions(replay), decisions)


def _register() -> None:
    handlers = deep_replay.HANDLERS
    if b"case.open" in handlers:
        return
    handlers.update({b"case.open": case_open, b"case.answer": case_answer, b"case.reopen": case_reopen,
                     b"case.close": case_close, b"fbm.decide": fbm_decide})
    handlers[b"demo.load"] = _chain(handlers[b"demo.load"], demo_records)
    deep_check.TABLE_CHECKS.append(check_tables)


_register()
