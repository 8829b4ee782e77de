"""Ask for a sign-in link; open it (a button, so that mail scanners opening links do not
spend it) and continue to the second step where two-factor sign-in is on."""

from flask import abort, render_template, url_for
from flask_babel import gettext as _

from crm.two_factor.service import magic_link_enabled
from gorilla.auth import finish_sign_in
from gorilla.forms import AppForm
from gorilla.tokens import TokenInvalid
from portal.auth.ask_for_link import ask_for_link

from .forms import MagicLinkForm
from .service import contact_for_link, request_link, spend_link


def ask():
    """``email``: the answer never tells whether the address is known."""
    if not magic_link_enabled():
        abort(404)
    return ask_for_link(
        MagicLinkForm(),
        request_link,
        _("Sign in with a link"),
        _("Enter your email address and we will send you a link that signs you in."),
        _(
            "If the address is known to us, we have sent you a sign-in link. It is valid for "
            "15 minutes and works once."
        ),
    )


def use(token: str):
    """GET: a page with a sign-in button; POST: spend the link and sign in."""
    try:
        contact = contact_for_link(token)
    except TokenInvalid:
        return render_template("portal/link_invalid.html"), 410
    form = AppForm()
    if form.validate_on_submit():
        if not spend_link(contact):
            return render_template("portal/link_invalid.html"), 410
        return finish_sign_in(contact, url_for("portal.home.index"))
    return render_template("portal/magic_link_use.html", form=form, contact=contact)
