"""Settings pages (admins only)."""

from dataclasses import asdict

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from crm.access import admin_required
from crm.contacts.service import DEFAULT_PERMISSIONS_KEY, default_permissions
from crm.registrations.service import approval_mode, registration_enabled, save_settings
from gorilla.i18n import DEFAULT_LANGUAGE
from gorilla.pdf import DEFAULT_COLOR
from tenants.company import company_profile
from tenants.settings import get_setting, set_setting

from .company import TEXT_KEYS, save_company
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


@admin_required
def company_settings():
    """Settings › Firma: identity, address, tax and bank data, logo, colour and defaults."""
    profile = company_profile()
    current = {key: value for key, value in asdict(profile).items() if key != "logo"} | {
        key: get_setting(key, "")
        for key in ("email_signature", "invoice_prefix", "estimate_prefix", "credit_note_prefix")
    }
    current["estimate_reminder_days"] = str(get_setting("estimate_reminder_days", "3"))
    current["street"] = profile.street or next(iter(profile.address_lines), "")
    current["brand_color"] = profile.brand_color or DEFAULT_COLOR
    current["default_language"] = get_setting("default_language", DEFAULT_LANGUAGE)
    form = CompanySettingsForm(data=current)
    if form.validate_on_submit():
        save_company(
            {key: form[key].data for key in TEXT_KEYS},
            brand_color=form.brand_color_value(),
            small_business=form.small_business.data,
            picture=form.picture,
            remove_logo=form.remove_logo.data,
        )
        flash(_("Settings saved."), "success")
        return redirect(url_for("admin.settings.company"), 303)
    return render_template("settings/company.html", form=form, profile=profile)
