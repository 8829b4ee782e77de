"""URL map of the staff CRM (/admin) and its wiring into the app."""

from pathlib import Path

from flask import Blueprint, Flask, abort, g, request
from flask_login import current_user

from crm.dashboard import views as dashboard
from crm.settings import email_log, email_templates
from crm.settings.service import seed_settings
from crm.staff import views as staff
from crm.staff.service import load_staff, seed_admin
from crm.staff.verification import email_unverified, verify_admin_after_signup
from gorilla.auth import register_realm
from gorilla.extensions import login_manager
from gorilla.wiring import add_template_dir
from tenants.provisioning import register_seeder

bp = Blueprint("admin", __name__, url_prefix="/admin")

PUBLIC_ENDPOINTS = {"admin.login", "admin.set_password", "admin.handoff", "admin.verify_email"}

bp.add_url_rule("/login", "login", staff.login, methods=["GET", "POST"])
bp.add_url_rule("/logout", "logout", staff.logout, methods=["POST"])
bp.add_url_rule(
    "/set-password/<token>", "set_password", staff.set_password, methods=["GET", "POST"]
)
bp.add_url_rule("/handoff/<token>", "handoff", staff.handoff)
bp.add_url_rule("/verify-email/<token>", "verify_email", staff.verify_email)
bp.add_url_rule("/", "dashboard", dashboard.dashboard)
bp.add_url_rule("/staff", "staff_list", staff.staff_list)
bp.add_url_rule("/staff/<int:staff_id>", "staff_detail", staff.staff_detail)

TEMPLATE = "/settings/email-templates/<slug>/<any(de, en):lang>"
bp.add_url_rule("/settings/email-templates", "email_templates", email_templates.email_templates)
bp.add_url_rule(
    TEMPLATE,
    "email_template_edit",
    email_templates.email_template_edit,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    f"{TEMPLATE}/preview",
    "email_template_preview",
    email_templates.email_template_preview,
    methods=["POST"],
)
bp.add_url_rule(
    f"{TEMPLATE}/reset",
    "email_template_reset",
    email_templates.email_template_reset,
    methods=["POST"],
)
bp.add_url_rule("/settings/email-log", "email_log", email_log.email_log)
bp.add_url_rule(
    "/settings/email-log/<int:message_id>/retry",
    "email_log_retry",
    email_log.email_log_retry,
    methods=["POST"],
)


@bp.before_request
def require_staff():
    """Only tenant hosts serve /admin; everything but sign-in needs a staff session."""
    if g.get("tenant") is None:
        abort(404)
    signed_in = current_user.is_authenticated and current_user.realm == "staff"
    if signed_in:
        g.staff = current_user
        g.email_unverified = email_unverified(current_user)
        g.user_language = current_user.language
    elif request.endpoint not in PUBLIC_ENDPOINTS:
        return login_manager.unauthorized()
    return None


def init_app(app: Flask) -> None:
    """Register the blueprint, its templates, the staff realm and provisioning seeders."""
    here = Path(__file__).resolve().parent
    for feature in ("staff", "dashboard", "settings"):
        add_template_dir(app, here / feature / "templates")
    register_realm(app, "staff", load_staff)
    register_seeder(app, seed_settings)
    register_seeder(app, seed_admin)
    app.extensions.setdefault("gorilla.after_signup", []).append(verify_admin_after_signup)
    app.register_blueprint(bp)
