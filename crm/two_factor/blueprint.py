"""URL map of two-factor sign-in in the staff area: /admin/profile/2fa, /admin/login/2fa,
admins' reset of a member's or contact's two-factor sign-in, Einstellungen › Sicherheit."""

from flask import Blueprint

from gorilla.two_factor.views import map_pages

from . import admin_views

bp = Blueprint("two_factor", __name__, template_folder="templates")

map_pages(
    bp,
    setup="/profile/2fa",
    disable="/profile/2fa/disable",
    renew_recovery_codes="/profile/2fa/recovery-codes",
    download_recovery_codes="/profile/2fa/recovery-codes.txt",
    verify="/login/2fa",
)
bp.add_url_rule(
    "/staff/<int:staff_id>/reset-2fa", "reset_staff", admin_views.reset_staff, methods=["POST"]
)
bp.add_url_rule(
    "/contacts/<int:contact_id>/reset-2fa",
    "reset_contact",
    admin_views.reset_contact,
    methods=["POST"],
)
bp.add_url_rule(
    "/settings/security", "settings", admin_views.security_settings, methods=["GET", "POST"]
)
