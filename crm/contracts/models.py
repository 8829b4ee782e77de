"""Contracts, their types, history lines, discussion and attachments (tenant tables)."""

from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.customers.models import Customer
from crm.discussion import CommentColumns
from crm.staff.models import Staff
from gorilla.attachments import StoredFile
from gorilla.choices import LabelledEnum
from gorilla.signatures import SignatureColumns
from tenants.model_base import TenantModel
from tenants.models import utcnow


class ContractStatus(LabelledEnum):
    """What a contract shows; ``EXPIRED`` is never stored: a sent or signed contract whose
    end date has passed."""

    DRAFT = "draft", _l("Draft")
    SENT = "sent", _l("Sent")
    SIGNED = "signed", _l("Signed")
    EXPIRED = "expired", _l("Expired")
    TERMINATED = "terminated", _l("Terminated")


class ContractEvent(LabelledEnum):
    """One line of a contract's history."""

    CREATED = "created", _l("Created")
    EDITED = "edited", _l("Edited")
    SENT = "sent", _l("Sent to the customer")
    SIGNED = "signed", _l("Signed")
    TERMINATED = "terminated", _l("Terminated")
    RENEWED = "renewed", _l("Renewed")
    RENEWAL_OF = "renewal_of", _l("Created as renewal")
    ATTACHMENT_ADDED = "attachment_added", _l("Attachment added")
    ATTACHMENT_DELETED = "attachment_deleted", _l("Attachment deleted")
    REMINDED = "reminded", _l("Expiry reminder sent")


Money = Numeric(12, 2)


class ContractType(TenantModel):
    """A kind of contract the agency offers (Wartungsvertrag, Hosting, …)."""

    __tablename__ = "contract_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class Contract(SignatureColumns, TenantModel):
    """A contract with a customer. Once signed, ``signed_file_id`` holds the PDF as it was
    signed (version ``signed_version``); later edits raise ``version``."""

    __tablename__ = "contracts"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    contract_type_id: Mapped[int | None] = mapped_column(
        ForeignKey("contract_types.id", ondelete="SET NULL"), index=True
    )
    contract_value: Mapped[Decimal | None] = mapped_column(Money)
    datestart: Mapped[date] = mapped_column(Date)
    dateend: Mapped[date | None] = mapped_column(Date, index=True)
    content: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=ContractStatus.DRAFT, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    signed_version: Mapped[int | None] = mapped_column(Integer)
    signed_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="SET NULL")
    )
    renewed_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("contracts.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    customer: Mapped[Customer] = relationship()
    contract_type: Mapped[ContractType | None] = relationship()
    signed_file: Mapped[StoredFile | None] = relationship()
    created_by: Mapped[Staff | None] = relationship()

    @property
    def expired(self) -> bool:
        """Whether a sent or signed contract's end date has passed."""
        return (
            self.status in (ContractStatus.SENT, ContractStatus.SIGNED)
            and self.dateend is not None
            and self.dateend < date.today()
        )

    @property
    def shown_status(self) -> str:
        """The status to show (``expired`` computed from the end date)."""
        return ContractStatus.EXPIRED if self.expired else self.status

    @property
    def signable(self) -> bool:
        """Whether the customer may sign now: sent, not expired."""
        return self.status == ContractStatus.SENT and not self.expired

    @property
    def editable(self) -> bool:
        """Terminated contracts stay as they are."""
        return self.status != ContractStatus.TERMINATED


class ContractHistory(TenantModel):
    """One line of a contract's history: what happened, when, by whom."""

    __tablename__ = "contract_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("contracts.id", ondelete="CASCADE"), index=True
    )
    event: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(String(255), default="")
    actor_name: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ContractComment(CommentColumns, TenantModel):
    """One message in a contract's discussion, by a staff member or a contact."""

    __tablename__ = "contract_comments"

    contract_id: Mapped[int] = mapped_column(
        ForeignKey("contracts.id", ondelete="CASCADE"), index=True
    )


class ContractAttachment(TenantModel):
    """A file attached to a contract (the file itself is a ``StoredFile``)."""

    __tablename__ = "contract_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("contracts.id", ondelete="CASCADE"), index=True
    )
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id", ondelete="CASCADE"))

    file: Mapped[StoredFile] = relationship()
