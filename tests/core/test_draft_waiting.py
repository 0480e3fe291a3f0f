"""One click, one draft: while a draft waits on a ticket (submitted, approved, held, being sent)
the ticket takes no second one, in the core (so the command is protected too); the queue row
says which draft waits; the outbox's "Sent" list is a typed query, newest first."""

from __future__ import annotations

import pytest

from tests.core.test_gate import gate, draft  # noqa: F401  (fixture)
from warroom.errors import BadInput, DraftWaiting
from warroom.services import dispatch as dispatch_service
from warroom.services import drafts as drafts_service
from warroom.services import queue as queue_service


def test_a_second_draft_while_one_waits_is_refused_naming_the_waiting_draft(db, gate):
    alice = gate["users"]["alice"]
    first = drafts_service.create_draft(db, alice, gate["wismo"], template="general-ack")
    assert first["status"] == "submitted"
    with pytest.raises(DraftWaiting) as caught:
        drafts_service.create_draft(db, alice, gate["wismo"], template="general-ack")
    assert caught.value.draft_id == first["id"] and caught.value.status == "submitted"
    assert f"draft {first['id']}" in str(caught.value)
    assert len(drafts_service.list_drafts(db, ticket_id=gate["wismo"])) == 1
    waiting = drafts_service.waiting_draft(db, gate["wismo"])
    assert waiting is not None and waiting.id == first["id"] and waiting.status == "submitted"
    assert queue_service.queue_row(db, gate["wismo"])["reply"] == "submitted"
    # approved: still waiting (to leave)
    drafts_service.approve_draft(db, gate["users"]["carol"], first["id"], "secret-pw")
    with pytest.raises(DraftWaiting, match="approved"):
        drafts_service.create_draft(db, alice, gate["wismo"], template="general-ack")
    assert queue_service.queue_row(db, gate["wismo"])["reply"] == "approved"
    # once it left, the ticket takes a new reply
    dispatch_service.dispatch_manual(db, alice, first["id"])
    assert drafts_service.waiting_draft(db, gate["wismo"]) is None
    assert queue_service.queue_row(db, gate["wismo"])["reply"] is None
    second = drafts_service.create_draft(db, alice, gate["wismo"], template="general-ack")
    assert second["status"] == "submitted"


def test_a_rejected_draft_frees_the_ticket(db, gate):
    alice, carol = gate["users"]["alice"], gate["users"]["carol"]
    first = drafts_service.create_draft(db, alice, gate["refund"], template="refund-ack")
    drafts_service.reject_draft(db, carol, first["id"], "wrong tone")
    assert drafts_service.waiting_draft(db, gate["refund"]) is None
    assert drafts_service.create_draft(db, alice, gate["refund"], template="refund-ack")["status"] == "submitted"


def test_the_command_refuses_the_duplicate_too(cli, gate):
    assert draft(cli, str(gate["wismo"]), "--template", "general-ack").code == 0
    r = draft(cli, str(gate["wismo"]), "--template", "general-ack")
    assert r.code == 3 and "already has draft" in r.err and "waiting" in r.err


def test_sent_list_newest_first(db, gate):
    alice, carol = gate["users"]["alice"], gate["users"]["carol"]
    assert drafts_service.sent_drafts(db).total == 0
    sent = []
    for ticket, template in ((gate["wismo"], "general-ack"), (gate["refund"], "refund-ack")):
        d = drafts_service.create_draft(db, alice, ticket, template=template)
        drafts_service.approve_draft(db, carol, d["id"], "secret-pw")
        dispatch_service.dispatch_manual(db, alice, d["id"])
        sent.append(d["id"])
    listed = drafts_service.sent_drafts(db)
    assert listed.total == 2 and [d.id for d in listed.drafts] == sent[::-1]
    assert listed.drafts[0].dispatched_by == "alice" and listed.drafts[0].dispatched_via == "manual"
    assert listed.drafts[0].dispatched_at is not None and listed.drafts[0].subject
    assert [d.id for d in drafts_service.sent_drafts(db, limit=1).drafts] == [sent[1]]
    with pytest.raises(BadInput):
        drafts_service.sent_drafts(db, limit=-1)


def test_a_missing_reason_carries_its_field_and_no_command_line_wording(db, gate, cli):
    from warroom.services import deadlines, suspension

    with pytest.raises(BadInput) as caught:
        deadlines.mark_no_response(db, gate["users"]["alice"], gate["wismo"], "  ")
    assert caught.value.field == "reason" and "--" not in caught.value.reason
    with pytest.raises(BadInput) as caught:
        suspension.declare(db, gate["users"]["ada"], " ")
    assert caught.value.field == "reason" and "--" not in str(caught.value)
    r = cli("no-response", str(gate["wismo"]), "--reason", " ", "--as", "alice")
    assert r.code == 3 and "(--reason TEXT)" in r.err
