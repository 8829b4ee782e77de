"""Register a customer with its primary contact; confirm the contact's email address.

The visitor gets the same answer whatever happens behind it (new customer, address already
known, honeypot): nobody learns from this page whether an address has an account.
"""

from collections.abc import Mapping
from typing import Any

from flask import current_app, g
from flask_babel import get_locale
from sqlalchemy import select

import mail_templates
from crm.contacts.models import Contact
from crm.contacts.service import create_contact
from crm.customers.models import Approval, Customer
from crm.customers.service import save_customer
from crm.gdpr.models import ConsentAction
from crm.gdpr.service import record_consent
from crm.registrations.models import ApprovalMode
from crm.registrations.service import approval_mode, email_confirmed
from gorilla.audit import AuditAction, record
from gorilla.auth import normalize_email
from gorilla.extensions import db
from gorilla.i18n import DEFAULT_LANGUAGE, Language
from gorilla.passwords import hash_password
from gorilla.tokens import Purpose, TokenInvalid, claim, issue, verify
from gorilla.unique_email import EmailTaken
from tenants.settings import get_setting
from tenants.urls import tenant_url_for

CONFIRM = Purpose.CONTACT_CONFIRM_REGISTRATION
CONFIRM_PAGE = "portal.registration.confirm"
CUSTOMER_FIELDS = ("company", "phonenumber", "website", "address", "zip", "city", "country")
CONTACT_FIELDS = ("firstname", "lastname", "phonenumber", "email", "password")
RESEND_INTERVAL = 300  # seconds: at most one mail per address for repeated registrations


def _language() -> str:
    """The language the visitor reads the page in, else the tenant's default."""
    chosen = str(get_locale() or "")
    fallback = get_setting("default_language", DEFAULT_LANGUAGE)
    return chosen if Language.has(chosen) else fallback


def confirm_url(contact: Contact) -> str:
    """A fresh single-use confirmation link (older ones of the contact die)."""
    return tenant_url_for(CONFIRM_PAGE, g.tenant.slug, token=issue(CONFIRM, contact))


def _send_confirmation(contact: Contact) -> None:
    mail_templates.send(CONFIRM, to=contact, confirm_url=confirm_url(contact))


def register(data: Mapping[str, Any]) -> Contact | None:
    """Create an inactive customer and its primary contact (the tenant's default permissions)
    and email the confirmation link; ``None`` when the address already belongs to a contact,
    who then gets a note instead (at most one per ``RESEND_INTERVAL``)."""
    email = normalize_email(data["email"])
    existing = db.session.scalar(select(Contact).where(Contact.email == email))
    if existing is None:
        try:
            with db.session.begin_nested():  # a lost race for the address leaves nothing
                return _create(data)
        except EmailTaken:
            existing = db.session.scalar(select(Contact).where(Contact.email == email))
    hash_password(data["password"])  # the same effort as for a new account
    if existing is not None:
        _tell_existing(existing)
    return None


def _create(data: Mapping[str, Any]) -> Contact:
    pending = approval_mode() == ApprovalMode.PENDING
    customer = Customer(
        active=False,
        approval=Approval.PENDING if pending else Approval.NONE,
        default_language=_language(),
    )
    save_customer(customer, {name: data.get(name) for name in CUSTOMER_FIELDS})
    values = {name: data.get(name) or "" for name in CONTACT_FIELDS}
    contact = create_contact(
        customer, values | {"is_primary": True}, send_welcome=False, send_set_password=False
    )
    contact.email_confirmed = False
    if data.get("accept_privacy"):
        record_consent(contact, ConsentAction.GIVEN)
    record(
        AuditAction.CUSTOMER_REGISTERED, actor=contact, subject=customer, customer_id=customer.id
    )
    _send_confirmation(contact)
    current_app.logger.info("customer %s registered itself", customer.id)
    return contact


def _tell_existing(contact: Contact) -> None:
    """A second registration with a known address: a contact still unconfirmed gets a fresh
    confirmation link, any other a note that it already has an account (nothing for a
    deactivated contact or a rejected registration)."""
    if not contact.active or contact.customer.approval == Approval.REJECTED:
        return
    slug = CONFIRM if not contact.email_confirmed else "contact-registration-exists"
    if mail_templates.queued_lately(slug, contact.email, RESEND_INTERVAL):
        return
    if not contact.email_confirmed:
        _send_confirmation(contact)
    else:
        forgot = tenant_url_for("portal.auth.forgot_password", g.tenant.slug)
        mail_templates.send(slug, to=contact, forgot_password_url=forgot)


def contact_to_confirm(token: str) -> Contact:
    """The contact a valid, unspent confirmation link of this tenant names (``TokenInvalid``
    otherwise)."""
    contact = verify(CONFIRM, token, lambda contact_id: db.session.get(Contact, contact_id))
    if contact.email_confirmed:
        raise TokenInvalid("used")
    return contact


def confirm(contact: Contact) -> bool:
    """Spend the link and mark the address confirmed in one UPDATE (of two simultaneous uses
    one wins: ``False`` for the other); then activate or wait for approval."""
    if not claim(contact, email_confirmed=True):
        return False
    email_confirmed(contact)
    return True
