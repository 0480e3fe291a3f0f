"""Full-text search over messages, Chinese and Japanese two-character words included."""

from __future__ import annotations

from datetime import timedelta

from tests.core.factories import BASE, load, message
from warroom.domain.search import index_terms, match_query
from warroom.services.tickets import list_tickets


def test_cjk_runs_become_bigrams_and_queries_match_them():
    assert index_terms("返品したい") == " 返品 品し した たい "
    assert "Hello" in index_terms("Hello 返品") and "返品" in index_terms("Hello 返品")
    assert match_query("返品") == '"返品"'
    assert match_query("返品したい") == '"返品 品し した たい"'
    assert match_query('refund" OR x') == '"refund"* AND "OR"* AND "x"*'
    assert match_query("  ... ") is None


def _search(db, text):
    return {t["id"] for t in list_tickets(db, search=text)}


def test_search_finds_two_character_words_in_japanese_and_chinese(db, users):
    msgs = [
        message(1, body="商品を返品したいです。箱は未開封です。"),
        message(2, body="我想申请退款，商品有质量问题。", sender="c0000000000002@marketplace.amazon.com"),
        message(3, body="Where is my parcel? The tracking has not moved.", sender="c0000000000003@marketplace.amazon.com"),
        message(4, body="Ich möchte eine Rückerstattung für die Bestellung.", sender="c0000000000004@marketplace.amazon.de"),
    ]
    load(db, [], msgs)
    ids = {t["id"]: t for t in list_tickets(db)}
    by_body = {m.body: None for m in msgs}
    assert len(ids) == 4 and len(by_body) == 4
    assert len(_search(db, "返品")) == 1
    assert len(_search(db, "退款")) == 1
    assert len(_search(db, "質問")) == 0
    assert len(_search(db, "parcel tracking")) == 1
    assert len(_search(db, "PARC")) == 1            # prefix, case-folded
    assert len(_search(db, "ruckerstattung")) == 1  # diacritics folded
    assert _search(db, "parcel 返品") == set()        # all words must occur
    assert _search(db, '"unbalanced') == set()      # never an FTS syntax error


def test_outbound_replies_are_searchable_too(db, users):
    from warroom.services.tickets import add_outbound_message
    from warroom.storage.uow import UnitOfWork

    load(db, [], [message(1)])
    tid = list_tickets(db)[0]["id"]
    with UnitOfWork(db) as uow:
        add_outbound_message(uow, tid, from_addr="shop@example.com", to_addr=None, subject="Re",
                             body="Ihre Erstattung wurde veranlasst.", at=BASE + timedelta(hours=1), source_ref="t")
        uow.audit("ada", "test.reply", f"ticket:{tid}", {})
        uow.commit()
    assert _search(db, "Erstattung") == {tid}


def test_postgresql_terms_are_the_fts5_tokens_with_positions():
    """The tsvector/tsquery literals given to PostgreSQL: unicode61's tokens (letters and digits,
    lower case, Latin diacritics dropped; kana keep their voicing marks), CJK as adjacent bigrams."""
    from warroom.domain.search import tokens, tsquery_literal, tsvector_literal

    assert tokens("Rückerstattung für O'Brien_x, Ordnung 123-B") == [
        "ruckerstattung", "fur", "o", "brien", "x", "ordnung", "123", "b"]
    assert tokens("ガイド") == ["ガイド"]                       # not カイト: dakuten stay
    assert tsvector_literal("Re", "返品したい 返品") == "'re':1 '返品':2,6 '品し':3 'した':4 'たい':5"
    assert tsquery_literal("返品したい parc") == "('返品' <-> '品し' <-> 'した' <-> 'たい') & ('parc':*)"
    assert tsquery_literal("返") == "('返':*)"
    assert tsquery_literal("it's") == "('it':*) & ('s':*)"
    assert tsquery_literal("  ... ") is None and tsquery_literal("'\\") is None


def test_search_phrases_and_prefixes_behave_alike_on_both_backends(db, users):
    """Run on SQLite (FTS5) and on PostgreSQL (tsvector): the same answers."""
    msgs = [
        message(1, body="返品したいです"),
        message(2, body="品したい返", sender="c0000000000002@marketplace.amazon.com"),
        message(3, body="Parcelforce delivered it late", sender="c0000000000003@marketplace.amazon.com"),
        message(4, body="Café crème brûlée", sender="c0000000000004@marketplace.amazon.fr"),
    ]
    load(db, [], msgs)
    assert len(_search(db, "返品")) == 1               # bigram phrase: not "品し...返"
    assert len(_search(db, "品し")) == 2
    assert len(_search(db, "返")) == 1                 # a lone character: prefix of a bigram
    assert len(_search(db, "parcel")) == 1 and _search(db, "arcel") == set()   # prefixes, not substrings
    assert len(_search(db, "creme brulee")) == 1 and len(_search(db, "CAFÉ")) == 1
    assert _search(db, "delivered 返品") == set()
