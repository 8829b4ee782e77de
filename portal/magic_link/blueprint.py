"""URL map of the emailed sign-in link: /kunden/login/link (``email``) and the link itself."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from crm.two_factor.service import magic_link_enabled
from gorilla.ratelimit import client_key, limit
from mail_templates import register_composer

from . import views
from .service import SLUG, magic_link_mail

bp = Blueprint("magic_link", __name__, template_folder="templates")

bp.add_url_rule(
    "/login/link",
    "ask",
    limit("5 per 15 minutes", key_func=client_key, methods=["POST"])(views.ask),
    methods=["GET", "POST"],
)
bp.add_url_rule("/login/link/<token>", "use", views.use, methods=["GET", "POST"])


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """The link's mail is composed when it is sent; the sign-in page offers the link while
    the setting is on."""
    register_composer(state.app, SLUG, magic_link_mail)
    state.app.jinja_env.globals["magic_link_enabled"] = magic_link_enabled
