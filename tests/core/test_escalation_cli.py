"""The escalation commands (roles, exit codes, --json), drill isolation, and the deep check
replaying the new entry kinds."""

from __future__ import annotations

import json
import sqlite3
import zipfile

import pytest

from tests import rawdb
from warroom.storage.engine import open_database

AGENT, COMPLIANCE, ADMIN = "agent", "compliance", "admin"


def _as(cli, *argv: str, who: str = AGENT):
    r = cli(*argv, "--as", who, "--json", password="demo")
    assert r.code == 0, (argv, r.err)
    return r.json()


@pytest.fixture
def demo(cli):
    assert cli("demo", "--with-users", password=None).code == 0
    return cli


def _escalated(cli) -> dict:
    """An escalated ticket with a cached order and none of the demo's own escalation records."""
    authorized = {a["ticket_id"] for a in cli("authorizations", "--json").json()}
    orders = {o["amazon_order_id"] for o in cli("orders", "--json").json()}
    return next(r for r in cli("escalation", "list", "--json").json()
                if r["ticket_id"] not in authorized and not r["brief_edited"] and r["amazon_order_id"] in orders)


def _entries(db_url, action: str) -> list[dict]:
    con = rawdb.connect(db_url)
    rows = [json.loads(c) for (c,) in con.execute("SELECT canonical FROM audit_entry ORDER BY seq")]
    con.close()
    return [e for e in rows if e["action"] == action]


def test_brief_list_and_edit_from_the_command(demo, db_url):
    rows = demo("escalation", "list", "--json").json()
    assert rows and all(r["status"] != "closed" for r in rows)
    tid = _escalated(demo)["ticket_id"]
    shown = demo("escalation", "brief", str(tid), "--json").json()
    assert set(shown["fields"]) == {"order", "buyer", "nature", "done", "emotional_state", "deadline"}
    assert shown["fields"]["order"]["prefilled"] is True
    edited = _as(demo, "escalation", "brief", str(tid), "--set", "emotional_state=calmer after the call",
                 "--set", "done=called the buyer")
    assert edited["changed"] == ["done", "emotional_state"]
    assert edited["fields"]["done"] == {"value": "called the buyer", "prefilled": False}
    assert len(_entries(db_url, "escalation.brief-edit")) == 1      # (the demo's records are in demo.load)
    bad = demo("escalation", "brief", str(tid), "--set", "mood=x", "--as", AGENT, password="demo")
    assert bad.code == 3 and "unknown brief field" in bad.err
    no_eq = demo("escalation", "brief", str(tid), "--set", "done", "--as", AGENT, password="demo")
    assert no_eq.code == 3 and "FIELD=VALUE" in no_eq.err
    missing = demo("escalation", "brief", "99999")
    assert missing.code == 3


def test_authorize_is_for_compliance_and_admin_and_limits_refunds(demo, db_url):
    row = _escalated(demo)
    tid = row["ticket_id"]
    order = next(o for o in demo("orders", "--json").json() if o["amazon_order_id"] == row["amazon_order_id"])
    total = order["total"]
    denied = demo("authorize", str(tid), "--kind", "compensation", "--reason", "x", "--limit", "9999",
                  "--as", AGENT, password="demo")
    assert denied.code == 2 and "may not authorize" in denied.err
    assert demo("refund", str(tid), "--amount", total, "--method", "PayPal", "--as", AGENT, password="demo").code == 0
    refused = demo("refund", str(tid), "--amount", "10", "--method", "PayPal", "--as", AGENT, password="demo")
    assert refused.code == 3 and "authorization" in refused.err and refused.err.rstrip().endswith("(--authorization)")
    limit = f"{float(total) + 25:.2f}"
    auth = _as(demo, "authorize", str(tid), "--kind", "compensation", "--reason", "burnt counter", "--limit", limit,
               "--hours", "48", who=COMPLIANCE)
    assert auth["limit"] == limit and auth["kind"] == "compensation"
    ok = _as(demo, "refund", str(tid), "--amount", "20", "--method", "PayPal")
    assert ok["authorization_id"] == auth["id"]
    over = demo("refund", str(tid), "--amount", "10", "--method", "PayPal", "--as", AGENT, password="demo")
    assert over.code == 3 and "at most 5.00" in over.err and over.err.rstrip().endswith("(--amount)")
    listed = demo("authorizations", "--ticket", str(tid), "--json").json()
    assert [a["id"] for a in listed] == [auth["id"]]
    by_admin = _as(demo, "authorize", str(tid), "--kind", "future-discount", "--reason", "next order", "--limit", "15",
                   who=ADMIN)
    assert by_admin["granted_by"] == ADMIN


def test_reship_and_postmortem_and_knowledge_base(demo, db_url):
    row = _escalated(demo)
    tid = row["ticket_id"]
    order = next(o for o in demo("orders", "--json").json() if o["amazon_order_id"] == row["amazon_order_id"])
    sku = order["items"][0]["sku"]
    express = demo("reship", str(tid), "--items", f"{sku}:1", "--carrier", "UPS", "--reason", "broken",
                   "--express", "--as", AGENT, password="demo")
    assert express.code == 3 and "authorization" in express.err
    r = _as(demo, "reship", str(tid), "--items", f"{sku}:1", "--carrier", "DHL", "--tracking", "JD1",
            "--reason", "arrived broken")
    assert r["items"] == [{"sku": sku, "quantity": 1}] and r["express"] is False
    assert [x["id"] for x in demo("reships", "--ticket", str(tid), "--json").json()] == [r["id"]]
    early = demo("escalation", "postmortem", str(tid), "--root-cause", "logistics", "--done", "x", "--changes", "y",
                 "--as", AGENT, password="demo")
    assert early.code == 3 and "closed" in early.err
    _as(demo, "set-status", str(tid), "closed")
    pm = _as(demo, "escalation", "postmortem", str(tid), "--root-cause", "logistics",
             "--done", "Reshipped with DHL; 包装破损 reported to the carrier", "--changes", "double boxing")
    assert pm["root_cause"] == "logistics"
    assert demo("escalation", "postmortem", str(tid), "--json").json()["id"] == pm["id"]
    assert [p["id"] for p in demo("escalation", "kb", "包装", "--json").json()] == [pm["id"]]
    assert demo("escalation", "kb", "nothing-like-this", "--json").json() == []
    closed = demo("escalation", "list", "--all", "--json").json()
    assert next(x for x in closed if x["ticket_id"] == tid)["postmortem_id"] == pm["id"]


def test_the_deep_check_replays_the_escalation_records_and_finds_an_edit(demo, db_url):
    row = _escalated(demo)
    tid = row["ticket_id"]
    order = next(o for o in demo("orders", "--json").json() if o["amazon_order_id"] == row["amazon_order_id"])
    _as(demo, "escalation", "brief", str(tid), "--set", "done=called")
    auth = _as(demo, "authorize", str(tid), "--kind", "compensation", "--reason", "goodwill",
               "--limit", f"{float(order['total']) + 50:.2f}", who=COMPLIANCE)
    _as(demo, "refund", str(tid), "--amount", order["total"], "--method", "PayPal")
    _as(demo, "refund", str(tid), "--amount", "1.00", "--method", "PayPal")
    _as(demo, "reship", str(tid), "--items", order["items"][0]["sku"], "--carrier", "DHL", "--reason", "broken")
    _as(demo, "set-status", str(tid), "closed")
    _as(demo, "escalation", "postmortem", str(tid), "--root-cause", "other", "--done", "x", "--changes", "y")
    ok = demo("audit", "verify", "--deep", "--json")
    assert ok.code == 0, ok.out
    checked = ok.json()["deep"]["checked"] if "deep" in ok.json() else ok.json()["checked"]
    assert checked["escalation_brief"] == 2 and checked["authorized_refund"] == 1 and checked["post_mortem"] == 2
    con = rawdb.connect(db_url)
    con.execute("UPDATE remedy_authorization SET limit_amount = '99999.00' WHERE id = ?", (auth["id"],))
    con.execute("UPDATE escalation_brief SET done = 'nothing' WHERE ticket_id = ?", (tid,))
    con.commit()
    con.close()
    bad = demo("audit", "verify", "--deep", "--json")
    assert bad.code == 1
    text = bad.out
    assert "remedy_authorization" in text and "limit_amount" in text and "escalation_brief" in text


# ------------------------------------------------------------------------------ drills

@pytest.mark.sqlite_only("a drill copies the SQLite file; on a server it is refused (test_drill_is_refused_on_a_server)")
def test_a_drill_runs_on_a_marked_copy_and_never_reaches_the_real_database(demo, db_path, tmp_path):
    real_before = _entries(str(db_path), "drill.inject")
    denied = demo("drill", "start", "--as", AGENT, password="demo")
    assert denied.code == 2
    started = _as(demo, "drill", "start", who=COMPLIANCE)
    copy = tmp_path / "warroom.drill.sqlite3"
    assert copy.exists() and started["copy"].endswith("warroom.drill.sqlite3")
    again = demo("drill", "start", "--as", COMPLIANCE, password="demo")
    assert again.code == 3 and "already running" in again.err
    # the team works the drill in the copy
    drill = open_database(str(copy))
    from warroom.services import drills, escalation
    from warroom.services.users import authenticate

    agent = authenticate(drill, AGENT, "demo")
    brief = escalation.get_brief(drill, started["ticket_id"])
    assert brief.escalated and brief.subject.startswith("[DRILL]")
    escalation.edit_brief(drill, agent, started["ticket_id"], {"done": "called the (simulated) buyer"})
    report = demo("drill", "report", "--json").json()
    assert report["steps"]["brief"]["actor"] == AGENT and report["steps"]["brief"]["seconds"] >= 0
    assert report["steps"]["reply_sent"]["seconds"] is None
    # nothing of the drill is in the real database
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT count(*) FROM ticket WHERE subject LIKE '[DRILL]%'").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM ticket_tag WHERE tag = 'DRILL'").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM drill_marker").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM escalation_brief").fetchone()[0] == 1     # the demo's own
    con.close()
    assert _entries(str(db_path), "drill.inject") == real_before == []
    # the copy is refused as an appeal-export source
    with pytest.raises(Exception, match="drill copy"):
        drills.refuse_drill_copy(drill, "an appeal export")
    drill.dispose()
    copy_export = demo("--db", str(copy), "appeal", "export", "--from", "2026-01-01", "--to", "2026-12-31",
                       str(tmp_path / "drill.zip"), "--no-pdf", "--as", COMPLIANCE, password="demo")
    assert copy_export.code == 3 and "drill copy" in copy_export.err and not (tmp_path / "drill.zip").exists()
    ended = _as(demo, "drill", "end", who=COMPLIANCE)
    assert not copy.exists() and ended["copy_kept"] is False
    [entry] = _entries(str(db_path), "drill.ended")
    assert entry["entity"] == "drill" and entry["payload"]["seconds"]["brief"] is not None
    assert demo("drill", "report").code == 3                      # no drill running any more
    # the real database's export holds no drill record
    out = tmp_path / "real.zip"
    exported = demo("appeal", "export", "--from", "2026-01-01", "--to", "2027-12-31", str(out), "--no-pdf",
                    "--as", COMPLIANCE, password="demo")
    assert exported.code == 0, exported.err
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            data = z.read(name)
            assert b"[DRILL]" not in data and b"drill-simulation@" not in data, name
    assert demo("audit", "verify", "--deep").code == 0


def test_the_demo_shows_a_brief_an_authorization_a_reshipment_and_a_post_mortem(demo, db_url):
    rows = demo("escalation", "list", "--all", "--json").json()
    edited = [r for r in rows if r["brief_edited"]]
    assert len(edited) == 1 and edited[0]["status"] == "open"
    brief = demo("escalation", "brief", str(edited[0]["ticket_id"]), "--json").json()
    assert brief["fields"]["done"]["prefilled"] is False and brief["fields"]["order"]["prefilled"] is True
    [auth] = demo("authorizations", "--json").json()
    assert auth["ticket_id"] == edited[0]["ticket_id"] and auth["kind"] == "compensation" and auth["granted_by"] == "compliance"
    [reship] = demo("reships", "--json").json()
    assert reship["ticket_id"] == edited[0]["ticket_id"] and reship["logged_by"] == "agent"
    closed = [r for r in rows if r["postmortem_id"]]
    assert len(closed) == 1 and closed[0]["status"] == "closed"
    [pm] = demo("escalation", "kb", "工厂", "--json").json()
    assert pm["root_cause"] == "product-defect" and pm["rule_links"] and pm["rule_links"][0].startswith("triage:")
    [load] = _entries(db_url, "demo.load")
    assert set(load["payload"]["escalation"]) == {"briefs", "authorizations", "reshipments", "postmortems"}
    assert demo("audit", "verify", "--deep").code == 0


@pytest.mark.postgresql_only("on SQLite a drill copies the file (the test above)")
def test_drill_is_refused_on_a_server(demo):
    r = demo("drill", "start", "--as", COMPLIANCE, password="demo")
    assert r.code == 3 and "need an SQLite database (this one is postgresql)" in r.err
    assert demo("drill", "report").code == 3
