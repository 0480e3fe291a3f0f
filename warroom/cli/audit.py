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
    open_db,
    progress_bar,
    short,
)

from warroom.errors import BusinessRuleError
from warroom.storage.engine import Database

if TYPE_CHECKING:
    from warroom.domain.audit import VerifyResult
    from warroom.services.deep_check import DeepResult

#: exit code of a run that did its work but wrote to a database whose audit guard triggers are missing
EXIT_GUARDS_MISSING = 4


def cmd_audit(args: argparse.Namespace) -> int:
    from warroom.services.status import audit_entries, copy_database, pending_wal, verify_audit_chain

    if args.audit_command == "verify":
        wal = pending_wal(getattr(args, "db", None))       # looked at before this run opens the database
        db = open_db(args)
        result = verify_audit_chain(db, progress_bar("verifying", args))
        deep = _deep_check(args, db, result)                # None without --deep
        if getattr(args, "json", False):
            emit(args, {**result.to_dict(), **({"deep": deep.to_dict()} if deep is not None else {})})
        elif result.ok:
            sys.stdout.write(f"OK {result.count} {result.head_hash}\n")
        else:
            sys.stdout.write(f"BROKEN at entry {result.first_bad_seq}: {result.reason}\n")
            sys.stdout.write(f"verified: entries 1 to {result.verified_count} of {result.count}, "
                             f"the last of them with hash {result.verified_head_hash}\n"
                             if result.verified_count else
                             f"verified: none of the {result.count} entries\n")
        if deep is not None and not getattr(args, "json", False):
            sys.stdout.write(_human_deep(deep, result))
        if wal is not None:
            sys.stderr.write(f"warroom: warning: {wal.warning}\n")
        return 0 if result.ok and (deep is None or deep.ok) else 1
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


def _deep_check(args: argparse.Namespace, db: Database, result: VerifyResult) -> DeepResult | None:
    """``--deep``: the evidence tables against the entries verified (services/deep_check.py)."""
    if not getattr(args, "deep", False):
        return None
    from warroom.services.deep_check import deep_check

    return deep_check(db, upto=None if result.ok else result.verified_count)


def _human_deep(deep: DeepResult, result: VerifyResult) -> str:
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


def run_checked(args: argparse.Namespace) -> int:
    """Run the parsed command; when it appended audit entries to a database whose guard
    triggers are missing, warn on stderr and turn a success into EXIT_GUARDS_MISSING (the
    work is done: the warning is about the database, not the command)."""
    from warroom.services.status import forget_writes

    forget_writes()
    try:
        code = int(args.func(args))
    except BaseException:
        _warn_missing_guards()
        raise
    return EXIT_GUARDS_MISSING if _warn_missing_guards() and code == 0 else code


def _warn_missing_guards() -> bool:
    from warroom.services.status import guards_missing_where_written

    found = guards_missing_where_written()
    for database, state in found:
        sys.stderr.write(f"warroom: WARNING: {database}: {state.warning}\n")
    return bool(found)


def register(add: Callable[..., argparse.ArgumentParser], common: Parser) -> None:
    p = add("audit", cmd_audit, "the audit chain")
    asub = p.add_subparsers(dest="audit_command", metavar="ACTION", parser_class=Parser)
    asub.required = True
    v = asub.add_parser("verify", parents=[common], help="re-walk the whole chain from the stored bytes")
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
