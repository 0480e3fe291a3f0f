"""Notifications: what changed since T for one user (drafts, rejections, clocks under 4 h, red flags)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.core.factories import BASE, load, message, order
from tests.core.clock_fixtures import at, db  # noqa: F401  (fixtures: the database begins at BASE)
from warroom import clock
from warroom.services import notifications as N
from warroom.services import templates
from warroom.services.drafts import create_draft, reject_draft
from warroom.services.tickets import list_tickets, tag_ticket

REFUND_TEXT = "Hello, the blender arrived broken. I would like a refund for my order please."




@pytest.fixture
def refund(db, users):
    assert templates.import_templates(db, users["carol"])["imported"] == 30
    o = order(1)
    load(db, [o], [message(1, order_id=o.amazon_order_id, at=BASE, body=REFUND_TEXT)])
    return list_tickets(db)[0]["id"]


def test_a_new_draft_reaches_compliance_not_the_agent_and_a_rejection_its_author(db, users, at, refund):
    at(BASE + timedelta(minutes=5))
    d = create_draft(db, users["alice"], refund, template="refund-ack", language="en")
    assert d["status"] == "submitted"
    window = (BASE, BASE + timedelta(minutes=6))
    carol = N.changes_since(db, users["carol"], *window)
    [event] = carol.of_kind(N.DRAFT_ON_DESK)
    assert event.draft_id == d["id"] and event.by == "alice" and event.ticket_ids == (refund,)
    assert carol.desk_count == 1 and carol.outbox_count == 0
    assert not N.changes_since(db, users["alice"], *window).of_kind(N.DRAFT_ON_DESK)   # agents do not approve
    assert not N.changes_since(db, users["carol"], window[1], window[1] + timedelta(minutes=1)).events  # seen
    at(BASE + timedelta(minutes=10))
    reject_draft(db, users["carol"], d["id"], "Use the neutral wording")
    window = (window[1], BASE + timedelta(minutes=11))
    [rejected] = N.changes_since(db, users["alice"], *window).of_kind(N.DRAFT_REJECTED)
    assert rejected.by == "carol" and rejected.reason == "Use the neutral wording"
    assert not N.changes_since(db, users["bob"], *window).of_kind(N.DRAFT_REJECTED)     # not bob's draft
    assert N.changes_since(db, users["carol"], *window).desk_count == 0


def test_a_clock_coming_under_4_hours_is_told_once(db, users, at, refund):
    # the refund ticket is due at BASE + 24 h: under 4 hours just after BASE + 20 h
    before = N.changes_since(db, users["alice"], BASE + timedelta(hours=19), BASE + timedelta(hours=20))
    assert not before.of_kind(N.DEADLINE_SOON)
    [soon] = N.changes_since(db, users["alice"], BASE + timedelta(hours=20),
                             BASE + timedelta(hours=20, seconds=15)).of_kind(N.DEADLINE_SOON)
    assert soon.ticket_ids == (refund,)
    after = N.changes_since(db, users["alice"], BASE + timedelta(hours=20, seconds=15), BASE + timedelta(hours=21))
    assert not after.of_kind(N.DEADLINE_SOON)


def test_a_red_flag_reaches_everyone_but_who_set_it(db, users, at, refund):
    at(BASE + timedelta(minutes=30))
    tag_ticket(db, users["alice"], refund, ["LEGAL"], "Buyer mentions a lawyer on the phone")
    window = (BASE + timedelta(minutes=29), BASE + timedelta(minutes=31))
    [flag] = N.changes_since(db, users["carol"], *window).of_kind(N.RED_FLAG)
    assert (flag.flag, flag.by, flag.ticket_ids) == ("LEGAL", "alice", (refund,))
    assert not N.changes_since(db, users["alice"], *window).of_kind(N.RED_FLAG)
    # a tag that is not a triage flag is not a red flag
    at(BASE + timedelta(minutes=40))
    tag_ticket(db, users["alice"], refund, ["CALLBACK"])
    assert not N.changes_since(db, users["carol"], BASE + timedelta(minutes=35),
                               BASE + timedelta(minutes=41)).of_kind(N.RED_FLAG)


def test_flags_set_by_triage_on_import_arrive_as_red_flags(db, users, at):
    at(BASE + timedelta(hours=1))
    o = order(2)
    load(db, [o], [message(2, order_id=o.amazon_order_id, at=BASE + timedelta(hours=1),
                           body="My lawyer will take legal action if I am not refunded.")])
    flags = N.changes_since(db, users["bob"], BASE, BASE + timedelta(hours=2)).of_kind(N.RED_FLAG)
    assert "LEGAL" in {f.flag for f in flags}
