"""Team mode, the database itself: db upgrade, db copy --to URL, db setup-roles."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Callable

from warroom.cli.common import Parser, actor_of, emit, open_db, progress_bar, read_stdin
from warroom.errors import UsageError


def cmd_db(args: argparse.Namespace) -> int:
    from warroom.services import team

    if args.db_command == "upgrade":
        up = team.upgrade_database(getattr(args, "db", None))
        emit(args, dataclasses.asdict(up), lambda d: (
            f"{d['url']}: schema {d['after']}" + (" (already current)" if d["before"] == d["after"]
                                                  else f" (was {d['before'] or 'empty'})")))
        return 0
    if args.db_command == "copy":
        db = open_db(args)
        actor = actor_of(args, db)
        assert actor is not None
        result = team.copy_database(db, actor, args.to, progress_bar("copy", args))
        data = {"source": result.source, "target": result.target, "rows": result.rows,
                "tables": {t.table: t.rows for t in result.tables},
                "audit_entries": result.audit_entries, "head_hash": result.head_hash, "verified": True}
        emit(args, data, lambda d: (
            f"copied {d['rows']} rows in {len(d['tables'])} tables to {d['target']}\n"
            f"audit chain verified on the target: {d['audit_entries']} entries, head {d['head_hash']}"))
        return 0
    if args.db_command == "setup-roles":
        password = read_stdin("the role's password").rstrip("\r\n") if args.password_stdin else None
        setup = team.setup_roles(getattr(args, "db", None), args.role, password)
        emit(args, dataclasses.asdict(setup), lambda d: "\n".join(
            [f"on database {d['database']}, for role {d['role']}:"] + [f"  {s};" for s in d["statements"]]
            + [f"the console connects as {d['role']}: it can INSERT and SELECT the audit log, never change it"]))
        return 0
    raise UsageError(f"unknown db action {args.db_command!r}")  # pragma: no cover - argparse refuses first


def register(add: Callable[..., argparse.ArgumentParser], common: Parser) -> None:
    p = add("db", cmd_db, "the database itself: upgrade, copy to a server, roles (team mode)")
    sub = p.add_subparsers(dest="db_command", metavar="ACTION", parser_class=Parser)
    sub.required = True
    sub.add_parser("upgrade", parents=[common], help="run the migrations on the database (--db URL) up to this version")
    q = sub.add_parser("copy", parents=[common],
                       help="copy every row to an empty database (--to URL) and verify its audit chain there (admin)")
    q.add_argument("--to", required=True, metavar="URL", help="the target database, e.g. postgresql+psycopg://...")
    q = sub.add_parser("setup-roles", parents=[common],
                       help="on a PostgreSQL server (--db as its owner): create the application role, "
                            "INSERT/SELECT only on the audit log")
    q.add_argument("--role", default="warroom_app", help="the application role's name (default warroom_app)")
    q.add_argument("--password-stdin", action="store_true", help="read the role's password from standard input")
