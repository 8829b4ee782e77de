"""Register as a new customer; confirm the email address through the emailed link."""

from flask import abort, render_template

from crm.gdpr.service import privacy_policy
from crm.registrations.service import registration_enabled
from gorilla.tokens import TokenInvalid

from .forms import ConfirmForm, RegistrationForm
from .service import confirm as confirm_contact
from .service import contact_to_confirm
from .service import register as register_customer


def register():
    """The registration form (404 unless the tenant switched it on); every accepted post gets
    the same "check your inbox" page: new account, known address and honeypot alike."""
    if not registration_enabled():
        abort(404)
    form = RegistrationForm(privacy_policy=privacy_policy().version > 0)
    if form.validate_on_submit():
        if not form.fax.data:  # honeypot: people never see this field
            register_customer(form.data)
        return render_template("portal/registration/sent.html", email=form.email.data)
    return render_template("portal/registration/register.html", form=form)


def confirm(token: str):
    """Show the confirmation button (GET) and confirm the address (POST); 410 for a link
    that expired, was used or belongs to another tenant."""
    try:
        contact = contact_to_confirm(token)
    except TokenInvalid:
        return render_template("portal/registration/link_invalid.html"), 410
    form = ConfirmForm()
    if form.validate_on_submit():
        if not confirm_contact(contact):
            return render_template("portal/registration/link_invalid.html"), 410
        return render_template("portal/registration/confirmed.html", contact=contact)
    return render_template("portal/registration/confirm.html", form=form, contact=contact)
