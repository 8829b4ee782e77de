"""The contact's profile page: three forms posting to /kunden/profil."""

from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from crm.contacts.pictures import PictureError
from gorilla.auth import sign_in
from gorilla.forms import choices, password_problem
from gorilla.sessions import live_sessions
from gorilla.storage import upload_path

from .forms import NotificationsForm, PasswordChangeForm, ProfileForm
from .service import (
    allowed_notifications,
    change_password,
    set_notifications,
    update_profile,
)

FLAG_LABELS = {
    "invoice_emails": _l("Invoices"),
    "estimate_emails": _l("Estimates"),
    "credit_note_emails": _l("Credit notes"),
    "project_emails": _l("Projects"),
    "ticket_emails": _l("Support tickets"),
    "task_emails": _l("Tasks"),
    "contract_emails": _l("Contracts"),
}


def _notifications_form(contact, formdata=None) -> NotificationsForm:
    flags = allowed_notifications(contact)
    form = NotificationsForm(
        formdata=formdata, notifications=[f for f in flags if getattr(contact, f)]
    )
    form.notifications.choices = choices((flag, FLAG_LABELS[flag]) for flag in flags)
    return form


def profile():
    """Show and save the profile, the password and the notification choices; list the
    signed-in devices."""
    contact = g.contact
    action = request.form.get("action") if request.method == "POST" else None
    details = ProfileForm(obj=contact, formdata=request.form if action == "profile" else None)
    password = PasswordChangeForm(formdata=request.form if action == "password" else None)
    notifications = _notifications_form(
        contact, request.form if action == "notifications" else None
    )
    if action == "profile" and details.validate():
        try:
            update_profile(
                contact,
                {
                    name: details[name].data
                    for name in ("firstname", "lastname", "title", "phonenumber", "direction")
                },
                picture=request.files.get("profile_image"),
                remove_picture=details.remove_profile_image.data,
            )
        except PictureError as error:
            details.profile_image.errors = [str(error)]
        else:
            flash(_("Your profile has been saved."), "success")
            return redirect(url_for("portal.profile"))
    elif action == "password" and password.validate():
        if problem := password_problem(password.new_password.data, contact.email):
            password.new_password.errors.append(problem)
        elif change_password(contact, password.current_password.data, password.new_password.data):
            sign_in(contact)  # this session continues with the new token; others end
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("portal.profile"))
        else:
            password.current_password.errors.append(_("The current password is incorrect."))
    elif action == "notifications" and notifications.validate():
        set_notifications(contact, set(notifications.notifications.data))
        flash(_("Your notification settings have been saved."), "success")
        return redirect(url_for("portal.profile"))
    return render_template(
        "portal/profile.html",
        contact=contact,
        details=details,
        password=password,
        notifications=notifications,
        devices=live_sessions(contact),
    )


def picture():
    """The signed-in contact's own profile picture."""
    path = upload_path(g.contact.profile_image)
    if path is None:
        abort(404)
    return send_file(path, max_age=0, conditional=True)
