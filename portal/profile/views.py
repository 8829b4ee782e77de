"""The contact's profile page (GET) and one POST view per form on it."""

from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from crm.contacts.models import Notification
from crm.contacts.pictures import PictureError
from gorilla.auth import refuse_while_impersonating, sign_in
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


def _notifications_form(contact, formdata=None) -> NotificationsForm:
    flags = allowed_notifications(contact)
    form = NotificationsForm(
        formdata=formdata, notifications=[f for f in flags if getattr(contact, f)]
    )
    form.notifications.choices = choices((flag, Notification(flag).label) for flag in flags)
    return form


def _page(**posted):
    """The profile page: a posted form (``details``, ``password`` or ``notifications``) as
    given, the others as saved."""
    contact = g.contact
    forms = {
        "details": ProfileForm(obj=contact, formdata=None),
        "password": PasswordChangeForm(formdata=None),
        "notifications": _notifications_form(contact),
    }
    return render_template(
        "portal/profile.html", contact=contact, devices=live_sessions(contact), **forms | posted
    )


def _saved(message: str):
    flash(message, "success")
    return redirect(url_for("portal.profile.show"), 303)


def profile():
    """The details, password and notification forms, and the signed-in devices."""
    return _page()


def save_details():
    """Save name, position, phone, direction and picture (POST)."""
    details = ProfileForm(obj=g.contact)
    if details.validate_on_submit():
        try:
            update_profile(
                g.contact,
                details.data,
                picture=request.files.get("profile_image"),
                remove_picture=details.remove_profile_image.data,
            )
        except PictureError as error:
            details.profile_image.errors = [str(error)]
        else:
            return _saved(_("Your profile has been saved."))
    return _page(details=details)


def save_password():
    """Change the password after checking the current one (POST); other sessions end.
    Staff signed in as the contact cannot."""
    refuse_while_impersonating()
    password = PasswordChangeForm()
    if password.validate_on_submit():
        new = password.new_password.data
        if problem := password_problem(new, g.contact.email):
            password.new_password.errors.append(problem)
        elif change_password(g.contact, password.current_password.data, new):
            sign_in(g.contact)  # this session continues with the new token; others end
            return _saved(_("Your password has been changed."))
        else:
            password.current_password.errors.append(_("The current password is incorrect."))
    return _page(password=password)


def save_notifications():
    """Switch the covered email notifications on or off (POST)."""
    notifications = _notifications_form(g.contact, request.form)
    if notifications.validate_on_submit():
        set_notifications(g.contact, set(notifications.notifications.data))
        return _saved(_("Your notification settings have been saved."))
    return _page(notifications=notifications)


def picture():
    """The signed-in contact's own profile picture."""
    path = upload_path(g.contact.profile_image)
    if path is None:
        abort(404)
    return send_file(path, max_age=0, conditional=True)
