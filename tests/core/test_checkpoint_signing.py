"""When the application signs checkpoints (issue 13, "Checkpoints"): after every suspension
action, approval and dispatch, never failing the action; hourly from every run of the command
that wrote; and the pieces the checks rest on (the streaming Merkle pass, the cheap open check)."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from tests.core.test_gate import draft, gate  # noqa: F401  (gate: fixture)
from warroom import clock
from warroom.domain import merkle
from warroom.domain.notes import VerifierKey
from warroom.services import checkpoints as C
from warroom.services import dispatch as dispatch_service
from warroom.services import drafts as drafts_service
from warroom.services import suspension as suspension_service
from warroom.services.status import audit_entries
from warroom.storage import audit_log
from tests import rawdb


def _newest(db) -> C.CheckpointInfo:
    return C.list_checkpoints(db, limit=1)[0]


def _seq_of(db, action: str) -> int:
    return max(e["seq"] for e in audit_entries(db, limit=10_000) if e["action"] == action)


# ------------------------------------------------------------------ after every action

def test_approval_dispatch_and_suspension_each_sign_a_checkpoint_right_after(cli, gate, db, users):  # noqa: F811
    d = draft(cli, str(gate["refund"]), "--template", "refund-ack").json()
    approved = drafts_service.approve_draft(db, users["carol"], d["id"], "secret-pw")
    assert approved["status"] == "approved" and "checkpoint_warning" not in approved
    cp = _newest(db)
    assert (cp.reason, cp.size) == ("approval", _seq_of(db, "draft.approve"))   # covers the approval
    outside = C.read_notes_file(C.outside_file(db))
    assert outside[-1].text == C.SignedNote.parse(cp.note).text

    dispatch_service.dispatch_manual(db, users["alice"], d["id"])
    cp = _newest(db)
    assert (cp.reason, cp.size) == ("dispatch", _seq_of(db, "draft.dispatch"))

    declared = suspension_service.declare(db, users["ada"], "Related accounts")
    assert "checkpoint_warning" not in declared
    assert (_newest(db).reason, _newest(db).size) == ("suspension", _seq_of(db, "suspension.declare"))
    suspension_service.lift(db, users["ada"])
    assert (_newest(db).reason, _newest(db).size) == ("suspension", _seq_of(db, "suspension.lift"))
    assert all(c.outside_error is None for c in C.list_checkpoints(db))


def test_an_email_send_a_failed_attempt_and_a_resolved_send_each_sign_one(cli, gate, db, db_url, users):  # noqa: F811
    import sqlite3

    from warroom import mail
    from warroom.services.settings import set_setting

    set_setting(db, users["ada"], "smtp.host", "mail.example.com")
    set_setting(db, users["ada"], "smtp.from", "shop@example.com")
    d = draft(cli, str(gate["refund"]), "--template", "refund-ack").json()
    drafts_service.approve_draft(db, users["carol"], d["id"], "secret-pw")

    def refused(message, settings, attempts, backoff):
        return mail.SendResult(False, 1, str(message["Message-ID"]), "550 mailbox unavailable", None, b"")

    with pytest.raises(dispatch_service.DispatchFailed) as failed:
        dispatch_service.dispatch_smtp(db, users["alice"], d["id"], send=refused)
    assert "checkpoint_warning" not in failed.value.draft
    assert (_newest(db).reason, _newest(db).size) == ("dispatch", _seq_of(db, "dispatch-failed"))

    def delivered(message, settings, attempts, backoff):
        return mail.SendResult(True, 1, str(message["Message-ID"]), None, clock.now(), b"")

    assert dispatch_service.dispatch_smtp(db, users["alice"], d["id"], send=delivered)["status"] == "dispatched"
    assert (_newest(db).reason, _newest(db).size) == ("dispatch", _seq_of(db, "draft.dispatch"))

    other = draft(cli, str(gate["wismo"]), "--template", "delivery-holding").json()
    drafts_service.approve_draft(db, users["carol"], other["id"], "secret-pw")
    con = rawdb.connect(db_url)      # a send whose process died before it recorded the outcome
    con.execute("UPDATE draft SET status = 'sending', send_started_at = '2026-01-01 00:00:00.000000', "
                "send_started_by = 'alice', mail_message_id = '<x@example.com>' WHERE id = ?", (other["id"],))
    con.commit()
    con.close()
    resolved = dispatch_service.resolve_send(db, users["bob"], other["id"], sent=True, reason="in the server log")
    assert resolved["status"] == "dispatched"
    assert (_newest(db).reason, _newest(db).size) == ("dispatch", _seq_of(db, "draft.dispatch"))


def test_a_failing_signature_never_fails_the_approval(cli, gate, db, users, monkeypatch):  # noqa: F811
    d = draft(cli, str(gate["refund"]), "--template", "refund-ack").json()
    before = [c.id for c in C.list_checkpoints(db)]

    def locked(_db):
        raise RuntimeError("the key file is on a disk that is not mounted")

    monkeypatch.setattr(C, "_load_private_key", locked)
    approved = drafts_service.approve_draft(db, users["carol"], d["id"], "secret-pw")
    assert approved["status"] == "approved"
    assert approved["checkpoint_warning"] == ("no checkpoint was signed after this approval: RuntimeError: the key "
                                              "file is on a disk that is not mounted")
    assert drafts_service.get_draft(db, d["id"])["status"] == "approved"       # committed, not undone
    assert [c.id for c in C.list_checkpoints(db)] == before

    # the command says it on stderr and keeps its exit code
    other = draft(cli, str(gate["wismo"]), "--template", "delivery-holding").json()
    r = cli("approve", str(other["id"]), "--as", "carol")
    assert r.code == 0
    assert "warroom: warning: no checkpoint was signed after this approval: RuntimeError" in r.err
    # the dispatch too
    r = cli("dispatch", str(d["id"]), "--via", "manual", "--as", "alice", "--json")
    assert r.code == 0 and r.json()["status"] == "dispatched"
    assert r.json()["checkpoint_warning"].startswith("no checkpoint was signed after this dispatch")


def test_a_checkpoint_copy_that_cannot_be_written_is_a_warning(cli, gate, db, users, tmp_path):  # noqa: F811
    from warroom.services.settings import set_setting

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    set_setting(db, users["ada"], "audit.checkpoint_folder", str(blocker))
    d = draft(cli, str(gate["refund"]), "--template", "refund-ack").json()
    approved = drafts_service.approve_draft(db, users["carol"], d["id"], "secret-pw")
    assert approved["status"] == "approved"
    assert approved["checkpoint_warning"].startswith(f"the checkpoint copy could not be written to {blocker}")
    assert _newest(db).reason == "approval"          # signed and stored all the same


# ------------------------------------------------------------------ hourly

def test_a_run_that_wrote_signs_one_when_the_newest_is_an_hour_old(cli, db, users, set_now):
    from tests.core.factories import load, message

    load(db, [], [message(1)])
    start = clock.now() + timedelta(days=1)
    at = lambda minutes: clock.iso(start + timedelta(minutes=minutes))  # noqa: E731

    set_now(at(0))
    assert C.list_checkpoints(db) == []
    assert cli("note", "1", "first", "--as", "alice").code == 0          # wrote, and there is none yet
    first = _newest(db)
    # the first one registers this machine's key first: it covers the note and the key's entry
    assert (first.reason, first.signed_at, first.size) == ("hourly", start, _seq_of(db, "ticket.note") + 1)
    assert _seq_of(db, "audit.key") == first.size
    set_now(at(59))
    assert cli("note", "1", "second", "--as", "alice").code == 0
    assert _newest(db).id == first.id                                   # not an hour yet
    set_now(at(90))
    assert cli("tickets").code == 0 and cli("audit", "verify").code == 0   # reading runs never sign
    assert _newest(db).id == first.id
    assert cli("tag", "1", "vip", "--as", "alice").code == 0
    second = _newest(db)
    assert (second.reason, second.signed_at, second.size) == ("hourly", start + timedelta(minutes=90),
                                                             _seq_of(db, "ticket.tag"))
    set_now(at(200))
    assert cli("tag", "1", "vip", "--as", "alice").code == 0           # a no-op writes nothing: no checkpoint
    assert _newest(db).id == second.id
    # due, but nothing was written since the newest but its own entry: nothing to sign
    assert C.sign_if_due(db) is None


# ------------------------------------------------------------------ the streaming pass and the cheap open check

def test_leaves_appended_in_blocks_give_the_rfc_6962_frontier():
    from warroom.services.checkpoint_verify import append_leaves

    rng = random.Random(13)
    leaves = [merkle.leaf_hash(bytes([i % 251, i // 251])) for i in range(300)]
    for _ in range(200):
        start, n = rng.randrange(0, 150), rng.randrange(0, 150)
        one_by_one, blocks = merkle.Frontier(), merkle.Frontier()
        one_by_one.extend(leaves[:start + n])
        blocks.extend(leaves[:start])
        append_leaves(blocks, leaves[start:start + n])
        assert (blocks.size, blocks.hashes) == (one_by_one.size, one_by_one.hashes)


def test_the_merkle_pass_keeps_the_root_at_every_checkpoint_size_across_batches():
    from warroom.services.checkpoint_verify import MerklePass

    rows = [(i, "p", f"h{i}", b'{"i":%d}' % i) for i in range(1, 101)]
    sizes = {1, 2, 3, 31, 32, 33, 64, 99, 100, 250}
    tree = MerklePass(sizes)
    for k in range(0, 100, 7):                      # batches of 7, as the walk reads them
        tree(rows[k:k + 7])
    full = merkle.Tree([merkle.leaf_hash(r[3]) for r in rows])
    assert set(tree.at) == sizes - {250}
    for size, (root, frontier, chain) in tree.at.items():
        assert root == full.root_at(size) and chain == f"h{size}"
        expected = merkle.Frontier()
        expected.extend(full.leaf(i) for i in range(size))
        assert frontier == expected.to_bytes()


def test_the_open_check_reads_only_the_entries_since_the_newest_checkpoint(db, users, monkeypatch):
    with db.writer.begin() as conn:
        audit_log.append_many(conn, [("tester", "test.entry", f"thing:{i}", {"i": i}) for i in range(600)])
    C.sign_checkpoint(db)
    with db.writer.begin() as conn:
        audit_log.append_many(conn, [("tester", "test.entry", f"thing:{i}", {"i": i}) for i in range(5)])
    newest = _newest(db)
    read: list[int] = []
    real = C._canonicals

    def counting(conn, after, upto=None):
        for seq, canonical in real(conn, after, upto):
            read.append(seq)
            yield seq, canonical

    monkeypatch.setattr(C, "_canonicals", counting)
    check = C.check_log(db)
    assert check.ok and check.newest.id == newest.id and check.outside_size == newest.size
    tail = newest.size & -newest.size
    assert len(read) <= tail + (check.count - newest.size)
    assert check.summary(newest.signed_at + timedelta(minutes=12)) == "checkpoint 12 min ago"


def test_verify_prints_the_checkpoints_after_the_chain(cli, db, users):
    C.sign_checkpoint(db)
    cp = C.sign_checkpoint(db)
    r = cli("audit", "verify")
    lines = r.out.splitlines()
    assert r.code == 0 and lines[0].startswith("OK ")
    assert lines[1] == (f"checkpoints: 2 stored, all 2 match the log; the newest is checkpoint {cp.id} "
                        f"({cp.size} entries, signed {clock.iso(cp.signed_at)})")
    assert lines[2] == f"outside the database: 2 checkpoint(s) in {C.outside_file(db)}"
    doc = cli("audit", "verify", "--json").json()
    assert doc["checkpoints"]["ok"] and doc["checkpoints"]["checked"] == 2
    assert doc["checkpoints"]["newest"]["tree_size"] == cp.size


def test_verify_on_a_log_without_checkpoints_says_so_on_stderr(cli, db):
    r = cli("audit", "verify")
    assert r.code == 0 and r.out.count("\n") == 1
    assert "no checkpoint was signed yet" in r.err


# ------------------------------------------------------------------ small things found on the way

def test_a_verifier_key_whose_base64_holds_a_plus_parses():
    key = VerifierKey.of("warroom/0b6c", bytes([0xfb]) * 32)
    assert "+" in str(key).split("+", 2)[2]
    assert VerifierKey.parse(str(key)) == key


@pytest.mark.parametrize("name", ["9" * 1000])
@pytest.mark.sqlite_only("audit copy is SQLite's backup API (a server has pg_dump)")
def test_audit_copy_to_a_name_too_long_is_bad_input_not_an_internal_error(cli, db, name):
    r = cli("audit", "copy", name)
    assert r.code == 3 and "cannot be written" in r.err and r.err.count("\n") == 1
