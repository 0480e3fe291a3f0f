"""One RFC 5322 message (bytes) -> a MessageRecord, tolerant of broken mail.

Everything in a message is untrusted.  Header-derived fields go through
``single_line``; the body through ``clean_text``.  The standard library's parser
(``email.policy.default``) does the MIME work, but some of its accessors raise on
hostile input (an encoded CR/LF in a display name, for instance), so every header is
read from its raw value with a fallback.  Problems that leave the message usable
(unknown charset, broken multipart, broken base64, ...) are returned as text in
``MessageRecord.problems``; only a message without a usable sender or date is refused
(``BadRecord``).
"""

from __future__ import annotations

import base64
import binascii
import codecs
import html
import mimetypes
import quopri
import re
from datetime import datetime, timezone
from email import errors as email_errors
from email import policy as email_policy
from email.header import decode_header
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser
from typing import Iterator

from warroom.domain.messages import (
    buyer_name_from_display,
    clean_text,
    find_order_id,
    sanitize_filename,
    single_line,
)
from warroom.records import AttachmentRecord, MessageRecord

_POLICY = email_policy.default
_PARSER = BytesParser(policy=_POLICY)
# Re-serializing an attached message: keep its header lines as they were.
_GEN_POLICY = email_policy.default.clone(refold_source="none")

MAX_DEPTH = 30          # MIME nesting deeper than this is ignored (a "MIME bomb")
MAX_PARTS = 1000        # leaves looked at per message


class BadRecord(Exception):
    """A message that cannot be imported: no usable sender or date."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


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


# ---------------------------------------------------------------------------- HTML

_BLOCK_TAGS = frozenset({
    "p", "div", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "hr", "section", "article", "header", "footer", "address",
    "dl", "dt", "dd", "form", "center",
})
_SKIP_TAGS = frozenset({"script", "style", "head", "title", "template", "noscript"})


class _TextExtractor(HTMLParser):
    """HTML -> plain text: tags dropped, <br> and block ends -> newline, entities unescaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
            if tag == "pre":
                self._pre += 1
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
            if tag == "pre":
                self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._pre:
            self.parts.append(data)
        else:
            # Source newlines and runs of spaces are not significant in HTML.
            self.parts.append(re.sub(r"[ \t\r\n\f]+", " ", data))


_SPACES_BEFORE_NL_RE = re.compile(r"[ \t]+\n")
_NL_THEN_SPACES_RE = re.compile(r"\n[ \t]+")
_MANY_NL_RE = re.compile(r"\n{3,}")


def html_to_text(markup: str) -> str:
    """Plain text of an HTML body (no browser: tags stripped, entities unescaped)."""
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # noqa: BLE001 - HTMLParser is lenient; be safe anyway
        return html.unescape(re.sub(r"<[^>]*>", " ", markup))
    text = "".join(parser.parts).replace("\xa0", " ")
    text = _SPACES_BEFORE_NL_RE.sub("\n", text)
    text = _NL_THEN_SPACES_RE.sub("\n", text)
    text = _MANY_NL_RE.sub("\n\n", text)
    return text.strip()


# ---------------------------------------------------------- Amazon relay body layout

_BEGIN_RE = re.compile(r"^[ \t]*-{2,}[ \t]*Begin message\b[^\n]*$", re.IGNORECASE | re.MULTILINE)
_END_RE = re.compile(r"^[ \t]*-{2,}[ \t]*End message\b[^\n]*$", re.IGNORECASE | re.MULTILINE)
_FOOTER_RE = re.compile(
    r"^[ \t]*(?:For Your Information: To help arbitrate disputes"
    r"|We want you to buy with confidence anytime"
    r"|If you believe this message is suspicious, please report it"
    r"|To mark this message as no response needed"
    r"|\[commMgrTok:[A-Za-z0-9]*\])",
    re.IGNORECASE | re.MULTILINE,
)


def extract_buyer_text(body: str) -> str:
    """The buyer's own text of an Amazon relay body.

    The text between the "Begin message" and "End message" marker lines (any number of
    dashes; the amazon.ca bilingual markers too) when present, else the whole body; the
    Amazon boilerplate footer ("For Your Information: ...", report/no-response links,
    ``[commMgrTok:…]``) is dropped.  Bodies without any of these are returned unchanged
    (apart from leading/trailing blank lines).
    """
    begin = _BEGIN_RE.search(body)
    if begin is not None:
        end = _END_RE.search(body, begin.end())
        text = body[begin.end():end.start()] if end is not None else body[begin.end():]
        if end is None:
            text = _cut_footer(text)
    else:
        text = _cut_footer(body)
    return text.strip("\n").rstrip() if text.strip() else ""


def _cut_footer(text: str) -> str:
    footer = _FOOTER_RE.search(text)
    return text[:footer.start()] if footer is not None else text


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


class _Walk:
    """Picks the body parts and the attachments of one message."""

    def __init__(self, leaves: int = 0) -> None:
        self.body_parts: list[tuple[Message, _PartInfo]] = []
        self.attachments: list[tuple[Message, _PartInfo]] = []
        self.leaves = leaves

    def visit(self, part: Message, depth: int = 0) -> None:
        self.leaves += 1
        if depth > MAX_DEPTH or self.leaves > MAX_PARTS:
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

def parse_email_bytes(raw: bytes, *, source_ref: str,
                      fallback_date: datetime | None = None) -> MessageRecord:
    """Parse one message; raises BadRecord when it has no usable sender or date."""
    msg = _PARSER.parsebytes(raw)
    headers = _header_table(msg)
    problems: list[str] = []

    from_addr, display = first_address(headers.get("from"))
    if from_addr is None:
        from_addr, display = first_address(headers.get("sender"))
    if from_addr is None:
        raise BadRecord("From", "no usable sender address")

    raw_date = _unstructured(headers.get("date"))
    received_at = parse_date(raw_date)
    if received_at is None:
        if fallback_date is None:
            reason = ("no Date header" if raw_date is None
                      else f"unusable date {single_line(raw_date)[:80]!r}")
            raise BadRecord("Date", reason)
        received_at = fallback_date
        problems.append("no usable Date header: the mbox 'From ' line date was used")

    subject = single_line(_unstructured(headers.get("subject")) or "")
    to_addr, _ = first_address(headers.get("to"))
    message_id = _message_id(headers.get("message-id"))

    walk = _Walk()
    walk.visit(msg)

    texts: list[str] = []
    for part, info in walk.body_parts:
        data, decode_problems = _payload_bytes(part, info.cte)
        problems.extend(f"body: {p}" for p in decode_problems)
        text, problem = _decode_bytes(data, info.charset)
        if problem:
            problems.append(f"body: {problem}")
        if info.ctype == "text/html":
            text = html_to_text(text)
        texts.append(text)
    full_body, removed = clean_text("\n\n".join(t for t in texts if t.strip()))
    if removed:
        problems.append(f"body: {removed} control character(s) removed")

    attachments: list[AttachmentRecord] = []
    for index, (part, info) in enumerate(walk.attachments, start=1):
        name = _attachment_name(info, index)
        data, decode_problems = _attachment_bytes(part, info)
        problems.extend(f"attachment {name!r}: {p}" for p in decode_problems)
        attachments.append(AttachmentRecord(filename=name, content_type=info.ctype, data=data))

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
