"""Commands on the audit chain."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Callable

from warroom.cli.common import (
    Parser,
    count_arg,
    emit,
    open_db,
    progress_bar,
    short,
)


def cmd_audit(args: argparse.Namespace) -> int:
    from warroom.services.status import audit_entries, verify_audit_chain

    db = open_db(args)
    if args.audit_command == "verify":
        result = verify_audit_chain(db, progress_bar("verifying", args))
        data = result.to_dict()
        if getattr(args, "json", False):
            emit(args, data)
        elif result.ok:
            sys.stdout.write(f"OK {result.count} {result.head_hash}\n")
        else:
            sys.stdout.write(f"BROKEN at entry {result.first_bad_seq}: {result.reason}\n")
        return 0 if result.ok else 1
    rows = audit_entries(db, limit=args.limit, newest_first=True)
    emit(args, rows, lambda rs: "\n".join(
        f"{e['seq']:>6}  {e['at']}  {e['actor']:<12} {e['action']:<22} {e['entity']:<16} "
        f"{short(json.dumps(e['payload'], ensure_ascii=False), 80)}" for e in rs) or "(no entries)")
    return 0




def register(add: Callable[..., argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    p = add("audit", cmd_audit, "the audit chain")
    asub = p.add_subparsers(dest="audit_command", metavar="ACTION", parser_class=Parser)
    asub.required = True
    asub.add_parser("verify", parents=[common], help="re-walk the whole chain from the stored bytes")
    q = asub.add_parser("log", parents=[common], help="the newest audit entries")
    q.add_argument("--limit", type=count_arg, default=50)


