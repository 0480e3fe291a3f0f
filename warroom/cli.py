"""The `warroom` command (contract: ../shared/design/CLI.md).  Thin: parse, call a service, print."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
import traceback
from pathlib import Path
from typing import Any, Callable, Sequence

from warroom import clock, paths
from warroom.domain.roles import Actor, parse_role
from warroom.errors import AuthenticationError, BadInput, UsageError, WarroomError

EXIT_INTERNAL = 70


# ---------------------------------------------------------------- plumbing

class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, no usage dump
        self.exit(2, f"warroom: usage error: {message} (see warroom {self.prog.split(' ', 1)[-1]} --help)\n")


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help="SQLAlchemy URL or SQLite file path")
    common.add_argument("--as", dest="actor", default=argparse.SUPPRESS, metavar="USER", help="acting user")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")
    return common


def _emit(args: argparse.Namespace, data: Any, human: Callable[[Any], str] | None = None) -> None:
    if getattr(args, "json", False):
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif human is not None:
        text = human(data)
        if text:
            sys.stdout.write(text + ("\n" if not text.endswith("\n") else ""))
    else:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _info(message: str) -> None:
    sys.stderr.write(message + "\n")


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from warroom.storage.engine import open_database

    return open_database(getattr(args, "db", None))


def _password_for_actor(name: str) -> str:
    password = os.environ.get("WARROOM_PASSWORD")
    if password is not None:
        return password
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"Password for {name}: ")
    raise AuthenticationError("password required: set WARROOM_PASSWORD or run on a terminal")


def _actor(args: argparse.Namespace, db: Any, required: bool = True) -> Actor | None:
    from warroom.services.users import authenticate

    name = getattr(args, "actor", None)
    if not name:
        if required:
            raise UsageError("this command changes data: say who you are with --as USER")
        return None
    return authenticate(db, name, _password_for_actor(name))


def _new_password(args: argparse.Namespace) -> str:
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline() if sys.stdin is not None else ""
        password = line.rstrip("\r\n")
        if not password:
            raise AuthenticationError("password required: --password-stdin read an empty line")
        return password
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass("New password: ")
        if getpass.getpass("Repeat it: ") != first:
            raise BadInput("the two passwords differ")
        return first
    raise AuthenticationError("password required: use --password-stdin or run on a terminal")


def _table(rows: list[list[str]], headers: list[str]) -> str:
    if not rows:
        return "(none)"
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def _short(text: str | None, n: int) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= n else text[: n - 1] + "…"


# ---------------------------------------------------------------- commands

def cmd_init(args: argparse.Namespace) -> int:
    from warroom.services.status import status

    db = _open(args)
    info = status(db)
    _emit(args, info["database"], lambda d: f"database ready: {d['url']} (schema {d['schema_revision']})")
    return 0


def _human_status(s: dict[str, Any]) -> str:
    susp = s["suspension"]
    lines = [f"database:   {s['database']['url']} (schema {s['database']['schema_revision']})",
             "suspension: " + (f"SUSPENDED since {susp['declared_at']} ({susp['reason']})" if susp else "none"),
             f"audit:      {s['audit']['count']} entries, head {s['audit']['head_hash']}",
             "tickets:    " + ", ".join(f"{k} {v}" for k, v in s["tickets"].items()),
             f"orders:     {s['orders']}", f"users:      {s['users']}"]
    return "\n".join(lines)


def cmd_status(args: argparse.Namespace) -> int:
    from warroom.services.status import status

    _emit(args, status(_open(args)), _human_status)
    return 0


def _human_user(u: dict[str, Any]) -> str:
    return f"{u['name']} ({u['role']}){' disabled' if u['disabled'] else ''}"


def cmd_user(args: argparse.Namespace) -> int:
    from warroom.services import users

    db = _open(args)
    if args.user_command == "list":
        data = users.list_users(db)
        _emit(args, data, lambda rows: _table([[str(u["id"]), u["name"], u["role"], "disabled" if u["disabled"] else "active",
                                                u["created_at"]] for u in rows], ["ID", "NAME", "ROLE", "STATE", "CREATED"]))
        return 0
    if args.user_command == "add":
        role = parse_role(args.role)
        actor = _actor(args, db, required=users.user_count(db) > 0)
        result = users.add_user(db, actor, args.name, role, _new_password(args))
        _emit(args, result, lambda u: f"user added: {_human_user(u)}")
        return 0
    actor = _actor(args, db)
    assert actor is not None
    if args.user_command == "disable":
        result = users.disable_user(db, actor, args.name)
        _emit(args, result, lambda u: f"user disabled: {u['name']}")
    elif args.user_command == "set-role":
        result = users.set_role(db, actor, args.name, parse_role(args.role))
        _emit(args, result, lambda u: f"role changed: {_human_user(u)}")
    elif args.user_command == "reset-password":
        result = users.reset_password(db, actor, args.name, _new_password(args))
        _emit(args, result, lambda u: f"password reset for {u['name']}")
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from warroom.services import settings

    db = _open(args)
    if args.settings_command == "get":
        rows = settings.get_settings(db, args.key)
        if args.key and getattr(args, "json", False):
            _emit(args, rows[0])
        else:
            _emit(args, rows, lambda rs: "\n".join(
                f"{r['key']} = {json.dumps(r['value'], ensure_ascii=False)}{'  (default)' if r['default'] else ''}" for r in rs))
        return 0
    actor = _actor(args, db)
    assert actor is not None
    result = settings.set_setting(db, actor, args.key, args.value)
    _emit(args, result, lambda r: f"{r['key']} = {json.dumps(r['value'], ensure_ascii=False)}"
          + ("" if r["changed"] else " (unchanged)"))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from warroom.services.demo import load_demo
    from warroom.services.users import user_count

    db = _open(args)
    actor = _actor(args, db, required=not (args.with_users and user_count(db) == 0))
    result = load_demo(db, actor, with_users=args.with_users)
    _emit(args, result, lambda r: (f"demo data loaded: {r['orders']} orders, {r['tickets']} tickets, {r['messages']} messages"
                                   + (f"; users {', '.join(r['users'])} (password 'demo')" if r["users"] else "")))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from warroom.services import imports

    db = _open(args)
    actor = _actor(args, db)
    assert actor is not None
    done: list[dict[str, Any]] = []

    def report(summary: dict[str, Any]) -> None:
        done.append(summary)
        if not getattr(args, "json", False):
            sys.stdout.write(imports.describe_summary(summary) + "\n")
            for s in summary["skipped"]:
                sys.stdout.write(f"  {imports.describe_skipped(s)}\n")

    run = imports.import_orders if args.import_kind == "orders" else imports.import_messages
    try:
        run(db, actor, args.files, skip_bad=args.skip_bad, progress=_progress_bar("importing", args), on_file_done=report)
    finally:
        if getattr(args, "json", False):
            sys.stdout.write(json.dumps(done, ensure_ascii=False, indent=2) + "\n")
    return 0


def cmd_orders(args: argparse.Namespace) -> int:
    from warroom.services.orders import list_orders

    data = list_orders(_open(args), limit=args.limit)
    _emit(args, data, lambda rows: _table(
        [[str(o["id"]), o["amazon_order_id"], o["purchase_date"] or "", o["status"], o["fulfillment_channel"],
          o["marketplace"] or "", f"{o['total'] or ''} {o['currency'] or ''}".strip(), str(len(o["items"]))]
         for o in rows], ["ID", "ORDER", "PURCHASED", "STATUS", "FC", "MKT", "TOTAL", "ITEMS"]))
    return 0


def _due_text(due: str | None) -> str:
    if not due:
        return "-"
    left = clock.parse_iso(due) - clock.now()
    hours = left.total_seconds() / 3600
    return f"{hours:+.1f}h" if abs(hours) < 100 else f"{hours / 24:+.0f}d"


def cmd_tickets(args: argparse.Namespace) -> int:
    from warroom.services.deadlines import sweep
    from warroom.services.tickets import list_tickets

    db = _open(args)
    sweep(db)          # record deadlines found missed and escalate claims near theirs, first
    data = list_tickets(db, tag=args.tag, status=args.status, include_closed=args.all, limit=args.limit,
                        search=args.search)
    _emit(args, data, lambda rows: _table(
        [[str(t["id"]), str(t["priority"]), _due_text(t["due_at"]), t["channel"], t["amazon_order_id"] or "-",
          t["category"], ",".join(t["tags"]) or "-", t["status"], t["language"] or "-", t["assignee"] or "-",
          _short(t["subject"], 60)] for t in rows],
        ["ID", "PRI", "DUE", "CHANNEL", "ORDER", "CATEGORY", "TAGS", "STATUS", "LANG", "ASSIGNEE", "SUBJECT"]))
    return 0


def _human_ticket(t: dict[str, Any]) -> str:
    out = [f"Ticket {t['id']}  [{t['status']}]  {t['channel']}  priority {t['priority']}  due {t['due_at'] or '-'}",
           f"Subject:  {t['subject']}", f"Order:    {t['amazon_order_id'] or '-'}   Buyer: {t['buyer_name'] or '-'}"
           f" <{t['buyer_address'] or '-'}>   Language: {t['language'] or '-'}",
           f"Category: {t['category']}   Tags: {', '.join(t['tags']) or '-'}   Assignee: {t['assignee'] or '-'}"]
    for tag, why in t["tag_reasons"].items():
        if why["reason"]:
            out.append(f"  {tag}: {why['reason']} ({why['set_by']}, {why['set_at']})")
    if t["order"]:
        o = t["order"]
        out.append(f"Cached order: {o['status']} {o['fulfillment_channel']} {o['marketplace'] or ''} total "
                   f"{o['total'] or '?'} {o['currency'] or ''}, latest ship {o['latest_ship_date'] or '-'}")
        for i in o["items"]:
            out.append(f"  {i['quantity']} x {i['title'] or i['sku']} [{i['asin'] or '-'}] {i['line_price'] or '?'}")
    for m in t["messages"]:
        arrow = "<<" if m["direction"] == "inbound" else ">>"
        out += ["", f"{arrow} #{m['id']} {m['at']} {m['from']}", f"   {m['subject']}"]
        out += ["   " + line for line in m["body"].splitlines()]
        for a in m["attachments"]:
            out.append(f"   [attachment] {a['filename']} ({a['content_type']}, {a['size']} bytes)")
    for n in t["notes"]:
        out += ["", f"[private note #{n['id']}] {n['at']} {n['author']}: {n['text']}"]
    return "\n".join(out)


def cmd_ticket(args: argparse.Namespace) -> int:
    from warroom.services.tickets import get_ticket

    _emit(args, get_ticket(_open(args), args.ticket), _human_ticket)
    return 0


def _ticket_action(args: argparse.Namespace, action: Callable[..., dict[str, Any]], *values: Any,
                   done: Callable[[dict[str, Any]], str]) -> int:
    db = _open(args)
    actor = _actor(args, db)
    result = action(db, actor, args.ticket, *values)
    _emit(args, result, done)
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    from warroom.services.tickets import add_note

    return _ticket_action(args, add_note, args.text, done=lambda r: f"note {r['id']} added to ticket {r['ticket_id']}")


def cmd_tag(args: argparse.Namespace) -> int:
    from warroom.services.tickets import tag_ticket

    return _ticket_action(args, tag_ticket, args.tags, args.reason,
                          done=lambda r: f"ticket {r['ticket_id']}: " + (f"tagged {', '.join(r['added'])}" if r["changed"] else "no change"))


def cmd_untag(args: argparse.Namespace) -> int:
    from warroom.services.tickets import untag_ticket

    return _ticket_action(args, untag_ticket, args.tags, args.reason,
                          done=lambda r: f"ticket {r['ticket_id']}: " + (f"untagged {', '.join(r['removed'])}" if r["changed"] else "no change"))


def cmd_assign(args: argparse.Namespace) -> int:
    from warroom.services.tickets import assign_ticket

    user = None if args.user.lower() in ("-", "none", "nobody") else args.user
    return _ticket_action(args, assign_ticket, user,
                          done=lambda r: f"ticket {r['ticket_id']} assigned to {r['assignee'] or 'nobody'}"
                          + ("" if r["changed"] else " (unchanged)"))


def cmd_set_status(args: argparse.Namespace) -> int:
    from warroom.services.tickets import set_status

    return _ticket_action(args, set_status, args.status,
                          done=lambda r: f"ticket {r['ticket_id']} is {r['status']}" + ("" if r["changed"] else " (unchanged)"))


def cmd_suspend(args: argparse.Namespace) -> int:
    from warroom.services import suspension

    db = _open(args)
    if args.lift:
        if args.reason or args.notice:
            raise UsageError("--lift takes no --reason or --notice")
        actor = _actor(args, db)
        assert actor is not None
        result = suspension.lift(db, actor)
        _emit(args, result, lambda r: f"suspension lifted; SUSPENDED removed from {r['untagged']} tickets")
        return 0
    if not args.reason:
        raise UsageError("declaring a suspension needs --reason TEXT (or --lift to end one)")
    notice = None
    if args.notice:
        try:
            notice = Path(args.notice).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInput(f"cannot read the notice: {exc}", file=args.notice) from None
    actor = _actor(args, db)
    assert actor is not None
    result = suspension.declare(db, actor, args.reason, notice)
    _emit(args, result, lambda r: f"SUSPENSION declared at {r['declared_at']}; {r['tagged']} Amazon tickets tagged SUSPENDED")
    return 0


def _human_triage(r: dict[str, Any]) -> str:
    lines = [f"re-classified {r['tickets']} ticket(s); {len(r['changed'])} changed"]
    for tid, change in r["changed"].items():
        lines.append(f"  ticket {tid}: " + "; ".join(f"{k} {v}" for k, v in change.items()))
    for e in r["explained"]:
        lines.append(f"ticket {e['ticket_id']}: category {e['category']} ({e['category_source']}), tier {e['tier']},"
                     f" priority {e['priority']}, flags {', '.join(e['flags']) or '-'}")
        why = e["why"]
        for reason in why.get("category", {}).get("reasons", []):
            lines.append(f"  category {reason['target']}: rule {reason['rule']} matched {reason['matched']!r}")
        for flag, reasons in why.get("flags", {}).items():
            for reason in reasons:
                lines.append(f"  flag {flag}: rule {reason['rule']} matched {reason['matched']!r}"
                             + (f" in message {reason['message_id']}" if reason.get("message_id") else ""))
        for flag, upto in why.get("suppressed", {}).items():
            lines.append(f"  flag {flag} removed by an agent (raised again only by messages after #{upto})")
    return "\n".join(lines)


def cmd_triage(args: argparse.Namespace) -> int:
    from warroom.services import deadlines, triage

    db = _open(args)
    actor = _actor(args, db)
    assert actor is not None
    if args.category:
        if args.ticket is None:
            raise UsageError("--category needs a TICKET")
        result = triage.override_category(db, actor, args.ticket, args.category, args.reason or "")
        _emit(args, result, lambda r: f"ticket {r['ticket_id']}: category {r['category']}"
              + ("" if r["changed"] else " (unchanged)"))
        return 0
    deadlines.sweep(db)
    _emit(args, triage.run_triage(db, actor, args.ticket), _human_triage)
    return 0


def cmd_deadlines(args: argparse.Namespace) -> int:
    from warroom.services.deadlines import list_deadlines

    rows = list_deadlines(_open(args))
    zone = clock.display_zone()
    _emit(args, rows, lambda rs: _table(
        [[str(r["ticket_id"]), r["kind"], clock.local_text(clock.parse_iso(r["due_at"]), zone), _due_text(r["due_at"]),
          "MISSED" if r["missed"] else "", "suspended" if r["suspended_at_due"] else "",
          str(r["message_id"] or "")] for r in rs],
        ["TICKET", "KIND", "DUE (local)", "LEFT", "", "AT DUE", "MESSAGE"]))
    return 0


def cmd_no_response(args: argparse.Namespace) -> int:
    from warroom.services.deadlines import mark_no_response

    return _ticket_action(args, mark_no_response, args.reason,
                          done=lambda r: f"ticket {r['ticket_id']}: no response needed ({r['reason']}); clock stopped")


def cmd_refund(args: argparse.Namespace) -> int:
    from warroom.services import refunds

    db = _open(args)
    actor = _actor(args, db)
    assert actor is not None
    if args.reverse is not None:
        if not args.reason:
            raise BadInput("--reverse needs --reason TEXT (why the logged refund is cancelled)")
        result = refunds.reverse_refund(db, actor, args.reverse, args.reason)
        _emit(args, result, lambda r: f"refund entry {r['reverses_id']} reversed by entry {r['id']}")
        return 0
    if args.ticket is None or args.amount is None or args.method is None:
        raise BadInput("give TICKET --amount AMOUNT --method METHOD (or --reverse ENTRY --reason TEXT)")
    result = refunds.log_refund(db, actor, args.ticket, amount=args.amount, method=args.method,
                                currency=args.currency, reference=args.reference, refunded_at=args.at, note=args.note)
    _emit(args, result, lambda r: f"refund {r['id']} logged on ticket {r['ticket_id']}: {r['amount']} {r['currency']}"
                                  f" by {r['method']}" + (f" ({r['reference']})" if r["reference"] else ""))
    return 0


def cmd_refunds(args: argparse.Namespace) -> int:
    from warroom.services import refunds

    data = refunds.list_refunds(_open(args), ticket_id=args.ticket)
    _emit(args, data, lambda rows: _table(
        [[str(r["id"]), str(r["ticket_id"]), r["amazon_order_id"] or "", r["kind"]
          + (f" of {r['reverses_id']}" if r["reverses_id"] else ""), f"{r['amount']} {r['currency']}", r["method"],
          r["reference"] or "", r["refunded_at"], r["logged_by"]] for r in rows],
        ["ID", "TICKET", "ORDER", "KIND", "AMOUNT", "METHOD", "REFERENCE", "REFUNDED AT", "BY"]))
    return 0


def _rules_command(kind: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from warroom.services import rules

        db = _open(args)
        if args.rules_command == "list":
            data = rules.list_rules(db, kind)
            _emit(args, data, lambda rs: _table(
                [[r["id"], "on" if r["enabled"] else "off", r.get("source", ""), r.get("target") or r.get("kind") or "",
                  r.get("language") or "*", _short(r.get("explanation", ""), 70)] for r in rs],
                ["ID", "STATE", "SOURCE", "TARGET", "LANG", "EXPLANATION"]))
            return 0
        actor = _actor(args, db)
        assert actor is not None
        if args.rules_command == "add":
            definition: dict[str, Any] = {"patterns": [args.pattern], "language": args.language,
                                          "explanation": args.explanation}
            if kind == "triage":
                if not args.target:
                    raise UsageError("triage-rules add needs --target CATEGORY_OR_FLAG")
                definition["target"] = args.target.strip().upper()
            result = rules.add_rule(db, actor, kind, args.id, definition)
            _emit(args, result, lambda r: f"{kind} rule {r['id']} added")
        else:
            result = rules.set_rule_enabled(db, actor, kind, args.id, args.rules_command == "enable")
            _emit(args, result, lambda r: f"{kind} rule {r['id']} {'enabled' if r['enabled'] else 'disabled'}"
                  + ("" if r["changed"] else " (unchanged)"))
        return 0

    return run


def cmd_lint(args: argparse.Namespace) -> int:
    from warroom.lint import format_finding_line
    from warroom.services.lint import lint_text

    if not args.file or args.file == "-":
        text = sys.stdin.read() if sys.stdin is not None else ""
    else:
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInput(f"cannot read the text: {exc}", file=args.file) from None
    result = lint_text(_open(args), text)
    if getattr(args, "json", False):
        _emit(args, result.to_dict())
    else:
        for finding in result.findings:
            sys.stdout.write(format_finding_line(finding) + "\n")
    return 1 if result.findings else 0


def cmd_lint_allowlist(args: argparse.Namespace) -> int:
    from warroom.services import allowlist

    db = _open(args)
    if args.allowlist_command == "list":
        data = allowlist.list_allowlist(db)
        _emit(args, data, lambda es: _table(
            [[str(e["id"]), e["kind"], e["value"], e["added_by"], e["added_at"] or "", _short(e["note"], 50)]
             for e in es], ["ID", "KIND", "VALUE", "ADDED BY", "ADDED AT", "NOTE"]))
        return 0
    actor = _actor(args, db)
    assert actor is not None
    if args.allowlist_command == "add":
        result = allowlist.add_allowlist_entry(db, actor, args.kind, args.value, args.note or "")
        _emit(args, result, lambda e: f"allowlist entry {e['id']} added: {e['kind']} {e['value']}")
    else:
        result = allowlist.remove_allowlist_entry(db, actor, args.entry)
        _emit(args, result, lambda e: f"allowlist entry {e['id']} removed: {e['kind']} {e['value']}")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    """Start the desktop console (``ui.app``) in its own process: the core never imports Qt."""
    import subprocess

    argv = [sys.executable, "-m", "ui.app"]
    if getattr(args, "db", None):
        argv += ["--db", args.db]
    if getattr(args, "actor", None):
        argv += ["--as", args.actor]
    return subprocess.call(argv)


def cmd_audit(args: argparse.Namespace) -> int:
    from warroom.services.status import audit_entries, verify_audit_chain

    db = _open(args)
    if args.audit_command == "verify":
        result = verify_audit_chain(db, _progress_bar("verifying", args))
        data = result.to_dict()
        if getattr(args, "json", False):
            _emit(args, data)
        elif result.ok:
            sys.stdout.write(f"OK {result.count} {result.head_hash}\n")
        else:
            sys.stdout.write(f"BROKEN at entry {result.first_bad_seq}: {result.reason}\n")
        return 0 if result.ok else 1
    rows = audit_entries(db, limit=args.limit, newest_first=True)
    _emit(args, rows, lambda rs: "\n".join(
        f"{e['seq']:>6}  {e['at']}  {e['actor']:<12} {e['action']:<22} {e['entity']:<16} "
        f"{_short(json.dumps(e['payload'], ensure_ascii=False), 80)}" for e in rs) or "(no entries)")
    return 0


# ---------------------------------------------------------------- the gate: templates, drafts, dispatch

def _human_templates(rows: list[dict[str, Any]]) -> str:
    return _table([[r["key"], str(r["version"]), r["language"], r["category"], r["status"],
                    ", ".join(r["variables"]) or "-", _short(r["title"], 40)] for r in rows],
                  ["KEY", "VER", "LANG", "CATEGORY", "STATUS", "NEEDS --var", "TITLE"])


def cmd_templates(args: argparse.Namespace) -> int:
    from warroom.services import templates

    db = _open(args)
    action = args.templates_command
    if action == "list":
        _emit(args, templates.list_templates(db, status=args.status, key=args.key, language=args.language),
              _human_templates)
        return 0
    actor = _actor(args, db)
    assert actor is not None
    if action == "import":
        result = templates.import_templates(db, actor, args.files or None)
        _emit(args, result, lambda r: f"{r['imported']} template version(s) imported and approved, "
              f"{r['unchanged']} unchanged" + (f", {len(r['retired'])} older version(s) retired" if r["retired"] else ""))
    elif action == "approve":
        result = templates.approve_template(db, actor, args.key_spec, language=args.language)
        _emit(args, result, lambda r: "approved " + ", ".join(
            f"{t['key']}@{t['version']}/{t['language']}" for t in r["approved"]))
    elif action == "retire":
        result = templates.retire_template(db, actor, args.key_spec, language=args.language)
        _emit(args, result, lambda r: "retired " + ", ".join(r["retired"]))
    else:  # edit
        try:
            body = Path(args.body_file).read_text(encoding="utf-8") if args.body_file != "-" else sys.stdin.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInput(f"cannot read the template body: {exc}", file=args.body_file) from None
        result = templates.edit_template(db, actor, args.key_spec, args.language, body, title=args.title)
        _emit(args, result, lambda r: f"{r['key']}@{r['version']}/{r['language']} saved as a draft version; "
              "it needs approval (templates approve)" + (f"; lint: {len(r['lint'])} finding(s)" if r["lint"] else ""))
    return 0


def _human_draft(d: dict[str, Any]) -> str:
    head = (f"draft {d['id']} for ticket {d['ticket_id']}: {d['status']}"
            + (f" (template {d['template_key']}@{d['template_version']}, {d['language']})" if d["template_key"] else
               f" ({d['kind']} reply)"))
    lines = [head]
    if d.get("reason"):
        lines.append(f"  {d['reason']}")
    for f in d["lint"]:
        lines.append(f"  {f['rule']}\t{f['line']}:{f['column']}\t{f['matched']}\t{f['explanation']}")
    lines.append("")
    lines.append(d["body"])
    return "\n".join(lines)


def _draft_result(args: argparse.Namespace, d: dict[str, Any]) -> int:
    if d["status"] == "blocked":
        if getattr(args, "json", False):
            _emit(args, d)
        else:
            sys.stdout.write(_human_draft(d) + "\n")
        rules = ", ".join(sorted({f["rule"] for f in d["lint"]}))
        sys.stderr.write(f"warroom: draft {d['id']} saved as blocked: lint findings ({rules}); "
                         "it cannot be approved until edited\n")
        return 3
    if getattr(args, "json", False):
        _emit(args, d)
    else:
        sys.stdout.write(f"{d['id']}\n")
        _info(f"draft {d['id']} {d['status']} for approval")
    return 0


def cmd_draft(args: argparse.Namespace) -> int:
    from warroom.services import drafts

    if (args.template is None) == (args.text is None):
        raise UsageError("give either --template KEY or --text TEXT")
    if args.text is not None and args.var:
        raise UsageError("--var applies to --template drafts only")
    db = _open(args)
    actor = _actor(args, db)
    assert actor is not None
    d = drafts.create_draft(db, actor, args.ticket, template=args.template, language=args.language,
                            variables=drafts.parse_vars(args.var) if args.template else None, text=args.text)
    return _draft_result(args, d)


def cmd_edit_draft(args: argparse.Namespace) -> int:
    from warroom.services import drafts

    if not args.var and args.text is None:
        raise UsageError("nothing to change: give --var NAME=VALUE or --text TEXT")
    db = _open(args)
    actor = _actor(args, db)
    assert actor is not None
    d = drafts.edit_draft(db, actor, args.draft, variables=drafts.parse_vars(args.var) if args.var else None,
                          text=args.text)
    return _draft_result(args, d)


def _human_drafts(rows: list[dict[str, Any]]) -> str:
    return _table([[str(d["id"]), str(d["ticket_id"]), d["status"], d["author"],
                    f"{d['template_key']}@{d['template_version']}" if d["template_key"] else d["kind"],
                    d["language"] or "", d["approver"] or "", _short(d.get("reason") or d["body"], 60)] for d in rows],
                  ["ID", "TICKET", "STATUS", "AUTHOR", "TEMPLATE", "LANG", "APPROVER", "TEXT / REASON"])


def cmd_drafts(args: argparse.Namespace) -> int:
    from warroom.services import drafts

    _emit(args, drafts.list_drafts(_open(args), status=args.status), _human_drafts)
    return 0


def cmd_outbox(args: argparse.Namespace) -> int:
    from warroom.services import drafts

    _emit(args, drafts.outbox(_open(args)), _human_drafts)
    return 0


def cmd_approve(args: argparse.Namespace) -> int:
    from warroom.services import drafts
    from warroom.services.users import authenticate

    db = _open(args)
    name = getattr(args, "actor", None)
    if not name:
        raise UsageError("approval needs the approver: --as USER (and their password)")
    password = _password_for_actor(name)
    actor = authenticate(db, name, password)
    d = drafts.approve_draft(db, actor, args.draft, password)
    _emit(args, d, lambda r: f"draft {r['id']} approved by {r['approver']}"
          + (f"; {r['reason']}" if r["status"] == "held" else "; ready to dispatch"))
    return 0


def cmd_reject(args: argparse.Namespace) -> int:
    from warroom.services import drafts

    db = _open(args)
    actor = _actor(args, db)
    assert actor is not None
    d = drafts.reject_draft(db, actor, args.draft, args.reason)
    _emit(args, d, lambda r: f"draft {r['id']} rejected: {r['reason']}")
    return 0


def cmd_dispatch(args: argparse.Namespace) -> int:
    from warroom.services import drafts

    db = _open(args)
    actor = _actor(args, db)
    assert actor is not None
    try:
        d = drafts.dispatch_draft(db, actor, args.draft, via=args.via, sent_at=args.sent_at)
    except drafts.DispatchFailed as exc:
        if getattr(args, "json", False):
            _emit(args, exc.draft)
        raise
    _emit(args, d, lambda r: f"draft {r['id']} dispatched ({r['dispatched_via']}) at {r['dispatched_at']}; "
          f"ticket {r['ticket_id']}'s clock stopped")
    return 0


def _progress_bar(label: str, args: argparse.Namespace) -> Callable[[int, int | None, str], None]:
    """A tqdm bar on stderr (only on a terminal), driven by the core's plain callback."""
    if not sys.stderr.isatty():
        return lambda done, total, stage: None
    from tqdm import tqdm

    state: dict[str, Any] = {}

    def progress(done: int, total: int | None, stage: str) -> None:
        bar = state.get("bar")
        if bar is None or state.get("stage") != stage:
            if bar is not None:
                bar.close()
            bar = state["bar"] = tqdm(total=total, desc=stage or label, file=sys.stderr, leave=False, unit="")
            state["stage"] = stage
        bar.total = total
        bar.n = done
        bar.refresh()
        if total is not None and done >= total:
            bar.close()
            state.pop("bar", None)

    return progress


# ---------------------------------------------------------------- parser

def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = _Parser(prog="warroom", parents=[common],
                     description="War Room: customer service through an Amazon account suspension.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    add("init", cmd_init, "create or migrate the database")
    add("status", cmd_status, "database, suspension, audit head, ticket counts")
    add("gui", cmd_gui, "start the desktop console")

    p = add("user", cmd_user, "user administration (admin)")
    usub = p.add_subparsers(dest="user_command", metavar="ACTION", parser_class=_Parser)
    usub.required = True
    q = usub.add_parser("add", parents=[common], help="add a user")
    q.add_argument("name")
    q.add_argument("--role", required=True, help="agent, compliance or admin")
    q.add_argument("--password-stdin", action="store_true", help="read the new password from stdin")
    usub.add_parser("list", parents=[common], help="list users")
    q = usub.add_parser("disable", parents=[common], help="disable a user")
    q.add_argument("name")
    q = usub.add_parser("set-role", parents=[common], help="change a user's role")
    q.add_argument("name")
    q.add_argument("role")
    q = usub.add_parser("reset-password", parents=[common], help="set a new password")
    q.add_argument("name")
    q.add_argument("--password-stdin", action="store_true")

    p = add("settings", cmd_settings, "audited settings")
    ssub = p.add_subparsers(dest="settings_command", metavar="ACTION", parser_class=_Parser)
    ssub.required = True
    q = ssub.add_parser("get", parents=[common], help="show settings")
    q.add_argument("key", nargs="?")
    q = ssub.add_parser("set", parents=[common], help="change a setting (admin)")
    q.add_argument("key")
    q.add_argument("value")

    p = add("demo", cmd_demo, "fill an empty database with realistic synthetic data (admin)")
    p.add_argument("--with-users", action="store_true", help="also create users agent, compliance, admin (password 'demo')")

    p = add("import", cmd_import, "import order reports / SP-API JSON, or buyer messages (.eml, .mbox, CSV)")
    isub = p.add_subparsers(dest="import_kind", metavar="KIND", parser_class=_Parser)
    isub.required = True
    for kind, help_ in (("orders", "All Orders report TSV or SP-API Orders JSON"),
                        ("messages", ".eml, .mbox or CSV (order_id,received_at,from,subject,body)")):
        q = isub.add_parser(kind, parents=[common], help=help_)
        q.add_argument("files", nargs="+", metavar="FILE")
        q.add_argument("--skip-bad", action="store_true", help="import the good records, list the bad ones")

    p = add("orders", cmd_orders, "cached orders, newest first")
    p.add_argument("--limit", type=int)

    p = add("tickets", cmd_tickets, "the queue, most urgent first")
    p.add_argument("--tag")
    p.add_argument("--status")
    p.add_argument("--all", action="store_true", help="include closed tickets")
    p.add_argument("--search", metavar="WORDS", help="only tickets with a message containing all the words")
    p.add_argument("--limit", type=int)

    p = add("ticket", cmd_ticket, "one ticket with its messages and notes")
    p.add_argument("ticket", type=int)

    p = add("note", cmd_note, "add a private internal note")
    p.add_argument("ticket", type=int)
    p.add_argument("text")
    for name, func, help_ in (("tag", cmd_tag, "tag a ticket"), ("untag", cmd_untag, "remove tags")):
        p = add(name, func, help_)
        p.add_argument("ticket", type=int)
        p.add_argument("tags", nargs="+", metavar="TAG")
        p.add_argument("--reason")
    p = add("assign", cmd_assign, "assign a ticket (USER '-' unassigns)")
    p.add_argument("ticket", type=int)
    p.add_argument("user")
    p = add("set-status", cmd_set_status, "set a ticket's status")
    p.add_argument("ticket", type=int)
    p.add_argument("status")

    p = add("suspend", cmd_suspend, "declare (or --lift) the account suspension (admin)")
    p.add_argument("--reason")
    p.add_argument("--notice", metavar="FILE", help="Amazon's notice text, kept with the record")
    p.add_argument("--lift", action="store_true")

    p = add("triage", cmd_triage, "re-classify tickets and show why, or override a category")
    p.add_argument("ticket", type=int, nargs="?")
    p.add_argument("--category", help="set the category by hand (needs --reason)")
    p.add_argument("--reason")
    add("deadlines", cmd_deadlines, "what is due next and what was missed")
    p = add("no-response", cmd_no_response, "mark a ticket 'no response needed' (stops its clock)")
    p.add_argument("ticket", type=int)
    p.add_argument("--reason", required=True)
    p = add("refund", cmd_refund, "log a refund paid by hand (or --reverse a logged one)")
    p.add_argument("ticket", type=int, nargs="?")
    p.add_argument("--amount", help="what was paid back, like 25.98")
    p.add_argument("--currency", help="default: the order's")
    p.add_argument("--method", help="how: 'PayPal', 'bank transfer', ...")
    p.add_argument("--reference", help="the payment's own id")
    p.add_argument("--at", help="when it was paid (ISO 8601; default now)")
    p.add_argument("--note")
    p.add_argument("--reverse", type=int, metavar="ENTRY", help="cancel a logged refund (needs --reason)")
    p.add_argument("--reason")
    p = add("refunds", cmd_refunds, "the manual refund log, oldest first")
    p.add_argument("--ticket", type=int)
    for kind in ("triage", "lint"):
        p = add(f"{kind}-rules", _rules_command(kind), f"the {kind} rules (compliance)")
        rsub = p.add_subparsers(dest="rules_command", metavar="ACTION", parser_class=_Parser)
        rsub.required = True
        rsub.add_parser("list", parents=[common], help="list the rules")
        q = rsub.add_parser("add", parents=[common], help="add a rule")
        q.add_argument("--id", required=True)
        q.add_argument("--pattern", required=True, help="a phrase")
        q.add_argument("--language")
        q.add_argument("--explanation", required=True)
        if kind == "triage":
            q.add_argument("--target", help="the category or flag the rule sets")
        for action in ("disable", "enable"):
            q = rsub.add_parser(action, parents=[common], help=f"{action} a rule")
            q.add_argument("id")
    p = add("lint-allowlist", cmd_lint_allowlist,
            "e-mail addresses, phone numbers and link domains the lint allows (compliance)")
    lsub = p.add_subparsers(dest="allowlist_command", metavar="ACTION", parser_class=_Parser)
    lsub.required = True
    lsub.add_parser("list", parents=[common], help="list the allowlist")
    q = lsub.add_parser("add", parents=[common], help="allow an e-mail address, phone number or domain")
    q.add_argument("kind", metavar="KIND", help="email, phone or domain")
    q.add_argument("value")
    q.add_argument("--note", help="why (carrier, manufacturer, warranty ...)")
    q = lsub.add_parser("remove", parents=[common], help="remove an entry")
    q.add_argument("entry", metavar="ID_OR_VALUE")

    p = add("lint", cmd_lint, "check a text for forbidden language (exit 1 on findings)")
    p.add_argument("file", nargs="?", metavar="FILE|-")

    p = add("templates", cmd_templates, "the reply template library")
    tsub = p.add_subparsers(dest="templates_command", metavar="ACTION", parser_class=_Parser)
    tsub.required = True
    q = tsub.add_parser("import", parents=[common], help="import template files (none: the starter pack); "
                        "a compliance user importing approves them")
    q.add_argument("files", nargs="*", metavar="FILE")
    q = tsub.add_parser("list", parents=[common], help="list templates")
    q.add_argument("--status")
    q.add_argument("--key")
    q.add_argument("--language")
    for action in ("approve", "retire"):
        q = tsub.add_parser(action, parents=[common], help=f"{action} a template (KEY or KEY@VERSION)")
        q.add_argument("key_spec", metavar="KEY[@VERSION]")
        q.add_argument("--language")
    q = tsub.add_parser("edit", parents=[common], help="save a changed text as a new draft version")
    q.add_argument("key_spec", metavar="KEY")
    q.add_argument("--language", required=True)
    q.add_argument("--body-file", required=True, metavar="FILE|-")
    q.add_argument("--title")

    p = add("draft", cmd_draft, "render a reply (template or text), lint it and submit it for approval")
    p.add_argument("ticket", type=int)
    p.add_argument("--template", metavar="KEY[@VERSION]")
    p.add_argument("--language")
    p.add_argument("--var", action="append", metavar="NAME=VALUE")
    p.add_argument("--text")
    p = add("edit-draft", cmd_edit_draft, "change a draft; any approval it had is voided")
    p.add_argument("draft", type=int)
    p.add_argument("--var", action="append", metavar="NAME=VALUE")
    p.add_argument("--text")
    p = add("drafts", cmd_drafts, "drafts, oldest first")
    p.add_argument("--status")
    add("outbox", cmd_outbox, "approved drafts awaiting dispatch, failed sends, and drafts held by the suspension")
    p = add("approve", cmd_approve, "approve a draft (compliance; your password confirms it)")
    p.add_argument("draft", type=int)
    p = add("reject", cmd_reject, "reject a draft with a reason (compliance)")
    p.add_argument("draft", type=int)
    p.add_argument("--reason", required=True)
    p = add("dispatch", cmd_dispatch, "send an approved draft (smtp) or record that it was sent (manual)")
    p.add_argument("draft", type=int)
    p.add_argument("--via", required=True, choices=("manual", "smtp"))
    p.add_argument("--sent-at", metavar="TIME", help="when it was sent by hand (ISO 8601; default now)")

    p = add("audit", cmd_audit, "the audit chain")
    asub = p.add_subparsers(dest="audit_command", metavar="ACTION", parser_class=_Parser)
    asub.required = True
    asub.add_parser("verify", parents=[common], help="re-walk the whole chain from the stored bytes")
    q = asub.add_parser("log", parents=[common], help="the newest audit entries")
    q.add_argument("--limit", type=int, default=50)
    return parser


def _log_internal_error() -> Path | None:
    try:
        path = paths.log_dir() / "warroom.log"
        logging.basicConfig(filename=path, level=logging.ERROR)
        logging.getLogger("warroom").error("internal error\n%s", traceback.format_exc())
        return path
    except Exception:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        return int(args.func(args))
    except WarroomError as exc:
        sys.stderr.write(f"warroom: {exc.message}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("warroom: interrupted; nothing was changed by the unfinished action\n")
        return 130
    except SystemExit as exc:
        return int(exc.code or 0) if isinstance(exc.code, int) else 2
    except Exception as exc:  # a bug or an environment problem: never a traceback on screen
        from sqlalchemy.exc import OperationalError

        if isinstance(exc, OperationalError):
            sys.stderr.write(f"warroom: database error: {str(exc.orig).splitlines()[0]}\n")
            return 3
        log = _log_internal_error()
        sys.stderr.write(f"warroom: internal error: {type(exc).__name__}: {exc}"
                         + (f" (details in {log})" if log else "") + "\n")
        return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
