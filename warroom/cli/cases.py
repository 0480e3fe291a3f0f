"""Commands of the Seller Support case log (`cases`, `case ...`) and the FBM orders (`fbm`)."""

from __future__ import annotations

import argparse
from typing import Any, Callable

from warroom import clock
from warroom.cli.common import Parser, actor_of, emit, info, open_db, short, table
from warroom.domain.cases import CaseLimitReached
from warroom.errors import BadInput


def _word(value: str) -> str:
    """``NOT_RESOLVED`` as the command spells it: ``not-resolved`` (``CANCEL_AND_REFUND``: ``cancel-refund``)."""
    return value.lower().replace("_and_", "-").replace("_", "-")


def _day_line(day: Any) -> str:
    text = (f"today ({day.day.isoformat()}, {day.zone}): {day.count} Seller Support case{'s' if day.count != 1 else ''}"
            f" opened, daily limit {day.limit}; {day.urgent_count} urgent (at most {day.urgent_limit})")
    if day.at_limit:
        text += " - LIMIT REACHED: another case needs --over-limit --reason TEXT"
    return text


def _case_rows(cases: Any) -> str:
    return table([[c.case_id, clock.iso(c.opened_at), c.channel.value.lower(), "yes" if c.urgent else "",
                   short(c.topic, 40), c.opened_by, f"{c.answer_hours}h" if c.answer_hours is not None else "-",
                   str(c.reopen_count), (_word(c.outcome.value) if c.outcome else "open")] for c in cases],
                 ["CASE", "OPENED", "CHANNEL", "URGENT", "TOPIC", "AGENT", "ANSWER", "REOPENED", "OUTCOME"])


def cmd_cases(args: argparse.Namespace) -> int:
    from warroom.services import cases

    result = cases.list_cases(open_db(args), today=args.today)
    emit(args, [c.to_dict() for c in result.cases],
         lambda _rows: _day_line(result.today) + "\n\n" + _case_rows(result.cases))
    return 0


def _show(c: Any) -> str:
    lines = [f"case {c.case_id} ({c.status}): {c.topic}",
             f"  channel {c.channel.value.lower()}, opened {clock.iso(c.opened_at)} by {c.opened_by}"
             + (", URGENT" if c.urgent else "")]
    for label, values in (("ASINs", c.asins), ("orders", c.order_ids), ("shipments", c.shipment_ids)):
        if values:
            lines.append(f"  {label}: {', '.join(values)}")
    if c.note:
        lines.append(f"  note: {c.note}")
    if c.over_limit_reason:
        lines.append(f"  opened past the daily limit: {c.over_limit_reason}")
    if c.answered_at:
        lines.append(f"  Amazon answered {clock.iso(c.answered_at)} (after {c.answer_hours} h)"
                     + (f": {c.answer_note}" if c.answer_note else ""))
    if c.reopen_count:
        lines.append(f"  reopened {c.reopen_count} time{'s' if c.reopen_count != 1 else ''}")
    if c.outcome:
        lines.append(f"  closed {clock.iso(c.closed_at)} by {c.closed_by}: {_word(c.outcome.value)}"
                     + (f" ({c.outcome_note})" if c.outcome_note else ""))
    return "\n".join(lines)


def cmd_case(args: argparse.Namespace) -> int:
    from warroom.services import cases

    db = open_db(args)
    action = args.case_command
    if action == "show":
        emit(args, cases.get_case(db, args.case_id).to_dict(), lambda _d: _show(cases.get_case(db, args.case_id)))
        return 0
    actor = actor_of(args, db)
    assert actor is not None
    if action == "open":
        if args.reason and not args.over_limit:
            raise BadInput("--reason confirms opening past the daily limit: give it with --over-limit", field="reason")
        if args.over_limit and not (args.reason or "").strip():
            raise BadInput("--over-limit needs a reason: why this case cannot wait until tomorrow", field="reason")
        try:
            opened = cases.open_case(db, actor, case_id=args.case_id, topic=args.topic, channel=args.channel,
                                     opened_at=args.opened_at, urgent=args.urgent, asins=args.asin or (),
                                     orders=args.order or (), shipments=args.shipment or (), note=args.note,
                                     over_limit_reason=args.reason if args.over_limit else None)
        except CaseLimitReached:
            info("warroom: to open it anyway: add --over-limit --reason TEXT (the audit log records it)")
            raise
        for warning in opened.warnings:
            info(f"warroom: warning: {warning}")
        g = opened.guard
        emit(args, opened.to_dict(), lambda _d: f"case {opened.case.case_id} logged: case {g.count + 1} on "
                                                f"{g.day.isoformat()} ({g.zone}; daily limit {g.limit})")
        return 0
    if action == "answer":
        view = cases.answer_case(db, actor, args.case_id, answered_at=args.at, note=args.note)
        emit(args, view.to_dict(), lambda _d: f"case {view.case_id}: Amazon answered {clock.iso(view.answered_at)} "
                                              f"(after {view.answer_hours} h)")
    elif action == "reopen":
        view = cases.reopen_case(db, actor, args.case_id, args.reason)
        emit(args, view.to_dict(), lambda _d: f"case {view.case_id} reopened ({view.reopen_count} "
                                              f"time{'s' if view.reopen_count != 1 else ''})")
    else:
        view = cases.close_case(db, actor, args.case_id, args.outcome, note=args.note)
        emit(args, view.to_dict(), lambda _d: f"case {view.case_id} closed: {_word(view.outcome.value)}"
                                              if view.outcome else "")
    return 0


_GROUP_TITLES = {"past_due": "PAST DUE", "due_today": "DUE TODAY", "later": "LATER", "no_date": "NO SHIP-BY DATE"}


def _fbm_text(view: Any) -> str:
    parts = [f"unshipped FBM orders as of {clock.iso(view.as_of)} (days in {view.timezone})"]
    for group, title in _GROUP_TITLES.items():
        rows = [o for o in view.orders if o.group.value == group]
        if not rows and group == "no_date":
            continue
        parts.append(f"\n{title} ({len(rows)})")
        parts.append(table([[o.amazon_order_id, clock.iso(o.latest_ship_date) or "-", o.status,
                             o.marketplace or "", short(o.items, 36),
                             (_word(o.decision.decision.value) if o.decision else "-"),
                             (f"{o.decision.decided_by} {clock.iso(o.decision.decided_at)}" if o.decision else "")]
                            for o in rows],
                           ["ORDER", "SHIP BY", "STATUS", "MKT", "ITEMS", "DECISION", "BY"]))
    parts.append("\nWISMO tickets per day (last 14 days): "
                 + ", ".join(f"{d.day.isoformat()[5:]} {d.count}" for d in view.wismo_per_day))
    return "\n".join(parts)


def cmd_fbm(args: argparse.Namespace) -> int:
    from warroom.services import fbm

    db = open_db(args)
    if getattr(args, "fbm_command", None) == "decide":
        actor = actor_of(args, db)
        assert actor is not None
        d = fbm.decide(db, actor, args.order, args.decision, args.note)
        emit(args, d.to_dict(), lambda _d: f"order {d.amazon_order_id}: {_word(d.decision.value)} "
                                           f"(decided by {d.decided_by} {clock.iso(d.decided_at)})")
        return 0
    if getattr(args, "fbm_command", None) == "history":
        rows = fbm.decision_history(db, args.order)
        emit(args, [d.to_dict() for d in rows], lambda _r: table(
            [[str(d.id), clock.iso(d.decided_at), _word(d.decision.value), d.decided_by, short(d.note, 60)]
             for d in rows], ["ID", "DECIDED", "DECISION", "BY", "NOTE"]))
        return 0
    view = fbm.fbm_view(db)
    emit(args, view.to_dict(), lambda _d: _fbm_text(view))
    return 0


def register(add: Callable[..., argparse.ArgumentParser], common: Parser) -> None:
    p = add("cases", cmd_cases, "the Seller Support case log, newest first, with today's count against the limit")
    p.add_argument("--today", action="store_true", help="only the cases opened today (the seller's day)")

    p = add("case", cmd_case, "open, show, answer, reopen or close a Seller Support case")
    csub = p.add_subparsers(dest="case_command", metavar="ACTION", parser_class=Parser)
    csub.required = True
    q = csub.add_parser("open", parents=[common], help="log a case opened with Seller Support (rate-guarded)")
    q.add_argument("case_id", metavar="CASE", help="Amazon's case id")
    q.add_argument("--topic", required=True)
    q.add_argument("--channel", required=True, type=str.lower, choices=("email", "phone", "chat"))
    q.add_argument("--opened-at", metavar="TIME", help="when it was opened (ISO 8601; default now)")
    q.add_argument("--urgent", action="store_true", help="the urgent box was ticked (do not overuse it)")
    q.add_argument("--asin", action="append", metavar="ASIN", help="an ASIN the case names (repeatable)")
    q.add_argument("--order", action="append", metavar="ORDER", help="an order id the case names (repeatable)")
    q.add_argument("--shipment", action="append", metavar="SHIPMENT", help="an FBA shipment id (repeatable)")
    q.add_argument("--note")
    q.add_argument("--over-limit", action="store_true", help="open it although today's limit is reached "
                                                              "(needs --reason)")
    q.add_argument("--reason", help="why it cannot wait (with --over-limit)")
    q = csub.add_parser("show", parents=[common], help="one case")
    q.add_argument("case_id", metavar="CASE")
    q = csub.add_parser("answer", parents=[common], help="record Amazon's answer")
    q.add_argument("case_id", metavar="CASE")
    q.add_argument("--at", metavar="TIME", help="when Amazon answered (ISO 8601; default now)")
    q.add_argument("--note")
    q = csub.add_parser("reopen", parents=[common], help="reopen a closed case")
    q.add_argument("case_id", metavar="CASE")
    q.add_argument("--reason", required=True)
    q = csub.add_parser("close", parents=[common], help="close a case with its outcome")
    q.add_argument("case_id", metavar="CASE")
    q.add_argument("--outcome", required=True, type=str.lower,
                   choices=("resolved", "not-resolved", "escalated", "no-answer", "withdrawn"))
    q.add_argument("--note")

    p = add("fbm", cmd_fbm, "unshipped FBM orders by ship-by date with their decisions; WISMO tickets per day")
    fsub = p.add_subparsers(dest="fbm_command", metavar="ACTION", parser_class=Parser)
    fsub.required = False
    q = fsub.add_parser("decide", parents=[common], help="record what happens to an unshipped FBM order "
                                                          "(compliance)")
    q.add_argument("order", metavar="ORDER")
    q.add_argument("--decision", required=True, type=str.lower, choices=("ship", "cancel-refund", "hold"))
    q.add_argument("--note", required=True)
    q = fsub.add_parser("history", parents=[common], help="every decision on one order, oldest first")
    q.add_argument("order", metavar="ORDER")
