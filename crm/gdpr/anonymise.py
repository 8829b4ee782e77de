"""Anonymise a contact: personal fields blanked, sign-in impossible, records kept.

Invoices, tasks and comments stay (statutory retention; a comment keeps its text and now shows
the anonymised name as author); consent records stay as proof under the contact's id. Accepted
estimates and proposals and signed contracts stay with their signature; the signer's name,
email and address on them are blanked (``dealings``). A primary
contact hands the primary flag to the customer's next contact that is not anonymised; a
customer without one keeps the anonymised row as its primary contact until staff add another.
"""

import secrets
from functools import partial

from sqlalchemy import select

from crm.contacts.models import NOTIFICATIONS, Contact
from crm.contacts.service import lock_customer
from gorilla.audit import AuditAction, record
from gorilla.extensions import db
from gorilla.passwords import new_session_token
from gorilla.sessions import end_sessions
from gorilla.storage import delete_upload
from gorilla.tokens import spend_link
from gorilla.two_factor import service as two_factor
from gorilla.unit_of_work import on_commit
from tenants.models import utcnow

from .dealings import anonymise_dealings
from .service import close_erasure_requests

FIRSTNAME, LASTNAME = "Gelöschter", "Kontakt"
PLACEHOLDER_DOMAIN = "anonymisiert.invalid"


def placeholder_email(contact_id: int) -> str:
    """A unique address that can never receive mail (RFC 2606 ``.invalid``)."""
    return f"geloescht-{contact_id}-{secrets.token_hex(4)}@{PLACEHOLDER_DOMAIN}"


def _hand_over_primary(contact: Contact) -> None:
    successor = db.session.scalar(
        select(Contact)
        .where(
            Contact.customer_id == contact.customer_id,
            Contact.id != contact.id,
            Contact.anonymised_at.is_(None),
        )
        .order_by(Contact.active.desc(), Contact.id)
        .limit(1)
    )
    if successor is not None:
        contact.is_primary = False
        db.session.flush()
        successor.is_primary = True


def anonymise_contact(contact: Contact, staff) -> None:
    """Blank the contact's personal data in the caller's transaction (see the module text);
    its picture file is deleted once that commits. Logged; open erasure requests close."""
    lock_customer(contact.customer_id)
    anonymise_dealings(contact, f"{FIRSTNAME} {LASTNAME}")
    picture = contact.profile_image
    now = utcnow()
    contact.firstname, contact.lastname = FIRSTNAME, LASTNAME
    contact.email = placeholder_email(contact.id)
    contact.title = contact.phonenumber = contact.direction = ""
    contact.profile_image = None
    contact.password_hash = None
    two_factor.clear(contact)
    contact.active = False
    contact.permissions = ()
    for flag in NOTIFICATIONS:
        setattr(contact, flag, False)
    contact.session_token = new_session_token()
    contact.token_version = (contact.token_version or 0) + 1
    spend_link(contact)
    contact.anonymised_at = now
    if contact.is_primary:
        _hand_over_primary(contact)
    end_sessions(contact)
    close_erasure_requests(contact.id, staff.full_name or staff.email, now)
    record(
        AuditAction.CONTACT_ANONYMISED,
        subject=contact,
        label=f"{FIRSTNAME} {LASTNAME} #{contact.id}",
        customer_id=contact.customer_id,
    )
    on_commit(partial(delete_upload, picture))
