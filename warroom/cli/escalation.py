"""Escalation handoff commands: `escalation list|brief|postmortem|kb`, `authorize`,
`authorizations`, `reship`, `reships`, `drill start|report|end` (docs/CLI-additions.md)."""

from __future__ import annotations

import argparse
from typing import Any, Callable

from warroom import clock
from warroom.cli.common import Parser, actor_of, emit, id_arg, open_db, short, table
from warroom.errors import BadInput


# ------------------------------------------------------------------------------ escalation

def _brief_text(b: Any) -> str:
    head = f"ticket {b.ticket_id}: {b.subject}" + ("" if b.escalated else " (no longer ESCALATED)")
    lines = [head, f"escalated {clock.iso(b.escalated_at) or '-'} by {b.escalated_by or '-'}: "
                   f"{b.escalation_reason or '-'}"]
    for f in b.fields:
        label = f.name.replace("_", " ") + ("" if f.prefilled else " (written)")
        body = f.value.splitlines() or [""]
        lines.append(f"{label}: {body[0]}")
        lines.extend(f"    {line}" for line in body[1:])
    if b.updated_by:
        lines.append(f"last edited by {b.updated_by} at {clock.iso(b.updated_at)}")
    return "\n".join(lines)


def cmd_escalation(args: argparse.Namespace) -> int:
    from warroom.services import escalation as E
    from warroom.services import postmortems as P

    db = open_db(args)
    what = args.escalation_command
    if what == "list":
        rows = E.open_escalations(db, include_closed=args.all)
        emit(args, [r.to_dict() for r in rows], lambda rs: table(
            [[str(r["ticket_id"]), r["status"], r["escalated_at"] or "", r["due_at"] or "-",
              "yes" if r["brief_edited"] else "no", str(r["postmortem_id"] or "-"), short(r["subject"], 40),
              short(r["reason"], 30)] for r in rs],
            ["TICKET", "STATUS", "ESCALATED AT", "DUE", "BRIEF EDITED", "POST-MORTEM", "SUBJECT", "WHY"]))
        return 0
    if what == "brief":
        if not args.set:
            brief = E.get_brief(db, args.ticket)
            emit(args, brief.to_dict(), lambda _: _brief_text(brief))
            return 0
        changes: dict[str, str | None] = {}
        for item in args.set:
            name, sep, value = item.partition("=")
            if not sep:
                raise BadInput(f"--set takes FIELD=VALUE, not {item[:40]!r} (fields: {', '.join(E.FIELDS)})")
            changes[name.strip()] = value
        actor = actor_of(args, db)
        assert actor is not None
        edit = E.edit_brief(db, actor, args.ticket, changes)
        emit(args, {**edit.brief.to_dict(), "changed": list(edit.changed)},
             lambda _: (f"brief of ticket {edit.ticket_id}: {', '.join(edit.changed)} written" if edit.changed
                        else f"brief of ticket {edit.ticket_id}: nothing changed") + "\n" + _brief_text(edit.brief))
        return 0
    if what == "postmortem":
        given = [args.root_cause, args.done, args.changes]
        if not any(given) and not args.rule:
            pm = P.get_postmortem(db, args.ticket)
            if pm is None:
                raise BadInput(f"ticket {args.ticket} has no post-mortem yet (write one with --root-cause, "
                               "--done and --changes)")
            emit(args, pm.to_dict(), lambda d: _pm_text(d))
            return 0
        actor = actor_of(args, db)
        assert actor is not None
        pm = P.write_postmortem(db, actor, args.ticket, root_cause=args.root_cause or "", what_done=args.done or "",
                                what_changes=args.changes or "", rule_links=args.rule or [])
        emit(args, pm.to_dict(), lambda d: f"post-mortem {d['id']} of ticket {d['ticket_id']} saved\n" + _pm_text(d))
        return 0
    # kb
    found = P.search_knowledge(db, " ".join(args.query), root_cause=args.root_cause)
    emit(args, [pm.to_dict() for pm in found], lambda rs: "\n\n".join(_pm_text(d) for d in rs) or "nothing found")
    return 0


def _pm_text(d: dict[str, Any]) -> str:
    return "\n".join([f"post-mortem {d['id']} · ticket {d['ticket_id']}: {d['subject']}",
                      f"root cause: {d['root_cause']}", f"what was done: {d['what_done']}",
                      f"what changes: {d['what_changes']}",
                      f"rule changes: {', '.join(d['rule_links']) or 'none'}",
                      f"written by {d['written_by']} at {d['written_at']}; last saved by {d['updated_by']} at "
                      f"{d['updated_at']}"])


# ------------------------------------------------------------------------------ authorizations, reshipments

def cmd_authorize(args: argparse.Namespace) -> int:
    from warroom.services import remedies

    db = open_db(args)
    actor = actor_of(args, db)
    assert actor is not None
    a = remedies.authorize(db, actor, args.ticket, kind=args.kind, reason=args.reason, limit=args.limit,
                           currency=args.currency, expires_at=args.until, valid_hours=args.hours)
    emit(args, a.to_dict(), lambda d: f"authorization {d['id']} on ticket {d['ticket_id']}: {d['kind']}"
                                      + (f" up to {d['limit']} {d['currency']}" if d["limit"] else "")
                                      + f", until {d['expires_at']}")
    return 0


def cmd_authorizations(args: argparse.Namespace) -> int:
    from warroom.services import remedies

    rows = [a.to_dict() for a in remedies.authorizations(open_db(args), ticket_id=args.ticket)]
    emit(args, rows, lambda rs: table(
        [[str(r["id"]), str(r["ticket_id"]), r["amazon_order_id"] or "-", r["kind"],
          f"{r['limit']} {r['currency']}" if r["limit"] else "-", r["expires_at"], r["granted_by"],
          short(r["reason"], 40)] for r in rs],
        ["ID", "TICKET", "ORDER", "KIND", "LIMIT", "EXPIRES", "BY", "REASON"]))
    return 0


def cmd_reship(args: argparse.Namespace) -> int:
    from warroom.services import remedies

    db = open_db(args)
    actor = actor_of(args, db)
    assert actor is not None
    r = remedies.log_reshipment(db, actor, args.ticket, items=args.items, carrier=args.carrier, reason=args.reason,
                                tracking=args.tracking, express=args.express, authorization=args.authorization,
                                shipped_at=args.at)
    emit(args, r.to_dict(), lambda d: f"reshipment {d['id']} logged on ticket {d['ticket_id']}: "
                                      + ", ".join(f"{i['quantity']} x {i['sku']}" for i in d["items"])
                                      + f" by {d['carrier']}" + (" (express)" if d["express"] else ""))
    return 0


def cmd_reships(args: argparse.Namespace) -> int:
    from warroom.services import remedies

    rows = [r.to_dict() for r in remedies.reshipments(open_db(args), ticket_id=args.ticket)]
    emit(args, rows, lambda rs: table(
        [[str(r["id"]), str(r["ticket_id"]), r["amazon_order_id"] or "-",
          ", ".join(f"{i['quantity']}x{i['sku']}" for i in r["items"]), r["carrier"], r["tracking"] or "-",
          "yes" if r["express"] else "no", r["shipped_at"], r["logged_by"]] for r in rs],
        ["ID", "TICKET", "ORDER", "ITEMS", "CARRIER", "TRACKING", "EXPRESS", "SHIPPED AT", "BY"]))
    return 0


# ------------------------------------------------------------------------------ drills

def cmd_drill(args: argparse.Namespace) -> int:
    from warroom.services import drills

    db = open_db(args)
    if args.drill_command == "report":
        report = drills.drill_report(db)
        emit(args, report.to_dict(), lambda _: drills.report_text(report))
        return 0
    actor = actor_of(args, db)
    assert actor is not None
    if args.drill_command == "start":
        started = drills.start_drill(db, actor)
        emit(args, started.to_dict(), lambda d: (
            f"drill copy: {d['copy']}\nsimulated escalation: ticket {d['ticket_id']} (marked DRILL)\n"
            f"work it with: warroom --db {d['copy']} ...; then: warroom drill report, warroom drill end"))
        return 0
    ended = drills.end_drill(db, actor, keep_copy=args.keep)
    emit(args, ended.to_dict(), lambda _: drills.report_text(ended.report)
         + f"\nrecorded in the real audit log as entry {ended.entry}"
         + ("" if args.keep else "; the drill copy was removed"))
    return 0


def register(add: Callable[..., argparse.ArgumentParser], common: Parser) -> None:
    p = add("escalation", cmd_escalation, "escalations: their briefs, post-mortems and the knowledge base")
    sub = p.add_subparsers(dest="escalation_command", metavar="ACTION", parser_class=Parser)
    sub.required = True
    q = sub.add_parser("list", parents=[common], help="open escalations, oldest first")
    q.add_argument("--all", action="store_true", help="closed escalations too (those need a post-mortem)")
    q = sub.add_parser("brief", parents=[common], help="show an escalated ticket's brief, or write fields of it")
    q.add_argument("ticket", type=id_arg("ticket", "TICKET"), metavar="TICKET")
    q.add_argument("--set", action="append", metavar="FIELD=VALUE",
                   help="order, buyer, nature, done, emotional_state or deadline (empty VALUE: back to the prefill)")
    q = sub.add_parser("postmortem", parents=[common], help="show or write a closed escalation's post-mortem")
    q.add_argument("ticket", type=id_arg("ticket", "TICKET"), metavar="TICKET")
    q.add_argument("--root-cause", help="product-defect, logistics, listing-description, earlier-service-handling, "
                                        "other")
    q.add_argument("--done", help="what was done")
    q.add_argument("--changes", help="what changes so it does not happen again")
    q.add_argument("--rule", action="append", metavar="RULE", help="a rule change it led to (rule id; repeatable)")
    q = sub.add_parser("kb", parents=[common], help="search the post-mortems (the knowledge base)")
    q.add_argument("query", nargs="*", help="words that must all appear (Chinese and Japanese too)")
    q.add_argument("--root-cause")

    p = add("authorize", cmd_authorize, "authorize an out-of-policy remedy on a ticket's order (compliance, admin)")
    p.add_argument("ticket", type=id_arg("ticket", "TICKET"), metavar="TICKET")
    p.add_argument("--kind", required=True, help="compensation, express-reship or future-discount")
    p.add_argument("--reason", required=True)
    p.add_argument("--limit", help="compensation/discount: the most the order's refunds may add up to, like 150.00")
    p.add_argument("--currency", help="default: the order's")
    p.add_argument("--hours", type=int, help="valid for this many hours (default 168)")
    p.add_argument("--until", help="valid until this time (ISO 8601)")
    p = add("authorizations", cmd_authorizations, "out-of-policy authorizations, oldest first")
    p.add_argument("--ticket", type=id_arg("ticket", "--ticket"), metavar="TICKET")

    p = add("reship", cmd_reship, "log a reshipment sent by hand")
    p.add_argument("ticket", type=id_arg("ticket", "TICKET"), metavar="TICKET")
    p.add_argument("--items", required=True, help="SKU:QUANTITY[,SKU:QUANTITY...]")
    p.add_argument("--carrier", required=True)
    p.add_argument("--tracking")
    p.add_argument("--reason", required=True)
    p.add_argument("--express", action="store_true", help="express shipping (needs an express-reship authorization)")
    p.add_argument("--authorization", type=id_arg("authorization", "--authorization"), metavar="ID")
    p.add_argument("--at", help="when it was sent (ISO 8601; default now)")
    p = add("reships", cmd_reships, "logged reshipments, oldest first")
    p.add_argument("--ticket", type=id_arg("ticket", "--ticket"), metavar="TICKET")

    p = add("drill", cmd_drill, "escalation drills on a copy of the database (compliance)")
    sub = p.add_subparsers(dest="drill_command", metavar="ACTION", parser_class=Parser)
    sub.required = True
    sub.add_parser("start", parents=[common], help="make the drill copy and inject a simulated escalation into it")
    sub.add_parser("report", parents=[common], help="how fast the team answered the drill so far")
    q = sub.add_parser("end", parents=[common], help="record the timing in the real log and remove the copy")
    q.add_argument("--keep", action="store_true", help="keep the drill copy (still marked as a drill)")
