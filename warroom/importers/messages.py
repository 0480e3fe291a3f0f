"""Buyer messages from a file: ``.eml``, ``.mbox`` or CSV -> a ParseResult (no database).

Formats (told apart by content; the extension only breaks ties and names errors):

* ``.eml``: one RFC 5322 message.  ``raw`` is the whole file.
* ``.mbox``: mboxrd/mboxo.  A message starts at a ``From `` line that is the first
  line of the file or follows a blank line, and carries a date/time (so a body line
  such as "From now on ..." after a blank line in an unescaped mboxo file is not taken
  for a separator).  The blank line that ends each message (the separator's) is not part
  of the message.  Escaping: lines matching ``>+From `` lose one ``>`` (mboxrd
  un-escaping), so ``raw`` and the body hold the message as it was sent.  For an
  mboxrd file that is exact; for an mboxo file a body line that really began with
  ``>From `` comes back as ``From `` (mboxo cannot tell the two apart).
* CSV: UTF-8 (a BOM is allowed), header exactly ``order_id,received_at,from,subject,body``,
  standard quoting (fields may hold newlines and doubled quotes), ISO 8601 times with
  ``Z`` or an offset.  ``raw`` is None.

A record that cannot be imported raises ``BadInput`` naming the file, the record (CSV line,
or ``message N (Message-ID <…>)``) and the field, or with ``skip_bad`` becomes a
``SkippedRecord``: e-mail without a usable date; a CSV row that does not parse, a bad time or
order id; a sender that is not exactly one well-formed address (a line break, a second address,
trailing text, an address a reply could not go to); a message over one of the ``MessageLimits``
(body bytes, bytes of one attachment, number of attachments; settings ``import.max_*``).
Problems that leave a message usable are listed in ``MessageRecord.problems`` (parts that were
not read start with ``dropped:``) and, per message, in ``result.problems``.
``result.read == len(messages) + len(skipped)``.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Iterator

from warroom.domain.messages import (
    ORDER_ID_RE,
    buyer_name_from_display,
    clean_text,
    find_order_id,
    single_line,
)
from warroom.domain.settings import SPECS
from warroom.errors import BadInput
from warroom.importers._email import (
    BadRecord,
    extract_buyer_text,
    parse_date,
    parse_email_bytes,
    sender_address,
    size_text,
)
from warroom.progress import Progress, no_progress
from warroom.records import MessageLimits, MessageRecord, ParseResult, ProblemRecord, SkippedRecord

__all__ = ["parse_messages_file", "CSV_HEADER", "PROGRESS_EVERY", "DEFAULT_LIMITS", "LIMIT_SETTINGS"]

#: MessageLimits field -> the setting that configures it.
LIMIT_SETTINGS = {"max_body_bytes": "import.max_body_bytes",
                  "max_attachment_bytes": "import.max_attachment_bytes",
                  "max_attachments": "import.max_attachments"}
DEFAULT_LIMITS = MessageLimits(**{name: SPECS[key].default for name, key in LIMIT_SETTINGS.items()})

CSV_HEADER = ("order_id", "received_at", "from", "subject", "body")
PROGRESS_EVERY = 500
STAGE = "parsing"

_FROM_LINE_DATE_RE = re.compile(rb"\d{1,2}:\d{2}")
_HEADER_LINE_RE = re.compile(rb"[!-9;-~]+:")
_MBOXRD_ESCAPED_RE = re.compile(rb">+From ")
_SNIFF_BYTES = 64 * 1024
_KNOWN_HEADERS = (b"from:", b"date:", b"subject:", b"message-id:", b"received:",
                  b"return-path:", b"mime-version:", b"delivered-to:", b"to:")


# ------------------------------------------------------------------------- entry point

def parse_messages_file(path: str | Path, *, skip_bad: bool = False,
                        progress: Progress = no_progress,
                        limits: MessageLimits = DEFAULT_LIMITS) -> ParseResult:
    """Parse an ``.eml``, ``.mbox`` or messages CSV file into MessageRecords.

    Raises BadInput for a file that is none of these, and (without ``skip_bad``) for the
    first bad record (a message over ``limits`` included).  ``progress(done, total,
    "parsing")`` is called every ``PROGRESS_EVERY`` messages and once at the end; an
    exception it raises (Cancelled) propagates.
    """
    path = Path(path)
    name = path.name
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
            kind = _sniff(head, path.suffix.lower())
            if kind is None:
                raise BadInput(
                    "not a messages file: expected an .eml message, an mbox file or a CSV "
                    "with header " + ",".join(CSV_HEADER),
                    file=str(path))
            handle.seek(0)
            if kind == "mbox":
                return _parse_mbox(handle, str(path), name, skip_bad, progress, limits)
            data = handle.read()
    except OSError as exc:
        raise BadInput(f"cannot read the file: {exc.strerror or exc}", file=str(path)) from None
    if kind == "eml":
        return _parse_eml(data, str(path), name, skip_bad, progress, limits)
    return _parse_csv(data, str(path), name, skip_bad, progress, limits)


def _sniff(head: bytes, suffix: str) -> str | None:
    """'eml', 'mbox', 'csv' or None, from the first bytes (and the extension)."""
    text = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    stripped = text.lstrip(b"\r\n")
    if not stripped.strip():
        return None
    first_line = stripped.split(b"\n", 1)[0].rstrip(b"\r")
    if first_line.startswith(b"From ") and (
            suffix == ".mbox" or _FROM_LINE_DATE_RE.search(first_line) or b"@" in first_line):
        return "mbox"
    if first_line.strip() == ",".join(CSV_HEADER).encode() or suffix == ".csv":
        return "csv"      # a .csv with another header is refused by the CSV parser
    if _HEADER_LINE_RE.match(first_line):
        header_block = re.split(rb"\r?\n\r?\n", stripped, maxsplit=1)[0].lower()
        lines = header_block.split(b"\n")
        if any(line.startswith(_KNOWN_HEADERS) for line in lines):
            return "eml"
    return None


def _bad(file: str, label: str | int, field: str | None, reason: str, skip_bad: bool,
         result: ParseResult, message_id: str | None = None) -> None:
    if not skip_bad:
        raise BadInput(reason, file=file, record=_with_id(label, message_id), field=field) from None
    result.skipped.append(SkippedRecord(line=label, field=field, reason=reason, message_id=message_id))


def _with_id(label: str | int, message_id: str | None) -> str | int:
    """``message 3 (Message-ID <id@host>)``: the record as a user finds it in the file."""
    if not message_id:
        return label
    shown = message_id if len(message_id) <= 120 else message_id[:120] + "…"
    return f"{label} (Message-ID <{shown}>)"


# --------------------------------------------------------------------------------- eml

def _one_email(raw: bytes, number: int, source_ref: str, file: str, skip_bad: bool,
               result: ParseResult, limits: MessageLimits,
               fallback_date: datetime | None = None) -> None:
    result.read += 1
    label = f"message {number}"
    try:
        record = parse_email_bytes(raw, source_ref=source_ref, fallback_date=fallback_date,
                                   limits=limits)
    except BadRecord as exc:
        _bad(file, label, exc.field, exc.reason, skip_bad, result, exc.message_id)
        return
    except RecursionError:
        _bad(file, label, None, "MIME structure nested too deeply", skip_bad, result)
        return
    except Exception as exc:  # noqa: BLE001 - hostile mail must not stop a whole import
        _bad(file, label, None, f"could not be parsed ({type(exc).__name__})", skip_bad, result)
        return
    result.messages.append(record)
    if record.problems:
        result.problems.append(ProblemRecord(label, record.message_id, record.problems))


def _parse_eml(data: bytes, file: str, name: str, skip_bad: bool,
               progress: Progress, limits: MessageLimits) -> ParseResult:
    result = ParseResult(kind="messages", format="eml")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    _one_email(data, 1, name, file, skip_bad, result, limits)
    progress(1, 1, STAGE)
    return result


# -------------------------------------------------------------------------------- mbox

def _is_blank(line: bytes) -> bool:
    return line in (b"\n", b"\r\n", b"\r")


def _from_line_date(line: bytes) -> datetime | None:
    """The date of an mbox ``From sender date`` line (asctime, UTC), or None."""
    parts = line[5:].strip().split(None, 1)
    if len(parts) < 2:
        return None
    return parse_date(parts[1].decode("ascii", "replace"))


_UNESCAPE_RE = re.compile(rb"^>(>*From )", re.MULTILINE)
_KEEP_LINES = 1 << 20       # a message larger than this is read again by offset, not joined


def _split_mbox(handle: BinaryIO) -> Iterator[tuple[bytes, bytes]]:
    """(From_ line, message bytes) for each message, mboxrd-unescaped.

    Streams: one message at a time is in memory, once.  A small message is joined from its
    lines; a large one (over ``_KEEP_LINES``) is not kept line by line but read again from
    the file by offset when its end is found (``handle`` must be seekable)."""
    from_line: bytes | None = None
    lines: list[bytes] | None = []
    kept = 0                    # bytes in ``lines``
    start = pos = 0             # file offsets: the current message's first byte, the next line
    last_blank = 0              # length of the last line when it is blank (the separator), else 0
    has_text = False            # the current message has a non-blank line
    escaped = False             # ... and a >From line to un-escape
    previous_blank = True

    def message(end: int) -> bytes:
        if lines is not None:
            data = b"".join(lines[:-1] if last_blank else lines)
            return _UNESCAPE_RE.sub(rb"\1", data) if escaped else data
        handle.seek(start)
        data = handle.read(end - last_blank - start)
        handle.seek(pos)                # back after the line being looked at
        return _UNESCAPE_RE.sub(rb"\1", data) if escaped else data

    for line in handle:
        line_start = pos
        pos += len(line)
        if line_start == 0 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
            start = 3
        if (line.startswith(b"From ") and previous_blank
                and (from_line is None or _FROM_LINE_DATE_RE.search(line))):
            if from_line is not None or has_text:   # (text before the first From_ line too)
                yield from_line or b"", message(line_start)
            from_line, lines, kept, start = line, [], 0, pos
            last_blank, has_text, escaped, previous_blank = 0, False, False, False
            continue
        previous_blank = _is_blank(line)
        last_blank = len(line) if previous_blank else 0
        has_text = has_text or not previous_blank
        if line.startswith(b">") and _MBOXRD_ESCAPED_RE.match(line):
            escaped = True
        if lines is not None:
            kept += len(line)
            if kept > _KEEP_LINES:
                lines = None
            else:
                lines.append(line)
    if from_line is not None or has_text:
        yield from_line or b"", message(pos)


def _parse_mbox(handle: BinaryIO, file: str, name: str, skip_bad: bool,
                progress: Progress, limits: MessageLimits) -> ParseResult:
    result = ParseResult(kind="messages", format="mbox")
    for number, (from_line, raw) in enumerate(_split_mbox(handle), start=1):
        _one_email(raw, number, f"{name}#{number}", file, skip_bad, result, limits,
                   fallback_date=_from_line_date(from_line) if from_line else None)
        del raw
        if number % PROGRESS_EVERY == 0:
            progress(number, None, STAGE)
    progress(result.read, result.read, STAGE)
    return result


# --------------------------------------------------------------------------------- CSV

_SURROGATES_RE = re.compile(r"[\ud800-\udfff]")


class _RowError(Exception):
    def __init__(self, field: str | None, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


def _csv_time(value: str) -> datetime:
    value = value.strip()
    if not value:
        raise _RowError("received_at", "missing time")
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise _RowError("received_at", f"not an ISO 8601 time: {value[:40]!r}") from None
    if when.tzinfo is None or when.utcoffset() is None:
        raise _RowError("received_at",
                        f"time without Z or offset: {value[:40]!r}")
    return when.astimezone(timezone.utc)


def _csv_from(value: str) -> tuple[str, str | None]:
    """The sender of a row: exactly one well-formed address, ``addr`` or ``Name <addr>``,
    on one line (a CR/LF in the field is refused, never folded into the address)."""
    value = value.strip(" \t")
    if not value:
        raise _RowError("from", "missing sender address")
    try:
        found = sender_address(value, "from")
    except BadRecord as exc:
        raise _RowError("from", exc.reason) from None
    if found is None:
        raise _RowError("from", f"not an e-mail address: {single_line(value)[:80]!r}")
    address, display = found
    return address, (buyer_name_from_display(display) if display else None)


def _utf8_size(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


def _csv_record(row: list[str], line: int, name: str, check_utf8: bool,
                limits: MessageLimits) -> MessageRecord:
    if len(row) != len(CSV_HEADER):
        raise _RowError(None, f"expected {len(CSV_HEADER)} fields, found {len(row)}")
    order_id, received_at, sender, subject, body = row
    if check_utf8:
        for field, value in zip(CSV_HEADER, row, strict=True):
            if _SURROGATES_RE.search(value):
                raise _RowError(field, "not valid UTF-8")
    when = _csv_time(received_at)
    from_addr, from_name = _csv_from(sender)
    if len(body) > limits.max_body_bytes // 4 and _utf8_size(body) > limits.max_body_bytes:
        raise _RowError("body", f"body of {size_text(_utf8_size(body))}, more than the limit of "
                                f"{size_text(limits.max_body_bytes)} (setting import.max_body_bytes)")
    subject = single_line(subject)
    body, removed = clean_text(body)
    problems = (f"body: {removed} control character(s) removed",) if removed else ()
    order_id = order_id.strip()
    if order_id:
        if ORDER_ID_RE.fullmatch(order_id) is None:
            normalized = unicodedata.normalize("NFKC", order_id).strip()
            if ORDER_ID_RE.fullmatch(normalized) is None:
                raise _RowError("order_id", f"not an Amazon order id: {order_id[:40]!r}")
            order_id = normalized
    else:
        order_id = find_order_id(subject, body) or ""
    return MessageRecord(
        received_at=when,
        from_addr=from_addr,
        body=extract_buyer_text(body),
        subject=subject,
        from_name=from_name,
        amazon_order_id=order_id or None,
        source_ref=f"{name}:{line}",
        problems=problems,
    )


def _parse_csv(data: bytes, file: str, name: str, skip_bad: bool,
               progress: Progress, limits: MessageLimits) -> ParseResult:
    """The csv module refuses a field over ``csv.field_size_limit()`` characters (131,072 by
    default): raised for this file to four times the body limit, so that a body over the limit
    is refused as such (naming the field), and restored after."""
    field_limit = csv.field_size_limit()
    csv.field_size_limit(max(field_limit, 4 * limits.max_body_bytes + 4))
    try:
        return _parse_csv_rows(data, file, name, skip_bad, progress, limits)
    finally:
        csv.field_size_limit(field_limit)


def _parse_csv_rows(data: bytes, file: str, name: str, skip_bad: bool,
                    progress: Progress, limits: MessageLimits) -> ParseResult:
    result = ParseResult(kind="messages", format="csv")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    check_utf8 = False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", "surrogateescape")   # bad rows are found one by one
        check_utf8 = True
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        header = []
    except csv.Error as exc:
        raise BadInput(f"unreadable CSV header ({exc})", file=file, record=1,
                       field="header") from None
    if tuple(header) != CSV_HEADER:
        raise BadInput("wrong CSV header: expected exactly " + ",".join(CSV_HEADER),
                       file=file, record=1, field="header")
    end_of_previous = reader.line_num
    while True:
        start = end_of_previous + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            end_of_previous = reader.line_num
            result.read += 1
            reason = f"unparseable CSV row ({exc})"
            if "field larger than field limit" in str(exc):
                reason = (f"a field longer than {csv.field_size_limit():,} characters (the body limit "
                          f"is {size_text(limits.max_body_bytes)}, setting import.max_body_bytes)")
            _bad(file, start, None, reason, skip_bad, result)
        else:
            end_of_previous = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue                               # blank line
            result.read += 1
            try:
                record = _csv_record(row, start, name, check_utf8, limits)
            except _RowError as exc:
                _bad(file, start, exc.field, exc.reason, skip_bad, result)
            else:
                result.messages.append(record)
                if record.problems:
                    result.problems.append(ProblemRecord(start, None, record.problems))
        if result.read % PROGRESS_EVERY == 0:
            progress(result.read, None, STAGE)
    progress(result.read, result.read, STAGE)
    return result
