"""Proposals, their line items and their discussion (tenant tables)."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.customers.models import Customer
from crm.discussion import CommentColumns
from crm.invoices.lines import DocumentTotals, LineItemColumns
from crm.staff.models import Staff
from gorilla.choices import LabelledEnum
from gorilla.signatures import SignatureColumns
from tenants.model_base import TenantModel
from tenants.models import utcnow


class ProposalStatus(LabelledEnum):
    """Where a proposal stands. ``SENT``: emailed, not yet opened by a contact; ``OPEN``: a
    contact has opened it in the customer area; ``EXPIRED`` is only shown: a sent or open
    proposal past its ``open_till`` date (it can no longer be accepted)."""

    DRAFT = "draft", _l("Draft")
    SENT = "sent", _l("Sent")
    OPEN = "open", _l("Open")
    ACCEPTED = "accepted", _l("Accepted")
    DECLINED = "declined", _l("Declined")
    EXPIRED = "expired", _l("Expired")


# The customer may answer, and staff may still edit, while the proposal is one of these.
AWAITING_ANSWER = (ProposalStatus.SENT, ProposalStatus.OPEN)
EDITABLE = (ProposalStatus.DRAFT, *AWAITING_ANSWER)


class Proposal(SignatureColumns, DocumentTotals, TenantModel):
    """A proposal to a customer: subject, Markdown ``content``, items and totals, the answer
    (signature columns on acceptance, ``decline_reason``) and what it was converted to."""

    __tablename__ = "proposals"
    __table_args__ = (Index("ix_proposals_customer_status", "customer_id", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    subject: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text, default="")
    open_till: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=ProposalStatus.DRAFT, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    viewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    converted_to: Mapped[str | None] = mapped_column(String(20))
    converted_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    customer: Mapped[Customer] = relationship()
    staff: Mapped[Staff | None] = relationship()
    items: Mapped[list["ProposalItem"]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProposalItem.position"
    )

    @property
    def number(self) -> str:
        """The proposal's reference as Perfex shows it (``PRO-000042``), also its PDF's name."""
        return f"PRO-{self.id:06d}"

    @property
    def audit_label(self) -> str:
        """How the audit log names the proposal."""
        return f"{self.number} {self.subject}"

    @property
    def expired(self) -> bool:
        """Whether it waits for an answer past its ``open_till`` date."""
        return (
            self.status in AWAITING_ANSWER
            and self.open_till is not None
            and self.open_till < date.today()
        )

    @property
    def shown_status(self) -> str:
        """The status to show (``expired`` for an unanswered one past its date)."""
        return ProposalStatus.EXPIRED if self.expired else self.status

    @property
    def editable(self) -> bool:
        """Whether staff may still change it (until the customer answers)."""
        return self.status in EDITABLE

    @property
    def answerable(self) -> bool:
        """Whether the customer may still accept (not expired) or decline it."""
        return self.status in AWAITING_ANSWER

    @property
    def acceptable(self) -> bool:
        """Whether the customer may accept it now."""
        return self.answerable and not self.expired


class ProposalItem(LineItemColumns, TenantModel):
    """One line of a proposal (the columns of every document's items)."""

    __tablename__ = "proposal_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    proposal: Mapped[Proposal] = relationship(back_populates="items")


class ProposalComment(CommentColumns, TenantModel):
    """One message in a proposal's discussion between staff and the customer's contacts."""

    __tablename__ = "proposal_comments"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
