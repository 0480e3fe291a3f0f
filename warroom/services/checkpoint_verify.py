"""`audit verify`'s checkpoint part: the RFC 6962 tree of the whole log, built in the chain
walk's own streaming pass, against every stored checkpoint, the file outside the database, and
a checkpoint file someone kept (``--checkpoint FILE``, optionally with ``--key``).

One pass: :class:`MerklePass` is fed each batch of rows the chain walk reads
(:data:`warroom.storage.audit_log.RowSink`), hashes the leaves, and stops at every size a
checkpoint signs to keep the root, the frontier and the chain hash there.  Afterwards every
checkpoint is judged (:func:`judge`): its signature, its note against its row, its root (and
frontier) against the log's at its size; a checkpoint larger than the log names the
truncation, one whose root differs names the rewrite ("an entry from 41 to 58 was changed").
Only the entries the chain walk verified are vouched for: a checkpoint beyond a broken chain is
"not checked".
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select

from warroom import clock
from warroom.domain import merkle
from warroom.domain.audit import GENESIS_HASH, VerifyResult
from warroom.domain.notes import Checkpoint, NoteError, SignedNote, VerifierKey
from warroom.errors import BadInput
from warroom.services import checkpoints as C
from warroom.storage.engine import Database
from warroom.storage.models import AuditCheckpoint, DatabaseIdentity
from warroom.storage.uow import UnitOfWork

_sha256 = hashlib.sha256


# ---------------------------------------------------------------- the streaming pass

def append_leaves(frontier: merkle.Frontier, leaves: Sequence[bytes]) -> None:
    """Append ``leaves`` (leaf hashes) to ``frontier``: the same result as one
    :meth:`~warroom.domain.merkle.Frontier.append` each, faster: the leaves go in as aligned
    perfect subtrees, each hashed level by level."""
    i, n = 0, len(leaves)
    hashes = frontier.hashes
    while i < n:
        p = frontier.size
        room = 1 << ((n - i).bit_length() - 1)           # the largest power of two that fits
        block = min(room, p & -p) if p else room         # and keeps the subtree aligned
        level = leaves[i:i + block]
        while len(level) > 1:
            it = iter(level)
            level = [_sha256(b"\x01" + a + b).digest() for a, b in zip(it, it)]
        carry, size = level[0], p // block
        while size & 1:                                  # merge with equal-sized subtrees
            carry = _sha256(b"\x01" + hashes.pop() + carry).digest()
            size >>= 1
        hashes.append(carry)
        frontier.size = p + block
        i += block


@dataclass
class MerklePass:
    """The tree over the rows it is fed, with the (root, frontier, chain hash) at each of
    ``sizes``.  A row whose canonical column is not bytes ends it (the chain walk names it)."""

    sizes: Iterable[int]
    frontier: merkle.Frontier = field(default_factory=merkle.Frontier)
    at: dict[int, tuple[bytes, bytes, str]] = field(default_factory=dict)
    stopped: bool = False

    def __post_init__(self) -> None:
        self._stops = sorted({int(s) for s in self.sizes if s > 0})
        self._next = 0

    def __call__(self, rows: Sequence[Any]) -> None:
        if self.stopped:
            return
        try:
            leaves = [_sha256(b"\x00" + r[3]).digest() for r in rows]
        except TypeError:
            leaves = []
            for r in rows:
                if not isinstance(r[3], bytes):
                    break
                leaves.append(_sha256(b"\x00" + r[3]).digest())
            self.stopped = True
        f, stops, i, n = self.frontier, self._stops, 0, len(leaves)
        while i < n:
            stop = stops[self._next] if self._next < len(stops) else None
            take = n - i if stop is None else min(n - i, stop - f.size)
            append_leaves(f, leaves[i:i + take])
            i += take
            if stop is not None and f.size == stop:
                chain = rows[i - 1][2]
                self.at[stop] = (f.root(), f.to_bytes(), chain.decode("ascii") if isinstance(chain, bytes) else chain)
                self._next += 1


# ---------------------------------------------------------------- what is judged

@dataclass(frozen=True, slots=True)
class GivenCheckpoint:
    """One checkpoint of a ``--checkpoint FILE``: what it signs, who signed it, and whether the
    log agrees (None: not compared: not verified, another log, or beyond a broken chain)."""

    tree_size: int | None
    root_hash: str | None
    origin: str | None
    verified_by: str | None          # the verifier key that verified it
    matches: bool | None
    problem: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"tree_size": self.tree_size, "root_hash": self.root_hash, "origin": self.origin,
                "verified_by": self.verified_by, "matches": self.matches, "problem": self.problem}


@dataclass(frozen=True, slots=True)
class CheckpointReport:
    """The checkpoint part of `audit verify`."""

    stored: int                              # stored checkpoints
    checked: int                             # of them, compared with the log
    newest: dict[str, Any] | None
    outside_file: str | None                 # where the copy outside the database is (or would be)
    outside_notes: int | None                # notes in it (None: no such file)
    given_file: str | None
    given: tuple[GivenCheckpoint, ...]
    findings: tuple[str, ...]
    first_bad_seq: int | None                # the first entry the checkpoints no longer vouch for
    verified_head_hash: str | None           # the chain hash of the entry before it

    @property
    def ok(self) -> bool:
        return not self.findings

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "stored": self.stored, "checked": self.checked, "newest": self.newest,
                "outside_file": self.outside_file, "outside_notes": self.outside_notes,
                "given_file": self.given_file, "given": [g.to_dict() for g in self.given],
                "findings": list(self.findings), "first_bad_seq": self.first_bad_seq}


class _Keys:
    """Signature checks, each (note, key set) once: the copy outside repeats the stored notes."""

    def __init__(self) -> None:
        self._public: dict[bytes, Ed25519PublicKey] = {}
        self._seen: dict[tuple[str, tuple[bytes, ...]], VerifierKey | None] = {}

    def verify(self, note: SignedNote, keys: Sequence[VerifierKey]) -> VerifierKey | None:
        cache_key = (str(note), tuple(k.key_id + k.public_key for k in keys))
        if cache_key in self._seen:
            return self._seen[cache_key]
        found = None
        data = note.text.encode("utf-8")
        for key in keys:
            sig = note.signature_by(key)
            if sig is None:
                continue
            try:
                public = self._public.get(key.public_key) or Ed25519PublicKey.from_public_bytes(key.public_key)
                self._public[key.public_key] = public
                public.verify(sig.signature, data)
            except (InvalidSignature, ValueError):
                continue
            found = key
            break
        self._seen[cache_key] = found
        return found


@dataclass
class Inputs:
    """What the pass needs, read before it: the stored checkpoints, the keys, the notes."""

    origin: str | None
    keys: list[VerifierKey]
    rows: list[AuditCheckpoint]
    outside_file: Path | None
    outside_notes: list[SignedNote] | None
    outside_unreadable: list[str]
    given_file: Path | None = None
    given_notes: list[SignedNote] = field(default_factory=list)
    given_unreadable: list[str] = field(default_factory=list)
    given_keys: list[VerifierKey] | None = None

    def sizes(self) -> set[int]:
        out = {r.tree_size for r in self.rows}
        for note in [*(self.outside_notes or []), *self.given_notes]:
            cp = _checkpoint(note)
            if cp is not None:
                out.add(cp.size)
        return out


def _checkpoint(note: SignedNote) -> Checkpoint | None:
    try:
        return Checkpoint.parse(note.text)
    except NoteError:
        return None


def read_inputs(db: Database, checkpoint_file: str | Path | None = None, key: str | None = None) -> Inputs:
    """The stored checkpoints, the registered keys, the notes of the file outside and of
    ``checkpoint_file`` (with ``key``: only that key verifies them)."""
    given_keys = None
    if key is not None:
        try:
            given_keys = [VerifierKey.parse(key)]
        except NoteError as exc:
            raise BadInput(f"--key: {exc}") from None
    with UnitOfWork(db, write=False) as look:
        ident = look.session.scalar(select(DatabaseIdentity.database_id))
        keys = C._registered_keys(look.session)
        rows = list(look.session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.tree_size,
                                                                          AuditCheckpoint.id)))
        folder = C._folder_of(look.session)
        look.session.expunge_all()                # plain values from here on (the rollback expires nothing)
    outside = folder / f"{ident}{C.OUTSIDE_FILE_SUFFIX}" if ident else None
    notes, unreadable = None, []  # type: tuple[Any, list[str]]
    if outside is not None and outside.is_file():
        try:
            notes, unreadable = C.split_notes(outside.read_text(encoding="utf-8", errors="replace"))
        except OSError as exc:
            unreadable = [f"cannot be read ({exc.strerror or exc})"]
    inputs = Inputs(C.origin(ident) if ident else None, keys, rows, outside, notes, unreadable,
                    given_keys=given_keys)
    if checkpoint_file is not None:
        path = Path(checkpoint_file).expanduser()
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise BadInput(f"{path}: cannot be read as a checkpoint file ({reason})") from None
        inputs.given_file = path
        inputs.given_notes, inputs.given_unreadable = C.split_notes(text)
        if not inputs.given_notes and not inputs.given_unreadable:
            raise BadInput(f"{path}: holds no signed checkpoint")
    return inputs


# ---------------------------------------------------------------- the judgement

@dataclass
class _Compared:
    what: str            # "checkpoint 12 (58 entries, signed …)", "the checkpoint of 58 entries kept outside …"
    size: int
    root: bytes
    who: str = ""                        # "checkpoint 12", "the checkpoint kept outside … (FILE, note 3)"
    when: str | None = None              # when a stored checkpoint was signed
    frontier: bytes | None = None        # a stored checkpoint's frontier
    matches: bool | None = None          # None: not compared
    problem: str | None = None           # the finding about it (a given checkpoint reports it)


def judge(inputs: Inputs, chain: VerifyResult, tree: MerklePass) -> CheckpointReport:
    """Every checkpoint against the log as the pass saw it (see the module's text)."""
    keys = _Keys()
    findings: list[str] = []
    stored: list[_Compared] = []
    others: list[_Compared] = []
    for row in inputs.rows:
        findings += C.row_problems(row, inputs.keys, inputs.origin, keys.verify)
        try:
            root = Checkpoint.parse(SignedNote.parse(row.note).text).root
        except NoteError:
            root = bytes.fromhex(row.root_hash)
        stored.append(_Compared(C.describe(row), row.tree_size, root, who=f"checkpoint {row.id}",
                                frontier=bytes(row.frontier), when=clock.iso(row.signed_at)))

    outside_where = str(inputs.outside_file) if inputs.outside_file else None
    findings += [f"{outside_where}: {problem}" for problem in inputs.outside_unreadable]
    for n, note in enumerate(inputs.outside_notes or [], 1):
        cp = _checkpoint(note)
        if cp is None:
            findings.append(f"{outside_where}, note {n}: not a checkpoint (origin, tree size, root hash)")
            continue
        what = f"the checkpoint of {cp.size} entries kept outside the database ({outside_where}, note {n})"
        if inputs.origin is not None and cp.origin != inputs.origin:
            findings.append(f"{what} is a checkpoint of {cp.origin}, not of this log ({inputs.origin})")
        elif keys.verify(note, inputs.keys) is None:
            findings.append(f"{what}: its signature does not verify with any key this database registers: it was "
                            "forged, or this database's keys were replaced")
        else:
            others.append(_Compared(what, cp.size, cp.root,
                                    f"the checkpoint kept outside the database ({outside_where}, note {n})"))

    given_where = str(inputs.given_file) if inputs.given_file else None
    findings += [f"{given_where}: {problem}" for problem in inputs.given_unreadable]
    given_rows: list[tuple[dict[str, Any], str | None, _Compared | None]] = []
    trusted = inputs.given_keys if inputs.given_keys is not None else inputs.keys
    for n, note in enumerate(inputs.given_notes, 1):
        cp = _checkpoint(note)
        label = f"{given_where}, checkpoint {n}"
        if cp is None:
            findings.append(f"{label}: not a checkpoint (origin, tree size, root hash)")
            given_rows.append(({"tree_size": None, "root_hash": None, "origin": None}, None,
                               _Compared(label, 0, b"", problem="not a checkpoint")))
            continue
        base = {"tree_size": cp.size, "root_hash": cp.root.hex(), "origin": cp.origin}
        by = keys.verify(note, trusted)
        c = _Compared(f"the checkpoint of {cp.size} entries in {given_where} (checkpoint {n})", cp.size, cp.root,
                      f"the checkpoint in {given_where} (checkpoint {n})")
        if by is None:
            which = "the key given with --key" if inputs.given_keys is not None else "any key this database registers"
            c.problem = f"{label} ({cp.size} entries): its signature does not verify with {which}"
            findings.append(c.problem)
        elif inputs.origin is not None and cp.origin != inputs.origin:
            c.problem = f"{label}: it is a checkpoint of {cp.origin}, not of this log ({inputs.origin})"
            findings.append(c.problem)
        else:
            others.append(c)
        given_rows.append((base, str(by) if by is not None else None, c))

    count, verified = chain.count, chain.verified_count
    bad_from: list[int] = []
    for c in [*stored, *others]:
        if c.size > count:
            at = f" (at {c.when})" if c.when else ""
            c.problem = (f"the log has {count} entries but {c.who} signed {c.size}{at}: entries were removed from the "
                         "end of the log" + ("" if c.frontier is not None else ", or this database is an older copy"))
            findings.append(c.problem)
            bad_from.append(count + 1)
        elif c.size <= verified and c.size in tree.at:
            root, frontier, _ = tree.at[c.size]
            c.matches = root == c.root
            if c.matches and c.frontier is not None and c.frontier != frontier:
                findings.append(f"{c.what}: its stored frontier does not match the log (its root does): the row "
                                "was edited")
    # a changed entry lies after the largest checkpoint that still matches, up to the one that does not
    good = sorted({c.size for c in [*stored, *others] if c.matches})
    for c in [*stored, *others]:
        if c.matches is False:
            lower = max((s for s in good if s < c.size), default=0)
            where = f"entry {c.size}" if lower + 1 == c.size else f"an entry from {lower + 1} to {c.size}"
            c.problem = f"{c.what} does not match the log: {where} was changed or the log was rebuilt"
            findings.append(c.problem)
            bad_from.append(lower + 1)

    first_bad = min(bad_from) if bad_from else None
    head = None
    if first_bad is not None:
        before = first_bad - 1
        head = (GENESIS_HASH if before == 0 else chain.verified_head_hash if before >= verified
                else tree.at[before][2])
    newest = max(inputs.rows, key=lambda r: (r.tree_size, r.id), default=None)
    given = tuple(GivenCheckpoint(**base, verified_by=by, matches=c.matches if c else None,
                                  problem=c.problem if c else None) for base, by, c in given_rows)
    return CheckpointReport(
        stored=len(inputs.rows), checked=sum(1 for c in stored if c.matches is not None),
        newest=None if newest is None else {"id": newest.id, "tree_size": newest.tree_size,
                                            "root_hash": newest.root_hash, "key_id": newest.key_id,
                                            "signed_at": clock.iso(newest.signed_at), "reason": newest.reason},
        outside_file=outside_where,
        outside_notes=None if inputs.outside_notes is None else len(inputs.outside_notes),
        given_file=given_where, given=given, findings=tuple(findings),
        first_bad_seq=first_bad, verified_head_hash=head)
