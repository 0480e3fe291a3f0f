"""SMTP dispatch of an approved reply to the buyer's anonymized relay address.

Buyers write to the seller from Amazon's relay addresses (``…@marketplace.amazon.de``)
and a reply mailed to that address reaches them (DOMAIN.md, "Amazon platform facts").
This module builds that reply (:func:`build_reply`) and hands it to the configured
mail server (:func:`send`).  See ``docs/mail.md``.

Header safety.  This runs on Python 3.11.7, which predates the fix for CVE-2024-6923:
the ``email`` package decodes RFC 2047 encoded words in a header value and writes a
decoded newline back out as a real line break, i.e. a new header.  Every header value
built from imported data therefore goes through this module's own checks:

* Subject (and any free text for a header): :func:`header_safe` -- encoded words are
  decoded first (as the header parser would), then line breaks, NUL and other control
  characters are removed and whitespace collapsed to one line.  Stripped, not refused.
* Addresses (To, From) and Message-IDs: refused (:class:`~warroom.errors.BadInput`) when
  they are not exactly one plain, syntactically valid value.  A display name in the From
  setting is refused when it holds a line break (also an encoded one); other whitespace
  in it is collapsed.  The buyer's original Message-ID for ``In-Reply-To`` is optional:
  when it does not look like ``<left@right>`` it is left out, never copied.
* Before anything is sent, the serialized header block is checked once more: it must
  hold exactly the headers the message has (so no folded-in ``Bcc:`` line can slip out).

The password is never logged and never appears in an error text.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import smtplib
import ssl
import time
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from email import policy as email_policy
from email.generator import BytesGenerator
from email.headerregistry import Address, BaseHeader, HeaderRegistry, MessageIDHeader, UnstructuredHeader
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from io import BytesIO
from typing import Any, Callable, cast

from warroom import clock
from warroom.errors import BadInput

__all__ = [
    "MailSettings",
    "SendResult",
    "SECURITY_MODES",
    "header_safe",
    "check_address",
    "build_reply",
    "send",
    "reply_subject",
]

log = logging.getLogger(__name__)

SECURITY_MODES = ("starttls", "ssl", "none")
SUBJECT_MAX = 200

class _MessageIDListHeader(UnstructuredHeader):
    """References: a list of message ids.  Folded one id per line, never into encoded words
    (the stock policy encodes a long id; MessageIDHeader keeps only the first id)."""

    name: str   # BaseHeader's: the registry makes each header class from this one and BaseHeader

    def fold(self, *, policy: Any) -> str:
        return f"{self.name}: " + f"{policy.linesep} ".join(str(self).split()) + policy.linesep


# In-Reply-To / References hold message ids: the stock SMTP policy treats them as
# unstructured text and folds a long id into encoded words, which breaks threading.
_REGISTRY = HeaderRegistry()
# (typeshed types map_to_type's class as a BaseHeader; the registry wants the part it mixes into one)
_REGISTRY.map_to_type("in-reply-to", cast(type[BaseHeader], MessageIDHeader))
_REGISTRY.map_to_type("references", cast(type[BaseHeader], _MessageIDListHeader))
#: The policy every message is built and serialized with (RFC 5322, CRLF line ends).
POLICY = email_policy.SMTP.clone(header_factory=_REGISTRY)


@dataclass(frozen=True)
class MailSettings:
    """Settings keys ``smtp.host``, ``smtp.port``, ``smtp.security``, ``smtp.username``,
    ``smtp.password``, ``smtp.from`` (``from_addr``: ``shop@example.com`` or
    ``Shop Name <shop@example.com>``)."""

    host: str
    port: int = 587
    security: str = "starttls"
    username: str = ""
    password: str = ""
    from_addr: str = ""
    timeout: float = 20.0

    def __repr__(self) -> str:  # never show the password (logs, tracebacks)
        return (f"MailSettings(host={self.host!r}, port={self.port!r}, security={self.security!r}, "
                f"username={self.username!r}, password={'***' if self.password else ''!r}, "
                f"from_addr={self.from_addr!r}, timeout={self.timeout!r})")


@dataclass(frozen=True)
class SendResult:
    ok: bool
    attempts: int
    message_id: str
    error: str | None
    sent_at: datetime | None
    raw: bytes


# --------------------------------------------------------------------------- header text

_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029"
_BREAK_RE = re.compile(f"[{re.escape(_BREAKS)}\t]")
_SPACE_RUN = re.compile(r" {2,}")
_DECODE_PASSES = 20


def _flatten(value: str) -> str:
    """One line: breaks and tabs become spaces, other controls (and lone surrogates) go."""
    value = _BREAK_RE.sub(" ", value)
    value = "".join(ch for ch in value if unicodedata.category(ch) not in ("Cc", "Cs"))
    return _SPACE_RUN.sub(" ", value).strip(" ")


def _decode_once(value: str) -> str:
    """What the header parser makes of ``value`` (it decodes RFC 2047 encoded words)."""
    return str(POLICY.header_factory("subject", value))


def header_safe(value: str) -> str:
    """``value`` as one clean header line: RFC 2047 encoded words decoded (repeatedly, the
    way the header parser would on assignment), CR, LF, NUL and other control characters
    removed (line breaks and tabs become a space), runs of spaces collapsed, ends stripped.

    The result contains nothing the header parser would decode again, so what is set is
    what is sent.
    """
    if not isinstance(value, str):
        raise BadInput(f"header text must be a string, not {type(value).__name__}")
    text = _flatten(value)
    for _ in range(_DECODE_PASSES):
        if "=?" not in text:
            return text
        decoded = _flatten(_decode_once(text))
        if decoded == text:
            return text
        text = decoded
    # Absurdly nested encodings: make the rest inert rather than loop.
    return _flatten(text.replace("=?", "= ?"))


def _has_break(value: str) -> bool:
    return any(ch in _BREAKS for ch in value)


def reply_subject(original_subject: str) -> str:
    """``"Re: " + original``: header-safe, earlier reply prefixes (Re:, RE[2]:, AW:, Antw:,
    SV:, 回复: ...) folded into one ``Re:``, at most 200 characters (cut with an ellipsis)."""
    rest = _REPLY_PREFIX.sub("", header_safe(original_subject or ""))
    subject = f"Re: {rest}".rstrip(" ")
    if len(subject) > SUBJECT_MAX:
        cut = SUBJECT_MAX - 1
        while cut > 4 and unicodedata.combining(subject[cut]):
            cut -= 1
        subject = subject[:cut].rstrip(" ") + "…"
    return subject


_REPLY_PREFIX = re.compile(
    r"^(?:\s*(?:re|aw|antw|antwort|sv|vs|odp|rif|res|ynt|回复|回覆|答复)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*)+",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- addresses

# Local part: dot-atom of a conservative character set ("?" is left out on purpose:
# no encoded word can hide in an address).  Domain: ASCII host name with a dot.
_LOCAL = r"[A-Za-z0-9!#$%&'*+/=^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=^_`{|}~-]+)*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST = rf"{_LABEL}(?:\.{_LABEL})+"
_ADDR_RE = re.compile(rf"({_LOCAL})@({_HOST})")
_HOST_RE = re.compile(_HOST)
_MSGID_RE = re.compile(r"<[!-;=?-~]+@[!-;=?-~]+>")   # printable ASCII, no '<' '>' or space


def check_address(addr: str) -> str:
    """The bare address ``local@domain.tld`` (domain lower-cased), or :class:`BadInput`.

    Refused: anything but a string; empty; line breaks or other control characters;
    whitespace (only spaces and tabs at the very ends are trimmed); commas, angle
    brackets, quotes, ``?`` or anything else outside a plain dot-atom; more or fewer than
    one ``@``; a domain without a dot; non-ASCII; over-long parts.
    """
    if not isinstance(addr, str):
        raise BadInput(f"e-mail address must be a string, not {type(addr).__name__}")
    text = addr.strip(" \t")
    shown = _show(addr)
    if not text:
        raise BadInput("e-mail address is empty")
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in text) or _has_break(text):
        raise BadInput(f"e-mail address {shown} contains a line break or control character")
    if any(ch.isspace() for ch in text):
        raise BadInput(f"e-mail address {shown} contains whitespace")
    if "," in text or ";" in text:
        raise BadInput(f"e-mail address {shown} holds more than one address: one recipient only")
    if "<" in text or ">" in text:
        raise BadInput(f"e-mail address {shown} must be a bare address (no display name or angle brackets)")
    if not text.isascii():
        raise BadInput(f"e-mail address {shown} is not ASCII (internationalized addresses are not supported)")
    match = _ADDR_RE.fullmatch(text)
    if match is None:
        raise BadInput(f"e-mail address {shown} is not a valid address")
    local, domain = match.group(1), match.group(2).lower()
    if len(local) > 64 or len(text) > 254:
        raise BadInput(f"e-mail address {shown} is too long")
    return f"{local}@{domain}"


def _show(value: str, limit: int = 80) -> str:
    """A value for an error text: repr (so breaks show as \\n), cut."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def _split_mailbox(text: str) -> tuple[str, str]:
    """``Name <addr>`` or ``addr`` -> (display name, bare address).  Line breaks refused."""
    if not isinstance(text, str) or not text.strip():
        raise BadInput("the sender address (smtp.from) is not set")
    if _has_break(text):
        raise BadInput(f"sender address {_show(text)} contains a line break")
    text = text.strip(" \t")
    if text.endswith(">") and "<" in text:
        at = text.rindex("<")
        name, addr = text[:at].strip(" \t"), text[at + 1:-1]
        if len(name) >= 2 and name[0] == name[-1] == '"':
            name = name[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    else:
        name, addr = "", text
    addr = check_address(addr)
    if "<" in name or ">" in name:
        raise BadInput(f"sender address {_show(text)} must be one address: Name <address> or address")
    if name:
        decoded = name
        for _ in range(_DECODE_PASSES):        # an encoded line break is a line break too
            if "=?" not in decoded:
                break
            nxt = _decode_once(decoded)
            if nxt == decoded:
                break
            decoded = nxt
        if _has_break(decoded):
            raise BadInput(f"sender display name {_show(name)} contains a line break")
        name = header_safe(decoded)
    return name, addr


def _check_host(host: str) -> str:
    if not isinstance(host, str) or not host.strip():
        raise BadInput("the mail server (smtp.host) is not set")
    host = host.strip()
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in host) or "/" in host:
        raise BadInput(f"mail server name {_show(host)} is not a host name")
    return host


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _check_settings(settings: MailSettings) -> tuple[str, str]:
    """Validated (host, security) or BadInput.  Never mentions the password."""
    host = _check_host(settings.host)
    security = (settings.security or "").strip().lower()
    if security not in SECURITY_MODES:
        raise BadInput(f"smtp.security must be one of {', '.join(SECURITY_MODES)}, not {settings.security!r}")
    if isinstance(settings.port, bool) or not isinstance(settings.port, int) or not 0 < settings.port < 65536:
        raise BadInput(f"smtp.port must be a number from 1 to 65535, not {settings.port!r}")
    if not settings.timeout or settings.timeout <= 0:
        raise BadInput("the mail timeout must be positive")
    if settings.username and (_has_break(settings.username) or _has_break(settings.password)):
        raise BadInput("smtp.username or smtp.password contains a line break")
    if settings.username and security == "none" and not _is_loopback(host):
        raise BadInput("refusing to send the SMTP password unencrypted: set smtp.security to starttls or ssl")
    return host, security


# --------------------------------------------------------------------------- building


def _valid_msgid(value: str | None) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip(" \t")
    if len(value) > 250 or not _MSGID_RE.fullmatch(value) or "=?" in value:   # no encoded word in a header
        return None
    return value


MAX_REFERENCES = 20


def thread_ids(parent_message_id: str | None, parent_references: str | None = None) -> tuple[str | None, list[str]]:
    """(In-Reply-To, References) for a reply to a message whose Message-ID is
    ``parent_message_id`` (with or without <>) and whose own References header is
    ``parent_references``: RFC 5322 section 3.6.4.  Only ids of the form ``<left@right>``
    are kept (anything else from an imported mail is dropped, never copied), References at
    most :data:`MAX_REFERENCES` long (the first and the newest ones)."""
    parent = None
    if parent_message_id:
        value = parent_message_id.strip()
        parent = _valid_msgid(value if value.startswith("<") else f"<{value}>")
    earlier = [x for x in (_valid_msgid(m) for m in re.findall(r"<[^<>\s]*>", parent_references or "")) if x]
    chain: list[str] = []
    for m in earlier + ([parent] if parent else []):
        if m not in chain:
            chain.append(m)
    if len(chain) > MAX_REFERENCES:
        chain = chain[:1] + chain[-(MAX_REFERENCES - 1):]
    return parent, chain if parent else []


def build_reply(*, settings: MailSettings, to_addr: str, subject: str, body: str,
                in_reply_to: str | None = None, references: list[str] | None = None,
                domain: str | None = None) -> EmailMessage:
    """A plain-text UTF-8 reply (quoted-printable) from ``settings.from_addr`` to one
    relay address.

    ``subject`` is passed through :func:`header_safe` (use :func:`reply_subject` for the
    "Re:" form); ``to_addr`` through :func:`check_address` (refused when invalid).
    ``in_reply_to``: the buyer's original Message-ID; when it looks like ``<left@right>``
    it becomes ``In-Reply-To``, otherwise it is left out.  ``references``: the References
    chain (see :func:`thread_ids`; default: just ``in_reply_to``), each id checked the same way.
    ``domain`` (for the Message-ID) defaults to the sender address's domain.
    No ``Auto-Submitted``: these are replies written by people.
    """
    to = check_address(to_addr)
    from_name, from_addr = _split_mailbox(settings.from_addr)
    clean_subject = header_safe(subject if subject is not None else "")
    if not isinstance(body, str) or not body.strip():
        raise BadInput("the message body is empty")
    if domain is None:
        domain = from_addr.rsplit("@", 1)[1]
    if not isinstance(domain, str) or not _HOST_RE.fullmatch(domain):
        raise BadInput(f"Message-ID domain {_show(str(domain))} is not a host name")
    parent = _valid_msgid(in_reply_to)
    if in_reply_to and parent is None:
        log.info("original Message-ID left out of the reply: not of the form <left@right>")

    when = clock.now()
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)

    msg = EmailMessage(policy=POLICY)
    msg["From"] = Address(display_name=from_name, addr_spec=from_addr) if from_name else from_addr
    msg["To"] = to
    msg["Subject"] = clean_subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = make_msgid(domain=domain.lower())
    if parent:
        chain = [x for x in (_valid_msgid(m) for m in (references or [parent])) if x] or [parent]
        msg["In-Reply-To"] = parent
        msg["References"] = " ".join(chain)
        if str(msg["In-Reply-To"]) != parent or str(msg["References"]) != " ".join(chain):
            raise BadInput("threading header changed when stored: refused")
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    msg.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")

    # What the parser stored must be what we meant (no second decoding happened).
    if str(msg["Subject"]) != clean_subject or str(msg["To"]) != to:
        raise BadInput("header text changed when stored: refused")
    _serialize(msg)                     # runs the header-block check
    return msg


# --------------------------------------------------------------------------- checking

_FORBIDDEN_HEADERS = ("cc", "bcc", "resent-to", "resent-cc", "resent-bcc", "resent-from", "resent-sender")


def _single_address(message: EmailMessage, name: str) -> str:
    values = message.get_all(name) or []
    if len(values) != 1:
        raise BadInput(f"the message must have exactly one {name} header, it has {len(values)}")
    header = values[0]
    addresses = getattr(header, "addresses", None)
    if addresses is not None:
        if len(addresses) != 1:
            raise BadInput(f"{name} must hold exactly one address, it holds {len(addresses)}")
        if _has_break(addresses[0].display_name):
            raise BadInput(f"the {name} display name contains a line break")
        return check_address(addresses[0].addr_spec)
    return _split_mailbox(str(header))[1]


def _serialize(message: EmailMessage) -> bytes:
    """The bytes to send, after checking that the header block holds exactly the
    message's headers: no value may carry a line break (decoded or not), and no line of
    the serialized block may start a header the message does not have."""
    names: list[str] = []
    for name, value in message.items():
        if _has_break(str(value)) or "\x00" in str(value):
            raise BadInput(f"header {name} contains a line break: refused (header injection)")
        names.append(name.lower())
    buf = BytesIO()
    BytesGenerator(buf, policy=POLICY).flatten(message)
    raw = buf.getvalue()
    head = raw.split(b"\r\n\r\n", 1)[0]
    seen: list[str] = []
    for line in head.split(b"\r\n"):
        if b"\r" in line or b"\n" in line or b"\x00" in line:
            raise BadInput("serialized header contains a bare line break: refused (header injection)")
        if line[:1] in (b" ", b"\t"):
            continue                    # a folded continuation line
        field, colon, _ = line.partition(b":")
        if not colon:
            raise BadInput("serialized header block is malformed: refused")
        seen.append(field.decode("ascii", "replace").strip().lower())
    if seen != names:
        raise BadInput("serialized headers differ from the message's headers: refused (header injection)")
    return raw


def _prepare(message: EmailMessage) -> tuple[str, str, str, bytes]:
    """(envelope sender, single recipient, Message-ID, raw bytes) or BadInput."""
    if not isinstance(message, EmailMessage):
        raise BadInput("send() takes an email.message.EmailMessage (see build_reply)")
    for name in _FORBIDDEN_HEADERS:
        if message.get(name) is not None:
            raise BadInput(f"the message has a {name.title()} header: replies go to exactly one recipient")
    sender = _single_address(message, "From")
    recipient = _single_address(message, "To")
    ids = message.get_all("Message-ID") or []
    msgid = str(ids[0]).strip() if len(ids) == 1 else ""
    if not _MSGID_RE.fullmatch(msgid):
        raise BadInput("the message needs exactly one valid Message-ID (see build_reply)")
    return sender, recipient, msgid, _serialize(message)


# --------------------------------------------------------------------------- sending


def _ssl_context() -> ssl.SSLContext:
    """Certificate-checking TLS context.  Tests replace this function to trust a local
    test certificate; nothing else should."""
    return ssl.create_default_context()


class _Failure(Exception):
    def __init__(self, text: str, temporary: bool) -> None:
        super().__init__(text)
        self.text = text
        self.temporary = temporary


def _reply_text(exc: smtplib.SMTPResponseException) -> str:
    msg = exc.smtp_error
    text = msg.decode("utf-8", "replace") if isinstance(msg, bytes) else str(msg)
    return f"{exc.smtp_code} {_flatten(text)}".strip()


def _classify(exc: BaseException, stage: str, host: str, port: int) -> _Failure:
    where = f"{host}:{port}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        replies = list(exc.recipients.values())
        temporary = bool(replies) and all(400 <= int(code) < 500 for code, _ in replies)
        detail = "; ".join(
            f"{addr}: {code} {_flatten(m.decode('utf-8', 'replace') if isinstance(m, bytes) else str(m))}"
            for addr, (code, m) in exc.recipients.items())
        return _Failure(f"recipient refused by {where}: {detail}", temporary)
    if isinstance(exc, smtplib.SMTPResponseException):
        temporary = 400 <= exc.smtp_code < 500
        return _Failure(f"{stage}: {where} answered {_reply_text(exc)}", temporary)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return _Failure(f"{stage}: connection to {where} closed unexpectedly ({_flatten(str(exc))})", True)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return _Failure(f"{stage}: {where} does not support it ({_flatten(str(exc))})", False)
    if isinstance(exc, smtplib.SMTPException):
        return _Failure(f"{stage}: {type(exc).__name__} from {where} ({_flatten(str(exc))})", False)
    if isinstance(exc, ssl.SSLCertVerificationError):
        return _Failure(f"{stage}: TLS certificate of {where} not accepted ({exc.verify_message})", False)
    if isinstance(exc, (ssl.SSLEOFError, ssl.SSLZeroReturnError)):
        return _Failure(f"{stage}: TLS connection to {where} closed unexpectedly", True)
    if isinstance(exc, ssl.SSLError):
        return _Failure(f"{stage}: TLS with {where} failed ({exc.reason or type(exc).__name__})", False)
    if isinstance(exc, TimeoutError):
        return _Failure(f"{stage}: connection to {where} timed out", True)
    if isinstance(exc, ConnectionRefusedError):
        return _Failure(f"{stage}: connection to {where} refused", True)
    if isinstance(exc, OSError):
        reason = exc.strerror or type(exc).__name__
        return _Failure(f"{stage}: connection to {where} failed ({reason})", True)
    if isinstance(exc, UnicodeError):   # e.g. a non-ASCII password for AUTH PLAIN
        return _Failure(f"{stage}: could not encode the request (non-ASCII user name or password?)", False)
    return _Failure(f"{stage}: {type(exc).__name__}", False)


def _scrub(text: str, settings: MailSettings) -> str:
    if settings.password:
        text = text.replace(settings.password, "***")
    return text


def _attempt(settings: MailSettings, host: str, security: str, sender: str, recipient: str,
             raw: bytes) -> None:
    """One SMTP session; raises _Failure."""
    stage = "connect"
    server: smtplib.SMTP | None = None
    sent = False
    try:
        if security == "ssl":
            server = smtplib.SMTP_SSL(host, settings.port, timeout=settings.timeout, context=_ssl_context())
        else:
            server = smtplib.SMTP(host, settings.port, timeout=settings.timeout)
        stage = "EHLO"
        server.ehlo()
        if security == "starttls":
            stage = "STARTTLS"
            server.starttls(context=_ssl_context())   # refuses (no plain fallback) if not offered
            server.ehlo()
        if settings.username:
            stage = "AUTH"
            server.login(settings.username, settings.password)
        stage = "send"
        server.sendmail(sender, [recipient], raw)
        sent = True
    except (smtplib.SMTPException, OSError, UnicodeError) as exc:
        raise _classify(exc, stage, host, settings.port) from None
    finally:
        if server is not None:
            if sent:
                try:
                    server.quit()
                except (smtplib.SMTPException, OSError):
                    pass
            try:
                server.close()
            except OSError:
                pass


def send(message: EmailMessage, settings: MailSettings, *, attempts: int = 3, backoff: float = 1.0,
         sleep: Callable[[float], None] = time.sleep) -> SendResult:
    """Hand ``message`` to the mail server in ``settings``: envelope sender = From address,
    envelope recipient = the single To address (never anything else).

    Tries up to ``attempts`` times; waits ``backoff``, ``2*backoff``, ... (through
    ``sleep``) after a temporary failure: connection refused or lost, time-outs, 4xx
    answers.  Permanent failures (5xx, TLS certificate or protocol errors, no STARTTLS,
    no AUTH) end at once.  Delivery failures never raise: they come back as
    ``SendResult(ok=False, error=...)``.  Invalid input (settings, addresses, a header
    that would inject) raises :class:`BadInput` before anything is sent.
    """
    if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1:
        raise BadInput("attempts must be a positive whole number")
    if backoff < 0:
        raise BadInput("backoff must not be negative")
    host, security = _check_settings(settings)
    sender, recipient, msgid, raw = _prepare(message)

    error: str | None = None
    tried = 0
    for tried in range(1, attempts + 1):
        try:
            _attempt(settings, host, security, sender, recipient, raw)
        except _Failure as failure:
            error = _scrub(failure.text, settings)
            log.warning("mail %s to %s: attempt %d of %d failed: %s", msgid, recipient, tried, attempts, error)
            if not failure.temporary:
                break
            if tried < attempts:
                sleep(backoff * (2 ** (tried - 1)))
            continue
        sent_at = clock.now()
        log.info("mail %s to %s accepted by %s:%d (attempt %d)", msgid, recipient, host, settings.port, tried)
        return SendResult(ok=True, attempts=tried, message_id=msgid, error=None, sent_at=sent_at, raw=raw)
    return SendResult(ok=False, attempts=tried, message_id=msgid, error=error, sent_at=None, raw=raw)
