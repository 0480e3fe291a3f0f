"""Claims (A-to-z, chargebacks), their evidence, and the register of Amazon's notices.

Built by migration 0009; imported at the bottom of ``models.py`` so ``Base.metadata`` holds them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from warroom.storage.models import Base
from warroom.storage.types import UTCDateTime


class Claim(Base):
    """A claim against one order: what Amazon asked, what the seller submitted, the outcome."""

    __tablename__ = "claim"
    __table_args__ = (
        CheckConstraint("type IN ('A_TO_Z', 'CHARGEBACK')", name="type"),
        CheckConstraint("status IN ('OPEN', 'SUBMITTED', 'GRANTED', 'DENIED', 'WITHDRAWN', 'APPEALED')",
                        name="status"),
        Index("ix_claim_status", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(10))
    amazon_order_id: Mapped[str] = mapped_column(String(19), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("amazon_order.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(Text)                 # the buyer's reason, as Amazon gave it
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    opened_by: Mapped[str] = mapped_column(String(64))
    info_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by: Mapped[str | None] = mapped_column(String(64))
    submission: Mapped[str | None] = mapped_column(Text)              # what was submitted to Amazon
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    appealed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    amount: Mapped[str | None] = mapped_column(String(32))            # decimal text
    currency: Mapped[str | None] = mapped_column(String(3))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ClaimEvidence(Base):
    """A piece of evidence attached to a claim: a reference to a file or a record, with a note."""

    __tablename__ = "claim_evidence"
    __table_args__ = (
        CheckConstraint("kind IN ('PROOF_OF_SHIPMENT', 'TRACKING', 'PHOTOS', 'CONVERSATION', 'REFUNDS', 'OTHER')",
                        name="kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str] = mapped_column(Text)                      # a file path, tracking number, "ticket:12", ...
    note: Mapped[str | None] = mapped_column(Text)
    added_by: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Notice(Base):
    """Mail from Amazon itself (claim notices, chargebacks, warnings, performance notifications,
    customer-service relays): not a buyer ticket; what it needs and by when."""

    __tablename__ = "notice"
    __table_args__ = (
        CheckConstraint("kind IN ('A_TO_Z', 'CHARGEBACK', 'POLICY_WARNING', 'PERFORMANCE', 'CUSTOMER_SERVICE', "
                        "'OTHER')", name="kind"),
        CheckConstraint("status IN ('open', 'answered')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    amazon_order_id: Mapped[str | None] = mapped_column(String(19), index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    from_addr: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    response_needed: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(8), default="open")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by: Mapped[str | None] = mapped_column(String(64))
    answer: Mapped[str | None] = mapped_column(Text)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), index=True)
    dedupe_key: Mapped[str] = mapped_column(String(255), unique=True)
    source_ref: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
