"""Estimates, their items and history (tenant tables)."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.customers.models import Customer
from crm.invoices.lines import DocumentTotals, LineItemColumns
from crm.invoices.models import Invoice
from gorilla.choices import LabelledEnum
from gorilla.signatures import SignatureColumns
from tenants.model_base import TenantModel
from tenants.models import utcnow


class EstimateStatus(LabelledEnum):
    """What an estimate shows; all but ``EXPIRED`` are stored, that one is a sent estimate
    past its valid-until date."""

    DRAFT = "draft", _l("Draft")
    SENT = "sent", _l("Sent")
    EXPIRED = "expired", _l("Expired")
    ACCEPTED = "accepted", _l("Accepted")
    DECLINED = "declined", _l("Declined")


class EstimateEvent(LabelledEnum):
    """Lines of an estimate's history."""

    CREATED = "created", _l("Estimate created")
    SENT = "sent", _l("Sent to the customer")
    VIEWED = "viewed", _l("Viewed by the customer")
    ACCEPTED = "accepted", _l("Accepted")
    DECLINED = "declined", _l("Declined")
    CONVERTED = "converted", _l("Converted to an invoice")
    REMINDED = "reminded", _l("Expiry reminder sent")


class Estimate(DocumentTotals, SignatureColumns, TenantModel):
    """An offer to a customer; the acceptance signature sits in ``SignatureColumns``."""

    __tablename__ = "estimates"
    __table_args__ = (  # the customer area's panel: open estimates, soonest expiry first
        Index("ix_estimates_customer_expiry", "customer_id", "status", "expirydate", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    issue_date: Mapped[date] = mapped_column(Date, index=True)
    expirydate: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=EstimateStatus.DRAFT, index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    declined_reason: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    viewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    converted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    customer: Mapped[Customer] = relationship()
    invoice: Mapped[Invoice | None] = relationship()
    items: Mapped[list["EstimateItem"]] = relationship(
        back_populates="estimate", cascade="all, delete-orphan", order_by="EstimateItem.position"
    )
    history: Mapped[list["EstimateHistory"]] = relationship(
        cascade="all, delete-orphan", order_by="EstimateHistory.id"
    )

    @property
    def expired(self) -> bool:
        """Whether it was sent, not answered, and its valid-until date has passed."""
        return (
            self.status == EstimateStatus.SENT
            and self.expirydate is not None
            and self.expirydate < date.today()
        )

    @property
    def shown_status(self) -> str:
        """The status to show: ``expired`` for a sent estimate past its valid-until date."""
        return EstimateStatus.EXPIRED if self.expired else self.status

    @property
    def editable(self) -> bool:
        """Items, dates and customer may change until the customer answers."""
        return self.status in (EstimateStatus.DRAFT, EstimateStatus.SENT)

    @property
    def answerable(self) -> bool:
        """Whether the customer may still accept or decline it."""
        return self.status == EstimateStatus.SENT and not self.expired

    @property
    def convertible(self) -> bool:
        """Whether it may become an invoice: once, and not after the customer declined."""
        return self.converted_at is None and self.status != EstimateStatus.DECLINED

    @property
    def audit_label(self) -> str:
        """How the audit log names it."""
        return self.number


class EstimateItem(LineItemColumns, TenantModel):
    """One line of an estimate."""

    __tablename__ = "estimate_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    estimate_id: Mapped[int] = mapped_column(
        ForeignKey("estimates.id", ondelete="CASCADE"), index=True
    )

    estimate: Mapped[Estimate] = relationship(back_populates="items")


class EstimateHistory(TenantModel):
    """One line of the estimate's history: what happened, who did it, when."""

    __tablename__ = "estimate_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    estimate_id: Mapped[int] = mapped_column(
        ForeignKey("estimates.id", ondelete="CASCADE"), index=True
    )
    event: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
