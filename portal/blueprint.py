"""URL map of the customer area (/kunden) and its wiring into the app."""

from pathlib import Path

from flask import Blueprint, Flask, abort, g, request
from flask_login import current_user

from gorilla import devices
from gorilla.auth import Realm, register_realm
from gorilla.extensions import login_manager
from gorilla.ratelimit import client_key, limit
from mail_templates import register_composer
from mail_templates.links import FORGOT_PASSWORD
from portal import home, sections
from portal.auth import views as auth
from portal.auth.service import SIGNED_IN_CONTACT, forgot_password_mail
from portal.invoices import urls as invoice_urls
from portal.profile import views as profile
from portal.profile.service import text_direction
from portal.projects import urls as project_urls

bp = Blueprint("portal", __name__, url_prefix="/kunden")

PUBLIC_ENDPOINTS = {"portal.home", "portal.login", "portal.forgot_password", "portal.set_password"}


bp.add_url_rule("/", "home", home.home)
bp.add_url_rule("/login", "login", auth.login, methods=["GET", "POST"])
bp.add_url_rule("/logout", "logout", auth.logout, methods=["POST"])
bp.add_url_rule(
    "/passwort-vergessen",
    "forgot_password",
    limit("5 per 15 minutes", key_func=client_key, methods=["POST"])(auth.forgot_password),
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/passwort-setzen/<token>", "set_password", auth.set_password, methods=["GET", "POST"]
)
bp.add_url_rule("/profil", "profile", profile.profile)
bp.add_url_rule("/profil/daten", "profile_details", profile.save_details, methods=["POST"])
bp.add_url_rule("/profil/passwort", "profile_password", profile.save_password, methods=["POST"])
bp.add_url_rule(
    "/profil/benachrichtigungen",
    "profile_notifications",
    profile.save_notifications,
    methods=["POST"],
)
bp.add_url_rule("/profil/bild", "profile_picture", profile.picture)
bp.add_url_rule(
    "/profil/sitzungen/<int:row_id>/beenden", "end_device", devices.end_device, methods=["POST"]
)
bp.add_url_rule(
    "/profil/sitzungen/beenden", "end_all_devices", devices.end_all_devices, methods=["POST"]
)
invoice_urls.add_rules(bp)
project_urls.add_rules(bp)


@bp.before_request
def require_contact():
    """Tenant hosts only; everything but sign-in pages needs a signed-in contact."""
    if g.get("tenant") is None:
        abort(404)
    if current_user.is_authenticated and current_user.realm == Realm.CONTACT:
        g.contact = current_user._get_current_object()
        g.user_language = current_user.language
        g.text_direction = text_direction(current_user)
    elif request.endpoint not in PUBLIC_ENDPOINTS:
        return login_manager.unauthorized()
    return None


def init_app(app: Flask) -> None:
    """Register the blueprint, its templates and the contact realm."""
    from gorilla.wiring import add_template_dir

    add_template_dir(app, Path(__file__).resolve().parent / "templates")
    register_realm(app, Realm.CONTACT, SIGNED_IN_CONTACT)
    register_composer(app, FORGOT_PASSWORD, forgot_password_mail)
    sections.init_app(app)
    invoice_urls.init_app(app)
    project_urls.init_app(app)
    app.register_blueprint(bp)
