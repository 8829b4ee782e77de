"""Settings pages (admins only)."""

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from crm.access import admin_required
from crm.contacts.service import DEFAULT_PERMISSIONS_KEY, default_permissions
from crm.registrations.service import approval_mode, registration_enabled, save_settings
from gorilla.i18n import DEFAULT_LANGUAGE
from tenants.settings import get_setting, set_setting

from .forms import CompanySettingsForm, CustomerSettingsForm


@admin_required
def customer_settings():
    """Default permissions pre-ticked on every new contact form; self-registration."""
    current = {
        "default_contact_permissions": sorted(default_permissions()),
        "self_registration": registration_enabled(),
        "self_registration_approval": approval_mode().value,
    }
    form = CustomerSettingsForm(data=current)
    if form.validate_on_submit():
        set_setting(DEFAULT_PERMISSIONS_KEY, sorted(form.default_contact_permissions.data or ()))
        save_settings(form.self_registration.data, form.self_registration_approval.data)
        flash(_("Settings saved."), "success")
        return redirect(url_for("admin.settings.customers"), 303)
    return render_template("settings/customers.html", form=form)


COMPANY_KEYS = ("company_name", "company_address", "email_signature", "invoice_prefix")
COMPANY_KEYS += ("estimate_prefix", "credit_note_prefix", "estimate_reminder_days")


@admin_required
def company_settings():
    """The agency's name, address, signature, invoice prefix and default language."""
    current = {key: get_setting(key, "") for key in COMPANY_KEYS}
    current["company_name"] = current["company_name"] or g.tenant.name
    current["default_language"] = get_setting("default_language", DEFAULT_LANGUAGE)
    form = CompanySettingsForm(data=current)
    if form.validate_on_submit():
        for key in (*COMPANY_KEYS, "default_language"):
            set_setting(key, form[key].data.strip())
        flash(_("Settings saved."), "success")
        return redirect(url_for("admin.settings.company"), 303)
    return render_template("settings/company.html", form=form)
