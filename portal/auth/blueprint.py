"""URL map of a contact's sign-in, sign-out, forgot-password and set-password pages."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from gorilla.ratelimit import client_key, limit
from mail_templates import register_composer
from mail_templates.links import FORGOT_PASSWORD

from . import views
from .service import forgot_password_mail

bp = Blueprint("auth", __name__, template_folder="templates")

bp.add_url_rule("/login", "login", views.login, methods=["GET", "POST"])
bp.add_url_rule("/logout", "logout", views.logout, methods=["POST"])
bp.add_url_rule(
    "/als-kontakt/beenden", "end_impersonation", views.stop_impersonation, methods=["POST"]
)
bp.add_url_rule(
    "/passwort-vergessen",
    "forgot_password",
    limit("5 per 15 minutes", key_func=client_key, methods=["POST"])(views.forgot_password),
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/passwort-setzen/<token>", "set_password", views.set_password, methods=["GET", "POST"]
)


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """The forgot-password mail is composed when it is sent."""
    register_composer(state.app, FORGOT_PASSWORD, forgot_password_mail)
