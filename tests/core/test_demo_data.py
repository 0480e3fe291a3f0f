"""The synthetic demo data: deterministic, realistic in shape, and consistent with itself."""

from __future__ import annotations

import re
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from warroom import demo_data
from warroom.demo_data import (
    CATEGORIES,
    FLAGS,
    HIGH_VALUE_THRESHOLDS,
    MARKETPLACES,
    MESSAGE_WINDOW,
    ORDER_WINDOW,
    DemoData,
    generate,
)
from warroom.records import MessageRecord, OrderRecord

UTC = timezone.utc
NOW = datetime(2026, 11, 23, 19, 14, 57, tzinfo=UTC)
SEEDS = (demo_data.DEFAULT_SEED, 1, 2, 7, 99)

ORDER_ID = re.compile(r"^\d{3}-\d{7}-\d{7}$")
RELAY = re.compile(r"^[a-z0-9]{15}@marketplace\.amazon\.(com|de|co\.uk|fr|it|es|co\.jp)$")
ASIN = re.compile(r"^B0[0-9A-Z]{8}$")
BAD_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
WORDS = re.compile(r"[a-zà-öø-ÿ]+")

CHANNELS = {"US": "Amazon.com", "DE": "Amazon.de", "UK": "Amazon.co.uk", "FR": "Amazon.fr",
            "IT": "Amazon.it", "ES": "Amazon.es", "JP": "Amazon.co.jp"}
CURRENCIES = {"US": "USD", "DE": "EUR", "UK": "GBP", "FR": "EUR", "IT": "EUR", "ES": "EUR", "JP": "JPY"}
RELAY_DOMAINS = {"US": "marketplace.amazon.com", "DE": "marketplace.amazon.de",
                 "UK": "marketplace.amazon.co.uk", "FR": "marketplace.amazon.fr",
                 "IT": "marketplace.amazon.it", "ES": "marketplace.amazon.es",
                 "JP": "marketplace.amazon.co.jp"}
LANGUAGE_OF = {"US": "en", "UK": "en", "DE": "de", "FR": "fr", "IT": "it", "ES": "es", "JP": "ja"}
# Common words that mark a (short) text's language.
STOPWORDS = {
    "en": {"the", "i", "my", "is", "you", "and", "to", "it", "this", "for", "please", "thanks"},
    "de": {"ich", "die", "der", "und", "nicht", "sie", "bitte", "ist", "mit", "meine", "danke", "alles"},
    "fr": {"je", "le", "la", "pas", "vous", "est", "les", "mon", "ma", "bonjour", "merci", "une"},
    "it": {"il", "di", "non", "ho", "per", "che", "mi", "grazie", "sono", "vorrei", "buongiorno", "è"},
    "es": {"el", "que", "mi", "me", "los", "por", "hola", "gracias", "pedido", "con", "y", "se"},
}


@pytest.fixture(scope="module")
def data() -> DemoData:
    return generate(NOW)


@pytest.fixture(scope="module", params=SEEDS)
def any_data(request: pytest.FixtureRequest) -> DemoData:
    return generate(NOW, request.param)


def orders_by_id(data: DemoData) -> dict[str, OrderRecord]:
    return {o.amazon_order_id: o for o in data.orders}


def is_relay(message: MessageRecord) -> bool:
    return "@marketplace.amazon." in message.from_addr


# ----------------------------------------------------------------------------- determinism

def test_same_inputs_give_identical_output() -> None:
    assert generate(NOW) == generate(NOW)
    assert generate(NOW, 5) == generate(NOW, 5)


def test_another_seed_gives_other_data(data: DemoData) -> None:
    other = generate(NOW, 12345)
    assert other != data
    assert {o.amazon_order_id for o in other.orders}.isdisjoint({o.amazon_order_id for o in data.orders})
    assert {m.message_id for m in other.messages}.isdisjoint({m.message_id for m in data.messages})


def test_another_now_moves_the_data_with_it() -> None:
    later = NOW + timedelta(days=3, hours=5)
    shifted = generate(later)
    assert max(m.received_at for m in shifted.messages) > NOW
    assert [m.body for m in shifted.messages] == [m.body for m in generate(later).messages]


def test_naive_or_non_utc_now_is_taken_as_the_same_instant() -> None:
    tokyo = NOW.astimezone(timezone(timedelta(hours=9)))
    assert generate(tokyo) == generate(NOW)
    assert generate(NOW.replace(tzinfo=None)) == generate(NOW)


def test_fast() -> None:
    start = time.perf_counter()
    generate(NOW, 3)
    assert time.perf_counter() - start < 0.2


# ----------------------------------------------------------------------------- orders

def test_counts_in_range(any_data: DemoData) -> None:
    assert 250 <= len(any_data.orders) <= 350
    assert 80 <= len(any_data.messages) <= 120
    email = [m for m in any_data.messages if not is_relay(m)]
    assert 6 <= len(email) <= 10
    assert len(email) < len(any_data.messages) / 4           # most are on the Amazon channel


def test_every_marketplace_status_and_channel_present(any_data: DemoData) -> None:
    orders = any_data.orders
    assert {o.marketplace for o in orders} == set(CHANNELS)
    statuses = Counter(o.status for o in orders)
    assert {"Shipped", "Unshipped", "Pending", "PartiallyShipped", "Canceled"} <= set(statuses)
    assert statuses["Shipped"] > len(orders) / 2
    assert {o.fulfillment_channel for o in orders} == {"AFN", "MFN"}


def test_order_ids_well_formed_and_unique(any_data: DemoData) -> None:
    ids = [o.amazon_order_id for o in any_data.orders]
    assert len(ids) == len(set(ids))
    for order in any_data.orders:
        assert ORDER_ID.match(order.amazon_order_id), order.amazon_order_id
        prefix = order.amazon_order_id[0]
        expected = {"US": "1", "UK": "2", "JP": "25", "DE": "3", "FR": "4", "IT": "4", "ES": "4"}
        assert prefix in expected[order.marketplace or ""]


def test_order_fields_consistent_with_marketplace(any_data: DemoData) -> None:
    for order in any_data.orders:
        market = order.marketplace or ""
        assert order.sales_channel == CHANNELS[market]
        assert order.currency == CURRENCIES[market]
        assert order.buyer_email and RELAY.match(order.buyer_email)
        assert order.buyer_email.endswith("@" + RELAY_DOMAINS[market])
        assert order.buyer_name and order.buyer_name.strip() == order.buyer_name and " " in order.buyer_name
        assert order.ship_service_level
        if order.fulfillment_channel == "MFN":
            assert order.latest_ship_date is not None
            assert order.purchase_date < order.latest_ship_date <= order.purchase_date + timedelta(days=4)
        else:
            assert order.latest_ship_date is None


def test_buyer_aliases_identify_buyers(any_data: DemoData) -> None:
    names: dict[str, str | None] = {}
    for order in any_data.orders:
        assert names.setdefault(order.buyer_email or "", order.buyer_name) == order.buyer_name


def test_items_and_totals(any_data: DemoData) -> None:
    for order in any_data.orders:
        assert 1 <= len(order.items) <= 3
        assert len({item.sku for item in order.items}) == len(order.items)
        for item in order.items:
            assert item.sku and item.title and item.order_item_id and item.order_item_id.isdigit()
            assert item.asin and ASIN.match(item.asin)
            assert item.currency == order.currency
            assert item.quantity >= 1
            assert isinstance(item.unit_price, Decimal) and isinstance(item.line_price, Decimal)
            assert item.unit_price > 0
            assert item.line_price == item.unit_price * item.quantity
            if order.currency == "JPY":
                for amount in (item.unit_price, item.line_price):
                    assert amount == amount.to_integral_value()
                    assert amount.as_tuple().exponent == 0
            else:
                assert item.unit_price.as_tuple().exponent == -2
        assert isinstance(order.total, Decimal)
        assert order.total == sum(item.line_price or Decimal(0) for item in order.items)
        if order.currency == "JPY":
            assert order.total.as_tuple().exponent == 0


def test_titles_are_localized(data: DemoData) -> None:
    titles: dict[str, set[str]] = {}
    for order in data.orders:
        for item in order.items:
            titles.setdefault(order.marketplace or "", set()).add(item.title or "")
    assert all(JAPANESE.search(t) for t in titles["JP"])
    assert not any(JAPANESE.search(t) for m, ts in titles.items() if m != "JP" for t in ts)
    assert titles["DE"].isdisjoint(titles["US"]) and titles["FR"].isdisjoint(titles["IT"])
    catalogue_skus = {item.sku for o in data.orders for item in o.items}
    assert len(catalogue_skus) >= 15
    asins = {(item.sku, item.asin) for o in data.orders for item in o.items}
    assert len(asins) == len(catalogue_skus)        # one ASIN per SKU on every marketplace


def test_order_times(any_data: DemoData) -> None:
    for order in any_data.orders:
        assert order.purchase_date.tzinfo is not None
        assert order.purchase_date.utcoffset() == timedelta(0)
        assert NOW - ORDER_WINDOW <= order.purchase_date <= NOW
        assert order.last_update is not None
        assert order.purchase_date <= order.last_update <= NOW
    dates = [o.purchase_date for o in any_data.orders]
    assert dates == sorted(dates)
    assert min(dates) < NOW - timedelta(days=35)
    assert max(dates) > NOW - timedelta(days=1)


# ----------------------------------------------------------------------------- messages

def test_messages_refer_to_known_orders_from_the_buyer(any_data: DemoData) -> None:
    orders = orders_by_id(any_data)
    with_order = [m for m in any_data.messages if m.amazon_order_id]
    assert len(with_order) > len(any_data.messages) * 0.8
    for message in any_data.messages:
        if message.amazon_order_id is None:
            continue
        order = orders[message.amazon_order_id]
        assert message.received_at > order.purchase_date
        if is_relay(message):
            assert message.from_addr == order.buyer_email
            assert order.amazon_order_id in message.subject
        else:
            assert message.from_name == order.buyer_name


def test_relay_and_email_addresses(any_data: DemoData) -> None:
    for message in any_data.messages:
        assert message.from_addr == message.from_addr.lower()
        assert message.to_addr == demo_data.SELLER_ADDRESS
        assert message.from_name
        if is_relay(message):
            assert RELAY.match(message.from_addr), message.from_addr
            # the buyer's name as the importers give it (the " - Amazon Marketplace" suffix stripped)
            assert "Amazon Marketplace" not in message.from_name and message.from_name.strip() == message.from_name
        else:
            domain = message.from_addr.rsplit("@", 1)[1]
            assert re.fullmatch(r"[a-z0-9._]+@example\.[a-z]+", message.from_addr), message.from_addr
            assert "amazon" not in domain


def test_message_identity_and_order(any_data: DemoData) -> None:
    messages = any_data.messages
    ids = [m.message_id for m in messages]
    assert len(set(ids)) == len(ids)
    for n, message in enumerate(messages, start=1):
        assert message.message_id and message.message_id.endswith("@demo.warroom.invalid")
        assert "<" not in message.message_id and ">" not in message.message_id
        assert message.source_ref == f"demo#{n}"
        assert message.raw is None and message.attachments == () and message.problems == ()
    times = [m.received_at for m in messages]
    assert times == sorted(times)


def test_message_times(any_data: DemoData) -> None:
    ages = []
    for message in any_data.messages:
        assert message.received_at.tzinfo is not None
        assert message.received_at.utcoffset() == timedelta(0)
        assert NOW - MESSAGE_WINDOW <= message.received_at <= NOW
        ages.append(NOW - message.received_at)
    overdue = sum(age > timedelta(hours=24) for age in ages)
    due_soon = sum(timedelta(hours=16) < age <= timedelta(hours=24) for age in ages)
    fresh = sum(age <= timedelta(hours=16) for age in ages)
    assert overdue >= 5 and due_soon >= 3
    assert fresh > len(ages) / 2


def test_text_is_clean(any_data: DemoData) -> None:
    for message in any_data.messages:
        assert message.body.strip() and message.subject.strip()
        assert "\r" not in message.body
        assert not BAD_CONTROLS.search(message.body), message.body
        assert "\n" not in message.subject and "\r" not in message.subject
        assert not BAD_CONTROLS.search(message.subject) and "\t" not in message.subject
        assert "{" not in message.body and "}" not in message.body      # no unfilled placeholder


def test_relay_subjects_follow_amazon_form(any_data: DemoData) -> None:
    for message in any_data.messages:
        if not is_relay(message):
            continue
        subject = message.subject
        if message.amazon_order_id:
            assert re.search(r"\((Order|Bestellung|Commande|Ordine|Pedido|注文番号) ?: "
                             + re.escape(message.amazon_order_id) + r"\)$", subject), subject
        else:
            assert not re.search(r"\d{3}-\d{7}-\d{7}", subject)
        assert "Amazon" in subject


def test_threads_and_pre_sale_questions(any_data: DemoData) -> None:
    # A repeat buyer may write about two orders from one alias: count per (alias, order).
    per_thread = Counter((m.from_addr, m.amazon_order_id) for m in any_data.messages if is_relay(m))
    assert sum(1 for n in per_thread.values() if n >= 2) >= 4
    assert max(per_thread.values()) == 3
    pre_sale = [m for m in any_data.messages if is_relay(m) and m.amazon_order_id is None]
    assert len(pre_sale) >= 3
    order_emails = {o.buyer_email for o in any_data.orders}
    assert all(m.from_addr not in order_emails for m in pre_sale)


def test_every_language_present_and_matching(any_data: DemoData) -> None:
    orders = orders_by_id(any_data)
    languages = any_data.languages
    assert set(languages) == {m.message_id for m in any_data.messages}
    assert set(languages.values()) == {"en", "de", "fr", "it", "es", "ja"}
    for message in any_data.messages:
        language = languages[message.message_id or ""]
        if message.amazon_order_id and is_relay(message):
            assert language == LANGUAGE_OF[orders[message.amazon_order_id].marketplace or ""]
        if language == "ja":
            assert JAPANESE.search(message.body), message.body
            continue
        assert not JAPANESE.search(message.body), message.body
        words = set(WORDS.findall(message.body.lower()))
        scores = {lang: len(words & stop) for lang, stop in STOPWORDS.items()}
        best = max(scores.values())
        assert best > 0 and scores[language] == best, (language, scores, message.body)


# ----------------------------------------------------------------------------- labels

def test_labels_cover_every_message(any_data: DemoData) -> None:
    assert set(any_data.labels) == {m.message_id for m in any_data.messages}
    for category, flags in any_data.labels.values():
        assert category in CATEGORIES
        assert isinstance(flags, frozenset) and flags <= FLAGS


def test_every_category_and_flag_occurs(any_data: DemoData) -> None:
    categories = Counter(c for c, _ in any_data.labels.values())
    assert set(categories) == set(CATEGORIES)
    for common in ("REFUND", "RETURN", "WISMO", "PRODUCT-QUESTION", "ORDER-CHANGE", "COMPLAINT"):
        assert categories[common] >= 4, common
    flags = Counter(f for _, fs in any_data.labels.values() for f in fs)
    assert set(flags) == set(FLAGS)
    assert flags["A-TO-Z"] >= 3 and flags["LEGAL"] >= 4 and flags["SAFETY"] >= 3
    assert flags["HIGH-VALUE"] >= 3 and flags["CHARGEBACK"] >= 2
    assert categories["OTHER"] >= 3


def _labelled(data: DemoData) -> list[tuple[MessageRecord, str, frozenset[str]]]:
    return [(m, *data.labels[m.message_id or ""]) for m in data.messages]


def test_special_kinds_say_what_they_are(any_data: DemoData) -> None:
    rows = _labelled(any_data)
    text = {m.message_id: (m.subject + "\n" + m.body).lower() for m, _, _ in rows}

    def bodies(flag: str) -> list[str]:
        return [text[m.message_id] for m, _, flags in rows if flag in flags]

    assert any("a-to-z" in t for t in bodies("A-TO-Z"))
    assert any("lawyer" in t for t in bodies("LEGAL"))
    assert any("anwalt" in t for t in bodies("LEGAL"))
    assert any("avocat" in t for t in bodies("LEGAL"))
    assert any("caught fire" in t for t in bodies("SAFETY"))
    assert any("smoke" in t or "qualm" in t or "煙" in t for t in bodies("SAFETY"))
    assert any("disputed the charge" in t for t in bodies("CHARGEBACK"))
    assert any("bank" in t or "credit card" in t for t in bodies("CHARGEBACK"))


def test_high_value_disputes_are_on_expensive_orders(any_data: DemoData) -> None:
    orders = orders_by_id(any_data)
    currencies = set()
    for message, category, flags in _labelled(any_data):
        if message.amazon_order_id is None:
            continue
        order = orders[message.amazon_order_id]
        threshold = HIGH_VALUE_THRESHOLDS[order.currency or ""]
        assert order.total is not None
        if "HIGH-VALUE" in flags:
            assert order.total >= threshold
            currencies.add(order.currency)
        else:
            # No borderline orders: everything else is clearly below the threshold.
            assert order.total < threshold * Decimal("0.8"), (order.total, message.body)
    assert {"USD", "EUR", "JPY"} <= currencies


def test_innocent_look_alikes_carry_no_flag(any_data: DemoData) -> None:
    looks = {"fireplace": 0, "attorney": 0, "burnt orange": 0, "kamin": 0, "smoke": 0}
    for message, category, flags in _labelled(any_data):
        body = message.body.lower()
        for word in looks:
            if word in body and category == "PRODUCT-QUESTION":
                looks[word] += 1
                assert flags == frozenset(), (word, message.body)
    assert all(looks.values()), looks


def test_escalating_thread_ends_with_a_to_z_threat(any_data: DemoData) -> None:
    threads: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for message, category, flags in _labelled(any_data):
        if is_relay(message):
            key = f"{message.from_addr} {message.amazon_order_id}"
            threads.setdefault(key, []).append((category, flags))
    escalations = [t for t in threads.values()
                   if len(t) >= 2 and t[0][0] == "WISMO" and t[-1][0] == "A-TO-Z"]
    assert len(escalations) >= 2
    assert all("A-TO-Z" in t[-1][1] for t in escalations)


def test_marketplace_table_matches_records() -> None:
    assert {m.code for m in MARKETPLACES} == set(CHANNELS)
    for market in MARKETPLACES:
        assert market.sales_channel == CHANNELS[market.code]
        assert market.currency == CURRENCIES[market.code]
        assert market.relay_domain == RELAY_DOMAINS[market.code]
        assert market.language == LANGUAGE_OF[market.code]
