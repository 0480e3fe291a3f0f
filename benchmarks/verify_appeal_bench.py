"""Benchmark of the stranger's verifier (tools/verify_appeal.py) on a 1,000,000-entry package.

    python benchmarks/verify_appeal_bench.py [--entries N] [--keep DIR]

Builds a package the way docs/appeal-package.md describes it, quickly: synthetic canonical
entries (an audit.key entry, then ticket notes in English, German and Japanese, like
benchmarks/core_bench.py), their chain, one checkpoint signed with `cryptography`, a few
inclusion proofs and a report citing them.  Then, in the same run, it times:

* baseline (a): SHA-256 of each line's bytes (an entry's canonical bytes), already in memory
  (one hashlib call per entry, the least any check of the entries must do);
* baseline (b): the same after reading the lines out of the zip (inflate, split, hash);
* for scale (c): the hashes the formats themselves ask for, in memory: the chain link, the
  Merkle leaf and the tree's nodes (about three SHA-256 per entry);
* the verifier on the zip and on the unpacked folder, and once with --strict on the zip;
* one Ed25519 verification of the pure-Python code, and one signature by `cryptography`.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import statistics
import sys
import tempfile
import time
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from warroom.domain import merkle  # noqa: E402
from warroom.domain.audit import canonical_bytes  # noqa: E402
from warroom.domain.notes import Checkpoint, InclusionProof, Signature, SignedNote, VerifierKey  # noqa: E402

_NOTES = ("Buyer asked for a refund; escalated to finance.",
          "Käufer bittet um Erstattung; an die Buchhaltung weitergeleitet.",
          "Buyer asked for a refund; escalated to finance.",
          "購入者が返金を希望。経理へ回しました。",
          "Buyer asked for a \"full\" refund;\nescalated to finance.")


def _load_verifier():
    spec = importlib.util.spec_from_file_location("verify_appeal", ROOT / "tools" / "verify_appeal.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["verify_appeal"] = module
    spec.loader.exec_module(module)
    return module


def _note(text: str, key: VerifierKey, private: Ed25519PrivateKey) -> str:
    return str(SignedNote(text, (Signature(key.name, key.key_id, private.sign(text.encode())),)))


def build(out: Path, m: int) -> tuple[list[bytes], str]:
    """Write the package (zip) and return the canonical bytes and the verifier key."""
    private = Ed25519PrivateKey.generate()
    origin = "warroom/00000000-0000-4000-8000-000000000001"
    key = VerifierKey.of(origin, private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    start = datetime(2026, 11, 23, 10, tzinfo=timezone.utc)
    canonicals: list[bytes] = []
    lines: list[bytes] = []
    prev = bytes(32)
    for seq in range(1, m + 1):
        at = (start + timedelta(microseconds=250_137 * seq)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        if seq == 1:
            doc = {"seq": 1, "at": at, "actor": "system", "action": "audit.key", "entity": f"key:{key.key_id.hex()}",
                   "payload": {"origin": origin, "verifier_key": str(key)}}
        else:
            doc = {"seq": seq, "at": at, "actor": "alice", "action": "ticket.note", "entity": f"ticket:{seq % 5000}",
                   "payload": {"note_id": seq, "text": _NOTES[seq % 5]}}
        c = canonical_bytes(doc)
        h = hashlib.sha256(prev + c).digest()
        canonicals.append(c)
        lines.append(c)
        prev = h
    tree = merkle.Tree(b"".join(merkle.leaf_hash(c) for c in canonicals))
    note = _note(Checkpoint(origin, m, tree.root()).text(), key, private)
    cited = sorted({1, 2, m // 3, m // 2, m - 1, m})
    members = {"audit.jsonl": b"\n".join(lines) + b"\n", "checkpoints.txt": (note + "\n").encode(),
               "verify_appeal.py": (ROOT / "tools" / "verify_appeal.py").read_bytes(),
               "README.txt": b"benchmark package\n"}
    for seq in cited:
        members[f"proofs/{seq}.tlog-proof"] = str(InclusionProof(seq - 1, tuple(tree.inclusion_proof(seq - 1)),
                                                                 note)).encode()
    members["report.json"] = json.dumps({"format": "warroom-appeal-report/1",
                                         "sections": {"notes": [{"entries": [s]} for s in cited]}}).encode()
    manifest = {"format": "warroom-appeal/1", "database_id": origin.split("/")[1], "origin": origin,
                "created_at": "2026-12-05T10:00:00.000000Z", "from": "2026-11-01", "to": "2026-11-30",
                "pseudonymized": False, "audit_jsonl": "included", "tree_size": m, "root_hash": tree.root().hex(),
                "chain_head_hash": prev.hex(), "verifier_keys": [str(key)],
                "files": {n: hashlib.sha256(d).hexdigest() for n, d in members.items()}}
    data = json.dumps(manifest, indent=1).encode()
    sig = _note(f"warroom-appeal-manifest/1\n{hashlib.sha256(data).hexdigest()}\n", key, private)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, body in members.items():
            z.writestr(name, body)
        z.writestr("manifest.json", data)
        z.writestr("manifest.json.sig", sig)
    return canonicals, str(key)


def timed(fn, *args):
    t = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - t, result


def cpu(fn, *args):
    """(wall seconds, CPU seconds of this process, result): on a shared machine the CPU time
    says more about the code than the wall time."""
    w, c = time.perf_counter(), time.process_time()
    result = fn(*args)
    return time.perf_counter() - w, time.process_time() - c, result


def hash_each(canonicals: list[bytes]) -> None:
    sha = hashlib.sha256
    for c in canonicals:
        sha(c).digest()


def read_and_hash(path: Path) -> int:
    """Baseline (b): audit.jsonl out of the zip in blocks, split into lines, each line hashed."""
    sha, n, rest = hashlib.sha256, 0, b""
    with zipfile.ZipFile(path) as z, z.open("audit.jsonl") as f:
        while block := f.read(4 * 2**20):
            lines = (rest + block).split(b"\n")
            rest = lines.pop()
            for line in lines:
                sha(line).digest()
            n += len(lines)
    return n


def format_hashes(canonicals: list[bytes]) -> bytes:
    """For scale (c): the chain, the leaves and the tree's nodes, in memory."""
    sha = hashlib.sha256
    h = bytes(32)
    for c in canonicals:
        h = sha(h + c).digest()
    return merkle.Tree(b"".join(sha(b"\x00" + c).digest() for c in canonicals)).root()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="keep the package in this folder")
    args = parser.parse_args()
    V = _load_verifier()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        zpath = folder / "bench-package.zip"
        t_build, (canonicals, key) = timed(build, zpath, args.entries)
        unpacked = folder / "unpacked"
        with zipfile.ZipFile(zpath) as z:
            z.extractall(unpacked)
        size_mb = sum(len(c) for c in canonicals) / 1e6
        print(f"{args.entries:,} entries ({size_mb:.0f} MB of canonical bytes; zip {zpath.stat().st_size / 1e6:.0f} MB), "
              f"built in {t_build:.1f} s")
        rows = []
        for _ in range(3):           # interleaved; the best of each is reported
            t_hash = cpu(hash_each, canonicals)
            t_read = cpu(read_and_hash, zpath)
            t_format = cpu(format_hashes, canonicals)
            t_zip = cpu(V.verify, str(zpath), key)
            t_dir = cpu(V.verify, str(unpacked), key)
            assert t_zip[2].ok and t_dir[2].ok, (t_zip[2].failures, t_dir[2].failures)
            assert t_zip[2].entries == args.entries and t_read[2] == args.entries
            rows.append((t_hash[:2], t_read[:2], t_format[:2], t_zip[:2], t_dir[:2]))
        best = [(min(r[i][0] for r in rows), min(r[i][1] for r in rows)) for i in range(5)]
        (h_w, h_c), (r_w, r_c), (f_w, f_c), (z_w, z_c), (d_w, d_c) = best
        s_w, s_c, strict = cpu(lambda: V.verify(str(zpath), key, strict=True))
        assert strict.ok, strict.failures
        print("                                                            wall      CPU")
        print(f"(a) SHA-256 of each line's bytes, in memory                 {h_w:6.2f} s  {h_c:6.2f} s")
        print(f"(b) the lines read out of the zip, split, SHA-256 of each   {r_w:6.2f} s  {r_c:6.2f} s")
        print(f"(c) chain + leaves + tree nodes, in memory (for scale)      {f_w:6.2f} s  {f_c:6.2f} s")
        for label, w, c in (("verify_appeal.py on the zip", z_w, z_c), ("verify_appeal.py on the folder", d_w, d_c),
                            ("verify_appeal.py --strict on the zip (once)", s_w, s_c)):
            print(f"{label:44s}                {w:6.2f} s  {c:6.2f} s   (CPU {c / h_c:.1f}x (a), {c / r_c:.1f}x (b), "
                  f"{c / f_c:.1f}x (c); {c / args.entries * 1e6:.2f} us an entry)")
    private = Ed25519PrivateKey.generate()
    public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    message = b"warroom/x\n1000000\n" + bytes(44) + b"\n"
    signature = private.sign(message)
    V._base_table()
    times = []
    for _ in range(50):
        t, ok = timed(V.ed25519_verify, public, message, signature)
        assert ok
        times.append(t)
    sign_times = [timed(private.sign, message)[0] for _ in range(50)]
    print(f"Ed25519, pure Python (RFC 8032): one verification {statistics.median(times) * 1e3:.2f} ms median "
          f"(min {min(times) * 1e3:.2f}); one signature by cryptography {statistics.median(sign_times) * 1e3:.3f} ms")


if __name__ == "__main__":
    main()
