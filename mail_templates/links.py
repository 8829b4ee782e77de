"""Links for contacts: 48-hour set-password and 1-hour forgot-password tokens.

``gorilla.tokens`` binds each to tenant, contact, the contact's random link nonce, password
hash, email and token version, with a salt per flow: issuing a link kills the older ones,
setting a password (or bumping the version) kills every outstanding link.
"""

from collections.abc import Callable

from flask import current_app, g

from gorilla.tokens import make_link, read_link
from tenants.urls import tenant_url_for

SET_PASSWORD = "contact-set-password"
FORGOT_PASSWORD = "contact-forgot-password"
PAGE = "portal.set_password"  # one page serves both flows
MAX_AGE_SETTINGS = {
    SET_PASSWORD: "SET_PASSWORD_MAX_AGE",
    FORGOT_PASSWORD: "FORGOT_PASSWORD_MAX_AGE",
}


def max_age(purpose: str) -> int:
    """Lifetime in seconds of a token of ``purpose`` (``SET_PASSWORD_MAX_AGE`` and friends)."""
    return int(current_app.config[MAX_AGE_SETTINGS[purpose]])


def contact_token(purpose: str, contact) -> str:
    """A token of ``purpose`` for ``contact`` in the current tenant (older ones die)."""
    if purpose not in MAX_AGE_SETTINGS:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return make_link(purpose, g.tenant.id, contact)


def set_password_url(contact) -> str:
    """Absolute link to the portal's set-password page, built from the tenant record."""
    return tenant_url_for(PAGE, g.tenant.slug, token=contact_token(SET_PASSWORD, contact))


def forgot_password_url(contact) -> str:
    """Absolute one-hour link to choose a new password after "forgot password"."""
    return tenant_url_for(PAGE, g.tenant.slug, token=contact_token(FORGOT_PASSWORD, contact))


def read_contact_token(token: str, purpose: str, load_contact: Callable[[int], object | None]):
    """The contact a valid ``purpose`` token on this tenant belongs to, else ``TokenInvalid``.

    Refused: tampered or expired tokens, tokens of the other flow or of another tenant, unknown
    or inactive contacts, and tokens whose contact got a newer link or changed password, email
    or token version.
    """
    if purpose not in MAX_AGE_SETTINGS:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return read_link(purpose, token, max_age(purpose), g.tenant.id, load_contact)
