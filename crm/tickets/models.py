"""Support tickets, their replies and internal notes, attachments, departments and
predefined replies (tenant tables)."""

import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.contacts.models import Contact
from crm.customers.models import Customer
from crm.discussion import CommentColumns
from crm.staff.models import Staff
from gorilla.attachments import StoredFile
from gorilla.choices import LabelledEnum
from tenants.model_base import TenantModel
from tenants.models import utcnow


class TicketStatus(LabelledEnum):
    """Where a ticket stands; only ``CLOSED`` ends it (no more replies by email)."""

    OPEN = "open", _l("Open")
    IN_PROGRESS = "in_progress", _l("In progress")
    ANSWERED = "answered", _l("Answered")
    ON_HOLD = "on_hold", _l("On hold")
    CLOSED = "closed", _l("Closed")


class TicketPriority(LabelledEnum):
    """How urgent the customer says it is."""

    LOW = "low", _l("Low")
    MEDIUM = "medium", _l("Medium")
    HIGH = "high", _l("High")
    URGENT = "urgent", _l("Urgent")


def new_reply_token() -> str:
    """The unguessable part of a ticket's reply address (128 random bits, lower-case hex so
    that mail servers that fold the local part to lower case keep it intact)."""
    return secrets.token_hex(16)


class Department(TenantModel):
    """A support department of the tenant, optionally with its own support email address."""

    __tablename__ = "ticket_departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254), default="")

    @property
    def audit_label(self) -> str:
        """How the audit log names it."""
        return self.name


class PredefinedReply(TenantModel):
    """A text staff pick as the start of a reply."""

    __tablename__ = "ticket_predefined_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)


class Ticket(TenantModel):
    """A support request of a customer's contact; ``waiting_since`` is set while the customer
    wrote last (the agency owes an answer)."""

    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_last_activity_at", "last_activity_at", "id"),
        Index("ix_tickets_status", "status", "last_activity_at", "id"),
        Index("ix_tickets_customer_id", "customer_id", "last_activity_at", "id"),
        Index("ix_tickets_assignee_id", "assignee_id", "last_activity_at", "id"),
        Index("ix_tickets_department_id", "department_id", "last_activity_at", "id"),
        Index("ix_tickets_waiting_since", "waiting_since"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(200))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket_departments.id", ondelete="SET NULL")
    )
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    priority: Mapped[str] = mapped_column(String(10), default=TicketPriority.MEDIUM)
    status: Mapped[str] = mapped_column(String(16), default=TicketStatus.OPEN)
    reply_token: Mapped[str] = mapped_column(String(32), unique=True, default=new_reply_token)
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    waiting_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    customer: Mapped[Customer] = relationship()
    contact: Mapped[Contact | None] = relationship()
    department: Mapped[Department | None] = relationship()
    assignee: Mapped[Staff | None] = relationship()
    merged_into: Mapped["Ticket | None"] = relationship(remote_side=[id])

    @property
    def is_closed(self) -> bool:
        """Whether the ticket is done (replies by email are refused)."""
        return self.status == TicketStatus.CLOSED

    @property
    def audit_label(self) -> str:
        """How the audit log names it."""
        return f"#{self.id} {self.subject}"


class TicketReply(CommentColumns, TenantModel):
    """One message on a ticket by staff or a contact; ``internal`` notes are staff-only."""

    __tablename__ = "ticket_replies"

    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    via_email: Mapped[bool] = mapped_column(Boolean, default=False)

    attachments: Mapped[list["TicketAttachment"]] = relationship(
        back_populates="reply", order_by="TicketAttachment.id"
    )


class TicketAttachment(TenantModel):
    """A stored file attached to one reply."""

    __tablename__ = "ticket_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    reply_id: Mapped[int] = mapped_column(
        ForeignKey("ticket_replies.id", ondelete="CASCADE"), index=True
    )
    stored_file_id: Mapped[int] = mapped_column(
        ForeignKey("stored_files.id", ondelete="CASCADE"), unique=True
    )

    reply: Mapped[TicketReply] = relationship(back_populates="attachments")
    file: Mapped[StoredFile] = relationship(lazy="joined")
