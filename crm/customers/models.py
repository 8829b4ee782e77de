"""Customers of an agency (tenant table)."""

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gorilla.choices import LabelledEnum
from gorilla.i18n import DEFAULT_LANGUAGE
from tenants.model_base import TenantModel
from tenants.models import utcnow

if TYPE_CHECKING:
    from crm.contacts.models import Contact


class Approval(LabelledEnum):
    """Staff approval of a customer that registered itself (empty: nothing to approve)."""

    NONE = "", _l("Approved")
    PENDING = "pending", _l("Awaiting approval")
    REJECTED = "rejected", _l("Registration rejected")


class Customer(TenantModel):
    """A company the agency works for (Kunde)."""

    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    company: Mapped[str] = mapped_column(String(200), index=True)
    vat: Mapped[str] = mapped_column(String(50), default="")
    phonenumber: Mapped[str] = mapped_column(String(50), default="")
    website: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    zip: Mapped[str] = mapped_column(String(20), default="")
    country: Mapped[str] = mapped_column(String(100), default="")
    default_language: Mapped[str] = mapped_column(String(5), default=DEFAULT_LANGUAGE)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # "Steuerschuldnerschaft des Leistungsempfängers": an EU business customer with a VAT ID
    # pays the VAT itself; its invoices carry no VAT and say so (§ 13b UStG).
    reverse_charge: Mapped[bool] = mapped_column(Boolean, default=False)
    # Self-registration (``crm.registrations``): inactive until confirmed and approved.
    approval: Mapped[str] = mapped_column(String(20), default=Approval.NONE, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    contacts: Mapped[list["Contact"]] = relationship(back_populates="customer")
