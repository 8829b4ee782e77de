"""Staff sign-in, sign-out and set-password views."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from gorilla.auth import Realm, password_sign_in, sign_in, sign_out
from gorilla.extensions import db
from gorilla.set_password import set_password_page
from gorilla.sign_in_limits import limited
from gorilla.tokens import TokenInvalid

from .forms import LoginForm
from .models import Staff
from .service import (
    authenticate_staff,
    consume_handoff,
    set_password_from_link,
    staff_for_set_password_token,
)
from .verification import confirm_email


def login():
    """Sign in; on success go to a safe ``next`` path or the dashboard."""
    if current_user.is_authenticated and current_user.realm == Realm.STAFF:
        return redirect(url_for("admin.dashboard.index"))
    return password_sign_in(
        LoginForm(),
        limited("staff", authenticate_staff),
        url_for("admin.dashboard.index"),
        "staff/login.html",
    )


def logout():
    """Sign out (POST only, CSRF-protected)."""
    sign_out()
    return redirect(url_for("admin.staff.login"))


def set_password(token: str):
    """Set a first password through a signed 48-hour link, then sign in."""
    return set_password_page(
        token,
        staff_for_set_password_token,
        set_password_from_link,
        url_for("admin.dashboard.index"),
        "staff/link_invalid.html",
    )


def staff_list():
    """All staff members of the agency."""
    members = db.session.scalars(select(Staff).order_by(Staff.last_name, Staff.email)).all()
    return render_template("staff/list.html", members=members)


def staff_detail(staff_id: int):
    """One staff member; ids of other tenants simply do not exist here (404)."""
    member = db.get_or_404(Staff, staff_id)
    return render_template("staff/detail.html", member=member)


def handoff(token: str):
    """Land signed in after sign-up (one-time, 60-second token from the platform site)."""
    try:
        staff = consume_handoff(token)
    except TokenInvalid:
        return render_template("staff/link_invalid.html"), 410
    sign_in(staff)
    return redirect(url_for("admin.dashboard.index"))


def verify_email(token: str):
    """Confirm the admin's email address (link from the sign-up email)."""
    try:
        confirm_email(token)
    except TokenInvalid:
        return render_template("staff/link_invalid.html"), 410
    flash(_("Thank you, your email address is confirmed."), "success")
    return redirect(url_for("admin.dashboard.index"))
