"""`audit verify --deep`: the evidence tables against what the chain's payloads say.

A tester changed a refund from 5.00 to 2.00 in the table and `audit verify` stayed OK: the
deep check names that change, and every other edit of an evidence row, with the entry that
says otherwise."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import timezone

import pytest
from sqlalchemy.engine import make_url

from tests import rawdb
from warroom import clock

AGENT, COMPLIANCE, ADMIN = "agent", "compliance", "admin"


def _as(cli, *argv: str, who: str = AGENT, stdin: str | None = None):
    r = cli(*argv, "--as", who, "--json", password="demo", stdin=stdin)
    assert r.code == 0, (argv, r.err)
    return r.json()


def _seq(db_url, action: str, **payload) -> int:
    """The seq of the newest entry of ``action`` whose payload has these values."""
    con = rawdb.connect(db_url)
    rows = con.execute("SELECT seq, canonical FROM audit_entry ORDER BY seq DESC").fetchall()
    con.close()
    for seq, canonical in rows:
        e = json.loads(canonical)
        if e["action"] == action and all(e["payload"].get(k) == v for k, v in payload.items()):
            return seq
    raise AssertionError(f"no {action} entry with {payload}")


def _exercise(cli, db_url: str) -> dict:
    """`warroom demo --with-users`, then the gate exercised a bit: templates, two drafts approved
    (one sent by hand, one held by the suspension), a note, a tag and an untag, a refund of 5.00
    and one reversed, a setting, a user, the sweep, a suspension declared with Amazon's notice
    time (misses re-classified), lifted, and the sweep again."""
    assert cli("demo", "--with-users", password=None).code == 0
    _as(cli, "templates", "import", who=COMPLIANCE)
    _as(cli, "sweep")
    tickets = cli("tickets", "--json").json()
    plain = [t for t in tickets if t["category"] == "REFUND" and not t["tags"] and t["channel"] == "amazon"]
    flagged = [t for t in tickets if "A-TO-Z" in t["tags"] and "ESCALATED" not in t["tags"]]
    decimal = [t for t in plain if t["marketplace"] != "JP"]       # the refund is 5.00, not 5 yen
    refund_ticket, text_ticket, note_ticket = decimal[0], decimal[1], plain[-1]
    sent = _as(cli, "draft", str(refund_ticket["id"]), "--template", "refund-ack")
    _as(cli, "approve", str(sent["id"]), who=COMPLIANCE)
    _as(cli, "dispatch", str(sent["id"]), "--via", "manual")
    held = _as(cli, "draft", str(text_ticket["id"]), "--text",
               "Hello, we passed your request on and will come back to you today.")
    _as(cli, "approve", str(held["id"]), who=COMPLIANCE)
    note = _as(cli, "note", str(note_ticket["id"]), "Called the carrier: the parcel is on its way.")
    _as(cli, "tag", str(note_ticket["id"]), "REVIEW", "--reason", "check again on Monday")
    _as(cli, "untag", str(flagged[0]["id"]), "A-TO-Z", "--reason", "not a claim after all")
    refund = _as(cli, "refund", str(text_ticket["id"]), "--amount", "5.00", "--method", "PayPal",
                 "--reference", "PP-1001")
    other = _as(cli, "refund", str(note_ticket["id"]), "--amount", "3", "--method", "bank transfer")
    _as(cli, "refund", "--reverse", str(other["id"]), "--reason", "paid twice by mistake")
    _as(cli, "settings", "set", "atoz_window_hours", "48", who=ADMIN)
    _as(cli, "user", "add", "dora", "--role", "agent", "--password-stdin", who=ADMIN, stdin="dora-secret-pw\n")
    # Amazon's notice between the two oldest recorded misses: the oldest stays a plain miss, the
    # later ones are re-classified (the demo's deadlines move with the clock; a fixed "36 h ago"
    # left none before it at some hours of the day)
    con = rawdb.connect(db_url)
    first, second = (clock.parse_iso(d) if isinstance(d, str) else d for (d,) in con.execute(
        "SELECT DISTINCT due_at FROM deadline_event ORDER BY due_at LIMIT 2").fetchall())
    con.close()
    if first.tzinfo is None:
        first, second = first.replace(tzinfo=timezone.utc), second.replace(tzinfo=timezone.utc)
    since = clock.iso(first + (second - first) / 2)
    declared = _as(cli, "suspend", "--reason", "Related accounts", "--since", since, who=ADMIN)
    _as(cli, "sweep")
    _as(cli, "suspend", "--lift", who=ADMIN)
    _as(cli, "sweep")
    return {"refund": refund, "note": note, "sent": sent, "held": held, "note_ticket": note_ticket["id"],
            "declared": declared}


_BUILT: dict[str, object] = {}


@pytest.fixture
def demo(cli, db_url, request, tmp_path_factory):
    """The exercised demo database in ``db_url``: built once, then copied for each test (the
    tests change it behind the application's back)."""
    if not _BUILT:
        info = _exercise(cli, db_url)
        if make_url(db_url).get_backend_name() == "sqlite":
            copy = f"sqlite:///{tmp_path_factory.mktemp('deep') / 'exercised.sqlite3'}"
        else:
            copy = make_url(db_url).set(database=f"deep_exercised_{os.getpid()}").render_as_string(False)
        _backup(request, db_url, copy)
        _BUILT.update(url=copy, info=info)
    else:
        _backup(request, str(_BUILT["url"]), db_url)
    return _BUILT["info"]


def _backup(request, source: str, target: str) -> None:
    """A copy of the database at ``source`` replaces the one at ``target`` (same backend)."""
    if make_url(source).get_backend_name() == "sqlite":
        src, dst = sqlite3.connect(make_url(source).database), sqlite3.connect(make_url(target).database)
        src.backup(dst)
        dst.close()
        src.close()
        return
    server = request.getfixturevalue("pg_server")
    old, new = make_url(source).database, make_url(target).database
    server.execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{old}'"
                   " AND pid <> pg_backend_pid()",
                   f"DROP DATABASE IF EXISTS {new} WITH (FORCE)", f"CREATE DATABASE {new} TEMPLATE {old}")


def _sql(db_url, statement: str, *params) -> None:
    con = rawdb.connect(db_url)
    with con:
        changed = con.execute(statement, params).rowcount
    con.close()
    assert changed == 1, statement


def _deep(cli):
    r = cli("audit", "verify", "--deep")
    plain = cli("audit", "verify")
    return r, plain


def test_a_clean_exercised_demo_database_has_no_difference(cli, demo):
    assert demo["declared"]["reclassified"] > 0        # the notice time re-classified some misses
    r = cli("audit", "verify", "--deep", "--json")
    assert r.code == 0, r.out
    deep = r.json()["deep"]
    assert deep["differences"] == []
    checked = deep["checked"]
    assert checked["draft"] == 2 and checked["message"] == 1 and checked["refund_entry"] == 3
    assert checked["note"] == 1 and checked["suspension"] == 1 and checked["user_account"] == 4
    assert checked["ticket_tag"] > 50 and checked["deadline_event"] > 10 and checked["setting"] == 2
    human = cli("audit", "verify", "--deep")
    assert human.code == 0 and "deep: OK, the tables agree with the chain" in human.out


def test_a_refund_changed_from_5_to_2_is_named_with_its_entry(cli, db_url, demo):
    rid = demo["refund"]["id"]
    _sql(db_url, "UPDATE refund_entry SET amount = '2.00' WHERE id = ?", rid)
    r, plain = _deep(cli)
    assert plain.code == 0 and plain.out.startswith("OK ")      # the chain alone cannot see it
    assert r.code == 1
    seq = _seq(db_url, "refund.log", id=rid)
    assert f"refund_entry {rid} amount: table 2.00, entry {seq} says 5.00" in r.out.splitlines()
    doc = cli("audit", "verify", "--deep", "--json")
    assert doc.code == 1 and doc.json()["ok"] is True            # the chain is fine, the tables are not
    assert doc.json()["deep"]["differences"] == [{
        "table": "refund_entry", "row": rid, "column": "amount", "table_value": "2.00", "chain_value": "5.00",
        "seq": seq, "message": f"refund_entry {rid} amount: table 2.00, entry {seq} says 5.00"}]


def test_a_changed_note_text_is_named(cli, db_url, demo):
    nid = demo["note"]["id"]
    _sql(db_url, "UPDATE note SET text = 'Buyer was rude.' WHERE id = ?", nid)
    r, _ = _deep(cli)
    seq = _seq(db_url, "ticket.note", note_id=nid)
    assert r.code == 1
    assert (f"note {nid} text: table 'Buyer was rude.', entry {seq} says "
            "'Called the carrier: the parcel is on its way.'") in r.out.splitlines()


def test_a_changed_draft_body_is_named_even_with_its_hash_left_alone(cli, db_url, demo):
    did = demo["sent"]["id"]
    _sql(db_url, "UPDATE draft SET body = body || ' Use code SAVE10.' WHERE id = ?", did)
    r, _ = _deep(cli)
    assert r.code == 1
    lines = [x for x in r.out.splitlines() if x.startswith(f"draft {did} ")]
    assert len(lines) == 1 and lines[0].startswith((f"draft {did} body: table '", f'draft {did} body: table "'))
    assert f"entry {_seq(db_url, 'draft.submit', draft_id=did)} says" in lines[0]
    # the approver changed behind the app's back is named too
    _sql(db_url, "UPDATE draft SET approver = 'agent' WHERE id = ?", did)
    r, _ = _deep(cli)
    assert (f"draft {did} approver: table agent, entry {_seq(db_url, 'draft.approve', draft_id=did)} says compliance"
            in r.out.splitlines())


def test_a_deleted_tag_is_named(cli, db_url, demo):
    tid = demo["note_ticket"]
    con = rawdb.connect(db_url)
    with con:
        con.execute("DELETE FROM ticket_tag WHERE ticket_id = ? AND tag = 'REVIEW'", (tid,))
        suspended = con.execute("SELECT ticket_id FROM ticket_tag WHERE tag = 'SUSPENDED' LIMIT 1").fetchone()
    con.close()
    r, _ = _deep(cli)
    assert r.code == 1
    assert (f"ticket_tag {tid}/REVIEW: not in the table, but entry {_seq(db_url, 'ticket.tag', added=['REVIEW'])} "
            "records it") in r.out.splitlines()
    assert suspended is None          # lifted: no SUSPENDED tag is left on an open ticket ...
    _sql(db_url, "INSERT INTO ticket_tag (ticket_id, tag, reason, set_by, set_at) "
                  "VALUES (?, 'SUSPENDED', 'x', 'admin', '2026-01-01 00:00:00.000000')", tid)
    r, _ = _deep(cli)                 # ... and one added behind the app's back is named
    assert f"ticket_tag {tid}/SUSPENDED: in the table, but no entry records it" in r.out.splitlines()


def test_a_changed_missed_deadline_is_named(cli, db_url, demo):
    con = rawdb.connect(db_url)
    eid, suspended = con.execute("SELECT id, suspended_at_due FROM deadline_event "
                                 "WHERE suspension_id IS NULL ORDER BY id LIMIT 1").fetchone()
    con.close()
    assert suspended == 0
    _sql(db_url, "UPDATE deadline_event SET suspended_at_due = TRUE, suspension_id = 1 WHERE id = ?", eid)
    r, plain = _deep(cli)
    assert plain.code == 0 and r.code == 1
    lines = [x for x in r.out.splitlines() if x.startswith(f"deadline_event {eid} ")]
    assert lines[0].startswith(f"deadline_event {eid} suspended_at_due: table true, entry ")
    assert lines[0].endswith(" says false") and len(lines) == 2   # suspended_at_due and suspension_id


def test_a_missed_deadline_moved_within_its_batch_range_is_named(cli, db_url, demo):
    con = rawdb.connect(db_url)
    a, b = con.execute("SELECT id, due_at FROM deadline_event WHERE kind = 'response' ORDER BY id LIMIT 2").fetchall()
    con.close()
    _sql(db_url, "UPDATE deadline_event SET due_at = ? WHERE id = ?", b[1], a[0])
    r, _ = _deep(cli)
    assert r.code == 1
    assert any(x.startswith(f"deadline_event {a[0]} due_at: table ") for x in r.out.splitlines()), r.out


@pytest.mark.parametrize("statement, expected", [
    ("UPDATE suspension SET reason = 'none' WHERE id = 1", "suspension 1 reason: table 'none', entry "),
    ("UPDATE user_account SET role = 'admin' WHERE name = 'dora'", " role: table admin, entry "),
    ("UPDATE setting SET value = '72' WHERE key = 'atoz_window_hours'",
     "setting atoz_window_hours value: table 72, entry "),
    ("INSERT INTO note (ticket_id, author, at, text) VALUES (1, 'agent', '2026-01-01 00:00:00.000000', 'x')",
     ": in the table, but no entry records it"),
    ("UPDATE message SET body = 'We never said that.' WHERE direction = 'outbound'", " body_sha256: table "),
])
def test_other_evidence_tables_are_compared_too(cli, db_url, demo, statement, expected):
    _sql(db_url, statement)
    r, _ = _deep(cli)
    assert r.code == 1 and expected in r.out, r.out


def test_a_broken_chain_is_deep_checked_only_up_to_its_first_bad_entry(cli, db_url, demo):
    con = rawdb.connect(db_url)
    with con:
        con.execute("DROP TRIGGER audit_entry_no_update")
        con.execute("UPDATE audit_entry SET hash = ? WHERE seq = 3", ("0" * 64,))
    con.close()
    r = cli("audit", "verify", "--deep", "--json")
    assert r.code == 1 and r.json()["first_bad_seq"] == 3
    # entries from 3 on are not vouched for, so the rows they record are "not recorded"
    assert r.json()["deep"]["differences"]
