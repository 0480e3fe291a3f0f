"""One RFC 5322 message (bytes) -> a MessageRecord, tolerant of broken mail.

Everything in a message is untrusted.  Header-derived fields go through
``single_line``; the body through ``clean_text``.  The standard library's parser
(``email.policy.default``) does the MIME work, but some of its accessors raise on
hostile input (an encoded CR/LF in a display name, for instance), so every header is
read from its raw value with a fallback.  Problems that leave the message usable
(unknown charset, broken multipart, broken base64, parts not read: ``dropped: ...``) are
returned as text in ``MessageRecord.problems``.  A message is refused (``BadRecord``, naming
the field) when it has no usable date, a sender that is not exactly one well-formed address, or
exceeds one of its ``MessageLimits`` (body bytes, bytes of one attachment, attachment count).
"""

from __future__ import annotations

import base64
import binascii
import codecs
import mimetypes
import quopri
import re
from datetime import datetime, timezone
from email import errors as email_errors
from email import policy as email_policy
from email.header import decode_header
from email.headerregistry import HeaderRegistry
from email.message import Message
from email.feedparser import FeedParser
from email.utils import getaddresses, parsedate_to_datetime
from typing import Iterator

from warroom.domain.messages import (
    buyer_name_from_display,
    clean_text,
    find_order_id,
    sanitize_filename,
    single_line,
)
from warroom.errors import BadInput
from warroom.importers._body_text import extract_buyer_text, html_to_text
from warroom.records import AttachmentRecord, MessageLimits, MessageRecord

class _CachedRegistry(HeaderRegistry):
    """The standard header factory, with its per-name header classes made once.

    ``HeaderRegistry`` builds a new class with ``type()`` on every lookup: the parser looks up
    Content-Type about four times per message.  Classes are cyclic garbage, which the import
    (that pauses the cyclic collector while a file is parsed and stored) would keep until the
    end: ~9 KB a message, 290 MB for an 80 MB mbox.  The classes hold no state, so one per
    header name serves every message."""

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, type] = {}

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        cls = self._classes.get(key)
        if cls is None:
            cls = self._classes[key] = super().__getitem__(name)
        return cls


_POLICY = email_policy.default.clone(header_factory=_CachedRegistry())
_FEED_CHUNK = 64 * 1024


def _parse_message(raw: bytes) -> Message:
    """``BytesParser(policy).parsebytes(raw)``, fed in 64 KiB pieces.

    The same parse (``parsebytes`` decodes the bytes as ASCII with surrogate escapes and feeds
    the text to a FeedParser in pieces too), without the whole message held a second and a
    third time as text: a 100 MB message peaked at ~1 GB inside ``parsebytes``, ~0.5 GB here."""
    parser = FeedParser(policy=_POLICY)
    for offset in range(0, len(raw), _FEED_CHUNK):
        parser.feed(raw[offset:offset + _FEED_CHUNK].decode("ascii", "surrogateescape"))
    return parser.close()
# Re-serializing an attached message: keep its header lines as they were.
_GEN_POLICY = email_policy.default.clone(refold_source="none")

MAX_DEPTH = 30          # MIME nesting deeper than this is ignored (a "MIME bomb")
MAX_PARTS = 1000        # leaves looked at per message


class BadRecord(Exception):
    """A message that cannot be imported: no usable sender or date, or over a limit."""

    def __init__(self, field: str, reason: str, message_id: str | None = None) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason
        self.message_id = message_id


# ---------------------------------------------------------------------------- headers

_FOLD_RE = re.compile(r"\r?\n(?=[ \t])")
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")


def _fix_surrogates(value: str) -> str:
    """Undecodable raw bytes (surrogate escapes) -> UTF-8 if they are, else U+FFFD."""
    if not _SURROGATE_RE.search(value):
        return value
    raw = value.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


def _header_table(msg: Message) -> dict[str, str]:
    """Lower-cased header name -> its first raw (undecoded, unfolded) value."""
    table: dict[str, str] = {}
    try:
        items = list(msg.raw_items())
    except Exception:  # noqa: BLE001 - untrusted input; fall back to nothing
        return table
    for key, value in items:
        key = str(key).lower()
        if key not in table:
            table[key] = _FOLD_RE.sub("", value if isinstance(value, str) else str(value))
    return table


def _decode_words(raw: str) -> str:
    """Decode RFC 2047 encoded words leniently (unknown charsets -> UTF-8 with U+FFFD)."""
    try:
        chunks = decode_header(raw)
    except Exception:  # noqa: BLE001
        return _fix_surrogates(raw)
    out: list[str] = []
    for chunk, charset in chunks:
        if isinstance(chunk, str):
            out.append(_fix_surrogates(chunk))
            continue
        text, _ = _decode_bytes(chunk, charset)
        out.append(text)
    return "".join(out)


def _unstructured(raw: str | None) -> str | None:
    """An unstructured header's text: encoded words decoded, raw 8-bit bytes as UTF-8."""
    if raw is None:
        return None
    raw = _fix_surrogates(raw)
    return _decode_words(raw) if "=?" in raw else raw


_ENCODED_WORD_RE = re.compile(r"=\?[^?\s]*\?[^?\s]*\?[^?\s]*\?=")
_MASKED_RE = re.compile(r"encodedword(\d+)x")
_ADDR_OK_RE = re.compile(r"[^@\s<>()\[\],;:\"\\]+@[^@\s<>()\[\],;:\"\\]+")


# The common forms, parsed without the (slow) policy parser: ``addr``, ``<addr>``,
# ``Name <addr>`` and ``"Name" <addr>``, with no encoded words, comments or escapes.
_SIMPLE_ADDR_RE = re.compile(
    r'\s*(?:"(?P<quoted>[^"\\\r\n]*)"|(?P<plain>[^"<>@,;:\\()\[\]\r\n]*?))\s*'
    r"<(?P<angle>[^<>\s@\",;:\\()\[\]]+@[^<>\s@\",;:\\()\[\]]+)>\s*"
    r"|\s*(?P<bare>[^<>\s@\",;:\\()\[\]]+@[^<>\s@\",;:\\()\[\]]+)\s*"
)


def first_address(raw: str | None) -> tuple[str | None, str | None]:
    """(bare lower-cased address, display name) of the first address in a raw header."""
    if raw is None:
        return None, None
    pairs: list[tuple[str, str]] = []
    simple = None if "=?" in raw else _SIMPLE_ADDR_RE.fullmatch(raw)
    if simple is not None:
        if simple.group("bare") is not None:
            pairs = [("", simple.group("bare"))]
        else:
            display = simple.group("quoted")
            if display is None:
                display = simple.group("plain") or ""
            pairs = [(display, simple.group("angle"))]
    else:
        pairs = _policy_addresses(raw)
    for display, address in pairs:
        address = single_line(_fix_surrogates(address)).lower().strip("<>")
        if _ADDR_OK_RE.fullmatch(address):
            return address, single_line(_fix_surrogates(display)) or None
    return None, None


def _policy_addresses(raw: str) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    try:
        header = _POLICY.header_factory("from", raw)
        for addr in header.addresses:
            if addr.username and addr.domain:
                pairs.append((addr.display_name or "", f"{addr.username}@{addr.domain}"))
    except Exception:  # noqa: BLE001 - e.g. CR/LF in an encoded display name
        pairs = []
    if not pairs:
        # Split the raw value with every encoded word masked by a plain atom, so nothing
        # inside one (CR/LF, ':', '@', '<') can move the split; only the display names
        # are decoded afterwards.
        words: list[str] = []

        def mask(match: re.Match[str]) -> str:
            words.append(match.group(0))
            return f"encodedword{len(words) - 1}x"

        def unmask(text: str) -> str:
            return _MASKED_RE.sub(lambda m: words[int(m.group(1))], text)

        try:
            masked = _ENCODED_WORD_RE.sub(mask, raw)
            pairs = [(_decode_words(unmask(n)), a) for n, a in getaddresses([masked])
                     if a and not _MASKED_RE.search(a)]
        except Exception:  # noqa: BLE001
            pairs = []
    return pairs


_CONTROL_RE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
# What warroom.mail.check_address accepts, for the common case without calling it (it looks at
# every character; 13 µs an address, 2.6 s for a 200,000-row CSV): an ASCII dot-atom local
# part of at most 64 characters, a host name with a dot.  Anything else goes to check_address,
# which accepts or refuses it with its reason (a test keeps the two in agreement).
_ATOM = r"[A-Za-z0-9!#$%&'*+/=^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_RECIPIENT_RE = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+")


def _recipient(address: str) -> str:
    """``address`` lower-cased if a reply could go to it, else BadInput (check_address's)."""
    if (len(address) <= 254 and _RECIPIENT_RE.fullmatch(address)
            and address.index("@") <= 64):
        return address.lower()
    from warroom.mail import check_address

    return check_address(address).lower()


def _shown(text: str) -> str:
    return repr(text if len(text) <= 80 else text[:80] + "…")


def sender_address(raw: str, field: str) -> tuple[str, str | None] | None:
    """(lower-cased address, display name) of a sender header or CSV field, which must hold
    exactly one well-formed mailbox (``addr``, ``<addr>``, ``Name <addr>``, comments and RFC 2047
    display names allowed); None when it holds no address at all (no ``@``).

    Raises BadRecord naming ``field`` for anything else: a line break or control character, a
    second address, text the address parser cannot place (``a@b.com Bcc: c@d.com``), or an
    address that ``warroom.mail.check_address`` would refuse as a recipient (a reply goes to it).
    """
    if len(raw) <= 254 and _RECIPIENT_RE.fullmatch(raw) and raw.index("@") <= 64:
        return raw.lower(), None                        # the usual case: a bare address
    text = _fix_surrogates(raw)
    if _CONTROL_RE.search(text):
        raise BadRecord(field, f"sender {_shown(text)} contains a line break or control character")
    if "@" not in text:
        return None
    simple = None if "=?" in text else _SIMPLE_ADDR_RE.fullmatch(text)
    if simple is not None:
        if simple.group("bare") is not None:
            pairs = [("", simple.group("bare"))]
        else:
            display = simple.group("quoted")
            pairs = [(display if display is not None else simple.group("plain") or "",
                      simple.group("angle"))]
    else:
        try:
            header = _POLICY.header_factory("from", text)
            if any(isinstance(d, (email_errors.InvalidHeaderDefect, email_errors.NonPrintableDefect))
                   for d in header.defects):
                raise BadRecord(field, f"sender {_shown(text)} is not one well-formed address")
            pairs = [(a.display_name or "", a.addr_spec) for a in header.addresses]
        except BadRecord:
            raise
        except Exception:  # noqa: BLE001 - e.g. an encoded CR/LF in the display name
            pairs = _policy_addresses(text)
    if len(pairs) != 1:
        raise BadRecord(field, f"sender {_shown(text)} holds {len(pairs)} addresses: exactly one is "
                        "needed" if pairs else f"sender {_shown(text)} is not one well-formed address")
    display, address = pairs[0]
    try:
        address = _recipient(address)
    except BadInput as exc:
        raise BadRecord(field, f"sender {exc.reason}") from None
    return address, single_line(_fix_surrogates(display)) or None


_MSGID_RE = re.compile(r"<([^<>]*)>")


def _message_id(raw: str | None) -> str | None:
    if raw is None:
        return None
    raw = _fix_surrogates(raw)
    match = _MSGID_RE.search(raw)
    value = match.group(1) if match else raw
    value = "".join(single_line(value).split())   # no whitespace inside an id
    return value[:998] or None


def parse_date(value: str | None) -> datetime | None:
    """An RFC 5322 date as an aware UTC datetime, or None when it is not usable."""
    if not value:
        return None
    try:
        when = parsedate_to_datetime(single_line(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:          # "-0000" or no zone: taken as UTC
        when = when.replace(tzinfo=timezone.utc)
    try:
        when = when.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None
    if when.year < 1971:
        return None
    return when


# ------------------------------------------------------------------------- charsets

# Declared charset -> codecs to try, in order (supersets that mail really uses).
_CHARSET_CANDIDATES: dict[str, tuple[str, ...]] = {
    "us-ascii": ("ascii", "utf-8", "cp1252"),
    "ascii": ("ascii", "utf-8", "cp1252"),
    "iso-8859-1": ("cp1252", "latin-1"),
    "latin1": ("cp1252", "latin-1"),
    "latin-1": ("cp1252", "latin-1"),
    "shift_jis": ("cp932", "shift_jis_2004"),
    "shift-jis": ("cp932", "shift_jis_2004"),
    "sjis": ("cp932", "shift_jis_2004"),
    "x-sjis": ("cp932", "shift_jis_2004"),
    "windows-31j": ("cp932",),
    "iso-2022-jp": ("iso2022_jp", "iso2022_jp_2", "iso2022_jp_ext", "iso2022_jp_2004"),
    "euc-jp": ("euc_jp", "euc_jis_2004"),
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "euc-kr": ("cp949",),
    "ks_c_5601-1987": ("cp949",),
    "big5": ("big5hkscs", "cp950"),
}
_UNDECLARED = ("utf-8", "cp1252", "latin-1")


def _decode_bytes(data: bytes, charset: str | None) -> tuple[str, str | None]:
    """Decode ``data`` per its declared ``charset``; (text, problem or None)."""
    declared = (charset or "").strip().strip("\"'").lower()
    if not declared:
        for codec in _UNDECLARED:
            try:
                return data.decode(codec), None
            except UnicodeDecodeError:
                continue
    candidates = _CHARSET_CANDIDATES.get(declared)
    if candidates is None:
        try:
            codecs.lookup(declared)
        except (LookupError, ValueError):
            try:
                return data.decode("utf-8"), f"unknown charset {declared!r}: decoded as UTF-8"
            except UnicodeDecodeError:
                return (data.decode("utf-8", "replace"),
                        f"unknown charset {declared!r}: decoded as UTF-8 with replacement "
                        "characters")
        candidates = (declared,)
    for codec in candidates:
        try:
            return data.decode(codec), None
        except (UnicodeDecodeError, LookupError):
            continue
    text = data.decode(candidates[0], "replace")
    return text, f"bytes not valid in charset {declared!r}: replaced with U+FFFD"


# ---------------------------------------------------------------------------- MIME

_B64_JUNK_RE = re.compile(rb"[^A-Za-z0-9+/=\s]")
_B64_STRIP_RE = re.compile(rb"[^A-Za-z0-9+/]")


def _decode_base64(payload: bytes) -> tuple[bytes, list[str]]:
    """Decode base64 keeping whatever decodes; (data, problems)."""
    problems: list[str] = []
    if _B64_JUNK_RE.search(payload):
        problems.append("broken base64: invalid characters were ignored")
    body = payload.split(b"=", 1)[0] if b"=" in payload else payload
    trailing = payload[len(body):]
    if _B64_STRIP_RE.sub(b"", trailing.replace(b"=", b"")):
        problems.append("broken base64: data after the padding was ignored")
    clean = _B64_STRIP_RE.sub(b"", body)
    extra = len(clean) % 4
    if extra == 1:
        clean = clean[:-1]
        problems.append("broken base64: truncated, the last incomplete group was dropped")
    elif extra:
        clean += b"=" * (4 - extra)
    try:
        return base64.b64decode(clean), problems
    except (binascii.Error, ValueError):
        return b"", ["broken base64: undecodable"]


def _raw_payload(part: Message) -> object:
    """The payload exactly as parsed (8-bit bytes as surrogate escapes).

    ``get_payload()`` would decode 8-bit text with the declared charset (and parse the
    Content-Type header again to find it); the bytes are wanted here, so the stored
    payload is read directly (``Message._payload``, stable since Python 2).
    """
    try:
        return part._payload  # type: ignore[attr-defined]
    except AttributeError:
        return part.get_payload(decode=True)


def _payload_to_bytes(raw: str) -> bytes:
    try:
        return raw.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        return raw.encode("utf-8", "surrogateescape")


def _payload_bytes(part: Message, cte: str) -> tuple[bytes, list[str]]:
    """The decoded content of a leaf part; (bytes, problems)."""
    if cte == "base64":
        raw = _raw_payload(part)
        if isinstance(raw, str):
            data = raw.encode("ascii", "ignore")
        elif isinstance(raw, bytes):
            data = raw
        else:
            return b"", []
        return _decode_base64(data)
    raw = _raw_payload(part)
    if not isinstance(raw, str):
        return (raw if isinstance(raw, bytes) else b""), []
    data = _payload_to_bytes(raw)
    if cte == "quoted-printable":
        return quopri.decodestring(data), []
    if cte in ("x-uuencode", "uuencode", "uue", "x-uue"):
        try:
            decoded = part.get_payload(decode=True)
        except Exception:  # noqa: BLE001
            decoded = None
        if isinstance(decoded, bytes):
            return decoded, []
        return data, ["undecodable uuencoded data: kept as it was"]
    return data, []


def _children(part: Message) -> list[Message]:
    if not part.is_multipart():
        return []
    payload = part.get_payload()
    return [p for p in payload if isinstance(p, Message)] if isinstance(payload, list) else []


_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_SIMPLE_MIME_RE = re.compile(
    rf"\s*({_TOKEN}(?:/{_TOKEN})?)\s*"
    r'((?:;\s*[A-Za-z0-9_.-]+\s*=\s*(?:"[^"\\\r\n]*"|[^;"\s\\()<>@,:/\[\]?=]+)\s*)*)'
    r";?\s*"
)
_SIMPLE_PARAM_RE = re.compile(r';\s*([A-Za-z0-9_.-]+)\s*=\s*(?:"([^"]*)"|([^;\s]+))')


def _mime_header(part: Message, name: str, raw: str | None) -> tuple[str, dict[str, str]] | None:
    """(lower-cased value, params) of Content-Type/-Disposition; None when absent.

    Plain ASCII values without RFC 2231 or encoded words are split here; anything else
    goes to the standard library's (much slower) parser.
    """
    if raw is None:
        return None
    if raw.isascii() and "=?" not in raw:
        simple = _SIMPLE_MIME_RE.fullmatch(raw)
        if simple is not None:
            params = {m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
                      for m in _SIMPLE_PARAM_RE.finditer(simple.group(2))}
            return simple.group(1).lower(), params
    try:
        header = part.get(name)
    except Exception:  # noqa: BLE001
        return "", {}
    if header is None:
        return None
    value = str(header).split(";", 1)[0].strip().lower()
    return value, dict(getattr(header, "params", {}))


class _PartInfo:
    """Content type, charset, disposition and file name of a part, parsed once."""

    __slots__ = ("ctype", "charset", "disposition", "filename", "cte")

    def __init__(self, part: Message) -> None:
        self.ctype = "text/plain"
        self.charset: str | None = None
        self.disposition: str | None = None
        self.filename: str | None = None
        headers = _header_table(part)
        self.cte = (headers.get("content-transfer-encoding") or "").strip().lower()
        content_type = _mime_header(part, "content-type", headers.get("content-type"))
        name: str | None = None
        if content_type is None:
            try:
                self.ctype = part.get_default_type()
            except Exception:  # noqa: BLE001
                pass
        else:
            ctype, params = content_type
            self.ctype = ctype if ctype.count("/") == 1 else "text/plain"
            self.charset = params.get("charset")
            name = params.get("name")
        disposition = _mime_header(part, "content-disposition",
                                   headers.get("content-disposition"))
        if disposition is not None:
            self.disposition = disposition[0] or None
            self.filename = disposition[1].get("filename")
        if self.filename is None:
            self.filename = name
        if self.filename is not None:
            self.filename = _fix_surrogates(self.filename).strip()

    @property
    def is_attachment(self) -> bool:
        return self.disposition == "attachment" or self.filename is not None


def _subtree_size(part: Message) -> int:
    """How many parts ``part`` holds, itself included (iterative: no depth limit)."""
    count, stack = 0, [part]
    while stack:
        count += 1
        stack.extend(_children(stack.pop()))
    return count


class _Walk:
    """Picks the body parts and the attachments of one message.

    Parts beyond the first MAX_PARTS, or nested deeper than MAX_DEPTH, are not read; they are
    counted (``too_many``, ``too_deep``) so that the message says what it lost."""

    def __init__(self, leaves: int = 0) -> None:
        self.body_parts: list[tuple[Message, _PartInfo]] = []
        self.attachments: list[tuple[Message, _PartInfo]] = []
        self.leaves = leaves
        self.too_many = 0
        self.too_deep = 0

    def visit(self, part: Message, depth: int = 0) -> None:
        self.leaves += 1
        if self.leaves > MAX_PARTS:
            self.too_many += _subtree_size(part)
            return
        if depth > MAX_DEPTH:
            self.too_deep += _subtree_size(part)
            return
        info = _PartInfo(part)
        ctype = info.ctype
        multipart = part.is_multipart()
        if ctype == "message/rfc822" or (multipart and ctype.startswith("message/")):
            self.attachments.append((part, info))   # an attached message, kept whole
            return
        if multipart:
            children = _children(part)
            if ctype == "multipart/alternative":
                self._alternative(children, depth)
            else:
                for child in children:
                    self.visit(child, depth + 1)
            return
        if info.is_attachment:
            self.attachments.append((part, info))
        elif ctype.startswith("text/") or ctype.startswith("multipart/"):
            # text/plain, text/html, other text/* read as text; a multipart/* leaf is a
            # broken multipart (no boundary) whose text is kept.
            self.body_parts.append((part, info))
        else:
            self.attachments.append((part, info))  # inline image without a name, ...

    def _alternative(self, children: list[Message], depth: int) -> None:
        """Keep one alternative (the one with text/plain, else with text/html)."""
        trials: list[_Walk] = []
        for child in children:
            trial = _Walk(self.leaves)
            trial.visit(child, depth + 1)
            self.leaves = trial.leaves
            self.too_many += trial.too_many
            self.too_deep += trial.too_deep
            trials.append(trial)
        chosen: _Walk | None = None
        for wanted in ("text/plain", "text/html"):
            chosen = next((t for t in trials
                           if any(i.ctype == wanted for _, i in t.body_parts)), None)
            if chosen is not None:
                break
        if chosen is None and trials:
            chosen = trials[0]
        for trial in trials:
            if trial is chosen:
                self.body_parts.extend(trial.body_parts)
            self.attachments.extend(trial.attachments)


_DEFECT_TEXT: dict[type, str] = {
    email_errors.NoBoundaryInMultipartDefect:
        "multipart message without a boundary: its body is kept as raw text",
    email_errors.StartBoundaryNotFoundDefect:
        "MIME boundary never found in a multipart body: its body is kept as raw text",
    email_errors.CloseBoundaryNotFoundDefect:
        "multipart body not closed by its final boundary (truncated message?)",
    email_errors.MultipartInvariantViolationDefect:
        "a part declared multipart is not",
    email_errors.InvalidMultipartContentTransferEncodingDefect:
        "invalid Content-Transfer-Encoding on a multipart part",
    email_errors.MissingHeaderBodySeparatorDefect:
        "a header line was malformed; the rest was read as the body",
    email_errors.MisplacedEnvelopeHeaderDefect:
        "misplaced envelope 'From ' line in the headers",
    email_errors.FirstHeaderLineIsContinuationDefect:
        "the first header line is a continuation line",
}


def _defects(part: Message, depth: int = 0) -> Iterator[str]:
    if depth > MAX_DEPTH:
        return
    for defect in getattr(part, "defects", ()):
        text = _DEFECT_TEXT.get(type(defect))
        if text is not None:
            yield text
    for child in _children(part):
        yield from _defects(child, depth + 1)


def _attachment_bytes(part: Message, info: _PartInfo) -> tuple[bytes, list[str]]:
    if part.is_multipart():       # message/rfc822: the attached message itself
        inner = _children(part)
        if not inner:
            return b"", []
        try:
            return inner[0].as_bytes(policy=_GEN_POLICY), []
        except Exception:  # noqa: BLE001
            try:
                return inner[0].as_bytes(), []
            except Exception:  # noqa: BLE001
                return b"", ["the attached message could not be re-serialized"]
    return _payload_bytes(part, info.cte)


def _attachment_name(info: _PartInfo, index: int) -> str:
    name = info.filename
    if not name:
        ext = ".eml" if info.ctype == "message/rfc822" else (
            mimetypes.guess_extension(info.ctype) or "")
        name = f"attachment-{index}{ext}"
    return sanitize_filename(name)


# ------------------------------------------------------------------------- message

def size_text(count: int) -> str:
    """``1,048,576 bytes (1.0 MiB)``."""
    return f"{count:,} bytes ({count / 1_048_576:.1f} MiB)" if count >= 1_048_576 else f"{count:,} bytes"


_TRANSFER_ENCODINGS = frozenset({"base64", "quoted-printable", "x-uuencode", "uuencode", "uue", "x-uue"})


def _encoded_size(part: Message) -> int:
    """Bytes of a leaf part's content as it is in the message (before transfer decoding)."""
    raw = _raw_payload(part)
    return len(raw) if isinstance(raw, (str, bytes)) else 0


def _sender(headers: dict[str, str], message_id: str | None) -> tuple[str, str | None]:
    """From (else Sender, when From holds no address at all): see :func:`sender_address`."""
    for name, field in (("from", "From"), ("sender", "Sender")):
        raw = headers.get(name)
        if raw is None or not raw.strip():
            continue
        try:
            found = sender_address(raw, field)
        except BadRecord as exc:
            exc.message_id = message_id
            raise
        if found is not None:
            return found
    raise BadRecord("From", "no usable sender address", message_id)


def parse_email_bytes(raw: bytes, *, source_ref: str, fallback_date: datetime | None = None,
                      limits: MessageLimits | None = None) -> MessageRecord:
    """Parse one message; raises BadRecord when it has no usable sender or date, a malformed
    sender, or exceeds one of ``limits`` (body size, attachment size, attachment count)."""
    msg = _parse_message(raw)
    headers = _header_table(msg)
    problems: list[str] = []
    message_id = _message_id(headers.get("message-id"))

    from_addr, display = _sender(headers, message_id)

    raw_date = _unstructured(headers.get("date"))
    received_at = parse_date(raw_date)
    if received_at is None:
        if fallback_date is None:
            reason = ("no Date header" if raw_date is None
                      else f"unusable date {single_line(raw_date)[:80]!r}")
            raise BadRecord("Date", reason, message_id)
        received_at = fallback_date
        problems.append("no usable Date header: the mbox 'From ' line date was used")

    subject = single_line(_unstructured(headers.get("subject")) or "")
    to_addr, _ = first_address(headers.get("to"))

    walk = _Walk()
    walk.visit(msg)
    if limits is not None and len(walk.attachments) > limits.max_attachments:
        count = f"at least {len(walk.attachments):,}" if walk.too_many else f"{len(walk.attachments):,}"
        raise BadRecord("attachments", f"{count} attachments, more than the limit of "
                        f"{limits.max_attachments:,} (setting import.max_attachments)", message_id)

    texts: list[str] = []
    body_bytes = encoded = 0
    for number, (part, info) in enumerate(walk.body_parts, start=1):
        data: bytes | None
        decode_problems: list[str]
        size = _encoded_size(part)
        encoded += size
        if limits is not None and info.cte not in _TRANSFER_ENCODINGS:
            body_bytes += size              # identity encoding: known before any copy is made
            data, decode_problems = None, []
        else:
            data, decode_problems = _payload_bytes(part, info.cte)
            body_bytes += len(data)
        if limits is not None and body_bytes > limits.max_body_bytes:
            raise BadRecord("body", f"body of {'at least ' if number < len(walk.body_parts) else ''}"
                            f"{size_text(body_bytes)}, more than the limit of "
                            f"{size_text(limits.max_body_bytes)} (setting import.max_body_bytes)",
                            message_id)
        if data is None:
            data, decode_problems = _payload_bytes(part, info.cte)
        problems.extend(f"body: {p}" for p in decode_problems)
        text, problem = _decode_bytes(data, info.charset)
        del data
        if problem:
            problems.append(f"body: {problem}")
        if info.ctype == "text/html":
            text = html_to_text(text)
        texts.append(text)
    full_body, removed = clean_text("\n\n".join(t for t in texts if t.strip()))
    del texts
    if removed:
        problems.append(f"body: {removed} control character(s) removed")

    attachments: list[AttachmentRecord] = []
    for index, (part, info) in enumerate(walk.attachments, start=1):
        name = _attachment_name(info, index)
        data, decode_problems = _attachment_bytes(part, info)
        encoded += _encoded_size(part) if not part.is_multipart() else len(data)
        if limits is not None and len(data) > limits.max_attachment_bytes:
            raise BadRecord(f"attachment {name}", f"{size_text(len(data))}, more than the limit of "
                            f"{size_text(limits.max_attachment_bytes)} (setting import.max_attachment_bytes)",
                            message_id)
        problems.extend(f"attachment {name!r}: {p}" for p in decode_problems)
        attachments.append(AttachmentRecord(filename=name, content_type=info.ctype, data=data))

    outside = len(raw) - encoded
    if limits is not None and outside > limits.max_body_bytes:
        raise BadRecord("message", f"{size_text(outside)} outside its body and attachments (header lines, "
                        "text around the MIME parts, parts not read), more than the limit of "
                        f"{size_text(limits.max_body_bytes)} (setting import.max_body_bytes)", message_id)
    if walk.too_many:
        problems.append(f"dropped: {walk.too_many:,} MIME part(s) beyond the first {MAX_PARTS:,} were not read")
    if walk.too_deep:
        problems.append(f"dropped: {walk.too_deep:,} MIME part(s) nested deeper than {MAX_DEPTH} levels "
                        "were not read")
    problems.extend(_defects(msg))

    return MessageRecord(
        received_at=received_at,
        from_addr=from_addr,
        body=extract_buyer_text(full_body),
        subject=subject,
        from_name=buyer_name_from_display(display) if display else None,
        to_addr=to_addr,
        message_id=message_id,
        amazon_order_id=find_order_id(subject, full_body),
        raw=raw,
        attachments=tuple(attachments),
        source_ref=source_ref,
        problems=tuple(dict.fromkeys(problems)),
    )
