"""Customer-area sign-in, sign-out, forgot password and set password."""

from flask import abort, g, redirect, url_for
from flask_babel import gettext as _

from gorilla.audit import AuditAction, record
from gorilla.auth import end_impersonation, password_sign_in, sign_out
from gorilla.set_password import set_password_page
from gorilla.sign_in_limits import limited

from .ask_for_link import ask_for_link
from .forms import ContactLoginForm, ForgotPasswordForm
from .service import (
    authenticate_contact,
    contact_for_password_link,
    request_password_reset,
    set_password_from_link,
)


def login():
    """Sign in with email and password; the same answer for unknown email and wrong password."""
    if g.get("contact"):
        return redirect(url_for("portal.home.index"))
    return password_sign_in(
        ContactLoginForm(),
        limited("contact", authenticate_contact),
        url_for("portal.home.index"),
        "portal/login.html",
    )


def logout():
    """Sign out (POST); staff signed in as the contact go back to the staff area."""
    if g.get("impersonator") is not None:
        return stop_impersonation()
    sign_out()
    return redirect(url_for("portal.home.index"))


def stop_impersonation():
    """End the session staff opened as this contact (POST): back to the contact's page in the
    staff area, where the staff member is still signed in."""
    staff, contact = g.get("impersonator"), g.contact
    if staff is None:
        abort(404)
    record(
        AuditAction.IMPERSONATION_ENDED,
        actor=staff,
        subject=contact,
        customer_id=contact.customer_id,
    )
    end_impersonation()
    return redirect(url_for("admin.contacts.edit", contact_id=contact.id), 303)


def forgot_password():
    """Ask for a reset link; the answer never tells whether the address is known."""
    return ask_for_link(
        ForgotPasswordForm(),
        request_password_reset,
        _("Forgot your password?"),
        _("Enter your email address and we will send you a link to choose a new password."),
        _(
            "If the address is known to us, we have sent you a link to choose a new password. "
            "It is valid for one hour."
        ),
    )


def set_password(token: str):
    """Choose a password through a set-password (48 h) or reset (1 h) link, then sign in."""
    return set_password_page(
        token,
        contact_for_password_link,
        set_password_from_link,
        url_for("portal.home.index"),
        "portal/link_invalid.html",
    )
