"""Staff side of GDPR: privacy policy, erasure requests, a contact's consents, export and
anonymisation (admins only)."""

from datetime import date

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from crm.access import admin_required
from crm.contacts.models import Contact
from gorilla.extensions import db
from gorilla.paging import requested_page

from .anonymise import anonymise_contact
from .forms import PrivacyPolicyForm
from .models import ErasureStatus
from .service import (
    consents_of,
    erasure_request_page,
    export_download,
    open_erasure_request,
    privacy_policy,
    save_privacy_policy,
)


@admin_required
def privacy_policy_settings():
    """Edit the tenant's privacy policy; a changed text gets the next version."""
    policy = privacy_policy()
    form = PrivacyPolicyForm(data={"text": policy.text})
    if form.validate_on_submit():
        save_privacy_policy(form.text.data or "")
        flash(_("Settings saved."), "success")
        return redirect(url_for("admin.gdpr.privacy_policy"), 303)
    return render_template("gdpr/privacy_policy.html", form=form, policy=policy)


@admin_required
def erasure_requests():
    """Löschanträge: open ones (oldest first) or handled ones, 25 a page."""
    status = request.args.get("status", ErasureStatus.OPEN)
    status = status if ErasureStatus.has(status) else ErasureStatus.OPEN
    page = erasure_request_page(status, requested_page())
    return render_template("gdpr/erasure_requests.html", page=page, status=status)


@admin_required
def contact_privacy(contact_id: int):
    """A contact's consents and erasure requests, with export and anonymise."""
    contact = db.get_or_404(Contact, contact_id)
    return render_template(
        "gdpr/contact_privacy.html",
        contact=contact,
        consents=consents_of(contact.id),
        erasure=open_erasure_request(contact.id),
    )


@admin_required
def contact_export(contact_id: int):
    """The contact's data as a ZIP (POST), logged."""
    contact = db.get_or_404(Contact, contact_id)
    return export_download(contact, f"kontakt-{contact.id}-daten-{date.today():%Y%m%d}.zip")


@admin_required
def anonymise(contact_id: int):
    """Anonymise the contact (POST); its open erasure requests are done."""
    contact = db.get_or_404(Contact, contact_id)
    if contact.anonymised_at is None:
        anonymise_contact(contact, g.staff)
        flash(_("The contact has been anonymised."), "success")
    return redirect(url_for("admin.gdpr.contact_privacy", contact_id=contact.id), 303)
