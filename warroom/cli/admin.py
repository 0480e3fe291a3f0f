"""Commands of the admin and the installation: init, status, gui, user, settings, demo."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import Any, Callable

from warroom.cli.common import (
    Parser,
    actor_of,
    emit,
    info,
    new_password,
    open_db,
    table,
)
from warroom.domain.roles import parse_role
from warroom.errors import BadInput, UsageError


def cmd_init(args: argparse.Namespace) -> int:
    from warroom.services.checkpoints import ensure_signing_key
    from warroom.services.status import status

    db = open_db(args)
    vkey, _ = ensure_signing_key(db)      # the database's id and this machine's checkpoint key
    info = status(db)
    data = {**info["database"], "verifier_key": str(vkey)}
    emit(args, data, lambda d: f"database ready: {d['url']} (schema {d['schema_revision']})\n"
                               f"checkpoint key: {d['verifier_key']}")
    return 0


def _human_status(s: dict[str, Any]) -> str:
    susp = s["suspension"]
    lines = [f"database:   {s['database']['url']} (schema {s['database']['schema_revision']})",
             "suspension: " + (f"SUSPENDED since {susp['declared_at']} ({susp['reason']})"
                               + (f"; Amazon's notice received {susp['notice_received_at']}"
                                  if susp.get("notice_received_at") else "") if susp else "none"),
             f"audit:      {s['audit']['count']} entries, head {s['audit']['head_hash']}",
             "guards:     " + (s["audit"]["guards"] if s["audit"]["guards"] == "ok" else
                               f"WARNING {s['audit']['guards']}: the database accepts edits of the audit chain"),
             "tickets:    " + ", ".join(f"{k} {v}" for k, v in s["tickets"].items()),
             f"orders:     {s['orders']}", f"users:      {s['users']}"]
    return "\n".join(lines)


def cmd_status(args: argparse.Namespace) -> int:
    from warroom.services.status import status

    emit(args, status(open_db(args)), _human_status)
    return 0


def _human_user(u: dict[str, Any]) -> str:
    return f"{u['name']} ({u['role']}){' disabled' if u['disabled'] else ''}"


def cmd_user(args: argparse.Namespace) -> int:
    from warroom.services import users

    db = open_db(args)
    if args.user_command == "list":
        data = users.list_users(db)
        emit(args, data, lambda rows: table([[str(u["id"]), u["name"], u["role"], "disabled" if u["disabled"] else "active",
                                                u["created_at"]] for u in rows], ["ID", "NAME", "ROLE", "STATE", "CREATED"]))
        return 0
    if args.user_command == "add":
        role = parse_role(args.role)
        actor = actor_of(args, db, required=users.user_count(db) > 0)
        result = users.add_user(db, actor, args.name, role, new_password(args))
        emit(args, result, lambda u: f"user added: {_human_user(u)}")
        return 0
    actor = actor_of(args, db)
    assert actor is not None
    if args.user_command == "disable":
        result = users.disable_user(db, actor, args.name)
        emit(args, result, lambda u: f"user disabled: {u['name']}")
    elif args.user_command == "enable":
        result = users.enable_user(db, actor, args.name)
        emit(args, result, lambda u: f"user enabled: {u['name']}")
    elif args.user_command == "set-role":
        result = users.set_role(db, actor, args.name, parse_role(args.role))
        emit(args, result, lambda u: f"role changed: {_human_user(u)}")
    elif args.user_command == "reset-password":
        result = users.reset_password(db, actor, args.name, new_password(args))
        emit(args, result, lambda u: f"password reset for {u['name']}")
    return 0


def _setting_value(args: argparse.Namespace, key: str, secret: bool) -> str:
    """VALUE from argv (never for a secret), one line of stdin, or a hidden prompt typed twice."""
    if args.value is not None and args.value_stdin:
        raise UsageError("give VALUE or --value-stdin, not both")
    if args.value_stdin:
        try:
            line = sys.stdin.readline() if sys.stdin is not None else ""
            line.encode("utf-8")
        except (UnicodeError, ValueError):
            raise BadInput(f"setting {key}: --value-stdin read bytes that are not UTF-8 text") from None
        if not line:
            raise UsageError(f"--value-stdin read nothing for {key}: give the value as one line on standard input")
        return line.rstrip("\r\n")
    if args.value is not None:
        return str(args.value)
    how = f"--value-stdin (one line on standard input, e.g. warroom settings set {key} --value-stdin < file)"
    if secret and sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass(f"{key}: ")
        if getpass.getpass("Repeat it: ") != first:
            raise BadInput(f"setting {key}: the two entries differ; nothing was changed")
        return first
    raise UsageError(f"no value for {key}: give it with {how}"
                     + (" or run on a terminal to be prompted" if secret else " or as VALUE"))


def _secret_flag(row: dict[str, Any]) -> str:
    if row.get("stored_in") == "database" and row.get("warning"):
        return "  (in the database in clear: no OS keyring)"
    if row.get("stored_in") == "keyring":
        return "  (in the OS keyring)"
    return ""


def cmd_settings(args: argparse.Namespace) -> int:
    from warroom.domain.settings import spec_for
    from warroom.services import settings

    if args.settings_command == "set":
        spec = spec_for(args.key)
        if spec.secret and args.value is not None:
            raise UsageError(f"{args.key} is a secret and is not taken from the command line (other users "
                             f"see it in the process list; the shell keeps it in its history): use "
                             f"warroom settings set {args.key} --value-stdin, or leave VALUE out on a "
                             f"terminal to be prompted")
    db = open_db(args)
    if args.settings_command == "get":
        rows = settings.get_settings(db, args.key)
        for row in rows:
            if row.get("warning"):
                info(f"warroom: warning: {row['warning']}")
        if args.key and getattr(args, "json", False):
            emit(args, rows[0])
        else:
            emit(args, rows, lambda rs: "\n".join(
                f"{r['key']} = {json.dumps(r['value'], ensure_ascii=False)}{'  (default)' if r['default'] else ''}"
                f"{_secret_flag(r)}" for r in rs))
        return 0
    actor = actor_of(args, db)
    assert actor is not None
    result = settings.set_setting(db, actor, args.key, _setting_value(args, args.key, spec.secret))
    if result.get("warning"):
        info(f"warroom: warning: {result['warning']}")
    emit(args, result, lambda r: f"{r['key']} = {json.dumps(r['value'], ensure_ascii=False)}"
          + ("" if r["changed"] else " (unchanged)") + _secret_flag(r))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from warroom.services.demo import load_demo
    from warroom.services.users import user_count

    db = open_db(args)
    actor = actor_of(args, db, required=not (args.with_users and user_count(db) == 0))
    result = load_demo(db, actor, with_users=args.with_users)
    emit(args, result, lambda r: (f"demo data loaded: {r['orders']} orders, {r['tickets']} tickets, {r['messages']} messages"
                                   + (f"; users {', '.join(r['users'])} (password 'demo')" if r["users"] else "")
                                   + (f"; {r['templates']} starter templates approved by compliance"
                                      if r.get("templates") else "")))
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    """Start the desktop console (``ui.app``) in its own process: the core never imports Qt."""
    import subprocess

    from warroom.frozen import console_command

    argv = console_command()
    if getattr(args, "db", None):
        argv += ["--db", args.db]
    if getattr(args, "actor", None):
        argv += ["--as", args.actor]
    return subprocess.call(argv)




def register(add: Callable[..., argparse.ArgumentParser], common: Parser) -> None:
    add("init", cmd_init, "create or migrate the database")
    add("status", cmd_status, "database, suspension, audit head, ticket counts")
    add("gui", cmd_gui, "start the desktop console")

    p = add("user", cmd_user, "user administration (admin)")
    usub = p.add_subparsers(dest="user_command", metavar="ACTION", parser_class=Parser)
    usub.required = True
    q = usub.add_parser("add", parents=[common], help="add a user")
    q.add_argument("name")
    q.add_argument("--role", required=True, help="agent, compliance or admin")
    q.add_argument("--password-stdin", action="store_true", help="read the new password from stdin")
    usub.add_parser("list", parents=[common], help="list users")
    q = usub.add_parser("disable", parents=[common], help="disable a user")
    q.add_argument("name")
    q = usub.add_parser("enable", parents=[common], help="enable a disabled user again")
    q.add_argument("name")
    q = usub.add_parser("set-role", parents=[common], help="change a user's role")
    q.add_argument("name")
    q.add_argument("role")
    q = usub.add_parser("reset-password", parents=[common], help="set a new password")
    q.add_argument("name")
    q.add_argument("--password-stdin", action="store_true")

    p = add("settings", cmd_settings, "audited settings")
    ssub = p.add_subparsers(dest="settings_command", metavar="ACTION", parser_class=Parser)
    ssub.required = True
    q = ssub.add_parser("get", parents=[common], help="show settings")
    q.add_argument("key", nargs="?")
    q = ssub.add_parser("set", parents=[common], help="change a setting (admin)")
    q.add_argument("key")
    q.add_argument("value", nargs="?", help="the new value (not for secrets such as smtp.password)")
    q.add_argument("--value-stdin", action="store_true",
                   help="read the value from one line of standard input (keeps a secret out of argv)")

    p = add("demo", cmd_demo, "fill an empty database with realistic synthetic data (admin)")
    p.add_argument("--with-users", action="store_true", help="also create users agent, compliance, admin (password 'demo')")

