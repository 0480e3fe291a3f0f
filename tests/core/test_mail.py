"""SMTP dispatch (warroom.mail) against a real SMTP server on loopback (aiosmtpd).

Every server is started by the ``smtp_server`` fixture on 127.0.0.1 and a free port,
and stopped at teardown.  Retries use an injected sleep, so nothing here waits.
"""

from __future__ import annotations

import logging
import shutil
import socket
import ssl
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Callable

import pytest

import aiosmtpd.controller as aiosmtpd_controller  # a test dependency: a real SMTP server on loopback
from aiosmtpd.smtp import AuthResult, LoginPassword  # noqa: E402

import warroom.clock  # noqa: E402
from warroom import mail  # noqa: E402
from warroom.errors import BadInput  # noqa: E402
from warroom.mail import (  # noqa: E402
    MailSettings,
    SendResult,
    build_reply,
    check_address,
    header_safe,
    reply_subject,
    send,
)

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")

LOOPBACK = "127.0.0.1"
RELAY = "k7x2mq9d3pz1abc@marketplace.amazon.de"
SHOP = "service@shop.example.com"
PASSWORD = "s3cret-Pa55word!"
INJECTION = "=?utf-8?q?hi=0ABcc:_x@example.com?="
GERMAN = "Guten Tag, Ihre Rückerstattung für die Größe XL ist veranlasst. Grüße aus München – Ihr Team."
JAPANESE = "ご注文ありがとうございます。返金手続きを完了いたしました。ご不便をおかけして申し訳ございません。"
BODY = f"{GERMAN}\n.\nFrom the warehouse: {JAPANESE}\n  indented line with trailing space \n{'Ä' * 120}\n"


# --------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


@dataclass
class Collector:
    """aiosmtpd handler: keeps every accepted envelope; answers scripted replies."""

    data_replies: list[str] = field(default_factory=list)   # popped per DATA; empty: 250
    rcpt_reply: str | None = None                            # e.g. "550 ..." for every RCPT
    envelopes: list[Any] = field(default_factory=list)
    data_calls: int = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.data_calls += 1
        if self.data_replies:
            reply = self.data_replies.pop(0)
            if not reply.startswith("250"):
                return reply
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@dataclass
class Server:
    handler: Collector
    port: int
    auth_calls: list[tuple[str, str, str]]

    def settings(self, **overrides: Any) -> MailSettings:
        values: dict[str, Any] = dict(host=LOOPBACK, port=self.port, security="none", from_addr=SHOP, timeout=5.0)
        values.update(overrides)
        return MailSettings(**values)


@pytest.fixture
def smtp_server() -> Callable[..., Server]:
    """Factory: ``smtp_server(handler=None, password=None, **controller_kwargs)``.

    With ``password`` the server offers AUTH (LOGIN/PLAIN, allowed without TLS) and
    accepts user ``shop`` with that password; every AUTH attempt is recorded.
    """
    controllers: list[Any] = []

    def start(handler: Collector | None = None, *, password: str | None = None,
              auth_message: str | None = None, **kwargs: Any) -> Server:
        handler = handler or Collector()
        calls: list[tuple[str, str, str]] = []
        if password is not None:
            def authenticator(server, session, envelope, mechanism, auth_data):  # noqa: ANN001
                assert isinstance(auth_data, LoginPassword)
                login = auth_data.login.decode()
                given = auth_data.password.decode()
                calls.append((mechanism, login, given))
                if login == "shop" and given == password:
                    return AuthResult(success=True)
                return AuthResult(success=False, handled=False, message=auth_message)

            kwargs.setdefault("authenticator", authenticator)
            kwargs.setdefault("auth_require_tls", False)
        port = free_port()
        controller = aiosmtpd_controller.Controller(handler, hostname=LOOPBACK, port=port, **kwargs)
        controller.start()
        controllers.append(controller)
        return Server(handler, port, calls)

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def fixed_now(monkeypatch) -> datetime:
    when = datetime(2026, 11, 23, 19, 14, 57, tzinfo=timezone.utc)
    monkeypatch.setattr(warroom.clock, "now", lambda: when)
    return when


def parsed(envelope: Any) -> EmailMessage:
    return message_from_bytes(envelope.content, policy=email_policy.default)  # type: ignore[return-value]


def reply(settings: MailSettings, **kwargs: Any) -> EmailMessage:
    values: dict[str, Any] = dict(to_addr=RELAY, subject="Re: Ihre Bestellung 303-1234567-1234567", body=BODY)
    values.update(kwargs)
    return build_reply(settings=settings, **values)


# --------------------------------------------------------------------------- sending


def test_successful_send_delivers_one_intact_message(smtp_server, sleeps, fixed_now):
    server = smtp_server()
    settings = server.settings()
    original = "<0102018f2a3b4c5d-e6f7a8b9-1234-5678-9abc-def012345678-000000@eu-west-1.amazonses.com>"
    msg = reply(settings, subject=reply_subject("Frage zu ご注文 303-1234567-1234567"), in_reply_to=original)

    result = send(msg, settings, sleep=sleeps.append)

    assert isinstance(result, SendResult)
    assert result.ok and result.error is None
    assert result.attempts == 1 and sleeps == []
    assert result.sent_at == fixed_now
    assert len(server.handler.envelopes) == 1
    env = server.handler.envelopes[0]
    assert env.mail_from == SHOP
    assert env.rcpt_tos == [RELAY]
    assert env.content == result.raw              # what the server got is what we report
    got = parsed(env)
    assert got.get_all("To") == [RELAY]
    assert got.get_all("Subject") == ["Re: Frage zu ご注文 303-1234567-1234567"]
    assert got["Message-ID"] == result.message_id
    assert result.message_id.startswith("<") and result.message_id.endswith("@shop.example.com>")
    assert got["Date"] == "Mon, 23 Nov 2026 19:14:57 +0000"
    assert got["In-Reply-To"] == original and got["References"] == original
    assert got["Auto-Submitted"] is None
    assert got.get_content_type() == "text/plain"
    assert got.get_content_charset() == "utf-8"
    assert got["Content-Transfer-Encoding"] == "quoted-printable"
    text = got.get_content().replace("\r\n", "\n")   # the parser keeps the wire's CRLF
    assert GERMAN in text and JAPANESE in text
    assert text == BODY                            # intact: the "." line and the trailing space too
    # the long message id is not folded into encoded words
    assert f"In-Reply-To: {original}\r\n".encode() in result.raw
    assert all(len(line) <= 998 for line in result.raw.split(b"\r\n"))
    assert result.raw.isascii()                    # quoted-printable: no 8BITMIME needed


def test_injected_subject_stays_one_subject_without_bcc(smtp_server, sleeps):
    server = smtp_server()
    settings = server.settings()
    decoded = str(email_policy.default.header_factory("subject", INJECTION))
    assert decoded == "hi\nBcc: x@example.com"     # what the buyer's mail header decodes to

    for subject in (decoded, INJECTION, reply_subject(INJECTION), "hi\r\nBcc: x@example.com"):
        result = send(reply(settings, subject=subject), settings, sleep=sleeps.append)
        assert result.ok, result.error
        env = server.handler.envelopes[-1]
        assert env.rcpt_tos == [RELAY]
        got = parsed(env)
        subjects = got.get_all("Subject")
        assert len(subjects) == 1 and "\n" not in subjects[0] and "\r" not in subjects[0]
        assert subjects[0] in ("hi Bcc: x@example.com", "Re: hi Bcc: x@example.com")
        assert got.get_all("Bcc") is None and got.get_all("Cc") is None
        lines = env.content.split(b"\r\n")
        assert not [line for line in lines if line.lower().startswith(b"bcc:")]
        assert not [line for line in env.content.splitlines() if line.lower().startswith(b"bcc:")]
    assert len(server.handler.envelopes) == 4


def test_hand_built_message_with_encoded_newline_is_refused(smtp_server, sleeps):
    """The library bug itself: a message built outside build_reply is checked by send()."""
    server = smtp_server()
    settings = server.settings()
    msg = reply(settings)
    del msg["Subject"]
    msg["Subject"] = INJECTION                     # 3.11.7 decodes this to "hi\nBcc: ..." and writes it raw
    with pytest.raises(BadInput, match="injection"):
        send(msg, settings, sleep=sleeps.append)
    msg = reply(settings)
    msg["Bcc"] = "x@example.com"
    with pytest.raises(BadInput, match="Bcc"):
        send(msg, settings, sleep=sleeps.append)
    assert server.handler.data_calls == 0


def test_refused_connection_is_retried_then_reported(sleeps, caplog):
    settings = MailSettings(host=LOOPBACK, port=free_port(), security="none", from_addr=SHOP,
                            username="shop", password=PASSWORD, timeout=2.0)
    msg = reply(settings)
    caplog.set_level(logging.DEBUG)

    result = send(msg, settings, sleep=sleeps.append)

    assert result.ok is False
    assert result.attempts == 3
    assert sleeps == [1.0, 2.0]
    assert result.sent_at is None
    assert "connection" in result.error and "refused" in result.error and str(settings.port) in result.error
    assert result.message_id == msg["Message-ID"]
    assert result.raw.startswith(b"From: ")
    assert PASSWORD not in result.error and PASSWORD not in caplog.text


def test_temporary_451_is_retried_and_then_succeeds(smtp_server, sleeps):
    server = smtp_server(Collector(data_replies=["451 4.3.0 Please try again later"]))
    settings = server.settings()

    result = send(reply(settings), settings, backoff=0.5, sleep=sleeps.append)

    assert result.ok, result.error
    assert result.attempts == 2
    assert sleeps == [0.5]
    assert server.handler.data_calls == 2
    assert len(server.handler.envelopes) == 1      # delivered once
    assert parsed(server.handler.envelopes[0])["Message-ID"] == result.message_id


def test_temporary_failures_stop_after_the_bounded_attempts(smtp_server, sleeps):
    server = smtp_server(Collector(data_replies=["421 4.7.0 busy"] * 5))
    settings = server.settings()

    result = send(reply(settings), settings, attempts=2, sleep=sleeps.append)

    assert not result.ok and result.attempts == 2 and sleeps == [1.0]
    assert "421" in result.error
    assert server.handler.envelopes == []


def test_permanent_550_is_not_retried(smtp_server, sleeps):
    server = smtp_server(Collector(rcpt_reply="550 5.1.1 Mailbox does not exist"))
    settings = server.settings()

    result = send(reply(settings), settings, sleep=sleeps.append)

    assert result.ok is False
    assert result.attempts == 1 and sleeps == []
    assert "550" in result.error and RELAY in result.error
    assert server.handler.envelopes == []


def test_permanent_554_after_data_is_not_retried(smtp_server, sleeps):
    server = smtp_server(Collector(data_replies=["554 5.7.1 Message rejected"]))
    settings = server.settings()

    result = send(reply(settings), settings, sleep=sleeps.append)

    assert not result.ok and result.attempts == 1 and sleeps == []
    assert "554" in result.error
    assert server.handler.data_calls == 1


# --------------------------------------------------------------------------- AUTH


def test_auth_used_when_username_set(smtp_server, sleeps):
    server = smtp_server(password=PASSWORD, auth_required=True)
    settings = server.settings(username="shop", password=PASSWORD)

    result = send(reply(settings), settings, sleep=sleeps.append)

    assert result.ok, result.error
    assert [(login, given) for _, login, given in server.auth_calls] == [("shop", PASSWORD)]
    assert len(server.handler.envelopes) == 1
    assert PASSWORD.encode() not in result.raw


def test_no_auth_without_username(smtp_server, sleeps):
    server = smtp_server(password=PASSWORD)          # AUTH offered, not required
    settings = server.settings(username="", password=PASSWORD)

    result = send(reply(settings), settings, sleep=sleeps.append)

    assert result.ok, result.error
    assert server.auth_calls == []
    assert len(server.handler.envelopes) == 1


def test_failed_auth_is_permanent_and_hides_the_password(smtp_server, sleeps, caplog):
    caplog.set_level(logging.DEBUG)
    server = smtp_server(password="the-right-one", auth_required=True)
    settings = server.settings(username="shop", password=PASSWORD)

    result = send(reply(settings), settings, sleep=sleeps.append)

    assert result.ok is False
    assert result.attempts == 1 and sleeps == []
    assert "AUTH" in result.error and "535" in result.error
    assert PASSWORD not in result.error
    assert PASSWORD not in caplog.text
    assert PASSWORD not in repr(settings)
    assert server.auth_calls and server.handler.envelopes == []


def test_password_echoed_by_the_server_is_scrubbed(smtp_server, sleeps):
    server = smtp_server(password="the-right-one", auth_required=True,
                         auth_message=f"535 5.7.8 bad password {PASSWORD}")
    settings = server.settings(username="shop", password=PASSWORD)

    result = send(reply(settings), settings, sleep=sleeps.append)

    assert not result.ok and "535" in result.error
    assert PASSWORD not in result.error and "***" in result.error


def test_password_is_never_sent_in_clear_to_a_remote_host():
    settings = MailSettings(host="mail.example.com", port=25, security="none", username="shop",
                            password=PASSWORD, from_addr=SHOP)
    with pytest.raises(BadInput, match="unencrypted") as info:
        send(reply(settings), settings, sleep=lambda _: None)
    assert PASSWORD not in str(info.value)


# --------------------------------------------------------------------------- TLS


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    openssl = shutil.which("openssl")
    assert openssl, "openssl (Debian package openssl) makes the throwaway test certificate"
    where = tmp_path_factory.mktemp("tls")
    cert, key = where / "cert.pem", where / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=30)
    return cert, key


def _server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


@pytest.fixture
def trust_test_certificate(monkeypatch, certificate) -> None:
    cert, _ = certificate
    monkeypatch.setattr(mail, "_ssl_context", lambda: ssl.create_default_context(cafile=str(cert)))


def test_starttls_then_auth(smtp_server, sleeps, certificate, trust_test_certificate):
    cert, key = certificate
    server = smtp_server(password=PASSWORD, auth_require_tls=True, auth_required=True,
                         tls_context=_server_context(cert, key), require_starttls=True)
    settings = server.settings(security="starttls", username="shop", password=PASSWORD)

    result = send(reply(settings), settings, sleep=sleeps.append)

    assert result.ok, result.error
    assert len(server.handler.envelopes) == 1 and len(server.auth_calls) == 1


def test_implicit_tls(smtp_server, sleeps, certificate, trust_test_certificate):
    cert, key = certificate
    server = smtp_server(ssl_context=_server_context(cert, key))
    settings = server.settings(security="ssl")

    result = send(reply(settings), settings, sleep=sleeps.append)

    assert result.ok, result.error
    assert len(server.handler.envelopes) == 1


def test_untrusted_certificate_is_a_permanent_failure(smtp_server, sleeps, certificate):
    cert, key = certificate
    server = smtp_server(tls_context=_server_context(cert, key))
    settings = server.settings(security="starttls")

    result = send(reply(settings), settings, sleep=sleeps.append)

    assert not result.ok and result.attempts == 1
    assert "certificate" in result.error
    assert server.handler.envelopes == []


def test_starttls_missing_never_falls_back_to_plain_text(smtp_server, sleeps):
    server = smtp_server(password=PASSWORD)          # no TLS offered at all
    settings = server.settings(security="starttls", username="shop", password=PASSWORD)

    result = send(reply(settings), settings, sleep=sleeps.append)

    assert not result.ok and result.attempts == 1
    assert "STARTTLS" in result.error
    assert server.auth_calls == [] and server.handler.data_calls == 0


# --------------------------------------------------------------------------- input checks


@pytest.mark.parametrize("bad", [
    f"{RELAY},x@example.com",
    f"{RELAY}, x@example.com",
    f"{RELAY};x@example.com",
    f"{RELAY}\r\nBcc: x@example.com",
    f"{RELAY}\n",
    "k7x2 mq9d@marketplace.amazon.de",
    "",
    "   ",
    f"<{RELAY}>",
    f"Buyer <{RELAY}>",
    "=?utf-8?q?a=0Ab?=@marketplace.amazon.de",
    "no-at-sign.marketplace.amazon.de",
    "a@@marketplace.amazon.de",
    "@marketplace.amazon.de",
    "buyer@localhost",
    "büyer@marketplace.amazon.de",
    "a..b@marketplace.amazon.de",
    "a\x00b@marketplace.amazon.de",
])
def test_bad_recipient_is_refused(bad):
    with pytest.raises(BadInput):
        check_address(bad)
    settings = MailSettings(host=LOOPBACK, port=25, security="none", from_addr=SHOP)
    with pytest.raises(BadInput):
        build_reply(settings=settings, to_addr=bad, subject="Re: x", body="Hallo")


def test_check_address_normalizes():
    assert check_address("K7x2+tag@MarketPlace.Amazon.CO.UK") == "K7x2+tag@marketplace.amazon.co.uk"
    assert check_address(f" {RELAY}\t") == RELAY


@pytest.mark.parametrize("from_addr", [
    "",
    "Shop\r\nBcc: x@example.com <service@shop.example.com>",
    "=?utf-8?q?Shop=0D=0ABcc:_x@example.com?= <service@shop.example.com>",
    "Shop <a@example.com>, Other <b@example.com>",
    "service@shop.example.com\nBcc: x@example.com",
])
def test_bad_sender_is_refused(from_addr):
    settings = MailSettings(host=LOOPBACK, port=25, security="none", from_addr=from_addr)
    with pytest.raises(BadInput):
        build_reply(settings=settings, to_addr=RELAY, subject="Re: x", body="Hallo")


def test_sender_display_name_is_kept_and_cleaned():
    settings = MailSettings(host=LOOPBACK, from_addr='"Müller  Shop,\tGmbH" <Service@Shop.Example.com>')
    msg = build_reply(settings=settings, to_addr=RELAY, subject="x", body="Hallo")
    [addr] = msg["From"].addresses
    assert addr.display_name == "Müller Shop, GmbH"
    assert addr.addr_spec == "Service@shop.example.com"


@pytest.mark.parametrize("bad_id", [
    "abc@mail.example",
    "<abc mail@example>",
    "<abc@mail.example>\r\nBcc: x@example.com",
    "<abc@mail.example>\nBcc: x@example.com",
    "<no-at-sign>",
    "<a@b> <c@d>",
    "",
    "<" + "a" * 300 + "@example.com>",
])
def test_malformed_original_message_id_is_left_out(bad_id):
    settings = MailSettings(host=LOOPBACK, from_addr=SHOP)
    msg = build_reply(settings=settings, to_addr=RELAY, subject="x", body="Hallo", in_reply_to=bad_id)
    assert msg["In-Reply-To"] is None and msg["References"] is None
    assert b"Bcc" not in msg.as_bytes()


def test_other_bad_inputs():
    settings = MailSettings(host=LOOPBACK, from_addr=SHOP)
    with pytest.raises(BadInput):
        build_reply(settings=settings, to_addr=RELAY, subject="x", body="  \n ")
    with pytest.raises(BadInput):
        build_reply(settings=settings, to_addr=RELAY, subject="x", body="Hallo", domain="bad domain\r\n")
    msg = build_reply(settings=settings, to_addr=RELAY, subject="x", body="Hallo")
    for bad in (MailSettings(host=LOOPBACK, security="tls", from_addr=SHOP),
                MailSettings(host=LOOPBACK, port=0, from_addr=SHOP),
                MailSettings(host="", from_addr=SHOP),
                MailSettings(host="mail.example.com\r\nX: y", from_addr=SHOP)):
        with pytest.raises(BadInput):
            send(msg, bad, sleep=lambda _: None)
    with pytest.raises(BadInput):
        send(msg, settings, attempts=0, sleep=lambda _: None)


def test_message_id_uses_the_given_domain():
    settings = MailSettings(host=LOOPBACK, from_addr=SHOP)
    msg = build_reply(settings=settings, to_addr=RELAY, subject="x", body="Hallo", domain="mail.shop.example.com")
    assert str(msg["Message-ID"]).endswith("@mail.shop.example.com>")
    assert msg["Date"] is not None and msg["Auto-Submitted"] is None


# --------------------------------------------------------------------------- header text


@pytest.mark.parametrize(("raw", "clean"), [
    ("hi\nBcc: x@example.com", "hi Bcc: x@example.com"),
    ("hi\r\n\tthere", "hi there"),
    ("a\x00b\x07c\x7fd\x9be", "abcde"),
    ("  many    spaces\u2028and\u2029breaks\x85 ", "many spaces and breaks"),
    (INJECTION, "hi Bcc: x@example.com"),
    ("=?utf-8?q?=3D=3Futf-8=3Fq=3Fhi=3D0ABcc:=5Fx=3F=3D?=", "hi Bcc: x"),   # encoded twice
    ("Ihre Bestellung =?utf-8?q?Gr=C3=B6=C3=9Fe?= XL", "Ihre Bestellung Größe XL"),
    ("ご注文について\u3000確認", "ご注文について\u3000確認"),
    ("plain =? text ?= stays", "plain =? text ?= stays"),
    ("", ""),
])
def test_header_safe(raw, clean):
    assert header_safe(raw) == clean


def test_reply_subject():
    assert reply_subject("Ihre Bestellung") == "Re: Ihre Bestellung"
    assert reply_subject("Re: Ihre Bestellung") == "Re: Ihre Bestellung"
    assert reply_subject("RE: re:Re[2]: AW: Ihre Bestellung") == "Re: Ihre Bestellung"
    assert reply_subject("Antw: vraag") == "Re: vraag"
    assert reply_subject("Réponse") == "Re: Réponse"
    assert reply_subject("Regarding your order") == "Re: Regarding your order"
    assert reply_subject("ご注文について") == "Re: ご注文について"
    assert reply_subject(INJECTION) == "Re: hi Bcc: x@example.com"
    assert reply_subject("line\r\nBcc: x@example.com") == "Re: line Bcc: x@example.com"
    long = reply_subject("Frage " * 100)
    assert len(long) <= 200 and long.startswith("Re: Frage") and long.endswith("…")
    assert "\n" not in long


def test_settings_repr_hides_the_password():
    settings = MailSettings(host=LOOPBACK, username="shop", password=PASSWORD, from_addr=SHOP)
    assert PASSWORD not in repr(settings) and PASSWORD not in str(settings)
