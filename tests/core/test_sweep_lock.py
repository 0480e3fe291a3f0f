"""The deadline sweep runs in one place at a time: on PostgreSQL a sweep that finds the sweep
lock taken (another desktop sweeping) skips with a message and writes nothing; sweeps started
together record each miss once.  On SQLite the lock is free (one file, one machine: the
batches recompute under the write lock, test_sweep.py)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from tests.core.clock_fixtures import at, db  # noqa: F401  (fixtures)
from tests.core.factories import BASE, load, message
from warroom.services import deadlines as D
from warroom.storage.engine import open_database
from warroom.storage.locks import sweep_lock


def _count(db) -> int:
    with db.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT COUNT(*) FROM audit_entry").scalar_one())


@pytest.fixture
def overdue(db, users, at):
    load(db, [], [message(i, at=BASE + timedelta(minutes=i)) for i in range(1, 41)])
    at(BASE + timedelta(days=3))                      # every 24-hour clock has run out
    return 40


@pytest.mark.postgresql_only("the sweep lock is a PostgreSQL advisory lock")
def test_a_sweep_skips_while_another_desktop_sweeps(db, db_url, overdue, cli):
    other = open_database(db_url)
    try:
        with sweep_lock(other.engine) as mine:        # another desktop's sweep holds the lock
            assert mine
            before = _count(db)
            r = D.sweep(db)
            assert r["skipped"] == D.SKIPPED and r["missed_recorded"] == 0 and r["entries"] == 0
            assert _count(db) == before               # nothing written
            out = cli("sweep", "--as", "alice")
            assert out.code == 0 and "another sweep is running" in out.out
    finally:
        other.dispose()
    r = D.sweep(db)                                   # released: this one does the work
    assert r["skipped"] is None and r["missed_recorded"] == overdue


@pytest.mark.postgresql_only("the sweep lock is a PostgreSQL advisory lock")
def test_sweeps_started_together_record_each_miss_once(db, db_url, overdue):
    start = threading.Barrier(4, timeout=30)
    results: list[dict] = []
    errors: list[BaseException] = []

    def run() -> None:
        other = open_database(db_url)
        try:
            start.wait()
            results.append(D.sweep(other, batch_size=7))
        except BaseException as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            other.dispose()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and len(results) == 4
    assert sum(r["missed_recorded"] for r in results) == overdue
    assert len(D.recorded_misses(db)) == overdue
    assert {r["skipped"] for r in results} <= {None, D.SKIPPED}


def test_the_sweep_lock_turns_a_second_holder_away_on_postgresql_only(db):
    with sweep_lock(db.engine) as mine:
        assert mine
        other = open_database(db.url)
        try:
            with sweep_lock(other.engine) as second:
                assert second is (db.dialect != "postgresql")
        finally:
            other.dispose()
    with sweep_lock(db.engine) as again:               # released at the end of the block
        assert again
