"""The shortcuts of a bulk message import give the same results as the plain path:
full-text terms in SQL, batched language detection, compiled-rule and threshold caches,
new tickets classified in memory."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.generators import write_messages_csv, write_orders_report
from warroom import clock
from warroom.domain.language import detect_language, detect_languages
from warroom.domain.roles import Actor, Role
from warroom.domain.search import index_terms
from warroom.records import MessageRecord
from warroom.services import imports, users
from warroom.services.ingest import dedupe_key
from warroom.services.triage import classify_tickets
from warroom.storage import dialect as dialect_module
from warroom.storage.dialect import (
    _FTS_PLAIN_TERMS, BULK_CACHE_KIB, DEFER_MIN_ROWS, bulk_write, fts_has_cjk, should_defer_indexes,
)
from warroom.storage.engine import open_database
from warroom.storage.types import db_datetime, db_datetime_converter
from warroom.storage.uow import UnitOfWork
from warroom.triage import classify, compile_rules, load_seed_rules, parse_rules

TEXTS = [None, "", "Refund please", "Ich möchte den Artikel zurückgeben", "Où est ma commande ?",
         "商品を返品したいです", "Order 111-1234567-1234567 返金", "한국어 문의", "ｶﾀｶﾅ", "“quotes” – dash €5",
         "emoji 🙂 only", "line\nbreaks\n"]


def test_plain_sql_terms_equal_index_terms_for_text_without_cjk():
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE message (id INTEGER PRIMARY KEY, subject TEXT, body TEXT)")
    pairs = [(s, b) for s in TEXTS for b in TEXTS]
    con.executemany("INSERT INTO message (subject, body) VALUES (?, ?)", pairs)
    rows = con.execute(f"SELECT subject, body, {_FTS_PLAIN_TERMS} FROM message ORDER BY id").fetchall()
    for subject, body, plain in rows:
        if fts_has_cjk(subject, body):
            assert index_terms(subject, body) != plain
        else:
            assert index_terms(subject, body) == plain


def test_detect_languages_is_detect_language_for_each():
    texts = [t or "" for t in TEXTS] + ["Hello, where is my parcel? It has not arrived yet.",
                                        "Hello, where is my parcel? It has not arrived yet. 123"] * 3
    items = [(t, fb) for t in texts for fb in (None, "en", "de", "ja")]
    assert detect_languages(items) == [detect_language(t, fb) for t, fb in items]


def test_rules_equal_but_not_identical_compile_once():
    rules = load_seed_rules()
    copies = parse_rules([r.to_dict() for r in rules])
    assert copies[0] is not rules[0]
    compiled = compile_rules(copies)
    assert compile_rules(parse_rules([r.to_dict() for r in rules])) is compiled
    text = "I will open an A-to-z claim and call my lawyer about the $900 refund"
    assert classify(text, rules=compiled) == classify(text, rules=rules) == classify(text, rules=copies)


def test_thresholds_follow_a_changed_mapping():
    text = "I want my refund of $700 now"
    table = {"USD": Decimal("500")}
    assert "HIGH-VALUE" in classify(text, high_value_thresholds=table).flags
    table["USD"] = Decimal("900")
    assert "HIGH-VALUE" not in classify(text, high_value_thresholds=table).flags
    with pytest.raises(TypeError):
        classify(text, high_value_thresholds={"USD": 500.0})


def test_reclassifying_after_an_import_changes_nothing(db, tmp_path: Path):
    """New tickets are classified in memory and inserted classified: running the database path
    (classify_tickets) over them afterwards finds nothing to change."""
    u = users.add_user(db, None, "ada", Role.ADMIN, "bench-pw")
    ada = Actor(u["id"], "ada", Role.ADMIN)
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    write_messages_csv(first, 400)
    write_messages_csv(second, 600, seed=12)      # joins some tickets of the first file
    imports.import_messages(db, ada, [first])
    [summary] = imports.import_messages(db, ada, [second])
    assert summary["tickets_updated"] > 0
    with UnitOfWork(db) as uow:
        ids = [r[0] for r in uow.connection.exec_driver_sql("SELECT id FROM ticket").all()]
        assert ids and classify_tickets(uow, ids) == {}
        assert uow.connection.exec_driver_sql("SELECT COUNT(*) FROM ticket WHERE triage_reasons IS NULL").scalar() == 0


# ------------------------------------------------------------- per-row shortcuts of the bulk paths

TIMES = [datetime(2026, 11, 23, 10, 0, 0, tzinfo=timezone.utc),
         datetime(2026, 11, 23, 10, 0, 0, 7, tzinfo=timezone.utc),
         datetime(2026, 2, 28, 23, 59, 59, 999999, tzinfo=timezone.utc),
         datetime(2026, 11, 23, 19, 0, 0, tzinfo=timezone(timedelta(hours=9))),
         datetime(2026, 11, 23, 10, 0, 0, 250, tzinfo=timezone(timedelta(hours=-5))),
         datetime(2026, 11, 23, 10, 0, 0, tzinfo=ZoneInfo("Europe/Berlin"))]


def _reference_dedupe_key(r: MessageRecord) -> str:
    if r.message_id:
        return "mid:" + r.message_id[:250]
    text = "\x1f".join([r.from_addr, clock.iso(r.received_at) or "", r.body])
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("when", TIMES)
def test_dedupe_key_is_the_documented_hash(when):
    for message_id in (None, "", "abc@example.com"):
        r = MessageRecord(received_at=when, from_addr="b@marketplace.amazon.com", body="Wo ist 返品?",
                          message_id=message_id)
        assert dedupe_key(r) == _reference_dedupe_key(r)


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_datetime_converter_is_db_datetime(dialect):
    convert = db_datetime_converter(dialect)
    for when in TIMES + [None]:
        assert convert(when) == db_datetime(when, dialect)


# ------------------------------------------------------------- deferred indexes of bulk imports

def _indexes(db) -> list[tuple[str, str]]:
    with UnitOfWork(db, write=False) as uow:
        return [tuple(r) for r in uow.connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all()]


def test_should_defer_only_large_imports_next_to_the_table():
    assert not should_defer_indexes("sqlite", DEFER_MIN_ROWS - 1, 0)
    assert should_defer_indexes("sqlite", DEFER_MIN_ROWS, 0)
    assert should_defer_indexes("sqlite", DEFER_MIN_ROWS, 4 * DEFER_MIN_ROWS)
    assert not should_defer_indexes("sqlite", DEFER_MIN_ROWS, 4 * DEFER_MIN_ROWS + 1)
    assert not should_defer_indexes("postgresql", 10 ** 6, 0)


@pytest.mark.sqlite_only("index deferral and the page cache of bulk imports are SQLite's")
def test_bulk_write_come_back_after_the_block_and_after_a_rollback(db):
    before = _indexes(db)
    assert any(name == "ix_ticket_queue" for name, _ in before)
    with UnitOfWork(db) as uow:
        cache = uow.connection.exec_driver_sql("PRAGMA cache_size").scalar()
        with bulk_write(uow.connection, ("ticket", "message"), adding=10 ** 6, existing=0) as dropped:
            assert uow.connection.exec_driver_sql("PRAGMA cache_size").scalar() == -BULK_CACHE_KIB != cache
            assert "ix_ticket_queue" in dropped and "ix_message_ticket_id" in dropped
            assert not any(n.startswith("uq_") or n.startswith("sqlite_autoindex") for n in dropped)
            left = {r[0] for r in uow.connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index'").all()}
            assert not left & set(dropped)
        assert uow.connection.exec_driver_sql("PRAGMA cache_size").scalar() == cache
        uow.audit("test", "test.defer", "-", {})
        uow.commit()
    assert _indexes(db) == before
    with pytest.raises(RuntimeError):
        with UnitOfWork(db) as uow:
            with bulk_write(uow.connection, ("ticket",), adding=10 ** 6, existing=0):
                raise RuntimeError("the import failed half-way")
    assert _indexes(db) == before


def test_a_deferred_index_import_stores_what_the_plain_path_stores(tmp_path: Path, monkeypatch, set_now):
    """The same files imported with indexes deferred (every import) and kept (none): the same
    rows, the same index definitions, and integrity_check passes."""
    files = [tmp_path / "a.csv", tmp_path / "b.csv"]
    write_messages_csv(files[0], 300)
    write_messages_csv(files[1], 500, seed=12)
    report = tmp_path / "orders.tsv"
    write_orders_report(report, 400)
    set_now("2026-11-23T12:00:00Z")     # the same stamps in both
    dumps = []
    for name, min_rows in (("deferred", 1), ("kept", 10 ** 9)):
        monkeypatch.setattr(dialect_module, "DEFER_MIN_ROWS", min_rows)
        monkeypatch.setattr(dialect_module, "DEFER_MIN_SHARE", 0.0)
        database = open_database(str(tmp_path / f"{name}.db"))
        u = users.add_user(database, None, "ada", Role.ADMIN, "bench-pw")
        ada = Actor(u["id"], "ada", Role.ADMIN)
        imports.import_orders(database, ada, [report])
        imports.import_messages(database, ada, files)
        with UnitOfWork(database, write=False) as uow:
            c = uow.connection
            assert c.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            dump = {t: c.exec_driver_sql(f"SELECT * FROM {t} ORDER BY 1, 2").all()
                    for t in ("amazon_order", "order_item", "ticket", "message", "ticket_tag")}
            dump["indexes"] = c.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all()
            dump["fts"] = c.exec_driver_sql(
                "SELECT rowid FROM message_fts WHERE message_fts MATCH 'parcel OR 返品' ORDER BY rowid").all()
            dump["audit"] = c.exec_driver_sql("SELECT hash FROM audit_entry ORDER BY seq").all()
        database.dispose()
        dumps.append(dump)
    deferred, kept = dumps
    assert all(deferred[t] for t in ("amazon_order", "order_item", "ticket", "message", "indexes", "fts"))
    assert deferred == kept


# ------------------------------------------------------------- the currency pre-check of amounts

_FRAGMENTS = ["$", "US$ ", "€", "£", "¥", "円", "EUR", "euros", "Dollar", "dólares", "bucks", "yen", "GBP",
              "pounds sterling", "livres sterling", "libras esterlinas", "CHF", "sek", "pln", "rmb", "CA$", "mx$",
              "750", "1,500", "1.234,56", "9万8千円", "12万", "111-1234567-1234567", "2026-11-23", "x2", "a4",
              " ", " ", "\n", "refund of ", "order ", "paid ", "kr", "Fr.", "€uro", "USd", "ＵＳＤ", "５００"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=12), st.sampled_from([None, "USD", "CAD", "JPY", "CNY", "EUR"]))
def test_currency_precheck_never_hides_an_amount(parts, currency):
    """find_amounts skips texts holding no currency string; the full scan finds the same."""
    from warroom.triage import amounts

    text = "".join(parts)
    shortcut = amounts.find_amounts(text, currency=currency)
    saved = amounts._CURRENCY_HINTS
    amounts._CURRENCY_HINTS = ("",)           # "" is in every text: the full scan always runs
    try:
        full = amounts.find_amounts(text, currency=currency)
    finally:
        amounts._CURRENCY_HINTS = saved
    assert shortcut == full
