"""The stranger's verifier (tools/verify_appeal.py): Ed25519 from RFC 8032, the formats, the
canonical-bytes rule against the project's own, and packages made from a real database, whole and
tampered with (docs/appeal-package.md)."""

from __future__ import annotations

import ast
import base64
import glob
import hashlib
import importlib.util
import json
import os
import random
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from warroom.domain import audit as A
from warroom.domain import merkle
from warroom.domain.notes import Checkpoint, InclusionProof, VerifierKey

from tests.core import appeal_fixtures as AF

VERIFIER = AF.VERIFIER


def _load():
    spec = importlib.util.spec_from_file_location("verify_appeal", VERIFIER)
    module = importlib.util.module_from_spec(spec)
    sys.modules["verify_appeal"] = module
    spec.loader.exec_module(module)
    return module


V = _load()


def _raw_public(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


# ================================================================ Ed25519: RFC 8032 section 7.1

TEST_1024_MESSAGE = (
    "08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98fa6e264bf09efe12ee50f8f54e9f77b1"
    "e355f6c50544e23fb1433ddf73be84d879de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d"
    "658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc1a858efcb8550ee3a5e1998bd177e93a"
    "7363c344fe6b199ee5d02e82d522c4feba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e"
    "06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbefefd75499da96bd68a8a97b928a8bbc10"
    "3b6621fcde2beca1231d206be6cd9ec7aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed1"
    "85ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2d17ba70eb6248e594e1a2297acbbb39d"
    "502f1a8c6eb6f1ce22b3de1a1f40cc24554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f270"
    "88d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc2732e69485bbc9c90bfbd62481d9089b"
    "eccf80cfe2df16a2cf65bd92dd597b0707e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128ba"
    "b27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51addd3b75a2b1ae0784504df543af8969b"
    "e3ea7082ff7fc9888c144da2af58429ec96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb7"
    "51fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c42f58c30c04aafdb038dda0847dd988d"
    "cda6f3bfd15c4b4c4525004aa06eeff8ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34df"
    "f7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08d78ff4ef5d63653a65040cf9bfd4aca7"
    "984a74d37145986780fc0b16ac451649de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e4"
    "88acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a32ef5b52a1ecc820e308aa342721aac09"
    "43bf6686b64b2579376504ccc493d97e6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5f"
    "b93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b50d334ba77c225bc307ba537152f3f161"
    "0e4eafe595f6d9d90d11faa933a15ef1369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380d"
    "b2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c0618983f8741c5ef68d3a101e8a3b8ca"
    "c60c905c15fc910840b94c00a0b9d0")

#: (name, secret key, public key, message, signature), hex, as printed in RFC 8032 section 7.1
RFC8032_ED25519 = [
    ("TEST 1", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
    ("TEST 2", "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
    ("TEST 3", "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
    ("TEST 1024", "f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
     "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e", TEST_1024_MESSAGE,
     "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03"),
    ("TEST SHA(abc)", "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
     "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
     "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"),
]
L = 2**252 + 27742317777372353535851937790883648493


@pytest.mark.parametrize("name, secret, public, message, signature", RFC8032_ED25519, ids=[v[0] for v in RFC8032_ED25519])
def test_rfc8032_vectors_verify_and_any_flipped_bit_does_not(name, secret, public, message, signature):
    pk, msg, sig = bytes.fromhex(public), bytes.fromhex(message), bytes.fromhex(signature)
    # the vector as transcribed is the RFC's: cryptography derives the same key and signature
    private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(secret))
    assert _raw_public(private) == pk and private.sign(msg) == sig
    assert V.ed25519_verify(pk, msg, sig)
    rng = random.Random(name)
    for _ in range(8):
        bit = rng.randrange(64 * 8)
        bad = bytearray(sig)
        bad[bit // 8] ^= 1 << bit % 8
        assert not V.ed25519_verify(pk, msg, bytes(bad))
    assert not V.ed25519_verify(pk, msg + b"\x00", sig)
    if msg:
        assert not V.ed25519_verify(pk, bytes([msg[0] ^ 0x80]) + msg[1:], sig)
    assert not V.ed25519_verify(bytes([pk[0] ^ 1]) + pk[1:], msg, sig)


def test_signatures_by_cryptography_verify_and_altered_ones_do_not():
    rng = random.Random(8032)
    for i in range(40):
        private = Ed25519PrivateKey.from_private_bytes(rng.randbytes(32))
        public, message = _raw_public(private), rng.randbytes(rng.choice([0, 1, 33, 200, 1000]))
        signature = private.sign(message)
        assert V.ed25519_verify(public, message, signature)
        bad = bytearray(signature)
        bad[rng.randrange(64)] ^= 1 << rng.randrange(8)
        assert not V.ed25519_verify(public, message, bytes(bad))
        with pytest.raises(InvalidSignature):      # the two agree on the altered signature
            Ed25519PublicKey.from_public_bytes(public).verify(bytes(bad), message)
        if message:
            assert not V.ed25519_verify(public, message[:-1], signature)


def test_non_canonical_s_a_and_r_are_refused():
    private = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    public, message = _raw_public(private), b"warroom checkpoint"
    signature = private.sign(message)
    s = int.from_bytes(signature[32:], "little")
    # S + L is the same scalar mod L: the group equation still holds, RFC 8032 still refuses it
    assert not V.ed25519_verify(public, message, signature[:32] + (s + L).to_bytes(32, "little"))
    p = 2**255 - 19
    for bad in ((p + 1).to_bytes(32, "little"),                       # y >= p (y = 1 written as p + 1)
                (1 | 1 << 255).to_bytes(32, "little"),                # x = 0 with the sign bit set
                (2).to_bytes(32, "little")):                          # y = 2: no x on the curve
        assert V._recover_point(bad) is None
        assert not V.ed25519_verify(bad, message, signature)          # as A
        assert not V.ed25519_verify(public, message, bad + signature[32:])     # as R
    assert not V.ed25519_verify(public[:31], message, signature)
    assert not V.ed25519_verify(public, message, signature[:63])


# ================================================================ formats

def test_a_verifier_key_whose_base64_holds_a_plus_is_read_back_by_both_readers():
    """Regression: both split NAME+KEYID+BASE64 on every '+', so about half of all keys failed."""
    private = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"verifier-key-with-plus-2").digest())
    key = VerifierKey.of("warroom/5c1a9e3e-0000-4000-8000-000000000000", _raw_public(private))
    text = str(key)
    assert "+" in text.split("+", 2)[2]
    assert VerifierKey.parse(text) == key
    parsed = V.parse_verifier_key(text)
    assert (parsed.name, parsed.key_id, parsed.public_key) == (key.name, key.key_id, key.public_key)
    assert str(parsed) == text
    for bad in ("name+00000000+AAAA", "no-plus-at-all", text.replace(key.key_id.hex(), "00000000")):
        with pytest.raises(V.FormatError):
            V.parse_verifier_key(bad)


def test_notes_checkpoints_and_proofs_read_as_the_project_writes_them():
    private = Ed25519PrivateKey.from_private_bytes(bytes(32))
    key = VerifierKey.of("warroom/abc", _raw_public(private))
    text = Checkpoint("warroom/abc", 5, bytes(range(32))).text()
    note = AF.sign_note(text, key, private)
    parsed = V.parse_note(note)
    assert parsed.text == text and V.parse_checkpoint(parsed.text) == ("warroom/abc", 5, bytes(range(32)))
    vkey = V.parse_verifier_key(str(key))
    assert V.note_signer(parsed, [vkey]) == (vkey, None)
    other = V.parse_verifier_key(str(VerifierKey.of("warroom/abc", _raw_public(Ed25519PrivateKey.generate()))))
    signer, why = V.note_signer(parsed, [other])
    assert signer is None and "not signed by" in why
    proof = InclusionProof(3, (b"\x01" * 32, b"\x02" * 32), note)
    assert V.parse_tlog_proof(str(proof)) == (3, (b"\x01" * 32, b"\x02" * 32), note)
    assert V.split_notes(note + "\n" + note + "\n") == [note, note]
    for bad in ("no blank line\n", "text\n\nnot a signature\n", "text\n\n\u2014 name !!!\n", "a\n\nb\n\n\u2014 k AAAAAAAA\n"):
        with pytest.raises(V.FormatError):
            V.parse_note(bad)
    for bad in ("origin\n012\nAAAA\n", "origin\n5\n" + base64.b64encode(bytes(31)).decode() + "\n", "\n5\nAA==\n"):
        with pytest.raises(V.FormatError):
            V.parse_checkpoint(bad)


def test_merkle_roots_and_proofs_agree_with_the_projects_tree():
    leaves = [merkle.leaf_hash(f"entry {i}".encode()) for i in range(37)]
    ours = merkle.Tree(leaves)
    theirs = V.MerkleTree(b"".join(leaves))
    assert V._leaf_hashes([f"entry {i}".encode() for i in range(37)]) == b"".join(leaves)
    for size in range(0, 38):
        assert theirs.root_at(size) == (ours.root_at(size) if size else merkle.EMPTY_ROOT)
        for index in range(size):
            path = ours.inclusion_proof(index, size)
            assert V.root_from_inclusion_proof(index, size, leaves[index], path) == ours.root_at(size)
            assert V.root_from_inclusion_proof(index, size, leaves[(index + 1) % 37], path) != ours.root_at(size) \
                or size == 1 and index == 0 and leaves[0] == leaves[1]
        for old in range(1, size + 1):
            proof = ours.consistency_proof(old, size)
            assert V.verify_consistency(old, size, ours.root_at(old), ours.root_at(size), proof)
            if old < size:
                assert not V.verify_consistency(old, size, merkle.leaf_hash(b"x"), ours.root_at(size), proof)
                assert not V.verify_consistency(old, size, ours.root_at(old), merkle.leaf_hash(b"x"), proof)


# ================================================================ canonical bytes: the fast path, the exact rule, the project's rule

def _entry(seq: int = 7, **payload) -> dict:
    return {"seq": seq, "at": "2026-11-20T09:00:00.123456Z", "actor": "alice", "action": "ticket.note",
            "entity": "ticket:3", "payload": payload or {"text": "hi"}}


GOOD = A.canonical_bytes(_entry())
CANONICAL_CASES = [
    GOOD,
    A.canonical_bytes(_entry(text='quote " backslash \\ newline \n tab \t bell \x07 del \x7f é 購入 🙂')),
    A.canonical_bytes(_entry(**{"\U0001f600": 1, "\ufb01": 2})),          # UTF-16 order: U+1F600 first
    A.canonical_bytes(_entry(n=2**53 - 1, m=-(2**53 - 1), z=0, nested={"b": [1, {"d": None, "c": True}], "a": []})),
    GOOD.replace(b'{"action"', b'{ "action"'),                           # whitespace
    GOOD + b" ",
    b"\xef\xbb\xbf" + GOOD,                                              # a BOM
    GOOD.replace(b'"actor":"alice",', b'"actor":"alice","actor":"bob",'),    # a member twice
    GOOD.replace(b'"action":"ticket.note","actor":"alice"', b'"actor":"alice","action":"ticket.note"'),
    A.canonical_bytes(_entry(text="é")).replace("é".encode(), b"\\u00e9"),   # an escape JCS does not write
    A.canonical_bytes(_entry(text="a/b")).replace(b"a/b", b"a\\/b"),
    A.canonical_bytes(_entry(text="\x1f")).replace(b"\\u001f", b"\\u001F"),
    A.canonical_bytes(_entry(text="\n")).replace(b"\\n", b"\\u000a"),
    A.canonical_bytes(_entry(n=1)).replace(b'"n":1', b'"n":1.0'),
    A.canonical_bytes(_entry(n=1)).replace(b'"n":1', b'"n":1e0'),
    A.canonical_bytes(_entry(n=0)).replace(b'"n":0', b'"n":-0'),
    A.canonical_bytes(_entry(n=1)).replace(b'"n":1', b'"n":9007199254740992'),     # 2^53
    A.canonical_bytes(_entry(n=1)).replace(b'"n":1', b'"n":NaN'),
    A.canonical_bytes(_entry(text="x")).replace(b'"x"', b'"\\ud800"'),            # a lone surrogate
    A.canonical_bytes(_entry(**{"\U0001f600": 1, "\ufb01": 2})).replace(
        '"\U0001f600":1,"\ufb01":2'.encode(), '"\ufb01":2,"\U0001f600":1'.encode()),   # code-point order
    A.canonical_bytes(_entry(nested={"a": 1, "b": 2})).replace(b'"a":1,"b":2', b'"b":2,"a":1'),
    A.canonical_bytes(dict(_entry(), ip="127.0.0.1")),                    # a seventh member
    A.canonical_bytes({k: v for k, v in _entry().items() if k != "entity"}),
    A.canonical_bytes(_entry(seq=8)),                                     # another entry's bytes
    A.canonical_bytes(dict(_entry(), at="2026-11-20T09:00:00Z")),
    A.canonical_bytes(dict(_entry(), at="2026-02-30T09:00:00.000000Z")),
    A.canonical_bytes(dict(_entry(), at="2026-11-20T24:00:00.000000Z")),
    A.canonical_bytes(dict(_entry(), seq="7")),
    A.canonical_bytes(dict(_entry(), actor=None)),
    b'["action"]',
    b"not json",
    GOOD[:-1],
    b"\xff" + GOOD[1:],
]


def _fast_verdict(seq: int, data: bytes) -> bool | None:
    """The fast path's own verdict: True (accepted alone), None (it defers to the exact rule)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    try:
        found = V._fast_entries(seq, [text], [data])
    except Exception as exc:          # the fast path must never raise
        raise AssertionError(f"the fast path raised {exc!r} on {data!r}") from exc
    return None if found is None or found.suspects else True


@pytest.mark.parametrize("data", CANONICAL_CASES, ids=range(len(CANONICAL_CASES)))
def test_the_canonical_rule_agrees_with_audit_verify_and_the_fast_path_never_accepts_what_it_refuses(data):
    expected = A.canonical_problem(7, data)                    # the project's own rule (audit verify)
    exact = V.canonical_problem(7, data)
    assert (exact is None) == (expected is None), (data, exact, expected)
    if exact is not None:
        assert _fast_verdict(7, data) is None, data           # never accepted by the fast path alone


def test_the_fast_path_accepts_the_common_entries_by_itself():
    datas = [A.canonical_bytes(_entry(seq, text=f"note {seq}: Käufer 購入 \"x\"\n")) for seq in range(1, 2001)]
    found = V._fast_entries(1, [d.decode() for d in datas], datas)
    assert found is not None and found.suspects == set() and len(found.ats) == 2000
    # entries with characters beyond U+FFFF or long numbers are left to the exact rule
    datas[5] = A.canonical_bytes(_entry(6, text="🙂"))
    datas[9] = A.canonical_bytes(_entry(10, n=1234567890123456))
    found = V._fast_entries(1, [d.decode() for d in datas], datas)
    assert found.suspects == {5, 9}


# ================================================================ packages from a real database

MAKERS = {"reference writer": AF.build_package}      # the real export joins here (same signature)
_CACHE: dict = {}


@pytest.fixture(params=sorted(MAKERS))
def package(request, tmp_path) -> AF.AppealPackage:
    """A valid package (built once per maker from a real database, then copied for each test)."""
    maker = request.param
    if maker not in _CACHE:
        db, users = request.getfixturevalue("db"), request.getfixturevalue("users")
        seqs = AF.populate(db, users)
        full = MAKERS[maker](db, tmp_path / "full.zip", seqs)
        withheld = MAKERS[maker](db, tmp_path / "withheld.zip", seqs, withhold=True)
        _CACHE[maker] = {"full": (full, full.path.read_bytes()), "withheld": (withheld, withheld.path.read_bytes())}
    full, data = _CACHE[maker]["full"]
    path = tmp_path / "package.zip"
    path.write_bytes(data)
    return AF.described(path, full.verifier_key, full.private_key)


@pytest.fixture
def withheld(request, package, tmp_path) -> AF.AppealPackage:
    pkg, data = _CACHE[request.node.callspec.params["package"]]["withheld"]
    path = tmp_path / "withheld.zip"
    path.write_bytes(data)
    return AF.described(path, pkg.verifier_key, pkg.private_key)


def run(capsys, *argv) -> tuple[int, list[str]]:
    code = V.main([str(a) for a in argv])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out.splitlines()


def failures(capsys, *argv) -> list[str]:
    code, lines = run(capsys, *argv)
    assert code == 1, lines
    assert lines[-1].endswith("this package does not check out.")
    return [line[len("FAIL "):] for line in lines[:-1]]


def test_a_valid_package_prints_ok_and_what_it_rests_on(package, capsys):
    code, lines = run(capsys, package.path, "--key", package.verifier_key)
    assert code == 0 and lines[0] == "OK", lines
    text = "\n".join(lines)
    assert f"entries:     {package.size} in audit.jsonl" in text
    assert "the key given with --key" in text and "NOTE" not in text
    assert re.search(r"proofs: +%d inclusion proofs" % len(package.cited), text)
    result = V.verify(package.path, package.verifier_key)
    assert result.ok and result.key_given and result.entries == package.size and result.proofs == len(package.cited)
    assert result.checkpoints == len(_checkpoint_notes(package)) >= 2
    members = AF.read_members(package.path)
    assert members["verify_appeal.py"] == VERIFIER.read_bytes()   # the verifier inside is this one


def test_by_default_only_the_entries_the_checks_read_are_decoded(package, capsys):
    rows = AF.audit_rows(package)
    read = set(package.cited) | {r["seq"] for r in rows
                                 if r["canonical"].startswith((b'{"action":"audit.key",', b'{"action":"audit.checkpoint",'))}
    assert any(r["canonical"].startswith(b'{"action":"audit.checkpoint",') for r in rows)
    assert len(read) < package.size
    code, lines = run(capsys, package.path, "--key", package.verifier_key)
    [entries] = [line for line in lines if line.strip().startswith("entries:")]
    assert code == 0 and f"; {len(read)} decoded (those the report cites, the key and checkpoint entries)" in entries
    code, lines = run(capsys, package.path, "--key", package.verifier_key, "--strict")
    assert code == 0 and any("(--strict: every entry decoded)" in line for line in lines)


def test_without_key_it_says_that_only_internal_consistency_is_shown(package, capsys):
    code, lines = run(capsys, package.path)
    assert code == 0 and lines[0] == "OK"
    assert any("named in the package" in line for line in lines)
    assert any("only that the package is consistent in itself" in line for line in lines)
    assert not V.verify(package.path).key_given


def test_an_unpacked_folder_checks_like_the_zip(package, tmp_path, capsys):
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(package.path) as z:
        z.extractall(folder)
    code, lines = run(capsys, folder, "--key", package.verifier_key)
    assert code == 0 and lines[0] == "OK"
    (folder / "notes-of-mine.txt").write_text("added by someone")
    assert failures(capsys, folder, "--key", package.verifier_key) == [
        "notes-of-mine.txt: not listed in manifest.json (not part of the signed package)"]


def test_a_changed_file_in_the_zip_is_named(package, tmp_path, capsys):
    bad = AF.replace_member_unsigned(package, tmp_path / "bad.zip", "report.html", b"<html>nothing to see</html>")
    assert failures(capsys, bad, "--key", package.verifier_key) == [
        "report.html: its SHA-256 is not the one manifest.json lists (the file was changed)"]


def test_a_changed_manifest_no_longer_matches_its_signature(package, tmp_path, capsys):
    members = AF.read_members(package.path)
    manifest = json.loads(members["manifest.json"])
    manifest["to"] = "2027-01-31"
    bad = AF.replace_member_unsigned(package, tmp_path / "bad.zip", "manifest.json", json.dumps(manifest).encode())
    [line] = failures(capsys, bad, "--key", package.verifier_key)
    assert line.startswith("manifest.json.sig: the signed note does not name the SHA-256 of this manifest.json")


def _checkpoint_notes(package) -> list[str]:
    return V.split_notes(AF.read_members(package.path)["checkpoints.txt"].decode())


def _cited_seq(package) -> int:
    """An entry the report cites, with entries after it."""
    return [s for s in package.cited if s < package.size][len(package.cited) > 2]


def _row(package, seq: int) -> str:
    """Where report.json first cites entry ``seq``, and how many more rows cite it."""
    report = json.loads(AF.read_members(package.path)["report.json"])
    paths = [path for path, entries in V._entries_members(report, "report") if seq in entries]
    return paths[0] + (f" (and {len(paths) - 1} more rows)" if len(paths) > 1 else "")


def _changed(canonical: bytes) -> bytes:
    doc = json.loads(canonical)
    doc["actor"] = "mallory"
    return A.canonical_bytes(doc)


def _chain_line(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("audit.jsonl: the hash chain over its ")]


def test_a_changed_cited_entry_breaks_the_chain_the_signed_roots_and_its_proof(package, tmp_path, capsys):
    rows = AF.audit_rows(package)
    k = _cited_seq(package)
    rows[k - 1]["canonical"] = _changed(rows[k - 1]["canonical"])
    bad = AF.rewrite(package, tmp_path / "bad.zip", {"audit.jsonl": AF.audit_bytes(rows)})
    lines = failures(capsys, bad, "--key", package.verifier_key)
    [chain] = _chain_line(lines)
    assert chain.endswith("an entry was changed, dropped, inserted or moved")
    assert not any(line.startswith("audit.jsonl") for line in lines if line != chain)    # still canonical
    assert any(line.startswith("checkpoints.txt: checkpoint") and "not what was signed" in line for line in lines)
    assert f"proofs/{k}.tlog-proof: does not lead from entry {k} to the package checkpoint's root" in "\n".join(lines)


def test_a_changed_entry_the_report_does_not_cite_is_caught_by_the_chain_without_being_decoded(package, tmp_path,
                                                                                              capsys):
    rows = AF.audit_rows(package)
    k = next(s for s in range(2, package.size) if s not in package.cited
             and not rows[s - 1]["canonical"].startswith(b'{"action":"audit.'))
    rows[k - 1]["canonical"] = _changed(rows[k - 1]["canonical"])
    bad = AF.rewrite(package, tmp_path / "bad.zip", {"audit.jsonl": AF.audit_bytes(rows)})
    lines = failures(capsys, bad, "--key", package.verifier_key)
    assert len(_chain_line(lines)) == 1
    assert any(line.startswith("checkpoints.txt: checkpoint") and "not what was signed" in line for line in lines)
    # the entry itself was never decoded (it is canonical anyway): only the chain and the roots name it
    assert not any(line.startswith("audit.jsonl: line") for line in lines)
    # the same edit with the manifest's chain head forged too: the signed roots still catch it
    bad = AF.rewrite(package, tmp_path / "bad2.zip", {"audit.jsonl": AF.audit_bytes(AF.rechain(rows))},
                     manifest_changes={"chain_head_hash": AF.rechain(rows)[-1]["hash"]})
    lines = failures(capsys, bad, "--key", package.verifier_key)
    assert not _chain_line(lines) and any("are not what was signed" in line for line in lines)


def _rewritten(package, tmp_path, name="rewritten.zip") -> tuple[Path, list[dict], int]:
    """A recomputed rewrite: one note changed and every later hash recomputed, the manifest's head
    updated and signed again (by whoever holds the key)."""
    rows = AF.audit_rows(package)
    k = _cited_seq(package)
    rows[k - 1]["canonical"] = _changed(rows[k - 1]["canonical"])
    rows = AF.rechain(rows, k)
    bad = AF.rewrite(package, tmp_path / name, {"audit.jsonl": AF.audit_bytes(rows)},
                     manifest_changes={"chain_head_hash": rows[-1]["hash"]})
    return bad, rows, k


def test_a_recomputed_rewrite_keeps_the_chain_but_not_the_signed_roots(package, tmp_path, capsys):
    bad, rows, k = _rewritten(package, tmp_path)
    lines = failures(capsys, bad, "--key", package.verifier_key)
    assert not any(line.startswith("audit.jsonl") for line in lines)            # the chain itself is intact
    cps = [(i, V.parse_checkpoint(V.parse_note(n).text)) for i, n in enumerate(_checkpoint_notes(package), 1)]
    broken = [i for i, cp in cps if cp.size >= k]
    assert broken and [line for line in lines if line.startswith("checkpoints.txt")] == [
        line for line in lines if line.startswith("checkpoints.txt") and "are not what was signed" in line]
    assert len([line for line in lines if line.startswith("checkpoints.txt")]) == len(broken)
    first = min(broken)
    below = max((cp.size for i, cp in cps if cp.size < k), default=0)
    assert any(line.startswith(f"checkpoints.txt: checkpoint {first} signed a Merkle root of ")
               and f"entries {below + 1} to " in line for line in lines)


def test_a_rewrite_with_every_checkpoint_signed_again_fails_against_the_checkpoint_you_kept(package, tmp_path, capsys):
    """The key holder rewrites the log and signs new checkpoints: the package alone checks out,
    the checkpoint handed out before does not agree with it."""
    bad, rows, k = _rewritten(package, tmp_path)
    leaves = [merkle.leaf_hash(r["canonical"]) for r in rows]
    tree = merkle.Tree(leaves)
    key = VerifierKey.parse(package.verifier_key)
    members = AF.read_members(bad)
    notes = [AF.sign_note(Checkpoint(key.name, V.parse_checkpoint(V.parse_note(n).text).size,
                                     tree.root_at(V.parse_checkpoint(V.parse_note(n).text).size)).text(),
                          key, package.private_key)
             for n in V.split_notes(members["checkpoints.txt"].decode())]
    report = json.loads(members["report.json"])
    report["leaf_hashes"] = {s: leaves[int(s) - 1].hex() for s in report["leaf_hashes"]}
    changes = {"checkpoints.txt": "".join(n + "\n" for n in notes).encode(), "audit.jsonl": AF.audit_bytes(rows),
               "report.json": json.dumps(report).encode()}
    for seq in package.cited:
        changes[f"proofs/{seq}.tlog-proof"] = str(InclusionProof(seq - 1, tuple(tree.inclusion_proof(seq - 1)),
                                                                 notes[-1])).encode()
    forged = AF.rewrite(package, tmp_path / "forged.zip", changes,
                        manifest_changes={"root_hash": tree.root().hex(), "chain_head_hash": rows[-1]["hash"]})
    code, lines = run(capsys, forged, "--key", package.verifier_key)
    assert code == 0, lines                                        # consistent in itself, and signed by the key
    kept = tmp_path / "kept-checkpoint.txt"                        # what the reviewer received by e-mail before
    old = [n for n in _checkpoint_notes(package) if V.parse_checkpoint(V.parse_note(n).text).size >= k]
    kept.write_text(old[0])
    assert failures(capsys, forged, "--key", package.verifier_key, "--checkpoint", kept) == [
        f"{kept}: the checkpoint signed a Merkle root of {V.parse_checkpoint(V.parse_note(old[0]).text).size} entries "
        "that the package's entries do not give: the log was rewritten after that checkpoint"]
    code, lines = run(capsys, package.path, "--key", package.verifier_key, "--checkpoint", kept)
    assert code == 0 and any(line.strip().startswith("yours:") for line in lines)


def test_a_dropped_tail_is_named(package, tmp_path, capsys):
    rows = AF.audit_rows(package)[:-3]
    bad = AF.rewrite(package, tmp_path / "bad.zip", {"audit.jsonl": AF.audit_bytes(rows)},
                     manifest_changes={"chain_head_hash": rows[-1]["hash"]})
    lines = failures(capsys, bad, "--key", package.verifier_key)
    assert f"audit.jsonl: holds {package.size - 3} entries, but the package checkpoint signed {package.size}: " \
           "the last 3 are missing (the log's tail was dropped)" in lines
    # the last cited entry is gone too
    assert any(line.startswith("report.json:") and f"entry {package.cited[-1]}, which is not in audit.jsonl" in line
               for line in lines)


def test_an_entry_missing_in_the_middle_is_named(package, tmp_path, capsys):
    rows = AF.audit_rows(package)
    k = next(s for s in range(2, package.size) if s not in package.cited and s + 1 not in package.cited)
    del rows[k - 1]
    bad = AF.rewrite(package, tmp_path / "bad.zip", {"audit.jsonl": AF.audit_bytes(rows)})
    lines = failures(capsys, bad, "--key", package.verifier_key)
    assert (f"audit.jsonl: holds {package.size - 1} entries, but the package checkpoint signed {package.size}: entries "
            f"are missing before the last line (it holds entry {package.size})") in lines
    assert len(_chain_line(lines)) == 1
    # each entry after the gap that is decoded (cited, key, checkpoint) is named as out of place
    later = [s for s in package.cited if k < s < package.size]          # line s now holds entry s + 1
    assert later
    for s in later:
        assert (f"audit.jsonl: line {s}: holds entry {s + 1} where entry {s} belongs (an entry is missing, repeated "
                "or out of order)") in lines
    code, strict = run(capsys, bad, "--key", package.verifier_key, "--strict")
    assert code == 1 and (f"FAIL audit.jsonl: line {k}: holds entry {k + 1} where entry {k} belongs (an entry is "
                          "missing, repeated or out of order)") in strict


def test_a_forged_checkpoint_signature_is_named(package, tmp_path, capsys):
    members = AF.read_members(package.path)
    notes = V.split_notes(members["checkpoints.txt"].decode())
    line = notes[1].rstrip("\n").split("\n")[-1]
    name, _, encoded = line.rpartition(" ")
    raw = bytearray(base64.b64decode(encoded))
    raw[10] ^= 0x01
    notes[1] = notes[1].replace(line, f"{name} {base64.b64encode(bytes(raw)).decode()}")
    bad = AF.rewrite(package, tmp_path / "bad.zip", {"checkpoints.txt": "".join(n + "\n" for n in notes).encode()})
    assert failures(capsys, bad, "--key", package.verifier_key) == [
        "checkpoints.txt: checkpoint 2: its signature does not verify (forged, or the text was changed after signing)"]
    # a checkpoint signed by another key under the same name
    other = Ed25519PrivateKey.generate()
    stranger = VerifierKey.of(VerifierKey.parse(package.verifier_key).name, _raw_public(other))
    notes = V.split_notes(members["checkpoints.txt"].decode())
    notes[1] = AF.sign_note(V.parse_note(notes[1]).text, stranger, other)
    bad = AF.rewrite(package, tmp_path / "bad2.zip", {"checkpoints.txt": "".join(n + "\n" for n in notes).encode()})
    [line] = failures(capsys, bad, "--key", package.verifier_key)
    assert line.startswith("checkpoints.txt: checkpoint 2: it is not signed by") and stranger.key_id.hex() in line


def test_an_inclusion_proof_for_a_missing_entry_is_named(package, tmp_path, capsys):
    members = AF.read_members(package.path)
    seq = package.cited[0]
    proof = V.parse_tlog_proof(members[f"proofs/{seq}.tlog-proof"].decode())
    missing = package.size + 5
    fake = str(InclusionProof(missing - 1, proof.hashes, proof.checkpoint)).encode()
    report = json.loads(members["report.json"])
    report["added_by_a_forger"] = [{"entries": [missing]}]
    bad = AF.rewrite(package, tmp_path / "bad.zip", {f"proofs/{missing}.tlog-proof": fake,
                                                      "report.json": json.dumps(report).encode()})
    lines = failures(capsys, bad, "--key", package.verifier_key)
    assert lines == [
        f"proofs/{missing}.tlog-proof: entry {missing} is not in the log: the package checkpoint covers "
        f"{package.size} entries",
        f"report.json: report.added_by_a_forger[0] rests on entry {missing}, "
        f"which is not in the log (the package checkpoint covers entries 1 to {package.size})"]
    # a proof with a wrong path for an entry that exists
    wrong = str(InclusionProof(seq - 1, proof.hashes[:-1] + (bytes(32),), proof.checkpoint)).encode()
    bad = AF.rewrite(package, tmp_path / "bad2.zip", {f"proofs/{seq}.tlog-proof": wrong})
    assert failures(capsys, bad, "--key", package.verifier_key) == [
        f"proofs/{seq}.tlog-proof: does not lead from entry {seq} to the package checkpoint's root (wrong proof, or "
        "the entry is not the one that was signed)",
        f"report.json: {_row(package, seq)} rests on entry {seq}, whose proof does not verify"]


def test_a_report_row_citing_an_entry_without_a_proof_is_named(package, tmp_path, capsys):
    seq = package.cited[0]
    bad = AF.rewrite(package, tmp_path / "bad.zip", {f"proofs/{seq}.tlog-proof": None})
    assert failures(capsys, bad, "--key", package.verifier_key) == [
        f"report.json: {_row(package, seq)} rests on entry {seq}, which has no proof "
        f"(proofs/{seq}.tlog-proof is not in the package)"]


def test_a_wrong_key_is_named(package, capsys):
    other = VerifierKey.of(VerifierKey.parse(package.verifier_key).name, _raw_public(Ed25519PrivateKey.generate()))
    [line] = failures(capsys, package.path, "--key", str(other))
    assert line.startswith("manifest.json.sig: not signed by the key given with --key: it is not signed by "
                           f"{other.name}+{other.key_id.hex()}")


def _signed_again(package, tmp_path, rows: list[dict], name: str) -> Path:
    """A package of these entries with every checkpoint, proof and the manifest signed again by the
    key holder: only the entries' own form can fail."""
    rows = AF.rechain(rows)
    leaves = [merkle.leaf_hash(r["canonical"]) for r in rows]
    tree = merkle.Tree(leaves)
    key = VerifierKey.parse(package.verifier_key)
    members = AF.read_members(package.path)
    sizes = [V.parse_checkpoint(V.parse_note(n).text).size for n in V.split_notes(members["checkpoints.txt"].decode())]
    notes = [AF.sign_note(Checkpoint(key.name, size, tree.root_at(size)).text(), key, package.private_key)
             for size in sizes]
    report = json.loads(members["report.json"])
    report["leaf_hashes"] = {s: leaves[int(s) - 1].hex() for s in report["leaf_hashes"]}
    changes = {"checkpoints.txt": "".join(n + "\n" for n in notes).encode(), "audit.jsonl": AF.audit_bytes(rows),
               "report.json": json.dumps(report).encode()}
    for seq in package.cited:
        changes[f"proofs/{seq}.tlog-proof"] = str(InclusionProof(seq - 1, tuple(tree.inclusion_proof(seq - 1)),
                                                                 notes[-1])).encode()
    return AF.rewrite(package, tmp_path / name, changes,
                      manifest_changes={"root_hash": tree.root().hex(), "chain_head_hash": rows[-1]["hash"]})


def test_a_line_whose_bytes_are_not_canonical_is_named_when_cited_and_always_with_strict(package, tmp_path, capsys):
    rows = AF.audit_rows(package)
    cited = _cited_seq(package)
    other = next(s for s in range(2, package.size) if s not in package.cited
                 and not rows[s - 1]["canonical"].startswith(b'{"action":"audit.'))
    spaced = dict(rows[cited - 1], canonical=rows[cited - 1]["canonical"].replace(b'"seq":', b'"seq": ', 1))
    at = spaced["canonical"].index(b'"seq": ') + len(b'"seq":')
    bad = _signed_again(package, tmp_path, rows[:cited - 1] + [spaced] + rows[cited:], "cited.zip")
    assert failures(capsys, bad, "--key", package.verifier_key) == [
        f"audit.jsonl: line {cited} (entry {cited}): the bytes are not canonical: whitespace between tokens at byte "
        f"{at} (RFC 8785 writes none)"]
    # an entry nobody cites: the signed log holds it as it is; only --strict decodes it
    unsorted = json.loads(rows[other - 1]["canonical"])
    reordered = b'{"actor":' + json.dumps(unsorted["actor"]).encode() + b',"action":' + \
        json.dumps(unsorted["action"]).encode() + rows[other - 1]["canonical"][rows[other - 1]["canonical"].index(b',"at":'):]
    assert json.loads(reordered) == unsorted
    bad = _signed_again(package, tmp_path, rows[:other - 1] + [dict(rows[other - 1], canonical=reordered)]
                        + rows[other:], "other.zip")
    code, lines = run(capsys, bad, "--key", package.verifier_key)
    assert code == 0, lines
    assert failures(capsys, bad, "--key", package.verifier_key, "--strict") == [
        f"audit.jsonl: line {other} (entry {other}): the bytes are not canonical: members of the entry are not sorted "
        'by UTF-16 code units ("actor" comes before "action")']
    # not JSON at all, not cited: found anyway (its time cannot be read without decoding it)
    bad = _signed_again(package, tmp_path, rows[:other - 1] + [dict(rows[other - 1], canonical=b"{not json")]
                        + rows[other:], "junk.zip")
    [line] = failures(capsys, bad, "--key", package.verifier_key)
    assert line.startswith(f"audit.jsonl: line {other} (entry {other}): the bytes are not canonical: not JSON (")


@pytest.mark.parametrize("which", ["cited", "not cited"])
def test_time_going_back_is_named_with_or_without_decoding_the_entry(package, tmp_path, capsys, which):
    """By default the time is read from the line's bytes (the entry is decoded only when cited);
    the package is signed again around the entry, so only the time check can fail."""
    rows = AF.audit_rows(package)
    cited = [s for s in package.cited if 2 < s < package.size]
    k = cited[-1] if which == "cited" else next(
        s for s in range(package.size - 1, 2, -1) if s not in package.cited
        and not rows[s - 1]["canonical"].startswith(b'{"action":"audit.'))
    doc = json.loads(rows[k - 1]["canonical"])
    doc["at"] = "2020-01-01T00:00:00.000000Z"
    bad = _signed_again(package, tmp_path, rows[:k - 1] + [dict(rows[k - 1], canonical=A.canonical_bytes(doc))]
                        + rows[k:], "back.zip")
    for strict in ((), ("--strict",)):
        [line] = failures(capsys, bad, "--key", package.verifier_key, *strict)
        assert re.fullmatch(rf"audit\.jsonl: line {k} \(entry {k}\): dated 2020-01-01T00:00:00\.000000Z, .* before "
                            rf"entry {k - 1} \(.*\): the clock went back more than the 10 min tolerated", line), line
    # five minutes back is tolerated
    before = json.loads(rows[k - 2]["canonical"])["at"]
    stamp = datetime.fromisoformat(before[:-1]) - timedelta(minutes=5)
    doc["at"] = stamp.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    fine = _signed_again(package, tmp_path, rows[:k - 1] + [dict(rows[k - 1], canonical=A.canonical_bytes(doc))]
                         + rows[k:], "fine.zip")
    code, lines = run(capsys, fine, "--key", package.verifier_key)
    assert code == 0, lines


def test_a_pseudonymized_package_without_audit_jsonl_checks_through_its_proofs(withheld, tmp_path, capsys):
    assert "audit.jsonl" not in AF.read_members(withheld.path)
    code, lines = run(capsys, withheld.path, "--key", withheld.verifier_key)
    assert code == 0 and lines[0] == "OK", lines
    assert any("audit.jsonl withheld" in line for line in lines)
    members = AF.read_members(withheld.path)
    report = json.loads(members["report.json"])
    seq = withheld.cited[0]
    report["leaf_hashes"][str(seq)] = hashlib.sha256(b"another entry").hexdigest()
    bad = AF.rewrite(withheld, tmp_path / "bad.zip", {"report.json": json.dumps(report).encode()})
    out = failures(capsys, bad, "--key", withheld.verifier_key)
    assert out[0].startswith(f"proofs/{seq}.tlog-proof: does not lead from entry {seq}")
    consistency = sorted(n for n in members if n.startswith("consistency/"))
    assert consistency
    bad = AF.rewrite(withheld, tmp_path / "bad2.zip", {consistency[0]: None})
    [line] = failures(capsys, bad, "--key", withheld.verifier_key)
    assert line.startswith(f"{consistency[0]}: missing: without audit.jsonl")


def test_a_key_changed_on_the_way_is_named_and_both_keys_verify(db, users, tmp_path, capsys):
    """The database moved to a new machine: its old checkpoints are signed by the old key, the
    package by the new one; both keys are in the manifest, the summary says which signed what."""
    from warroom import paths
    from warroom.services import checkpoints as C

    seqs = AF.populate(db, users)
    old_key = str(C.verifier_keys(db)[0])
    (paths.keys_dir() / f"{C.database_id(db)}.ed25519").unlink()       # the new machine has no key file
    built = AF.build_package(db, tmp_path / "moved.zip", seqs)
    new_key = built.verifier_key
    assert new_key != old_key and [str(k) for k in C.verifier_keys(db)] == [old_key, new_key]
    code, lines = run(capsys, built.path, "--key", new_key)
    assert code == 0, lines
    old_short = "+".join(old_key.split("+", 2)[:2])
    # every checkpoint before the move (the application signs after approvals and dispatches too)
    assert any(line.strip().startswith("checkpoints 1, 2, 3")
               and f"signed by {old_short}, another key named in the package" in line for line in lines)
    [line] = failures(capsys, built.path, "--key", old_key)
    assert line.startswith("manifest.json.sig: not signed by the key given with --key")


def test_usage_errors_exit_2_and_unreadable_packages_are_named(package, tmp_path, capsys):
    assert run(capsys, tmp_path / "nowhere.zip")[0] == 2
    assert run(capsys, package.path, "--key", "not-a-key")[0] == 2
    assert run(capsys)[0] == 2
    assert run(capsys, "--help")[0] == 0
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 this is no zip")
    [line] = failures(capsys, junk)
    assert line.startswith(f"{junk}: not a readable zip file or folder")
    key_file = tmp_path / "key.txt"
    key_file.write_text(package.verifier_key + "\n")
    assert run(capsys, package.path, "--key", key_file)[0] == 0


def test_damaged_packages_never_raise_and_never_pass(package, tmp_path):
    """Random bytes changed in random members: a failure line, never an exception.  Unsigned, every
    change fails; signed again by the key holder, a change to the evidence still fails."""
    members = AF.read_members(package.path)
    rng = random.Random(13)
    names = sorted(members)
    evidence = ("audit.jsonl", "checkpoints.txt", "proofs/")
    for i in range(2 * len(names)):
        name = names[i % len(names)]
        body = bytearray(members[name])
        for _ in range(rng.choice([1, 3])):
            body[rng.randrange(len(body))] = rng.randrange(256)
        if bytes(body) == members[name]:
            continue
        result = V.verify(AF.replace_member_unsigned(package, tmp_path / f"bad{i}.zip", name, bytes(body)),
                          package.verifier_key)
        assert not result.ok and result.failures, name
        if name.startswith(evidence):
            result = V.verify(AF.rewrite(package, tmp_path / f"signed{i}.zip", {name: bytes(body)}), package.verifier_key)
            assert not result.ok and result.failures, name
    raw = package.path.read_bytes()
    for i in range(16):
        damaged = bytearray(raw)
        damaged[rng.randrange(len(damaged))] ^= 0xFF
        path = tmp_path / f"raw{i}.zip"
        path.write_bytes(bytes(damaged))
        result = V.verify(path, package.verifier_key)           # a zip header's time or comment may not matter
        if result.ok:
            assert AF.read_members(path) == members


# ================================================================ standard library only, Python 3.9+

def test_the_verifier_imports_nothing_but_the_standard_library():
    tree = ast.parse(VERIFIER.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add((node.module or "").split(".")[0])
    assert names - {"__future__"} <= sys.stdlib_module_names, names - sys.stdlib_module_names
    ast.parse(VERIFIER.read_text(encoding="utf-8"), feature_version=(3, 9))


def _interpreters() -> list[str]:
    """This Python, and every other CPython 3.9+ on the machine."""
    found = {sys.executable}
    candidates = glob.glob(os.path.expanduser("~/.pyenv/versions/3.*/bin/python3")) + glob.glob("/usr/bin/python3.*")
    for name in ("python3.9", "python3.10", "python3.12", "python3.13"):
        if shutil.which(name) and "/shims/" not in shutil.which(name):
            candidates.append(shutil.which(name))
    for exe in candidates:
        m = re.search(r"3\.(\d+)", exe)
        if m and int(m.group(1)) >= 9 and os.access(exe, os.X_OK) and not exe.endswith("-config"):
            found.add(exe)
    return sorted(found)


def test_the_verifier_runs_isolated_from_site_packages_on_every_python_here(package):
    for exe in _interpreters():
        result = subprocess.run([exe, "-I", "-S", str(VERIFIER), str(package.path), "--key", package.verifier_key],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0 and result.stdout.startswith("OK\n"), (exe, result.stdout, result.stderr)
        assert result.stderr == ""
