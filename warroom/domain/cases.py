"""Seller Support cases and FBM order decisions: the domain's rules, no storage.

Seller Support cases (DOMAIN.md, "Seller Support cases"): each case the team opens with Amazon
is logged (Amazon's case id, topic, channel, the agent, the ASINs, orders and shipments it
names, whether it was marked urgent, Amazon's answer time, reopens, the outcome).  Opening
cases too often is itself a suspension risk: sellers report warnings at 10-30 a day.  The rate
guard counts the cases opened on the seller's day; opening one more than the daily limit needs
an explicit confirmation with a reason.  The "urgent" box must not be overused either: more
than ``cases.urgent_daily_limit`` urgent cases a day gives a warning.

FBM orders during a suspension: each unshipped merchant-fulfilled order gets a decision
(ship, cancel and refund, hold) with a note; a later decision replaces it, the history stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Iterable

from warroom.domain.orders import ORDER_ID_RE
from warroom.errors import BadInput, BusinessRuleError

DEFAULT_DAILY_LIMIT = 10
DEFAULT_URGENT_DAILY_LIMIT = 2
CASE_ID_MAX = 32
TOPIC_MAX = 200
NOTE_MAX = 4_000
REFS_MAX = 50                            # ASINs, orders or shipments named by one case

ASIN_RE = re.compile(r"B0[A-Z0-9]{8}", re.ASCII)
#: an FBA shipment id (FBA + letters and digits, e.g. FBA15ABCD123)
SHIPMENT_RE = re.compile(r"FBA[A-Z0-9]{5,13}", re.ASCII)
CASE_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{3,31}", re.ASCII)


class CaseChannel(StrEnum):
    EMAIL = "EMAIL"
    PHONE = "PHONE"
    CHAT = "CHAT"


class CaseOutcome(StrEnum):
    RESOLVED = "RESOLVED"
    NOT_RESOLVED = "NOT_RESOLVED"
    ESCALATED = "ESCALATED"              # Amazon passed it to a specialised team
    NO_ANSWER = "NO_ANSWER"
    WITHDRAWN = "WITHDRAWN"              # the team closed it itself


class FbmDecision(StrEnum):
    SHIP = "SHIP"
    CANCEL_AND_REFUND = "CANCEL_AND_REFUND"
    HOLD = "HOLD"


#: the CLI's spellings (``--decision cancel-refund``)
DECISION_WORDS = {"ship": FbmDecision.SHIP, "cancel-refund": FbmDecision.CANCEL_AND_REFUND,
                  "hold": FbmDecision.HOLD}
#: order statuses of an FBM order still to ship
UNSHIPPED_STATUSES = ("Unshipped", "PartiallyShipped")


class CaseLimitReached(BusinessRuleError):
    """Opening one more case today passes the daily limit: needs a confirmation with a reason."""

    def __init__(self, day: date, count: int, limit: int) -> None:
        super().__init__(f"{count} Seller Support case{'s' if count != 1 else ''} already opened on {day.isoformat()} "
                         f"(daily limit {limit}): opening more risks a warning from Amazon; confirm with a reason "
                         f"to open it anyway")
        self.day = day
        self.count = count
        self.limit = limit


# ------------------------------------------------------------------------------ parsing

def _enum(cls: type[StrEnum], value: str, field: str) -> StrEnum:
    text = (value or "").strip().upper().replace("-", "_").replace(" ", "_")
    try:
        return cls(text)
    except ValueError:
        options = ", ".join(m.value.lower() for m in cls)
        raise BadInput(f"{value[:40]!r} is not one of {options}", field=field) from None


def parse_channel(value: str) -> CaseChannel:
    return CaseChannel(_enum(CaseChannel, value, "channel"))


def parse_outcome(value: str) -> CaseOutcome:
    return CaseOutcome(_enum(CaseOutcome, value, "outcome"))


def parse_decision(value: str) -> FbmDecision:
    word = (value or "").strip().lower()
    if word in DECISION_WORDS:
        return DECISION_WORDS[word]
    return FbmDecision(_enum(FbmDecision, value, "decision"))


def case_ref(value: str) -> str:
    """Amazon's case id as typed (digits usually; letters and hyphens allowed)."""
    text = (value or "").strip()
    if not CASE_ID_RE.fullmatch(text):
        raise BadInput(f"not a Seller Support case id: {text[:40]!r} (4-32 letters, digits or hyphens, "
                       f"as Amazon shows it)", field="case_id")
    return text


def one_line(value: str | None, field: str, limit: int, *, required: bool = False) -> str | None:
    text = " ".join((value or "").split())
    if not text:
        if required:
            raise BadInput(f"{field} is required", field=field)
        return None
    if len(text) > limit:
        raise BadInput(f"{field} is longer than {limit} characters", field=field)
    return text


def note_text(value: str | None, field: str = "note") -> str | None:
    text = (value or "").replace("\r\n", "\n").strip()
    if not text:
        return None
    if len(text) > NOTE_MAX:
        raise BadInput(f"{field} is longer than {NOTE_MAX} characters", field=field)
    return text


def _refs(values: Iterable[str], pattern: re.Pattern[str], field: str, example: str, upper: bool) -> tuple[str, ...]:
    out: list[str] = []
    for raw in values:
        for part in re.split(r"[\s,;]+", raw or ""):
            if not part:
                continue
            item = part.upper() if upper else part
            if not pattern.fullmatch(item):
                raise BadInput(f"not {example}: {part[:40]!r}", field=field)
            if item not in out:
                out.append(item)
    if len(out) > REFS_MAX:
        raise BadInput(f"at most {REFS_MAX} {field} per case", field=field)
    return tuple(out)


def asins(values: Iterable[str]) -> tuple[str, ...]:
    return _refs(values, ASIN_RE, "asins", "an ASIN (B0 and 8 letters or digits, like B07XJ8C8F5)", True)


def order_ids(values: Iterable[str]) -> tuple[str, ...]:
    return _refs(values, ORDER_ID_RE, "orders", "an Amazon order id (like 123-1234567-1234567)", False)


def shipment_ids(values: Iterable[str]) -> tuple[str, ...]:
    return _refs(values, SHIPMENT_RE, "shipments", "an FBA shipment id (like FBA15ABCD123)", True)


# ------------------------------------------------------------------------------ the seller's day

def day_of(when: datetime, zone: tzinfo) -> date:
    return when.astimezone(zone).date()


def day_bounds(day: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """The UTC instants where ``day`` begins and the next begins in ``zone`` (23 or 25 hours
    long on a daylight-saving change)."""
    from warroom.clock import UTC

    start = datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return start, end


@dataclass(frozen=True)
class RateGuard:
    """What the guard says about one more case on a day."""

    count: int                  # cases already opened that day
    limit: int
    urgent_count: int
    urgent_limit: int

    @property
    def at_limit(self) -> bool:
        """One more case would pass the limit."""
        return self.count >= self.limit

    def urgent_overused(self, urgent: bool) -> bool:
        return urgent and self.urgent_count >= self.urgent_limit


# ------------------------------------------------------------------------------ FBM ship-by groups

class ShipGroup(StrEnum):
    PAST_DUE = "past_due"
    DUE_TODAY = "due_today"
    LATER = "later"
    NO_DATE = "no_date"


def ship_group(latest_ship: datetime | None, now: datetime, zone: tzinfo) -> ShipGroup:
    """Past due: its latest ship date has passed; due today: it falls later on the seller's
    today; later: after today."""
    if latest_ship is None:
        return ShipGroup.NO_DATE
    if latest_ship < now:
        return ShipGroup.PAST_DUE
    if day_of(latest_ship, zone) == day_of(now, zone):
        return ShipGroup.DUE_TODAY
    return ShipGroup.LATER
