"""Escalation records (issue 15, "Escalation handoff"): the brief's edits, out-of-policy
authorizations, reshipments, post-mortems and the drill marker.

Kept apart from models.py (imported at its bottom, so ``Base.metadata`` holds these tables);
the schema is built by migration 0010.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from warroom.storage.models import Base
from warroom.storage.types import UTCDateTime


class EscalationBrief(Base):
    """What people wrote into an escalated ticket's brief.  A field left None shows what the
    system knows (order, buyer, red flag, actions, deadline), computed when the brief is read."""

    __tablename__ = "escalation_brief"

    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), primary_key=True, autoincrement=False)
    order_ref: Mapped[str | None] = mapped_column(Text)
    buyer: Mapped[str | None] = mapped_column(Text)
    nature: Mapped[str | None] = mapped_column(Text)
    done: Mapped[str | None] = mapped_column(Text)
    emotional_state: Mapped[str | None] = mapped_column(Text)
    deadline: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RemedyAuthorization(Base):
    """An out-of-policy remedy a compliance or admin user allowed on one order or ticket."""

    __tablename__ = "remedy_authorization"
    __table_args__ = (CheckConstraint("kind IN ('compensation', 'express-reship', 'future-discount')",
                                      name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    amazon_order_id: Mapped[str | None] = mapped_column(String(19), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    limit_amount: Mapped[str | None] = mapped_column(String(32))     # decimal text; None: no money involved
    currency: Mapped[str | None] = mapped_column(String(3))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    granted_by: Mapped[str] = mapped_column(String(64))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuthorizedRefund(Base):
    """A refund logged above the order's total, and the authorization it was logged under."""

    __tablename__ = "authorized_refund"

    refund_id: Mapped[int] = mapped_column(ForeignKey("refund_entry.id"), primary_key=True, autoincrement=False)
    authorization_id: Mapped[int] = mapped_column(ForeignKey("remedy_authorization.id"), index=True)


class Reshipment(Base):
    """A replacement sent by hand, logged like a refund: what, how, why, who, when."""

    __tablename__ = "reshipment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    amazon_order_id: Mapped[str | None] = mapped_column(String(19))
    items: Mapped[str] = mapped_column(Text)             # JSON list of {"sku", "quantity"}
    carrier: Mapped[str] = mapped_column(String(64))
    tracking: Mapped[str | None] = mapped_column(String(128))
    express: Mapped[bool] = mapped_column(Boolean, default=False)
    authorization_id: Mapped[int | None] = mapped_column(ForeignKey("remedy_authorization.id"))
    reason: Mapped[str] = mapped_column(Text)
    shipped_at: Mapped[datetime] = mapped_column(UTCDateTime)
    logged_by: Mapped[str] = mapped_column(String(64))
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PostMortem(Base):
    """What a closed escalation taught: root cause, what was done, what changes (and the rule
    changes it led to).  The knowledge base is these rows."""

    __tablename__ = "post_mortem"
    __table_args__ = (CheckConstraint("root_cause IN ('product-defect', 'logistics', 'listing-description', "
                                      "'earlier-service-handling', 'other')", name="root_cause"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), unique=True)
    root_cause: Mapped[str] = mapped_column(String(32))
    what_done: Mapped[str] = mapped_column(Text)
    what_changes: Mapped[str] = mapped_column(Text)
    rule_links: Mapped[str] = mapped_column(Text, default="[]")      # JSON list of "kind:rule_id"
    written_by: Mapped[str] = mapped_column(String(64))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DrillMarker(Base):
    """Present only in a drill copy: this database is a drill, not the real one."""

    __tablename__ = "drill_marker"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text)                # the real database it was copied from
    started_by: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ticket_id: Mapped[int | None] = mapped_column(Integer)   # the simulated escalation
    injected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_seq: Mapped[int] = mapped_column(Integer)          # entries after this one are the drill's


__all__ = ["EscalationBrief", "RemedyAuthorization", "AuthorizedRefund", "Reshipment", "PostMortem", "DrillMarker"]
