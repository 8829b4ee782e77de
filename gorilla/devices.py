"""The signed-in user's devices (staff and contacts alike): end one session, or all of them.

Each blueprint maps these views under its profile page and shows the list with the
``macros/devices.html`` macro; the profile view passes ``live_sessions(user)``.
"""

from flask import abort, redirect, url_for
from flask_login import current_user

from gorilla.auth import realm_setup, refuse_while_impersonating, sign_out_everywhere
from gorilla.sessions import end_sessions


def end_device(row_id: int):
    """End one session of the signed-in user (POST); another user's session is a 404."""
    refuse_while_impersonating()
    if not end_sessions(current_user, row_id):
        abort(404)
    return redirect(url_for(realm_setup(current_user.realm).profile), 303)


def end_all_devices():
    """End every session of the signed-in user, this one included (POST)."""
    refuse_while_impersonating()
    login = realm_setup(current_user.realm).login
    sign_out_everywhere()
    return redirect(url_for(login), 303)
