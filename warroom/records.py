"""Plain records that importers produce and services store.

Importers turn files into these (no database access); services write them.  Money is
``Decimal`` (never float); times are timezone-aware UTC ``datetime``.  The records made once per
row or message (orders, their items, messages) are named tuples: immutable like a frozen
dataclass, and built about four times faster (a 100,000-row report makes 150,000 of them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple


class OrderItemRecord(NamedTuple):
    order_item_id: str | None
    sku: str | None
    asin: str | None
    title: str | None
    quantity: int
    unit_price: Decimal | None      # price of one unit
    line_price: Decimal | None      # unit_price * quantity (v0 ItemPrice, report item-price)
    currency: str | None
    item_status: str | None = None


class OrderRecord(NamedTuple):
    amazon_order_id: str            # 3-7-7 digits
    purchase_date: datetime
    status: str                     # Pending, Unshipped, PartiallyShipped, Shipped, Canceled, ...
    fulfillment_channel: str        # AFN or MFN
    marketplace: str | None         # country code: US, DE, JP, ...
    sales_channel: str | None       # Amazon.com, Amazon.de, ...
    currency: str | None
    total: Decimal | None           # sum of line prices (None when unknown)
    last_update: datetime | None = None
    buyer_name: str | None = None
    buyer_email: str | None = None  # the anonymized relay address
    latest_ship_date: datetime | None = None
    ship_service_level: str | None = None
    items: tuple[OrderItemRecord, ...] = ()
    source_lines: tuple[int, ...] = ()   # 1-based lines (or record numbers) it came from


@dataclass(frozen=True, slots=True)
class AttachmentRecord:
    filename: str                   # already sanitized
    content_type: str
    data: bytes


class MessageRecord(NamedTuple):
    received_at: datetime
    from_addr: str                  # bare address, lower-cased
    body: str
    subject: str = ""               # single line: CR/LF and other controls removed
    from_name: str | None = None
    to_addr: str | None = None
    message_id: str | None = None   # RFC 5322 Message-ID without <>, if any
    amazon_order_id: str | None = None
    raw: bytes | None = None        # the original bytes (e-mail only)
    attachments: tuple[AttachmentRecord, ...] = ()
    source_ref: str = ""            # "file.mbox#12", "file.csv:7"
    problems: tuple[str, ...] = ()  # non-fatal problems found while parsing (bad charset, ...)


@dataclass(frozen=True, slots=True)
class SkippedRecord:
    line: int | str                 # line number, or a record label such as "message 3"
    field: str | None
    reason: str
    message_id: str | None = None   # the refused message's Message-ID, when it has one


@dataclass(frozen=True, slots=True)
class ProblemRecord:
    """A message that was imported with problems (its ``MessageRecord.problems``), for the summary."""

    record: int | str               # CSV line number, or a record label such as "message 3"
    message_id: str | None
    problems: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MessageLimits:
    """Per-message caps of a message import (settings ``import.max_*``; see domain/settings.py).

    A message over one of them is refused as a bad record, naming the field."""

    max_body_bytes: int             # body text (decoded parts, summed), in bytes
    max_attachment_bytes: int       # one attachment, decoded
    max_attachments: int            # attachments of one message


@dataclass(slots=True)
class ParseResult:
    """What a parser returns for one file."""

    kind: str                       # "orders" or "messages"
    format: str                     # e.g. "all-orders-report", "spapi-v0", "eml", "mbox", "csv"
    read: int = 0                   # rows/records read (read == accepted + len(skipped))
    orders: list[OrderRecord] = field(default_factory=list)
    messages: list[MessageRecord] = field(default_factory=list)
    skipped: list[SkippedRecord] = field(default_factory=list)
    problems: list[ProblemRecord] = field(default_factory=list)   # accepted messages with problems
