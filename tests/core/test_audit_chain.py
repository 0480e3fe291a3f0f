"""The audit chain: canonical bytes, hashing, database guards, tamper detection."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, DatabaseError

from warroom.domain.audit import GENESIS_HASH, CanonicalizationError, canonical_bytes, chain_hash
from warroom.storage import audit_log
from warroom.storage.dialect import drop_audit_guard_ddl
from warroom.storage.uow import UnitOfWork
from tests import rawdb


@pytest.fixture
def db(db_url):
    """A database whose chain starts empty (no seed entry), so sequence numbers are predictable."""
    from warroom.storage.engine import open_database

    database = open_database(str(db_url), seed=False)
    yield database
    database.dispose()


def _append(db, n: int) -> None:
    for i in range(n):
        with db.writer.begin() as conn:
            audit_log.append(conn, "tester", "test.entry", f"thing:{i}", {"i": i, "text": "é\n\"x\""})


# ------------------------------------------------------------------ canonical form

def test_canonical_bytes_follow_rfc8785_ordering_and_escaping():
    value = {"b": 1, "a": [True, None, "x\n\u2028é\x01"], "\U0001F600": 1, "\ufb01": 2, "": "e"}
    out = canonical_bytes(value)
    # members sorted by UTF-16 code units: "" < "a" < "b" < U+1F600 (D83D..) < U+FB01
    assert out == ('{"":"e","a":[true,null,"x\\n\u2028é\\u0001"],"b":1,"\U0001F600":1,"\ufb01":2}').encode("utf-8")


@pytest.mark.parametrize("bad", [1.5, {"x": [float("nan")]}, {1: "a"}, 2**53, b"bytes", "\ud800"])
def test_canonical_bytes_refuse_ambiguous_values(bad):
    with pytest.raises(CanonicalizationError):
        canonical_bytes({"v": bad})


def test_hash_rule_matches_the_documented_formula(db):
    _append(db, 3)
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT seq, prev_hash, hash, canonical FROM audit_entry ORDER BY seq").all()
    prev = bytes(32)
    for seq, prev_hash, digest, canonical in rows:
        doc = json.loads(canonical)
        assert doc["seq"] == seq and list(doc) == sorted(doc)
        assert canonical_bytes(doc) == bytes(canonical)
        assert prev_hash == prev.hex()
        assert digest == hashlib.sha256(prev + bytes(canonical)).hexdigest()
        prev = bytes.fromhex(digest)
    assert rows[0][1] == GENESIS_HASH
    assert chain_hash(GENESIS_HASH, bytes(rows[0][3])) == rows[0][2]


# ------------------------------------------------------------------ database guards

def test_update_and_delete_are_refused_by_the_database(db):
    _append(db, 2)
    for sql in ("UPDATE audit_entry SET prev_hash = prev_hash", "UPDATE audit_entry SET hash = 'x' WHERE seq = 1",
                "DELETE FROM audit_entry WHERE seq = 2", "DELETE FROM audit_entry"):
        with pytest.raises(DatabaseError):
            with db.writer.begin() as conn:
                conn.exec_driver_sql(sql)
    assert audit_log.verify(db.engine).count == 2


@pytest.mark.sqlite_only("the sqlite3 shell's own connection (the server's: tests/core/test_team_mode.py)")
def test_plain_sqlite3_connection_is_refused_too(db, db_url):
    """The guards live in the database: the sqlite3 shell without our pragmas meets them."""
    _append(db, 2)
    raw = rawdb.connect(db_url)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute("UPDATE audit_entry SET canonical = x'00' WHERE seq = 1")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute("DELETE FROM audit_entry WHERE seq = 1")
    # INSERT OR REPLACE on an existing seq would silently replace it; the chain trigger refuses
    row = raw.execute("SELECT seq, prev_hash, hash, canonical FROM audit_entry WHERE seq = 2").fetchone()
    with pytest.raises(sqlite3.DatabaseError, match="next seq"):
        raw.execute("INSERT OR REPLACE INTO audit_entry VALUES (?, ?, ?, ?)", (2, row[1], row[2], b'{"x":1,"seq":2}'))
    with pytest.raises(sqlite3.DatabaseError, match="next seq"):
        raw.execute("REPLACE INTO audit_entry VALUES (?, ?, ?, ?)", row)
    raw.close()
    assert audit_log.verify(db.engine).ok


def test_insert_must_carry_next_seq_and_head_hash(db):
    _append(db, 1)
    with db.engine.connect() as conn:
        head_seq, head_hash = audit_log.head(conn)
    for seq, prev in ((head_seq + 2, head_hash), (head_seq + 1, GENESIS_HASH), (head_seq, head_hash)):
        with pytest.raises((IntegrityError, DatabaseError)):
            with db.writer.begin() as conn:
                conn.execute(text("INSERT INTO audit_entry (seq, prev_hash, hash, canonical) VALUES (:s, :p, :h, :c)"),
                             {"s": seq, "p": prev, "h": "0" * 64, "c": b"{}"})


@pytest.mark.sqlite_only("SQLite's pragmas")
def test_recursive_triggers_is_on_for_every_connection(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA recursive_triggers").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


# ------------------------------------------------------------------ tamper detection

def _tamper(db_url, *statements):
    """What someone with the sqlite3 shell can do: drop the guards, then edit."""
    raw = rawdb.connect(db_url)
    for stmt in drop_audit_guard_ddl("sqlite"):
        raw.execute(stmt)
    for stmt, params in statements:
        raw.execute(stmt, params)
    raw.commit()
    raw.close()


def test_one_changed_byte_in_one_payload_is_named_by_its_seq(db, db_url):
    _append(db, 10)
    with db.engine.connect() as conn:
        canonical = bytes(conn.exec_driver_sql("SELECT canonical FROM audit_entry WHERE seq = 6").scalar_one())
    changed = canonical.replace(b'"i":5', b'"i":7')
    assert len(changed) == len(canonical) and changed != canonical
    _tamper(db_url, ("UPDATE audit_entry SET canonical = ? WHERE seq = 6", (changed,)))
    result = audit_log.verify(db.engine)
    assert not result.ok and result.first_bad_seq == 6 and "hash" in result.reason


def test_rehashed_entry_breaks_the_next_link(db, db_url):
    _append(db, 5)
    with db.engine.connect() as conn:
        prev, canonical = conn.exec_driver_sql("SELECT prev_hash, canonical FROM audit_entry WHERE seq = 3").one()
    forged = bytes(canonical).replace(b"tester", b"nobody")
    _tamper(db_url, ("UPDATE audit_entry SET canonical = ?, hash = ? WHERE seq = 3", (forged, chain_hash(prev, forged))))
    result = audit_log.verify(db.engine)
    assert (result.ok, result.first_bad_seq) == (False, 4)
    assert "prev_hash" in result.reason


def test_deleted_middle_entry_is_reported_missing(db, db_url):
    _append(db, 5)
    _tamper(db_url, ("DELETE FROM audit_entry WHERE seq = 2", ()))
    result = audit_log.verify(db.engine)
    assert (result.ok, result.first_bad_seq) == (False, 2)
    assert "missing" in result.reason


def test_bytes_moved_between_rows_are_caught(db, db_url):
    _append(db, 4)
    with db.engine.connect() as conn:
        c2 = bytes(conn.exec_driver_sql("SELECT canonical FROM audit_entry WHERE seq = 2").scalar_one())
    _tamper(db_url, ("UPDATE audit_entry SET canonical = ? WHERE seq = 3", (c2,)))
    result = audit_log.verify(db.engine)
    assert (result.ok, result.first_bad_seq) == (False, 3)


def test_cli_audit_verify_reports_ok_and_broken(cli, db, db_url):
    _append(db, 3)
    ok = cli("audit", "verify")                    # the command's open adds the rules.seed entry (4)
    assert ok.code == 0 and ok.out.startswith("OK 4 ")
    # that run wrote, so it signed the first checkpoint after it: audit.key, audit.checkpoint (6)
    edited = ("CAST(REPLACE(CAST(canonical AS TEXT), 'tester', 'testor') AS BLOB)" if db.dialect == "sqlite" else
              "convert_to(replace(convert_from(canonical, 'UTF8'), 'tester', 'testor'), 'UTF8')")
    _tamper(db_url, (f"UPDATE audit_entry SET canonical = {edited} WHERE seq = 2", ()))
    bad = cli("audit", "verify", "--json")
    assert bad.code == 1
    doc = bad.json()
    assert doc["ok"] is False and doc["first_bad_seq"] == 2 and doc["count"] == 6
    assert doc["head_hash"] is None and doc["verified_count"] == 1    # no unverified head presented as the head
    human = cli("audit", "verify")
    assert human.code == 1 and "entry 2" in human.out


def test_unit_of_work_refuses_a_change_without_its_entry(db):
    from warroom.storage.models import Setting
    from warroom import clock

    with pytest.raises(RuntimeError, match="audit entry"):
        with UnitOfWork(db) as uow:
            uow.session.add(Setting(key="x", value="1", updated_at=clock.now(), updated_by="t"))
            uow.commit()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM setting").scalar() == 0


def test_change_and_entry_roll_back_together(db):
    from warroom.storage.models import Setting
    from warroom import clock

    with pytest.raises(ZeroDivisionError):
        with UnitOfWork(db) as uow:
            uow.session.add(Setting(key="x", value="1", updated_at=clock.now(), updated_by="t"))
            uow.audit("t", "settings.set", "setting:x", {})
            1 / 0
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM setting").scalar() == 0
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM audit_entry").scalar() == 0


def test_append_many_writes_the_chain_one_append_per_entry_would(tmp_path, set_now):
    from warroom.storage.engine import open_database

    set_now("2026-11-23T12:00:00Z")
    items = [("system", "deadline.missed", f"ticket:{i}", {"kind": "response", "n": i}) for i in range(1, 6)]
    chains = []
    for name, bulk in (("one.db", False), ("many.db", True)):
        database = open_database(str(tmp_path / name), seed=False)
        with UnitOfWork(database) as uow:
            uow.audit("ada", "first", "-", {})
            if bulk:
                written = uow.audit_many(items)
                assert [e.seq for e in written] == [2, 3, 4, 5, 6] and len(uow.entries) == 6
            else:
                for item in items:
                    uow.audit(*item)
            uow.commit()
        with UnitOfWork(database) as uow:
            assert uow.audit_many([]) == [] and uow.entries == []
        assert audit_log.verify(database.engine).ok
        with UnitOfWork(database, write=False) as uow:
            chains.append(uow.connection.exec_driver_sql(
                "SELECT seq, prev_hash, hash, canonical FROM audit_entry ORDER BY seq").all())
        database.dispose()
    assert chains[0] == chains[1] and len(chains[0]) == 6
