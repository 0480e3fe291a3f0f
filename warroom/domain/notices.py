"""Amazon's own mail: notices, not buyer messages (email-format-notes.md §3, §4; DOMAIN.md
"Claims and mail from Amazon").

Mail from Amazon's own addresses (``seller-performance@amazon.com``,
``atoz-guarantee-deals@amazon.de``, ``cba-chargebacks@amazon.co.uk``, ``donotreply@amazon.com``,
...) and the Amazon customer-service relay ("We've been contacted by a customer regarding the
order identified below", with ``Order#: / Item: / Reason: / Details:``) is not a buyer's
message with a 24-hour clock: the importer routes it to the notices register.  A buyer's relay
address (``…@marketplace.amazon.<tld>``) is never a notice.

:func:`classify` says whether a message is a notice and of which kind; :func:`response_needed`
says what each kind asks of the seller.  Pure: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from warroom.domain.messages import RELAY_MARKETPLACES, is_amazon_relay

A_TO_Z = "A_TO_Z"
CHARGEBACK = "CHARGEBACK"
POLICY_WARNING = "POLICY_WARNING"
PERFORMANCE = "PERFORMANCE"
CUSTOMER_SERVICE = "CUSTOMER_SERVICE"     # Amazon customer service relays a buyer's contact
OTHER = "OTHER"
KINDS = (A_TO_Z, CHARGEBACK, POLICY_WARNING, PERFORMANCE, CUSTOMER_SERVICE, OTHER)
#: the notice kinds that concern a claim (they open or link the claim of their order)
CLAIM_KINDS = {A_TO_Z: "A_TO_Z", CHARGEBACK: "CHARGEBACK"}

STATUS_OPEN = "open"
STATUS_ANSWERED = "answered"
STATUSES = (STATUS_OPEN, STATUS_ANSWERED)

_TLDS = "|".join(re.escape(t) for t in sorted(RELAY_MARKETPLACES, key=len, reverse=True))
# Amazon's own domain (amazon.<tld>) or a subdomain of it other than the buyers' relay
_AMAZON_RE = re.compile(r"[^@\s]+@(?:(?!marketplace\.)[a-z0-9-]+\.)*amazon\.(?:" + _TLDS + r")")
_CS_RELAY_RE = re.compile(r"we['’]ve been contacted by a customer regarding the order", re.IGNORECASE)

# sender local parts, by kind
_SENDERS = {
    "atoz-guarantee-deals": A_TO_Z, "atoz-guarantee": A_TO_Z, "a-to-z-claims": A_TO_Z,
    "cba-chargebacks": CHARGEBACK, "chargebacks": CHARGEBACK, "chargeback-notifications": CHARGEBACK,
    "performance-notifications": PERFORMANCE,
    "cs-reply": CUSTOMER_SERVICE,
}
# subject/body keywords, checked in this order (first match wins)
_KEYWORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (A_TO_Z, re.compile(r"a-?to-?z\s+(guarantee\s+)?claim|a-?bis-?z|garantie\s+de\s+a\s+à\s+z|garanzia\s+dalla\s+a\s+alla\s+z"
                        r"|garantía\s+de\s+la\s+a\s+a\s+la\s+z|マーケットプレイス保証", re.IGNORECASE)),
    (CHARGEBACK, re.compile(r"charge-?back|rückbuchung|rétrofacturation|contestazione\s+di\s+addebito"
                            r"|contracargo|チャージバック", re.IGNORECASE)),
    (POLICY_WARNING, re.compile(r"policy\s+(warning|violation)|listing[s]?\s+(removed|deactivated)"
                                r"|intellectual\s+property|restricted\s+products?|warnung|avertissement", re.IGNORECASE)),
    (PERFORMANCE, re.compile(r"performance\s+notification|account\s+health|order\s+defect\s+rate|late\s+shipment"
                             r"|cancellation\s+rate|valid\s+tracking", re.IGNORECASE)),
)


@dataclass(frozen=True, slots=True)
class NoticeKind:
    kind: str
    response_needed: str          # what the notice asks of the seller (a sentence)
    window: str | None            # the setting that gives its deadline, or None (no deadline)


_RESPONSES = {
    A_TO_Z: ("Answer Amazon's information request on the A-to-z claim with the seller's side and evidence",
             "atoz_window_hours"),
    CHARGEBACK: ("Answer the chargeback with proof of shipment, tracking and the transaction record",
                 "claims.chargeback_days"),
    POLICY_WARNING: ("Read the warning, fix the cause, and appeal it with evidence if it is wrong", None),
    PERFORMANCE: ("Review the account health figures named and plan the fix", None),
    CUSTOMER_SERVICE: ("Tell Amazon customer service what was done for the buyer of this order",
                       "response_window_hours"),
    OTHER: ("No response needed: for the record", None),
}


def is_amazon_sender(address: str) -> bool:
    """True for Amazon's own addresses (amazon.<tld> and its subdomains), never a buyer relay."""
    address = (address or "").strip().lower()
    return bool(address) and not is_amazon_relay(address) and _AMAZON_RE.fullmatch(address) is not None


def notice_kind(kind: str) -> NoticeKind:
    text, window = _RESPONSES[kind]
    return NoticeKind(kind, text, window)


def classify(from_addr: str, subject: str, body: str) -> NoticeKind | None:
    """The notice kind of a message, or None when it is a buyer's message (a ticket)."""
    relayed = _CS_RELAY_RE.search(body or "") is not None
    if not is_amazon_sender(from_addr):
        if relayed and not is_amazon_relay(from_addr or ""):
            return notice_kind(CUSTOMER_SERVICE)
        return None
    local = from_addr.strip().lower().split("@", 1)[0]
    if local in _SENDERS:
        return notice_kind(_SENDERS[local])
    text = f"{subject or ''}\n{body or ''}"
    for kind, pattern in _KEYWORDS:
        if pattern.search(text):
            return notice_kind(kind)
    if relayed:
        return notice_kind(CUSTOMER_SERVICE)
    if local == "seller-performance":
        return notice_kind(PERFORMANCE)
    return notice_kind(OTHER)


_FIELD_RE = re.compile(r"^\s*(Order#|Item|Reason|Details)\s*:\s*(.*)$", re.IGNORECASE | re.MULTILINE)


def relay_fields(body: str) -> dict[str, str]:
    """The ``Order#: / Item: / Reason: / Details:`` block of a customer-service relay."""
    out: dict[str, str] = {}
    for name, value in _FIELD_RE.findall(body or ""):
        key = name.lower().rstrip("#")
        out.setdefault(key, value.strip())
    return out
