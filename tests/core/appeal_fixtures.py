"""Appeal packages for the verifier's tests, made from a real database as docs/appeal-package.md
describes them (a reference writer of the format, not the exporter: no HTML or PDF rendering).

:func:`populate` does a few real actions (tickets, notes with quotes, line breaks, Japanese and
an emoji, a suspension) and signs checkpoints between them with
:mod:`warroom.services.checkpoints`; :func:`build_package` signs the package checkpoint and writes
the zip.  :func:`rewrite` changes members of a package and signs the manifest again with the
seller's key, so a tamper test trips only the check it aims at (the strongest forger: one who
holds the key, but not the checkpoints signed and handed out before).

The verifier's tests take an :class:`AppealPackage`; the real export can be plugged in the same
way (its zip, its verifier key and the signing key of the test database).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from warroom.domain import merkle
from warroom.domain.notes import InclusionProof, Signature, SignedNote, VerifierKey, b64
from warroom.services import checkpoints as C
from warroom.services.suspension import declare
from warroom.services.tickets import add_note
from warroom.storage.uow import UnitOfWork

from tests.core import factories as F

ROOT = Path(__file__).resolve().parents[2]
VERIFIER = ROOT / "tools" / "verify_appeal.py"

NOTES = (
    'Buyer says the parcel "never arrived"; checked the carrier.',
    "Called back.\nPromised an update within 24 hours.\tTab too.",
    "購入者に返金の状況を連絡しました。",
    "Käufer hat sich bedankt 🙂 (ticket closed)",
    "Backslash \\ and control \x01 and a lone quote \"",
)


@dataclass(frozen=True)
class AppealPackage:
    path: Path
    verifier_key: str                 # NAME+KEYID+BASE64, as `warroom audit key` prints it
    private_key: Ed25519PrivateKey    # the seller's signing key (for rewrites)
    size: int                         # entries signed by the package checkpoint
    cited: tuple[int, ...]            # entries the report rests on
    withheld: bool = False


def populate(db, users) -> list[int]:
    """A few real actions with checkpoints between them; the seq of each note entry."""
    loaded = F.load(db, messages=[F.message(n, order_id=f"111-000000{n}-0000000") for n in range(1, 4)])
    ticket_ids = sorted(loaded["messages"]["tickets_created"])
    note_seqs = []
    C.sign_checkpoint(db, "manual")
    for i, text in enumerate(NOTES):
        add_note(db, users["alice"], ticket_ids[i % len(ticket_ids)], text)
        note_seqs.append(_head(db))
        if i == 1:
            C.sign_checkpoint(db, "approval")
    declare(db, users["ada"], "Amazon notice: order defect rate")
    C.sign_checkpoint(db, "suspension")
    add_note(db, users["bob"], ticket_ids[0], "After the suspension: answered the buyer.")
    note_seqs.append(_head(db))
    return note_seqs


def _head(db) -> int:
    return len(_entries(db))


def _entries(db) -> list[tuple[int, str, str, bytes]]:
    with UnitOfWork(db, write=False) as uow:
        rows = uow.connection.exec_driver_sql(
            "SELECT seq, prev_hash, hash, canonical FROM audit_entry ORDER BY seq").fetchall()
    return [(r[0], r[1], r[2], bytes(r[3])) for r in rows]


def audit_line(seq: int, prev_hash: str, hash_: str, canonical: bytes) -> bytes:
    """One line of audit.jsonl, as docs/appeal-package.md writes it: the entry's canonical bytes
    as stored (the bytes that are hashed), then a line break."""
    return canonical + b"\n"


def sign_note(text: str, key: VerifierKey, private: Ed25519PrivateKey) -> str:
    return str(SignedNote(text, (Signature(key.name, key.key_id, private.sign(text.encode("utf-8"))),)))


def build_package(db, out: Path, cited: list[int], *, withhold: bool = False) -> AppealPackage:
    """Sign the package checkpoint and write a package whose report rests on ``cited``."""
    export = C.sign_checkpoint(db, "export")
    vkey, private = C.ensure_signing_key(db)
    entries = [e for e in _entries(db) if e[0] <= export.size]
    leaves = [merkle.leaf_hash(e[3]) for e in entries]
    tree = merkle.Tree(leaves)
    stored = sorted((c for c in C.list_checkpoints(db) if c.size <= export.size), key=lambda c: (c.size, c.id))
    members: dict[str, bytes] = {
        "README.txt": b"War Room appeal package. Check it: python verify_appeal.py THIS.zip --key KEY\n",
        "verify_appeal.py": VERIFIER.read_bytes(),
        "checkpoints.txt": "".join(c.note + "\n" for c in stored).encode("utf-8"),
        "report.html": b"<html><body><h1>Appeal evidence</h1></body></html>\n",
        "plan-of-action.md": b"# DRAFT plan of action\n",
        "csv/notes.csv": "\ufeffticket,entry\n".encode("utf-8") + b"".join(f"1,{s}\n".encode() for s in cited),
    }
    if not withhold:
        members["audit.jsonl"] = b"".join(audit_line(*e) for e in entries)
    for seq in sorted(set(cited)):
        proof = InclusionProof(seq - 1, tuple(tree.inclusion_proof(seq - 1, export.size)), export.note)
        members[f"proofs/{seq}.tlog-proof"] = str(proof).encode("utf-8")
    if withhold:
        for c in stored[:-1]:
            if 0 < c.size < export.size:
                hashes = tree.consistency_proof(c.size, export.size)
                members[f"consistency/{c.size}.txt"] = (
                    f"warroom-consistency/1\nold {c.size}\nnew {export.size}\n"
                    + "".join(b64(h) + "\n" for h in hashes)).encode("utf-8")
    report = {
        "format": "warroom-appeal-report/1",
        "sections": {
            "notes": [{"entry": s, "entries": [s]} for s in cited[:-1]],
            "timeline": [{"what": "suspension declared, then a reply", "entries": cited[-2:]}],
        },
        "leaf_hashes": {str(s): leaves[s - 1].hex() for s in sorted(set(cited))},
    }
    members["report.json"] = json.dumps(report, ensure_ascii=False, indent=1).encode("utf-8")
    manifest = {
        "format": "warroom-appeal/1", "database_id": vkey.name.split("/", 1)[1], "origin": vkey.name,
        "created_at": "2026-12-05T10:00:00.000000Z", "from": "2026-11-01", "to": "2026-11-30",
        "pseudonymized": withhold, "audit_jsonl": "withheld" if withhold else "included",
        "tree_size": export.size, "root_hash": export.root_hex,
        "chain_head_hash": entries[-1][2] if entries else "0" * 64,
        "verifier_keys": [str(k) for k in C.verifier_keys(db)],
    }
    write_package(out, members, manifest, vkey, private)
    return AppealPackage(out, str(vkey), private, export.size, tuple(sorted(set(cited))), withhold)


def described(path: Path, verifier_key: str, private: Ed25519PrivateKey) -> AppealPackage:
    """An AppealPackage for a zip, its size and cited entries read from the zip itself (so the
    tests need nothing from whoever wrote it but its keys)."""
    members = read_members(path)
    manifest = json.loads(members["manifest.json"])
    cited: set[int] = set()

    def walk(value) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if k == "entries" and isinstance(v, list):
                    cited.update(v)
                else:
                    walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(json.loads(members["report.json"]))
    return AppealPackage(path, verifier_key, private, manifest["tree_size"], tuple(sorted(cited)),
                         manifest.get("audit_jsonl") == "withheld")


def write_package(out: Path, members: dict[str, bytes], manifest: dict, key: VerifierKey,
                  private: Ed25519PrivateKey) -> None:
    """The zip: the members, manifest.json (their SHA-256) and its signed note."""
    manifest = dict(manifest, files={n: hashlib.sha256(d).hexdigest() for n, d in sorted(members.items())})
    data = json.dumps(manifest, indent=1).encode("utf-8")
    sig = sign_note(f"warroom-appeal-manifest/1\n{hashlib.sha256(data).hexdigest()}\n", key, private)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in sorted(members.items()):
            z.writestr(name, body)
        z.writestr("manifest.json", data)
        z.writestr("manifest.json.sig", sig)


def read_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def rewrite(package: AppealPackage, out: Path, changes: dict[str, bytes | None], *,
            manifest_changes: dict | None = None) -> Path:
    """A copy of the package with ``changes`` (None removes a member), the manifest's hashes
    updated and signed again with the seller's key."""
    members = read_members(package.path)
    manifest = json.loads(members.pop("manifest.json"))
    members.pop("manifest.json.sig")
    for name, body in changes.items():
        if body is None:
            members.pop(name, None)
        else:
            members[name] = body
    manifest.update(manifest_changes or {})
    key = VerifierKey.parse(package.verifier_key)
    write_package(out, members, manifest, key, package.private_key)
    return out


def replace_member_unsigned(package: AppealPackage, out: Path, name: str, body: bytes) -> Path:
    """A copy where one member is changed and nothing else (the manifest still lists the old hash)."""
    members = read_members(package.path)
    members[name] = body
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in members.items():
            z.writestr(n, d)
    out.write_bytes(buf.getvalue())
    return out


# ---------------------------------------------------------------- editing audit.jsonl for tamper tests

def audit_rows(package: AppealPackage) -> list[dict]:
    """The lines of the package's audit.jsonl as dicts: ``canonical`` the line's bytes, ``seq``
    the line number, ``prev_hash`` and ``hash`` the chain computed over the lines."""
    lines = read_members(package.path)["audit.jsonl"].split(b"\n")
    assert lines[-1] == b""
    return rechain([{"seq": i, "canonical": line} for i, line in enumerate(lines[:-1], 1)])


def audit_bytes(rows: list[dict]) -> bytes:
    return b"".join(audit_line(r["seq"], r.get("prev_hash", ""), r.get("hash", ""), r["canonical"]) for r in rows)


def rechain(rows: list[dict], start: int = 1) -> list[dict]:
    """Hashes recomputed from entry ``start`` on (what a forger who rewrites the chain does)."""
    out = [dict(r) for r in rows]
    for i in range(start - 1, len(out)):
        prev = out[i - 1]["hash"] if i else "0" * 64
        out[i]["prev_hash"] = prev
        out[i]["hash"] = hashlib.sha256(bytes.fromhex(prev) + out[i]["canonical"]).hexdigest()
    return out
