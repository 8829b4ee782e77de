"""Contact authentication and password links (realm ``contact``)."""

from flask import current_app
from sqlalchemy import bindparam, select
from sqlalchemy.orm import aliased, contains_eager

import mail_templates
from crm.contacts.models import Contact
from crm.customers.models import Approval, Customer
from crm.registrations.service import sign_in_refusal
from gorilla.auth import SignInRefused, normalize_email
from gorilla.extensions import db
from gorilla.passwords import check_password
from gorilla.sessions import joined_to_session
from gorilla.sign_in_limits import forget_failures
from gorilla.tokens import TokenInvalid, set_password_by_link, verify
from mail_templates.links import FORGOT_PASSWORD, SET_PASSWORD
from tenants.models import utcnow


def _signable() -> tuple:
    return (Contact.active, Customer.active)


def find_contact(email: str) -> Contact | None:
    """The contact with ``email`` (any case) in this tenant."""
    return db.session.scalar(select(Contact).where(Contact.email == normalize_email(email)))


# Realm loader (built once): an active contact of an active customer with this session token.
# Aliased tables: their columns are named without the tenant's schema (cheaper on PostgreSQL).
_ME, _ITS_CUSTOMER = aliased(Contact, name="me"), aliased(Customer, name="its_customer")
SIGNED_IN_CONTACT = joined_to_session(
    select(_ME)
    .join(_ME.customer.of_type(_ITS_CUSTOMER))
    .options(contains_eager(_ME.customer.of_type(_ITS_CUSTOMER)))  # pages show the company
    .where(
        _ME.session_token == bindparam("token"),
        _ME.active,
        _ME.email_confirmed,
        _ITS_CUSTOMER.active,
        _ITS_CUSTOMER.approval == Approval.NONE,
    ),
    _ME,
)


def authenticate_contact(email: str, password: str) -> Contact | None:
    """The contact for these credentials (same effort for unknown emails), else ``None``;
    ``SignInRefused`` for the right password of a self-registered contact not yet confirmed
    or approved."""
    contact = find_contact(email)
    ok = check_password(contact.password_hash if contact else None, password)
    if not ok or contact is None or not contact.active:
        return None
    if refusal := sign_in_refusal(contact):
        raise SignInRefused(refusal)
    if not contact.customer.active:
        return None
    contact.last_login = utcnow()
    return contact


def request_password_reset(email: str) -> None:
    """Record the request only: the same work for every address (see ``forgot_password_mail``)."""
    mail_templates.request_mail(FORGOT_PASSWORD, normalize_email(email))


def forgot_password_mail(email: str):
    """Composer, run by the sender: a reset link when ``email`` is an active contact's that got
    none in the last ``FORGOT_PASSWORD_INTERVAL`` seconds (else the request is dropped, so a
    flood of requests neither floods the mailbox nor keeps killing the link just sent)."""
    # Locked, so racing senders compose one contact's requests one after the other.
    contact = db.session.scalar(
        select(Contact).where(Contact.email == normalize_email(email)).with_for_update()
    )
    if contact is None or not contact.active or not contact.customer.active:
        return None
    interval = current_app.config["FORGOT_PASSWORD_INTERVAL"]
    if mail_templates.queued_lately(FORGOT_PASSWORD, contact.email, interval):
        return None
    return mail_templates.send_forgot_password_link(contact)


def contact_for_password_link(token: str) -> Contact:
    """The contact of a valid set-password (48 h) or reset (1 h) link on this tenant."""
    for purpose in (SET_PASSWORD, FORGOT_PASSWORD):
        try:
            contact = verify(purpose, token, lambda cid: db.session.get(Contact, cid))
        except TokenInvalid:
            continue
        if contact.customer.active:
            return contact
    raise TokenInvalid("invalid")


def set_password_from_link(contact: Contact, password: str) -> bool:
    """Set the password once and spend the link's nonce: a concurrent second use of the same
    link loses (``False``)."""
    if not set_password_by_link(contact, password):
        return False
    forget_failures(contact)
    mail_templates.send("contact-password-reset", to=contact)
    current_app.logger.info("contact %s set a new password", contact.id)
    return True
