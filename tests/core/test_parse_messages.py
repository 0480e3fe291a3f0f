"""Parsing buyer messages (.eml, .mbox, CSV) into plain records: no database involved.

Sample files: tests/data/messages/ (synthetic, written by make_samples.py there).
"""

from __future__ import annotations

import csv
import re
import time
from datetime import datetime, timedelta, timezone
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from warroom.domain.messages import detect_language, is_amazon_relay
from warroom.errors import BadInput, Cancelled
from warroom.importers.messages import PROGRESS_EVERY, parse_messages_file
from warroom.records import MessageRecord, ParseResult, SkippedRecord

DATA = Path(__file__).resolve().parents[1] / "data" / "messages"
ALL_SAMPLES = sorted(p for p in DATA.iterdir() if p.suffix in (".eml", ".mbox", ".csv"))


def one(name: str) -> MessageRecord:
    result = parse_messages_file(DATA / name)
    assert result.read == 1 and len(result.messages) == 1, result
    return result.messages[0]


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0,
        second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)


def _header_fields(m: MessageRecord) -> list[str]:
    return [m.subject, m.from_addr, m.from_name or "", m.to_addr or "", m.message_id or ""]


# ----------------------------------------------------------------------- every file

@pytest.mark.parametrize("path", ALL_SAMPLES, ids=lambda p: p.name)
def test_every_sample_keeps_the_invariants(path: Path) -> None:
    try:
        result = parse_messages_file(path, skip_bad=True)
    except BadInput:
        assert path.name == "wrong_header.csv"
        return
    assert isinstance(result, ParseResult) and result.kind == "messages"
    assert result.read == len(result.messages) + len(result.skipped)
    for m in result.messages:
        for value in _header_fields(m):
            assert not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", value), (path, value)
        assert m.received_at.utcoffset() == timedelta(0)
        assert m.from_addr == m.from_addr.lower() and "@" in m.from_addr
        assert "\x00" not in m.body and "\r" not in m.body
        assert not m.message_id or ("<" not in m.message_id and ">" not in m.message_id)
        for a in m.attachments:
            assert a.filename and "/" not in a.filename and "\\" not in a.filename


# -------------------------------------------------------------- Amazon relay, .eml

def test_english_relay_message() -> None:
    m = one("relay_en_shipping.eml")
    assert m.from_addr == "abcdefghjk12345@marketplace.amazon.com"
    assert m.from_name == "Jane Doe"
    assert m.to_addr == "orders@example-store.test"
    assert m.subject == ("Shipping inquiry from Amazon customer Jane Doe "
                         "(Order: 113-1234567-1234567)")
    assert m.received_at == utc(2024, 6, 10, 21, 3, 27)
    assert m.message_id == ("0100018f0a1b2c3d-11111111-2222-3333-4444-555555555555-000000"
                            "@email.amazonses.com")
    assert m.amazon_order_id == "113-1234567-1234567"
    assert m.body == ("Hello,\nI ordered this bottle ten days ago and the tracking has not "
                      "moved since Tuesday. Can you tell me where my package is?\nThanks, Jane")
    assert m.raw == (DATA / "relay_en_shipping.eml").read_bytes()
    assert m.source_ref == "relay_en_shipping.eml"
    assert m.problems == () and m.attachments == ()


def test_relay_body_drops_the_order_header_and_the_amazon_footer() -> None:
    for name in ("relay_en_shipping.eml", "relay_de_qp.eml", "relay_fr_latin1.eml",
                 "relay_it_base64.eml", "relay_es_html.eml", "relay_ja_sjis.eml"):
        body = one(name).body
        for boilerplate in ("Begin message", "End message", "For Your Information",
                            "commMgrTok", "communication-manager", "Order ID", "ASIN"):
            assert boilerplate not in body, (name, boilerplate)


def test_german_quoted_printable_and_encoded_subject() -> None:
    m = one("relay_de_qp.eml")
    assert m.subject == ("Anfrage zur Lieferung von Amazon-Kunde Max Mustermann "
                         "(Bestellung: 302-7654321-7654321)")
    assert "angekommen" in m.body and "Rückerstattung" in m.body and "Grüßen" in m.body
    assert m.received_at == utc(2024, 6, 11, 7, 15)
    assert m.amazon_order_id == "302-7654321-7654321"
    assert detect_language(m.body, "en") == "de"


def test_french_iso_8859_1() -> None:
    m = one("relay_fr_latin1.eml")
    assert m.subject.endswith("- article abîmé")
    assert "l'article est abîmé : le couvercle est fêlé" in m.body
    assert m.from_name == "Marie Dupont"
    assert detect_language(m.body, "en") == "fr"


def test_italian_base64() -> None:
    m = one("relay_it_base64.eml")
    assert m.body.startswith("Buongiorno,\nho ordinato questo articolo")
    assert "non è ancora arrivato" in m.body
    assert m.problems == ()
    assert detect_language(m.body, "en") == "it"


def test_spanish_html_only_body() -> None:
    m = one("relay_es_html.eml")
    assert m.body == ("Hola,\npedí este artículo hace dos semanas y todavía no ha llegado.\n"
                      "¿Dónde está mi paquete? Necesito el reembolso si no llega esta semana.\n"
                      "Saludos,\nJuan Pérez & familia")
    assert "<" not in m.body and "color" not in m.body
    assert m.amazon_order_id == "403-4567890-4567890"
    assert detect_language(m.body, "en") == "es"


def test_japanese_shift_jis_body_and_iso_2022_jp_subject() -> None:
    m = one("relay_ja_sjis.eml")
    assert m.subject == ("Amazonのお客様 山田 太郎 からの配送に関するお問い合わせ "
                         "(注文番号: 503-5678901-5678901)")
    assert m.body == ("お世話になっております。\n注文した商品がまだ届いていません。"
                      "配送状況を教えていただけますか。\n届かない場合は返金をお願いします。\n山田")
    assert m.received_at == utc(2024, 6, 15, 1, 5)
    assert m.problems == ()
    assert detect_language(m.body, "zh") == "ja"


def test_iso_2022_jp_body_plus_alias_and_no_name() -> None:
    m = one("relay_ja_iso2022jp_noname.eml")
    assert m.body == "商品が届きません。\n注文番号をご確認の上、至急ご連絡ください。"
    assert m.from_addr == "asdfghjklqwerty+1a2b3c4d@marketplace.amazon.co.jp"
    assert is_amazon_relay(m.from_addr)
    assert m.from_name is None
    # the double-space no-name subject, made single-line
    assert m.subject == "Order delivery inquiry from Amazon customer (Order: 504-6789012-6789012)"
    assert m.amazon_order_id == "504-6789012-6789012"


def test_pre_sale_question_has_no_order_id() -> None:
    m = one("relay_presale.eml")
    assert m.amazon_order_id is None
    assert m.body.startswith("Hi, is the 750ml bottle dishwasher safe?")


def test_reply_keeps_the_quoted_turn() -> None:
    m = one("relay_reply.eml")
    assert m.subject.startswith("RE: Exchange request for order")
    assert m.amazon_order_id == "113-1234567-1234567"
    assert "--- Original message ---" in m.body


def test_amazon_ca_bilingual_markers() -> None:
    m = one("relay_ca_bilingual.eml")
    assert m.body == "Bonjour, Hello,\nCan I return the bottle? It leaks.\nMerci"
    assert m.amazon_order_id == "702-1111111-2222222"


def test_order_id_from_the_body_when_the_subject_has_none(tmp_path: Path) -> None:
    path = tmp_path / "m.eml"
    path.write_bytes(b"From: a@marketplace.amazon.com\nDate: Mon, 1 Jul 2024 10:00:00 +0000\n"
                     b"Subject: Inquiry from Amazon customer A\n\nOrder ID: 111-2222222-3333333:\n"
                     b"------------- Begin message -------------\nhelp\n"
                     b"------------- End message -------------\n")
    m = parse_messages_file(path).messages[0]
    assert m.amazon_order_id == "111-2222222-3333333"
    assert m.body == "help"


def test_plain_non_amazon_email_with_crlf() -> None:
    m = one("plain_non_amazon.eml")
    assert m.from_addr == "chris.example@example.org"
    assert m.from_name == "Chris Example"
    assert not is_amazon_relay(m.from_addr)
    assert m.body == "Hello,\nwe would like to buy 200 bottles. Do you offer a discount?\n\nChris"
    assert m.amazon_order_id is None
    assert m.message_id == "plain-0001@example.org"


# ------------------------------------------------------------------ hostile input

def test_encoded_newline_in_subject_cannot_inject_headers() -> None:
    m = one("injection_subject.eml")
    assert m.subject == "hi Bcc: x@example.com"
    # an encoded CR/LF (and an address) inside the display name does not move the sender
    assert m.from_addr == "evevevevevevev1@marketplace.amazon.com"
    assert m.from_name == "Eve Bcc: victim@example.com"
    assert m.to_addr == "shop@example-store.test"
    for value in _header_fields(m):
        assert "\n" not in value and "\r" not in value


def test_the_exact_injection_subject(tmp_path: Path) -> None:
    path = tmp_path / "x.eml"
    path.write_bytes(b"From: a@example.com\nDate: Mon, 1 Jul 2024 10:00:00 +0000\n"
                     b"Subject: =?utf-8?q?hi=0ABcc:_x@example.com?=\n"
                     b"Message-ID: <id\n with-space@x>\n\nbody\n")
    m = parse_messages_file(path).messages[0]
    assert m.subject == "hi Bcc: x@example.com"
    assert m.message_id == "idwith-space@x"


def test_unknown_charset_is_a_problem_not_a_failure() -> None:
    m = one("unknown_charset.eml")
    assert m.body.startswith("Where is my parcel? Caf")
    assert "mug still missing." in m.body
    assert any("x-unknown-42" in p for p in m.problems)
    assert m.amazon_order_id == "113-4444444-5555555"


def test_missing_mime_boundary_keeps_the_text() -> None:
    m = one("missing_boundary.eml")
    assert "My order never came, please refund." in m.body
    assert any("boundary" in p for p in m.problems)


def test_broken_base64_keeps_what_decodes() -> None:
    m = one("broken_base64.eml")
    assert m.body == "Please refund my order, the item is broken.!!"
    assert any("invalid characters" in p for p in m.problems)
    assert any("truncated" in p for p in m.problems)


def test_unusable_charset_bytes_are_replaced_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad-utf8.eml"
    path.write_bytes(b"From: a@example.com\nDate: Mon, 1 Jul 2024 10:00:00 +0000\n"
                     b"Content-Type: text/plain; charset=utf-8\n\nabc \xff\xfe def\n")
    m = parse_messages_file(path).messages[0]
    assert m.body == "abc \ufffd\ufffd def"
    assert any("utf-8" in p for p in m.problems)


def test_iso_8859_1_label_decodes_windows_1252_characters(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.eml"
    path.write_bytes(b"From: a@example.com\nDate: Mon, 1 Jul 2024 10:00:00 +0000\n"
                     b"Content-Type: text/plain; charset=iso-8859-1\n\n\x80 12 \x93ok\x94 caf\xe9\n")
    assert parse_messages_file(path).messages[0].body == "€ 12 “ok” café"


def test_raw_utf8_headers_are_decoded(tmp_path: Path) -> None:
    path = tmp_path / "utf8.eml"
    path.write_bytes("From: Jürgen Müller <j@example.de>\nSubject: Grüße\n"
                     "Date: Mon, 1 Jul 2024 10:00:00 +0000\n\nHallo\n".encode("utf-8"))
    m = parse_messages_file(path).messages[0]
    assert m.from_name == "Jürgen Müller" and m.subject == "Grüße"


def test_deeply_nested_multipart_does_not_crash(tmp_path: Path) -> None:
    depth = 60
    head = b"From: a@example.com\nDate: Mon, 1 Jul 2024 10:00:00 +0000\n"
    body = b""
    for level in range(depth):
        body += f'Content-Type: multipart/mixed; boundary="b{level}"\n\n--b{level}\n'.encode()
    body += b"Content-Type: text/plain\n\ndeep text\n"
    for level in reversed(range(depth)):
        body += f"--b{level}--\n".encode()
    path = tmp_path / "deep.eml"
    path.write_bytes(head + body)
    result = parse_messages_file(path, skip_bad=True)
    assert result.read == 1
    assert len(result.messages) + len(result.skipped) == 1


def test_200000_character_body() -> None:
    m = one("long_body.eml")
    raw_body = (DATA / "long_body.eml").read_bytes().split(b"\n\n", 1)[1].decode()
    assert len(raw_body) == 200_000
    assert m.body == raw_body.strip()
    assert len(m.body) > 199_900
    assert m.amazon_order_id == "113-1212121-3434343"


# -------------------------------------------------------------------- attachments

def test_attachments_are_extracted_and_the_alternative_is_not_duplicated() -> None:
    m = one("relay_with_attachment.eml")
    assert m.body == "The bottle arrived dented, see the photo attached."
    assert [(a.filename, a.content_type) for a in m.attachments] == [
        ("dented bottle.jpg", "image/jpeg"), ("Rechnung März.pdf", "application/pdf")]
    assert m.attachments[0].data == bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")
    assert m.attachments[1].data == b"%PDF-1.4\n% synthetic test file\n%%EOF\n"


def test_hostile_attachment_names_are_sanitized() -> None:
    m = one("hostile_attachments.eml")
    names = [a.filename for a in m.attachments]
    assert names[0] == "passwd"
    assert names[1] == "_CON.txt"
    assert names[2] == "invoicefdp.exe"                   # the RLO is gone
    assert names[3] == "attachment"                       # ".."
    assert names[4].startswith("attachment")              # empty name
    assert names[5].endswith(".pdf") and len(names[5].encode()) <= 200
    assert names[6] == "evil.dll"
    assert names[7] == "hidden"
    assert [a.data for a in m.attachments] == [f"payload {i}".encode() for i in range(8)]


def test_attached_message_and_unnamed_inline_image(tmp_path: Path) -> None:
    path = tmp_path / "fwd.eml"
    path.write_bytes(
        b"From: a@example.com\nDate: Mon, 1 Jul 2024 10:00:00 +0000\n"
        b'Content-Type: multipart/mixed; boundary="XX"\n\n'
        b"--XX\nContent-Type: text/plain\n\nsee below\n"
        b"--XX\nContent-Type: message/rfc822\n\n"
        b"From: b@example.com\nSubject: inner\n\ninner body\n"
        b"--XX\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n"
        b"--XX--\n")
    m = parse_messages_file(path).messages[0]
    assert m.body == "see below"
    assert [(a.filename, a.content_type) for a in m.attachments] == [
        ("attachment-1.eml", "message/rfc822"), ("attachment-2.png", "image/png")]
    assert b"inner body" in m.attachments[0].data
    assert m.attachments[1].data == b"\x89PNG\r\n\x1a\n"


# ------------------------------------------------------------------- bad records

@pytest.mark.parametrize("name,field,message_id", [
    ("no_date.eml", "Date", "nodate@example.test"), ("bad_date.eml", "Date", None),
    ("no_from.eml", "From", None)])
def test_bad_eml_is_refused_naming_file_and_field(name: str, field: str,
                                                  message_id: str | None) -> None:
    with pytest.raises(BadInput) as info:
        parse_messages_file(DATA / name)
    assert info.value.field == field
    assert info.value.file == str(DATA / name)
    assert name in str(info.value)
    if message_id:
        assert f"record message 1 (Message-ID <{message_id}>)" in str(info.value)
    result = parse_messages_file(DATA / name, skip_bad=True)
    assert result.read == 1 and result.messages == []
    assert result.skipped == [SkippedRecord(line="message 1", field=field,
                                            reason=result.skipped[0].reason,
                                            message_id=message_id)]


def test_date_before_1971_is_unusable(tmp_path: Path) -> None:
    path = tmp_path / "old.eml"
    path.write_bytes(b"From: a@example.com\nDate: Mon, 1 Jan 1900 10:00:00 +0000\n\nx\n")
    with pytest.raises(BadInput) as info:
        parse_messages_file(path)
    assert info.value.field == "Date"


def test_date_without_zone_is_utc(tmp_path: Path) -> None:
    path = tmp_path / "nozone.eml"
    path.write_bytes(b"From: a@example.com\nDate: Mon, 1 Jul 2024 10:00:00 -0000\n\nx\n")
    assert parse_messages_file(path).messages[0].received_at == utc(2024, 7, 1, 10)


# --------------------------------------------------------------------------- mbox

def test_mbox_messages_escaping_and_from_line_date() -> None:
    result = parse_messages_file(DATA / "mailbox.mbox")
    assert result.format == "mbox" and result.read == 4 and result.skipped == []
    first, second, third, fourth = result.messages
    assert [m.source_ref for m in result.messages] == [
        f"mailbox.mbox#{i}" for i in range(1, 5)]
    # mboxrd un-escaping: one '>' less, in the body and in raw
    assert first.raw is not None
    assert first.body == ("First message.\nFrom the tracking page it looks stuck.\n"
                          ">From here on quoted.")
    assert b"\nFrom the tracking page" in first.raw and b">From the" not in first.raw
    assert first.raw.startswith(b"From: ") and first.raw.endswith(b">From here on quoted.\n")
    # no Date header: the From_ line date is used, and said so
    assert second.received_at == utc(2024, 7, 2, 11)
    assert any("From " in p for p in second.problems)
    assert second.subject == "Rücksendung (Bestellung: 302-7654321-7654321)"
    # "From now on ..." after a blank line has no date: it is text, not a separator
    assert third.body == "Third message.\n\nFrom now on I will write through Amazon only."
    assert fourth.body == "返品したいです。"
    assert fourth.received_at == utc(2024, 7, 4, 4)
    assert fourth.subject == "返品について (Order: 503-5678901-5678901)"


def test_mbox_raw_is_the_message_between_separators() -> None:
    data = (DATA / "mailbox.mbox").read_bytes()
    result = parse_messages_file(DATA / "mailbox.mbox")
    # each raw re-escaped and joined with its From_ line gives back the file
    rebuilt = b""
    from_lines = [line + b"\n" for line in data.split(b"\n") if line.startswith(b"From ")
                  and re.search(rb"\d:\d\d", line)]
    for line, m in zip(from_lines, result.messages, strict=True):
        assert m.raw is not None
        escaped = re.sub(rb"(?m)^(>*From )", rb">\1", m.raw)
        rebuilt += line + escaped + (b"\n" if m is not result.messages[-1] else b"")
    # the file's one unescaped body line (mboxo style) comes back escaped
    assert rebuilt == data.replace(b"\n\nFrom now on", b"\n\n>From now on")


def test_mbox_with_crlf_and_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "crlf.mbox"
    path.write_bytes(b"\xef\xbb\xbfFrom a@example.com Mon Jul  1 10:00:00 2024\r\n"
                     b"From: a@example.com\r\nDate: Mon, 1 Jul 2024 10:00:00 +0000\r\n\r\n"
                     b"one\r\n\r\n"
                     b"From b@example.com Mon Jul  1 11:00:00 2024\r\n"
                     b"From: b@example.com\r\nDate: Mon, 1 Jul 2024 11:00:00 +0000\r\n\r\n"
                     b"two\r\n")
    result = parse_messages_file(path)
    assert [m.body for m in result.messages] == ["one", "two"]
    assert result.messages[0].raw is not None
    assert result.messages[0].raw.endswith(b"one\r\n")


def test_mbox_bad_record_is_refused_or_skipped() -> None:
    with pytest.raises(BadInput) as info:
        parse_messages_file(DATA / "bad_record.mbox")
    assert info.value.record == "message 2" and info.value.field == "From"
    result = parse_messages_file(DATA / "bad_record.mbox", skip_bad=True)
    assert result.read == 3
    assert [m.subject for m in result.messages] == ["one", "three"]
    assert result.skipped == [SkippedRecord("message 2", "From", "no usable sender address")]


# ---------------------------------------------------------------------------- CSV

def test_csv_messages() -> None:
    result = parse_messages_file(DATA / "messages.csv")
    assert result.format == "csv" and result.read == 4 and result.skipped == []
    a, b, c, d = result.messages
    assert a.body == 'Hello,\nwhere is my "express" parcel?\nJane'
    assert a.amazon_order_id == "113-1234567-1234567"
    assert a.received_at == utc(2024, 6, 10, 21, 3, 27)
    assert a.raw is None and a.message_id is None
    assert [m.source_ref for m in result.messages] == [
        "messages.csv:2", "messages.csv:5", "messages.csv:6", "messages.csv:8"]
    assert b.from_addr == "qwertzuiopasdfg@marketplace.amazon.de"
    assert b.from_name == "Max Mustermann"
    assert b.received_at == utc(2024, 6, 11, 7, 15)
    assert b.amazon_order_id == "302-7654321-7654321"        # from the subject
    assert b.body == "Grüße aus München, wo bleibt mein Paket?"
    assert c.amazon_order_id == "503-5678901-5678901"        # from the body
    assert d.amazon_order_id is None


def test_csv_bad_rows_skipped_with_line_and_field() -> None:
    result = parse_messages_file(DATA / "bad_rows.csv", skip_bad=True)
    assert result.read == 8
    assert [m.subject for m in result.messages] == ["good one", "last good one"]
    assert [(s.line, s.field) for s in result.skipped] == [
        (3, "received_at"), (4, "received_at"), (5, "from"), (6, "order_id"),
        (7, None), (8, None)]
    assert result.messages[1].source_ref == "bad_rows.csv:9"
    assert result.messages[1].body == "multi\nline"


def test_csv_bad_row_without_skip_bad_names_the_line() -> None:
    with pytest.raises(BadInput) as info:
        parse_messages_file(DATA / "bad_rows.csv")
    assert info.value.record == 3 and info.value.field == "received_at"
    assert "bad_rows.csv, line 3" in str(info.value)


def test_csv_wrong_header_refuses_the_file() -> None:
    with pytest.raises(BadInput) as info:
        parse_messages_file(DATA / "wrong_header.csv", skip_bad=True)
    assert info.value.field == "header"
    assert "order_id,received_at,from,subject,body" in str(info.value)


def test_csv_nul_byte_is_removed_and_reported() -> None:
    m = one("nul_byte.csv")
    assert m.body == "beforeafter"
    assert m.problems and "control" in m.problems[0]


def test_csv_invalid_utf8_row_is_a_bad_record(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(b"order_id,received_at,from,subject,body\n"
                     b",2024-06-10T21:03:27Z,a@example.org,ok,fine\n"
                     b",2024-06-10T21:03:27Z,a@example.org,bad,caf\xe9\n")
    result = parse_messages_file(path, skip_bad=True)
    assert [m.body for m in result.messages] == ["fine"]
    assert result.skipped == [SkippedRecord(3, "body", "not valid UTF-8")]


def test_csv_bom_blank_lines_and_unterminated_quote(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes("\ufefforder_id,received_at,from,subject,body\n\n"
                     ",2024-06-10T21:03:27+05:30,Tom <TOM@Example.org>,s,b\n\n"
                     ',2024-06-10T21:03:27Z,a@example.org,s,"never closed\n'.encode("utf-8"))
    result = parse_messages_file(path, skip_bad=True)
    assert result.read == 2
    assert result.messages[0].from_addr == "tom@example.org"
    assert result.messages[0].from_name == "Tom"
    assert result.messages[0].received_at == utc(2024, 6, 10, 15, 33, 27)
    assert result.skipped[0].line == 5


def test_csv_full_width_order_id_is_normalized(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes("order_id,received_at,from,subject,body\n"
                     "１１３－１２３４５６７－１２３４５６７,2024-06-10T21:03:27Z,a@example.org,s,b\n"
                     .encode("utf-8"))
    assert parse_messages_file(path).messages[0].amazon_order_id == "113-1234567-1234567"


# ----------------------------------------------------------------- file formats

def test_format_comes_from_content_not_extension(tmp_path: Path) -> None:
    for source, fmt in (("mailbox.mbox", "mbox"), ("messages.csv", "csv"),
                        ("relay_en_shipping.eml", "eml")):
        target = tmp_path / f"{fmt}-export.txt"
        target.write_bytes((DATA / source).read_bytes())
        assert parse_messages_file(target).format == fmt


@pytest.mark.parametrize("content", [b"", b"\n\n", b"Dear diary,\nnot an e-mail.\n",
                                     b"\x89PNG\r\n\x1a\n\x00\x00", b"a,b,c\n1,2,3\n"])
def test_anything_else_is_refused_naming_the_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "other.dat"
    path.write_bytes(content)
    with pytest.raises(BadInput) as info:
        parse_messages_file(path, skip_bad=True)
    assert info.value.file == str(path)
    assert str(path) in str(info.value)


def test_missing_file_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput) as info:
        parse_messages_file(tmp_path / "nope.eml")
    assert "nope.eml" in str(info.value)


# ----------------------------------------------------------------------- progress

def _write_mbox(path: Path, count: int) -> None:
    template = (DATA / "relay_en_shipping.eml").read_bytes()
    with path.open("wb") as handle:
        for i in range(count):
            handle.write(b"From abc@marketplace.amazon.com Mon Jul  1 10:00:00 2024\n")
            handle.write(template.replace(b"<0100018f", f"<{i}-0100018f".encode()))
            handle.write(b"\n")


def _write_csv(path: Path, count: int) -> None:
    bodies = ["Hello, where is my parcel?\nI ordered it two weeks ago.",
              'Bonjour, le colis est "abîmé".', "注文した商品がまだ届いていません。"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["order_id", "received_at", "from", "subject", "body"])
        for i in range(count):
            oid = f"113-{i % 10**7:07d}-1234567" if i % 2 else ""
            sender = (f"b{i:014d}@marketplace.amazon.com" if i % 3
                      else f'"Buyer {i} - Amazon Marketplace" <b{i:014d}@marketplace.amazon.com>')
            writer.writerow([oid, f"2024-06-10T{i % 24:02d}:00:00Z", sender,
                             f"Inquiry from Amazon customer (Order: 114-{i % 10**7:07d}-7654321)",
                             bodies[i % 3]])


def test_progress_every_500_messages_then_the_total(tmp_path: Path) -> None:
    path = tmp_path / "p.mbox"
    _write_mbox(path, 1200)
    calls: list[tuple[int, int | None, str]] = []
    result = parse_messages_file(path, progress=lambda d, t, s: calls.append((d, t, s)))
    assert result.read == 1200
    assert calls == [(500, None, "parsing"), (1000, None, "parsing"), (1200, 1200, "parsing")]
    assert PROGRESS_EVERY == 500

    csv_path = tmp_path / "p.csv"
    _write_csv(csv_path, 1000)
    calls.clear()
    parse_messages_file(csv_path, progress=lambda d, t, s: calls.append((d, t, s)))
    assert calls == [(500, None, "parsing"), (1000, None, "parsing"), (1000, 1000, "parsing")]


@pytest.mark.parametrize("kind", ["mbox", "csv"])
def test_cancel_from_the_progress_callback_propagates(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"c.{kind}"
    (_write_mbox if kind == "mbox" else _write_csv)(path, 1100)
    seen: list[int] = []

    def cancel(done: int, total: int | None, stage: str) -> None:
        seen.append(done)
        if done >= 500:
            raise Cancelled()

    with pytest.raises(Cancelled):
        parse_messages_file(path, progress=cancel)
    assert seen == [500]


# -------------------------------------------------------------------------- speed

@pytest.mark.slow
def test_csv_of_200000_messages_parses_in_seconds(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    _write_csv(path, 200_000)
    start = time.perf_counter()
    result = parse_messages_file(path)
    elapsed = time.perf_counter() - start
    assert len(result.messages) == 200_000 and result.skipped == []
    assert elapsed < 12, f"200,000 CSV messages took {elapsed:.1f}s"


@pytest.mark.slow
def test_mbox_adds_little_to_the_email_parser(tmp_path: Path) -> None:
    count = 2000
    path = tmp_path / "big.mbox"
    _write_mbox(path, count)
    raw = (DATA / "relay_en_shipping.eml").read_bytes()
    parser = BytesParser(policy=policy.default)
    start = time.perf_counter()
    for _ in range(count):
        parser.parsebytes(raw)
    bare = time.perf_counter() - start
    start = time.perf_counter()
    result = parse_messages_file(path)
    ours = time.perf_counter() - start
    assert len(result.messages) == count
    assert ours < bare * 2.5 + 0.5, f"bare parser {bare:.2f}s, parse_messages_file {ours:.2f}s"
