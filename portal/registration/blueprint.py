"""URL map of self-registration: /kunden/registrieren and the confirmation link."""

from flask import Blueprint, current_app
from flask.blueprints import BlueprintSetupState

from crm.registrations.service import registration_enabled
from gorilla.ratelimit import client_key, limit

from . import views

bp = Blueprint("registration", __name__, template_folder="templates")


def _rate() -> str:
    return current_app.config["REGISTRATION_LIMIT"]


bp.add_url_rule(
    "/registrieren",
    "register",
    limit(_rate, key_func=client_key, methods=["POST"])(views.register),
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/registrieren/bestaetigen/<token>", "confirm", views.confirm, methods=["GET", "POST"]
)


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """The sign-in page links to the registration form while it is switched on."""
    state.app.jinja_env.globals["self_registration_enabled"] = registration_enabled
