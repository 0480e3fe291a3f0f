"""The appeal evidence package (issue 13, "The export"; docs/appeal-package.md sections 3-4).

One scenario is built once for the module (demo data, a blocked draft, a suspension declared
with Amazon's notice, a templated reply approved and dispatched, a manual refund, a "no response
needed", a buyer message with hostile and Chinese text that misses its deadline during the
suspension, the sweep) and exported three times: plain with the PDF, pseudonymized, and
pseudonymized again with the same key.  The tests read those zips the way a stranger would
(cryptography for the signatures, merkle.verify_inclusion for the proofs).  Cancel, refusal,
the audit entry and failures use small databases of their own.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import hmac
import io
import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests import rawdb
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from warroom import clock, paths
from warroom.domain import merkle
from warroom.domain.notes import Checkpoint, InclusionProof, SignedNote, VerifierKey
from warroom.domain.roles import Actor, Role
from warroom.errors import Cancelled

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=clock.UTC)
PASSWORD = "secret-pw"
HOSTILE_SUBJECT = '<script>alert("x")</script> Rückfrage zur Bestellung'
CHINESE_BODY = "您好，我的订单什么时候发货？我已经等了很久了，请尽快回复我。谢谢！"
HOSTILE_NAME = "Zoë Ångström-Oyelaran"
HOSTILE_ADDRESS = "zq7kx2wm4hd9plr@marketplace.amazon.de"
BLOCKED_TEXT = "Our account is suspended, sorry, we cannot refund you right now."
NOTICE = "Your selling privileges have been deactivated. Submit a plan of action."
REQUIRED = {"README.txt", "audit.jsonl", "checkpoints.txt", "report.html", "report.pdf", "plan-of-action.md",
            "report.json", "manifest.json", "manifest.json.sig"}
SECTIONS = {"timeline", "buyer-messages", "other-deadlines", "outgoing", "held", "refunds", "escalations",
            "lint-refusals", "claims", "notices", "cited-entries"}


@dataclass
class Package:
    path: Path
    zip: zipfile.ZipFile
    result: object

    def text(self, name: str) -> str:
        return self.zip.read(name).decode("utf-8")

    def json(self, name: str):  # type: ignore[no-untyped-def]
        return json.loads(self.zip.read(name))

    @property
    def report(self) -> dict:
        return self.json("report.json")

    def rows(self, section: str) -> list[dict]:
        return self.report["sections"][section]


@dataclass
class Scenario:
    db_path: Path
    verifier_key: VerifierKey
    plain: Package
    pseudo: Package
    pseudo_again: Package
    pseudo_key: bytes
    ids: dict[str, int]
    real_names: set[str]


def _entries(db_path: Path | str) -> list[tuple[int, str, str, dict]]:
    con = rawdb.connect(str(db_path))
    try:
        rows = con.execute("SELECT seq, canonical FROM audit_entry ORDER BY seq").fetchall()
    finally:
        con.close()
    out = []
    for seq, canonical in rows:
        doc = json.loads(canonical)
        out.append((seq, doc["action"], doc["actor"], doc["payload"]))
    return out


def _build(home: Path) -> Scenario:
    from sqlalchemy import select

    from warroom.services import checkpoints, deadlines, dispatch, drafts, refunds, suspension, templates
    from warroom.services.appeal import export_package, parse_range
    from warroom.services.demo import load_demo
    from warroom.services.imports import import_messages
    from warroom.services.users import add_user
    from warroom.storage.engine import open_database
    from warroom.storage.models import Message, Order, Ticket, TicketTag
    from warroom.storage.uow import UnitOfWork

    now = {"t": T0}
    mp = pytest.MonkeyPatch()
    mp.setattr(clock, "now", lambda: now["t"])
    paths.from_root(home / "root")
    try:
        db_path = home / "scenario.db"
        db = open_database(str(db_path))
        ada = Actor(add_user(db, None, "ada", Role.ADMIN, PASSWORD)["id"], "ada", Role.ADMIN)
        carol = Actor(add_user(db, ada, "carol", Role.COMPLIANCE, PASSWORD)["id"], "carol", Role.COMPLIANCE)
        alice = Actor(add_user(db, ada, "alice", Role.AGENT, PASSWORD)["id"], "alice", Role.AGENT)
        vkey, _ = checkpoints.ensure_signing_key(db)
        load_demo(db, ada)
        templates.import_templates(db, carol)
        now["t"] = T0 + timedelta(minutes=6)
        csv_file = home / "hostile.csv"
        with csv_file.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerow(["order_id", "received_at", "from", "subject", "body"])
            csv.writer(handle).writerow(["", clock.iso(T0 + timedelta(minutes=5)),
                                         f"{HOSTILE_NAME} <{HOSTILE_ADDRESS}>", HOSTILE_SUBJECT, CHINESE_BODY])
        import_messages(db, alice, [csv_file])
        with UnitOfWork(db, write=False) as look:
            hostile = look.session.scalar(select(Message).where(Message.from_addr == HOSTILE_ADDRESS))
            escalated = set(look.session.scalars(select(TicketTag.ticket_id).where(TicketTag.tag == "ESCALATED")))
            tickets = list(look.session.scalars(select(Ticket).order_by(Ticket.id)))
            refund_ticket = next(t for t in tickets if t.category == "REFUND" and t.channel == "amazon"
                                 and t.id not in escalated and t.status != "closed" and t.due_at is not None
                                 and t.language in ("en", "de", "fr", "it", "es") and t.order is not None
                                 and t.order.currency in ("USD", "EUR", "GBP"))
            others = [t for t in tickets if t.id not in escalated and t.id not in (refund_ticket.id, hostile.ticket_id)
                      and t.status != "closed" and t.due_at is not None]
            blocked_ticket, quiet_ticket = others[0].id, others[1].id
            refund_ticket_id = refund_ticket.id
            real_names = set()
            for t in tickets:
                real_names |= {t.buyer_name or "", t.buyer_address or ""}
            for o in look.session.scalars(select(Order)):
                real_names |= {o.buyer_name or "", o.buyer_email or ""}
            for m in look.session.scalars(select(Message).where(Message.direction == "inbound")):
                real_names |= {m.from_name or "", m.from_addr or ""}
            hostile_id, hostile_ticket = hostile.id, hostile.ticket_id
        now["t"] = T0 + timedelta(minutes=10)
        blocked = drafts.create_draft(db, alice, blocked_ticket, text=BLOCKED_TEXT)
        assert blocked["status"] == "blocked"
        now["t"] = T0 + timedelta(hours=1)
        suspension.declare(db, ada, "Related accounts", notice_text=NOTICE)
        now["t"] = T0 + timedelta(hours=1, minutes=10)
        reply = drafts.create_draft(db, alice, refund_ticket_id, template="refund-ack")
        drafts.approve_draft(db, carol, reply["id"], PASSWORD)
        now["t"] = T0 + timedelta(hours=1, minutes=20)
        dispatch.dispatch_draft(db, alice, reply["id"], via="manual")
        now["t"] = T0 + timedelta(hours=1, minutes=30)
        refund = refunds.log_refund(db, alice, refund_ticket_id, amount="5.00", method="PayPal", reference="8RX123")
        now["t"] = T0 + timedelta(hours=2)
        deadlines.mark_no_response(db, alice, quiet_ticket, "Buyer only said thanks")
        now["t"] = T0 + timedelta(hours=30)
        assert deadlines.sweep(db)["missed_recorded"] > 0
        now["t"] = T0 + timedelta(hours=31)
        start, end = parse_range("2026-11-01", "2026-11-21")
        folder = home / "out"
        folder.mkdir()
        plain = export_package(db, carol, folder / "plain.zip", start=start, end=end, pdf=True)
        key_file = home / "seller.pseudonym-key"
        key = b"k" * 32
        key_file.write_text(base64.b64encode(key).decode() + "\n")
        pseudo = export_package(db, ada, folder / "pseudo.zip", start=start, end=end, pseudonymize=True,
                                pseudonym_key=key_file, pdf=False)
        again = export_package(db, carol, folder / "pseudo-again.zip", start=start, end=end, pseudonymize=True,
                               pseudonym_key=key_file, pdf=False)
        db.dispose()
    finally:
        mp.undo()
        paths.from_root(None)
    real_names.discard("")
    return Scenario(db_path, vkey,
                    Package(plain.path, zipfile.ZipFile(plain.path), plain),
                    Package(pseudo.path, zipfile.ZipFile(pseudo.path), pseudo),
                    Package(again.path, zipfile.ZipFile(again.path), again), key,
                    {"blocked": blocked["id"], "reply": reply["id"], "refund": refund["id"], "hostile": hostile_id,
                     "hostile_ticket": hostile_ticket, "refund_ticket": refund_ticket_id,
                     "quiet_ticket": quiet_ticket}, real_names)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Scenario:
    return _build(tmp_path_factory.mktemp("appeal"))


def _log(package: Package) -> dict[int, dict]:
    """audit.jsonl: line n is entry n's canonical bytes (kept as text in ``canonical``)."""
    data = package.zip.read("audit.jsonl")
    assert data.endswith(b"\n") and b"\r" not in data
    out = {}
    for seq, line in enumerate(data.split(b"\n")[:-1], 1):
        out[seq] = {"seq": seq, "canonical": line.decode("utf-8"), "doc": json.loads(line)}
        assert out[seq]["doc"]["seq"] == seq
    return out


def _notes(package: Package) -> list[str]:
    """The signed notes of checkpoints.txt, verbatim (each is followed by a blank line)."""
    blocks = [b for b in package.text("checkpoints.txt").split("\n\n") if b]
    assert len(blocks) % 2 == 0
    return [blocks[i] + "\n\n" + blocks[i + 1] + "\n" for i in range(0, len(blocks), 2)]


def _package_checkpoint(package: Package) -> tuple[str, Checkpoint]:
    note = _notes(package)[-1]
    return note, Checkpoint.parse(SignedNote.parse(note).text)


# ---------------------------------------------------------------- members, manifest, signature

def test_the_package_has_every_member(scenario):
    names = set(scenario.plain.zip.namelist())
    assert REQUIRED <= names
    assert {f"csv/{s}.csv" for s in SECTIONS} <= names
    cited = {c["seq"] for c in scenario.plain.report["cited"]}
    assert cited and {f"proofs/{seq}.tlog-proof" for seq in cited} == {n for n in names if n.startswith("proofs/")}
    # every CSV: UTF-8 with BOM, one header row
    for section in SECTIONS:
        data = scenario.plain.zip.read(f"csv/{section}.csv")
        assert data.startswith("\ufeff".encode())
        header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert header and ("entries" in header or section == "cited-entries")


def test_the_manifest_names_every_other_member_with_its_hash_and_its_signature_verifies(scenario):
    z = scenario.plain.zip
    manifest = json.loads(z.read("manifest.json"))
    assert manifest["format"] == "warroom-appeal/1"
    assert set(manifest["files"]) == set(z.namelist()) - {"manifest.json", "manifest.json.sig"}
    for name, digest in manifest["files"].items():
        assert hashlib.sha256(z.read(name)).hexdigest() == digest, name
    note = SignedNote.parse(z.read("manifest.json.sig").decode())
    assert note.text == f"warroom-appeal-manifest/1\n{hashlib.sha256(z.read('manifest.json')).hexdigest()}\n"
    key = scenario.verifier_key            # the seller's key, known out of band (warroom audit key)
    sig = note.signature_by(key)
    assert sig is not None
    Ed25519PublicKey.from_public_bytes(key.public_key).verify(sig.signature, note.text.encode())
    assert manifest["verifier_key"] == str(key) and manifest["pseudonymized"] is False
    assert manifest["audit_jsonl"] == "included" and manifest["report_pdf"] == "included"
    assert z.read("report.pdf").startswith(b"%PDF")


# ---------------------------------------------------------------- the log, the checkpoint, the proofs

def test_audit_jsonl_is_the_whole_log_up_to_the_signed_checkpoint(scenario):
    log = _log(scenario.plain)
    _, cp = _package_checkpoint(scenario.plain)
    assert sorted(log) == list(range(1, cp.size + 1))
    prev = "0" * 64
    for seq in sorted(log):
        prev = hashlib.sha256(bytes.fromhex(prev) + log[seq]["canonical"].encode("utf-8")).hexdigest()
    leaves = [merkle.leaf_hash(log[s]["canonical"].encode()) for s in sorted(log)]
    assert merkle.tree_root(leaves) == cp.root
    manifest = scenario.plain.json("manifest.json")
    assert manifest["tree_size"] == cp.size and manifest["root_hash"] == cp.root.hex()
    assert manifest["chain_head_hash"] == prev
    # the same bytes as the database's
    con = sqlite3.connect(scenario.db_path)
    try:
        stored = dict(con.execute("SELECT seq, canonical FROM audit_entry WHERE seq <= ?", (cp.size,)).fetchall())
    finally:
        con.close()
    assert {s: bytes(c) for s, c in stored.items()} == {s: log[s]["canonical"].encode() for s in log}


def test_the_package_checkpoint_is_signed_and_every_cited_entry_has_a_proof_that_verifies(scenario):
    for package in (scenario.plain, scenario.pseudo):
        note, cp = _package_checkpoint(package)
        parsed = SignedNote.parse(note)
        sig = parsed.signature_by(scenario.verifier_key)
        Ed25519PublicKey.from_public_bytes(scenario.verifier_key.public_key).verify(sig.signature,
                                                                                     parsed.text.encode())
        report = package.report
        cited = {c["seq"]: c for c in report["cited"]}
        rows = [row for rows in report["sections"].values() for row in rows]
        assert rows and all("entries" in row for row in rows)
        assert {seq for row in rows for seq in row["entries"]} == set(cited)
        for seq, c in cited.items():
            proof = InclusionProof.parse(package.text(f"proofs/{seq}.tlog-proof"))
            assert proof.index == seq - 1 and proof.checkpoint == note
            leaf = bytes.fromhex(c["leaf_hash"])
            assert merkle.verify_inclusion(proof.index, cp.size, leaf, proof.hashes, cp.root), seq
    # the leaf hashes are the entries' (checked against audit.jsonl of the plain package)
    log = _log(scenario.plain)
    for c in scenario.pseudo.report["cited"]:
        assert c["leaf_hash"] == merkle.leaf_hash(log[c["seq"]]["canonical"].encode()).hex()


def test_checkpoints_txt_ends_with_the_package_checkpoint_and_every_earlier_one_is_a_prefix(scenario):
    log = _log(scenario.plain)
    tree = merkle.Tree([merkle.leaf_hash(log[s]["canonical"].encode()) for s in sorted(log)])
    notes = _notes(scenario.plain)
    sizes = []
    for note in notes:
        cp = Checkpoint.parse(SignedNote.parse(note).text)
        sizes.append(cp.size)
        assert tree.root_at(cp.size) == cp.root
    assert sizes == sorted(sizes) and sizes[-1] == tree.size
    newest = max(c["seq"] for c in scenario.plain.report["cited"])
    assert notes[-1] == InclusionProof.parse(scenario.plain.text(f"proofs/{newest}.tlog-proof")).checkpoint


# ---------------------------------------------------------------- what the report says

def _cited_actions(package: Package, row: dict) -> set[str]:
    by_seq = {c["seq"]: c for c in package.report["cited"]}
    return {by_seq[s]["action"] for s in row["entries"]}


def test_the_report_rows_say_what_happened(scenario):
    p, ids = scenario.plain, scenario.ids
    log = _log(p)
    timeline = p.rows("timeline")
    declared = [r for r in timeline if r["event"] == "declared"]
    assert len(declared) == 1 and declared[0]["by"] == "ada" and "Related accounts" in declared[0]["detail"]
    assert _cited_actions(p, declared[0]) == {"suspension.declare"}
    # the reply: author, approver, template version, text hash, when and how
    [out] = [r for r in p.rows("outgoing") if r["draft_id"] == ids["reply"]]
    assert out["author"] == "alice" and out["approver"] == "carol" and out["via"] == "manual"
    assert out["template"].startswith("refund-ack@1/") and out["sent_at"] == "2026-11-20T10:20:00Z"
    assert out["text_sha256"] == hashlib.sha256(out["text"].encode()).hexdigest()
    assert {"draft.submit", "draft.approve", "draft.dispatch"} <= _cited_actions(p, out)
    # the buyer message it answered
    answered = [m for m in p.rows("buyer_messages") if m["answered_by_draft"] == ids["reply"]]
    assert answered and all(m["approver"] == "carol" for m in answered)
    for m in answered:
        assert m["outcome"] in ("answered", "answered-late")
        assert m["within_window"] == (m["answered_at"] <= m["due_at"])
        assert {"draft.approve", "draft.dispatch"} <= _cited_actions(p, m)
        assert _cited_actions(p, m) & {"demo.load", "import.messages"}      # its arrival
    # the hostile message: missed while the suspension was in force
    [hostile] = [m for m in p.rows("buyer_messages") if m["message_id"] == ids["hostile"]]
    assert hostile["outcome"] == "missed" and hostile["suspended_at_due"] is True
    assert hostile["missed_due_at"] == "2026-11-21T09:05:00Z"
    assert "suspension was in force" in hostile["outcome_text"]
    miss = [s for s in hostile["entries"] if log[s]["doc"]["action"] == "deadline.missed"]
    assert len(miss) == 1 and log[miss[0]]["doc"]["payload"]["count"] >= 1
    assert _cited_actions(p, hostile) == {"import.messages", "deadline.missed"}
    # "no response needed" with its reason
    quiet = [m for m in p.rows("buyer_messages") if m["ticket_id"] == ids["quiet_ticket"]]
    assert quiet and all(m["outcome"] == "no-response-needed" and m["no_response_reason"] == "Buyer only said thanks"
                         for m in quiet)
    # the manual refund
    [refund] = [r for r in p.rows("refunds") if r["refund_id"] == ids["refund"]]
    assert refund["amount"] == "5.00" and refund["method"] == "PayPal" and refund["logged_by"] == "alice"
    assert _cited_actions(p, refund) == {"refund.log"}
    # the lint refusal: what never left
    [blocked] = [r for r in p.rows("lint_refusals") if r["draft_id"] == ids["blocked"]]
    assert blocked["status_now"] == "blocked" and "ACCOUNT-STATUS" in blocked["rules"]
    assert blocked["text"] == BLOCKED_TEXT and blocked["text_sha256"] == hashlib.sha256(BLOCKED_TEXT.encode()).hexdigest()
    assert _cited_actions(p, blocked) == {"draft.submit"}
    assert not [r for r in p.rows("outgoing") if r["draft_id"] == ids["blocked"]]
    # escalations (the demo's red flags) cite the entry that tagged them
    assert p.rows("escalations") and all(_cited_actions(p, e) for e in p.rows("escalations"))
    s = p.report["summary"]
    assert s["sent"] == 1 and s["refunds"] == 1 and s["lint_refusals"] == 1 and s["missed_while_suspended"] >= 1
    assert s["buyer_messages"] == len(p.rows("buyer_messages"))
    assert {"currency": refund["currency"], "amount": "5.00"} in s["refunded_net"]


def test_every_row_links_its_entries_and_every_cited_entry_has_an_anchor(scenario):
    html = scenario.plain.text("report.html")
    for c in scenario.plain.report["cited"]:
        assert f'href="#e{c["seq"]}"' in html and f'id="e{c["seq"]}"' in html
    manifest = scenario.plain.json("manifest.json")
    for fact in (manifest["database_id"], str(manifest["tree_size"]), manifest["root_hash"]):
        assert html.count(fact) >= 2            # the header and the footer block


def test_buyer_text_is_escaped_and_every_script_renders(scenario):
    html = scenario.plain.text("report.html")
    assert "<script>" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert '<meta charset="utf-8">' in html and '<html lang="en">' in html
    assert CHINESE_BODY[:20] in html                    # the excerpt, as UTF-8 text
    assert 'lang="ja"' in html and 'lang="de"' in html and 'lang="zh"' in html
    assert HOSTILE_NAME in html
    # the CSV keeps the text and disarms what a spreadsheet would run
    rows = list(csv.DictReader(io.StringIO(scenario.plain.text("csv/buyer-messages.csv").lstrip("\ufeff"))))
    [row] = [r for r in rows if r["message_id"] == str(scenario.ids["hostile"])]
    assert row["subject"] == HOSTILE_SUBJECT


def test_a_formula_in_a_csv_cell_is_disarmed():
    from warroom.services.appeal.render import _cell

    assert _cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")" and _cell("@SUM(A1)") == "'@SUM(A1)"
    assert _cell("2026-11-20T09:00:00Z") == "2026-11-20T09:00:00Z" and _cell(None) == "" and _cell(True) == "yes"


# ---------------------------------------------------------------- the plan of action

def test_the_plan_of_action_is_a_draft_with_the_figures_and_passes_the_lint(scenario):
    from warroom.lint import lint_text

    poa = scenario.plain.text("plan-of-action.md")
    s = scenario.plain.report["summary"]
    assert poa.startswith("**DRAFT")
    for heading in ("## 1. Root cause(s)", "## 2. Actions taken", "## 3. Preventive measures"):
        assert heading in poa
    assert f"Buyer messages received: {s['buyer_messages']}" in poa
    assert f"Answered within 24 hours: {s['answered_within_window']} of" in poa
    assert f"stopped {s['lint_refusals']} draft" in poa and "5.00 " in poa and "approvers: carol" in poa
    # it names no reason of its own: neither the declared reason nor the notice
    assert "Related accounts" not in poa and "related account" not in poa.lower() and NOTICE[:30] not in poa
    findings = lint_text(poa).findings
    allowed = {"ACCOUNT-RELATED": {"plan of action"}, "PLACEHOLDER": {"[to complete]"}, "LENGTH": None}
    for f in findings:
        assert f.rule in allowed, (f.rule, poa[f.start:f.end])
        if allowed[f.rule] is not None:
            assert poa[f.start:f.end].casefold() in allowed[f.rule], (f.rule, poa[f.start:f.end])
    assert any(f.rule == "PLACEHOLDER" for f in findings)      # the blanks are for the compliance manager


# ---------------------------------------------------------------- pseudonyms

def test_a_pseudonymized_package_holds_no_real_buyer_name_or_address(scenario):
    z = scenario.pseudo.zip
    assert "audit.jsonl" not in z.namelist()
    manifest = json.loads(z.read("manifest.json"))
    assert manifest["pseudonymized"] is True and manifest["audit_jsonl"] == "withheld"
    assert "withheld" in z.read("README.txt").decode() and "leaf hash" in z.read("README.txt").decode()
    assert len(scenario.real_names) > 100
    for name in z.namelist():
        data = z.read(name).decode("utf-8", "replace").casefold()
        leaked = [real for real in scenario.real_names if real.casefold() in data]
        assert not leaked, (name, leaked[:5])
    # without audit.jsonl: the leaf hashes of the cited entries, and every earlier checkpoint
    # proven a prefix of the package's (RFC 6962 consistency)
    report = scenario.pseudo.report
    assert report["leaf_hashes"] == {str(c["seq"]): c["leaf_hash"] for c in report["cited"]}
    notes = _notes(scenario.pseudo)
    package = Checkpoint.parse(SignedNote.parse(notes[-1]).text)
    earlier = {Checkpoint.parse(SignedNote.parse(n).text) for n in notes[:-1]}
    assert earlier and {n for n in z.namelist() if n.startswith("consistency/")} == \
        {f"consistency/{cp.size}.txt" for cp in earlier if 0 < cp.size < package.size}
    for cp in earlier:
        lines = z.read(f"consistency/{cp.size}.txt").decode().splitlines()
        assert lines[:3] == ["warroom-consistency/1", f"old {cp.size}", f"new {package.size}"]
        proof = [base64.b64decode(line) for line in lines[3:]]
        assert merkle.verify_consistency(cp.size, package.size, cp.root, package.root, proof)
    assert not [n for n in scenario.plain.zip.namelist() if n.startswith("consistency/")]
    rows = scenario.pseudo.rows("buyer_messages")
    assert rows and all(r["buyer_name"] is None or r["buyer_name"].startswith("buyer-") for r in rows)
    assert all(r["excerpt"] is None for r in rows)
    assert all(r["text"] is None for r in scenario.pseudo.rows("outgoing"))


def test_pseudonyms_are_stable_and_keyed(scenario):
    from warroom.services.appeal.pseudonyms import Pseudonyms, normalize

    first = {r["message_id"]: (r["buyer_name"], r["buyer_address"]) for r in scenario.pseudo.rows("buyer_messages")}
    again = {r["message_id"]: (r["buyer_name"], r["buyer_address"]) for r in scenario.pseudo_again.rows("buyer_messages")}
    assert first == again
    expected = "buyer-" + hmac.new(scenario.pseudo_key, normalize(HOSTILE_ADDRESS).encode(),
                                   hashlib.sha256).hexdigest()[:10]
    assert first[scenario.ids["hostile"]][1] == expected
    assert first[scenario.ids["hostile"]][0] == Pseudonyms(scenario.pseudo_key).of(HOSTILE_NAME.upper())
    assert Pseudonyms(b"another key, sixteen bytes+").of(HOSTILE_ADDRESS) != expected
    # the same buyer, the same pseudonym, however written
    p = Pseudonyms(scenario.pseudo_key)
    assert p.of("Jane  Roe") == p.of("JANE ROE") and p.of("Jane Roe") != p.of("Jane Rowe")
    assert p.scrub("Hello Jane, from jane.roe@example.com", ("Jane Roe",)) == \
        f"Hello {p.of('Jane Roe')}, from {p.of('jane.roe@example.com')}"


def test_the_default_pseudonym_key_is_made_once_and_private(db, tmp_path):
    import stat

    from warroom.services.appeal.pseudonyms import load_key

    key, path = load_key("db-1")
    assert len(key) == 32 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_key("db-1") == (key, path)
    bad = tmp_path / "short.key"
    bad.write_text(base64.b64encode(b"short").decode())
    from warroom.errors import BadInput

    with pytest.raises(BadInput, match="5 bytes; at least 16"):
        load_key("db-1", bad)
    bad.write_text("not base64 at all!")
    with pytest.raises(BadInput, match="base64"):
        load_key("db-1", bad)


# ---------------------------------------------------------------- the command: who, audit, cancel, failures

@pytest.fixture
def small(db, db_url, users, set_now, tmp_path):
    """A few tickets and a checkpoint key; the clock fixed."""
    from tests.core import factories as F
    from warroom.services import checkpoints
    from warroom.services.imports import import_messages

    set_now("2026-11-20T09:00:00Z")
    checkpoints.ensure_signing_key(db)
    F.load(db, [F.order(1)], [F.message(1, order_id=F.order(1).amazon_order_id)])
    path = tmp_path / "m.csv"
    path.write_text("order_id,received_at,from,subject,body\n,2026-11-20T08:00:00Z,"
                    "abcdefghjk12345@marketplace.amazon.com,Hello,Where is my parcel?\n", encoding="utf-8")
    import_messages(db, users["alice"], [path])
    set_now("2026-11-20T10:00:00Z")
    return db


def _audit_count(db_url: str) -> int:
    con = rawdb.connect(db_url)
    try:
        return con.execute("SELECT COUNT(*) FROM audit_entry").fetchone()[0]
    finally:
        con.close()


def _checkpoint_count(db_url: str) -> int:
    con = rawdb.connect(db_url)
    try:
        return con.execute("SELECT COUNT(*) FROM audit_checkpoint").fetchone()[0]
    finally:
        con.close()


def test_an_agent_is_refused(cli, small, db_url, tmp_path):
    before = _audit_count(db_url)
    r = cli("appeal", "export", "--from", "2026-11-01", "--to", "2026-11-30", str(tmp_path / "a.zip"),
            "--no-pdf", "--as", "alice")
    assert r.code == 2 and "may not export the appeal evidence package" in r.err and r.err.count("\n") == 1
    assert not (tmp_path / "a.zip").exists() and _audit_count(db_url) == before


def test_the_export_is_audited_after_the_package_it_describes(cli, small, db_url, tmp_path):
    out = tmp_path / "first.zip"
    r = cli("appeal", "export", "--from", "2026-11-01", "--to", "2026-11-30", str(out), "--no-pdf", "--json",
            "--as", "carol")
    assert r.code == 0, r.err
    result = r.json()
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert result["sha256"] == digest and result["report_pdf"] == "omitted (--no-pdf)"
    entries = _entries(db_url)
    seq, action, actor, payload = entries[-1]
    assert (action, actor) == ("appeal.export", "carol") and seq == result["entry"]
    assert payload["sha256"] == digest and payload["from"] == "2026-11-01T00:00:00Z"
    assert payload["to"] == "2026-12-01T00:00:00Z" and payload["pseudonymized"] is False
    manifest = json.loads(zipfile.ZipFile(out).read("manifest.json"))
    assert payload["manifest_sha256"] == hashlib.sha256(zipfile.ZipFile(out).read("manifest.json")).hexdigest()
    assert manifest["report_pdf"] == "omitted (--no-pdf)" and "report.pdf" not in zipfile.ZipFile(out).namelist()
    # the entry lies after the package's checkpoint (and its audit.checkpoint entry): not inside it
    assert manifest["tree_size"] < seq - 1
    assert [a for _, a, _, _ in entries[manifest["tree_size"]:]] == ["audit.checkpoint", "appeal.export"]
    # the next package holds it
    second = tmp_path / "second.zip"
    assert cli("appeal", "export", "--from", "2026-11-01", "--to", "2026-11-30", str(second), "--no-pdf",
               "--as", "ada").code == 0
    lines = zipfile.ZipFile(second).read("audit.jsonl").decode().splitlines()
    assert any(json.loads(line)["action"] == "appeal.export" for line in lines)
    # an existing file is never overwritten
    again = cli("appeal", "export", "--from", "2026-11-01", "--to", "2026-11-30", str(out), "--no-pdf",
                "--as", "carol")
    assert again.code == 3 and "never overwritten" in again.err
    assert hashlib.sha256(out.read_bytes()).hexdigest() == digest


def test_bad_ranges_and_outputs_are_refused_with_one_line(cli, small, tmp_path):
    for argv, code, text in (
            (["--from", "2026-11-30", "--to", "2026-11-01", str(tmp_path / "x.zip")], 3, "the range is empty"),
            (["--from", "yesterday", "--to", "2026-11-01", str(tmp_path / "x.zip")], 3, "not a date"),
            (["--from", "2026-11-01", "--to", "9999-12-31", str(tmp_path / "x.zip")], 3, "not a date"),
            (["--from", "2026-11-01", "--to", "2026-11-02", str(tmp_path / "no" / "x.zip")], 3, "no such folder"),
            (["--from", "2026-11-01", "--to", "2026-11-02", str(tmp_path)], 3, "never overwritten"),
            (["--from", "2026-11-01", "--to", "2026-11-02", str(tmp_path / ("x" * 300 + ".zip"))], 3,
             "cannot use this output"),
            (["--from", "2026-11-01", "--to", "2026-11-02", str(tmp_path / "x.zip"), "--pseudonym-key",
              str(tmp_path / "k")], 3, "goes with --pseudonymize")):
        r = cli("appeal", "export", *argv, "--no-pdf", "--as", "carol")
        assert r.code == code and text in r.err and r.err.count("\n") == 1, (argv, r.err)
    assert not (tmp_path / "x.zip").exists()


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("stage, keeps_checkpoint", [("reading the audit log", False),
                                                     ("gathering the buyer messages", False),
                                                     ("writing the report", True)])
def test_cancel_writes_no_package_and_no_entry(small, db_url, users, tmp_path, stage, keeps_checkpoint):
    from warroom.services.appeal import export_package, parse_range

    folder = tmp_path / "out"
    folder.mkdir()
    entries, checkpoints_before = _audit_count(db_url), _checkpoint_count(db_url)
    seen = []

    def progress(done, total, label):
        seen.append(label)
        if label == stage:
            raise Cancelled()

    start, end = parse_range("2026-11-01", "2026-11-30")
    with pytest.raises(Cancelled):
        export_package(small, users["carol"], folder / "p.zip", start=start, end=end, pdf=False, progress=progress)
    assert stage in seen and _leftovers(folder) == []
    actions = [a for _, a, _, _ in _entries(db_url)[entries:]]
    if keeps_checkpoint:     # cancelled after the package's checkpoint was signed: it stays, nothing else
        assert actions == ["audit.checkpoint"] and _checkpoint_count(db_url) == checkpoints_before + 1
    else:                    # cancelled while reading: nothing at all
        assert actions == [] and _checkpoint_count(db_url) == checkpoints_before


def test_without_the_pdf_adapter_the_export_says_so_and_goes_on_with_no_pdf(small, db_url, users, tmp_path,
                                                                             monkeypatch):
    from warroom.services.appeal import ExportError, export_package, package, parse_range

    start, end = parse_range("2026-11-01", "2026-11-30")
    monkeypatch.setattr(package, "pdf_adapter_available", lambda: False)
    before = _audit_count(db_url)
    with pytest.raises(ExportError, match="--no-pdf"):
        export_package(small, users["carol"], tmp_path / "p.zip", start=start, end=end, pdf=True)
    assert not (tmp_path / "p.zip").exists() and _audit_count(db_url) == before
    result = export_package(small, users["carol"], tmp_path / "p.zip", start=start, end=end, pdf=False)
    assert result.report_pdf == "omitted (--no-pdf)"


def test_a_failing_pdf_adapter_fails_the_export_with_its_reason(small, db_url, users, tmp_path, monkeypatch):
    from warroom.services.appeal import ExportError, export_package, package, parse_range

    start, end = parse_range("2026-11-01", "2026-11-30")
    monkeypatch.setattr(package, "PDF_MODULE", "warroom.no_such_pdf_module")
    with pytest.raises(ExportError, match="the PDF could not be made .*No module named"):
        export_package(small, users["carol"], tmp_path / "p.zip", start=start, end=end, pdf=True)
    assert _leftovers(tmp_path) == [] or "p.zip" not in _leftovers(tmp_path)
    assert "appeal.export" not in [a for _, a, _, _ in _entries(db_url)]


def test_a_broken_log_is_refused(small, db_url, users, tmp_path):
    from warroom.services.appeal import export_package, parse_range
    from warroom.services.appeal.log import BrokenLog

    con = rawdb.connect(db_url)
    con.execute("DROP TRIGGER audit_entry_no_update")
    [(canonical,)] = con.execute("SELECT canonical FROM audit_entry WHERE seq = 3").fetchall()
    assert b"carol" in canonical                      # user.add carol
    con.execute("UPDATE audit_entry SET canonical = ? WHERE seq = 3", (canonical.replace(b"carol", b"carul"),))
    con.commit()
    con.close()
    start, end = parse_range("2026-11-01", "2026-11-30")
    with pytest.raises(BrokenLog, match="audit entry 3: its hash does not match its stored bytes"):
        export_package(small, users["carol"], tmp_path / "p.zip", start=start, end=end, pdf=False)
    assert _leftovers(tmp_path) == [] or "p.zip" not in _leftovers(tmp_path)


def test_stored_bytes_with_a_line_break_are_refused_even_when_they_hash(small, db_url, users, tmp_path):
    """audit.jsonl is one entry a line: bytes holding a line break (never canonical) would split
    an entry in two, so the export refuses them although their chain hash holds."""
    from warroom.services.appeal import export_package, parse_range
    from warroom.services.appeal.log import BrokenLog

    con = rawdb.connect(db_url)
    con.execute("DROP TRIGGER audit_entry_no_update")
    [(seq, prev, canonical)] = con.execute(
        "SELECT seq, prev_hash, canonical FROM audit_entry ORDER BY seq DESC LIMIT 1").fetchall()
    broken = bytes(canonical).replace(b'"payload":', b'"payload":\n', 1)
    con.execute("UPDATE audit_entry SET canonical = ?, hash = ? WHERE seq = ?",
                (broken, hashlib.sha256(bytes.fromhex(prev) + broken).hexdigest(), seq))
    con.commit()
    con.close()
    start, end = parse_range("2026-11-01", "2026-11-30")
    with pytest.raises(BrokenLog, match=f"audit entry {seq}: its stored bytes hold a line break"):
        export_package(small, users["carol"], tmp_path / "p.zip", start=start, end=end, pdf=False)


def test_the_range_reads_dates_as_whole_utc_days_and_times_as_given():
    from warroom.services.appeal import parse_range

    assert parse_range("2026-11-01", "2026-11-01") == (datetime(2026, 11, 1, tzinfo=clock.UTC),
                                                       datetime(2026, 11, 2, tzinfo=clock.UTC))
    assert parse_range("2026-11-01T10:00:00+01:00", "2026-11-01T12:00:00Z") == (
        datetime(2026, 11, 1, 9, tzinfo=clock.UTC), datetime(2026, 11, 1, 12, tzinfo=clock.UTC))


def test_the_verifier_is_shipped_in_the_package_and_accepts_it_when_installed(scenario):
    """tools/verify_appeal.py (the stranger's verifier, written beside this export): when the
    installation has it, every package carries it and it finds the packages intact."""
    tool = Path(__file__).resolve().parents[2] / "tools" / "verify_appeal.py"
    for package in (scenario.plain, scenario.pseudo):
        manifest = package.json("manifest.json")
        if not tool.exists():
            assert "verify_appeal.py" not in package.zip.namelist() and manifest["verifier"] == "not available"
            continue
        assert package.zip.read("verify_appeal.py") == tool.read_bytes() and manifest["verifier"] == "included"
        run = subprocess.run([sys.executable, str(tool), str(package.path), "--key", str(scenario.verifier_key)],
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0 and run.stdout.startswith("OK"), run.stdout + run.stderr


def test_amazons_notice_time_shows_in_the_timeline_and_the_misses_it_reclassified_cite_the_entry(set_now, tmp_path):
    """`suspend --since`: the timeline shows when Amazon's notice arrived and when the suspension
    was declared; a miss recorded before the declaration, due after the notice, was re-classified
    by a deadline.reclassify entry, and its row says so and cites it."""
    from warroom.services import checkpoints, deadlines, suspension
    from warroom.services.appeal import export_package, parse_range
    from warroom.services.imports import import_messages
    from warroom.services.users import add_user
    from warroom.storage.engine import open_database

    set_now("2026-11-18T09:00:00Z")                      # the database begins two days before
    fresh = tmp_path / "notice.db"
    db = open_database(str(fresh))
    ada = Actor(add_user(db, None, "ada", Role.ADMIN, PASSWORD)["id"], "ada", Role.ADMIN)
    carol = Actor(add_user(db, ada, "carol", Role.COMPLIANCE, PASSWORD)["id"], "carol", Role.COMPLIANCE)
    checkpoints.ensure_signing_key(db)
    set_now("2026-11-19T08:00:00Z")
    path = tmp_path / "m.csv"
    path.write_text("order_id,received_at,from,subject,body\n,2026-11-19T07:00:00Z,"
                    "abcdefghjk12345@marketplace.amazon.com,Hello,Where is my parcel?\n", encoding="utf-8")
    import_messages(db, ada, [path])
    set_now("2026-11-20T08:00:00Z")
    assert deadlines.sweep(db)["missed_recorded"] == 1          # due 11-20 07:00: no suspension yet
    set_now("2026-11-20T09:00:00Z")
    declared = suspension.declare(db, ada, "Related accounts", notice_received_at="2026-11-19T20:00:00Z")
    assert declared["reclassified"] == 1
    set_now("2026-11-20T10:00:00Z")
    start, end = parse_range("2026-11-18", "2026-11-20")
    export_package(db, carol, tmp_path / "n.zip", start=start, end=end, pdf=False)
    z = zipfile.ZipFile(tmp_path / "n.zip")
    report = json.loads(z.read("report.json"))
    actions = {c["seq"]: c["action"] for c in report["cited"]}
    timeline = report["sections"]["timeline"]
    assert [(r["event"], r["at"]) for r in timeline] == [
        ("notice-received", "2026-11-19T20:00:00Z"), ("declared", "2026-11-20T09:00:00Z"),
        ("recorded", "2026-11-20T09:00:00Z")]
    assert "1 missed deadline(s) due after Amazon's notice" in timeline[2]["detail"]
    assert {actions[s] for s in timeline[2]["entries"]} == {"deadline.reclassify"}
    [message] = report["sections"]["buyer_messages"]
    assert message["outcome"] == "missed" and message["suspended_at_due"] is True and message["after_notice"] is True
    assert "in force at the due time (after Amazon's notice arrived, before the declaration)" in message["outcome_text"]
    assert {actions[s] for s in message["entries"]} == {"import.messages", "deadline.missed", "deadline.reclassify"}
    assert report["summary"]["missed_after_notice"] == 1 and report["summary"]["missed_while_suspended"] == 1
    assert "(1 fell due after Amazon's notice arrived" in z.read("plan-of-action.md").decode()
    db.dispose()


def test_deadlines_that_ran_out_are_recorded_before_the_package_is_made(small, db_url, users, set_now, tmp_path):
    """No sweep ran since the clocks ran out: the export records the misses first (by system),
    so the report does not leave out what a sweep would find."""
    from warroom.services.appeal import export_package
    from warroom.services.deadlines import recorded_misses

    from warroom.services.settings import set_setting

    # the database was made today (real clock): count November's deadlines as War Room's own
    set_setting(small, users["ada"], "deadlines.counted_from", "2026-11-01T00:00:00Z")
    set_now("2026-11-22T10:00:00Z")               # both buyer messages are past their 24 hours
    assert recorded_misses(small) == []
    result = export_package(small, users["carol"], tmp_path / "late.zip", start=clock.parse_iso("2026-11-01T00:00:00Z"),
                            end=clock.parse_iso("2026-12-01T00:00:00Z"), pdf=False)
    assert len(recorded_misses(small)) == 2
    report = json.loads(zipfile.ZipFile(result.path).read("report.json"))
    assert result.summary.missed == 2 and result.summary.past_due_unrecorded == 0
    assert any(a == "deadline.missed" for _, a, _, _ in _entries(db_url))
