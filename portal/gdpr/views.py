"""The privacy policy (public), the contact's privacy page with consent, data export (ZIP)
and erasure request."""

from datetime import date

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from crm.gdpr.models import ConsentAction
from crm.gdpr.service import (
    consent_pending,
    consents_of,
    export_download,
    open_erasure_request,
    privacy_policy,
    record_consent,
    request_erasure,
)
from gorilla.auth import refuse_while_impersonating
from gorilla.forms import AppForm

from .forms import ConsentForm, ErasureForm


def policy_page():
    """The tenant's privacy policy, readable without signing in."""
    return render_template("portal/gdpr/privacy_policy.html", policy=privacy_policy())


def _page(consent=None, erasure=None):
    contact = g.contact
    return render_template(
        "portal/gdpr/my_data.html",
        policy=privacy_policy(),
        pending=consent_pending(contact),
        consents=consents_of(contact.id),
        open_request=open_erasure_request(contact.id),
        consent=consent or ConsentForm(formdata=None),
        erasure=erasure or ErasureForm(formdata=None),
    )


def my_data():
    """Datenschutz & meine Daten: policy consent, consents, export button, erasure form."""
    return _page()


def download():
    """The ZIP of the contact's own data (POST, rate-limited, logged); not while staff are
    signed in as the contact (they export from the contact's page)."""
    refuse_while_impersonating()
    return export_download(g.contact, f"meine-daten-{date.today():%Y%m%d}.zip")


def accept_policy():
    """Record the consent to the current privacy policy (POST)."""
    refuse_while_impersonating()
    form = ConsentForm()
    if not form.validate_on_submit():
        return _page(consent=form)
    record_consent(g.contact, ConsentAction.GIVEN)
    flash(_("Thank you, your consent has been recorded."), "success")
    return redirect(url_for("portal.gdpr.export"), 303)


def withdraw_consent():
    """Record that the contact withdraws its consent (POST)."""
    refuse_while_impersonating()
    if AppForm().validate_on_submit():  # the CSRF token
        record_consent(g.contact, ConsentAction.WITHDRAWN)
        flash(_("Your withdrawal has been recorded."), "success")
    return redirect(url_for("portal.gdpr.export"), 303)


def ask_for_erasure():
    """Request erasure of the contact's data, confirmed with the password (POST)."""
    refuse_while_impersonating()
    form = ErasureForm()
    if form.validate_on_submit():
        if g.contact.check_password(form.password.data):
            request_erasure(g.contact)
            flash(
                _("Your erasure request has been sent. We will let you know once it is done."),
                "success",
            )
            return redirect(url_for("portal.gdpr.export"), 303)
        form.password.errors.append(_("The password is incorrect."))
    return _page(erasure=form)
