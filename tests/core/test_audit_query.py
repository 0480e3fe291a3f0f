"""warroom.services.audit_query: filtered, keyset-paged reading of the audit log, checked
against a plain decode-everything-and-filter oracle."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from warroom import clock
from warroom.domain.audit import format_at
from warroom.errors import BadInput, NotFound, PermissionDenied
from warroom.services import audit_query
from warroom.services.audit_query import AuditFilter, iter_all, query_entries
from warroom.storage import audit_log
from warroom.storage.uow import UnitOfWork

T0 = clock.parse_iso("2026-11-20T08:00:00Z")


def _fill(db, n: int = 600) -> None:
    """``n`` entries one minute apart from T0, with tricky payloads: one holds another entry's
    actor and entity bytes inside its payload (a match by bytes only, not by member)."""
    items = []
    for i in range(n):
        actor = ("alice", "bob", "carol", "日本語ユーザー")[i % 4]
        action = ("draft.create", "draft.approve", "ticket.tag", "note.add", "draft.dispatch")[i % 5]
        entity = f"ticket:{i % 7}" if action in ("ticket.tag", "note.add") else f"draft:{i % 11}"
        payload: object = {"i": i, "text": "Größe 💡"}
        if i == 13:
            payload = {"copied": ',"actor":"bob","at":"', "e": ',"entity":"ticket:3","payload":'}
        items.append((actor, action, entity, payload))
    with UnitOfWork(db) as uow:
        conn = uow.connection
        for i, item in enumerate(items):
            audit_log.append(conn, *item, at=T0 + timedelta(minutes=i))
        uow.entries.append(audit_log.entries(conn, limit=1)[0])
        uow.commit()


def _oracle(db, f: AuditFilter) -> list[int]:
    with UnitOfWork(db, write=False) as uow:
        rows = uow.connection.exec_driver_sql("SELECT seq, canonical FROM audit_entry ORDER BY seq DESC").all()
    out = []
    for seq, canonical in rows:
        doc = json.loads(bytes(canonical))
        at = clock.parse_iso(doc["at"])
        if f.actor and doc["actor"] != f.actor:
            continue
        if f.action and not (doc["action"].startswith(f.action[:-1]) if f.action.endswith("*")
                             else doc["action"] == f.action):
            continue
        if f.entities and doc["entity"] not in f.entities:
            continue
        if (f.since and at < f.since) or (f.until and at > f.until):
            continue
        out.append(seq)
    return out


@pytest.fixture
def log(db, users):
    _fill(db)
    return db


FILTERS = [
    AuditFilter(),
    AuditFilter(actor="bob"),
    AuditFilter(actor="日本語ユーザー"),
    AuditFilter(action="draft.approve"),
    AuditFilter(action="draft.*"),
    AuditFilter(entities=("ticket:3",)),
    AuditFilter(entities=("ticket:3", "draft:5")),
    AuditFilter(actor="carol", action="ticket.tag"),
    AuditFilter(since=T0 + timedelta(minutes=100), until=T0 + timedelta(minutes=250)),
    AuditFilter(actor="alice", since=T0 + timedelta(minutes=500)),
    AuditFilter(until=T0 + timedelta(minutes=30)),
    AuditFilter(actor="nobody"),
]


@pytest.mark.parametrize("f", FILTERS, ids=repr)
@pytest.mark.parametrize("page", [1, 7, 200])
def test_every_page_walk_gives_exactly_the_matches_newest_first(log, users, f, page, monkeypatch):
    monkeypatch.setattr(audit_query, "SCAN_CHUNK", 50)       # many chunks, so chunk edges are crossed
    got = [r.seq for r in iter_all(log, users["carol"], f, page=page)]
    assert got == _oracle(log, f)


def test_payload_bytes_that_look_like_a_member_do_not_match(log, users):
    got = [r.seq for r in iter_all(log, users["ada"], AuditFilter(actor="bob"))]
    assert 14 not in got                                      # entry 14 (i=13) holds the bytes in its payload
    assert all(r.actor == "bob" for r in iter_all(log, users["ada"], AuditFilter(actor="bob")))


def test_pages_are_keyed_by_sequence_number_not_offset(log, users):
    f = AuditFilter(action="note.add")
    first = query_entries(log, users["ada"], f, limit=10)
    assert len(first.rows) == 10 and first.before == first.rows[-1].seq
    # an entry appended between two pages does not shift the next page (OFFSET would)
    with UnitOfWork(log) as uow:
        uow.audit("alice", "note.add", "ticket:1", {"new": True})
        uow.commit()
    second = query_entries(log, users["ada"], f, before=first.before, limit=10)
    assert second.rows[0].seq < first.rows[-1].seq
    assert [r.seq for r in first.rows + second.rows] == _oracle(log, f)[1:21]


def test_time_range_bounds_are_inclusive_and_exact(log, users):
    at = T0 + timedelta(minutes=42)
    rows = list(iter_all(log, users["ada"], AuditFilter(since=at, until=at)))
    assert [r.payload["i"] for r in rows] == [42] and rows[0].at == format_at(at)


def test_payload_is_readable_as_pretty_json(log, users):
    seq = next(r.seq for r in iter_all(log, users["ada"]) if r.payload == {"i": 1, "text": "Größe 💡"})
    row = audit_query.get_entry(log, users["ada"], seq)
    assert row.payload == {"i": 1, "text": "Größe 💡"}
    assert "Größe 💡" in row.payload_text() and "\n  " in row.payload_text()
    assert json.loads(row.document_text())["seq"] == seq


def test_agents_may_not_read_the_log_and_bad_input_names_its_field(log, users):
    with pytest.raises(PermissionDenied):
        query_entries(log, users["alice"])
    with pytest.raises(BadInput) as err:
        query_entries(log, users["ada"], AuditFilter(since=T0 + timedelta(days=1), until=T0))
    assert err.value.field == "until"
    with pytest.raises(BadInput) as err:
        audit_query.parse_time("yesterday-ish", "since")
    assert err.value.field == "since"
    assert audit_query.parse_time("2026-12-01", "since") == clock.parse_iso("2026-12-01T00:00:00Z")
    with pytest.raises(NotFound):
        audit_query.get_entry(log, users["ada"], 99999999999999999999999)


def test_ticket_entities_are_the_ticket_and_its_drafts(db, users):
    from tests.core import factories
    from warroom.services import drafts
    from warroom.services.tickets import list_tickets

    factories.load(db, [factories.order(1)], [factories.message(1, order_id=factories.order(1).amazon_order_id)])
    tid = list_tickets(db)[0]["id"]
    d = drafts.create_draft(db, users["alice"], tid, text="Thank you for your message, we are on it.")
    ents = audit_query.ticket_entities(db, users["carol"], tid)
    assert ents == (f"ticket:{tid}", f"draft:{d['id']}")
    rows = list(iter_all(db, users["carol"], AuditFilter(entities=ents)))
    assert rows and {r.entity for r in rows} <= set(ents)
    assert any(r.entity == f"draft:{d['id']}" for r in rows)


def test_a_tickets_entries_include_the_bulk_actions_that_listed_it(db, users):
    from tests.core import factories
    from warroom.services import ticket_actions
    from warroom.services.tickets import list_tickets

    orders = [factories.order(n) for n in range(1, 6)]
    factories.load(db, orders, [factories.message(n, order_id=o.amazon_order_id) for n, o in enumerate(orders, 1)])
    ids = sorted(t["id"] for t in list_tickets(db))
    ticket_actions.bulk_tag(db, users["alice"], ids[:3], ["REVIEW"], reason="checked together")   # runs [[1, 3]]
    ticket_actions.bulk_assign(db, users["alice"], [ids[0], ids[4]], "bob")                     # [[1], [5]] style
    ticket_actions.bulk_set_status(db, users["alice"], ids[3:], "waiting")
    def actions_of(tid: int) -> list[str]:
        ents = audit_query.ticket_entities(db, users["carol"], tid)
        return sorted(r.action for r in iter_all(db, users["carol"], AuditFilter(entities=ents)) if r.entity == "tickets")
    assert actions_of(ids[0]) == sorted([ticket_actions.BULK_TAG_ACTION, ticket_actions.BULK_ASSIGN_ACTION])
    assert actions_of(ids[1]) == [ticket_actions.BULK_TAG_ACTION]
    assert actions_of(ids[3]) == [ticket_actions.BULK_STATUS_ACTION]
    assert actions_of(ids[4]) == sorted([ticket_actions.BULK_ASSIGN_ACTION, ticket_actions.BULK_STATUS_ACTION])
    # a filter on another entity kind never picks up bulk entries
    assert not [r for r in iter_all(db, users["carol"], AuditFilter(entities=(f"draft:{ids[0]}",)))]


def test_an_unreadable_entry_is_shown_unfiltered_and_never_matches_a_filter(db, users):
    from warroom.storage.dialect import audit_guard_ddl, drop_audit_guard_ddl

    with UnitOfWork(db) as uow:
        uow.audit("alice", "note.add", "ticket:1", {})
        uow.commit()
    with db.writer.begin() as conn:
        for s in drop_audit_guard_ddl(db.dialect):
            conn.exec_driver_sql(s)
        blob = "x'ff00'" if db.dialect == "sqlite" else "'\\xff00'::bytea"
        conn.exec_driver_sql(f"UPDATE audit_entry SET canonical = {blob} WHERE seq = (SELECT MAX(seq) FROM audit_entry)")
        for s in audit_guard_ddl(db.dialect):
            conn.exec_driver_sql(s)
    top = query_entries(db, users["ada"], limit=1).rows[0]
    assert top.problem and top.action == ""
    assert all(r.problem is None for r in iter_all(db, users["ada"], AuditFilter(actor="alice")))


def test_nothing_before_the_first_entry(log, users):
    page = query_entries(log, users["ada"], before=1)
    assert page.rows == () and page.before is None
    assert query_entries(log, users["ada"], before=2).rows[0].seq == 1


def test_a_disabled_reader_is_refused_at_once(log, users):
    from warroom.errors import AuthenticationError
    from warroom.services.users import disable_user

    disable_user(log, users["ada"], "carol")
    with pytest.raises(AuthenticationError):
        query_entries(log, users["carol"])
