"""The database schema as typed SQLAlchemy 2 models.

The schema itself is built by the Alembic migrations in ``storage/migrations``;
``tests/core/test_migrations.py`` checks that these models and the migrations agree.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean, CheckConstraint, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Text,
    UniqueConstraint, text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from warroom.storage.types import UTCDateTime

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class User(Base):
    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint("role IN ('agent', 'compliance', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Who gave the user their current role, and who last set their password (and when): a
    # compliance user cannot approve the drafts of the admin who made or armed them that day.
    role_granted_by: Mapped[str | None] = mapped_column(String(64))
    role_granted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_set_by: Mapped[str | None] = mapped_column(String(64))
    password_set_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Setting(Base):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[str] = mapped_column(Text)          # JSON text
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(64))


class Suspension(Base):
    __tablename__ = "suspension"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    declared_by: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    notice_text: Mapped[str | None] = mapped_column(Text)
    notice_received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)   # when Amazon's notice arrived
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lifted_by: Mapped[str | None] = mapped_column(String(64))


class Order(Base):
    __tablename__ = "amazon_order"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    amazon_order_id: Mapped[str] = mapped_column(String(19), unique=True)
    purchase_date: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    last_update: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(32))
    fulfillment_channel: Mapped[str] = mapped_column(String(3))
    marketplace: Mapped[str | None] = mapped_column(String(2))
    sales_channel: Mapped[str | None] = mapped_column(String(64))
    currency: Mapped[str | None] = mapped_column(String(3))
    total: Mapped[str | None] = mapped_column(String(32))   # decimal string
    buyer_name: Mapped[str | None] = mapped_column(String(255))
    buyer_email: Mapped[str | None] = mapped_column(String(255), index=True)
    latest_ship_date: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ship_service_level: Mapped[str | None] = mapped_column(String(64))
    content_hash: Mapped[str] = mapped_column(String(64))   # SHA-256 of the stored fields + items
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)

    items: Mapped[list[OrderItem]] = relationship(back_populates="order", order_by="OrderItem.id",
                                                  cascade="all, delete-orphan")


class OrderItem(Base):
    __tablename__ = "order_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("amazon_order.id", ondelete="CASCADE"), index=True)
    order_item_id: Mapped[str | None] = mapped_column(String(32))
    sku: Mapped[str | None] = mapped_column(String(128))
    asin: Mapped[str | None] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(Text)
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[str | None] = mapped_column(String(32))
    line_price: Mapped[str | None] = mapped_column(String(32))
    currency: Mapped[str | None] = mapped_column(String(3))
    item_status: Mapped[str | None] = mapped_column(String(32))

    order: Mapped[Order] = relationship(back_populates="items")


class Ticket(Base):
    __tablename__ = "ticket"
    __table_args__ = (
        CheckConstraint("channel IN ('amazon', 'email', 'web', 'social')", name="channel"),
        CheckConstraint("status IN ('open', 'waiting', 'answered', 'closed')", name="status"),
        CheckConstraint("tier BETWEEN 1 AND 3", name="tier"),
        Index("ix_ticket_queue", "status", "priority", "due_at"),
        # the queue's default order (priority, clock, NULL clocks last): keyset pages without a scan
        Index("ix_ticket_queue_order", "priority", text("(due_at IS NULL)"), "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(8))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("amazon_order.id"), index=True)
    amazon_order_id: Mapped[str | None] = mapped_column(String(19), index=True)
    buyer_address: Mapped[str | None] = mapped_column(String(255), index=True)
    buyer_name: Mapped[str | None] = mapped_column(String(255))
    marketplace: Mapped[str | None] = mapped_column(String(2))
    subject: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(8), default="open")
    category: Mapped[str] = mapped_column(String(24), default="OTHER")
    priority: Mapped[int] = mapped_column(Integer, default=3)
    tier: Mapped[int] = mapped_column(Integer, default=1)
    language: Mapped[str | None] = mapped_column(String(8))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_inbound_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_outbound_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    no_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)   # "no response needed" up to here
    category_source: Mapped[str] = mapped_column(String(8), default="auto", server_default="auto")  # auto | manual
    triage_reasons: Mapped[str | None] = mapped_column(Text)    # JSON: why the category and flags were set
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    assignee: Mapped[User | None] = relationship()
    order: Mapped[Order | None] = relationship()
    tags: Mapped[list[TicketTag]] = relationship(order_by="TicketTag.tag", cascade="all, delete-orphan")
    messages: Mapped[list[Message]] = relationship(order_by="Message.at, Message.id", back_populates="ticket")
    notes: Mapped[list[Note]] = relationship(order_by="Note.at, Note.id")


class TicketTag(Base):
    __tablename__ = "ticket_tag"

    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    set_by: Mapped[str] = mapped_column(String(64))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Message(Base):
    __tablename__ = "message"
    __table_args__ = (CheckConstraint("direction IN ('inbound', 'outbound')", name="direction"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    direction: Mapped[str] = mapped_column(String(8))
    from_addr: Mapped[str] = mapped_column(String(255))
    from_name: Mapped[str | None] = mapped_column(String(255))
    to_addr: Mapped[str | None] = mapped_column(String(255))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    subject: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text)
    source_ref: Mapped[str] = mapped_column(Text, default="")
    rfc_message_id: Mapped[str | None] = mapped_column(Text)   # the Message-ID header, without <>: replies thread to it
    dedupe_key: Mapped[str] = mapped_column(String(255), unique=True)
    raw: Mapped[bytes | None] = mapped_column(LargeBinary)
    problems: Mapped[str | None] = mapped_column(Text)     # JSON list of parse problems
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    ticket: Mapped[Ticket] = relationship(back_populates="messages")
    attachments: Mapped[list[Attachment]] = relationship(order_by="Attachment.id")


class Attachment(Base):
    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("message.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Note(Base):
    __tablename__ = "note"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    author: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    text: Mapped[str] = mapped_column(Text)


class Rule(Base):
    """Rules as data: triage (categories, red flags) and lint (forbidden language).

    Seeded from resources/rules/*.json, extended by compliance users, every change audited."""

    __tablename__ = "rule"
    __table_args__ = (CheckConstraint("kind IN ('triage', 'lint')", name="kind"),
                      CheckConstraint("source IN ('seed', 'user')", name="source"))

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    definition: Mapped[str] = mapped_column(Text)      # JSON object
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(String(8))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(64))


class SeedState(Base):
    """Which version (SHA-256 of the resource file) of the shipped rules a database has taken in."""

    __tablename__ = "seed_state"

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    seeded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DeadlineEvent(Base):
    """A deadline the application found missed: recorded once (and audited by `system`)."""

    __tablename__ = "deadline_event"
    __table_args__ = (UniqueConstraint("kind", "subject", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))              # response | atoz | appeal
    subject: Mapped[str] = mapped_column(String(32))          # "message:12" or "ticket:5"
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    found_at: Mapped[datetime] = mapped_column(UTCDateTime)
    suspended_at_due: Mapped[bool] = mapped_column(Boolean)
    suspension_id: Mapped[int | None] = mapped_column(ForeignKey("suspension.id"))


class RefundEntry(Base):
    """A refund the team paid by hand (Seller Central locked): what, how, when, by whom.
    Entries are never changed; a mistake is corrected by a new entry that reverses it."""

    __tablename__ = "refund_entry"
    __table_args__ = (CheckConstraint("kind IN ('refund', 'reversal')", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("amazon_order.id"), index=True)
    amazon_order_id: Mapped[str | None] = mapped_column(String(19))
    kind: Mapped[str] = mapped_column(String(8), default="refund")
    amount: Mapped[str] = mapped_column(String(32))            # decimal text, as money is stored everywhere
    currency: Mapped[str] = mapped_column(String(3))
    method: Mapped[str] = mapped_column(String(64))            # how it was paid: "PayPal", "bank transfer", ...
    reference: Mapped[str | None] = mapped_column(String(128))  # the payment's own id
    refunded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("refund_entry.id"))
    logged_by: Mapped[str] = mapped_column(String(64))
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AllowlistEntry(Base):
    """A contact compliance allows in replies (carrier, manufacturer, warranty): the lint's
    e-mail and phone rules pass it.  Kind: email, phone or domain."""

    __tablename__ = "allowlist_entry"
    __table_args__ = (CheckConstraint("kind IN ('email', 'phone', 'domain')", name="kind"),
                      UniqueConstraint("kind", "value"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    value: Mapped[str] = mapped_column(String(255))
    note: Mapped[str] = mapped_column(Text, default="")
    added_by: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Template(Base):
    """One version of a reply template in one language.

    ``key`` names the template across languages; editing an approved version makes a new
    version (draft) that needs approval again.  Drafts keep the version they were rendered from."""

    __tablename__ = "reply_template"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'approved', 'retired')", name="status"),
        UniqueConstraint("key", "language", "version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8))
    category: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text, default="")
    subject: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))        # template_hash(): category, language, subject, body
    status: Mapped[str] = mapped_column(String(8), default="draft")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by: Mapped[str | None] = mapped_column(String(64))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retired_by: Mapped[str | None] = mapped_column(String(64))


class Draft(Base):
    """An outgoing reply from drafting to dispatch.

    kind: ``template`` (rendered from an approved template), ``text`` (free text, outside a
    suspension) or ``senior`` (free text by a compliance or admin user, the only reply an
    ESCALATED ticket gets).  The approval binds ``approved_template_sha256`` and
    ``approved_body_sha256``; a dispatch re-checks both against the draft as it is."""

    __tablename__ = "draft"
    __table_args__ = (
        CheckConstraint("kind IN ('template', 'text', 'senior')", name="kind"),
        CheckConstraint("status IN ('submitted', 'blocked', 'approved', 'rejected', 'voided', 'held', "
                        "'sending', 'dispatched', 'failed')", name="status"),
        Index("ix_draft_status_submitted", "status", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("message.id"))   # the buyer message it answers
    kind: Mapped[str] = mapped_column(String(8))
    author: Mapped[str] = mapped_column(String(64))
    template_id: Mapped[int | None] = mapped_column(ForeignKey("reply_template.id"))
    template_sha256: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(8))
    variables: Mapped[str] = mapped_column(Text, default="{}")     # JSON: the --var values supplied
    subject: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text)
    body_sha256: Mapped[str] = mapped_column(String(64))
    lint: Mapped[str] = mapped_column(Text, default="[]")          # JSON findings
    status: Mapped[str] = mapped_column(String(10))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    approver: Mapped[str | None] = mapped_column(String(64))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_template_sha256: Mapped[str | None] = mapped_column(String(64))
    approved_body_sha256: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)              # rejection, hold or failure reason
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # An e-mail send is claimed before the mail server is contacted (status ``sending``); the
    # Message-ID is fixed then, so a send whose outcome was never recorded can be looked up.
    send_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    send_started_by: Mapped[str | None] = mapped_column(String(64))
    mail_message_id: Mapped[str | None] = mapped_column(String(255))
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dispatched_by: Mapped[str | None] = mapped_column(String(64))
    dispatched_via: Mapped[str | None] = mapped_column(String(8))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("message.id"))

    ticket: Mapped[Ticket] = relationship()
    template: Mapped[Template | None] = relationship()
    reply_to: Mapped[Message | None] = relationship(foreign_keys=[reply_to_id])


class DatabaseIdentity(Base):
    """One row: this database's id (the checkpoints' origin ``warroom/<database id>``)."""

    __tablename__ = "database_identity"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    database_id: Mapped[str] = mapped_column(String(36), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuditKey(Base):
    """A public key that signs checkpoints of this log (the private key lives outside the
    database: a 0600 file in the user data directory of the machine that signs)."""

    __tablename__ = "audit_key"

    key_id: Mapped[str] = mapped_column(String(8), primary_key=True)      # hex of the 4-byte C2SP key id
    name: Mapped[str] = mapped_column(String(100))
    public_key: Mapped[str] = mapped_column(String(64))                   # base64 of the 32-byte Ed25519 key
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuditCheckpoint(Base):
    """A signed checkpoint of the audit log's Merkle tree (C2SP tlog-checkpoint), with the
    tree's frontier at that size so the next one continues without re-reading the log."""

    __tablename__ = "audit_checkpoint"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tree_size: Mapped[int] = mapped_column(Integer, index=True)
    root_hash: Mapped[str] = mapped_column(String(64))                    # hex
    frontier: Mapped[bytes] = mapped_column(LargeBinary)
    note: Mapped[str] = mapped_column(Text)                               # the signed note, verbatim
    key_id: Mapped[str] = mapped_column(String(8))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(16))


class AuditEntryRow(Base):
    """One entry of the append-only chain.  Triggers (storage/dialect.py) refuse UPDATE and
    DELETE and require each INSERT to carry the next ``seq`` and the current head hash."""

    __tablename__ = "audit_entry"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    canonical: Mapped[bytes] = mapped_column(LargeBinary)


__all__ = ["Base", "User", "Setting", "Suspension", "Order", "OrderItem", "Ticket", "TicketTag",
           "Message", "Attachment", "Note", "Rule", "SeedState", "DeadlineEvent", "AllowlistEntry", "Template",
           "Draft", "DatabaseIdentity", "AuditKey", "AuditCheckpoint", "AuditEntryRow"]
from warroom.storage.models_claims import Claim, ClaimEvidence, Notice  # noqa: E402,F401  (claims, notices)

from warroom.storage import models_cases  # noqa: E402,F401  (support_case, fbm_decision: in Base.metadata)
from warroom.storage import models_escalation as _models_escalation  # noqa: E402,F401  (escalation records' tables)
