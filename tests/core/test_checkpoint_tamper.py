"""Tampering the signed checkpoints show (issue 13, "Checkpoints"): a dropped tail on open and by
`audit verify`, a rewritten and re-chained log by `audit verify`, truncation shown by the copy
outside the database when the database's own checkpoints were deleted too, a forged checkpoint
signature, a log rebuilt and signed again by whoever holds the database, and `--checkpoint FILE`."""

from __future__ import annotations

import sqlite3

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tests.core.test_audit_verify import _forge, _raw, _rows
from warroom.domain import merkle
from warroom.domain.notes import Checkpoint, Signature, SignedNote, VerifierKey
from warroom.services import checkpoints as C
from warroom.services.status import verify_audit_chain
from warroom.storage import audit_log
from tests import rawdb


def _append(db, n: int) -> None:
    for i in range(n):
        with db.writer.begin() as conn:
            audit_log.append(conn, "tester", "test.entry", f"thing:{i}", {"i": i})


def _sql(db_url, *statements) -> None:
    """Edit a table that has no guard triggers (the checkpoints) with the sqlite3 shell."""
    raw = rawdb.connect(db_url)
    for stmt, params in statements:
        raw.execute(stmt, params)
    raw.commit()
    raw.close()


def _count(db_url) -> int:
    return len(_rows(db_url))


def _newest_row(db):
    from warroom.storage.uow import UnitOfWork

    with UnitOfWork(db, write=False) as uow:
        row = C._newest(uow.session)
        uow.session.expunge_all()
        return row


# ------------------------------------------------------------------ a dropped tail

def test_a_dropped_tail_is_named_on_open_and_by_verify(cli, db, db_url, users):
    _append(db, 5)
    cp = C.sign_checkpoint(db)
    _append(db, 3)
    assert audit_log.verify(db.engine).ok
    # drop the last entries behind the triggers' back, down to one entry short of the checkpoint
    _raw(db_url, ("DELETE FROM audit_entry WHERE seq >= ?", (cp.size,)))
    kept = cp.size - 1
    assert audit_log.verify(db.engine).ok                     # the chain alone cannot tell
    said = f"the log has {kept} entries but checkpoint {cp.id} signed {cp.size}"

    status = cli("status", "--json")                          # a reading command still works
    assert status.code == 0 and status.json()["audit"]["count"] == kept
    assert said in status.err and "run warroom audit verify" in status.err
    assert f"the checkpoint kept outside the database in {C.outside_file(db)} signed {cp.size}" in status.err
    note = cli("note", "1", "still working", "--as", "alice")  # a writing command still writes
    assert note.code == 3 and said in note.err                 # (no ticket 1: refused, still warned)

    doc = cli("audit", "verify", "--json")
    assert doc.code == 1
    report = doc.json()
    assert report["ok"] is False and report["head_hash"] is None
    assert report["first_bad_seq"] == kept + 1 and report["verified_count"] == kept
    assert report["reason"].startswith(said)
    assert any(f.startswith(said) for f in report["checkpoints"]["findings"])
    human = cli("audit", "verify")
    assert human.code == 1 and human.out.startswith(f"BROKEN: {said}")
    assert said not in human.err                                # verify says it once, as its result


def test_a_writing_command_on_a_short_log_writes_and_keeps_its_exit_code(cli, db, db_url, users):
    from tests.core.factories import load, message

    load(db, [], [message(1)])
    cp = C.sign_checkpoint(db)
    _raw(db_url, ("DELETE FROM audit_entry WHERE seq >= ?", (cp.size,)))
    before = _count(db_url)
    # no checkpoint is ever signed over a log shorter than one already signed
    assert C.after_action(db, "approval") == (
        f"no checkpoint was signed after this approval: the log has {before} entries but checkpoint {cp.id} "
        f"signed {cp.size} (at {cp.signed_at.isoformat()[:-6]}Z): entries were removed from the end of the log")
    r = cli("note", "1", "Buyer called", "--as", "alice")
    assert r.code == 0 and f"but checkpoint {cp.id} signed {cp.size}" in r.err
    assert _count(db_url) == before + 1
    # nor over one whose entry at the checkpoint's size is not the one signed
    assert C.after_action(db, "approval").endswith(
        f"does not match the log: entry {cp.size} was changed or the log was rebuilt")
    assert [c.id for c in C.list_checkpoints(db)] == [cp.id]


# ------------------------------------------------------------------ a rewrite, re-chained

def test_a_rewritten_and_rechained_log_is_named_by_verify(cli, db, db_url, users):
    first = C.sign_checkpoint(db)                  # entries 1..first.size; its own entry is first.size + 1
    _append(db, 10)
    second = C.sign_checkpoint(db)
    _append(db, 2)
    seq = first.size + 4                           # one of the test entries between the two checkpoints
    canonical = bytes(_rows(db_url)[seq - 1][3])
    assert b'"i":2' in canonical
    _forge(db_url, seq, canonical.replace(b'"i":2', b'"i":7'))
    assert audit_log.verify(db.engine).ok          # every hash and prev_hash recomputed: the chain verifies

    result = verify_audit_chain(db)
    assert not result.ok and result.chain.ok
    said = f"checkpoint {second.id} ({second.size} entries, signed "
    assert result.reason.startswith(said)
    assert result.reason.endswith(f"does not match the log: an entry from {first.size + 1} to {second.size} was "
                                  "changed or the log was rebuilt")
    # the first checkpoint still matches: everything up to it is vouched for, and no more
    assert result.first_bad_seq == first.size + 1 and result.verified_count == first.size
    assert result.verified_head_hash == _rows(db_url)[first.size - 1][2].decode()
    assert result.head_hash is None
    r = cli("audit", "verify")
    assert r.code == 1 and r.out.startswith("BROKEN: checkpoint")
    assert f"verified: entries 1 to {first.size} of" in r.out


def test_a_rewrite_inside_the_newest_checkpoints_last_entries_is_named_on_open(cli, db, db_url, users):
    C.ensure_signing_key(db)
    _append(db, 6)
    with db.engine.connect() as conn:
        size = audit_log.head(conn)[0]
    if size % 2 == 0:                              # an odd size: the frontier's last hash is the last leaf
        _append(db, 1)
        size += 1
    cp = C.sign_checkpoint(db)
    assert cp.size == size and size & 1
    canonical = bytes(_rows(db_url)[size - 1][3])
    _forge(db_url, size, canonical.replace(b'"thing:', b'"thinG:'))
    r = cli("status")
    assert r.code == 0
    assert f"{C.describe(_newest_row(db))} does not match the log: entry {size} was changed" in r.err


# ------------------------------------------------------------------ the copy outside the database

def test_the_copy_outside_shows_truncation_when_the_databases_checkpoints_were_deleted(cli, db, db_url, users):
    C.sign_checkpoint(db)
    _append(db, 4)
    last = C.sign_checkpoint(db)
    _raw(db_url, ("DELETE FROM audit_entry WHERE seq > ?", (last.size - 2,)))
    _sql(db_url, ("DELETE FROM audit_checkpoint", ()))        # the database's own checkpoints: gone
    kept = last.size - 2
    said = f"the log has {kept} entries but the checkpoint kept outside the database"

    check = C.check_log(db)
    assert check.newest is None and check.outside_size == last.size
    assert [f for f in check.findings if f.startswith(f"{said} in {C.outside_file(db)} signed {last.size}")]
    r = cli("tickets")
    assert r.code == 0 and said in r.err
    doc = cli("audit", "verify", "--json").json()
    assert doc["ok"] is False and doc["checkpoints"]["stored"] == 0 and doc["checkpoints"]["outside_notes"] == 2
    assert any(f.startswith(f"{said} ({C.outside_file(db)}, note 2) signed {last.size}")
               for f in doc["checkpoints"]["findings"])
    assert doc["first_bad_seq"] == kept + 1


def test_a_log_rebuilt_and_signed_again_by_whoever_holds_the_database_is_caught_by_the_copy_outside(db, db_url, users):
    """The holder of the database and its key re-chains a rewrite and signs every stored checkpoint
    again: the database agrees with itself; the notes appended outside it do not."""
    _append(db, 6)
    cp = C.sign_checkpoint(db)
    canonical = bytes(_rows(db_url)[cp.size - 3][3])
    _forge(db_url, cp.size - 2, canonical.replace(b'"thing:', b'"thinG:'))
    leaves = [merkle.leaf_hash(bytes(r[3])) for r in _rows(db_url)]
    frontier = merkle.Frontier()
    frontier.extend(leaves[:cp.size])
    [vkey] = C.verifier_keys(db)
    private = C._load_private_key(C.database_id(db))
    text = Checkpoint(vkey.name, cp.size, frontier.root()).text()
    note = str(SignedNote(text, (Signature(vkey.name, vkey.key_id, private.sign(text.encode())),)))
    _sql(db_url, ("UPDATE audit_checkpoint SET root_hash = ?, frontier = ?, note = ? WHERE id = ?",
                   (frontier.root().hex(), frontier.to_bytes(), note, cp.id)))
    assert not [f for f in C.row_problems(_newest_row(db), [vkey], vkey.name)]   # self-consistent
    result = verify_audit_chain(db)
    assert not result.ok
    outside = [f for f in result.checkpoints.findings if "kept outside the database" in f]
    assert outside and "does not match the log" in outside[0]
    assert not [f for f in result.checkpoints.findings if f.startswith(f"checkpoint {cp.id} (")]


# ------------------------------------------------------------------ a forged signature

def test_a_forged_checkpoint_signature_is_named_on_open_and_by_verify(cli, db, db_url, users):
    cp = C.sign_checkpoint(db)
    note = SignedNote.parse(cp.note)
    sig = note.signatures[0]
    forged = Signature(sig.name, sig.key_id, bytes([sig.signature[0] ^ 1]) + sig.signature[1:])
    _sql(db_url, ("UPDATE audit_checkpoint SET note = ? WHERE id = ?", (str(SignedNote(note.text, (forged,))), cp.id)))
    said = f"checkpoint {cp.id} ({cp.size} entries"
    r = cli("status")
    assert r.code == 0 and said in r.err and "its signature does not verify with any registered key" in r.err
    doc = cli("audit", "verify", "--json")
    assert doc.code == 1
    findings = doc.json()["checkpoints"]["findings"]
    assert [f for f in findings if f.startswith(said) and "signature does not verify" in f]
    assert doc.json()["first_bad_seq"] is None and doc.json()["ok"] is False


def test_a_checkpoint_signed_by_another_key_is_not_taken(db, db_url, users):
    cp = C.sign_checkpoint(db)
    stranger = Ed25519PrivateKey.generate()
    name = C.origin(C.database_id(db))
    vkey = VerifierKey.of(name, stranger.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    text = SignedNote.parse(cp.note).text
    note = str(SignedNote(text, (Signature(name, vkey.key_id, stranger.sign(text.encode())),)))
    _sql(db_url, ("UPDATE audit_checkpoint SET note = ?, key_id = ? WHERE id = ?", (note, vkey.key_id.hex(), cp.id)))
    assert any("signature does not verify" in f for f in C.check_log(db).findings)
    assert any("signature does not verify" in f for f in verify_audit_chain(db).checkpoints.findings)


# ------------------------------------------------------------------ --checkpoint FILE

def test_verify_against_a_checkpoint_written_down_or_received_by_e_mail(cli, db, db_url, users, tmp_path):
    _append(db, 3)
    cp = C.sign_checkpoint(db)
    [vkey] = C.verifier_keys(db)
    kept = tmp_path / "from-the-e-mail.txt"
    kept.write_text(cp.note.replace("\n", "\r\n"), encoding="utf-8")     # a mail client's line ends

    r = cli("audit", "verify", "--checkpoint", str(kept))
    assert r.code == 0 and r.out.startswith("OK ")
    assert f"{kept}: checkpoint of {cp.size} entries, signed by {vkey}: matches the log" in r.out
    doc = cli("audit", "verify", "--checkpoint", str(kept), "--key", str(vkey), "--json").json()
    assert doc["ok"] is True
    assert doc["checkpoints"]["given"] == [{"tree_size": cp.size, "root_hash": cp.root_hex, "origin": vkey.name,
                                            "verified_by": str(vkey), "matches": True, "problem": None}]

    # another key: refused
    other = VerifierKey.of(vkey.name, Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw,
                                                                                             PublicFormat.Raw))
    bad = cli("audit", "verify", "--checkpoint", str(kept), "--key", str(other))
    assert bad.code == 1 and "does not verify with the key given with --key" in bad.out

    # whoever holds the database rewrites it, deletes its checkpoints and the copy outside:
    # the checkpoint someone kept still names it
    canonical = bytes(_rows(db_url)[cp.size - 2][3])
    _forge(db_url, cp.size - 1, canonical.replace(b'"thing:', b'"thinG:'))
    _sql(db_url, ("DELETE FROM audit_checkpoint", ()))
    C.outside_file(db).unlink()
    plain = cli("audit", "verify")
    assert plain.code == 0                                     # nothing left inside to compare with
    kept_check = cli("audit", "verify", "--checkpoint", str(kept), "--json")
    assert kept_check.code == 1
    given = kept_check.json()["checkpoints"]["given"][0]
    assert given["matches"] is False and given["verified_by"] == str(vkey)
    assert "does not match the log" in kept_check.json()["reason"]


def test_checkpoint_file_and_key_errors_are_bad_input(cli, db, users, tmp_path):
    assert cli("audit", "verify", "--checkpoint", str(tmp_path / "missing.txt")).code == 3
    junk = tmp_path / "junk.txt"
    junk.write_text("hello\n\n", encoding="utf-8")
    r = cli("audit", "verify", "--checkpoint", str(junk))
    assert r.code == 1 and "has no signature line" in r.out
    cp = C.sign_checkpoint(db)
    good = tmp_path / "cp.txt"
    good.write_text(cp.note, encoding="utf-8")
    r = cli("audit", "verify", "--checkpoint", str(good), "--key", "not-a-key")
    assert r.code == 3 and "--key" in r.err and r.err.count("\n") == 1
