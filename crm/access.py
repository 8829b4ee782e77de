"""Access rules inside the staff CRM."""

from functools import wraps

from flask import abort, g


def admin_required(view):
    """Let only admins of the agency open ``view`` (others get 403)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not g.staff.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapper
