"""The dashboard: late-response rate as Amazon counts it, clocks due soon, A-to-z, held, backlog."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from tests.core.factories import BASE, load, message, order, reply
from tests.core.clock_fixtures import at, db  # noqa: F401  (fixtures: the database begins at BASE)
from warroom import clock
from warroom.services import dashboard as D
from warroom.services.deadlines import mark_no_response
from warroom.services.queue import queue_count, queue_page
from warroom.services.tickets import set_status
from warroom.storage.uow import UnitOfWork




def _ticket_of(db, sender):
    from sqlalchemy import select

    from warroom.storage.models import Ticket
    with UnitOfWork(db, write=False) as uow:
        return uow.session.scalar(select(Ticket.id).where(Ticket.buyer_address == sender))


def _rates(db, now):
    return {r.days: r for r in D.dashboard(db, now).response_rates}


def test_late_response_rate_counts_24_hours_weekends_included_and_leaves_out_no_response(db, users, at):
    # BASE is Friday 2026-11-20 09:00 UTC.  Four buyers on the Amazon channel:
    quick = message(1, at=BASE)                                    # answered after 23 h 59 m: on time
    weekend = message(2, at=BASE + timedelta(hours=1))             # answered Monday: late (weekends count)
    silent = message(3, at=BASE + timedelta(hours=2))              # never answered: late once 24 h passed
    thanks = message(4, at=BASE + timedelta(hours=3))              # "no response needed": leaves the count
    fresh = message(5, at=BASE + timedelta(days=3, hours=20))      # 4 hours old at the end: pending
    email = message(6, sender="someone@example.com", at=BASE)      # not Amazon's messaging: never counted
    load(db, [], [quick, weekend, silent, thanks, fresh, email])
    reply(db, _ticket_of(db, quick.from_addr), BASE + timedelta(hours=23, minutes=59))
    reply(db, _ticket_of(db, weekend.from_addr), BASE + timedelta(days=3, hours=1))
    at(BASE + timedelta(hours=5))
    mark_no_response(db, users["alice"], _ticket_of(db, thanks.from_addr), "Buyer only said thanks")
    now = BASE + timedelta(days=4)
    rate = _rates(db, now)[7]
    assert (rate.counted, rate.late, rate.pending, rate.excluded) == (3, 2, 1, 1)
    assert rate.rate == pytest.approx(2 / 3) and not rate.meets_target
    late = D.late_ticket_ids(db, 7, now)
    assert set(late) == {_ticket_of(db, weekend.from_addr), _ticket_of(db, silent.from_addr)}
    set_status(db, users["alice"], _ticket_of(db, weekend.from_addr), "closed")
    assert queue_count(db, focus=D.QueueFocus(ticket_ids=late)) == 1                   # the queue hides closed
    assert queue_count(db, focus=D.QueueFocus(ticket_ids=late, closed_too=True)) == 2  # a late answer still counts
    # the windows: 9 days later only the 30- and 90-day figures hold these messages
    later = _rates(db, BASE + timedelta(days=9))
    assert later[7].counted == 1 and later[7].late == 1            # only `fresh`, unanswered since
    assert later[30].counted == 4 and later[90].counted == 4


def test_an_answer_exactly_at_the_deadline_is_late_one_second_before_is_not(db, users, at):
    a, b = message(1, at=BASE), message(2, at=BASE)
    load(db, [], [a, b])
    reply(db, _ticket_of(db, a.from_addr), BASE + timedelta(hours=24))
    reply(db, _ticket_of(db, b.from_addr), BASE + timedelta(hours=23, minutes=59, seconds=59))
    rate = _rates(db, BASE + timedelta(days=2))[7]
    assert (rate.counted, rate.late) == (2, 1)
    assert D.late_ticket_ids(db, 7, BASE + timedelta(days=2)) == (_ticket_of(db, a.from_addr),)


def test_no_messages_means_no_rate_and_the_target_is_met(db, users):
    rate = _rates(db, BASE)[90]
    assert rate.counted == 0 and rate.rate is None and rate.meets_target


def test_due_soon_past_due_and_backlog_open_the_tickets_behind_them(db, users, at):
    load(db, [], [message(1, at=BASE), message(2, at=BASE + timedelta(hours=10)),
                  message(3, at=BASE + timedelta(hours=30)), message(4, at=BASE + timedelta(hours=31))])
    answered = message(5, at=BASE + timedelta(hours=2))
    load(db, [], [answered])
    reply(db, _ticket_of(db, answered.from_addr), BASE + timedelta(hours=3))
    now = BASE + timedelta(hours=31, minutes=30)   # 16:30 on the 21st: 1 was due 09:00, 2 is due 19:00
    at(now)
    d = D.dashboard(db, now)
    assert d.past_due.count == 1 and d.due_soon.count == 1
    assert d.backlog == 4 and sum(b.count for b in d.backlog_by_day) == 4
    # 12:30 on the 22nd: 3 and 4 are due at 15:00 and 16:00, 1 and 2 ran out yesterday
    d = D.dashboard(db, BASE + timedelta(hours=51, minutes=30))
    assert d.due_soon.count == 2 and d.past_due.count == 2
    page = queue_page(db, focus=d.due_soon.focus)
    assert {r["id"] for r in page["rows"]} == {_ticket_of(db, message(3).from_addr), _ticket_of(db, message(4).from_addr)}
    assert queue_count(db, focus=d.past_due.focus) == 2
    days = {b.key: b for b in d.backlog_by_day}
    assert {k: b.count for k, b in days.items()} == {"2026-11-21": 2, "2026-11-22": 2}
    assert queue_count(db, focus=days["2026-11-22"].focus) == 2
    for bucket in d.backlog_by_category:
        assert queue_count(db, focus=bucket.focus) == bucket.count


def test_atoz_deadlines_come_from_the_deadline_rules(db, users, at):
    o = order(1)
    load(db, [o], [message(1, order_id=o.amazon_order_id, at=BASE,
                           body="I have opened an A-to-z Guarantee claim because the parcel never arrived.")])
    d = D.dashboard(db, BASE + timedelta(hours=1))
    [claim] = d.atoz
    assert claim.due_at == BASE + timedelta(hours=48) and not claim.missed
    assert queue_count(db, focus=d.atoz_focus) == 1
    assert D.dashboard(db, BASE + timedelta(hours=49)).atoz[0].missed


def test_held_drafts_are_counted(db, users):
    assert D.dashboard(db).held.count == 0
    assert queue_count(db, focus=D.dashboard(db).held.focus) == 0     # an empty focus shows nothing


def test_the_aggregates_compile_for_postgresql_without_sqlite_date_functions(db):
    with UnitOfWork(db, write=False) as uow:
        query = D.response_rates_query(uow.session, BASE)
        pg = str(query.compile(dialect=postgresql.dialect()))
        lite = str(query.compile(dialect=sqlite.dialect()))
    assert "EXTRACT(EPOCH FROM" in pg and "strftime" not in pg and "julianday" not in pg
    assert pg.rstrip().endswith("GROUP BY flags.days")      # by the column, not a CASE with its own parameters
    assert "julianday(" in lite
    from warroom.storage.dialect import utc_day
    from warroom.storage.models import Ticket
    from sqlalchemy import select
    assert "to_char(" in str(select(utc_day(Ticket.due_at)).compile(dialect=postgresql.dialect()))
    assert "date(" in str(select(utc_day(Ticket.due_at)).compile(dialect=sqlite.dialect()))


def test_a_focus_on_more_tickets_than_sqlite_has_parameters_works(db, users):
    load(db, [], [message(1, at=BASE), message(2, at=BASE)])
    ids = tuple(range(1, 40_001))                  # SQLite allows 32,766 parameters a statement
    assert queue_count(db, focus=D.QueueFocus(ticket_ids=ids)) == 2
    assert len(queue_page(db, focus=D.QueueFocus(ticket_ids=ids))["rows"]) == 2
