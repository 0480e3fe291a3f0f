"""Commands of team mode (several desktops on one server): ``take`` takes a ticket only if it is
still free, so two agents taking the same ticket at once give it to one of them."""

from __future__ import annotations

import argparse
from typing import Callable

from warroom.cli.common import Parser, actor_of, emit, id_arg, open_db


def cmd_take(args: argparse.Namespace) -> int:
    from warroom.services.tickets import claim_ticket

    db = open_db(args)
    actor = actor_of(args, db)
    assert actor is not None                  # required: a UsageError without --as
    result = claim_ticket(db, actor, args.ticket)
    emit(args, result, lambda r: f"ticket {r['ticket_id']} is yours" + ("" if r["changed"] else " (already was)"))
    return 0


def register(add: Callable[..., argparse.ArgumentParser], common: Parser) -> None:
    p = add("take", cmd_take, "take an unassigned ticket (refused, naming who has it, when someone else does)")
    p.add_argument("ticket", type=id_arg("ticket", "TICKET"), metavar="TICKET")
