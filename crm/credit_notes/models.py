"""Credit notes, their items, where their credit went (applied to invoices, refunded)."""

from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.customers.models import Customer
from crm.invoices.lines import DocumentTotals, LineItemColumns, Money
from crm.invoices.models import Invoice
from gorilla.choices import LabelledEnum
from tenants.model_base import TenantModel
from tenants.models import utcnow


class CreditNoteStatus(LabelledEnum):
    """Computed from the remaining credit, never stored."""

    OPEN = "open", _l("Open")
    CLOSED = "closed", _l("Closed")


class CreditNote(DocumentTotals, TenantModel):
    """A credit to a customer, usually for (part of) an invoice."""

    __tablename__ = "credit_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"), index=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    issue_date: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    amount_applied: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    amount_refunded: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    customer: Mapped[Customer] = relationship()
    invoice: Mapped[Invoice | None] = relationship()
    items: Mapped[list["CreditNoteItem"]] = relationship(
        cascade="all, delete-orphan", order_by="CreditNoteItem.position"
    )
    uses: Mapped[list["CreditUse"]] = relationship(
        cascade="all, delete-orphan", order_by="CreditUse.id"
    )

    @property
    def remaining(self) -> Decimal:
        """Credit not yet applied or refunded."""
        return self.total - self.amount_applied - self.amount_refunded

    @property
    def status(self) -> str:
        """``open`` while credit remains, else ``closed``."""
        return CreditNoteStatus.OPEN if self.remaining > 0 else CreditNoteStatus.CLOSED

    @property
    def editable(self) -> bool:
        """Items and date may change until credit was used."""
        return not self.amount_applied and not self.amount_refunded

    @property
    def audit_label(self) -> str:
        """How the audit log names it."""
        return self.number


class CreditNoteItem(LineItemColumns, TenantModel):
    """One line of a credit note."""

    __tablename__ = "credit_note_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    credit_note_id: Mapped[int] = mapped_column(
        ForeignKey("credit_notes.id", ondelete="CASCADE"), index=True
    )


class CreditUse(TenantModel):
    """Credit applied to an invoice (``invoice_id``) or refunded (no invoice)."""

    __tablename__ = "credit_note_uses"

    id: Mapped[int] = mapped_column(primary_key=True)
    credit_note_id: Mapped[int] = mapped_column(
        ForeignKey("credit_notes.id", ondelete="CASCADE"), index=True
    )
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    used_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    invoice: Mapped[Invoice | None] = relationship()
