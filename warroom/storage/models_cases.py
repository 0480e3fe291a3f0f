"""Seller Support cases and FBM order decisions (imported at the bottom of models.py, so
``Base.metadata`` holds them).  Built by migration 0011."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from warroom.storage.models import Base
from warroom.storage.types import UTCDateTime


class SupportCase(Base):
    """A case the team opened with Amazon's Seller Support.  ``asins``, ``order_ids`` and
    ``shipment_ids`` are JSON lists; ``outcome`` is set when the case is closed and cleared by a
    reopen.  ``over_limit_reason`` is set when it was opened past the daily limit."""

    __tablename__ = "support_case"
    __table_args__ = (
        CheckConstraint("channel IN ('EMAIL', 'PHONE', 'CHAT')", name="channel"),
        CheckConstraint("outcome IS NULL OR outcome IN ('RESOLVED', 'NOT_RESOLVED', 'ESCALATED', 'NO_ANSWER', "
                        "'WITHDRAWN')", name="outcome"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(String(32), unique=True)        # Amazon's
    topic: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(8))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    opened_by: Mapped[str] = mapped_column(String(64))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    asins: Mapped[str] = mapped_column(Text, default="[]")
    order_ids: Mapped[str] = mapped_column(Text, default="[]")
    shipment_ids: Mapped[str] = mapped_column(Text, default="[]")
    note: Mapped[str | None] = mapped_column(Text)
    over_limit_reason: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)   # Amazon's answer
    answer_note: Mapped[str | None] = mapped_column(Text)
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str | None] = mapped_column(String(16))
    outcome_note: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by: Mapped[str | None] = mapped_column(String(64))


class FbmDecisionEntry(Base):
    """One decision on an unshipped FBM order.  Never changed: a new decision replaces the
    order's current one (``replaces_id``), so the history stays."""

    __tablename__ = "fbm_decision"
    __table_args__ = (
        CheckConstraint("decision IN ('SHIP', 'CANCEL_AND_REFUND', 'HOLD')", name="decision"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("amazon_order.id"), index=True)
    amazon_order_id: Mapped[str] = mapped_column(String(19))
    decision: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("fbm_decision.id"))
