"""Commands on the audit chain, and the check of its guard triggers after every run that wrote."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Callable

from warroom import clock
from warroom.cli.common import (
    Parser,
    actor_of,
    count_arg,
    emit,
    message_line,
    open_db,
    progress_bar,
    short,
)

from warroom.errors import BusinessRuleError
from warroom.storage.engine import Database

if TYPE_CHECKING:
    from warroom.services.status import AuditVerification
    from warroom.services.deep_check import DeepResult

#: exit code of a run that did its work but wrote to a database whose audit guard triggers are missing
EXIT_GUARDS_MISSING = 4


def cmd_audit(args: argparse.Namespace) -> int:
    from warroom.services.status import audit_entries, copy_database

    if args.audit_command == "verify":
        return _cmd_verify(args)
    db = open_db(args)
    if args.audit_command == "key":
        return _cmd_key(args, db)
    if args.audit_command == "checkpoint":
        return _cmd_checkpoint(args, db)
    if args.audit_command == "copy":
        copied = copy_database(db, args.out)
        emit(args, {"path": copied.path, "count": copied.count},
             lambda d: f"copied to {d['path']} ({d['count']} audit entries); check it with: "
                       f"warroom audit verify --db {d['path']}")
        return 0
    rows = audit_entries(db, limit=args.limit, newest_first=True)
    emit(args, rows, lambda rs: "\n".join(
        f"{e['seq']:>6}  {e['at']}  {e['actor']:<12} {e['action']:<22} {e['entity']:<16} "
        f"{short(json.dumps(e['payload'], ensure_ascii=False), 80)}" for e in rs) or "(no entries)")
    return 0


def _deep_check(args: argparse.Namespace, db: Database, result: AuditVerification) -> DeepResult | None:
    """``--deep``: the evidence tables against the entries verified (services/deep_check.py)."""
    if not getattr(args, "deep", False):
        return None
    from warroom.services.deep_check import deep_check

    return deep_check(db, upto=None if result.ok else result.verified_count)


def _human_deep(deep: DeepResult, result: AuditVerification) -> str:
    lines = [d.message for d in deep.differences]
    tables = ", ".join(f"{table} {rows}" for table, rows in deep.checked.items())
    scope = "" if result.ok else f" (entries 1 to {result.verified_count} only: the rest are not vouched for)"
    lines.append(f"deep: {len(deep.differences)} difference(s) between the tables and the chain{scope}; "
                 f"rows checked: {tables}" if deep.differences else
                 f"deep: OK, the tables agree with the chain{scope}; rows checked: {tables}")
    return "\n".join(lines) + "\n"


def _cmd_key(args: argparse.Namespace, db: Database) -> int:
    from warroom.services import checkpoints

    keys = checkpoints.verifier_keys(db)
    if not keys:
        raise BusinessRuleError("this database has no checkpoint key yet: run warroom init (or sign a checkpoint: "
                                "warroom audit checkpoint --as USER)")
    emit(args, [{"verifier_key": str(k), "name": k.name, "key_id": k.key_id.hex()} for k in keys],
         lambda rows: "\n".join(r["verifier_key"] for r in rows))
    return 0


def _cmd_checkpoint(args: argparse.Namespace, db: Database) -> int:
    from warroom.domain.roles import Permission
    from warroom.services import checkpoints

    actor = actor_of(args, db)
    assert actor is not None
    actor.require(Permission.WORK_TICKETS)
    info = checkpoints.sign_checkpoint(db, "manual", actor=actor.name)
    if info.outside_error:
        sys.stderr.write(f"warroom: warning: {info.outside_error}\n")
    emit(args, {"id": info.id, "tree_size": info.size, "root_hash": info.root_hex, "key_id": info.key_id,
                "signed_at": clock.iso(info.signed_at), "note": info.note,
                "outside_file": str(info.outside_file) if info.outside_file else None},
         lambda d: d["note"] + (f"\n(also appended to {d['outside_file']})" if d["outside_file"] else ""))
    return 0


def _cmd_verify(args: argparse.Namespace) -> int:
    from warroom.services.status import pending_wal, verify_audit_chain

    wal = pending_wal(getattr(args, "db", None))       # looked at before this run opens the database
    db = open_db(args)
    result = verify_audit_chain(db, progress_bar("verifying", args), checkpoint_file=args.checkpoint, key=args.key)
    deep = _deep_check(args, db, result)                # None without --deep
    if getattr(args, "json", False):
        emit(args, {**result.to_dict(), **({"deep": deep.to_dict()} if deep is not None else {})})
    else:
        sys.stdout.write(_human_verify(result))
        if deep is not None:
            sys.stdout.write(_human_deep(deep, result))
        cps = result.checkpoints
        if not cps.stored and cps.outside_notes is None and cps.given_file is None:
            sys.stderr.write("warroom: note: no checkpoint was signed yet, so a dropped tail or a rebuilt log cannot "
                             "be shown (sign one: warroom audit checkpoint --as USER)\n")
    if wal is not None:
        sys.stderr.write(f"warroom: warning: {wal.warning}\n")
    return 0 if result.ok and (deep is None or deep.ok) else 1


def _human_verify(result: AuditVerification) -> str:
    """``OK <count> <head hash>`` or ``BROKEN …`` and how far it is verified; then the checkpoints."""
    lines = []
    if result.ok:
        lines.append(f"OK {result.count} {result.head_hash}")
    else:
        at = f" at entry {result.first_bad_seq}" if not result.chain.ok else ""
        lines.append(f"BROKEN{at}: {result.reason}")
        lines.append(f"verified: entries 1 to {result.verified_count} of {result.count}, the last of them with hash "
                     f"{result.verified_head_hash}" if result.verified_count else
                     f"verified: none of the {result.count} entries")
    cps = result.checkpoints
    if cps.stored and cps.newest is not None:
        newest = cps.newest
        compared = (f"all {cps.stored} match the log" if cps.ok and cps.checked == cps.stored else
                    f"{cps.checked} compared with the log")
        lines.append(f"checkpoints: {cps.stored} stored, {compared}; the newest is checkpoint {newest['id']} "
                     f"({newest['tree_size']} entries, signed {newest['signed_at']})")
    if cps.outside_notes is not None:
        lines.append(f"outside the database: {cps.outside_notes} checkpoint(s) in {cps.outside_file}")
    elif cps.stored and cps.outside_file:
        lines.append(f"outside the database: no file at {cps.outside_file}")
    for g in cps.given:
        size = f"checkpoint of {g.tree_size} entries" if g.tree_size is not None else "a note"
        by = f", signed by {g.verified_by}" if g.verified_by else ""
        verdict = ("matches the log" if g.matches else "does NOT match the log" if g.matches is False else
                   "not compared" + (f" ({g.problem})" if g.problem else ""))
        lines.append(f"{cps.given_file}: {size}{by}: {verdict}")
    lines += [f"checkpoint finding: {f}" for f in cps.findings]
    return "\n".join(lines) + "\n"


def run_checked(args: argparse.Namespace) -> int:
    """Run the parsed command.  Before it, forget what earlier runs in this process left; after
    it, print on stderr what the checks on open found about the log and its checkpoints, and
    any checkpoint that could not be signed; for each database it appended audit entries to,
    sign the hourly checkpoint when it is due, and when that database's guard triggers are
    missing, warn and turn a success into EXIT_GUARDS_MISSING (the work is done: the warning
    is about the database, not the command).  The checkpoint findings do not change the exit
    code (``audit verify`` exits 1 on them)."""
    from warroom.services import checkpoints          # also: the log is checked on every open
    from warroom.services.status import forget_writes

    forget_writes()
    checkpoints.take_open_findings()
    checkpoints.take_warnings()
    try:
        code = int(args.func(args))
    except BaseException as exc:
        _after_run(args, sign=isinstance(exc, Exception))
        raise
    return EXIT_GUARDS_MISSING if _after_run(args, sign=True) and code == 0 else code


def _after_run(args: argparse.Namespace, *, sign: bool) -> bool:
    """The warnings after a run (see :func:`run_checked`); True when guard triggers are missing."""
    from warroom.services import checkpoints
    from warroom.services.status import guards_missing_where_written

    found = guards_missing_where_written(sign_hourly=sign)
    if getattr(args, "audit_command", None) != "verify":          # verify prints them as its result
        seen: set[tuple[str, str]] = set()
        for database, findings in checkpoints.take_open_findings():
            for finding in findings:
                if (database, finding) not in seen:
                    seen.add((database, finding))
                    sys.stderr.write(message_line(f"warroom: WARNING: {database}: {finding}") + "\n")
        if seen:
            sys.stderr.write("warroom: the audit log does not match its signed checkpoints: run warroom audit verify "
                             "(docs/appeal-package.md, section 2)\n")
    for warning in dict.fromkeys(checkpoints.take_warnings()):
        sys.stderr.write(message_line(f"warroom: warning: {warning}") + "\n")
    for database, state in found:
        sys.stderr.write(f"warroom: WARNING: {database}: {state.warning}\n")
    return bool(found)


def register(add: Callable[..., argparse.ArgumentParser], common: Parser) -> None:
    p = add("audit", cmd_audit, "the audit chain")
    asub = p.add_subparsers(dest="audit_command", metavar="ACTION", parser_class=Parser)
    asub.required = True
    v = asub.add_parser("verify", parents=[common],
                        help="re-walk the whole chain from the stored bytes, and check every signed checkpoint "
                             "(stored, outside the database, --checkpoint FILE) against it")
    v.add_argument("--checkpoint", metavar="FILE", default=None,
                   help="also check against the checkpoint(s) in FILE (written down, received by e-mail)")
    v.add_argument("--key", metavar="VKEY", default=None,
                   help="the verifier key that must have signed FILE's checkpoints (default: the registered keys)")
    v.add_argument("--deep", action="store_true",
                   help="also compare the evidence tables (drafts, refunds, notes, tags, ...) with the entries")
    q = asub.add_parser("log", parents=[common], help="the newest audit entries")
    q.add_argument("--limit", type=count_arg, default=50)
    asub.add_parser("key", parents=[common], help="the public key(s) that sign this log's checkpoints")
    asub.add_parser("checkpoint", parents=[common],
                    help="sign a checkpoint of the log now (also appended to the file outside the database)")
    c = asub.add_parser("copy", parents=[common],
                        help="a consistent copy of the whole database in a new file (SQLite backup API)")
    c.add_argument("out", metavar="OUT", help="the new file (never overwritten)")
