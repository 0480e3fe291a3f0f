"""The shortcuts of a bulk message import give the same results as the plain path:
full-text terms in SQL, batched language detection, compiled-rule and threshold caches,
new tickets classified in memory."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from tests.generators import write_messages_csv
from warroom.domain.language import detect_language, detect_languages
from warroom.domain.roles import Actor, Role
from warroom.domain.search import index_terms
from warroom.services import imports, users
from warroom.services.triage import classify_tickets
from warroom.storage.dialect import _FTS_PLAIN_TERMS, fts_has_cjk
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
