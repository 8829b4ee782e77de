"""URL map of staff accounts: sign-in links, the staff list and the own profile."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _l

from crm.navigation import NavItem, register_nav_item
from gorilla import devices
from tenants.provisioning import register_seeder
from tenants.sqlite import writes_on_get

from . import demo, manage, views
from .service import seed_admin
from .verification import verify_admin_after_signup

bp = Blueprint("staff", __name__, template_folder="templates")
MEMBER_PAGES = ("admin.staff.list", "admin.staff.show", "admin.staff.new")

bp.add_url_rule("/login", "login", views.login, methods=["GET", "POST"])
bp.add_url_rule("/logout", "logout", views.logout, methods=["POST"])
bp.add_url_rule(
    "/set-password/<token>", "set_password", views.set_password, methods=["GET", "POST"]
)
bp.add_url_rule("/handoff/<token>", "handoff", writes_on_get(views.handoff))
bp.add_url_rule("/verify-email/<token>", "verify_email", writes_on_get(views.verify_email))
bp.add_url_rule("/staff", "list", views.staff_list)
bp.add_url_rule("/staff/<int:staff_id>", "show", views.staff_detail)
bp.add_url_rule("/staff/new", "new", manage.staff_new, methods=["GET", "POST"])
bp.add_url_rule(
    "/staff/<int:staff_id>/active", "set_active", manage.staff_set_active, methods=["POST"]
)
bp.add_url_rule(
    "/staff/<int:staff_id>/impersonation",
    "set_impersonation",
    manage.staff_set_impersonation,
    methods=["POST"],
)
bp.add_url_rule(
    "/staff/<int:staff_id>/reset-password",
    "reset_password",
    manage.staff_reset_password,
    methods=["POST"],
)
bp.add_url_rule("/profile", "profile", manage.profile, methods=["GET", "POST"])
bp.add_url_rule(
    "/profile/sessions/<int:row_id>/end", "end_device", devices.end_device, methods=["POST"]
)
bp.add_url_rule(
    "/profile/sessions/end-all", "end_all_devices", devices.end_all_devices, methods=["POST"]
)


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """The Mitarbeiter link, the admin created with a tenant and its verified sign-up email."""
    register_nav_item(
        state.app, NavItem("admin.staff.list", _l("Staff"), 60, MEMBER_PAGES.__contains__)
    )
    register_seeder(state.app, seed_admin)
    state.app.extensions.setdefault("gorilla.after_signup", []).append(verify_admin_after_signup)
    demo.init_app(state.app)  # this feature's part of ``gorilla demo``
