"""`warroom claims`, `warroom claim open|show|request|evidence|submit|outcome`, `warroom notices`,
`warroom notice show|answer|link` (docs/CLI-additions.md)."""

from __future__ import annotations

import argparse
from typing import Any, Callable

from warroom import clock
from warroom.cli.common import Parser, actor_of, emit, id_arg, open_db, short, table
from warroom.domain.claims import format_left


def _left(d: dict[str, Any]) -> str:
    if d.get("due_at") is None:
        return "-"
    return format_left(clock.parse_iso(d["due_at"]) - clock.now())


def _claims_table(rows: list[dict[str, Any]]) -> str:
    return table([[str(r["id"]), r["type"], r["amazon_order_id"], str(r["ticket_id"] or "-"), r["status"],
                   r["window"] or "-", r["due_at"] or "-", _left(r),
                   f"{r['amount']} {r['currency']}" if r["amount"] else "-"] for r in rows],
                 ["ID", "TYPE", "ORDER", "TICKET", "STATUS", "WINDOW", "DUE", "LEFT", "AMOUNT"])


def _claim_text(d: dict[str, Any]) -> str:
    lines = [f"claim {d['id']}: {d['type']} on order {d['amazon_order_id']}, {d['status']}",
             f"ticket: {d['ticket_id'] or '-'}; opened {d['opened_at']} by {d['opened_by']}",
             f"information requested: {d['info_requested_at'] or '-'}",
             f"window: {d['window'] or '-'}; due {d['due_at'] or '-'} ({_left(d)} left)"]
    if d["reason"]:
        lines.append(f"reason: {short(d['reason'], 200)}")
    if d["submitted_at"]:
        lines.append(f"submitted {d['submitted_at']} by {d['submitted_by']}: {short(d['submission'], 200)}")
    if d["outcome_at"] or d["appealed_at"]:
        lines.append(f"outcome: {d['outcome_at'] or '-'}; appealed: {d['appealed_at'] or '-'}")
    if d["amount"]:
        lines.append(f"amount: {d['amount']} {d['currency']}")
    for e in d["evidence"]:
        lines.append(f"evidence {e['id']}: {e['kind']} {e['reference']}" + (f" ({short(e['note'], 80)})" if e["note"] else ""))
    if d["notice_ids"]:
        lines.append("notices: " + ", ".join(str(i) for i in d["notice_ids"]))
    return "\n".join(lines)


def _notices_table(rows: list[dict[str, Any]]) -> str:
    return table([[str(r["id"]), r["kind"], r["amazon_order_id"] or "-", r["received_at"], r["status"],
                   r["due_at"] or "-", _left(r) if r["status"] == "open" else "-", str(r["claim_id"] or "-"),
                   str(r["ticket_id"] or "-"), short(r["subject"], 50)] for r in rows],
                 ["ID", "KIND", "ORDER", "RECEIVED", "STATUS", "DUE", "LEFT", "CLAIM", "TICKET", "SUBJECT"])


def _notice_text(d: dict[str, Any]) -> str:
    lines = [f"notice {d['id']}: {d['kind']} from {d['from_addr']}, received {d['received_at']}, {d['status']}",
             f"subject: {d['subject']}", f"order: {d['amazon_order_id'] or '-'}; claim: {d['claim_id'] or '-'}; "
             f"ticket: {d['ticket_id'] or '-'}",
             f"needs: {d['response_needed']}" + (f" (by {d['due_at']})" if d["due_at"] else "")]
    if d["answered_at"]:
        lines.append(f"answered {d['answered_at']} by {d['answered_by']}: {short(d['answer'], 200)}")
    return "\n".join(lines + ["", d["body"]])


# ------------------------------------------------------------------------------------ commands

def cmd_claims(args: argparse.Namespace) -> int:
    from warroom.services.claims import list_claims

    rows = [c.to_dict() for c in list_claims(open_db(args), open_only=args.open)]
    emit(args, rows, _claims_table)
    return 0


def cmd_claim(args: argparse.Namespace) -> int:
    from warroom.services import claims as S

    db = open_db(args)
    action = args.claim_command
    if action == "show":
        emit(args, S.get_claim(db, args.id).to_dict(), _claim_text)
        return 0
    actor = actor_of(args, db)
    assert actor is not None
    if action == "open":
        view = S.open_claim(db, actor, type=args.type, ticket_id=args.ticket, amazon_order_id=args.order,
                            notice_id=args.notice, opened_at=args.opened_at, info_requested_at=args.requested_at,
                            reason=args.reason, amount=args.amount, currency=args.currency)
    elif action == "request":
        view = S.request_info(db, actor, args.id, at=args.at)
    elif action == "evidence":
        e = S.add_evidence(db, actor, args.id, kind=args.kind, reference=args.reference, note=args.note)
        emit(args, {"id": e.id, "claim_id": e.claim_id, "kind": e.kind, "reference": e.reference, "note": e.note,
                    "added_by": e.added_by, "added_at": clock.iso(e.added_at)},
             lambda d: f"evidence {d['id']} added to claim {d['claim_id']}")
        return 0
    elif action == "submit":
        view = S.submit(db, actor, args.id, text=args.text, at=args.at)
    else:
        view = S.record_outcome(db, actor, args.id, outcome=args.outcome, amount=args.amount,
                                currency=args.currency, at=args.at)
    emit(args, view.to_dict(), _claim_text)
    return 0


def cmd_notices(args: argparse.Namespace) -> int:
    from warroom.services.notices import list_notices

    rows = [n.to_dict() for n in list_notices(open_db(args), open_only=args.open)]
    emit(args, rows, _notices_table)
    return 0


def cmd_notice(args: argparse.Namespace) -> int:
    from warroom.services import notices as S

    db = open_db(args)
    if args.notice_command == "show":
        emit(args, S.get_notice(db, args.id).to_dict(), _notice_text)
        return 0
    actor = actor_of(args, db)
    assert actor is not None
    if args.notice_command == "answer":
        view = S.answer_notice(db, actor, args.id, text=args.text)
    else:
        view = S.link_notice(db, actor, args.id, claim_id=args.claim, ticket_id=args.ticket)
    emit(args, view.to_dict(), _notice_text)
    return 0


def register(add: Callable[..., argparse.ArgumentParser], common: Parser) -> None:
    claim_id = id_arg("claim", "CLAIM")
    notice_id = id_arg("notice", "NOTICE")
    ticket_id = id_arg("ticket", "TICKET")

    p = add("claims", cmd_claims, "claims (A-to-z, chargebacks), the most urgent window first")
    p.add_argument("--open", action="store_true", help="only claims that are not decided for good")

    p = add("claim", cmd_claim, "open, show and work one claim")
    sub = p.add_subparsers(dest="claim_command", metavar="ACTION", parser_class=Parser)
    sub.required = True
    q = sub.add_parser("open", parents=[common], help="open a claim from a ticket, a notice or an order id")
    q.add_argument("--type", required=True, help="A_TO_Z or CHARGEBACK")
    q.add_argument("--ticket", type=ticket_id, default=None, help="the ticket it concerns (its order is taken)")
    q.add_argument("--order", default=None, help="the Amazon order id (123-1234567-1234567)")
    q.add_argument("--notice", type=notice_id, default=None, help="the Amazon notice that opened it")
    q.add_argument("--opened-at", default=None, metavar="TIME", help="when Amazon opened it (ISO 8601; default now)")
    q.add_argument("--requested-at", default=None, metavar="TIME", help="when Amazon asked for information")
    q.add_argument("--reason", default=None, help="the buyer's reason as Amazon gave it")
    q.add_argument("--amount", default=None, help="the amount claimed")
    q.add_argument("--currency", default=None, help="its currency (default: the order's)")
    q = sub.add_parser("show", parents=[common], help="one claim with its evidence and notices")
    q.add_argument("id", type=claim_id, metavar="CLAIM")
    q = sub.add_parser("request", parents=[common], help="Amazon asked for information (the window restarts)")
    q.add_argument("id", type=claim_id, metavar="CLAIM")
    q.add_argument("--at", default=None, metavar="TIME", help="when (ISO 8601; default now)")
    q = sub.add_parser("evidence", parents=[common], help="attach evidence (a file or record reference, a note)")
    q.add_argument("id", type=claim_id, metavar="CLAIM")
    q.add_argument("--kind", required=True,
                   help="PROOF_OF_SHIPMENT, TRACKING, PHOTOS, CONVERSATION, REFUNDS or OTHER")
    q.add_argument("--reference", required=True, help="a file path, tracking number, ticket:12, refund:3, ...")
    q.add_argument("--note", default=None)
    q = sub.add_parser("submit", parents=[common], help="record what was submitted to Amazon, and when")
    q.add_argument("id", type=claim_id, metavar="CLAIM")
    q.add_argument("--text", required=True, help="what was submitted")
    q.add_argument("--at", default=None, metavar="TIME", help="when (ISO 8601; default now)")
    q = sub.add_parser("outcome", parents=[common], help="GRANTED, DENIED, WITHDRAWN, or APPEALED (the appeal filed)")
    q.add_argument("id", type=claim_id, metavar="CLAIM")
    q.add_argument("outcome", metavar="OUTCOME")
    q.add_argument("--amount", default=None)
    q.add_argument("--currency", default=None)
    q.add_argument("--at", default=None, metavar="TIME", help="when (ISO 8601; default now)")

    p = add("notices", cmd_notices, "Amazon's notices (claims, chargebacks, warnings, performance), open first")
    p.add_argument("--open", action="store_true", help="only notices not answered")

    p = add("notice", cmd_notice, "show, answer or link one of Amazon's notices")
    sub = p.add_subparsers(dest="notice_command", metavar="ACTION", parser_class=Parser)
    sub.required = True
    q = sub.add_parser("show", parents=[common], help="one notice with its text")
    q.add_argument("id", type=notice_id, metavar="NOTICE")
    q = sub.add_parser("answer", parents=[common], help="record the answer given (the notice is answered)")
    q.add_argument("id", type=notice_id, metavar="NOTICE")
    q.add_argument("--text", required=True, help="what was answered or done")
    q = sub.add_parser("link", parents=[common], help="link the notice to a claim and/or a ticket")
    q.add_argument("id", type=notice_id, metavar="NOTICE")
    q.add_argument("--claim", type=claim_id, default=None)
    q.add_argument("--ticket", type=ticket_id, default=None)
