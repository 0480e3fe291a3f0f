#!/usr/bin/env python3
"""Check a War Room appeal evidence package, with nothing but Python (3.9 or later).

    python verify_appeal.py PACKAGE.zip [--key VERIFIER_KEY] [--checkpoint FILE] [--strict]

PACKAGE is the zip that ``warroom appeal export`` wrote, or a folder it was unpacked into.  The
result is ``OK`` and a short summary (exit status 0), or one line per problem (exit status 1); a
wrong command line exits with 2.

What is checked (the formats: War Room's docs/appeal-package.md and docs/audit-chain.md):

* manifest.json is signed (manifest.json.sig, a C2SP signed note) and every member of the
  package has the SHA-256 the manifest lists; nothing is missing and nothing was added;
* audit.jsonl (line n: entry n's canonical bytes): the hash chain over the lines, hashed as they
  are, ends in the manifest's chain_head_hash; time never going back more than 10 min (read
  from each line without decoding it); the entries the report cites and the audit.key and
  audit.checkpoint entries decoded: sequence number and canonical form (RFC 8785); with
  --strict every entry decoded and checked so;
* the RFC 6962 Merkle root of the entries equals the root every checkpoint in checkpoints.txt
  signed (each signature checked), so the checkpoints agree with each other and with the log;
* every inclusion proof (proofs/N.tlog-proof) leads from its entry to the package checkpoint's
  root (RFC 9162), and every entry that a row of report.json rests on exists and has one;
* a pseudonymized package that leaves audit.jsonl out is checked through the proofs, the leaf
  hashes in report.json and consistency proofs between the checkpoints.

Without --key the key named inside the package is used: that shows only that the package is
consistent in itself (anyone can make a consistent package).  With --key (the verifier key the
seller gave you beforehand, as ``warroom audit key`` prints it) it shows that this key signed it.
--checkpoint FILE also checks the package against checkpoints you received earlier.

Ed25519 verification is written here from RFC 8032 (section 5.1.7, the cofactorless check).
This file is also a module: see ``verify`` and ``ed25519_verify``.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import bisect
import gc
import hashlib
import json
import json.encoder
import os
import re
import struct
import sys
import zipfile
import zlib
from datetime import datetime, timedelta
from functools import lru_cache
from itertools import accumulate, compress, repeat
from operator import add, getitem, itemgetter, le, lt
from typing import Any, Callable, Dict, Iterator, List, NamedTuple, Optional, Sequence, Set, Tuple, cast

FORMAT = "warroom-appeal/1"
MANIFEST, MANIFEST_SIG = "manifest.json", "manifest.json.sig"
MANIFEST_NOTE_HEADER = "warroom-appeal-manifest/1"
AUDIT, CHECKPOINTS, REPORT = "audit.jsonl", "checkpoints.txt", "report.json"
PROOF_HEADER = "c2sp.org/tlog-proof@v1"
CONSISTENCY_HEADER = "warroom-consistency/1"
MAX_SAFE_INTEGER = 2**53 - 1
CLOCK_STEP_TOLERANCE = timedelta(minutes=10)
SIG_PREFIX = "\u2014 "
MAX_LINES_PER_MEMBER = 50          # failure lines shown per member before "... and N more"
_READ_LIMIT = 256 * 2**20          # members read whole (all but audit.jsonl)
_BLOCK = 4 * 2**20                 # audit.jsonl is read in blocks of this size
#: what reading a damaged member can raise (ValueError covers FormatError and UnicodeDecodeError;
#: RuntimeError an encrypted member, NotImplementedError a compression method zipfile lacks)
_READ_ERRORS = (OSError, EOFError, ValueError, RuntimeError, zipfile.BadZipFile, zlib.error)
_max: Callable[[str, str], str] = max
_lt: Callable[[str, str], bool] = lt
_cut = cast(Callable[[bytes, Any], bytes], getitem)


# ================================================================ Ed25519 (RFC 8032)
#
# Points in extended coordinates (X, Y, Z, T): x = X/Z, y = Y/Z, x*y = T/Z (section 5.1.4).  A
# point to be added is kept "cached" as (Y+X, Y-X, 2Z, 2dT).  [S]B - [k]A is computed with
# one shared run of doublings and width-5 NAF digits of both scalars (Straus).

_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
_D = -121665 * pow(121666, _P - 2, _P) % _P
_D2 = 2 * _D % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)
_W = 5


def _recover_point(s: bytes) -> Optional[Tuple[int, int]]:
    """Decode a 32-byte point (section 5.1.3); None when it is not a canonical encoding of a
    point on the curve (y >= p, no square root, or x = 0 with the sign bit set)."""
    if len(s) != 32:
        return None
    y = int.from_bytes(s, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    if y >= _P:
        return None
    P = _P
    yy = y * y % P
    u = (yy - 1) % P
    v = (_D * yy + 1) % P
    v3 = v * v % P * v % P
    x = u * v3 % P * pow(u * v3 % P * v3 % P * v % P, (P - 5) // 8, P) % P
    vxx = v * x % P * x % P
    if vxx != u:
        if vxx != (P - u) % P:
            return None
        x = x * _SQRT_M1 % P
    if x == 0 and sign:
        return None
    if x & 1 != sign:
        x = P - x
    return x, y


def _double(p: Tuple[int, int, int, int]) -> Tuple[int, int, int, int]:
    X1, Y1, Z1, _ = p
    P = _P
    a, b = X1 * X1 % P, Y1 * Y1 % P
    c, h = 2 * Z1 * Z1 % P, a + b
    xy = X1 + Y1
    e, g = h - xy * xy % P, a - b
    f = c + g
    return e * f % P, g * h % P, f * g % P, e * h % P


def _add(p: Tuple[int, int, int, int], q: Tuple[int, int, int, int]) -> Tuple[int, int, int, int]:
    """p + q, q cached."""
    X1, Y1, Z1, T1 = p
    YpX, YmX, Z2, T2d = q
    P = _P
    a, b = (Y1 - X1) * YmX % P, (Y1 + X1) * YpX % P
    c, d = T1 * T2d % P, Z1 * Z2 % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return e * f % P, g * h % P, f * g % P, e * h % P


def _cached(p: Tuple[int, int, int, int]) -> Tuple[int, int, int, int]:
    X, Y, Z, T = p
    return (Y + X) % _P, (Y - X) % _P, 2 * Z % _P, T * _D2 % _P


def _odd_multiples(x: int, y: int) -> List[Any]:
    """1P, 3P, ..., 15P and their negatives, cached, at the index of their NAF digit (a
    negative digit d at index 32 + d, as Python's negative indexes do)."""
    p1 = (x, y, 1, x * y % _P)
    twice = _cached(_double(p1))
    table: List[Any] = [None] * (1 << _W)
    point = p1
    for digit in range(1, 1 << (_W - 1), 2):
        c = _cached(point)
        table[digit] = c
        table[-digit] = (c[1], c[0], c[2], (_P - c[3]) % _P)       # -(x, y) = (-x, y)
        point = _add(point, twice)
    return table


def _naf(k: int) -> List[int]:
    """Width-5 NAF digits of k, least significant first: odd digits in [-15, 15] or 0."""
    digits = []
    full, half = 1 << _W, 1 << (_W - 1)
    while k:
        if k & 1:
            d = k & (full - 1)
            if d >= half:
                d -= full
            k -= d
        else:
            d = 0
        digits.append(d)
        k >>= 1
    return digits


_BASE_TABLE: List[Any] = []


def _base_table() -> List[Any]:
    if not _BASE_TABLE:
        base = _recover_point((4 * pow(5, _P - 2, _P) % _P).to_bytes(32, "little"))   # y = 4/5, x even
        assert base is not None
        _BASE_TABLE.extend(_odd_multiples(*base))
    return _BASE_TABLE


def _two_mult(a: int, ta: List[Any], b: int, tb: List[Any]) -> Tuple[int, int, int]:
    """[a]P + [b]Q (ta, tb: the tables of P and Q) as (X, Y, Z)."""
    na, nb = _naf(a), _naf(b)
    n = max(len(na), len(nb))
    na += [0] * (n - len(na))
    nb += [0] * (n - len(nb))
    P = _P
    X, Y, Z, T = 0, 1, 1, 0
    for i in range(n - 1, -1, -1):
        A, B = X * X % P, Y * Y % P                       # doubling (section 5.1.4)
        C, H = 2 * Z * Z % P, A + B
        E = X + Y
        E, G = H - E * E % P, A - B
        F = C + G
        X, Y, Z = E * F % P, G * H % P, F * G % P
        da, db = na[i], nb[i]
        if da or db:
            T = E * H % P
            for d, t in ((da, ta), (db, tb)):
                if d:                                     # addition of a cached point
                    YpX, YmX, Z2, T2d = t[d]
                    A, B = (Y - X) * YmX % P, (Y + X) * YpX % P
                    C, D = T * T2d % P, Z * Z2 % P
                    E, F, G, H = B - A, D - C, D + C, B + A
                    X, Y, Z, T = E * F % P, G * H % P, F * G % P, E * H % P
    return X, Y, Z


def ed25519_verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """RFC 8032 section 5.1.7: decode A and R (refusing non-canonical encodings), refuse S >= L,
    k = SHA-512(R || A || M) mod L, and check [S]B = R + [k]A (cofactorless)."""
    if len(public_key) != 32 or len(signature) != 64:
        return False
    a = _recover_point(public_key)
    r = _recover_point(signature[:32])
    if a is None or r is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= _L:
        return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + public_key + message).digest(), "little") % _L
    X, Y, Z = _two_mult(s, _base_table(), k, _odd_multiples((_P - a[0]) % _P, a[1]))   # [S]B - [k]A
    return (X - r[0] * Z) % _P == 0 and (Y - r[1] * Z) % _P == 0


@lru_cache(maxsize=256)
def _verified(public_key: bytes, message: bytes, signature: bytes) -> bool:
    return ed25519_verify(public_key, message, signature)


# ================================================================ signed notes, keys, checkpoints

class FormatError(ValueError):
    """Text that does not follow its format (the message says how)."""


def _unb64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError, binascii.Error):
        raise FormatError(f"{what} is not base64: {text[:40]!r}") from None


def key_id(name: str, public_key: bytes) -> bytes:
    """C2SP signed-note key id: the first 4 bytes of SHA-256(name || 0x0A || 0x01 || key)."""
    return hashlib.sha256(name.encode("utf-8") + b"\n\x01" + public_key).digest()[:4]


_KEY_NAME = re.compile(r"[^\s+]+")


class VerifierKey(NamedTuple):
    name: str
    key_id: bytes
    public_key: bytes

    def __str__(self) -> str:
        encoded = base64.b64encode(bytes([1]) + self.public_key).decode("ascii")
        return f"{self.name}+{self.key_id.hex()}+{encoded}"

    def short(self) -> str:
        return f"{self.name}+{self.key_id.hex()}"


def parse_verifier_key(text: str) -> VerifierKey:
    """``NAME+KEYID+BASE64(0x01 || public key)``, as ``warroom audit key`` prints it."""
    parts = text.strip().split("+", 2)            # the name holds no "+"; the base64 key may
    if len(parts) != 3:
        raise FormatError("a verifier key reads NAME+KEYID+BASE64KEY")
    name, hex_id, encoded = parts
    if not _KEY_NAME.fullmatch(name):
        raise FormatError(f"the key name {name!r} is empty or holds a space")
    raw = _unb64(encoded, "the verifier key")
    if len(raw) != 33 or raw[0] != 1:
        raise FormatError("the verifier key is not an Ed25519 key (type 0x01 and 32 bytes)")
    if key_id(name, raw[1:]).hex() != hex_id.lower():
        raise FormatError(f"the key id {hex_id} does not match the key's name and bytes")
    return VerifierKey(name, key_id(name, raw[1:]), raw[1:])


class Note(NamedTuple):
    text: str                                      # the signed text, each line ending in "\n"
    signatures: Tuple[Tuple[str, bytes, bytes], ...]   # (key name, key id, signature)


def parse_note(note: str) -> Note:
    """A C2SP signed note: the text, a blank line, then lines ``— NAME BASE64(keyid || sig)``."""
    if not note.endswith("\n"):
        raise FormatError("a signed note ends with a newline")
    cut = note.rfind("\n\n")
    if cut < 0:
        raise FormatError("a signed note has a blank line between its text and its signatures")
    text, block = note[:cut + 1], note[cut + 2:]
    if not text.strip("\n") or "\n\n" in text:
        raise FormatError("the note's text is empty or holds a blank line")
    if any(ch < " " and ch != "\n" for ch in text):
        raise FormatError("the note's text holds a control character")
    signatures = []
    for line in block.split("\n")[:-1]:
        if not line.startswith(SIG_PREFIX):
            raise FormatError(f"a signature line starts with '\u2014 ': {line[:40]!r}")
        name, _, encoded = line[len(SIG_PREFIX):].rpartition(" ")
        if not _KEY_NAME.fullmatch(name):
            raise FormatError(f"a signature names no key: {line[:40]!r}")
        raw = _unb64(encoded, "a signature")
        if len(raw) < 5:
            raise FormatError("a signature is shorter than its key id")
        signatures.append((name, raw[:4], raw[4:]))
    if not signatures:
        raise FormatError("a signed note has at least one signature")
    return Note(text, tuple(signatures))


def note_signer(note: Note, keys: Sequence[VerifierKey]) -> Tuple[Optional[VerifierKey], Optional[str]]:
    """The first of ``keys`` whose signature on the note verifies, or None and why not."""
    named = False
    for key in keys:
        for name, kid, sig in note.signatures:
            if name == key.name and kid == key.key_id:
                named = True
                if _verified(key.public_key, note.text.encode("utf-8"), sig):
                    return key, None
    if named:
        return None, "its signature does not verify (forged, or the text was changed after signing)"
    others = ", ".join(f"{name}+{kid.hex()}" for name, kid, _ in note.signatures)
    wanted = ", ".join(k.short() for k in keys) or "no key"
    return None, f"it is not signed by {wanted} (signed by {others})"


class Checkpoint(NamedTuple):
    origin: str
    size: int
    root: bytes


def parse_checkpoint(text: str) -> Checkpoint:
    """C2SP tlog-checkpoint text: origin, tree size in decimal, base64 root, extension lines."""
    lines = text.split("\n")
    if len(lines) < 4 or lines[-1] != "":
        raise FormatError("a checkpoint's text is the origin, the tree size and the root hash, one per line")
    origin, size, root = lines[0], lines[1], lines[2]
    if not origin:
        raise FormatError("a checkpoint's first line (its origin) is empty")
    if not re.fullmatch(r"0|[1-9][0-9]{0,18}", size):
        raise FormatError(f"a checkpoint's second line is the tree size in decimal: {size[:30]!r}")
    raw = _unb64(root, "the checkpoint's root hash")
    if len(raw) != 32:
        raise FormatError("the checkpoint's root hash is not 32 bytes")
    return Checkpoint(origin, int(size), raw)


def split_notes(text: str) -> List[str]:
    """The signed notes of a file where each is followed by a blank line (checkpoints.txt, or a
    checkpoint someone wrote down or e-mailed)."""
    notes, block = [], []
    for para in text.replace("\r\n", "\n").split("\n\n"):
        para = para.strip("\n")
        if not para:
            continue
        block.append(para)
        if para.startswith(SIG_PREFIX):
            notes.append("\n\n".join(block) + "\n")
            block = []
    if block:
        notes.append("\n\n".join(block) + "\n")
    return notes


class InclusionProof(NamedTuple):
    leaf_index: int
    hashes: Tuple[bytes, ...]
    checkpoint: str                         # the signed checkpoint note, verbatim


def _hash_lines(lines: Sequence[str], what: str) -> Tuple[bytes, ...]:
    hashes = tuple(_unb64(x, what) for x in lines)
    if any(len(h) != 32 for h in hashes):
        raise FormatError(f"{what} is not 32 bytes")
    return hashes


def parse_tlog_proof(text: str) -> InclusionProof:
    """C2SP tlog-proof: ``c2sp.org/tlog-proof@v1``, optional ``extra``, ``index N``, the path
    hashes in base64 one per line, a blank line, the signed checkpoint."""
    head, sep, checkpoint = text.partition("\n\n")
    if not sep:
        raise FormatError("a proof has a blank line before its checkpoint")
    lines = head.split("\n")
    if lines[0] != PROOF_HEADER:
        raise FormatError(f"a proof starts with the line {PROOF_HEADER}")
    rest = lines[1:]
    if rest and rest[0].startswith("extra "):
        rest = rest[1:]
    if not rest or not re.fullmatch(r"index (0|[1-9][0-9]{0,18})", rest[0]):
        raise FormatError("a proof names its leaf: 'index N'")
    return InclusionProof(int(rest[0][6:]), _hash_lines(rest[1:], "a proof hash"), checkpoint)


def parse_consistency_proof(text: str) -> Tuple[int, int, Tuple[bytes, ...]]:
    """``warroom-consistency/1``, ``old N``, ``new M``, then the RFC 6962 PROOF hashes in base64."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) < 3 or lines[0] != CONSISTENCY_HEADER:
        raise FormatError(f"a consistency proof starts with {CONSISTENCY_HEADER}, 'old N', 'new M'")
    m_old = re.fullmatch(r"old (0|[1-9][0-9]{0,18})", lines[1])
    m_new = re.fullmatch(r"new (0|[1-9][0-9]{0,18})", lines[2])
    if not m_old or not m_new:
        raise FormatError("a consistency proof names the two sizes: 'old N' and 'new M'")
    return int(m_old.group(1)), int(m_new.group(1)), _hash_lines(lines[3:], "a consistency proof hash")


# ================================================================ RFC 6962 Merkle trees

_sha256 = hashlib.sha256
_digest = type(_sha256()).digest
EMPTY_ROOT = _sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return _sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return _sha256(b"\x01" + left + right).digest()


def _leaf_hashes(datas: Sequence[bytes]) -> bytes:
    """The leaf hashes of many entries, concatenated (one pass at C speed, no Python loop)."""
    return b"".join(map(_digest, map(_sha256, map(b"\x00".__add__, datas))))


def _next_level(level: bytes) -> bytes:
    count = len(level) // 32
    pairs = struct.iter_unpack("64s", level[:count // 2 * 64])
    out = b"".join(map(_digest, map(_sha256, map(b"\x01".__add__, map(itemgetter(0), pairs)))))
    return out + level[-32:] if count % 2 else out


class MerkleTree:
    """Every level of the RFC 6962 tree over concatenated 32-byte leaf hashes (an unpaired last
    node is carried up unchanged, which gives RFC 6962's tree for every prefix)."""

    def __init__(self, leaves: bytes) -> None:
        self.size = len(leaves) // 32
        self.levels = [bytes(leaves)]
        while len(self.levels[-1]) > 32:
            self.levels.append(_next_level(self.levels[-1]))

    def leaf(self, index: int) -> bytes:
        return self.levels[0][index * 32:index * 32 + 32]

    def hash(self, start: int, end: int) -> bytes:
        """MTH(D[start:end]) for a node of some tree over this log."""
        n = end - start
        if n <= 0:
            return EMPTY_ROOT
        if n & (n - 1) == 0:
            level = n.bit_length() - 1
            i = start >> level
            return self.levels[level][i * 32:i * 32 + 32]
        k = 1 << ((n - 1).bit_length() - 1)
        return node_hash(self.hash(start, start + k), self.hash(start + k, end))

    def root_at(self, size: int) -> bytes:
        return self.hash(0, size)


def root_from_inclusion_proof(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> Optional[bytes]:
    """RFC 9162 section 2.1.3.2: the root the path leads to, or None when it has the wrong shape."""
    if not 0 <= index < size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def verify_consistency(old_size: int, new_size: int, old_root: bytes, new_root: bytes,
                       proof: Sequence[bytes]) -> bool:
    """RFC 9162 section 2.1.4.2."""
    if old_size < 0 or new_size < old_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    if not path:
        return False
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root


# ================================================================ canonical bytes (RFC 8785)
#
# The exact rule (canonical_problem) parses an entry with the standard library and names the
# first rule its bytes break.  The fast path (_fast_entries) decides many entries at once with
# the C parts of the json module: decode each, encode it again with sorted keys, compare; the
# few entries where Python's encoder and RFC 8785 could differ (a character beyond U+FFFF,
# which sorts differently by UTF-16 code units; a number of 16 digits or more, maybe beyond
# 2^53 - 1) and every entry it does not accept go through the exact rule.

ENTRY_MEMBERS = ("action", "actor", "at", "entity", "payload", "seq")
AT_LAYOUT = "YYYY-MM-DDTHH:MM:SS.ffffffZ"
_AT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z")


class _FloatLiteral:
    def __init__(self, text: str) -> None:
        self.text = text


class _Duplicate(Exception):
    def __init__(self, name: str) -> None:
        self.name = name


def _pairs(pairs: List[Tuple[str, Any]]) -> Dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: Set[str] = set()
        for name, _ in pairs:
            if name in seen:
                raise _Duplicate(name)
            seen.add(name)
    return out


_EXACT = json.JSONDecoder(parse_float=_FloatLiteral, parse_constant=_FloatLiteral, object_pairs_hook=_pairs)
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _show(value: Any, n: int = 40) -> str:
    text = json.dumps(value if isinstance(value, str) else repr(value), ensure_ascii=True)
    return text if len(text) <= n else text[:n - 2] + '\u2026"'


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-be", "surrogatepass")


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value, key=_utf16)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


def canonical_bytes(value: Any) -> bytes:
    """RFC 8785 serialization of a float-free JSON value, as UTF-8."""
    return json.dumps(_sorted(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def at_problem(at: str) -> Optional[str]:
    if not _AT.fullmatch(at):
        return f"`at` {_show(at)} is not in the layout {AT_LAYOUT}"
    try:
        datetime.fromisoformat(at[:-1])
    except ValueError as exc:
        return f"`at` {_show(at)} is not a valid time ({exc})"
    return None


def _value_problem(value: Any, path: str) -> Optional[str]:
    if isinstance(value, _FloatLiteral):
        return f"{path} is a number with a fraction or exponent ({value.text}); floats are not allowed"
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return f"{path} is the integer {value}, outside \u00b1(2^53 \u2212 1)" if abs(value) > MAX_SAFE_INTEGER else None
    if isinstance(value, str):
        return f"{path} holds a lone surrogate" if _SURROGATE.search(value) else None
    if isinstance(value, list):
        for i, item in enumerate(value):
            problem = _value_problem(item, f"{path}[{i}]")
            if problem:
                return problem
        return None
    for name, item in value.items():
        if _SURROGATE.search(name):
            return f"a member name in {path} holds a lone surrogate"
        problem = _value_problem(item, f"{path}.{name}")
        if problem:
            return problem
    return None


def _order_problem(value: Any, path: str) -> Optional[str]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            problem = _order_problem(item, f"{path}[{i}]")
            if problem:
                return problem
    elif isinstance(value, dict):
        names = list(value)
        for a, b in zip(names, names[1:]):
            if _utf16(a) > _utf16(b):
                return f"members of {path} are not sorted by UTF-16 code units ({_show(a)} comes before {_show(b)})"
        for name, item in value.items():
            problem = _order_problem(item, f"{path}.{name}")
            if problem:
                return problem
    return None


def _serialization_problem(data: bytes, expected: bytes) -> str:
    i = next((k for k, (a, b) in enumerate(zip(data, expected)) if a != b), min(len(data), len(expected)))
    got = data[i:i + 1]
    if got in (b" ", b"\t", b"\n", b"\r"):
        return f"whitespace between tokens at byte {i} (RFC 8785 writes none)"
    if got == b"\\":
        return f"an escape at byte {i} that RFC 8785 writes otherwise"
    if got[:1].isdigit() or got == b"-" or expected[i:i + 1].isdigit():
        return f"a number at byte {i} is not in its shortest form"
    if i >= len(data):
        return f"the bytes end early, at byte {i}"
    return f"the bytes differ from their RFC 8785 serialization at byte {i}"


def canonical_problem(seq: int, data: bytes) -> Optional[str]:
    """The first rule of docs/audit-chain.md ("Canonical bytes") that the bytes of entry ``seq``
    break, or None when they are exactly the canonical bytes of a well-formed entry ``seq``."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not valid UTF-8 (byte {exc.start})"
    try:
        doc = _EXACT.decode(text)
    except _Duplicate as dup:
        return f"the member name {_show(dup.name)} appears twice in one object"
    except (ValueError, RecursionError) as exc:
        return f"not JSON ({getattr(exc, 'msg', exc)})"
    if not isinstance(doc, dict):
        return "not a JSON object"
    extra = sorted(set(doc) - set(ENTRY_MEMBERS))
    missing = [m for m in ENTRY_MEMBERS if m not in doc]
    if extra:
        return f"members other than the six: {', '.join(_show(e) for e in extra)}"
    if missing:
        return f"the member {_show(missing[0])} is missing"
    for name in ("action", "actor", "at", "entity"):
        if not isinstance(doc[name], str):
            return f"`{name}` is not a string"
    if isinstance(doc["seq"], bool) or not isinstance(doc["seq"], int):
        return "`seq` is not an integer"
    if doc["seq"] != seq:
        return f"`seq` is {doc['seq']}, not {seq} (the bytes belong to another entry)"
    problem = at_problem(doc["at"]) or _value_problem(doc, "the entry") or _order_problem(doc, "the entry")
    if problem:
        return problem.replace("the entry.", "")
    expected = canonical_bytes(doc)
    return None if expected == data else _serialization_problem(data, expected)


def _refuse(_text: str) -> Any:
    raise ValueError("not allowed here")


# scan_once(text, 0) -> (value, end): the decoder's own scanner (C when available), called directly
_SCAN_ENTRY = getattr(json.JSONDecoder(parse_float=_refuse, parse_constant=_refuse), "scan_once")


def _no_default(value: Any) -> Any:
    raise TypeError(f"{type(value).__name__} is not JSON")


def _make_sorted_encoder() -> Any:
    """Python's C encoder with sorted keys, no whitespace, non-ASCII as itself: RFC 8785 for
    float-free values with member names within U+FFFF.  Called as f(value, 0), it gives the
    text in pieces.  A pure-Python one when the C module is absent."""
    reference = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False)
    try:
        make = getattr(json.encoder, "c_make_encoder", None)
        if make is None:
            raise TypeError
        encoder = make(None, _no_default, json.encoder.encode_basestring, None, ":", ",", True, False, False)
        sample = {"b": [1, "\u00e9\x01\n\"\\"], "a": None, "c": {"y": True, "x": -2}}
        if "".join(encoder(sample, 0)) == reference.encode(sample):
            return encoder
    except (AttributeError, TypeError, ValueError):
        pass
    return lambda value, _level: (reference.encode(value),)


_ENCODE_SORTED = _make_sorted_encoder()
_AT_SHAPE = b"0000-00-00T00:00:00.000000Z"
_AT_KEY = b'","at":"'                    # in canonical order "at" follows "actor": its first occurrence
_READ_ACTIONS = (b'{"action":"audit.key","', b'{"action":"audit.checkpoint","')
_DIGITS = bytes.maketrans(b"123456789", b"000000000")
# digits -> "0"; what can stand before an integer's digits (":" "[" "," and a minus) -> ":"
_NUMBERS = bytes(0x30 if 0x30 <= b <= 0x39 else 0x3A if b in b":[,-" else 0x20 for b in range(256))
_LONG_NUMBER = b":" + b"0" * 16          # 16 digits or more: maybe beyond 2^53 - 1
_ASTRAL_LEADS = tuple(bytes([b]) for b in range(0xF0, 0xF5))      # UTF-8 of a character beyond U+FFFF


class _Entries(NamedTuple):
    ats: List[str]
    suspects: Set[int]          # indexes the exact rule must decide
    keys: List[str]             # verifier keys that audit.key entries register


def _fast_entries(first_seq: int, texts: List[str], datas: List[bytes]) -> Optional[_Entries]:
    """Decide many entries (their text and UTF-8 bytes) at C speed, or None (then every one goes
    through the exact rule)."""
    try:
        parsed = list(map(_SCAN_ENTRY, texts, repeat(0)))
    except (ValueError, StopIteration, RecursionError):
        return None
    if list(map(itemgetter(1), parsed)) != list(map(len, texts)):
        return None
    docs = list(map(itemgetter(0), parsed))
    if set(map(type, docs)) != {dict} or set(map(len, docs)) != {6}:
        return None
    try:
        actions, actors, ats, entities, payloads, seqs = (list(map(itemgetter(m), docs)) for m in ENTRY_MEMBERS)
    except KeyError:
        return None
    if not (set(map(type, actions)) == set(map(type, actors)) == set(map(type, ats))
            == set(map(type, entities)) == {str}):
        return None
    n = len(texts)
    if set(map(type, seqs)) != {int} or seqs != list(range(first_seq, first_seq + n)):
        return None
    if set(map(len, ats)) != {len(_AT_SHAPE)} or "".join(ats).encode("utf-8").translate(_DIGITS) != _AT_SHAPE * n:
        return None
    try:
        for day in set(map(itemgetter(slice(0, 10)), ats)):            # 2026-02-30 has the shape
            datetime.fromisoformat(day)
    except ValueError:
        return None
    if (max(map(itemgetter(slice(11, 13)), ats)) > "23" or max(map(itemgetter(slice(14, 16)), ats)) > "59"
            or max(map(itemgetter(slice(17, 19)), ats)) > "59"):
        return None
    outs = list(map("".join, map(_ENCODE_SORTED, docs, repeat(0))))
    suspects: Set[int] = set()
    if outs != texts:
        suspects.update(i for i, (a, b) in enumerate(zip(outs, texts)) if a != b)
    blob = b"\n".join(datas)
    hits = []
    numbers = blob.translate(_NUMBERS)
    i = numbers.find(_LONG_NUMBER)
    while i >= 0:
        hits.append(i)
        i = numbers.find(_LONG_NUMBER, i + len(_LONG_NUMBER))
    if any(lead in blob for lead in _ASTRAL_LEADS):
        hits += [m.start() for m in re.finditer(rb"[\xf0-\xf4]", blob)]
    if hits:
        starts = list(accumulate([0] + [len(d) + 1 for d in datas[:-1]]))
        suspects.update(bisect.bisect_right(starts, h) - 1 for h in hits)
    keys = [p["verifier_key"] for p in compress(payloads, map("audit.key".__eq__, actions))
            if isinstance(p, dict) and isinstance(p.get("verifier_key"), str)]
    return _Entries(ats, suspects, keys)


def describe_step(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} day{'s' if days != 1 else ''}" + (f" {hours} h" if hours else "")
    if hours:
        return f"{hours} h" + (f" {minutes} min" if minutes else "")
    return f"{minutes} min" + (f" {secs} s" if secs else "")


# ================================================================ the package: a zip or a folder

class _Package:
    def __init__(self, path: str) -> None:
        self.path = path
        self.zip: Optional[zipfile.ZipFile] = None
        self.duplicates: List[str] = []
        if os.path.isdir(path):
            names = []
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                rel = os.path.relpath(folder, path)
                for f in sorted(files):
                    if f != ".DS_Store":
                        names.append(f if rel == "." else "/".join(rel.split(os.sep) + [f]))
            self.names = names
        else:
            self.zip = zipfile.ZipFile(path)
            seen: Set[str] = set()
            self.names = []
            for info in self.zip.infolist():
                if info.is_dir():
                    continue
                if info.filename in seen:
                    self.duplicates.append(info.filename)
                else:
                    seen.add(info.filename)
                    self.names.append(info.filename)

    def open(self, name: str) -> Any:
        if self.zip is not None:
            return self.zip.open(name)
        return open(os.path.join(self.path, *name.split("/")), "rb")

    def read(self, name: str) -> bytes:
        with self.open(name) as f:
            data = f.read(_READ_LIMIT + 1)
        if len(data) > _READ_LIMIT:
            raise FormatError(f"larger than {_READ_LIMIT // 2**20} MB")
        return data

    def sha256(self, name: str) -> str:
        h = _sha256()
        with self.open(name) as f:
            for block in iter(lambda: f.read(2**20), b""):
                h.update(block)
        return h.hexdigest()

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


def _json_value(data: bytes) -> Any:
    """Strict JSON (no member name twice, no NaN), or FormatError saying why not."""
    try:
        return json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_refuse).decode(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise FormatError(f"not UTF-8 (byte {exc.start})") from None
    except _Duplicate as dup:
        raise FormatError(f"the member {_show(dup.name)} appears twice in one object") from None
    except (ValueError, RecursionError) as exc:
        raise FormatError(f"not JSON ({getattr(exc, 'msg', exc)})") from None


# ================================================================ the checks

class Result(NamedTuple):
    ok: bool
    failures: Tuple[str, ...]
    summary: Tuple[str, ...]
    entries: int = 0                     # entries checked in audit.jsonl (0 when withheld)
    checkpoints: int = 0
    proofs: int = 0
    signer: Optional[str] = None         # the verifier key that signed the package
    key_given: bool = False              # signer is the key given with --key


class _Stop(Exception):
    """A problem after which the later checks have nothing to stand on."""


class _Checker:
    def __init__(self, path: str, key: Optional[VerifierKey], outside: Sequence[Tuple[str, str]]) -> None:
        self.path, self.given, self.outside = path, key, outside
        self.failures: List[str] = []
        self.counts: Dict[str, int] = {}
        self.summary: List[str] = []
        self.signer: Optional[VerifierKey] = None
        self.keys: List[VerifierKey] = []
        self.tree: Optional[MerkleTree] = None
        self.entries = 0
        self.package_cp: Optional[Checkpoint] = None
        self.checkpoints: List[Tuple[int, Checkpoint]] = []
        self.proven: Dict[int, bytes] = {}          # seq -> leaf hash, for proofs that verified
        self.proof_names: Set[str] = set()
        self.other_signers: Dict[str, List[int]] = {}     # key -> checkpoints it signed (not the package's signer)
        self.strict = False
        self.decoded = 0
        self.cited_seqs: List[int] = []

    def fail(self, member: str, message: str) -> None:
        n = self.counts.get(member, 0) + 1
        self.counts[member] = n
        if n <= MAX_LINES_PER_MEMBER:
            self.failures.append(f"{member}: {message}")

    # ------------------------------------------------------------ manifest and members

    def run(self) -> None:
        try:
            self.pkg = _Package(self.path)
        except _READ_ERRORS as exc:
            self.failures.append(f"{self.path}: not a readable zip file or folder ({exc})")
            return
        try:
            self._guard(MANIFEST, self._manifest, fatal=True)
            self._guard(CHECKPOINTS, self._checkpoints, fatal=True)
            if self.withheld:
                if AUDIT in self.pkg.names:
                    self.fail(AUDIT, "present, but manifest.json says it is withheld")
                self._guard("consistency", self._consistency)
            else:
                self._guard(AUDIT, self._audit)
            self._guard("proofs", self._proofs)
            self._guard(REPORT, self._report)
            for name, text in self.outside:
                self._guard(name, lambda: self._outside(name, text))
            self._guard(MANIFEST, self._members)
        except _Stop:
            pass
        finally:
            self.pkg.close()
        for member, n in self.counts.items():
            if n > MAX_LINES_PER_MEMBER:
                self.failures.append(f"{member}: \u2026 and {n - MAX_LINES_PER_MEMBER} more problems")

    def _guard(self, member: str, check: Any, fatal: bool = False) -> None:
        """Run one check; whatever it raises becomes a failure line naming the member."""
        try:
            check()
            return
        except _Stop:
            raise
        except _READ_ERRORS as exc:
            self.fail(member, f"could not be read: {exc}")
        except Exception as exc:    # never a traceback: name the member and what happened
            self.fail(member, f"could not be checked ({type(exc).__name__}: {exc})")
        if fatal:
            raise _Stop

    def _read(self, name: str) -> bytes:
        if name not in self.pkg.names:
            self.fail(name, "missing from the package")
            raise _Stop
        try:
            return self.pkg.read(name)
        except _READ_ERRORS as exc:
            self.fail(name, f"could not be read ({exc})")
            raise _Stop from None

    def _manifest(self) -> None:
        for name in self.pkg.duplicates:
            self.fail(name, "the zip holds two members of this name (which one is meant?)")
        data = self._read(MANIFEST)
        try:
            m = _json_value(data)
            if not isinstance(m, dict):
                raise FormatError("not a JSON object")
            if m.get("format") != FORMAT:
                raise FormatError(f"format is {m.get('format')!r}, not {FORMAT!r}")
            for field, kind in (("origin", str), ("tree_size", int), ("root_hash", str), ("files", dict),
                                ("verifier_keys", list)):
                if not isinstance(m.get(field), kind) or isinstance(m.get(field), bool):
                    raise FormatError(f"{field!r} is missing or not a {kind.__name__}")
            self.keys = [parse_verifier_key(k) if isinstance(k, str) else parse_verifier_key("")
                         for k in m["verifier_keys"]]
        except FormatError as exc:
            self.fail(MANIFEST, str(exc))
            raise _Stop from None
        self.manifest = m
        self.origin = m["origin"]
        self.withheld = m.get("audit_jsonl", "included") == "withheld"
        if m.get("audit_jsonl", "included") not in ("included", "withheld"):
            self.fail(MANIFEST, f"audit_jsonl is {m['audit_jsonl']!r}, not \"included\" or \"withheld\"")
        if "database_id" in m and self.origin != f"warroom/{m['database_id']}":
            self.fail(MANIFEST, f"origin {self.origin!r} does not name database_id {m['database_id']!r}")
        for key in self.keys:
            if key.name != self.origin:
                self.fail(MANIFEST, f"the verifier key {key.short()} is not named after the origin {self.origin}")
        trusted = [self.given] if self.given else self.keys
        if not trusted:
            self.fail(MANIFEST, "verifier_keys names no key, and none was given with --key")
            raise _Stop
        sig = self._read(MANIFEST_SIG)
        try:
            note = parse_note(sig.decode("utf-8"))
        except (FormatError, UnicodeDecodeError) as exc:
            self.fail(MANIFEST_SIG, f"not a signed note ({exc})")
            raise _Stop from None
        self.signer, why = note_signer(note, trusted)
        if self.signer is None:
            whose = "the key given with --key" if self.given else "a key named in manifest.json"
            self.fail(MANIFEST_SIG, f"not signed by {whose}: {why}")
            raise _Stop
        expected = f"{MANIFEST_NOTE_HEADER}\n{hashlib.sha256(data).hexdigest()}\n"
        if note.text != expected:
            self.fail(MANIFEST_SIG, "the signed note does not name the SHA-256 of this manifest.json "
                                    "(the manifest was changed after it was signed)")
            raise _Stop

    def _members(self) -> None:
        listed = self.manifest["files"]
        own = {MANIFEST, MANIFEST_SIG}
        for name in self.pkg.names:
            if name not in listed and name not in own:
                self.fail(name, "not listed in manifest.json (not part of the signed package)")
        for name, digest in sorted(listed.items()):
            if name in own:
                self.fail(MANIFEST, f"lists {name}, which cannot hold its own hash")
            elif name not in self.pkg.names:
                self.fail(name, "listed in manifest.json but missing from the package")
            elif not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
                self.fail(MANIFEST, f"the SHA-256 listed for {name} is not 64 lower-case hex digits")
            elif name == AUDIT and not self.withheld:
                if getattr(self, "audit_sha256", None) not in (None, digest):
                    self.fail(AUDIT, "its SHA-256 is not the one manifest.json lists (the file was changed)")
            else:
                try:
                    if self.pkg.sha256(name) != digest:
                        self.fail(name, "its SHA-256 is not the one manifest.json lists (the file was changed)")
                except _READ_ERRORS as exc:
                    self.fail(name, f"could not be read ({exc})")

    # ------------------------------------------------------------ checkpoints

    def _signed_checkpoint(self, text: str, keys: Sequence[VerifierKey]) -> Tuple[Checkpoint, VerifierKey]:
        note = parse_note(text)
        key, why = note_signer(note, keys)
        if key is None:
            raise FormatError(why)
        cp = parse_checkpoint(note.text)
        if cp.origin != self.origin:
            raise FormatError(f"its origin is {cp.origin!r}, not the package's {self.origin!r}")
        return cp, key

    def _checkpoints(self) -> None:
        data = self._read(CHECKPOINTS)
        try:
            notes = split_notes(data.decode("utf-8"))
        except UnicodeDecodeError as exc:
            self.fail(CHECKPOINTS, f"not UTF-8 (byte {exc.start})")
            raise _Stop from None
        if not notes:
            self.fail(CHECKPOINTS, "holds no checkpoint")
            raise _Stop
        keys = [self.signer] + [k for k in self.keys if k != self.signer] if self.signer else self.keys
        last_size = -1
        for i, text in enumerate(notes, 1):
            where = f"checkpoint {i}"
            try:
                cp, key = self._signed_checkpoint(text, keys)
            except FormatError as exc:
                self.fail(CHECKPOINTS, f"{where}: {exc}")
                continue
            if i == len(notes) and key != self.signer:
                self.fail(CHECKPOINTS, f"{where} (the package checkpoint) is signed by {key.short()}, "
                                       f"not by {self.signer.short() if self.signer else '?'}, who signed the manifest")
            if cp.size < last_size:
                self.fail(CHECKPOINTS, f"{where} signed {cp.size} entries, fewer than the checkpoint before it "
                                       f"({last_size}): checkpoints are listed oldest first")
            last_size = max(last_size, cp.size)
            self.checkpoints.append((i, cp))
            if key != self.signer:
                self.other_signers.setdefault(key.short(), []).append(i)
        if not self.checkpoints or self.checkpoints[-1][0] != len(notes):
            self.fail(CHECKPOINTS, "the package checkpoint (the last one) does not verify: nothing can be checked")
            raise _Stop
        self.package_cp = cp = self.checkpoints[-1][1]
        self.package_note = notes[-1]
        if self.manifest["tree_size"] != cp.size or self.manifest["root_hash"] != cp.root.hex():
            self.fail(MANIFEST, f"tree_size/root_hash ({self.manifest['tree_size']}, {self.manifest['root_hash'][:16]}\u2026) "
                                f"are not the package checkpoint's ({cp.size}, {cp.root.hex()[:16]}\u2026)")
        by_size: Dict[int, Tuple[int, bytes]] = {}
        for i, c in self.checkpoints:
            if c.size in by_size and by_size[c.size][1] != c.root:
                self.fail(CHECKPOINTS, f"checkpoints {by_size[c.size][0]} and {i} sign different roots for the same "
                                       f"{c.size} entries: the log was rewritten between them")
            by_size.setdefault(c.size, (i, c.root))

    def _consistency(self) -> None:
        """A package without audit.jsonl: every checkpoint is proven consistent with the package's."""
        assert self.package_cp is not None
        new = self.package_cp
        for i, cp in self.checkpoints[:-1]:
            name = f"consistency/{cp.size}.txt"
            if cp.size == new.size or cp.size == 0:
                if cp.size == new.size and cp.root != new.root:
                    self.fail(CHECKPOINTS, f"checkpoint {i} signs another root for the package's {cp.size} entries")
                continue
            if name not in self.pkg.names:
                self.fail(name, f"missing: without audit.jsonl, checkpoint {i} ({cp.size} entries) can only be "
                                "checked against the package checkpoint with this consistency proof")
                continue
            try:
                old_size, new_size, hashes = parse_consistency_proof(self.pkg.read(name).decode("utf-8"))
            except _READ_ERRORS as exc:
                self.fail(name, f"could not be read ({exc})")
                continue
            if (old_size, new_size) != (cp.size, new.size):
                self.fail(name, f"proves {old_size} -> {new_size} entries, not {cp.size} -> {new.size}")
            elif not verify_consistency(cp.size, new.size, cp.root, new.root, hashes):
                self.fail(name, f"does not prove that the package checkpoint extends checkpoint {i} "
                                f"({cp.size} entries): the log was rewritten, or the proof is wrong")

    # ------------------------------------------------------------ audit.jsonl

    def _audit(self) -> None:
        if AUDIT not in self.pkg.names:
            self.fail(AUDIT, "missing from the package (the manifest does not say it is withheld)")
            return
        assert self.package_cp is not None
        self.cited_seqs = sorted(self._cited_in_report())     # decoded as they stream past
        member = _sha256()
        leaves = bytearray()
        state = _AuditState()
        collecting = gc.isenabled()
        gc.disable()       # millions of short-lived containers, no cycles: the collector would only slow it
        try:
            self._audit_read(member, state, leaves)
        finally:
            if collecting:
                gc.enable()
        self.audit_sha256 = member.hexdigest()
        self.entries = n = state.lines
        self.tree = MerkleTree(bytes(leaves))
        cp = self.package_cp
        if n < cp.size:
            last = _seq_at_end(state.last_line)
            why = (f"the last {cp.size - n} are missing (the log's tail was dropped)" if last in (None, n) else
                   f"entries are missing before the last line (it holds entry {last})")
            self.fail(AUDIT, f"holds {n} entries, but the package checkpoint signed {cp.size}: {why}")
        elif n > cp.size:
            self.fail(AUDIT, f"holds {n} entries, more than the {cp.size} the package checkpoint signed")
        head = state.head.hex()
        signed = self.manifest.get("chain_head_hash")
        if signed != head:
            self.fail(AUDIT, f"the hash chain over its {n} lines ends in {head[:16]}\u2026, not in the chain_head_hash "
                             f"manifest.json signed ({str(signed)[:16]}\u2026): an entry was changed, dropped, "
                             "inserted or moved")
        matched_below = 0
        for i, c in self.checkpoints:
            if c.size > n:
                if c is not cp:
                    self.fail(CHECKPOINTS, f"checkpoint {i} signed {c.size} entries; audit.jsonl holds only {n}")
                continue
            if self.tree.root_at(c.size) != c.root:
                where = f"entries {matched_below + 1} to {c.size}" if matched_below else f"the first {c.size} entries"
                self.fail(CHECKPOINTS, f"checkpoint {i} signed a Merkle root of {c.size} entries that audit.jsonl does not "
                                       f"give: {where} are not what was signed (changed, or the log was rewritten)")
            else:
                matched_below = max(matched_below, c.size)
        if self.signer is not None and str(self.signer) not in state.keys and n:
            self.fail(AUDIT, f"no audit.key entry registers the signing key {self.signer.short()} in the log")
        self.decoded = state.decoded

    def _cited_in_report(self) -> Set[int]:
        """The entries report.json cites (read early: they are decoded and checked while audit.jsonl
        streams past); a report.json that cannot be read is named later, by the report check."""
        try:
            report = _json_value(self.pkg.read(REPORT)) if REPORT in self.pkg.names else {}
        except _READ_ERRORS:
            return set()
        return {s for _, v in _entries_members(report, "report") if isinstance(v, list)
                for s in v if isinstance(s, int) and not isinstance(s, bool)}

    def _audit_read(self, member: Any, state: "_AuditState", leaves: bytearray) -> None:
        """audit.jsonl in blocks of whole lines (its SHA-256 on the way)."""
        with self.pkg.open(AUDIT) as f:
            rest = b""
            while True:
                block = f.read(_BLOCK)
                member.update(block)
                if not block:
                    if rest:
                        self._audit_lines(rest, state, leaves)
                    break
                buf = rest + block if rest else block
                cut = buf.rfind(b"\n")
                if cut < 0:
                    rest = buf
                    continue
                rest = buf[cut + 1:]
                self._audit_lines(buf[:cut], state, leaves)

    def _audit_lines(self, block: bytes, state: "_AuditState", leaves: bytearray) -> None:
        """Whole lines of audit.jsonl (``block`` without the last newline).  Each line is an entry's
        canonical bytes, hashed as they are: the chain (a Python loop, each link needs the one
        before) and the Merkle leaves (one C-level pass).  Then the entries' times and form."""
        lines = block.split(b"\n")
        first = state.lines + 1                       # line number = sequence number
        sha, digest, h = _sha256, _digest, state.head
        for data in lines:
            h = digest(sha(h + data))
        state.head = h
        leaves += _leaf_hashes(lines)
        state.lines += len(lines)
        state.last_line = lines[-1]
        if self.strict:
            self._strict_lines(first, lines, state)
        else:
            self._cheap_lines(first, lines, state)

    def _exact(self, seq: int, data: bytes, state: "_AuditState") -> Optional[Dict[str, Any]]:
        """Entry ``seq`` decoded, after the exact canonical rule; None (and a failure) when its bytes
        break it."""
        state.decoded += 1
        held = _seq_at_end(data)
        if held is not None and held != seq:
            self.fail(AUDIT, f"line {seq}: holds entry {held} where entry {seq} belongs (an entry is missing, repeated "
                             "or out of order)")
            return None
        problem = canonical_problem(seq, data)
        if problem:
            self.fail(AUDIT, f"line {seq} (entry {seq}): the bytes are not canonical: {problem}")
            return None
        doc = json.loads(data)
        if doc["action"] == "audit.key" and isinstance(doc["payload"], dict):
            key = doc["payload"].get("verifier_key")
            if isinstance(key, str):
                state.keys.add(key)
        return cast(Dict[str, Any], doc)

    def _cheap_lines(self, first: int, lines: List[bytes], state: "_AuditState") -> None:
        """The default: the entries the checks must read (cited by the report, audit.key and
        audit.checkpoint) decoded and held to the exact canonical rule; every entry's time read
        from its bytes without decoding (the member after "actor" in canonical order: the first
        ``","at":"`` of the line, then 27 characters of the fixed layout).  A line where that
        reading fails is decoded and held to the exact rule too."""
        n = len(lines)
        starts = list(map(bytes.find, lines, repeat(_AT_KEY)))
        ats: List[bytes] = list(map(_cut, lines, map(slice, map(add, starts, repeat(len(_AT_KEY))),
                                           map(add, starts, repeat(len(_AT_KEY) + len(_AT_SHAPE))))))
        joined = b"".join(ats)
        read: Set[int] = set()
        if -1 in starts or len(joined) != n * len(_AT_SHAPE) or joined.translate(_DIGITS) != _AT_SHAPE * n:
            read.update(i for i in range(n) if starts[i] < 0 or ats[i].translate(_DIGITS) != _AT_SHAPE)
        cited = self.cited_seqs
        lo, hi = bisect.bisect_left(cited, first), bisect.bisect_left(cited, first + n)
        read.update(s - first for s in cited[lo:hi])
        if True in map(bytes.startswith, lines, repeat(_READ_ACTIONS)):     # key and checkpoint entries
            read.update(compress(range(n), map(bytes.startswith, lines, repeat(_READ_ACTIONS))))
        if not read and state.latest.encode() <= ats[0] and all(map(le, ats, ats[1:])):
            state.latest, state.latest_seq = ats[-1].decode("ascii"), first + n - 1     # time only goes forward
            return
        times: List[Optional[str]] = [a.decode("latin-1") for a in ats]
        for i in sorted(read):
            doc = self._exact(first + i, lines[i], state)
            times[i] = doc["at"] if doc is not None else None
        self._times(first, first, times, state)

    def _strict_lines(self, first: int, lines: List[bytes], state: "_AuditState") -> None:
        """--strict: every entry decoded and held to the canonical rule (many at once at C speed,
        the doubtful ones and every one of a block the fast path refuses by the exact rule)."""
        entries = None
        try:
            entries = _fast_entries(first, [d.decode("utf-8") for d in lines], lines)
        except UnicodeDecodeError:
            pass
        if entries is None:
            times: List[Optional[str]] = []
            for i, data in enumerate(lines):
                doc = self._exact(first + i, data, state)
                times.append(doc["at"] if doc is not None else None)
            self._times(first, first, times, state)
            return
        for i in sorted(entries.suspects):
            problem = canonical_problem(first + i, lines[i])
            if problem:
                self.fail(AUDIT, f"line {first + i} (entry {first + i}): the bytes are not canonical: {problem}")
        state.decoded += len(lines)
        self._times(first, first, entries.ats, state)
        state.keys.update(entries.keys)

    def _times(self, first_line: int, first_seq: int, ats: Sequence[Optional[str]], state: "_AuditState") -> None:
        """Time never goes back more than CLOCK_STEP_TOLERANCE before the latest earlier time (the
        fixed layout sorts as text, so only the entries that sort before the latest are looked at)."""
        known: List[str] = [a or "" for a in ats] if None in ats else cast(List[str], ats)
        running = list(accumulate([state.latest] + known, _max))        # running[i]: latest before entry i
        for i in compress(range(len(known)), map(_lt, known, running)):
            at, top = known[i], running[i]
            if not at:
                continue
            try:
                at_time, top_time = datetime.fromisoformat(at[:-1]), datetime.fromisoformat(top[:-1])
            except ValueError:           # read without decoding: the exact rule never saw it
                bad = at if at_problem(at) else top
                self.fail(AUDIT, f"line {first_line + i} (entry {first_seq + i}) or the one before: `at` {_show(bad)} "
                                 "is not a valid time")
                continue
            if top_time - at_time > CLOCK_STEP_TOLERANCE:
                j = i - 1 - known[i - 1::-1].index(top) if top in known[:i] else None
                top_seq = first_seq + j if j is not None else state.latest_seq
                self.fail(AUDIT, f"line {first_line + i} (entry {first_seq + i}): dated {at}, "
                                 f"{describe_step(top_time - at_time)} before entry {top_seq} ({top}): "
                                 "the clock went back more than the 10 min tolerated")
        if running[-1] > state.latest:
            state.latest = running[-1]
            state.latest_seq = first_seq + len(known) - 1 - known[::-1].index(running[-1])

    # ------------------------------------------------------------ proofs and the report

    def _leaf_of(self, seq: int) -> Optional[bytes]:
        """The leaf hash of entry ``seq`` (line ``seq`` of audit.jsonl), or None (withheld, or missing)."""
        if self.tree is None or not 1 <= seq <= self.tree.size:
            return None
        return self.tree.leaf(seq - 1)

    def _proofs(self) -> None:
        assert self.package_cp is not None
        cp = self.package_cp
        report_leaves = self._report_leaves()
        for name in self.pkg.names:
            if not name.startswith("proofs/"):
                continue
            m = re.fullmatch(r"proofs/([1-9][0-9]{0,18})\.tlog-proof", name)
            if not m:
                self.fail(name, "not a proof's name (proofs/N.tlog-proof, N the entry's sequence number)")
                continue
            seq = int(m.group(1))
            self.proof_names.add(name)
            try:
                proof = parse_tlog_proof(self.pkg.read(name).decode("utf-8"))
                pcp, _ = self._signed_checkpoint(proof.checkpoint, [self.signer] if self.signer else self.keys)
            except _READ_ERRORS as exc:
                self.fail(name, f"could not be read ({exc})")
                continue
            if pcp != cp:
                self.fail(name, f"its checkpoint ({pcp.size} entries) is not the package checkpoint ({cp.size})")
                continue
            if proof.leaf_index != seq - 1:
                self.fail(name, f"proves index {proof.leaf_index}, which is entry {proof.leaf_index + 1}, not entry {seq}")
                continue
            if seq > cp.size:
                self.fail(name, f"entry {seq} is not in the log: the package checkpoint covers {cp.size} entries")
                continue
            found = self._leaf_of(seq)
            if found is not None:
                leaf = found
            elif self.withheld and seq in report_leaves:
                leaf = report_leaves[seq]
            else:
                self.fail(name, f"entry {seq} has no leaf hash to prove "
                                f"({'not in report.json leaf_hashes' if self.withheld else 'not in audit.jsonl'})")
                continue
            if root_from_inclusion_proof(seq - 1, cp.size, leaf, proof.hashes) != cp.root:
                self.fail(name, f"does not lead from entry {seq} to the package checkpoint's root (wrong proof, "
                                "or the entry is not the one that was signed)")
                continue
            self.proven[seq] = leaf

    def _report_leaves(self) -> Dict[int, bytes]:
        """report.json's leaf_hashes (seq -> leaf hash), checked against audit.jsonl when it is there."""
        try:
            report = _json_value(self.pkg.read(REPORT)) if REPORT in self.pkg.names else {}
        except _READ_ERRORS:
            return {}          # named by _report
        self.report_doc = report
        raw = report.get("leaf_hashes", {}) if isinstance(report, dict) else {}
        out: Dict[int, bytes] = {}
        if not isinstance(raw, dict):
            self.fail(REPORT, "leaf_hashes is not an object of sequence number -> hex leaf hash")
            return out
        for k, v in raw.items():
            if not re.fullmatch(r"[1-9][0-9]{0,18}", k) or not isinstance(v, str) or not re.fullmatch(r"[0-9a-f]{64}", v):
                self.fail(REPORT, f"leaf_hashes[{_show(k)}] is not a sequence number with a 64-hex-digit hash")
                continue
            seq, leaf = int(k), bytes.fromhex(v)
            found = self._leaf_of(seq)
            if found is not None and found != leaf:
                self.fail(REPORT, f"leaf_hashes gives entry {seq} a leaf hash that is not its entry's in audit.jsonl")
            out[seq] = leaf
        return out

    def _report(self) -> None:
        assert self.package_cp is not None
        if REPORT not in self.pkg.names:
            self.fail(REPORT, "missing from the package")
            return
        report = getattr(self, "report_doc", None)
        if report is None:
            report = _json_value(self.pkg.read(REPORT))
        cited: Dict[int, List[str]] = {}
        self.rows = 0
        for path, value in _entries_members(report, "report"):
            self.rows += 1
            if not isinstance(value, list) or not all(isinstance(s, int) and not isinstance(s, bool) for s in value):
                self.fail(REPORT, f"{path}: entries is not a list of sequence numbers")
                continue
            for seq in value:
                cited.setdefault(seq, []).append(path)
        size = self.package_cp.size
        for seq in sorted(cited):
            paths = cited[seq]
            where = paths[0] + (f" (and {len(paths) - 1} more rows)" if len(paths) > 1 else "")
            name = f"proofs/{seq}.tlog-proof"
            if not 1 <= seq <= size:
                self.fail(REPORT, f"{where} rests on entry {seq}, which is not in the log "
                                  f"(the package checkpoint covers entries 1 to {size})")
            elif self.tree is not None and self._leaf_of(seq) is None:
                self.fail(REPORT, f"{where} rests on entry {seq}, which is not in audit.jsonl")
            elif name not in self.proof_names:
                self.fail(REPORT, f"{where} rests on entry {seq}, which has no proof ({name} is not in the package)")
            elif seq not in self.proven:
                self.fail(REPORT, f"{where} rests on entry {seq}, whose proof does not verify")
        self.cited = len(cited)

    def _outside(self, name: str, text: str) -> None:
        """Checkpoints received earlier (--checkpoint): signed by the trusted key, and the package agrees."""
        assert self.package_cp is not None
        notes = split_notes(text)
        if not notes:
            self.fail(name, "holds no signed checkpoint")
        trusted = [self.given] if self.given else self.keys
        for i, note in enumerate(notes, 1):
            where = f"checkpoint {i}" if len(notes) > 1 else "the checkpoint"
            try:
                cp, _ = self._signed_checkpoint(note, trusted)
            except FormatError as exc:
                self.fail(name, f"{where}: {exc}")
                continue
            if cp.size > self.package_cp.size:
                self.fail(name, f"{where} signed {cp.size} entries; the package holds only {self.package_cp.size}: "
                                "entries were dropped since, or the package is older")
            elif self.tree is not None:
                if self.tree.root_at(cp.size) != cp.root:
                    self.fail(name, f"{where} signed a Merkle root of {cp.size} entries that the package's entries do "
                                    "not give: the log was rewritten after that checkpoint")
            elif not any(c.size == cp.size and c.root == cp.root for _, c in self.checkpoints):
                self.fail(name, f"{where} ({cp.size} entries) is not among the package's checkpoints, and without "
                                "audit.jsonl it cannot be checked otherwise")
        self.outside_checked = getattr(self, "outside_checked", 0) + len(notes)

    # ------------------------------------------------------------ the result

    def result(self) -> Result:
        ok = not self.failures
        summary: List[str] = []
        cp = self.package_cp
        m = getattr(self, "manifest", {})
        if ok and cp is not None and self.signer is not None:
            period = f", {m.get('from')} to {m.get('to')}" if m.get("from") else ""
            pseudo = ", pseudonymized" if m.get("pseudonymized") else ""
            summary.append(f"package:     {self.origin}{period}{pseudo}; {len(m.get('files', {}))} files as the signed "
                           "manifest lists them")
            if self.withheld:
                summary.append(f"entries:     {cp.size} in the log; audit.jsonl withheld (pseudonymized package): the "
                               "entries' contents were not checked, only the proofs of the cited ones")
            else:
                if self.strict:
                    summary.append(f"entries:     {self.entries} in audit.jsonl: chain, Merkle leaves, sequence numbers, "
                                   "canonical bytes and times intact (--strict: every entry decoded)")
                else:
                    summary.append(f"entries:     {self.entries} in audit.jsonl: chain, Merkle leaves and times intact; "
                                   f"{self.decoded} decoded (those the report cites, the key and checkpoint entries): "
                                   "their sequence numbers and canonical bytes intact (--strict decodes every entry)")
                summary.append(f"head:        {m.get('chain_head_hash')} (as `warroom audit verify` prints it for "
                               f"{self.entries} entries)")
            sizes = [c.size for _, c in self.checkpoints]
            span = f"{sizes[0]} to {sizes[-1]} entries" if len(sizes) > 1 else f"{sizes[0]} entries"
            summary.append(f"checkpoints: {len(sizes)} ({span}), each signed and "
                           + ("consistent with the package checkpoint" if self.withheld else "matching the entries"))
            for key, which in self.other_signers.items():
                summary.append(f"             checkpoints {', '.join(map(str, which))} signed by {key}, another key "
                               "named in the package (not the signer below)")
            summary.append(f"proofs:      {len(self.proven)} inclusion proofs lead to the package checkpoint's root "
                           f"{cp.root.hex()}")
            summary.append(f"report:      {getattr(self, 'rows', 0)} rows rest on {getattr(self, 'cited', 0)} entries, "
                           "each in the log with a proof")
            if getattr(self, "outside_checked", 0):
                summary.append(f"yours:       {self.outside_checked} checkpoint(s) you gave agree with the package")
            if self.given:
                summary.append(f"signer:      {self.signer.short()}, the key given with --key")
            else:
                summary.append(f"signer:      {self.signer} (named in the package)")
                summary.append("NOTE: without --key this shows only that the package is consistent in itself: anyone "
                               "can make a consistent package. Run it again with --key and the verifier key the seller "
                               "gave you beforehand (warroom audit key) to check who signed it.")
        return Result(ok, tuple(self.failures), tuple(summary), self.entries, len(self.checkpoints), len(self.proven),
                      str(self.signer) if self.signer else None, bool(self.given and self.signer == self.given))


class _AuditState:
    def __init__(self) -> None:
        self.lines = 0                  # lines read (line n holds entry n)
        self.head = bytes(32)           # the chain hash of the last line read (raw)
        self.last_line = b""
        self.latest = ""                # the latest `at` so far, and its entry
        self.latest_seq = 0
        self.keys: Set[str] = set()     # verifier keys registered by audit.key entries
        self.decoded = 0                # entries decoded and held to the exact canonical rule


def _seq_at_end(data: bytes) -> Optional[int]:
    """The sequence number a canonical entry ends with (``,"seq":N}``, the last member), or None."""
    m = re.search(rb',"seq":(0|[1-9][0-9]{0,18})\}\Z', data)
    return int(m.group(1)) if m else None


def _entries_members(value: Any, path: str) -> Iterator[Tuple[str, Any]]:
    """Every member named "entries" anywhere in report.json, with where it is."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "entries":
                yield path, v
            else:
                yield from _entries_members(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _entries_members(v, f"{path}[{i}]")


def verify(package: str, key: Optional[str] = None, checkpoints: Sequence[Tuple[str, str]] = (),
           strict: bool = False) -> Result:
    """Check the package (a zip or a folder).  ``key``: a verifier key (NAME+KEYID+BASE64);
    ``checkpoints``: (name, text) of checkpoint notes received earlier; ``strict``: decode every
    entry of audit.jsonl and hold it to the canonical rule (else only those the checks read)."""
    given = parse_verifier_key(key) if key else None
    checker = _Checker(os.fspath(package), given, checkpoints)
    checker.strict = strict
    checker.run()
    return checker.result()


# ================================================================ the command

def _key_argument(value: str) -> VerifierKey:
    text = value
    if "+" not in value and os.path.isfile(value):
        with open(value, encoding="utf-8") as f:
            text = f.read().strip()
    return parse_verifier_key(text)


def main(argv: Optional[Sequence[str]] = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)      # a console that cannot print every character
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except ValueError:
                pass
    parser = argparse.ArgumentParser(
        prog="verify_appeal.py", description="Check a War Room appeal evidence package (a zip, or the folder it "
        "was unpacked into). Prints OK and a summary, or one line per problem (exit status 1).")
    parser.add_argument("package", help="the package: PACKAGE.zip or its unpacked folder")
    parser.add_argument("--key", help="the verifier key the seller gave you beforehand (NAME+KEYID+BASE64, as "
                        "'warroom audit key' prints it), or a file holding it")
    parser.add_argument("--checkpoint", action="append", default=[], metavar="FILE",
                        help="a checkpoint you received earlier (e-mail, paper): the package must agree with it")
    parser.add_argument("--strict", action="store_true",
                        help="decode every entry of audit.jsonl and check its canonical form and sequence number "
                        "(by default only the entries the report cites and the key and checkpoint entries)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code == 0 else 2
    key = None
    if args.key:
        try:
            key = str(_key_argument(args.key))
        except (FormatError, OSError, UnicodeDecodeError) as exc:
            print(f"verify_appeal.py: --key: {exc}", file=sys.stderr)
            return 2
    if not os.path.exists(args.package):
        print(f"verify_appeal.py: {args.package}: no such file or folder", file=sys.stderr)
        return 2
    outside = []
    for name in args.checkpoint:
        try:
            with open(name, encoding="utf-8") as f:
                outside.append((name, f.read()))
        except (OSError, UnicodeDecodeError) as exc:
            print(f"verify_appeal.py: --checkpoint {name}: {exc}", file=sys.stderr)
            return 2
    try:
        result = verify(args.package, key, outside, strict=args.strict)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:      # a bug here: still one line, never a traceback
        print(f"FAIL {args.package}: the check could not be completed ({type(exc).__name__}: {exc})")
        return 1
    if result.ok:
        print("OK")
        for line in result.summary:
            print("  " + line)
        return 0
    for line in result.failures:
        print(f"FAIL {line}")
    print(f"{len(result.failures)} problem{'s' if len(result.failures) != 1 else ''}: this package does not check out.")
    return 1


if __name__ == "__main__":
    sys.exit(main())
