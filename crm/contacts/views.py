"""The "Neuer Kontakt" form, editing, activation, deletion and the staff-only picture route."""

from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

import mail_templates
from crm.customers.models import Customer
from gorilla.auth import safe_next
from gorilla.extensions import db
from gorilla.storage import upload_path
from gorilla.unique_email import EmailTaken

from .forms import ContactForm
from .models import NOTIFICATIONS_BY_PERMISSION, Contact
from .pictures import MIMETYPES
from .service import (
    create_contact,
    delete_contact,
    new_defaults,
    primary_contact,
    set_contact_active,
    sign_in_as,
    update_contact,
)


def _contacts_tab(contact: Contact):
    """Back to where the action started (``next``: the all-contacts list), else the tab."""
    tab = url_for("admin.customers.contacts", customer_id=contact.customer_id)
    return redirect(safe_next(f"{tab}#contact-{contact.id}"), 303)


def _form_page(form: ContactForm, customer: Customer, contact: Contact | None, primary_locked):
    return render_template(
        "contacts/form.html",
        form=form,
        customer=customer,
        contact=contact,
        primary_locked=primary_locked,
        notification_map=NOTIFICATIONS_BY_PERMISSION,
    )


def _anonymised(contact: Contact):
    """An anonymised contact is kept as a record only: no edits, no reactivation."""
    flash(_("An anonymised contact cannot be changed."), "error")
    return redirect(url_for("admin.gdpr.contact_privacy", contact_id=contact.id), 303)


def _not_saved(error: mail_templates.NotQueued) -> str:
    return _("%(reason)s Nothing was saved.", reason=error)


def contact_new(customer_id: int):
    """Neuer Kontakt: create a contact of the customer and queue its emails."""
    customer = db.get_or_404(Customer, customer_id)
    form = ContactForm(data=new_defaults(customer))
    if form.validate_on_submit():
        welcome = "donotsendwelcomeemail" in form and not form.donotsendwelcomeemail.data
        try:
            contact = create_contact(
                customer,
                form.contact_data(),
                send_welcome=welcome,
                send_set_password=form.sends_set_password and not form.password.data,
            )
        except EmailTaken:
            form.email.errors.append(_("Another contact already uses this email address."))
        except mail_templates.NotQueued as error:
            form.send_set_password_email.errors.append(_not_saved(error))
        else:
            flash(_("Contact %(name)s created.", name=contact.full_name), "success")
            return _contacts_tab(contact)
    return _form_page(form, customer, None, primary_locked=primary_contact(customer) is None)


def contact_edit(contact_id: int):
    """Edit a contact (same fields as Neuer Kontakt)."""
    contact = db.get_or_404(Contact, contact_id)
    if contact.anonymised_at is not None:
        return _anonymised(contact)
    form = ContactForm(contact=contact)
    if form.validate_on_submit():
        send_link = form.sends_set_password and not form.password.data
        try:
            update_contact(contact, form.contact_data(), send_set_password=send_link)
        except EmailTaken:
            form.email.errors.append(_("Another contact already uses this email address."))
        except mail_templates.NotQueued as error:
            form.send_set_password_email.errors.append(_not_saved(error))
        else:
            flash(_("Contact saved."), "success")
            return _contacts_tab(contact)
    return _form_page(form, contact.customer, contact, primary_locked=contact.is_primary)


def contact_set_active(contact_id: int):
    """Activate (``active=1``) or deactivate a contact (POST)."""
    contact = db.get_or_404(Contact, contact_id)
    if contact.anonymised_at is not None:
        return _anonymised(contact)
    set_contact_active(contact, request.form.get("active") == "1")
    flash(_("Contact activated.") if contact.active else _("Contact deactivated."), "success")
    return _contacts_tab(contact)


def contact_login_as(contact_id: int):
    """Als Kontakt anmelden (POST; admins and staff with the right, else 403): the customer
    area as this contact, beside the staff session; a deactivated contact (or customer) is
    refused."""
    if not g.staff.may_impersonate:
        abort(403)
    contact = db.get_or_404(Contact, contact_id)
    if not (contact.active and contact.customer.active):
        flash(_("A deactivated contact cannot be signed in as."), "error")
        return _contacts_tab(contact)
    sign_in_as(contact)
    return redirect(url_for("portal.home.index"), 303)


def contact_delete(contact_id: int):
    """Delete a contact (POST); its picture goes with it."""
    contact = db.get_or_404(Contact, contact_id)
    customer_id = contact.customer_id
    delete_contact(contact)
    flash(_("Contact deleted."), "success")
    return redirect(safe_next(url_for("admin.customers.contacts", customer_id=customer_id)), 303)


def contact_picture(contact_id: int):
    """The contact's picture, for staff of this tenant only."""
    contact = db.get_or_404(Contact, contact_id)
    path = upload_path(contact.profile_image)
    if path is None:
        abort(404)
    return send_file(path, mimetype=MIMETYPES[path.suffix.lstrip(".")], max_age=0)
