"""Links for contacts: the set-password (48 h) and forgot-password (1 h) links to the portal.

Both are single-use ``gorilla.tokens`` links (lifetimes ``SET_PASSWORD_MAX_AGE`` and
``FORGOT_PASSWORD_MAX_AGE``): issuing one kills the contact's older links, setting a password
(or bumping the token version) kills every outstanding one.
"""

from flask import g

from gorilla.tokens import Purpose, issue
from tenants.urls import tenant_url_for

SET_PASSWORD = Purpose.CONTACT_SET_PASSWORD
FORGOT_PASSWORD = Purpose.CONTACT_FORGOT_PASSWORD
PAGE = "portal.auth.set_password"  # one page serves both flows


def set_password_url(contact) -> str:
    """Absolute link to the portal's set-password page, built from the tenant record."""
    return tenant_url_for(PAGE, g.tenant.slug, token=issue(SET_PASSWORD, contact))


def forgot_password_url(contact) -> str:
    """Absolute one-hour link to choose a new password after "forgot password"."""
    return tenant_url_for(PAGE, g.tenant.slug, token=issue(FORGOT_PASSWORD, contact))
