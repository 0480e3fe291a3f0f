"""`warroom claims|claim|notices|notice`: roles, exit codes, --json."""

from __future__ import annotations

from pathlib import Path

from tests.core import factories as F
from warroom.services.tickets import list_tickets

NOTICES = Path(__file__).resolve().parents[1] / "data" / "messages" / "notices"


def test_claim_commands(db, users, cli):
    o = F.order(4)
    F.load(db, [o], [F.message(4, order_id=o.amazon_order_id)])
    tid = list_tickets(db)[0]["id"]
    r = cli("claim", "open", "--type", "A_TO_Z", "--ticket", str(tid), "--reason", "not received", "--as", "alice",
            "--json")
    assert r.code == 0, r.err
    claim = r.json()
    assert claim["type"] == "A_TO_Z" and claim["ticket_id"] == tid and claim["due_at"].endswith("Z")
    assert cli("claim", "open", "--type", "A_TO_Z", "--ticket", str(tid), "--as", "alice").code == 3
    assert cli("claim", "open", "--type", "A_TO_Z", "--ticket", str(tid)).code == 2          # no actor
    assert cli("claim", "open", "--type", "BOGUS", "--order", o.amazon_order_id, "--as", "alice").code == 3
    cid = str(claim["id"])
    assert cli("claim", "evidence", cid, "--kind", "PHOTOS", "--reference", "photos/box.jpg", "--as", "bob").code == 0
    assert cli("claim", "submit", cid, "--text", "photos and tracking", "--as", "bob").code == 0
    r = cli("claim", "outcome", cid, "DENIED", "--as", "carol", "--json")
    assert r.code == 0 and r.json()["status"] == "DENIED"
    assert cli("claim", "outcome", cid, "APPEALED", "--as", "carol").code == 3                 # final
    assert cli("claim", "show", "999").code == 3
    assert cli("claim", "show", "x").code == 2
    shown = cli("claim", "show", cid, "--json").json()
    assert shown["evidence"][0]["kind"] == "PHOTOS" and shown["submission"] == "photos and tracking"
    listed = cli("claims", "--json").json()
    assert [c["id"] for c in listed] == [claim["id"]] and listed[0]["evidence"][0]["reference"] == "photos/box.jpg"
    assert cli("claims", "--open", "--json").json() == []
    assert "DENIED" in cli("claims").out


def test_notice_commands(db, users, cli):
    r = cli("import", "messages", str(NOTICES / "chargeback_de.eml"), str(NOTICES / "cs_relay_uk.eml"), "--as", "alice")
    assert r.code == 0, r.err
    rows = cli("notices", "--json").json()
    assert sorted(n["kind"] for n in rows) == ["CHARGEBACK", "CUSTOMER_SERVICE"]
    cb = next(n for n in rows if n["kind"] == "CHARGEBACK")
    assert cb["claim_id"] is not None
    claims = cli("claims", "--json").json()
    assert [(c["type"], c["amazon_order_id"]) for c in claims] == [("CHARGEBACK", "302-7788991-2233445")]
    cs = next(n for n in rows if n["kind"] == "CUSTOMER_SERVICE")
    assert cli("notice", "link", str(cs["id"]), "--claim", str(cb["claim_id"]), "--as", "alice").code == 3  # other order
    assert cli("notice", "answer", str(cs["id"]), "--text", "refunded in full", "--as", "alice").code == 0
    assert [n["id"] for n in cli("notices", "--open", "--json").json()] == [cb["id"]]
    assert "CHARGEBACK" in cli("notices").out
    assert "refunded in full" in cli("notice", "show", str(cs["id"])).out
    assert cli("notice", "answer", "999", "--text", "x", "--as", "alice").code == 3
    assert cli("audit", "verify", "--deep").code == 0
