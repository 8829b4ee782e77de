"""The all-contacts list and its "send set-password link" action."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

import mail_templates
from crm.customer_groups.service import group_choices
from gorilla.auth import safe_next
from gorilla.extensions import db
from gorilla.paging import requested_page

from .listing import ContactFilter, ContactSort, LastLogin, YesNo, contact_page
from .models import Contact, Permission
from .service import send_set_password_link

SET_PASSWORD = "contact-set-password"


def contact_list():
    """Every contact of every customer: searchable, filterable, sortable, 25 a page."""
    filters = ContactFilter.from_args(request.args)
    return render_template(
        "contacts/list.html",
        page=contact_page(filters, requested_page()),
        filters=filters,
        groups=group_choices(),
        can_send_link=mail_templates.is_active(SET_PASSWORD),
        YesNo=YesNo,
        LastLogin=LastLogin,
        Permission=Permission,
        ContactSort=ContactSort,
    )


def contact_send_set_password(contact_id: int):
    """Queue the set-password email for a contact (POST), then back to the list."""
    contact = db.get_or_404(Contact, contact_id)
    try:
        send_set_password_link(contact)
    except mail_templates.NotQueued as error:
        flash(_("%(reason)s Nothing was sent.", reason=error), "error")
    else:
        flash(_("The set-password link was sent to %(email)s.", email=contact.email), "success")
    return redirect(safe_next(url_for("admin.contacts.list")), 303)
