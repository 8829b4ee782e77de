"""Invoices, their line items and payments, and the number sequence (tenant tables)."""

from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.customers.models import Customer
from gorilla.choices import LabelledEnum
from tenants.model_base import TenantModel
from tenants.models import utcnow

from .lines import DocumentTotals, LineItemColumns, Money


class InvoiceStatus(LabelledEnum):
    """What an invoice shows; all but ``OVERDUE`` are stored, that one is an unpaid invoice
    past its due date."""

    DRAFT = "draft", _l("Draft")
    UNPAID = "unpaid", _l("Unpaid")
    OVERDUE = "overdue", _l("Overdue")
    PAID = "paid", _l("Paid")
    CANCELLED = "cancelled", _l("Cancelled")


class VatExemption(LabelledEnum):
    """Why an invoice carries no VAT (fixed when it is saved); empty: VAT is charged."""

    NONE = "", _l("VAT charged")
    REVERSE_CHARGE = "reverse_charge", _l("Reverse charge (§ 13b UStG)")
    SMALL_BUSINESS = "small_business", _l("Small business (§ 19 UStG)")


# Items, dates and the customer may change, and the invoice may be cancelled, only while it is
# a draft or unpaid.
EDITABLE_STATUSES = (InvoiceStatus.DRAFT, InvoiceStatus.UNPAID)
OPEN_COLUMNS = ("status", "currency", "duedate", "total", "amount_paid")


class InvoiceSequence(TenantModel):
    """The last number handed out for one prefix (``RE-2026-``); bumped with a row lock."""

    __tablename__ = "invoice_sequences"

    prefix: Mapped[str] = mapped_column(String(30), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Invoice(DocumentTotals, TenantModel):
    """An invoice to a customer; totals are kept in sync with the items by the service."""

    __tablename__ = "invoices"
    __table_args__ = (  # dashboards: open balances read from the index alone
        Index("ix_invoices_open", *OPEN_COLUMNS),
        Index("ix_invoices_customer_open", "customer_id", *OPEN_COLUMNS),
        Index("ix_invoices_customer_due", "customer_id", "status", "duedate", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    issue_date: Mapped[date] = mapped_column(Date)
    duedate: Mapped[date | None] = mapped_column(Date)
    # § 14 UStG: the date of the delivery/service, or its period (empty: the invoice date).
    service_date: Mapped[date | None] = mapped_column(Date)
    service_start: Mapped[date | None] = mapped_column(Date)
    service_end: Mapped[date | None] = mapped_column(Date)
    vat_exemption: Mapped[str] = mapped_column(String(20), default=VatExemption.NONE)
    status: Mapped[str] = mapped_column(String(20), default=InvoiceStatus.DRAFT, index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    amount_paid: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    customer: Mapped[Customer] = relationship()
    items: Mapped[list["InvoiceItem"]] = relationship(
        back_populates="invoice", cascade="all, delete-orphan", order_by="InvoiceItem.position"
    )
    payments: Mapped[list["Payment"]] = relationship(
        back_populates="invoice", cascade="all, delete-orphan", order_by="Payment.id"
    )

    @property
    def shown_status(self) -> str:
        """The status to show: ``overdue`` for an unpaid invoice past its due date."""
        if self.status == InvoiceStatus.UNPAID and self.duedate and self.duedate < date.today():
            return InvoiceStatus.OVERDUE
        return self.status

    @property
    def editable(self) -> bool:
        """Whether items, dates and customer may still change (and it may be cancelled)."""
        return self.status in EDITABLE_STATUSES

    @property
    def cancelled(self) -> bool:
        """Whether the invoice was cancelled (it is kept, with its number)."""
        return self.status == InvoiceStatus.CANCELLED

    @property
    def takes_payments(self) -> bool:
        """Whether payments can be booked: only a sent invoice that is not paid yet."""
        return self.status == InvoiceStatus.UNPAID

    @property
    def balance(self) -> Decimal:
        """What is still owed."""
        return self.total - self.amount_paid


class InvoiceItem(LineItemColumns, TenantModel):
    """One line: description, quantity, unit price (net) and VAT rate in percent."""

    __tablename__ = "invoice_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    invoice: Mapped[Invoice] = relationship(back_populates="items")


class Payment(TenantModel):
    """A payment received for an invoice."""

    __tablename__ = "invoice_payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    amount: Mapped[Decimal] = mapped_column(Money)
    paid_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    invoice: Mapped[Invoice] = relationship(back_populates="payments")
