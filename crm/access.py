"""Role checks for staff views."""

from functools import wraps

from flask import abort, g


def admin_required(view):
    """Only staff admins may open ``view``; other staff get 403."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not g.staff.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapper
