"""The compliance gate through the `warroom` command: templates, drafts, four-eyes approval
bound to the text, holds during a suspension, dispatch (manual, and SMTP against a real
server on loopback), each refusal with its message, and the audit entries that prove it."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from email import message_from_bytes, policy

import pytest

from tests.core import factories as F
from tests.core.test_mail import Collector, free_port, smtp_server  # noqa: F401  (fixture)
from warroom.domain.roles import Actor, Role
from warroom.services import dispatch as dispatch_service
from warroom.services import drafts as drafts_service
from warroom.services.users import add_user
from tests import rawdb

REFUND_TEXT = "Hello, the blender arrived broken. I would like a refund for my order please."
WISMO_TEXT = "Hello, where is my parcel? It has not arrived yet and I am still waiting for it."
LEGAL_TEXT = "This is unacceptable. If I do not get my money back I will hand this to my lawyer."


def _entries(db_url) -> list[tuple[int, str, dict]]:
    con = rawdb.connect(db_url)
    try:
        rows = con.execute("SELECT seq, canonical FROM audit_entry ORDER BY seq").fetchall()
    finally:
        con.close()
    out = []
    for seq, canonical in rows:
        e = json.loads(canonical)
        if e["action"] not in ("audit.checkpoint", "audit.key"):     # the system's checkpoints, between actions
            out.append((seq, e["action"], e["payload"]))
    return out


@pytest.fixture
def gate(db, db_url, users, cli):
    """Starter pack imported by compliance; a REFUND, a WISMO and an ESCALATED (LEGAL) ticket;
    a second compliance user 'dave'."""
    dave = add_user(db, users["ada"], "dave", Role.COMPLIANCE, "secret-pw")
    users["dave"] = Actor(dave["id"], "dave", Role.COMPLIANCE)
    r = cli("templates", "import", "--as", "carol", "--json")
    assert r.code == 0, r.err
    assert r.json()["imported"] == 30
    orders = [F.order(1), F.order(2), F.order(3)]
    ids = [o.amazon_order_id for o in orders]
    F.load(db, orders, [
        F.message(1, order_id=ids[0], body=REFUND_TEXT, subject=f"Refund request (Order: {ids[0]})"),
        F.message(2, order_id=ids[1], body=WISMO_TEXT),
        F.message(3, order_id=ids[2], body=LEGAL_TEXT, subject=f"Complaint (Order: {ids[2]})"),
    ])
    tickets = {t["amazon_order_id"]: t for t in cli("tickets", "--json").json()}
    refund, wismo, legal = (tickets[i] for i in ids)
    assert refund["category"] == "REFUND" and "ESCALATED" not in refund["tags"]
    assert wismo["category"] == "WISMO" and "ESCALATED" not in wismo["tags"]
    assert "ESCALATED" in legal["tags"]
    return {"refund": refund["id"], "wismo": wismo["id"], "legal": legal["id"], "users": users}


def draft(cli, *args: str, who: str = "alice"):
    return cli("draft", *args, "--as", who, "--json")


# ---------------------------------------------------------------- templates

def test_import_by_compliance_approves_and_lists_every_language(cli, gate, db_url):
    rows = cli("templates", "list", "--json").json()
    assert len(rows) == 30
    assert {r["language"] for r in rows} == {"en", "de", "fr", "it", "es", "ja"}
    assert {r["category"] for r in rows} == {"refund-ack", "atoz-response", "delivery-holding",
                                             "return-instructions", "general-ack"}
    assert all(r["status"] == "approved" and isinstance(r["version"], int) for r in rows)
    entries = [e for e in _entries(db_url) if e[1] == "templates.import"]
    assert len(entries) == 1 and len(entries[0][2]["added"]) == 30
    # importing the same pack again changes nothing and writes no entry
    before = len(_entries(db_url))
    r = cli("templates", "import", "--as", "carol", "--json")
    assert r.code == 0 and r.json()["imported"] == 0 and r.json()["unchanged"] == 30
    assert len(_entries(db_url)) == before


def test_only_compliance_imports_templates(cli, users):
    for who in ("alice", "ada"):
        r = cli("templates", "import", "--as", who)
        assert r.code == 2 and "may not manage templates" in r.err


def test_a_template_file_with_forbidden_language_is_refused_naming_file_entry_field(cli, users, tmp_path, db_url):
    f = tmp_path / "bad.json"
    f.write_text(json.dumps([{"key": "sorry", "version": 1, "language": "en", "category": "general-ack",
                              "title": "Sorry", "body": "Hello,\n\nour account is suspended, sorry.\n\nRegards"}]))
    before = len(_entries(db_url))
    r = cli("templates", "import", str(f), "--as", "carol")
    assert r.code == 3
    assert str(f) in r.err and "entry 1" in r.err and "'body'" in r.err and "ACCOUNT-STATUS" in r.err
    assert len(_entries(db_url)) == before
    assert cli("templates", "list", "--json").json() == []


def test_edited_template_needs_approval_and_retired_cannot_be_used(cli, gate, tmp_path):
    body = tmp_path / "body.txt"
    body.write_text("Hello,\n\nthank you for your message. We are checking your order and will update you "
                    "here within one business day.\n\nKind regards")
    r = cli("templates", "edit", "general-ack", "--language", "en", "--body-file", str(body), "--as", "carol", "--json")
    assert r.code == 0, r.err
    assert r.json()["version"] == 2 and r.json()["status"] == "draft"
    r = draft(cli, str(gate["wismo"]), "--template", "general-ack@2")
    assert r.code == 3 and "not approved" in r.err
    # the approved version 1 is still the one in use
    r = draft(cli, str(gate["wismo"]), "--template", "general-ack")
    assert r.code == 0 and r.json()["template_version"] == 1
    assert cli("templates", "approve", "general-ack", "--language", "en", "--as", "carol").code == 0
    listed = {(t["version"], t["status"]) for t in cli("templates", "list", "--key", "general-ack",
                                                         "--language", "en", "--json").json()}
    assert listed == {(1, "retired"), (2, "approved")}
    r = draft(cli, str(gate["wismo"]), "--template", "general-ack@1")
    assert r.code == 3 and "retired" in r.err
    # retiring every version leaves nothing to choose
    assert cli("templates", "retire", "general-ack", "--as", "carol").code == 0
    r = draft(cli, str(gate["wismo"]), "--template", "general-ack")
    assert r.code == 3 and "retired" in r.err


# ---------------------------------------------------------------- drafting

def test_template_draft_renders_from_the_cache(cli, gate, db_url):
    r = draft(cli, str(gate["refund"]), "--template", "refund-ack")
    assert r.code == 0, r.err
    d = r.json()
    assert d["status"] == "submitted" and d["template_key"] == "refund-ack" and d["template_version"] == 1
    assert d["language"] == "en" and d["lint"] == []
    assert d["body"].startswith("Hello Jane,")                      # the buyer's first name
    assert "111-1000001-2000001" in d["body"] and "$24.99" in d["body"]  # order id and total, US format
    assert d["subject"].startswith("Re: Refund request")
    import hashlib

    assert d["body_sha256"] == hashlib.sha256(d["body"].encode()).hexdigest()
    submit = [e for e in _entries(db_url) if e[1] == "draft.submit"]
    assert len(submit) == 1 and submit[0][2]["body_sha256"] == d["body_sha256"]
    assert cli("drafts", "--json").json()[0]["id"] == d["id"]


def test_buyer_text_is_data_never_template_code(cli, gate, db):
    o = F.order(9)
    F.load(db, [o], [F.message(9, order_id=o.amazon_order_id, body=REFUND_TEXT)._replace(
                             from_name="{{7*7}} Smith - Amazon Marketplace")])
    tid = [t for t in cli("tickets", "--json").json() if t["amazon_order_id"] == o.amazon_order_id][0]["id"]
    r = draft(cli, str(tid), "--template", "refund-ack")
    d = r.json()
    assert d["body"].startswith("Hello {{7*7}},") and "49" not in d["body"]
    # ...and the leftover-placeholder rule will not let that text reach the buyer unread
    assert r.code == 3 and d["status"] == "blocked" and {f["rule"] for f in d["lint"]} == {"PLACEHOLDER"}


def test_wrong_category_is_refused(cli, gate):
    r = draft(cli, str(gate["refund"]), "--template", "delivery-holding")
    assert r.code == 3 and "answers WISMO tickets" in r.err and "REFUND" in r.err


def test_missing_language_and_unknown_template_are_clear(cli, gate):
    r = draft(cli, str(gate["refund"]), "--template", "refund-ack", "--language", "pt")
    assert r.code == 3 and "no version in language 'pt'" in r.err
    r = draft(cli, str(gate["refund"]), "--template", "nope")
    assert r.code == 3 and "no template 'nope'" in r.err
    r = draft(cli, "999", "--template", "refund-ack")
    assert r.code == 3 and "no ticket 999" in r.err


def test_a_template_on_an_escalated_ticket_is_refused(cli, gate):
    r = draft(cli, str(gate["legal"]), "--template", "general-ack")
    assert r.code == 3 and "ESCALATED" in r.err and "senior reply" in r.err


def test_agent_free_text_is_allowed_outside_a_suspension_and_refused_during_one(cli, gate):
    r = draft(cli, str(gate["wismo"]), "--text", "Hello, your parcel is on its way. We will update you tomorrow.")
    assert r.code == 0 and r.json()["kind"] == "text" and r.json()["status"] == "submitted"
    assert cli("suspend", "--reason", "policy review", "--as", "ada").code == 0
    r = draft(cli, str(gate["wismo"]), "--text", "Hello, your parcel is on its way.")
    assert r.code == 3 and "suspension is declared" in r.err and "templates" in r.err
    # a compliance user is held to the same rule on a ticket that is not escalated
    r = draft(cli, str(gate["wismo"]), "--text", "Hello, your parcel is on its way.", who="carol")
    assert r.code == 3


def test_a_draft_with_findings_is_blocked_exit_3_and_cannot_be_approved(cli, gate, db_url):
    r = draft(cli, str(gate["wismo"]), "--text", "Sorry, our account is under review so we cannot ship.")
    assert r.code == 3 and "blocked" in r.err and "ACCOUNT-STATUS" in r.err
    d = r.json()
    assert d["status"] == "blocked" and {f["rule"] for f in d["lint"]} == {"ACCOUNT-STATUS"}
    assert [e for e in _entries(db_url) if e[1] == "draft.submit"][-1][2]["status"] == "blocked"
    r = cli("approve", str(d["id"]), "--as", "carol")
    assert r.code == 3 and "lint findings" in r.err
    # editing it clean puts it back for approval
    r = cli("edit-draft", str(d["id"]), "--text", "Hello, we are checking with the carrier and will update you.",
            "--as", "alice", "--json")
    assert r.code == 0 and r.json()["status"] == "submitted"
    assert cli("approve", str(d["id"]), "--as", "carol").code == 0


def test_missing_variable_is_named(cli, gate, tmp_path):
    f = tmp_path / "t.json"
    f.write_text(json.dumps([{"key": "tracking", "version": 1, "language": "en", "category": "delivery-holding",
                              "title": "Tracking", "variables": ["tracking_number"],
                              "body": "Hello,\n\nthe tracking number is {{ tracking_number }}.\n\nKind regards"}]))
    assert cli("templates", "import", str(f), "--as", "carol").code == 0
    r = draft(cli, str(gate["wismo"]), "--template", "tracking")
    assert r.code == 3 and "'tracking_number'" in r.err and "--var tracking_number=" in r.err
    r = draft(cli, str(gate["wismo"]), "--template", "tracking", "--var", "tracking_number=1Z999AA10123456784")
    assert r.code == 0 and "the tracking number is 1Z999AA10123456784." in r.json()["body"]
    # one draft waits at a time: reject it before the next
    assert cli("reject", str(r.json()["id"]), "--reason", "try another value", "--as", "carol").code == 0
    # a value is data: inserted as typed, never evaluated
    r = draft(cli, str(gate["wismo"]), "--template", "tracking", "--var", "tracking_number={{ 6*7 }}")
    assert "the tracking number is {{ 6*7 }}." in r.json()["body"] and r.code == 3


# ---------------------------------------------------------------- approval

def test_four_eyes_self_approval_agent_and_admin_refused(cli, gate):
    d = draft(cli, str(gate["legal"]), "--text", "Hello, we are sorry for the trouble. A senior colleague is "
              "reviewing your order and will reply within one business day.", who="carol").json()
    assert d["kind"] == "senior"
    r = cli("approve", str(d["id"]), "--as", "carol")
    assert r.code == 3 and "nobody approves their own draft" in r.err
    for who in ("alice", "ada"):
        r = cli("approve", str(d["id"]), "--as", who)
        assert r.code == 2 and "may not approve" in r.err
    r = cli("approve", str(d["id"]), "--as", "dave", password="wrong")
    assert r.code == 2 and "authentication failed" in r.err
    r = cli("approve", str(d["id"]), "--as", "dave", "--json")
    assert r.code == 0 and r.json()["status"] == "approved" and r.json()["approver"] == "dave"


def test_approval_binds_the_template_hash_and_text_hash(cli, gate, db_url):
    d = draft(cli, str(gate["refund"]), "--template", "refund-ack").json()
    cli("approve", str(d["id"]), "--as", "carol")
    e = [x for x in _entries(db_url) if x[1] == "draft.approve"][-1][2]
    assert e["body_sha256"] == d["body_sha256"] and e["template_sha256"] == d["template_sha256"]
    assert e["password_confirmed"] is True
    tpl = [t for t in cli("templates", "list", "--json").json()
           if t["key"] == "refund-ack" and t["language"] == "en"][0]
    assert e["template_sha256"] == tpl["sha256"]


def test_reject_needs_a_reason_and_a_rejected_draft_is_not_sent(cli, gate):
    d = draft(cli, str(gate["refund"]), "--template", "refund-ack").json()
    assert cli("reject", str(d["id"]), "--reason", " ", "--as", "carol").code == 3
    r = cli("reject", str(d["id"]), "--reason", "use the return-instructions template", "--as", "carol", "--json")
    assert r.code == 0 and r.json()["status"] == "rejected"
    r = cli("dispatch", str(d["id"]), "--via", "manual", "--as", "alice")
    assert r.code == 3 and "rejected" in r.err


# ---------------------------------------------------------------- dispatch

def test_dispatch_before_approval_is_refused(cli, gate):
    d = draft(cli, str(gate["refund"]), "--template", "refund-ack").json()
    r = cli("dispatch", str(d["id"]), "--via", "manual", "--as", "alice")
    assert r.code == 3 and "not approved" in r.err


def test_an_approved_draft_is_not_editable_a_rejected_one_is(cli, gate, db_url):
    """Issue 12 item 2: an approved (or sending) text is bound to its approval; only submitted,
    blocked and rejected drafts are edited (and the edit goes back to the desk)."""
    d = draft(cli, str(gate["wismo"]), "--text", "Hello, your parcel left our warehouse yesterday.").json()
    assert cli("approve", str(d["id"]), "--as", "carol").code == 0
    before = len(_entries(db_url))
    r = cli("edit-draft", str(d["id"]), "--text", "Hello, your parcel left our warehouse today.", "--as", "alice")
    assert r.code == 3 and "cannot be edited" in r.err and "approved" in r.err
    assert len(_entries(db_url)) == before
    assert cli("ticket", str(gate["wismo"]), "--json").code == 0
    assert drafts_service.get_draft(_db(db_url), d["id"])["status"] == "approved"
    # while it waits to leave the ticket takes no second draft; rejected, it does
    assert draft(cli, str(gate["wismo"]), "--text", "Hello, your parcel is on its way.").code == 3
    assert cli("reject", str(d["id"]), "--reason", "say when", "--as", "carol").code == 0
    r2 = draft(cli, str(gate["wismo"]), "--text", "Hello, your parcel is on its way.").json()
    assert cli("reject", str(r2["id"]), "--reason", "give the date", "--as", "carol").code == 0
    r = cli("edit-draft", str(r2["id"]), "--text", "Hello, your parcel left our warehouse on Monday.", "--as",
            "alice", "--json")
    assert r.code == 0 and r.json()["status"] == "submitted" and r.json()["approver"] is None
    assert [e for e in _entries(db_url) if e[1] == "draft.edit"][-1][2]["previous"]["status"] == "rejected"
    # only the author edits
    r = cli("edit-draft", str(r2["id"]), "--text", "Hello.", "--as", "bob")
    assert r.code == 3 and "only its author" in r.err


def _db(db_url):
    from warroom.storage.engine import open_database

    return open_database(str(db_url))


def test_dispatch_after_the_text_changed_behind_the_apps_back_is_refused(cli, gate, db_url):
    d = draft(cli, str(gate["refund"]), "--template", "refund-ack").json()
    assert cli("approve", str(d["id"]), "--as", "carol").code == 0
    con = rawdb.connect(db_url)
    con.execute("UPDATE draft SET body = body || ' Use code SAVE10 for 10% off.' WHERE id = ?", (d["id"],))
    con.commit()
    con.close()
    r = cli("dispatch", str(d["id"]), "--via", "manual", "--as", "alice")
    assert r.code == 3 and "text changed after it was approved" in r.err


def test_manual_dispatch_joins_the_conversation_and_stops_the_clock(cli, gate, db_url, set_now):
    set_now("2026-11-20T11:30:00Z")
    d = draft(cli, str(gate["refund"]), "--template", "refund-ack").json()
    cli("approve", str(d["id"]), "--as", "carol")
    assert {x["id"] for x in cli("outbox", "--json").json()} == {d["id"]}
    before = cli("ticket", str(gate["refund"]), "--json").json()
    assert before["due_at"] is not None
    set_now("2026-11-20T12:30:00Z")
    r = cli("dispatch", str(d["id"]), "--via", "manual", "--sent-at", "2026-11-20T12:00:00Z", "--as", "alice", "--json")
    assert r.code == 0, r.err
    assert r.json()["status"] == "dispatched" and r.json()["dispatched_at"] == "2026-11-20T12:00:00Z"
    set_now(None)
    t = cli("ticket", str(gate["refund"]), "--json").json()
    assert t["due_at"] is None and t["status"] == "answered"
    out = [m for m in t["messages"] if m["direction"] == "outbound"]
    assert len(out) == 1 and out[0]["body"] == d["body"] and out[0]["at"] == "2026-11-20T12:00:00Z"
    assert not [x for x in cli("deadlines", "--json").json() if x["ticket_id"] == gate["refund"] and x["missed"]]
    assert cli("outbox", "--json").json() == []
    r = cli("dispatch", str(d["id"]), "--via", "manual", "--as", "alice")
    assert r.code == 3 and "already dispatched" in r.err
    assert cli("dispatch", str(d["id"]), "--via", "manual", "--sent-at", "tomorrow", "--as", "alice").code == 3
    entries = _entries(db_url)
    assert [e[1] for e in entries[-3:]] == ["draft.submit", "draft.approve", "draft.dispatch"]
    # the set-up wrote at the real time, then this test set the clock back to 2026-11-20:
    # verify reports the first backdated entry (issue 12 item 5), the chain up to it is intact
    v = cli("audit", "verify", "--json")
    assert v.code == 1 and v.json()["first_bad_seq"] == entries[-3][0] == v.json()["verified_count"] + 1
    assert v.json()["reason"].startswith(f"entry {entries[-3][0]} is dated 2026-11-20T11:30:00.000000Z")


# ---------------------------------------------------------------- the suspension

def test_held_category_waits_and_is_released_in_received_order_on_lift(cli, gate, db, db_url):
    # approved before the suspension: held when it is declared
    early = draft(cli, str(gate["wismo"]), "--template", "delivery-holding").json()
    cli("approve", str(early["id"]), "--as", "carol")
    r = cli("suspend", "--reason", "policy review", "--as", "ada", "--json")
    assert r.json()["held_drafts"] == [early["id"]]
    # a second WISMO ticket, received later, answered during the suspension: held at approval
    o = F.order(4)
    F.load(db, [o], [F.message(4, order_id=o.amazon_order_id, body=WISMO_TEXT, at=F.BASE + timedelta(hours=5))])
    later_ticket = [t for t in cli("tickets", "--json").json() if t["amazon_order_id"] == o.amazon_order_id][0]
    assert "SUSPENDED" in later_ticket["tags"] and later_ticket["category"] == "WISMO"
    later = draft(cli, str(later_ticket["id"]), "--template", "delivery-holding").json()
    r = cli("approve", str(later["id"]), "--as", "carol", "--json")
    assert r.json()["status"] == "held" and "suspension" in r.json()["reason"]
    # a refund reply may leave during the suspension
    refund = draft(cli, str(gate["refund"]), "--template", "refund-ack").json()
    assert cli("approve", str(refund["id"]), "--as", "carol", "--json").json()["status"] == "approved"
    box = {x["id"]: x for x in cli("outbox", "--json").json()}
    assert box[early["id"]]["status"] == "held" and "WISMO replies wait" in box[early["id"]]["reason"]
    r = cli("dispatch", str(early["id"]), "--via", "manual", "--as", "alice")
    assert r.code == 3 and "held" in r.err and "suspension" in r.err
    assert cli("dispatch", str(refund["id"]), "--via", "manual", "--as", "alice").code == 0
    # lifting releases the held replies in the order their tickets were received
    r = cli("suspend", "--lift", "--as", "ada", "--json")
    assert r.json()["released_drafts"] == [early["id"], later["id"]]
    lift = [e for e in _entries(db_url) if e[1] == "suspension.lift"][-1][2]
    assert lift["released_drafts"] == [early["id"], later["id"]]
    assert [x["status"] for x in cli("outbox", "--json").json()] == ["approved", "approved"]
    assert cli("dispatch", str(early["id"]), "--via", "manual", "--as", "alice").code == 0


def test_senior_reply_path_during_a_suspension(cli, gate):
    assert cli("suspend", "--reason", "policy review", "--as", "ada").code == 0
    text = "Hello, we are sorry for the trouble with your order. We are reviewing it and will reply by tomorrow."
    r = draft(cli, str(gate["legal"]), "--text", text, who="alice")
    assert r.code == 2 and "senior reply" in r.err
    d = draft(cli, str(gate["legal"]), "--text", text, who="dave").json()
    assert d["kind"] == "senior" and d["status"] == "submitted"
    r = cli("approve", str(d["id"]), "--as", "carol", "--json")
    assert r.code == 0 and r.json()["status"] == "approved"     # senior replies are not held
    r = cli("dispatch", str(d["id"]), "--via", "manual", "--as", "bob", "--json")
    assert r.code == 0 and r.json()["status"] == "dispatched"


def test_a_templated_draft_is_voided_when_its_ticket_becomes_escalated(cli, gate, db_url):
    d = draft(cli, str(gate["wismo"]), "--template", "delivery-holding").json()
    assert cli("tag", str(gate["wismo"]), "ESCALATED", "--reason", "buyer mentioned an injury on the phone",
               "--as", "alice").code == 0
    r = cli("approve", str(d["id"]), "--as", "carol")
    assert r.code == 3 and "voided" in r.err and "ESCALATED" in r.err
    assert cli("drafts", "--status", "voided", "--json").json()[0]["id"] == d["id"]
    assert [e for e in _entries(db_url) if e[1] == "draft.void"]


# ---------------------------------------------------------------- SMTP

@pytest.fixture
def no_backoff(monkeypatch):
    monkeypatch.setattr(dispatch_service, "SMTP_BACKOFF", 0.0)


def _mail_settings(cli, port: int) -> None:
    for key, value in (("smtp.host", "127.0.0.1"), ("smtp.port", str(port)), ("smtp.security", "none"),
                       ("smtp.from", "Shop <shop@example.com>")):
        assert cli("settings", "set", key, value, "--as", "ada").code == 0


def test_smtp_dispatch_to_a_real_server_and_header_injection_stays_out(cli, gate, db, smtp_server, no_backoff):  # noqa: F811
    server = smtp_server()
    _mail_settings(cli, server.port)
    o = F.order(5)
    F.load(db, [o], [F.message(5, order_id=o.amazon_order_id, body=REFUND_TEXT,
                               subject="=?utf-8?q?hi=0ABcc:_x@example.com?=")])
    tid = [t for t in cli("tickets", "--json").json() if t["amazon_order_id"] == o.amazon_order_id][0]["id"]
    d = draft(cli, str(tid), "--template", "refund-ack").json()
    cli("approve", str(d["id"]), "--as", "carol")
    r = cli("dispatch", str(d["id"]), "--via", "smtp", "--as", "alice", "--json")
    assert r.code == 0, r.err
    assert r.json()["status"] == "dispatched" and r.json()["dispatched_via"] == "smtp"
    assert len(server.handler.envelopes) == 1
    env = server.handler.envelopes[0]
    assert env.rcpt_tos == ["buyer00000000005@marketplace.amazon.com"]
    msg = message_from_bytes(env.content, policy=policy.default)
    assert "Cc" not in msg and "Bcc" not in msg
    assert "\n" not in str(msg["Subject"]) and str(msg["Subject"]).startswith("Re: hi")
    assert msg.get_content().replace("\r\n", "\n").strip() == d["body"].strip()
    t = cli("ticket", str(tid), "--json").json()
    assert t["due_at"] is None and [m["direction"] for m in t["messages"]][-1] == "outbound"


def test_smtp_refused_connection_is_recorded_and_retry_succeeds(cli, gate, db_url, smtp_server, no_backoff):  # noqa: F811
    port = free_port()                       # nothing listens here yet
    _mail_settings(cli, port)
    d = draft(cli, str(gate["refund"]), "--template", "refund-ack").json()
    cli("approve", str(d["id"]), "--as", "carol")
    r = cli("dispatch", str(d["id"]), "--via", "smtp", "--as", "alice")
    assert r.code == 3 and "sending failed" in r.err and "can be dispatched again" in r.err
    failed = [e for e in _entries(db_url) if e[1] == "dispatch-failed"]
    assert len(failed) == 1 and failed[0][2]["attempts"] == dispatch_service.SMTP_ATTEMPTS
    box = cli("outbox", "--json").json()
    assert box[0]["status"] == "failed" and "sending failed" in box[0]["reason"]
    t = cli("ticket", str(gate["refund"]), "--json").json()
    assert t["due_at"] is not None                  # nothing left: the clock still runs
    # the server comes up; the retry goes out
    import aiosmtpd.controller as c

    handler = Collector()
    controller = c.Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        r = cli("dispatch", str(d["id"]), "--via", "smtp", "--as", "alice", "--json")
    finally:
        controller.stop()
    assert r.code == 0, r.err
    assert r.json()["status"] == "dispatched" and r.json()["attempts"] == dispatch_service.SMTP_ATTEMPTS + 1
    assert len(handler.envelopes) == 1
    assert cli("audit", "verify").code == 0


def test_smtp_without_mail_settings_is_refused_clearly(cli, gate):
    d = draft(cli, str(gate["refund"]), "--template", "refund-ack").json()
    cli("approve", str(d["id"]), "--as", "carol")
    r = cli("dispatch", str(d["id"]), "--via", "smtp", "--as", "alice")
    assert r.code == 3 and "no mail server is configured" in r.err
