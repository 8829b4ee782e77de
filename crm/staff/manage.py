"""Staff management for admins (invite, deactivate, reset password) and own profile."""

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from crm.access import admin_required
from gorilla.extensions import db
from gorilla.i18n import forget_language_choice
from gorilla.sessions import live_sessions
from gorilla.unique_email import EmailTaken

from .forms import EMAIL_TAKEN, ProfileForm, StaffForm
from .models import Staff
from .service import (
    create_staff,
    reset_staff_password,
    set_may_impersonate,
    set_staff_active,
    update_profile,
)


@admin_required
def staff_new():
    """Invite (no password: a link to hand over) or create a staff member."""
    form = StaffForm()
    if form.validate_on_submit():
        try:
            member, link = create_staff(form.data)
        except EmailTaken:
            form.email.errors.append(EMAIL_TAKEN)
        else:
            flash(_("Staff member %(name)s added.", name=member.full_name), "success")
            if link:
                flash(_("We emailed the set-password link (valid 48 hours): %(link)s", link=link))
            return redirect(url_for("admin.staff.show", staff_id=member.id), 303)
    return render_template("staff/new.html", form=form)


@admin_required
def staff_set_active(staff_id: int):
    """Activate (``active=1``) or deactivate a member (POST); nobody deactivates themself."""
    member = db.get_or_404(Staff, staff_id)
    if member.id == g.staff.id:
        flash(_("You cannot deactivate yourself."), "error")
    else:
        set_staff_active(member, request.form.get("active") == "1")
        flash(_("Staff member activated.") if member.active else _("Staff member deactivated."))
    return redirect(url_for("admin.staff.show", staff_id=member.id), 303)


@admin_required
def staff_set_impersonation(staff_id: int):
    """Give (``can_impersonate=1``) or take the right to sign in as a contact (POST)."""
    member = db.get_or_404(Staff, staff_id)
    set_may_impersonate(member, request.form.get("can_impersonate") == "1")
    flash(_("Permissions saved."), "success")
    return redirect(url_for("admin.staff.show", staff_id=member.id), 303)


@admin_required
def staff_reset_password(staff_id: int):
    """Reset a member's password (POST): signs them out and shows a set-password link."""
    member = db.get_or_404(Staff, staff_id)
    link = reset_staff_password(member)
    flash(_("We emailed the set-password link (valid 48 hours): %(link)s", link=link))
    return redirect(url_for("admin.staff.show", staff_id=member.id), 303)


def profile():
    """The signed-in member's own name and interface language (German or English), and the
    devices they are signed in on."""
    form = ProfileForm(obj=g.staff)
    if form.validate_on_submit():
        update_profile(g.staff, form.data)
        forget_language_choice()
        flash(_("Profile saved."), "success")
        return redirect(url_for("admin.staff.profile"), 303)
    return render_template("staff/profile.html", form=form, devices=live_sessions(g.staff))
