"""``warroom appeal export``: the evidence package of a date range (docs/appeal-package.md).

The order of the work, and why (the export's own audit entry cannot be inside the package it
describes, since the entry holds the package's hash):

1. **Read** (one read transaction, nothing written): the whole log up to its head is read once
   (chain links checked, Merkle leaves, ``audit.jsonl`` streamed into a temporary zip beside the
   output, the cited actions indexed), and the evidence tables of the range are gathered from
   the same snapshot into the report's model.
2. **Sign** the package's checkpoint (``checkpoints.sign_checkpoint(db, "export")``: stored,
   recorded by its ``audit.checkpoint`` entry, copied outside the database).  Entries written by
   others meanwhile are read too, so ``audit.jsonl`` ends exactly at the checkpoint's tree size.
3. **Build** the rest of the zip against that checkpoint: the proofs, report.html / .pdf / .json,
   the CSVs, the plan of action, checkpoints.txt, README.txt, verify_appeal.py, the manifest and
   its signature; then fsync and rename it to the output (a file that exists is never replaced).
4. **Record** one ``appeal.export`` entry with the range and the zip's SHA-256.  The next
   checkpoint (and the next package) covers it.

Cancelling (the progress callback raises :class:`warroom.errors.Cancelled`) during 1 writes
nothing.  A cancel or a failure during 3 removes the temporary zip and writes no
``appeal.export`` entry; the checkpoint of step 2 stays (a true, signed statement of the log's
head, like the hourly ones).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from warroom import clock
from warroom.domain import merkle
from warroom.domain.roles import Actor, Permission
from warroom.errors import BadInput, BusinessRuleError
from warroom.progress import Progress, no_progress
from warroom.services import checkpoints
from warroom.services.appeal import package as P
from warroom.services.appeal.gather import gather
from warroom.services.appeal.log import BrokenLog, LogScan
from warroom.services.appeal.model import CitedEntry, Evidence, PackageHead, Report, Summary
from warroom.services.appeal.plan import render_plan
from warroom.services.appeal.pseudonyms import Pseudonyms, load_key
from warroom.services.appeal.render import render_csvs, render_html, render_json, render_text
from warroom.services.users import current_actor
from warroom.storage.engine import Database
from warroom.storage.models import AuditCheckpoint, AuditEntryRow
from warroom.storage.uow import UnitOfWork

ACTION = "appeal.export"


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    sha256: str
    bytes: int
    start: str
    end: str
    tree_size: int
    root_hash: str
    checkpoint_id: int
    pseudonymized: bool
    audit_jsonl: str                 # included | withheld
    report_pdf: str                  # included | omitted (--no-pdf)
    verifier: str                    # included | not available
    members: int
    cited_entries: int
    summary: Summary
    entry_seq: int                   # the appeal.export entry
    verifier_key: str
    pseudonym_key_file: str | None
    warnings: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"path": str(self.path), "sha256": self.sha256, "bytes": self.bytes, "from": self.start,
                "to": self.end, "tree_size": self.tree_size, "root_hash": self.root_hash,
                "checkpoint_id": self.checkpoint_id, "pseudonymized": self.pseudonymized,
                "audit_jsonl": self.audit_jsonl, "report_pdf": self.report_pdf, "verifier": self.verifier,
                "members": self.members, "cited_entries": self.cited_entries, "summary": self.summary.as_dict(),
                "entry": self.entry_seq, "verifier_key": self.verifier_key,
                "pseudonym_key_file": self.pseudonym_key_file, "warnings": list(self.warnings)}


# ---------------------------------------------------------------- the range

def _when(text: str, field: str, *, end: bool) -> datetime:
    value = (text or "").strip()
    try:
        if len(value) == 10 and value[4] == "-" and value[7] == "-":
            day = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=clock.UTC)
            return day + timedelta(days=1) if end else day
        return clock.parse_iso(value)
    except (ValueError, OverflowError, IndexError):
        raise BadInput(f"not a date or time: {value[:40]!r} (YYYY-MM-DD, or an ISO 8601 time)", field=field) from None


def parse_range(start: str, end: str) -> tuple[datetime, datetime]:
    """``--from`` and ``--to``: a date (``YYYY-MM-DD``, UTC; ``--to`` includes that whole day) or
    an ISO 8601 time (``--to`` is then the end, excluded)."""
    a, b = _when(start, "--from", end=False), _when(end, "--to", end=True)
    if a >= b:
        raise BadInput(f"the range is empty: --from {clock.iso(a)} is not before --to {clock.iso(b)}", field="--to")
    return a, b


def _check_output(out: Path) -> Path:
    if not out.name or out.name in (".", ".."):
        raise BadInput("the output is a file name such as appeal.zip", file=str(out))
    try:
        if out.exists() or out.is_symlink():
            raise BusinessRuleError(f"{out} exists: an appeal package is never overwritten; choose another name")
        if not out.parent.is_dir():
            raise BadInput("no such folder", file=str(out.parent))
    except OSError as exc:                 # a name too long, a folder that cannot be read
        raise BadInput(f"cannot use this output: {exc.strerror or exc}", file=str(out)[:200]) from None
    return out


# ---------------------------------------------------------------- the export

def _head_count(db: Database) -> int:
    with UnitOfWork(db, write=False) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(AuditEntryRow)) or 0)


@dataclass(frozen=True, slots=True)
class _Stored:
    id: int
    tree_size: int
    root_hash: str
    note: str


def _check_stored(tree: merkle.Tree, rows: list[_Stored]) -> None:
    for row in rows:
        if row.tree_size <= tree.size and tree.root_at(row.tree_size).hex() != row.root_hash:
            raise BrokenLog(f"checkpoint {row.id} signed {row.tree_size} entries with root {row.root_hash[:16]}…, "
                            "but those entries of the log hash to another root: the log changed after that "
                            "checkpoint (run warroom audit verify)")


def export_package(db: Database, actor: Actor, out: str | Path, *, start: datetime, end: datetime,
                   pseudonymize: bool = False, pseudonym_key: str | Path | None = None,
                   keep_audit_log: bool = False, pdf: bool = True,
                   progress: Progress = no_progress) -> ExportResult:
    """Write the appeal package of ``[start, end)`` to ``out`` (a new file) and record it."""
    out = _check_output(Path(out))
    if start >= end:
        raise BadInput("the range is empty: start is not before end", field="--to")
    if pseudonym_key is not None and not pseudonymize:
        raise BadInput("--pseudonym-key goes with --pseudonymize", field="--pseudonym-key")
    if keep_audit_log and not pseudonymize:
        raise BadInput("--keep-audit-log goes with --pseudonymize (audit.jsonl is always in a package that is "
                       "not pseudonymized)", field="--keep-audit-log")
    with UnitOfWork(db, write=False) as who:
        current_actor(who, actor, Permission.EXPORT_APPEAL)
    from warroom.services.drills import refuse_drill_copy

    refuse_drill_copy(db, "an appeal export")
    if pdf and not P.pdf_adapter_available():
        raise P.ExportError(f"the PDF adapter ({P.PDF_MODULE}) is not installed here: export with --no-pdf to go "
                            "without the PDF")
    # deadlines that ran out are recorded first (by system, in short batches): the report's misses
    # are the recorded ones, and an export must not leave out what a sweep would find now
    from warroom.services.deadlines import sweep

    progress(0, None, "recording missed deadlines")
    sweep(db)
    database_id = checkpoints.database_id(db) or checkpoints.ensure_signing_key(db)[0].name.split("/", 1)[1]
    key: bytes | None = None
    key_path: Path | None = None
    if pseudonymize:
        key, key_path = load_key(database_id, pseudonym_key)
    pseud = Pseudonyms(key)
    include_log = not pseudonymize or keep_audit_log
    total = _head_count(db)

    tmp = P.temporary_beside(out)
    writer: P.PackageWriter | None = None
    try:
        writer = P.PackageWriter(tmp, clock.now())
        stream = writer.stream("audit.jsonl") if include_log else None
        scan = LogScan(stream.write if stream is not None else None)
        with UnitOfWork(db, write=False) as look:             # 1. read: one snapshot
            current_actor(look, actor, Permission.EXPORT_APPEAL)
            scan.read(look.connection, progress=progress, total=total)
            evidence = gather(look.session, scan.index, database_id=database_id, start=start, end=end,
                              now=clock.now(), pseudonyms=pseud, progress=progress)
        progress(scan.size, scan.size, "signing the package's checkpoint")
        info = checkpoints.sign_checkpoint(db, "export", actor=actor.name)   # 2. sign
        warnings = [info.outside_error] if info.outside_error else []
        if info.size > scan.size:
            with UnitOfWork(db, write=False) as more:
                scan.read(more.connection, upto=info.size, index=False)
        if info.size != scan.size:
            raise BrokenLog(f"the package's checkpoint signs {info.size} entries but {scan.size} were read "
                            "(run warroom audit verify)")
        writer.end_stream()
        progress(info.size, info.size, "building the Merkle tree")
        report, tree, notes, sizes = _report(db, scan, evidence, info, pdf)
        built = _build(db, writer, report, tree, notes, sizes, include_log, progress, warnings)   # 3. build
        writer.close()
        P.place(tmp, out)
    except BaseException:
        if writer is not None:
            writer.abort()
        tmp.unlink(missing_ok=True)
        raise
    try:
        return _record(db, actor, out, report, built, key, key_path, warnings)   # 4. record
    except BaseException:
        out.unlink(missing_ok=True)           # an export nobody recorded does not stay behind
        raise


def _report(db: Database, scan: LogScan, evidence: Evidence, info: checkpoints.CheckpointInfo,
            pdf: bool) -> tuple[Report, merkle.Tree, list[str], list[int]]:
    tree = merkle.Tree(bytes(scan.leaves))
    if tree.root().hex() != info.root_hex:
        raise BrokenLog(f"the package's checkpoint signs root {info.root_hex[:16]}… but the log read hashes to "
                        f"{tree.root().hex()[:16]}… (run warroom audit verify)")
    with UnitOfWork(db, write=False) as uow:
        stored = [_Stored(r.id, r.tree_size, r.root_hash, r.note) for r in uow.session.scalars(
            select(AuditCheckpoint).where(AuditCheckpoint.tree_size <= info.size)
            .order_by(AuditCheckpoint.tree_size, AuditCheckpoint.id))]
    _check_stored(tree, stored)
    earlier = [row for row in stored if row.id < info.id]
    notes = [row.note for row in earlier] + [info.note]
    sizes = sorted({row.tree_size for row in earlier if 0 < row.tree_size < info.size})
    vkey, _ = checkpoints.ensure_signing_key(db)
    head = PackageHead(origin=checkpoints.origin(evidence.database_id), tree_size=info.size, root_hash=info.root_hex,
                       root_hash_b64=base64.b64encode(bytes.fromhex(info.root_hex)).decode("ascii"),
                       chain_head_hash=scan.head_hash, checkpoint_id=info.id, checkpoint_note=info.note,
                       verifier_key=str(vkey), created_at=clock.iso(clock.now().replace(microsecond=0)) or "")
    cited = []
    for seq in sorted(evidence.sections.cited()):
        ref = scan.index.entries.get(seq)
        cited.append(CitedEntry(seq=seq, at=ref.at if ref else "", actor=ref.actor if ref else "",
                                action=ref.action if ref else "", entity=_entity(ref.entity if ref else "", evidence),
                                leaf_hash=scan.leaf(seq).hex(), proof=P.proof_member(seq)))
    return Report(evidence, head, tuple(cited), pdf), tree, notes, sizes


def _entity(entity: str, evidence: Evidence) -> str:
    """An entry's entity as shown: a file name (``file:NAME``) may hold an address: when the
    package is pseudonymized, only its kind is shown."""
    if evidence.pseudonymized and entity.startswith("file:"):
        return "file:…"
    return entity


@dataclass(frozen=True, slots=True)
class _Built:
    members: dict[str, str]          # member -> SHA-256
    audit_jsonl: str
    report_pdf: str
    verifier: str


def _build(db: Database, writer: P.PackageWriter, report: Report, tree: merkle.Tree, notes: list[str],
           earlier_sizes: list[int], include_log: bool, progress: Progress, warnings: list[str]) -> _Built:
    ev, head = report.evidence, report.head
    progress(0, None, "writing the report")
    html = render_html(report)
    writer.add("report.html", html.encode("utf-8"))
    writer.add("report.json", render_json(report))
    for name, data in render_csvs(report).items():
        writer.add(name, data)
    writer.add("plan-of-action.md", render_plan(report).encode("utf-8"))
    writer.add("checkpoints.txt", "".join(note + "\n" for note in notes).encode("utf-8"))
    for i, cited in enumerate(report.cited):
        if i % 500 == 0:
            progress(i, len(report.cited), "writing the inclusion proofs")
        writer.add(cited.proof, P.inclusion_proof(tree, cited.seq, head.tree_size, head.checkpoint_note).encode("utf-8"))
    if not include_log:       # without audit.jsonl, each earlier checkpoint is shown a prefix of the package's
        for old_size in earlier_sizes:
            writer.add(P.consistency_member(old_size),
                       P.consistency_proof(tree, old_size, head.tree_size).encode("utf-8"))
    verifier = P.verifier_source()
    if verifier is not None:
        writer.add("verify_appeal.py", verifier)
    else:
        warnings.append("tools/verify_appeal.py is not installed here: the package has no verify_appeal.py")
    writer.add("README.txt", render_text(
        "README.txt", database_id=ev.database_id, start=ev.start, end=ev.end, created_at=head.created_at,
        origin=head.origin, tree_size=head.tree_size, root_hash=head.root_hash, verifier_key=head.verifier_key,
        pseudonymized=ev.pseudonymized, audit_jsonl=include_log, verifier=verifier is not None,
        pdf=report.pdf).encode("utf-8"))
    if report.pdf:
        header = (f"War Room appeal evidence · database {ev.database_id} · tree size {head.tree_size} · "
                  f"root hash {head.root_hash}")
        footer = f"{ev.start} to {ev.end} · check it with verify_appeal.py"
        data, pdf_warnings = P.make_pdf(html, header, footer, progress=progress)
        warnings.extend(pdf_warnings)
        writer.add("report.pdf", data)
    progress(0, None, "signing the manifest")
    vkey, private = checkpoints.ensure_signing_key(db)
    built = _Built({}, "included" if include_log else "withheld",
                   "included" if report.pdf else "omitted (--no-pdf)",
                   "included" if verifier is not None else "not available")
    fields = {"database_id": ev.database_id, "origin": head.origin, "created_at": head.created_at,
              "from": ev.start, "to": ev.end, "pseudonymized": ev.pseudonymized, "tree_size": head.tree_size,
              "root_hash": head.root_hash, "chain_head_hash": head.chain_head_hash,
              "checkpoint_id": head.checkpoint_id, "verifier_key": head.verifier_key,
              "verifier_keys": [str(k) for k in checkpoints.verifier_keys(db)],
              "audit_jsonl": built.audit_jsonl, "report_pdf": built.report_pdf, "verifier": built.verifier}
    manifest = P.manifest_bytes(fields, writer.hashes)
    writer.add("manifest.json", manifest)
    writer.add("manifest.json.sig", P.manifest_signature(manifest, vkey.name, vkey.key_id, private.sign)
               .encode("utf-8"))
    built.members.update(writer.hashes)
    return built


def _record(db: Database, actor: Actor, out: Path, report: Report, built: _Built, key: bytes | None,
            key_path: Path | None, warnings: list[str]) -> ExportResult:
    """4. The export's one audit entry, with the zip's hash (it cannot be inside the zip)."""
    sha, size = P.file_sha256(out)
    ev, head = report.evidence, report.head
    payload: dict[str, object] = {
        "file": out.name, "sha256": sha, "bytes": size, "from": ev.start, "to": ev.end,
        "pseudonymized": ev.pseudonymized, "audit_jsonl": built.audit_jsonl, "report_pdf": built.report_pdf,
        "tree_size": head.tree_size, "root_hash": head.root_hash, "checkpoint_id": head.checkpoint_id,
        "manifest_sha256": built.members["manifest.json"], "members": len(built.members),
        "cited_entries": len(report.cited)}
    if key is not None:
        payload["pseudonym_key_id"] = hashlib.sha256(key).hexdigest()[:16]
    with UnitOfWork(db) as uow:
        current_actor(uow, actor, Permission.EXPORT_APPEAL)
        entry = uow.audit(actor.name, ACTION, f"file:{out.name}", payload)
        uow.commit()
    return ExportResult(path=out, sha256=sha, bytes=size, start=ev.start, end=ev.end, tree_size=head.tree_size,
                        root_hash=head.root_hash, checkpoint_id=head.checkpoint_id, pseudonymized=ev.pseudonymized,
                        audit_jsonl=built.audit_jsonl, report_pdf=built.report_pdf, verifier=built.verifier,
                        members=len(built.members), cited_entries=len(report.cited), summary=ev.summary,
                        entry_seq=entry.seq, verifier_key=head.verifier_key,
                        pseudonym_key_file=str(key_path) if key_path else None, warnings=tuple(warnings))
