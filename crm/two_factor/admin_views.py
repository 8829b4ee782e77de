"""Admins reset a member's or a contact's two-factor sign-in; Einstellungen › Sicherheit."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField

from crm.access import admin_required
from crm.contacts.models import Contact
from crm.staff.models import Staff
from gorilla.extensions import db
from gorilla.forms import AppForm
from gorilla.two_factor import service

from . import service as security


class SecuritySettingsForm(AppForm):
    """The three switches of Einstellungen › Sicherheit."""

    two_factor_staff = BooleanField(_l("Two-factor sign-in required for staff"))
    two_factor_contacts = BooleanField(_l("Two-factor sign-in required for contacts"))
    magic_link = BooleanField(_l("Contacts may sign in with a link sent by email"))


@admin_required
def security_settings():
    """Require two-factor sign-in (enforced at each user's next sign-in); the emailed link."""
    form = SecuritySettingsForm(data=security.current())
    if form.validate_on_submit():
        security.save(form.data)
        flash(_("Settings saved."), "success")
        return redirect(url_for("admin.two_factor.settings"), 303)
    return render_template("two_factor_admin/security.html", form=form)


def _reset(user) -> None:
    service.reset(user)
    flash(_("Two-factor sign-in of %(name)s was reset.", name=user.full_name), "success")


@admin_required
def reset_staff(staff_id: int):
    """Switch a member's two-factor sign-in off (POST, logged)."""
    member = db.get_or_404(Staff, staff_id)
    _reset(member)
    return redirect(url_for("admin.staff.show", staff_id=member.id), 303)


@admin_required
def reset_contact(contact_id: int):
    """Switch a contact's two-factor sign-in off (POST, logged)."""
    contact = db.get_or_404(Contact, contact_id)
    _reset(contact)
    return redirect(url_for("admin.contacts.edit", contact_id=contact.id), 303)
