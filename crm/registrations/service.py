"""Self-registration settings, what a confirmed email address unlocks, approval by staff.

A registered customer starts inactive. It becomes active once its primary contact confirmed
the email address and, in the mode ``pending``, staff approved it (``Customer.approval``).
"""

from flask import g
from flask_babel import gettext as _
from sqlalchemy import select

import mail_templates
from crm.contacts.models import Contact
from crm.contacts.service import primary_contact
from crm.customers.models import Approval, Customer
from crm.customers.service import set_customer_active
from crm.staff.models import Staff
from gorilla.audit import AuditAction, record
from gorilla.extensions import db
from tenants.settings import get_setting, set_setting
from tenants.urls import tenant_url_for

from .models import ApprovalMode

ENABLED_KEY = "self_registration"
MODE_KEY = "self_registration_approval"


class NotPending(ValueError):
    """The customer has no registration waiting for a decision."""


def registration_enabled() -> bool:
    """Whether visitors may register at /kunden/registrieren (off unless switched on)."""
    return bool(get_setting(ENABLED_KEY, False))


def approval_mode() -> ApprovalMode:
    """Whether new customers wait for staff approval (the default) or are active at once."""
    mode = get_setting(MODE_KEY, ApprovalMode.PENDING)
    return ApprovalMode(mode) if ApprovalMode.has(mode) else ApprovalMode.PENDING


def save_settings(enabled: bool, mode: str) -> None:
    """Settings › Customers: switch self-registration and choose the approval mode."""
    set_setting(ENABLED_KEY, bool(enabled))
    set_setting(MODE_KEY, str(ApprovalMode(mode)))


def sign_in_refusal(contact: Contact) -> str | None:
    """Why a registered contact with the right password may not sign in yet, else ``None``."""
    if contact.customer.approval == Approval.REJECTED:
        return _("Your registration was not approved.")
    if not contact.email_confirmed:
        return _("Please confirm your email address first: open the link in the email we sent you.")
    if contact.customer.approval == Approval.PENDING:
        return _(
            "Your registration has not been approved yet. We will let you know by email as "
            "soon as you can sign in."
        )
    return None


def _ready(customer: Customer, contact: Contact) -> bool:
    return customer.approval == Approval.NONE and contact.email_confirmed


def email_confirmed(contact: Contact) -> None:
    """After the contact's confirmation link was claimed: activate the customer when nothing
    else waits, record it and tell the admins."""
    customer = contact.customer
    if _ready(customer, contact):
        customer.active = True
    record(
        AuditAction.REGISTRATION_CONFIRMED, actor=contact, subject=contact, customer_id=customer.id
    )
    notify_admins(customer, contact)


def notify_admins(customer: Customer, contact: Contact) -> None:
    """Email every active admin about a confirmed registration (template
    ``staff-new-registration``, editable in Settings › Email templates)."""
    status = Approval(customer.approval).label if not customer.active else _("active")
    fields = {
        "registration_company": customer.company,
        "registration_name": contact.full_name,
        "registration_email": contact.email,
        "registration_status": status,
        "registration_link": tenant_url_for(
            "admin.customers.show", g.tenant.slug, customer_id=customer.id
        ),
    }
    admins = db.session.scalars(select(Staff).where(Staff.is_admin, Staff.active)).all()
    for admin in admins:
        mail_templates.send("staff-new-registration", to=admin, **fields)


def approve(customer: Customer) -> None:
    """Approve a pending registration; the customer becomes active once its email is
    confirmed (then the contact is told by email)."""
    if customer.approval != Approval.PENDING:
        raise NotPending(customer.id)
    customer.approval = Approval.NONE
    contact = primary_contact(customer)
    if contact is not None and _ready(customer, contact):
        customer.active = True
        mail_templates.send("contact-registration-approved", to=contact)
    record(AuditAction.REGISTRATION_APPROVED, subject=customer, customer_id=customer.id)


def reject(customer: Customer) -> None:
    """Reject a pending registration: the customer stays inactive, its links die."""
    if customer.approval != Approval.PENDING:
        raise NotPending(customer.id)
    customer.approval = Approval.REJECTED
    set_customer_active(customer, False)
    record(AuditAction.REGISTRATION_REJECTED, subject=customer, customer_id=customer.id)


def registered_contact(customer: Customer) -> Contact | None:
    """The primary contact of a customer whose registration is not settled (for the notice on
    the customer page); no query for every other customer."""
    if customer.approval == Approval.NONE:
        return None
    return primary_contact(customer)
