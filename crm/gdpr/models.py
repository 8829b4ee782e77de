"""Consent records and erasure requests (tenant tables).

Both keep the contact's id without a foreign key: they are proof that outlives the contact row
(a deleted contact leaves its consents behind; an anonymised one keeps its id).
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from gorilla.choices import LabelledEnum
from tenants.model_base import TenantModel
from tenants.models import utcnow


class ConsentPurpose(LabelledEnum):
    """What a contact agreed to."""

    PRIVACY_POLICY = "privacy_policy", _l("Privacy policy")


class ConsentAction(LabelledEnum):
    """Given or withdrawn."""

    GIVEN = "given", _l("given")
    WITHDRAWN = "withdrawn", _l("withdrawn")


class Consent(TenantModel):
    """One consent event: who, for what, given or withdrawn, when, from where, which text."""

    __tablename__ = "consents"
    __table_args__ = (Index("ix_consents_contact_id", "contact_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(Integer)
    customer_id: Mapped[int] = mapped_column(Integer)
    purpose: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(10))
    text_version: Mapped[int] = mapped_column(Integer, default=0)
    ip_address: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def purpose_label(self) -> str:
        """The translated purpose."""
        return ConsentPurpose.label_of(self.purpose)

    @property
    def action_label(self) -> str:
        """The translated action."""
        return ConsentAction.label_of(self.action)


class ErasureStatus(LabelledEnum):
    """Where an erasure request stands."""

    OPEN = "open", _l("open")
    ANONYMISED = "anonymised", _l("anonymised")


class ErasureRequest(TenantModel):
    """A contact's request to erase its personal data, until staff anonymise the contact."""

    __tablename__ = "erasure_requests"
    __table_args__ = (Index("ix_erasure_requests_status", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(Integer, index=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    # Who asked, as it was (the contact row is anonymised later).
    contact_label: Mapped[str] = mapped_column(String(254), default="")
    status: Mapped[str] = mapped_column(String(12), default=ErasureStatus.OPEN)
    ip_address: Mapped[str] = mapped_column(String(45), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    handled_by: Mapped[str] = mapped_column(String(254), default="")

    @property
    def status_label(self) -> str:
        """The translated status."""
        return ErasureStatus.label_of(self.status)
