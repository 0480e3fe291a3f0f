"""SIGKILL the import at random moments: the database is never corrupt, the import is entirely
present or entirely absent, and the audit chain verifies.  (synchronous=FULL + WAL: a
commit the command reported survives even a power loss; a kill can only lose an
unfinished transaction.)

Runs 20 kills in CI (about a minute); more by hand: WARROOM_CRASH_KILLS=200 pytest -k crash
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.generators import write_messages_csv, write_orders_report
from warroom.domain.roles import Role
from warroom.services.users import add_user
from warroom.storage import audit_log
from warroom.storage.engine import open_database

KILLS = int(os.environ.get("WARROOM_CRASH_KILLS", "20"))
BUDGET_S = float(os.environ.get("WARROOM_CRASH_BUDGET", "150"))


def _env(db: Path) -> dict[str, str]:
    env = dict(os.environ, WARROOM_DATABASE_URL=str(db), WARROOM_PASSWORD="crash-pw")
    return env


def _start(db: Path, kind: str, file: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "warroom", "import", kind, str(file), "--as", "ada"],
                            env=_env(db), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)


def _state(db: Path) -> tuple[str, int, int, int]:
    con = sqlite3.connect(db)
    try:
        integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
        orders = con.execute("SELECT COUNT(*) FROM amazon_order").fetchone()[0]
        messages = con.execute("SELECT COUNT(*) FROM message").fetchone()[0]
        # the import's entries; not the checkpoint the run signs after it (audit.key, audit.checkpoint)
        entries = con.execute("SELECT COUNT(*) FROM audit_entry WHERE CAST(canonical AS TEXT)"
                              " NOT LIKE '{\"action\":\"audit.%'").fetchone()[0]
        fts = con.execute("SELECT COUNT(*) FROM message_fts").fetchone()[0]
        assert fts == messages, "full-text index out of step with the messages"
    finally:
        con.close()
    return integrity, orders, messages, entries


def _verify(db: Path) -> None:
    database = open_database(str(db))
    try:
        result = audit_log.verify(database.engine)
        assert result.ok, result.reason
    finally:
        database.dispose()


@pytest.mark.slow
def test_sigkill_during_import_leaves_all_or_nothing(tmp_path):
    base = tmp_path / "base.db"
    database = open_database(str(base))
    add_user(database, None, "ada", Role.ADMIN, "crash-pw")
    database.dispose()
    base_entries = _state(base)[3]
    orders_file = tmp_path / "orders.tsv"
    n_orders = write_orders_report(orders_file, 30_000)
    messages_file = tmp_path / "messages.csv"
    write_messages_csv(messages_file, 15_000)

    # one full run of each, to learn how long an import takes and what "present" looks like
    expected: dict[str, tuple[float, int]] = {}
    for kind, file in (("orders", orders_file), ("messages", messages_file)):
        db = tmp_path / f"full-{kind}.db"
        shutil.copy(base, db)
        started = time.monotonic()
        proc = _start(db, kind, file)
        assert proc.wait(timeout=120) == 0, proc.stderr.read().decode()
        took = time.monotonic() - started
        integrity, orders, messages, entries = _state(db)
        assert integrity == "ok" and entries == base_entries + 1
        expected[kind] = (took, orders if kind == "orders" else messages)
    assert expected["orders"][1] == n_orders and expected["messages"][1] == 15_000

    rng = random.Random(int(os.environ.get("WARROOM_CRASH_SEED", "4242")))
    outcomes = {"absent": 0, "present": 0}
    deadline = time.monotonic() + BUDGET_S
    done = 0
    while done < KILLS and time.monotonic() < deadline:
        kind = "orders" if done % 3 != 2 else "messages"
        file = orders_file if kind == "orders" else messages_file
        took, count = expected[kind]
        db = tmp_path / f"kill-{done}.db"
        shutil.copy(base, db)
        proc = _start(db, kind, file)
        time.sleep(rng.uniform(0.0, took * 1.05))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        integrity, orders, messages, entries = _state(db)
        assert integrity == "ok"
        got = orders if kind == "orders" else messages
        other = messages if kind == "orders" else orders
        assert other == 0
        assert (got, entries) in ((0, base_entries), (count, base_entries + 1)), \
            f"kill {done}: {got} of {count} rows, {entries} entries"
        outcomes["absent" if got == 0 else "present"] += 1
        _verify(db)
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        done += 1
    assert done >= min(KILLS, 10), f"only {done} kills fit in the time budget"
    assert outcomes["absent"] >= 1
    print(f"\n{done} kills: {outcomes}")


@pytest.mark.slow
def test_an_import_reported_done_survives_a_later_kill(tmp_path):
    db = tmp_path / "survive.db"
    database = open_database(str(db))
    add_user(database, None, "ada", Role.ADMIN, "crash-pw")
    database.dispose()
    base_entries = _state(db)[3]
    first = tmp_path / "first.tsv"
    n_first = write_orders_report(first, 2_000, seed=1)
    proc = _start(db, "orders", first)
    assert proc.wait(timeout=60) == 0
    second = tmp_path / "second.tsv"
    n_second = write_orders_report(second, 30_000, seed=2, order_offset=10_000_000)
    proc = _start(db, "orders", second)
    time.sleep(0.8)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    integrity, orders, _, entries = _state(db)
    assert integrity == "ok"
    assert (orders, entries) in ((n_first, base_entries + 1), (n_first + n_second, base_entries + 2))
    _verify(db)
