"""Commands on the order cache and the queue: import, orders, tickets, ticket actions, suspension, triage, deadlines, refunds."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any, Callable

from warroom import clock
from warroom.cli.common import (
    Parser,
    UsageError,
    actor_of,
    count_arg,
    due_text,
    emit,
    info,
    id_arg,
    open_db,
    progress_bar,
    short,
    table,
)
from warroom.errors import BadInput


def cmd_import(args: argparse.Namespace) -> int:
    from warroom.services import imports

    db = open_db(args)
    actor = actor_of(args, db)
    assert actor is not None
    done: list[dict[str, Any]] = []

    def report(summary: dict[str, Any]) -> None:
        done.append(summary)
        if not getattr(args, "json", False):
            sys.stdout.write(imports.describe_summary(summary) + "\n")
            for s in summary["skipped"]:
                sys.stdout.write(f"  {imports.describe_skipped(s)}\n")
            for p in summary.get("problems", []):
                sys.stdout.write(f"  {imports.describe_problem(p)}\n")
            if "history" in summary:
                sys.stdout.write(f"  archive: {summary['history']} message(s) are history (no running clock)"
                                 + (f"; {summary['kept_clock']} keep their clock: an older message of their ticket"
                                    " still waits for an answer" if summary["kept_clock"] else "") + "\n")

    archive: dict[str, Any] = {}
    if args.import_kind == "messages":
        archive = imports.archive_options(getattr(args, "archive", False), getattr(args, "archive_before", None))
    run = imports.import_orders if args.import_kind == "orders" else imports.import_messages
    try:
        run(db, actor, args.files, skip_bad=args.skip_bad, progress=progress_bar("importing", args), on_file_done=report,
            **archive)
    finally:
        if getattr(args, "json", False):
            sys.stdout.write(json.dumps(done, ensure_ascii=False, indent=2) + "\n")
    return 0


def cmd_orders(args: argparse.Namespace) -> int:
    from warroom.services.orders import list_orders

    data = list_orders(open_db(args), limit=args.limit)
    emit(args, data, lambda rows: table(
        [[str(o["id"]), o["amazon_order_id"], o["purchase_date"] or "", o["status"], o["fulfillment_channel"],
          o["marketplace"] or "", f"{o['total'] or ''} {o['currency'] or ''}".strip(), str(len(o["items"]))]
         for o in rows], ["ID", "ORDER", "PURCHASED", "STATUS", "FC", "MKT", "TOTAL", "ITEMS"]))
    return 0


def cmd_tickets(args: argparse.Namespace) -> int:
    from warroom.services.deadlines import sweep_pending
    from warroom.services.tickets import list_tickets

    db = open_db(args)             # a reading command: it never sweeps (see cmd_sweep)
    data = list_tickets(db, tag=args.tag, status=args.status, include_closed=args.all, limit=args.limit,
                        search=args.search)
    emit(args, data, lambda rows: table(
        [[str(t["id"]), str(t["priority"]), due_text(t["due_at"]), t["channel"], t["amazon_order_id"] or "-",
          t["category"], ",".join(t["tags"]) or "-", t["status"], t["language"] or "-", t["assignee"] or "-",
          short(t["subject"], 60)] for t in rows],
        ["ID", "PRI", "DUE", "CHANNEL", "ORDER", "CATEGORY", "TAGS", "STATUS", "LANG", "ASSIGNEE", "SUBJECT"]))
    pending = sweep_pending(db)
    if pending.any:
        info(f"note: {pending.misses} missed deadline(s) not yet recorded and {pending.claims_to_escalate} A-to-z "
             "claim(s) to escalate; the console records them every 5 minutes, or run: warroom sweep --as USER")
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

    emit(args, get_ticket(open_db(args), args.ticket), _human_ticket)
    return 0


def _ticket_action(args: argparse.Namespace, action: Callable[..., dict[str, Any]], *values: Any,
                   done: Callable[[dict[str, Any]], str]) -> int:
    db = open_db(args)
    actor = actor_of(args, db)
    result = action(db, actor, args.ticket, *values)
    emit(args, result, done)
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


def cmd_senior_request(args: argparse.Namespace) -> int:
    from warroom.services.ticket_actions import request_senior_reply

    db = open_db(args)
    actor = actor_of(args, db)
    assert actor is not None
    r = dataclasses.asdict(request_senior_reply(db, actor, args.ticket, args.note))
    emit(args, r, lambda r: f"ticket {r['ticket_id']}: senior reply requested"
         + ("" if r["changed"] else f" (already, by {r['requested_by']})"))
    return 0


def cmd_set_status(args: argparse.Namespace) -> int:
    from warroom.services.tickets import set_status

    return _ticket_action(args, set_status, args.status,
                          done=lambda r: f"ticket {r['ticket_id']} is {r['status']}" + ("" if r["changed"] else " (unchanged)"))


def cmd_suspend(args: argparse.Namespace) -> int:
    from warroom.services import suspension

    db = open_db(args)
    if args.preview:            # read-only: what a declare (or --lift) now would do; no actor needed
        if args.lift:
            lp = suspension.preview_lift(db)
            emit(args, dataclasses.asdict(lp), lambda r: (
                f"a lift now would remove SUSPENDED from {r['tickets_to_untag']} tickets and release "
                f"{r['drafts_to_release']} held drafts" if r["declared"] else "no suspension is declared"))
            return 0
        dp = suspension.preview_declare(db, args.since)
        emit(args, dataclasses.asdict(dp), lambda r: (
            "a suspension is already declared" if r["already_declared"] else
            f"a declaration now would tag {r['tickets_to_tag']} tickets SUSPENDED, hold {r['drafts_to_hold']} drafts"
            f" and re-classify {r['misses_to_reclassify']} recorded misses"))
        return 0
    if args.lift:
        if args.reason or args.notice or args.since:
            raise UsageError("--lift takes no --reason, --notice or --since")
        actor = actor_of(args, db)
        assert actor is not None
        result = suspension.lift(db, actor)
        emit(args, result, lambda r: f"suspension lifted; SUSPENDED removed from {r['untagged']} tickets")
        return 0
    if not args.reason:
        raise UsageError("declaring a suspension needs --reason TEXT (or --lift to end one)")
    notice = None
    if args.notice:
        try:
            notice = Path(args.notice).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInput(f"cannot read the notice: {exc}", file=args.notice) from None
    actor = actor_of(args, db)
    assert actor is not None
    result = suspension.declare(db, actor, args.reason, notice, notice_received_at=args.since)
    emit(args, result, _human_declared)
    return 0


def _human_declared(r: dict[str, Any]) -> str:
    text = f"SUSPENSION declared at {r['declared_at']}; {r['tagged']} Amazon tickets tagged SUSPENDED"
    if r.get("notice_received_at"):
        text += (f"\nAmazon's notice received at {r['notice_received_at']}: the suspension counts from then; "
                 f"{r['reclassified']} missed deadline(s) due since then re-classified as during the suspension")
    return text


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

    db = open_db(args)
    actor = actor_of(args, db)
    assert actor is not None
    if args.category:
        if args.ticket is None:
            raise UsageError("--category needs a TICKET")
        result = triage.override_category(db, actor, args.ticket, args.category, args.reason or "")
        emit(args, result, lambda r: f"ticket {r['ticket_id']}: category {r['category']}"
              + ("" if r["changed"] else " (unchanged)"))
        return 0
    deadlines.sweep(db, actor=actor)      # a writing command: misses and escalations first, in batches
    emit(args, triage.run_triage(db, actor, args.ticket), _human_triage)
    return 0


def _human_sweep(r: dict[str, Any]) -> str:
    if r.get("skipped"):
        return f"sweep: {r['skipped']}"
    text = (f"sweep: {r['missed_recorded']} missed deadline(s) recorded, {len(r['escalated'])} A-to-z claim(s) escalated"
            f" in {r['batches']} write transaction(s) (longest {r['longest_write_s'] * 1000:.0f} ms)")
    if r["history"]:
        text += f"; {r['history']} due before this database began (history, not recorded)"
    if r["claimed_elsewhere"]:
        text += "; another sweep is recording the rest"
    return text


def cmd_sweep(args: argparse.Namespace) -> int:
    """Record missed deadlines and escalate A-to-z claims now (the console does it every 5 minutes)."""
    from warroom.services.deadlines import sweep

    db = open_db(args)
    actor = actor_of(args, db)
    emit(args, sweep(db, actor=actor), _human_sweep)
    return 0


def cmd_deadlines(args: argparse.Namespace) -> int:
    from warroom.services.deadlines import list_deadlines, sweep

    db = open_db(args)
    if args.sweep:                       # only on request, with an actor: reading never writes
        result = sweep(db, actor=actor_of(args, db))
        sys.stderr.write(_human_sweep(result) + "\n")
    rows = list_deadlines(db, include_history=True)
    history = sum(1 for r in rows if r["history"])
    if not args.history:
        rows = [r for r in rows if not r["history"]]
    zone = clock.display_zone()

    def human(rs: list[dict[str, Any]]) -> str:
        text = table(
            [[str(r["ticket_id"]), r["kind"], clock.local_text(clock.parse_iso(r["due_at"]), zone),
              due_text(r["due_at"]), "HISTORY" if r["history"] else ("MISSED" if r["missed"] else ""),
              "suspended" if r["suspended_at_due"] else "", str(r["message_id"] or "")] for r in rs],
            ["TICKET", "KIND", "DUE (local)", "LEFT", "", "AT DUE", "MESSAGE"])
        if history and not args.history:
            text += (f"\n{history} deadline(s) fell due before this database began: history, not misses"
                     " (--history lists them)")
        return text

    emit(args, rows, human)
    return 0


def cmd_no_response(args: argparse.Namespace) -> int:
    from warroom.services.deadlines import mark_no_response

    return _ticket_action(args, mark_no_response, args.reason,
                          done=lambda r: f"ticket {r['ticket_id']}: no response needed ({r['reason']}); clock stopped")


def cmd_refund(args: argparse.Namespace) -> int:
    from warroom.services import refunds

    db = open_db(args)
    actor = actor_of(args, db)
    assert actor is not None
    if args.reverse is not None:
        if not args.reason:
            raise BadInput("--reverse needs --reason TEXT (why the logged refund is cancelled)")
        result = refunds.reverse_refund(db, actor, args.reverse, args.reason)
        emit(args, result, lambda r: f"refund entry {r['reverses_id']} reversed by entry {r['id']}")
        return 0
    if args.ticket is None or args.amount is None or args.method is None:
        raise BadInput("give TICKET --amount AMOUNT --method METHOD (or --reverse ENTRY --reason TEXT)")
    result = refunds.log_refund(db, actor, args.ticket, amount=args.amount, method=args.method,
                                currency=args.currency, reference=args.reference, refunded_at=args.at, note=args.note,
                                authorization=args.authorization)
    emit(args, result, lambda r: f"refund {r['id']} logged on ticket {r['ticket_id']}: {r['amount']} {r['currency']}"
                                  f" by {r['method']}" + (f" ({r['reference']})" if r["reference"] else ""))
    return 0


def cmd_refunds(args: argparse.Namespace) -> int:
    from warroom.services import refunds

    data = refunds.list_refunds(open_db(args), ticket_id=args.ticket)
    emit(args, data, lambda rows: table(
        [[str(r["id"]), str(r["ticket_id"]), r["amazon_order_id"] or "", r["kind"]
          + (f" of {r['reverses_id']}" if r["reverses_id"] else ""), f"{r['amount']} {r['currency']}", r["method"],
          r["reference"] or "", r["refunded_at"], r["logged_by"]] for r in rows],
        ["ID", "TICKET", "ORDER", "KIND", "AMOUNT", "METHOD", "REFERENCE", "REFUNDED AT", "BY"]))
    return 0




def register(add: Callable[..., argparse.ArgumentParser], common: Parser) -> None:
    p = add("import", cmd_import, "import order reports / SP-API JSON, or buyer messages (.eml, .mbox, CSV)")
    isub = p.add_subparsers(dest="import_kind", metavar="KIND", parser_class=Parser)
    isub.required = True
    for kind, help_ in (("orders", "All Orders report TSV or SP-API Orders JSON"),
                        ("messages", ".eml, .mbox or CSV (order_id,received_at,from,subject,body)")):
        q = isub.add_parser(kind, parents=[common], help=help_)
        q.add_argument("files", nargs="+", metavar="FILE")
        q.add_argument("--skip-bad", action="store_true", help="import the good records, list the bad ones")
        if kind == "messages":
            q.add_argument("--archive", action="store_true",
                           help="old mail: its messages are history (no running clock, never a missed deadline)")
            q.add_argument("--archive-before", metavar="TIME",
                           help="with or without --archive: only messages received before TIME (ISO 8601) are history")

    p = add("orders", cmd_orders, "cached orders, newest first")
    p.add_argument("--limit", type=count_arg)

    p = add("tickets", cmd_tickets, "the queue, most urgent first")
    p.add_argument("--tag")
    p.add_argument("--status")
    p.add_argument("--all", action="store_true", help="include closed tickets")
    p.add_argument("--search", metavar="WORDS", help="only tickets with a message containing all the words")
    p.add_argument("--limit", type=count_arg)

    p = add("ticket", cmd_ticket, "one ticket with its messages and notes")
    p.add_argument("ticket", type=id_arg("ticket", "TICKET"), metavar="TICKET")

    p = add("note", cmd_note, "add a private internal note")
    p.add_argument("ticket", type=id_arg("ticket", "TICKET"), metavar="TICKET")
    p.add_argument("text")
    for name, func, help_ in (("tag", cmd_tag, "tag a ticket"), ("untag", cmd_untag, "remove tags")):
        p = add(name, func, help_)
        p.add_argument("ticket", type=id_arg("ticket", "TICKET"), metavar="TICKET")
        p.add_argument("tags", nargs="+", metavar="TAG")
        p.add_argument("--reason")
    p = add("assign", cmd_assign, "assign a ticket (USER '-' unassigns)")
    p.add_argument("ticket", type=id_arg("ticket", "TICKET"), metavar="TICKET")
    p.add_argument("user")
    p = add("senior-request", cmd_senior_request,
            "ask for a senior reply on an ESCALATED ticket (tags it SENIOR-REQUESTED)")
    p.add_argument("ticket", type=id_arg("ticket", "TICKET"), metavar="TICKET")
    p.add_argument("--note", help="what the senior should know")
    p = add("set-status", cmd_set_status, "set a ticket's status")
    p.add_argument("ticket", type=id_arg("ticket", "TICKET"), metavar="TICKET")
    p.add_argument("status")

    p = add("suspend", cmd_suspend, "declare (or --lift) the account suspension (admin)")
    p.add_argument("--reason")
    p.add_argument("--notice", metavar="FILE", help="Amazon's notice text, kept with the record")
    p.add_argument("--since", metavar="TIME",
                   help="when Amazon's notice arrived (ISO 8601, not after now): the suspension counts from then")
    p.add_argument("--lift", action="store_true")
    p.add_argument("--preview", action="store_true",
                   help="only show what declaring (or --lift) now would do: tickets, drafts, misses")

    p = add("triage", cmd_triage, "re-classify tickets and show why, or override a category")
    p.add_argument("ticket", type=id_arg("ticket", "TICKET"), metavar="TICKET", nargs="?")
    p.add_argument("--category", help="set the category by hand (needs --reason)")
    p.add_argument("--reason")
    p = add("deadlines", cmd_deadlines, "what is due next and what was missed")
    p.add_argument("--sweep", action="store_true", help="record missed deadlines first (needs --as)")
    p.add_argument("--history", action="store_true", help="also deadlines due before this database began")
    add("sweep", cmd_sweep, "record missed deadlines and escalate A-to-z claims now, in short batches")
    p = add("no-response", cmd_no_response, "mark a ticket 'no response needed' (stops its clock)")
    p.add_argument("ticket", type=id_arg("ticket", "TICKET"), metavar="TICKET")
    p.add_argument("--reason", required=True)
    p = add("refund", cmd_refund, "log a refund paid by hand (or --reverse a logged one)")
    p.add_argument("ticket", type=id_arg("ticket", "TICKET"), metavar="TICKET", nargs="?")
    p.add_argument("--amount", help="what was paid back, like 25.98")
    p.add_argument("--currency", help="default: the order's")
    p.add_argument("--method", help="how: 'PayPal', 'bank transfer', ...")
    p.add_argument("--reference", help="the payment's own id")
    p.add_argument("--at", help="when it was paid (ISO 8601; default now)")
    p.add_argument("--note")
    p.add_argument("--reverse", type=id_arg("refund entry", "--reverse"), metavar="ENTRY", help="cancel a logged refund (needs --reason)")
    p.add_argument("--authorization", type=id_arg("authorization", "--authorization"), metavar="ID",
                   help="above the order's total: the out-of-policy authorization (default: the order's in force)")
    p.add_argument("--reason")
    p = add("refunds", cmd_refunds, "the manual refund log, oldest first")
    p.add_argument("--ticket", type=id_arg("ticket", "--ticket"), metavar="TICKET")
