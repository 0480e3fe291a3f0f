"""`audit verify` beyond the hash links (issue 12, "The audit page" and items 5 and 12): stored
bytes that hash correctly but are not canonical, time going backwards, malformed columns,
--json when broken, the empty chain, WAL copies, and missing guard triggers."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import sqlite3
import stat

import pytest

from tests import rawdb
from hypothesis import HealthCheck, given, settings, strategies as st

from warroom import clock
from warroom.domain.audit import (
    GENESIS_HASH, FastCheck, canonical_bytes, canonical_problem, chain_hash, entry_document, screen_batch,
)
from warroom.storage import audit_log
from warroom.storage.dialect import audit_guard_ddl, drop_audit_guard_ddl

AT = "2026-11-23T12:00:00.000000Z"


def _mark_rules_taken_in(db_url) -> None:
    """As if the shipped rules were in: opening the database (the command does) writes no entry."""
    from warroom.storage.seeds import LOADERS, seed_file

    raw = rawdb.connect(db_url)
    for kind in LOADERS:
        raw.execute("INSERT INTO seed_state (kind, sha256, seeded_at) VALUES (?, ?, '2026-11-23 00:00:00.000000')",
                    (kind, hashlib.sha256(seed_file(kind).read_bytes()).hexdigest()))
    raw.commit()
    raw.close()


@pytest.fixture
def db(db_url):
    """A database whose chain starts empty and stays so when the command opens it (no seed
    entry), so sequence numbers are predictable."""
    from warroom.storage.engine import open_database

    database = open_database(db_url, seed=False)
    _mark_rules_taken_in(db_url)
    yield database
    database.dispose()


def _append(db, n: int, payload=None) -> None:
    for i in range(n):
        with db.writer.begin() as conn:
            audit_log.append(conn, "tester", "test.entry", f"thing:{i}", payload if payload is not None else {"i": i})


def _rows(db_url):
    con = rawdb.connect(db_url)
    if isinstance(con, sqlite3.Connection):
        con.text_factory = bytes
    rows = con.execute("SELECT seq, prev_hash, hash, canonical FROM audit_entry ORDER BY seq").fetchall()
    con.close()
    return [tuple(v.encode() if isinstance(v, str) else v for v in row) for row in rows]


def _sqlite(raw) -> bool:
    return isinstance(raw, sqlite3.Connection)


def _forge(db_url, seq: int, data: bytes) -> None:
    """Replace entry ``seq``'s stored bytes by ``data`` and re-chain it and every later entry with
    correct hashes, as a forger with the sqlite3 shell would: drop the guard triggers, rewrite,
    and create the triggers again (so only verification can tell)."""
    rows = _rows(db_url)
    raw = rawdb.connect(db_url)        # on PostgreSQL as the superuser, its triggers off for the session
    for stmt in drop_audit_guard_ddl("sqlite") if _sqlite(raw) else ():
        raw.execute(stmt)
    prev = GENESIS_HASH if seq == 1 else rows[seq - 2][2].decode()
    for row_seq, _, _, canonical in rows[seq - 1:]:
        body = data if row_seq == seq else bytes(canonical)
        digest = chain_hash(prev, body)
        raw.execute("UPDATE audit_entry SET prev_hash = ?, hash = ?, canonical = ? WHERE seq = ?",
                    (prev, digest, body, row_seq))
        prev = digest
    for stmt in audit_guard_ddl("sqlite") if _sqlite(raw) else ():
        raw.execute(stmt)
    raw.commit()
    raw.close()


def _raw(db_url, *statements) -> None:
    """Edit behind the application's back (guards dropped, and created again after)."""
    raw = rawdb.connect(db_url)
    for stmt in drop_audit_guard_ddl("sqlite") if _sqlite(raw) else ():
        raw.execute(stmt)
    for stmt, params in statements:
        raw.execute(stmt, params)
    for stmt in audit_guard_ddl("sqlite") if _sqlite(raw) else ():
        raw.execute(stmt)
    raw.commit()
    raw.close()


def _entry(seq: int, payload=None, **members) -> bytes:
    doc = entry_document(seq, AT, "tester", "test.entry", f"thing:{seq - 1}", payload if payload is not None else {"i": seq - 1})
    doc.update(members)
    return canonical_bytes(doc)


# ------------------------------------------------------------------ item 1: canonical bytes

CANONICAL = _entry(3)
FORGERIES = {
    "another seq": (_entry(2), "`seq` is 2, not the row's 3"),
    "a float": (CANONICAL.replace(b'"i":2', b'"i":2.0'), "payload.i is a number with a fraction or exponent (2.0)"),
    "an exponent": (CANONICAL.replace(b'"i":2', b'"i":2e0'), "floats are not allowed"),
    "a seventh member": (CANONICAL.replace(b'{"action"', b'{"ip":"10.0.0.1","action"'), 'a seventh member: "ip"'),
    "a member missing": (CANONICAL.replace(b',"entity":"thing:2"', b""), 'the member "entity" is missing'),
    "whitespace": (CANONICAL.replace(b'","actor"', b'", "actor"'), "whitespace between tokens at byte"),
    "a trailing newline": (CANONICAL + b"\n", "whitespace between tokens at byte"),
    "non-sorted members": (CANONICAL.replace(b'"action":"test.entry","actor":"tester"', b'"actor":"tester","action":"test.entry"'),
                           'members of the entry are not sorted by UTF-16 code units ("actor" comes before "action")'),
    "non-sorted payload": (_entry(3, {"a": 1, "b": 2}).replace(b'{"a":1,"b":2}', b'{"b":2,"a":1}'),
                           "members of payload are not sorted"),
    "a \\u escape of non-ASCII": (_entry(3, {"t": "é"}).replace("é".encode(), b"\\u00e9"), "an escape at byte"),
    "an escaped slash": (_entry(3, {"t": "a/b"}).replace(b"a/b", b"a\\/b"), "an escape at byte"),
    "an unsafe integer": (CANONICAL.replace(b'"i":2', b'"i":9007199254740992'), "payload.i is the integer 9007199254740992, outside"),
    "a huge integer": (CANONICAL.replace(b'"i":2', b'"i":' + b"9" * 40), "outside ±(2^53 − 1)"),
    "a negative zero": (CANONICAL.replace(b'"i":2', b'"i":-0'), "a number at byte"),
    "a member twice": (CANONICAL.replace(b'"i":2', b'"i":2,"i":2'), 'the member name "i" appears twice'),
    "seq twice": (CANONICAL.replace(b'"seq":3}', b'"seq":3,"seq":3}'), 'the member name "seq" appears twice'),
    "invalid UTF-8": (CANONICAL.replace(b"tester", b"test\xffr"), "not valid UTF-8 (byte"),
    "a byte order mark": (b"\xef\xbb\xbf" + CANONICAL, "not JSON"),
    "a lone surrogate": (_entry(3, {"t": "x"}).replace(b'"t":"x"', b'"t":"\\ud800"'), "payload.t holds a lone surrogate"),
    "a NaN": (CANONICAL.replace(b'"i":2', b'"i":NaN'), "floats are not allowed"),
    "not an object": (b"[1,2,3]", "not a JSON object"),
    "not JSON": (b"hello", "not JSON"),
    "seq as a string": (CANONICAL.replace(b'"seq":3}', b'"seq":"3"}'), "`seq` is not an integer"),
    "seq as true": (_entry(1).replace(b'"seq":1}', b'"seq":true}'), "`seq` is not an integer"),
    "actor as a number": (CANONICAL.replace(b'"actor":"tester"', b'"actor":7'), "`actor` is not a string"),
    "at without fraction": (CANONICAL.replace(AT.encode(), b"2026-11-23T12:00:00Z"), "is not in the layout YYYY-MM-DDTHH:MM:SS.ffffffZ"),
    "at with an offset": (CANONICAL.replace(AT.encode(), b"2026-11-23T12:00:00.000000+00:00"), "is not in the layout"),
    "at not a date": (CANONICAL.replace(AT.encode(), b"2026-02-30T12:00:00.000000Z"), "is not a valid time"),
}


@pytest.mark.parametrize("name", list(FORGERIES))
def test_bytes_that_hash_correctly_but_are_not_canonical_are_broken(db, db_url, name):
    _append(db, 5)
    forged, why = FORGERIES[name]
    seq = 1 if name == "seq as true" else 3
    _forge(db_url, seq, forged)
    result = audit_log.verify(db.engine)
    assert (result.ok, result.first_bad_seq) == (False, seq), result
    assert result.reason.startswith("the stored bytes are not canonical: ") and why in result.reason, result.reason
    assert result.verified_count == seq - 1 and result.head_hash is None


def test_the_command_names_the_rule_broken(cli, db, db_url):
    _append(db, 4)
    _forge(db_url, 2, _entry(2).replace(b'{"action"', b'{"ip":"10.0.0.1","action"'))
    r = cli("audit", "verify")
    assert r.code == 1
    assert r.out.splitlines()[0] == 'BROKEN at entry 2: the stored bytes are not canonical: a seventh member: "ip"'


def test_characters_beyond_the_bmp_in_names_sort_by_utf16_units(db, db_url):
    """RFC 8785 sorts U+1F600 (D83D DE00) before U+FB01; code-point order says the opposite."""
    _append(db, 2, {"\U0001F600": 1, "\ufb01": 2, "text": "emoji \U0001F600 in a value"})
    assert audit_log.verify(db.engine).ok
    code_point_order = _entry(2, {"\U0001F600": 1, "\ufb01": 2}).replace(
        '"\U0001F600":1,"\ufb01":2'.encode(), '"\ufb01":2,"\U0001F600":1'.encode())
    _forge(db_url, 2, code_point_order)
    result = audit_log.verify(db.engine)
    assert result.first_bad_seq == 2 and "members of payload are not sorted by UTF-16 code units" in result.reason


def test_safe_integers_of_sixteen_digits_are_fine(db):
    _append(db, 3, {"max": 2**53 - 1, "min": -(2**53 - 1), "ids": [[1000000000000000, 1000000000000009]]})
    assert audit_log.verify(db.engine).ok


# the fast path (msgspec + a batch screen) must never accept what the exact rule refuses
_json = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53 - 1), 2**53 - 1) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=12)


def _fast_accepts(seq: int, data: bytes) -> bool:
    """What verify's fast path accepts without asking canonical_problem."""
    return FastCheck().check(seq, data) is not None and not screen_batch([data])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(payload=_json, cut=st.integers(0, 400), insert=st.binary(min_size=0, max_size=3))
def test_fast_path_never_accepts_what_the_exact_rule_refuses(payload, cut, insert):
    data = canonical_bytes(entry_document(7, AT, "a", "b", "c", payload))
    assert canonical_problem(7, data) is None
    mutated = data[:cut] + insert + data[cut + len(insert):]
    if _fast_accepts(7, mutated):
        assert canonical_problem(7, mutated) is None, mutated


@settings(max_examples=200)
@given(payload=_json)
def test_exact_rule_accepts_every_canonical_entry(payload):
    data = canonical_bytes(entry_document(7, AT, "a", "b", "c", payload))
    assert canonical_problem(7, data) is None
    assert _fast_accepts(7, data) or screen_batch([data]) or FastCheck().check(7, data) is None


# ------------------------------------------------------------------ item 5: time going backwards

def _append_at(db, set_now, *times: str) -> None:
    for when in times:
        set_now(when)
        with db.writer.begin() as conn:
            audit_log.append(conn, "tester", "test.entry", "thing:1", {})


def test_time_going_back_beyond_the_tolerance_is_a_finding(db, set_now, cli):
    _append_at(db, set_now, "2026-11-23T12:00:00Z", "2026-11-23T12:01:00Z", "2026-11-23T09:01:00Z",
               "2026-11-23T12:02:00Z")
    result = audit_log.verify(db.engine)
    assert (result.ok, result.first_bad_seq, result.verified_count) == (False, 3, 2)
    assert result.reason == ("entry 3 is dated 2026-11-23T09:01:00.000000Z, 3 h before entry 2"
                             " (2026-11-23T12:01:00.000000Z): the clock went back more than the 10 min tolerated")


def test_clock_steps_within_ten_minutes_are_tolerated(db, set_now):
    _append_at(db, set_now, "2026-11-23T12:00:00Z", "2026-11-23T11:52:00Z", "2026-11-23T11:50:00Z",
               "2026-11-23T12:00:00Z")
    assert audit_log.verify(db.engine).ok


def test_a_slow_walk_back_is_measured_from_the_latest_time_seen(db, set_now):
    _append_at(db, set_now, "2026-11-23T12:00:00Z", "2026-11-23T11:52:00Z", "2026-11-23T11:49:59Z")
    result = audit_log.verify(db.engine)
    assert result.first_bad_seq == 3
    assert "10 min 1 s before entry 1 (2026-11-23T12:00:00.000000Z)" in result.reason


def test_a_backdated_forgery_is_named_by_its_seq(db, db_url, set_now):
    _append_at(db, set_now, "2026-11-23T12:00:00Z", "2026-11-23T12:05:00Z", "2026-11-23T12:10:00Z")
    backdated = canonical_bytes(entry_document(2, "2026-11-20T08:00:00.000000Z", "tester", "test.entry", "thing:1", {}))
    _forge(db_url, 2, backdated)
    result = audit_log.verify(db.engine)
    assert result.first_bad_seq == 2 and "3 days 4 h before entry 1" in result.reason


# ------------------------------------------------------------------ item 12: malformed columns

@pytest.mark.sqlite_only("SQLite's dynamic types (a server's columns refuse such values)")
@pytest.mark.parametrize("statement, why", [
    ("UPDATE audit_entry SET hash = CAST(x'ffff' || hash AS TEXT) WHERE seq = 2",
     "hash is not 64 lower-case hex characters: it holds bytes that are not UTF-8"),
    ("UPDATE audit_entry SET prev_hash = CAST(x'c328' AS TEXT) WHERE seq = 2",
     "prev_hash is not 64 lower-case hex characters: it holds bytes that are not UTF-8"),
    ("UPDATE audit_entry SET hash = upper(hash) WHERE seq = 2", "hash is not 64 lower-case hex characters (64 bytes:"),
    ("UPDATE audit_entry SET hash = 'zz' WHERE seq = 2", "hash is not 64 lower-case hex characters (2 bytes: 'zz')"),
    ("UPDATE audit_entry SET canonical = CAST(canonical AS TEXT) WHERE seq = 2", "canonical is stored as TEXT, not as a BLOB"),
    ("UPDATE audit_entry SET hash = CAST(hash AS BLOB) WHERE seq = 2", "hash is stored as a BLOB, not as TEXT"),
    ("UPDATE audit_entry SET prev_hash = CAST(prev_hash AS BLOB) WHERE seq = 2", "prev_hash is stored as a BLOB, not as TEXT"),
    ("UPDATE audit_entry SET prev_hash = 42 WHERE seq = 2", "prev_hash is not 64 lower-case hex characters (2 bytes: '42')"),
])
def test_malformed_columns_name_the_entry_and_exit_1(cli, db, db_url, statement, why):
    _append(db, 3)
    _raw(db_url, (statement, ()))
    r = cli("audit", "verify", "--json")
    assert r.code == 1, r.err
    doc = r.json()
    assert doc["first_bad_seq"] == 2 and why in doc["reason"], doc
    human = cli("audit", "verify")
    assert human.code == 1 and human.out.startswith(f"BROKEN at entry 2: {why}")


@pytest.mark.sqlite_only("SQLite's dynamic types (a server's columns refuse such values)")
def test_the_first_of_two_malformed_rows_is_named(db, db_url):
    """Entry 4's hash is not UTF-8 (the driver cannot read that batch as text), and entry 2's
    canonical is TEXT: the walk reads again, robustly, and names entry 2."""
    _append(db, 5)
    _raw(db_url, ("UPDATE audit_entry SET hash = CAST(x'ff' || hash AS TEXT) WHERE seq = 4", ()),
         ("UPDATE audit_entry SET canonical = CAST(canonical AS TEXT) WHERE seq = 2", ()))
    result = audit_log.verify(db.engine)
    assert (result.first_bad_seq, result.reason) == (2, "canonical is stored as TEXT, not as a BLOB")
    assert result.verified_count == 1 and result.verified_head_hash == _rows(db_url)[0][2].decode()
    for batch in (1, 2, 3):                 # wherever the batches end
        assert audit_log.verify(db.engine, batch=batch).first_bad_seq == 2


@pytest.mark.sqlite_only("SQLite's dynamic types (a server's columns refuse such values)")
def test_a_text_hash_of_the_last_entry_does_not_stop_the_walk_early(db, db_url):
    _append(db, 3)
    _raw(db_url, ("UPDATE audit_entry SET hash = CAST(x'00' || hash AS TEXT) WHERE seq = 3", ()))
    result = audit_log.verify(db.engine)
    assert result.first_bad_seq == 3 and result.verified_count == 2


# ------------------------------------------------------------------ --json, and the empty chain

def test_json_when_broken_never_presents_an_unverified_head(cli, db, db_url):
    _append(db, 5)
    hashes = [r[2].decode() for r in _rows(db_url)]
    edited = ("CAST(REPLACE(CAST(canonical AS TEXT), 'tester', 'testor') AS BLOB)" if db.dialect == "sqlite" else
              "convert_to(replace(convert_from(canonical, 'UTF8'), 'tester', 'testor'), 'UTF8')")
    _raw(db_url, (f"UPDATE audit_entry SET canonical = {edited} WHERE seq = 4", ()))
    doc = cli("audit", "verify", "--json").json()
    assert doc.pop("checkpoints")["stored"] == 0
    assert doc == {"ok": False, "count": 5, "head_hash": None, "first_bad_seq": 4,
                   "reason": "hash does not match the stored bytes (entry changed)",
                   "verified_count": 3, "verified_head_hash": hashes[2]}
    human = cli("audit", "verify").out.splitlines()
    assert human[1] == f"verified: entries 1 to 3 of 5, the last of them with hash {hashes[2]}"


def test_json_when_ok_gives_the_head_twice(cli, db, db_url):
    _append(db, 2)
    doc = cli("audit", "verify", "--json").json()
    head = _rows(db_url)[-1][2].decode()
    assert doc.pop("checkpoints")["ok"] is True
    assert doc == {"ok": True, "count": 2, "head_hash": head, "first_bad_seq": None, "reason": None,
                   "verified_count": 2, "verified_head_hash": head}


def test_a_broken_first_entry_has_verified_nothing(cli, db, db_url):
    _append(db, 2)
    _forge(db_url, 1, _entry(1).replace(b'"i":0', b'"i":0.5'))
    doc = cli("audit", "verify", "--json").json()
    assert (doc["first_bad_seq"], doc["verified_count"], doc["verified_head_hash"]) == (1, 0, GENESIS_HASH)
    assert cli("audit", "verify").out.splitlines()[1] == "verified: none of the 2 entries"


def test_the_empty_chain_is_ok_with_64_zeros(cli, db, db_url):
    result = audit_log.verify(db.engine)
    assert result.to_dict() == {"ok": True, "count": 0, "head_hash": GENESIS_HASH, "first_bad_seq": None,
                                "reason": None, "verified_count": 0, "verified_head_hash": GENESIS_HASH}
    r = cli("audit", "verify")
    assert (r.code, r.out) == (0, f"OK 0 {'0' * 64}\n")
    assert cli("audit", "verify", "--json").json()["head_hash"] == GENESIS_HASH


# ------------------------------------------------------------------ WAL, and a consistent copy

def _hold_uncheckpointed(db_path):
    """Another program (the console, say) with the database open and recent writes only in the -wal."""
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("PRAGMA wal_autocheckpoint = 0")
    other.execute("BEGIN IMMEDIATE")
    audit_log_row = other.execute("SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (audit_log_row[0] + 1, audit_log_row[1]) if audit_log_row else (1, GENESIS_HASH)
    now = clock.now().strftime(audit_log.AT_FORMAT)
    body = canonical_bytes(entry_document(seq, now, "tester", "test.entry", "thing:x", {"newest": True}))
    other.execute("INSERT INTO audit_entry (seq, prev_hash, hash, canonical) VALUES (?, ?, ?, ?)",
                  (seq, prev, chain_hash(prev, body), body))
    other.execute("COMMIT")
    return other


@pytest.mark.sqlite_only("SQLite's -wal file")
def test_verify_warns_when_a_wal_file_exists_beside_the_database(cli, db, db_path):
    _append(db, 2)
    db.dispose()
    gc.collect()
    wal = f"{db_path}-wal"
    assert not os.path.exists(wal)               # the last connection closed: checkpointed, removed
    quiet = cli("audit", "verify")
    assert quiet.code == 0 and "-wal" not in quiet.err
    other = _hold_uncheckpointed(db_path)
    try:
        assert os.path.getsize(wal) > 0
        r = cli("audit", "verify", "--json")
        assert r.code == 0 and r.json()["count"] == 3
        assert f"warning: {wal} exists beside the database" in r.err
        assert "a copy of" in r.err and "warroom audit copy OUT" in r.err
    finally:
        other.close()


@pytest.mark.sqlite_only("audit copy is SQLite's backup API")
def test_audit_copy_is_consistent_where_a_plain_file_copy_is_not(cli, db, db_path, tmp_path):
    _append(db, 2)
    db.dispose()                                 # entries 1 and 2 checkpointed into the main file
    other = _hold_uncheckpointed(db_path)
    try:
        plain = tmp_path / "plain-copy.sqlite3"
        shutil.copyfile(db_path, plain)          # without its -wal: the newest entry is missing
        out = tmp_path / "evidence.sqlite3"
        r = cli("audit", "copy", str(out), "--json")
        assert r.code == 0, r.err
        assert r.json() == {"path": str(out), "count": 3}
    finally:
        other.close()
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert not os.path.exists(f"{out}-wal")                       # one self-contained file
    con = sqlite3.connect(out)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert con.execute("SELECT COUNT(*) FROM audit_entry").fetchone()[0] == 3
    con.close()
    con = sqlite3.connect(plain)
    assert con.execute("SELECT COUNT(*) FROM audit_entry").fetchone()[0] == 2
    con.close()
    check = cli("--db", str(out), "audit", "verify")
    assert check.code == 0 and check.out.startswith("OK 3 ")
    again = cli("audit", "copy", str(out))
    assert again.code == 3 and "already exists" in again.err


# ------------------------------------------------------------------ missing guard triggers

def _drop_trigger(db_url, name: str) -> None:
    raw = rawdb.connect(db_url)
    raw.execute(f"DROP TRIGGER {name}")
    raw.commit()
    raw.close()


def test_status_shows_missing_guard_triggers(cli, users, db_url):
    assert cli("status", "--json").json()["audit"]["guards"] == "ok"
    assert "guards:     ok" in cli("status").out
    _drop_trigger(db_url, "audit_entry_no_update")
    r = cli("status", "--json")
    assert r.code == 0 and r.json()["audit"]["guards"] == "missing: audit_entry_no_update"
    human = cli("status").out
    assert "guards:     WARNING missing: audit_entry_no_update" in human


def test_a_writing_command_does_its_work_but_exits_4_when_the_guards_are_missing(cli, users, db_url, db):
    assert cli("settings", "set", "seller.name", "Shop", "--as", "ada").code == 0
    second = "audit_entry_no_delete" if db.dialect == "sqlite" else "audit_entry_no_truncate"
    for name in ("audit_entry_chain", second):
        _drop_trigger(db_url, name)
    r = cli("settings", "set", "seller.name", "Other shop", "--as", "ada")
    assert r.code == 4
    assert "WARNING" in r.err and f"audit guard triggers are missing ({second}, audit_entry_chain)" in r.err
    assert cli("settings", "get", "seller.name", "--json").json()["value"] == "Other shop"   # done all the same
    read = cli("settings", "get", "seller.name")                # wrote nothing: no warning, exit 0
    assert read.code == 0 and "WARNING" not in read.err
    refused = cli("settings", "set", "no.such.key", "x", "--as", "ada")
    assert refused.code == 3                                    # a refusal keeps its own code
