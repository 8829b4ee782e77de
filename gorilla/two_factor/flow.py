"""Where two-factor sign-in joins the sign-in: the second step after the first factor, and
enrolment forced before anything else where the tenant requires it."""

from flask import redirect, request, session, url_for

from gorilla.auth import complete_sign_in, realm_of_request, realm_setup

from . import challenge, service

ENROL_KEY = "two_factor_enrol"  # session: this sign-in must enrol before anything else
OWN_PAGES = {"setup", "disable", "renew_recovery_codes", "download_recovery_codes", "verify"}


def endpoint(realm: str, name: str) -> str:
    """The two-factor page ``name`` (``setup``, ``verify``) of ``realm``'s area."""
    return f"{realm_setup(realm).blueprint}.two_factor.{name}"


def second_step(user, target: str):
    """``gorilla.auth.finish_sign_in``'s hook: a user with two-factor sign-in owes a code
    (half signed in, on the server); one who must enrol is signed in and sent to enrol;
    anyone else is left to the plain sign-in (``None``)."""
    if user.two_factor_enabled:
        challenge.start(user, target)
        return redirect(url_for(endpoint(user.realm, "verify")))
    if service.required(user.realm):
        complete_sign_in(user)
        session[ENROL_KEY] = True
        return redirect(url_for(endpoint(user.realm, "setup")))
    return None


def require_enrolment():
    """``before_request``: a sign-in that must enrol reaches only the two-factor pages and
    the sign-out of its own area until it has."""
    if not session.get(ENROL_KEY):
        return None
    found = realm_of_request()
    if found is None or found[0] != session.get("realm"):
        return None
    blueprint, _, name = (request.endpoint or "").rpartition(".")
    if name == "logout" or (blueprint.endswith(".two_factor") and name in OWN_PAGES):
        return None
    return redirect(url_for(endpoint(found[0], "setup")))


def enrolment_done() -> None:
    """This sign-in needs no enrolment any more."""
    session.pop(ENROL_KEY, None)
