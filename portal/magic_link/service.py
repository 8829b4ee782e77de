"""Sign-in links by email: asked for with an address (the same work whether it is known),
composed when the mail is sent, valid ``MAGIC_LINK_MAX_AGE`` seconds (15 minutes), once,
only on its tenant (``gorilla.tokens``, purpose ``contact-magic-link``)."""

from flask import current_app, g
from sqlalchemy import select

import mail_templates
from crm.contacts.models import Contact
from crm.registrations.service import sign_in_refusal
from crm.two_factor.service import magic_link_enabled
from gorilla.audit import AuditAction, record
from gorilla.auth import normalize_email
from gorilla.extensions import db
from gorilla.tokens import Purpose, TokenInvalid, claim, issue, verify
from tenants.models import utcnow
from tenants.urls import tenant_url_for

SLUG = Purpose.CONTACT_MAGIC_LINK  # the purpose is also the mail's slug


def request_link(email: str) -> None:
    """Record the request only (see ``magic_link_mail``)."""
    mail_templates.request_mail(SLUG, normalize_email(email))


def _may_sign_in(contact: Contact | None) -> bool:
    return (
        contact is not None
        and contact.active
        and contact.customer.active
        and sign_in_refusal(contact) is None
    )


def magic_link_mail(email: str):
    """Composer, run by the sender: a link for an active contact that got none in the last
    ``FORGOT_PASSWORD_INTERVAL`` seconds, while the setting is on; else nothing."""
    contact = db.session.scalar(
        select(Contact).where(Contact.email == normalize_email(email)).with_for_update()
    )
    if not magic_link_enabled() or not _may_sign_in(contact):
        return None
    interval = current_app.config["FORGOT_PASSWORD_INTERVAL"]
    if mail_templates.queued_lately(SLUG, contact.email, interval):
        return None
    token = issue(SLUG, contact)
    url = tenant_url_for("portal.magic_link.use", g.tenant.slug, token=token)
    return mail_templates.send(SLUG, to=contact, sign_in_url=url)


def contact_for_link(token: str) -> Contact:
    """The contact of a valid, unused link of this tenant (``TokenInvalid`` otherwise)."""
    if not magic_link_enabled():
        raise TokenInvalid("switched off")
    contact = verify(SLUG, token, lambda contact_id: db.session.get(Contact, contact_id))
    if not _may_sign_in(contact):
        raise TokenInvalid("may not sign in")
    return contact


def spend_link(contact: Contact) -> bool:
    """Use the link once (of simultaneous uses one wins) and log it."""
    if not claim(contact, last_login=utcnow()):
        return False
    record(AuditAction.MAGIC_LINK_SIGN_IN, actor=contact, subject=contact,
           customer_id=contact.customer_id)  # fmt: skip
    return True
