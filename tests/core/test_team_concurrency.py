"""Many writers at once, on both backends (on PostgreSQL they really run side by side; SQLite's
BEGIN IMMEDIATE queues them): the audit chain stays gap-free and valid, a draft is approved
once and the other approver is told by whom, one ticket is claimed once, and checkpoints
signed among the writes verify (the sweep: test_sweep_lock.py).

Each writer is a thread with its own Database (engine, pool, connections), as another desktop
would be; the approval race is also run between two real processes."""

from __future__ import annotations

import multiprocessing
import threading
from typing import Any, Callable

import pytest

from tests.core import factories as F
from warroom.domain.roles import Actor, Role
from warroom.errors import BusinessRuleError
from warroom.services import checkpoints as C
from warroom.services import drafts as drafts_service
from warroom.services import tickets as ticket_service
from warroom.services.users import add_user
from warroom.storage import audit_log
from warroom.storage.engine import Database, open_database

REPLY = "Thank you for your message, we are looking into it and will write again today."


def _race(db_url: str, calls: list[Callable[[Database], Any]], timeout: float = 60) -> tuple[list[Any], list[BaseException]]:
    """Run each call in a thread of its own, each with its own Database, released together."""
    start = threading.Barrier(len(calls), timeout=30)
    results: list[Any] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(call: Callable[[Database], Any]) -> None:
        other = open_database(db_url)
        try:
            start.wait()
            out = call(other)
            with lock:
                results.append(out)
        except BaseException as exc:  # noqa: BLE001 - the caller asserts on them
            with lock:
                errors.append(exc)
        finally:
            other.dispose()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    assert not any(t.is_alive() for t in threads), "a writer hung"
    return results, errors


def _seqs(db: Database) -> list[int]:
    with db.engine.connect() as conn:
        return [int(r[0]) for r in conn.exec_driver_sql("SELECT seq FROM audit_entry ORDER BY seq")]


def _actions(db: Database, action: str) -> list[Any]:
    with db.engine.connect() as conn:
        return [e for e in audit_log.entries(conn, limit=100_000) if e.action == action]


@pytest.fixture
def ticket_ids(db, users) -> list[int]:
    F.load(db, [F.order(n) for n in range(1, 7)],
           [F.message(n, order_id=F.order(n).amazon_order_id) for n in range(1, 7)])
    return [t["id"] for t in ticket_service.list_tickets(db)]


@pytest.fixture
def dave(db, users) -> Actor:
    u = add_user(db, users["ada"], "dave", Role.COMPLIANCE, "secret-pw")
    return Actor(u["id"], "dave", Role.COMPLIANCE)


def test_many_writers_keep_the_audit_chain_gap_free_and_valid(db, db_url, users, ticket_ids):
    before = len(_seqs(db))
    writers, each = 6, 15
    people = [users["alice"], users["bob"], users["carol"]]

    def writer(k: int) -> Callable[[Database], int]:
        def run(other: Database) -> int:
            for i in range(each):
                tid = ticket_ids[(k + i) % len(ticket_ids)]
                if i % 3 == 2:
                    ticket_service.tag_ticket(other, people[k % 3], tid, [f"W{k}-{i}"])
                else:
                    ticket_service.add_note(other, people[k % 3], tid, f"writer {k} note {i}")
            return each
        return run

    results, errors = _race(db_url, [writer(k) for k in range(writers)])
    assert errors == [] and sum(results) == writers * each
    seqs = _seqs(db)
    assert seqs == list(range(1, len(seqs) + 1))                    # gap-free, no duplicate
    assert len(seqs) - before == writers * each                    # one entry per action
    result = audit_log.verify(db.engine)
    assert result.ok, result.reason


def test_two_approvers_at_once_give_one_approval_and_name_the_first(db, db_url, users, dave, ticket_ids):
    for tid in ticket_ids[:4]:                                       # four races, four drafts
        d = drafts_service.create_draft(db, users["alice"], tid, text=REPLY)
        results, errors = _race(db_url, [
            lambda other, who=who: drafts_service.approve_draft(other, who, d["id"], "secret-pw")
            for who in (users["carol"], dave)])
        assert len(results) == 1 and len(errors) == 1, errors
        winner = results[0]["approver"]
        assert isinstance(errors[0], BusinessRuleError)
        assert f"draft {d['id']} was already approved by {winner}" in str(errors[0])
        assert drafts_service.get_draft(db, d["id"])["status"] == "approved"
    approvals = _actions(db, "draft.approve")
    assert len(approvals) == 4 and len({e.payload["draft_id"] for e in approvals}) == 4
    assert audit_log.verify(db.engine).ok


def test_approve_and_reject_at_once_decide_once(db, db_url, users, dave, ticket_ids):
    d = drafts_service.create_draft(db, users["alice"], ticket_ids[0], text=REPLY)
    results, errors = _race(db_url, [
        lambda other: drafts_service.approve_draft(other, users["carol"], d["id"], "secret-pw"),
        lambda other: drafts_service.reject_draft(other, dave, d["id"], "tone")])
    # either order is possible: an approved draft may still be rejected (before it is sent), a
    # rejected one is never approved; each decision is written once
    final = drafts_service.get_draft(db, d["id"])["status"]
    if errors:
        assert len(results) == 1 and final == "rejected"
        assert f"draft {d['id']} was already rejected by dave" in str(errors[0])
        assert len(_actions(db, "draft.approve")) == 0
    else:
        assert final == "rejected" and len(_actions(db, "draft.approve")) == 1
    assert len(_actions(db, "draft.reject")) == 1


def test_two_agents_claiming_one_ticket_give_it_to_one(db, db_url, users, ticket_ids):
    for tid in ticket_ids[:4]:
        results, errors = _race(db_url, [
            lambda other, who=who: ticket_service.claim_ticket(other, who, tid)
            for who in (users["alice"], users["bob"])])
        assert len(results) == 1 and len(errors) == 1, errors
        holder = results[0]["assignee"]
        assert str(errors[0]) == f"ticket {tid} is already assigned to {holder} (someone took it meanwhile)"
        assert ticket_service.get_ticket(db, tid)["assignee"] == holder
    assigns = _actions(db, "ticket.assign")
    assert len(assigns) == 4 and {e.payload["from"] for e in assigns} == {None}


def test_assign_with_what_the_user_saw_refuses_a_stale_view(db, users, ticket_ids):
    tid = ticket_ids[0]
    ticket_service.claim_ticket(db, users["alice"], tid)
    with pytest.raises(BusinessRuleError, match="already assigned to alice"):
        ticket_service.assign_ticket(db, users["bob"], tid, "bob", expected=None)     # bob saw it free
    out = ticket_service.assign_ticket(db, users["bob"], tid, "bob", expected="alice")  # a deliberate take-over
    assert out["changed"] and ticket_service.get_ticket(db, tid)["assignee"] == "bob"
    assert ticket_service.claim_ticket(db, users["bob"], tid)["changed"] is False      # his already


def test_checkpoints_signed_among_writers_verify(db, db_url, users, ticket_ids, tmp_path):
    from warroom.services.settings import set_setting

    set_setting(db, users["ada"], "audit.checkpoint_folder", str(tmp_path / "outside"))
    C.sign_checkpoint(db, "manual")                  # the key is made and registered first

    def signer(other: Database) -> int:
        return sum(1 for _ in range(4) if C.sign_checkpoint(other, "manual").size > 0)

    def writer(who: Actor) -> Callable[[Database], int]:
        def run(other: Database) -> int:
            for i in range(10):
                ticket_service.add_note(other, who, ticket_ids[i % len(ticket_ids)], f"note {i}")
            return 10
        return run

    results, errors = _race(db_url, [signer, signer, writer(users["alice"]), writer(users["bob"])])
    assert errors == [], errors
    assert audit_log.verify(db.engine).ok
    check = C.check_log(db)
    assert check.ok, check.findings
    sizes = [c.size for c in C.list_checkpoints(db)]
    assert len(sizes) == len(set(sizes))             # never two checkpoints of the same tree


# ---------------------------------------------------------------- real processes

def _approve_in_process(url: str, actor: tuple[int, str], draft_id: int, barrier: Any, out: Any) -> None:
    database = open_database(url)
    try:
        barrier.wait(60)
        try:
            d = drafts_service.approve_draft(database, Actor(actor[0], actor[1], Role.COMPLIANCE), draft_id,
                                             "secret-pw")
            out.put(("ok", d["approver"]))
        except BusinessRuleError as exc:
            out.put(("refused", str(exc)))
    finally:
        database.dispose()


def test_two_approver_processes_give_one_approval(db, db_url, users, dave, ticket_ids):
    d = drafts_service.create_draft(db, users["alice"], ticket_ids[0], text=REPLY)
    ctx = multiprocessing.get_context("spawn")
    barrier, out = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_approve_in_process, args=(db_url, (who.id, who.name), d["id"], barrier, out))
             for who in (users["carol"], dave)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert all(p.exitcode == 0 for p in procs)
    answers = sorted(out.get(timeout=5) for _ in procs)
    assert [a[0] for a in answers] == ["ok", "refused"]
    assert f"was already approved by {answers[0][1]}" in answers[1][1]
    assert len(_actions(db, "draft.approve")) == 1


def test_take_command_takes_a_free_ticket_and_names_the_holder_of_a_taken_one(cli, users, ticket_ids):
    tid = str(ticket_ids[0])
    r = cli("take", tid, "--as", "alice")
    assert r.code == 0 and r.out.strip() == f"ticket {tid} is yours", r.err
    assert cli("take", tid, "--as", "alice", "--json").json()["changed"] is False
    r = cli("take", tid, "--as", "bob")
    assert (r.code, r.err) == (3, f"warroom: ticket {tid} is already assigned to alice (someone took it meanwhile)\n")
    r = cli("take", "99999999999999999999999", "--as", "bob")
    assert r.code == 3 and "no such ticket" in r.err


@pytest.mark.postgresql_only("SQLite's BEGIN IMMEDIATE is the same rule, tested with the storage layer")
def test_a_writer_waits_for_the_writer_before_it_and_readers_never_wait(db, db_url, users, ticket_ids):
    from warroom.storage.uow import UnitOfWork

    other = open_database(db_url)                    # another desktop, in the middle of an action
    done = threading.Event()
    try:
        with UnitOfWork(other):                       # holds the writers' lock until it ends
            assert ticket_service.get_ticket(db, ticket_ids[0])["id"] == ticket_ids[0]    # a reader: at once
            writer = threading.Thread(target=lambda: (ticket_service.add_note(db, users["alice"], ticket_ids[0],
                                                                              "after the other"), done.set()))
            writer.start()
            assert not done.wait(0.7)                 # the second writer queues
        assert done.wait(10)                          # the first ended (rolled back): the second goes on
        writer.join(10)
    finally:
        other.dispose()
    assert [n["text"] for n in ticket_service.get_ticket(db, ticket_ids[0])["notes"]] == ["after the other"]
