"""URL map of the contact's GDPR pages: ``/kunden/datenschutz`` (public) and
``/kunden/profil/daten-export`` (GET the page, POST the ZIP) with consent and erasure."""

from flask import Blueprint, Flask, g
from flask.blueprints import BlueprintSetupState

from crm.gdpr.service import consent_pending
from gorilla.ratelimit import client_key, limit

from . import views

bp = Blueprint("gdpr", __name__, template_folder="templates")
EXPORT = "/profil/daten-export"

bp.add_url_rule("/datenschutz", "privacy_policy", views.policy_page)
bp.add_url_rule(EXPORT, "export", views.my_data)
bp.add_url_rule(
    EXPORT,
    "download",
    limit("5 per hour", key_func=client_key, methods=["POST"])(views.download),
    methods=["POST"],
)
bp.add_url_rule(
    "/profil/loeschung-beantragen",
    "request_erasure",
    limit("10 per hour", key_func=client_key, methods=["POST"])(views.ask_for_erasure),
    methods=["POST"],
)
bp.add_url_rule("/profil/datenschutz-zustimmen", "consent", views.accept_policy, methods=["POST"])
bp.add_url_rule(
    "/profil/datenschutz-widerrufen", "withdraw", views.withdraw_consent, methods=["POST"]
)


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """``privacy_consent_pending()`` for the profile page's notice."""
    app: Flask = state.app

    @app.context_processor
    def privacy_helpers():
        def privacy_consent_pending():
            contact = g.get("contact")
            return contact is not None and consent_pending(contact) is not None

        return {"privacy_consent_pending": privacy_consent_pending}
