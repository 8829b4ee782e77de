"""Two-factor sign-in (TOTP, RFC 6238) for staff and contacts alike: enrolment with a QR code,
recovery codes, the second step after the password, and the tenant's requirement.

Each area maps ``views`` under a blueprint named ``two_factor`` (``crm/two_factor``,
``portal/two_factor``); ``init_app`` joins the sign-in (``gorilla.auth.finish_sign_in``).
"""

from flask import Flask

from gorilla.auth import SECOND_STEP

from .flow import require_enrolment, second_step


def init_app(app: Flask) -> None:
    """Ask for the second factor after the first, and force enrolment where required."""
    app.config.setdefault("TWO_FACTOR_CHALLENGE_MAX_AGE", 300)
    app.extensions[SECOND_STEP] = second_step
    app.before_request(require_enrolment)
