"""Settings pages (admins only)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from crm.access import admin_required
from crm.contacts.service import DEFAULT_PERMISSIONS_KEY, default_permissions
from gorilla.extensions import db

from .forms import CustomerSettingsForm
from .models import set_setting


@admin_required
def customer_settings():
    """Default permissions pre-ticked on every new contact form."""
    form = CustomerSettingsForm(data={"default_contact_permissions": sorted(default_permissions())})
    if form.validate_on_submit():
        set_setting(DEFAULT_PERMISSIONS_KEY, sorted(form.default_contact_permissions.data or ()))
        db.session.commit()
        flash(_("Settings saved."), "success")
        return redirect(url_for("admin.settings_customers"), 303)
    return render_template("settings/customers.html", form=form)
