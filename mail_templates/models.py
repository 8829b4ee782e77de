"""Per-tenant email templates, the outbox and its attachments (tenant tables)."""

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tenants.model_base import TenantModel
from tenants.models import utcnow

REQUESTED = "requested"  # asked for; the sender composes it (or drops it)
PENDING = "pending"
SENDING = "sending"  # leased by a sender
SENT = "sent"
FAILED = "failed"


class TemplateSwitch(TenantModel):
    """Whether the tenant sends template ``slug`` at all: one switch for every language."""

    __tablename__ = "email_template_switches"

    slug: Mapped[str] = mapped_column(String(64), primary_key=True)
    active: Mapped[bool] = mapped_column(Boolean)


class EmailTemplate(TenantModel):
    """The tenant's editable copy of one template in one language."""

    __tablename__ = "email_templates"
    __table_args__ = (UniqueConstraint("slug", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(5))
    subject: Mapped[str] = mapped_column(String(255))
    body_html: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    switch: Mapped[TemplateSwitch | None] = relationship(
        primaryjoin="foreign(EmailTemplate.slug) == TemplateSwitch.slug",
        viewonly=True,
        lazy="joined",
    )

    @property
    def active(self) -> bool:
        """Whether this template is sent (the switch of its slug, in every language)."""
        return self.switch is not None and self.switch.active

    @property
    def audit_label(self) -> str:
        """How the audit log names it: slug and language."""
        return f"{self.slug} ({self.language})"


def hold_imported(row: dict) -> dict:
    """``tenants import`` never re-sends mail: anything not sent is marked failed with a note."""
    if row.get("status") == SENT:
        return row
    note = "Imported from an export and not sent again; retry in the email log if wanted."
    return row | {"status": FAILED, "last_error": note}


class OutboxMessage(TenantModel):
    """A rendered email waiting for (or done with) delivery."""

    __tablename__ = "outbox"
    __table_args__ = {"info": {"on_import": hold_imported}}

    id: Mapped[int] = mapped_column(primary_key=True)
    template_slug: Mapped[str] = mapped_column(String(64))
    to_email: Mapped[str] = mapped_column(String(254))
    to_name: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(255))
    body_html: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reply_to: Mapped[str | None] = mapped_column(String(254))  # answers go here (tickets)

    attachments: Mapped[list["OutboxAttachment"]] = relationship(
        order_by="OutboxAttachment.id", cascade="all, delete-orphan", passive_deletes=True
    )


class OutboxAttachment(TenantModel):
    """A file sent with an outbox message (a document's PDF): its bytes are kept with the
    message, so a message that waits for a retry still sends what was attached when it was
    queued; the row goes with its message (``ON DELETE CASCADE``) and with the tenant."""

    __tablename__ = "outbox_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)
