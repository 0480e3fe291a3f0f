"""`suspend --since TIME --notice FILE`: when Amazon's notice arrived, which may be before the
declaration.  Misses due between the two are re-classified as "during the suspension" by one
new entry (the entries that recorded them never change); later misses in that span are recorded
as during the suspension; the deep check agrees with the result."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import timedelta

from tests.core.clock_fixtures import at, db  # noqa: F401  (fixtures)
from tests.core.factories import BASE
from warroom import clock
from warroom.services import deadlines as D
from warroom.services import suspension as S
from tests import rawdb

NOTICE = "Dear Seller, your selling privileges have been removed (Related accounts)."


def _import(cli, tmp_path, hours: list[float], name: str = "mail.csv") -> None:
    """One buyer message per entry of ``hours`` (after BASE), each from its own buyer (its own
    ticket), through `import messages` (the real import path and its entry)."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["order_id", "received_at", "from", "subject", "body"])
    for n, h in enumerate(hours):
        w.writerow(["", clock.iso(BASE + timedelta(hours=h)), f"buyer{name[0]}{n:04d}@marketplace.amazon.com",
                    "Question about delivery", "Hello, when will my parcel arrive? Thank you."])
    path = tmp_path / name
    path.write_text(out.getvalue(), encoding="utf-8")
    r = cli("import", "messages", str(path), "--as", "alice")
    assert r.code == 0, r.err


def _entries(db_url) -> list[tuple[int, bytes, dict]]:
    con = rawdb.connect(db_url)
    rows = con.execute("SELECT seq, canonical FROM audit_entry ORDER BY seq").fetchall()
    con.close()
    return [(seq, bytes(c), json.loads(c)) for seq, c in rows]


def _events(db) -> dict[str, dict]:
    return {e["due_at"]: e for e in D.recorded_misses(db)}


def _due(h: float) -> str:
    return clock.iso(BASE + timedelta(hours=h + 24))


def test_misses_since_the_notice_become_during_the_suspension_by_one_new_entry(cli, db, db_url, users, at,
                                                                              tmp_path):
    # six buyers wrote 1 to 6 hours after BASE: their 24-hour clocks ran out at +25 h .. +30 h
    _import(cli, tmp_path, [1, 2, 3, 4, 5, 6, 24.5])
    at(BASE + timedelta(hours=48))
    assert cli("sweep", "--as", "alice").code == 0
    before = _events(db)
    assert len(before) == 6 and not any(e["suspended_at_due"] for e in before.values())
    old = _entries(db_url)

    # Amazon's notice came at +27.5 h; someone declares the suspension at +49 h
    at(BASE + timedelta(hours=49))
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    since = clock.iso(BASE + timedelta(hours=27, minutes=30))
    r = cli("suspend", "--reason", "Related accounts", "--since", since, "--notice", str(notice),
            "--as", "ada", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["notice_received_at"] == since and doc["declared_at"] == clock.iso(BASE + timedelta(hours=49))
    assert doc["reclassified"] == 3

    after = _events(db)
    moved = {_due(h) for h in (4, 5, 6)}
    assert {k for k, e in after.items() if e["suspended_at_due"]} == moved
    assert all(after[k]["suspension_id"] == doc["id"] for k in moved)
    assert all(after[_due(h)] == before[_due(h)] for h in (1, 2, 3))      # due before the notice: unchanged

    # the entries before are byte for byte what they were; two new ones: the declaration, then
    # the re-classification listing the rows it changed
    now = _entries(db_url)
    assert [(s, c) for s, c, _ in now[:len(old)]] == [(s, c) for s, c, _ in old]
    new = [e for _, _, e in now[len(old):] if not e["action"].startswith("audit.")]   # checkpoints follow
    assert [e["action"] for e in new] == ["suspension.declare", "deadline.reclassify"]
    assert new[0]["payload"]["notice_received_at"] == since
    re = new[1]["payload"]
    ids = sorted(after[k]["id"] for k in moved)
    assert re["suspension_id"] == doc["id"] and re["count"] == 3
    assert [i for a, b in re["event_ids"] for i in range(a, b + 1)] == ids
    assert re["from"] == {"suspended_at_due": False, "suspension_id": None}
    assert re["to"] == {"suspended_at_due": True, "suspension_id": doc["id"]}
    assert re["events_sha256"] == D.events_digest(
        [(after[k]["kind"], after[k]["subject"], k, True, doc["id"]) for k in sorted(moved, key=lambda k: after[k]["id"])])

    # a miss due between the notice and the declaration, found later, is recorded as during it
    at(BASE + timedelta(hours=50))
    assert cli("sweep", "--as", "alice").code == 0
    late = _events(db)[_due(24.5)]
    assert late["suspended_at_due"] is True and late["suspension_id"] == doc["id"]

    # status shows both times; the deep check agrees with the tables
    status = cli("status", "--json").json()["suspension"]
    assert status["notice_received_at"] == since and status["declared_at"] == doc["declared_at"]
    human = cli("status").out
    assert f"Amazon's notice received {since}" in human
    deep = cli("audit", "verify", "--deep", "--json")
    assert deep.code == 0, deep.out
    assert deep.json()["deep"]["differences"] == []

    # ... and names a re-classified row set back behind the application's back, with the entry
    con = rawdb.connect(db_url)
    with con:
        con.execute("UPDATE deadline_event SET suspended_at_due = FALSE, suspension_id = NULL WHERE id = ?", (ids[0],))
    con.close()
    r = cli("audit", "verify", "--deep")
    assert r.code == 1
    seq = now[len(old) + 1][0]
    assert f"deadline_event {ids[0]} suspended_at_due: table false, entry {seq} says true" in r.out.splitlines()


def test_without_since_nothing_is_reclassified_and_the_period_starts_at_the_declaration(cli, db, db_url, users,
                                                                                       at, tmp_path):
    _import(cli, tmp_path, [1, 2])
    at(BASE + timedelta(hours=48))
    assert cli("sweep", "--as", "alice").code == 0
    count = len(_entries(db_url))
    r = cli("suspend", "--reason", "Related accounts", "--as", "ada", "--json")
    assert r.code == 0 and r.json()["notice_received_at"] is None and r.json()["reclassified"] == 0
    entries = _entries(db_url)
    assert [e["action"] for _, _, e in entries[count:] if not e["action"].startswith("audit.")] == ["suspension.declare"]
    assert "notice_received_at" not in entries[-1][2]["payload"]
    assert not any(e["suspended_at_due"] for e in D.recorded_misses(db))
    assert cli("audit", "verify", "--deep").code == 0


def test_since_in_the_future_or_with_lift_or_before_the_last_lift_is_refused(cli, db, users, at):
    later = clock.iso(BASE + timedelta(minutes=1))
    r = cli("suspend", "--reason", "x", "--since", later, "--as", "ada")
    assert r.code == 3 and "after now" in r.err and "--since" in r.err
    r = cli("suspend", "--reason", "x", "--since", clock.iso(BASE + timedelta(days=2)), "--as", "ada")
    assert r.code == 3 and "in the future" in r.err
    r = cli("suspend", "--reason", "x", "--since", "yesterday", "--as", "ada")
    assert r.code == 3 and "not an ISO 8601 time" in r.err
    assert S.get_suspension(db) is None                         # nothing was declared
    assert cli("suspend", "--reason", "x", "--as", "ada").code == 0
    assert cli("suspend", "--lift", "--since", clock.iso(BASE), "--as", "ada").code == 2
    at(BASE + timedelta(hours=2))
    assert cli("suspend", "--lift", "--as", "ada").code == 0
    at(BASE + timedelta(hours=5))
    r = cli("suspend", "--reason", "again", "--since", clock.iso(BASE + timedelta(hours=1)), "--as", "ada")
    assert r.code == 3 and "overlap" in r.err


def test_the_service_takes_the_notice_time_for_the_console(db, users, at):
    at(BASE + timedelta(hours=3))
    out = S.declare(db, users["ada"], "Related accounts", NOTICE, notice_received_at=BASE + timedelta(hours=1))
    assert out["notice_received_at"] == clock.iso(BASE + timedelta(hours=1))
    assert S.get_suspension(db)["notice_received_at"] == out["notice_received_at"]
    # the clocks count the suspension from the notice: a deadline due at +2 h fell due during it
    from warroom.storage.uow import UnitOfWork

    with UnitOfWork(db, write=False) as uow:
        periods = D._Suspensions(uow.session)
        assert periods.at(BASE + timedelta(hours=2)) == out["id"]
        assert periods.at(BASE + timedelta(minutes=30)) is None
