"""Signed links for contacts: 48-hour set-password and 1-hour forgot-password tokens.

The payload binds tenant, contact and a fingerprint of the contact's password hash, email and
token version, so setting a password (or bumping the version) kills every outstanding link.
"""

from flask import current_app, g

from gorilla.tokens import fingerprint, make_token
from tenants.urls import tenant_url

SET_PASSWORD = "contact-set-password"
FORGOT_PASSWORD = "contact-forgot-password"
SET_PASSWORD_PATH = "/kunden/passwort-setzen/"


def max_age(purpose: str) -> int:
    """Lifetime in seconds of a token of ``purpose`` (configurable)."""
    if purpose == SET_PASSWORD:
        return current_app.config.get("SET_PASSWORD_MAX_AGE", 48 * 3600)
    return current_app.config.get("FORGOT_PASSWORD_MAX_AGE", 3600)


def contact_state(contact) -> str:
    """Fingerprint of what must not change while a link is valid."""
    return fingerprint(contact.password_hash, contact.email, str(contact.token_version))


def contact_token(purpose: str, contact) -> str:
    """A token of ``purpose`` for ``contact`` in the current tenant."""
    return make_token(purpose, {"t": g.tenant.id, "c": contact.id, "f": contact_state(contact)})


def set_password_url(contact, purpose: str = SET_PASSWORD) -> str:
    """Absolute link to the portal's set-password page, built from the tenant record."""
    return tenant_url(g.tenant.slug, SET_PASSWORD_PATH + contact_token(purpose, contact))
