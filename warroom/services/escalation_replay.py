"""The deep check's part for the escalation records (an extension of
:mod:`warroom.services.deep_replay`, listed in its ``EXTENSIONS``).

What each entry says its rows hold:

* ``escalation.brief-edit`` (entity ``ticket:N``): ``escalation_brief`` N, the fields named in
  ``set`` (null: back to the prefill), ``updated_by`` the actor, ``updated_at`` the entry's time;
* ``remedy.authorize``: ``remedy_authorization`` ``id``, every column (``granted_at`` the
  entry's time);
* ``refund.log`` with ``authorization_id``: the ``authorized_refund`` row of the refund;
* ``reship.log``: ``reshipment`` ``id``, every column (``logged_at`` the entry's time);
* ``escalation.postmortem``: ``post_mortem`` ``id``, its texts and links, ``updated_*`` (and
  ``written_*`` when ``created``).

``drill.ended`` changes no table (the drill's own records stay in its copy).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Callable

from sqlalchemy.engine import Connection

from warroom.services.deep_replay import Entry, Rec, Replay, entity_id, parse_time

_BRIEF_COLUMNS = {"order": "order_ref", "buyer": "buyer", "nature": "nature", "done": "done",
                  "emotional_state": "emotional_state", "deadline": "deadline"}


def _table(replay: Replay, name: str) -> dict[Any, Rec]:
    return replay.extra.setdefault(name, {})


def brief_edit(replay: Replay, e: Entry) -> None:
    tid = entity_id(e.entity)
    briefs = _table(replay, "escalation_brief")
    rec = briefs.get(tid)
    if rec is None:
        rec = briefs[tid] = Rec(e.seq, {column: None for column in _BRIEF_COLUMNS.values()})
    for name, value in e.p["set"].items():
        rec.put(e.seq, **{_BRIEF_COLUMNS[name]: value})
    rec.put(e.seq, updated_by=e.actor, updated_at=e.window())


def authorize(replay: Replay, e: Entry) -> None:
    p = e.p
    _table(replay, "remedy_authorization")[int(p["id"])] = Rec(e.seq, {
        "ticket_id": entity_id(e.entity), "amazon_order_id": p.get("amazon_order_id"), "kind": p["kind"],
        "reason": p["reason"], "limit_amount": p.get("limit"), "currency": p.get("currency"),
        "expires_at": parse_time(p["expires_at"]), "granted_by": e.actor, "granted_at": e.window()})


def refund_log(replay: Replay, e: Entry) -> None:
    if e.p.get("authorization_id") is not None:
        _table(replay, "authorized_refund")[int(e.p["id"])] = Rec(e.seq, {
            "authorization_id": int(e.p["authorization_id"])})


def reship_log(replay: Replay, e: Entry) -> None:
    p = e.p
    _table(replay, "reshipment")[int(p["id"])] = Rec(e.seq, {
        "ticket_id": entity_id(e.entity), "amazon_order_id": p.get("amazon_order_id"), "items": p["items"],
        "carrier": p["carrier"], "tracking": p.get("tracking"), "express": bool(p["express"]),
        "authorization_id": p.get("authorization_id"), "reason": p["reason"],
        "shipped_at": parse_time(p["shipped_at"]), "logged_by": e.actor, "logged_at": e.window()})


def postmortem(replay: Replay, e: Entry) -> None:
    p = e.p
    table = _table(replay, "post_mortem")
    pid = int(p["id"])
    rec = table.get(pid)
    if rec is None:
        rec = table[pid] = Rec(e.seq)
    rec.put(e.seq, ticket_id=entity_id(e.entity), root_cause=p["root_cause"], what_done=p["what_done"],
            what_changes=p["what_changes"], rule_links=p["rule_links"], updated_by=e.actor, updated_at=e.window())
    if p.get("created"):
        rec.put(e.seq, written_by=e.actor, written_at=e.window())


def drill_inject(replay: Replay, e: Entry) -> None:
    """Only in a drill copy: the simulated message's ticket, its triage tags and the DRILL tag."""
    replay.import_messages(e)
    replay._tag(e, entity_id(e.entity), e.p["tag"], reason=e.p.get("reason"))
    if "checkpoint_folder" in e.p:
        rec = replay.settings["audit.checkpoint_folder"] = Rec(e.seq)
        rec.put(e.seq, value=e.p["checkpoint_folder"], updated_by=e.actor, updated_at=e.window())


def demo_load(replay: Replay, e: Entry) -> None:
    """The demo's escalation records (``escalation`` in its payload; each names its user)."""
    esc = e.p.get("escalation") or {}
    for b in esc.get("briefs", ()):
        rec = _table(replay, "escalation_brief")[int(b["ticket_id"])] = Rec(
            e.seq, {column: None for column in _BRIEF_COLUMNS.values()})
        for name, value in b["set"].items():
            rec.put(e.seq, **{_BRIEF_COLUMNS[name]: value})
        rec.put(e.seq, updated_by=b["by"], updated_at=e.window())
    for a in esc.get("authorizations", ()):
        _table(replay, "remedy_authorization")[int(a["id"])] = Rec(e.seq, {
            "ticket_id": a["ticket_id"], "amazon_order_id": a.get("amazon_order_id"), "kind": a["kind"],
            "reason": a["reason"], "limit_amount": a.get("limit"), "currency": a.get("currency"),
            "expires_at": parse_time(a["expires_at"]), "granted_by": a["by"], "granted_at": e.window()})
    for r in esc.get("reshipments", ()):
        _table(replay, "reshipment")[int(r["id"])] = Rec(e.seq, {
            "ticket_id": r["ticket_id"], "amazon_order_id": r.get("amazon_order_id"), "items": r["items"],
            "carrier": r["carrier"], "tracking": r.get("tracking"), "express": bool(r["express"]),
            "authorization_id": r.get("authorization_id"), "reason": r["reason"],
            "shipped_at": parse_time(r["shipped_at"]), "logged_by": r["by"], "logged_at": e.window()})
    for p in esc.get("postmortems", ()):
        _table(replay, "post_mortem")[int(p["id"])] = Rec(e.seq, {
            "ticket_id": p["ticket_id"], "root_cause": p["root_cause"], "what_done": p["what_done"],
            "what_changes": p["what_changes"], "rule_links": p["rule_links"], "written_by": p["by"],
            "written_at": e.window(), "updated_by": p["by"], "updated_at": e.window()})


HANDLERS: dict[bytes, Callable[[Replay, Entry], None]] = {
    b"drill.inject": drill_inject, b"demo.load": demo_load,
    b"escalation.brief-edit": brief_edit, b"remedy.authorize": authorize, b"refund.log": refund_log,
    b"reship.log": reship_log, b"escalation.postmortem": postmortem,
}

_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "escalation_brief": ("ticket_id", ("ticket_id", "order_ref", "buyer", "nature", "done", "emotional_state",
                                       "deadline", "updated_by", "updated_at")),
    "remedy_authorization": ("id", ("id", "ticket_id", "amazon_order_id", "kind", "reason", "limit_amount",
                                    "currency", "expires_at", "granted_by", "granted_at")),
    "authorized_refund": ("refund_id", ("refund_id", "authorization_id")),
    "reshipment": ("id", ("id", "ticket_id", "amazon_order_id", "items", "carrier", "tracking", "express",
                          "authorization_id", "reason", "shipped_at", "logged_by", "logged_at")),
    "post_mortem": ("id", ("id", "ticket_id", "root_cause", "what_done", "what_changes", "rule_links",
                           "written_by", "written_at", "updated_by", "updated_at")),
}
_TIMES = frozenset({"updated_at", "expires_at", "granted_at", "shipped_at", "logged_at", "written_at"})
_JSON = frozenset({"items", "rule_links"})


def compare(conn: Connection, replay: Replay, out: Any, checked: dict[str, int]) -> None:
    from warroom.services.deep_check import _rows, _stored_time

    for table, (key, cols) in _TABLES.items():
        actual: dict[Any, dict[str, Any]] = {}
        for r in _rows(conn, f"SELECT {', '.join(cols)} FROM {table}", cols):
            for name in _TIMES & r.keys():
                value = r[name]
                if value is not None and not (isinstance(value, datetime) and value.tzinfo is not None):
                    r[name] = _stored_time(value)
            for name in _JSON & r.keys():
                try:
                    r[name] = json.loads(r[name])
                except (TypeError, ValueError):
                    pass
            if "express" in r and r["express"] is not None:
                r["express"] = bool(r["express"])
            actual[r.pop(key)] = r
        checked[table] = len(actual)
        out.table(table, replay.extra.get(table, {}), actual)
