"""Pure helpers about buyer messages: order ids, relay addresses, safe text, language."""

from __future__ import annotations

import time
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warroom.domain.language import LANGUAGES
from warroom.domain.messages import (
    LANGUAGE_OF_MARKETPLACE,
    ORDER_ID_RE,
    buyer_name_from_display,
    clean_text,
    detect_language,
    find_order_id,
    is_amazon_relay,
    marketplace_of_relay,
    sanitize_filename,
    single_line,
)
from warroom.importers._email import extract_buyer_text, html_to_text

# ------------------------------------------------------------------------- order ids


def test_order_id_re_matches_3_7_7_digits_only() -> None:
    assert ORDER_ID_RE.fullmatch("113-1234567-1234567")
    assert not ORDER_ID_RE.fullmatch("113-123456-1234567")
    assert not ORDER_ID_RE.fullmatch("113-1234567-12345678")
    assert ORDER_ID_RE.search("x1113-1234567-1234567") is None      # longer digit run
    assert ORDER_ID_RE.search("113-1234567-12345670") is None


def test_find_order_id_prefers_subject_then_body() -> None:
    subject = "Shipping inquiry from Amazon customer Jane (Order: 113-1234567-1234567)"
    body = "Order ID: 302-7654321-7654321:"
    assert find_order_id(subject, body) == "113-1234567-1234567"
    assert find_order_id("Product details inquiry", body) == "302-7654321-7654321"
    assert find_order_id("Product details inquiry", "Is it dishwasher safe?") is None
    assert find_order_id("", "") is None


def test_find_order_id_accepts_full_width_digits_and_dashes() -> None:
    assert find_order_id("", "注文番号：５０３－５６７８９０１－５６７８９０１") == "503-5678901-5678901"
    assert find_order_id("Order 113\u20131234567\u20131234567", "") == "113-1234567-1234567"


def test_find_order_id_ignores_non_ascii_digit_scripts() -> None:
    # Arabic-Indic digits are \d for Python's re but never an Amazon order id.
    assert find_order_id("\u0661\u0661\u0663-" + "\u0661" * 7 + "-" + "\u0661" * 7, "") is None


# -------------------------------------------------------------------- relay addresses

@pytest.mark.parametrize("address,market", [
    ("abcdefghjk12345@marketplace.amazon.com", "US"),
    ("abcdefghjk12345@marketplace.amazon.de", "DE"),
    ("abcdefghjk12345@marketplace.amazon.co.uk", "UK"),
    ("abcdefghjk12345@marketplace.amazon.fr", "FR"),
    ("abcdefghjk12345@marketplace.amazon.it", "IT"),
    ("abcdefghjk12345@marketplace.amazon.es", "ES"),
    ("abcdefghjk12345@marketplace.amazon.co.jp", "JP"),
    ("abcdefghjk12345@marketplace.amazon.ca", "CA"),
    ("abcdefghjk12345@marketplace.amazon.com.mx", "MX"),
    ("abcdefghjk12345@marketplace.amazon.com.br", "BR"),
    ("abcdefghjk12345@marketplace.amazon.nl", "NL"),
    ("abcdefghjk12345@marketplace.amazon.se", "SE"),
    ("abcdefghjk12345@marketplace.amazon.pl", "PL"),
    ("abcdefghjk12345@marketplace.amazon.com.be", "BE"),
    ("abcdefghjk12345@marketplace.amazon.ie", "IE"),
    ("abcdefghjk12345@marketplace.amazon.com.tr", "TR"),
    ("abcdefghjk12345@marketplace.amazon.ae", "AE"),
    ("abcdefghjk12345@marketplace.amazon.sa", "SA"),
    ("abcdefghjk12345@marketplace.amazon.eg", "EG"),
    ("abcdefghjk12345@marketplace.amazon.in", "IN"),
    ("abcdefghjk12345@marketplace.amazon.com.au", "AU"),
    ("abcdefghjk12345@marketplace.amazon.sg", "SG"),
])
def test_relay_addresses_and_their_marketplace(address: str, market: str) -> None:
    assert is_amazon_relay(address)
    assert marketplace_of_relay(address) == market
    assert marketplace_of_relay(address.upper()) == market


def test_plus_suffixed_relay_alias_is_a_relay() -> None:
    address = "asdfghjklqwerty+1a2b3c4d@marketplace.amazon.com"
    assert is_amazon_relay(address)
    assert marketplace_of_relay(address) == "US"


def test_relay_in_display_form() -> None:
    assert is_amazon_relay('"Jane - Amazon Marketplace" <abcdefghjk12345@marketplace.amazon.de>')


@pytest.mark.parametrize("address", [
    "",
    "jane@example.com",
    "abc@amazon.com",
    "donotreply@amazon.com",
    "abc@marketplace.amazon.cn",                        # no buyer relay there
    "abc@marketplace.amazon.com.evil.example",
    "abc@marketplace-amazon.com",
    "abc@xmarketplace.amazon.com",
    "abc@marketplace.amazon.com>",
    "@marketplace.amazon.com",
    "a b@marketplace.amazon.com",
])
def test_not_relay_addresses(address: str) -> None:
    assert not is_amazon_relay(address)
    assert marketplace_of_relay(address) is None


# ------------------------------------------------------------------------ buyer names

@pytest.mark.parametrize("display,name", [
    ('"Jane - Amazon Marketplace"', "Jane"),
    ("Jane Doe - Amazon Marketplace", "Jane Doe"),
    ('"First M. Last - Amazon Marketplace"', "First M. Last"),
    ("Alisa - Amazon Marketplace <xxx@marketplace.amazon.com>", "Alisa"),
    ("My Store - Amazon Marketplace [mailto:abc@marketplace.amazon.com]", "My Store"),
    ("山田 太郎 - Amazon Marketplace", "山田 太郎"),
    ("Amazon Marketplace", None),
    (" - Amazon Marketplace", None),
    ("", None),
    ("Chris Example", "Chris Example"),
    ("Eve\r\nBcc: x@example.com - Amazon Marketplace", "Eve Bcc: x@example.com"),
])
def test_buyer_name_from_display(display: str, name: str | None) -> None:
    assert buyer_name_from_display(display) == name


# ------------------------------------------------------------------------ single_line

def test_single_line_defuses_an_encoded_header_injection() -> None:
    assert single_line("hi\nBcc: x@example.com") == "hi Bcc: x@example.com"
    assert single_line("hi\r\nBcc: x@example.com\r\n") == "hi Bcc: x@example.com"


@pytest.mark.parametrize("char", [
    "\r", "\n", "\x00", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x80", "\x85", "\x9f",
    "\u2028", "\u2029", "\t",
])
def test_single_line_removes_every_line_breaker_and_control(char: str) -> None:
    assert single_line(f"a{char}b") == "a b"


def test_single_line_collapses_whitespace_and_replaces_surrogates() -> None:
    assert single_line("  a   b \u3000 c ") == "a b c"
    assert single_line("caf\udce9") == "caf\ufffd"
    assert single_line("") == ""


_SINGLE_LINE_FORBIDDEN = {"Cc", "Cs", "Zl", "Zp"}


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_single_line_property(text: str) -> None:
    out = single_line(text)
    assert not any(unicodedata.category(c) in _SINGLE_LINE_FORBIDDEN for c in out)
    assert "  " not in out and out == out.strip()
    assert single_line(out) == out


def test_clean_text_keeps_lines_and_drops_nul() -> None:
    text, removed = clean_text("a\r\nb\rc\x00d\te\x1b")
    assert text == "a\nb\ncd\te"
    assert removed == 2


# ----------------------------------------------------------------------- filenames

@pytest.mark.parametrize("name,expected", [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\windows\\win.ini", "win.ini"),
    ("C:\\Windows\\System32\\evil.dll", "evil.dll"),
    ("CON.txt", "_CON.txt"),
    ("con", "_con"),
    ("NUL", "_NUL"),
    ("com1.log", "_com1.log"),
    ("LPT9", "_LPT9"),
    ("console.txt", "console.txt"),
    ("invoice\u202efdp.exe", "invoicefdp.exe"),
    ("a\u200bb\u2066c\ufeffd.pdf", "abcd.pdf"),
    ("..", "attachment"),
    (".", "attachment"),
    ("", "attachment"),
    ("   ", "attachment"),
    ("/", "attachment"),
    (".hidden", "hidden"),
    ("report. ", "report"),
    ('what?<>|:*".txt', "what_______.txt"),
    ("line\r\nbreak.txt", "line break.txt"),
    ("Rechnung März.pdf", "Rechnung März.pdf"),
])
def test_sanitize_filename(name: str, expected: str) -> None:
    assert sanitize_filename(name) == expected


def test_sanitize_filename_caps_length_and_keeps_extension() -> None:
    out = sanitize_filename("a" * 296 + ".pdf")
    assert out.endswith(".pdf")
    assert len(out.encode("utf-8")) <= 200
    out = sanitize_filename("日本語" * 100 + ".jpg")
    assert out.endswith(".jpg") and len(out.encode("utf-8")) <= 200
    out.encode("utf-8")          # not cut inside a character


_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{d}" for p in ("COM", "LPT") for d in "0123456789"}


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=400))
def test_sanitize_filename_property(name: str) -> None:
    out = sanitize_filename(name)
    assert out
    assert "/" not in out and "\\" not in out
    assert not out.startswith(".") and not out.endswith((".", " "))
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") for c in out)
    assert not any(c in out for c in '<>:"|?*')
    assert out.split(".", 1)[0].rstrip(" ").upper() not in _RESERVED
    assert len(out.encode("utf-8")) <= 200
    assert sanitize_filename(out) == out


# ------------------------------------------------------------------------- language

SAMPLES = {
    "en": "Hello, I ordered this bottle ten days ago and the tracking has not moved. "
          "Can you tell me where my package is?",
    "de": "Guten Tag, ich habe die Ware vor zwei Wochen bestellt und sie ist immer noch "
          "nicht angekommen. Bitte teilen Sie mir mit, wann das Paket geliefert wird.",
    "fr": "Bonjour, j'ai reçu le colis mais l'article est abîmé : le couvercle est fêlé. "
          "Pourriez-vous m'envoyer un remplacement ?",
    "it": "Buongiorno, ho ordinato questo articolo due settimane fa e non è ancora "
          "arrivato. Potete dirmi dov'è il mio pacco?",
    "es": "Hola, pedí este artículo hace dos semanas y todavía no ha llegado. "
          "¿Dónde está mi paquete?",
    "ja": "お世話になっております。注文した商品がまだ届いていません。配送状況を教えていただけますか。",
    "zh": "你好，我两周前订购了这个商品，但是还没有收到。请告诉我包裹在哪里。",
    "nl": "Goedendag, ik heb dit artikel twee weken geleden besteld en het is nog steeds "
          "niet aangekomen. Waar is mijn pakket?",
    "pl": "Dzień dobry, zamówiłem ten produkt dwa tygodnie temu i nadal nie dotarł. "
          "Gdzie jest moja paczka?",
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_detect_language_of_typical_messages(lang: str) -> None:
    other = "de" if lang != "de" else "fr"
    assert detect_language(SAMPLES[lang], other) == lang
    assert detect_language(SAMPLES[lang], None) == lang


def test_japanese_with_kana_is_ja_even_when_the_fallback_is_zh() -> None:
    assert detect_language("商品が届きません", "zh") == "ja"
    assert detect_language("返品したいです。", None) == "ja"
    assert detect_language("ｶｲｼｬ ﾆ ﾚﾝﾗｸ ｼﾃｸﾀﾞｻｲ", "zh") == "ja"      # half-width katakana


def test_a_japanese_product_name_in_english_text_stays_en() -> None:
    text = "I bought the ポケモン card set two weeks ago and it still has not arrived."
    assert detect_language(text, "ja") == "en"


@pytest.mark.parametrize("text", [
    "", "   ", "ok", "Danke", "thanks!", "???", "113-1234567-1234567",
    "https://www.amazon.com/gp/help", "a@b.com", "返金", "12:30 15.06.2024",
])
def test_detect_language_returns_the_fallback_when_unsure(text: str) -> None:
    assert detect_language(text, "fr") == "fr"
    assert detect_language(text, None) is None


def test_a_close_second_fallback_wins_a_near_tie() -> None:
    text = "Hola, dónde está mi pedido"        # Spanish, but close to Portuguese
    assert detect_language(text, "es") == "es"
    assert detect_language(text, "pt") == "pt"


def test_detect_language_is_deterministic() -> None:
    results = {detect_language(SAMPLES["it"] + f" {i}", "en") for i in range(50)}
    assert results == {"it"}


def test_detect_language_answers_only_known_codes() -> None:
    assert detect_language("Merhaba, siparişim hâlâ gelmedi. Kargom nerede acaba?", None) == "tr"
    for text in SAMPLES.values():
        assert detect_language(text, None) in LANGUAGES


def test_detect_language_is_fast_and_flat_for_long_text() -> None:
    detect_language(SAMPLES["en"], None)                # load the model
    texts = list(SAMPLES.values()) * 50
    start = time.perf_counter()
    for text in texts:
        detect_language(text, "en")
    per_call = (time.perf_counter() - start) / len(texts)
    assert per_call < 0.001
    long_text = SAMPLES["de"] * 5000                    # ~700 kB
    start = time.perf_counter()
    assert detect_language(long_text, "en") == "de"
    assert time.perf_counter() - start < 0.05


def test_language_of_marketplace() -> None:
    expected = {"US": "en", "UK": "en", "DE": "de", "FR": "fr", "IT": "it", "ES": "es",
                "JP": "ja", "CA": "en", "MX": "es", "BR": "pt", "NL": "nl", "SE": "sv",
                "PL": "pl", "TR": "tr", "AU": "en", "IN": "en"}
    for market, lang in expected.items():
        assert LANGUAGE_OF_MARKETPLACE[market] == lang
    assert set(LANGUAGE_OF_MARKETPLACE.values()) <= set(LANGUAGES)
    for market in ("US", "DE", "UK", "FR", "IT", "ES", "JP", "CA", "MX", "BR", "NL", "SE",
                   "PL", "BE", "IE", "TR", "AE", "SA", "EG", "IN", "AU", "SG"):
        assert market in LANGUAGE_OF_MARKETPLACE


# ------------------------------------------------------------------- body helpers

FOOTER = ("For Your Information: To help arbitrate disputes and preserve trust and safety, "
          "we retain all messages.\n\nIf you believe this message is suspicious, please "
          "report it to us here: https://www.amazon.com/gp/communication-manager/report.html"
          "?msg=AF9E104T7W2Q2\n\n[commMgrTok:AF9E104T7W2Q2]\n")


def test_extract_buyer_text_between_markers() -> None:
    body = ("Order ID: 113-1234567-1234567:\n1 of Bottle [ASIN: B0X]\n\n"
            "------------- Begin message -------------\n\nWhere is it?\nJane\n\n"
            "------------- End message -------------\n\n" + FOOTER)
    assert extract_buyer_text(body) == "Where is it?\nJane"


def test_extract_buyer_text_any_number_of_dashes_and_bilingual_markers() -> None:
    body = ("-------------- Begin message / Début du message -------------\nBonjour\n"
            "-------------- End message / Fin du message --------------\n" + FOOTER)
    assert extract_buyer_text(body) == "Bonjour"
    body = "----- Begin message -----\nHi\n--- End message ---"
    assert extract_buyer_text(body) == "Hi"


def test_extract_buyer_text_drops_the_footer_without_markers() -> None:
    body = "We've been contacted by a customer regarding the order.\nOrder#: 1\n\n" + FOOTER
    assert extract_buyer_text(body) == ("We've been contacted by a customer regarding the "
                                        "order.\nOrder#: 1")


def test_extract_buyer_text_begin_without_end() -> None:
    body = "------------- Begin message -------------\nHello there\n\n" + FOOTER
    assert extract_buyer_text(body) == "Hello there"


def test_extract_buyer_text_leaves_other_bodies_alone() -> None:
    body = "Hello,\n\nwe would like to buy 200 bottles.\n\nChris"
    assert extract_buyer_text(body) == body


def test_html_to_text() -> None:
    markup = ("<html><head><title>T</title><style>p{color:red}</style></head><body>"
              "Hola,<br />pedí   este\nartículo.<br/>P&eacute;rez &amp; familia &lt;3&gt;"
              "<p>Second</p><script>alert(1)</script><table><tr><td>a</td><td>b</td></tr>"
              "</table></body></html>")
    assert html_to_text(markup) == "Hola,\npedí este artículo.\nPérez & familia <3>\nSecond\n\na\tb"
