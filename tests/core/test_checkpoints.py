"""Signed checkpoints (warroom/services/checkpoints.py): the key, the note, the copy outside."""

from __future__ import annotations

import sqlite3
import stat

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from warroom import paths
from warroom.domain import merkle
from warroom.domain.notes import Checkpoint, InclusionProof, NoteError, SignedNote, VerifierKey
from warroom.services import checkpoints as C
from tests import rawdb


def _leaves(db_url) -> list[bytes]:
    con = rawdb.connect(db_url)
    try:
        return [merkle.leaf_hash(bytes(r[0])) for r in con.execute("SELECT canonical FROM audit_entry ORDER BY seq")]
    finally:
        con.close()


def test_a_checkpoint_is_a_signed_note_over_the_merkle_root_of_every_entry(db, db_url, users):
    info = C.sign_checkpoint(db, "manual")
    note = SignedNote.parse(info.note)
    [vkey] = C.verifier_keys(db)
    sig = note.signature_by(vkey)
    assert sig is not None
    Ed25519PublicKey.from_public_bytes(vkey.public_key).verify(sig.signature, note.text.encode())
    cp = Checkpoint.parse(note.text)
    leaves = _leaves(db_url)
    assert cp.origin == vkey.name == f"warroom/{C.database_id(db)}"
    # the checkpoint covers every entry before its own audit.checkpoint entry
    assert cp.size == len(leaves) - 1 == info.size
    assert cp.root == merkle.tree_root(leaves[:-1]) and cp.root.hex() == info.root_hex
    assert VerifierKey.parse(str(vkey)) == vkey


def test_the_next_checkpoint_continues_from_the_stored_frontier(db, db_url, users):
    first = C.sign_checkpoint(db)
    again = C.sign_checkpoint(db)
    assert again.size == first.size + 1          # only the first checkpoint's own entry is new
    assert again.root_hex == merkle.tree_root(_leaves(db_url)[:again.size]).hex()
    assert [c.size for c in C.list_checkpoints(db)] == [again.size, first.size]


def test_the_private_key_is_a_private_file_and_the_copy_lives_outside(db, users):
    info = C.sign_checkpoint(db)
    key_file = paths.keys_dir() / f"{C.database_id(db)}.ed25519"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(paths.keys_dir().stat().st_mode) == 0o700
    assert info.outside_file is not None and info.outside_file.parent.parent == paths.documents_dir()
    second = C.sign_checkpoint(db)
    notes = C.read_notes_file(second.outside_file)
    assert [n.text for n in notes] == [SignedNote.parse(info.note).text, SignedNote.parse(second.note).text]


def test_the_folder_outside_is_a_setting(db, users, tmp_path):
    from warroom.services.settings import set_setting

    set_setting(db, users["ada"], "audit.checkpoint_folder", str(tmp_path / "usb-stick"))
    info = C.sign_checkpoint(db)
    assert info.outside_file == tmp_path / "usb-stick" / f"{C.database_id(db)}.checkpoints.txt"


def test_formats_refuse_what_they_do_not_read():
    import pytest

    for bad in ("no blank line\n", "text\n\nnot a signature\n", "text\n\n— name !!!\n"):
        with pytest.raises(NoteError):
            SignedNote.parse(bad)
    with pytest.raises(NoteError):
        Checkpoint.parse("origin\n012\nAAAA\n")
    with pytest.raises(NoteError):
        VerifierKey.parse("name+00000000+AAAA")
    proof = InclusionProof(3, (b"\x01" * 32,), "cp\n\n— x YWJjZGVm\n")
    assert InclusionProof.parse(str(proof)) == proof
