"""URL map of two-factor sign-in in the staff area: /admin/profile/2fa, /admin/login/2fa,
admins' reset of a member's or contact's two-factor sign-in, Einstellungen › Sicherheit."""

from flask import Blueprint

from gorilla.two_factor import views
from tenants.sqlite import writes_on_get

from . import admin_views

bp = Blueprint("two_factor", __name__, template_folder="templates")

bp.add_url_rule("/profile/2fa", "setup", writes_on_get(views.setup), methods=["GET", "POST"])
bp.add_url_rule("/profile/2fa/disable", "disable", views.disable, methods=["POST"])
bp.add_url_rule(
    "/profile/2fa/recovery-codes",
    "renew_recovery_codes",
    views.renew_recovery_codes,
    methods=["POST"],
)
bp.add_url_rule(
    "/profile/2fa/recovery-codes.txt",
    "download_recovery_codes",
    views.download_recovery_codes,
    methods=["POST"],
)
bp.add_url_rule("/login/2fa", "verify", views.verify, methods=["GET", "POST"])
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
