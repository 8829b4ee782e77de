"""URL map of GDPR on the staff side: Einstellungen › Datenschutzerklärung and Löschanträge, and
a contact's Datenschutz page with export and anonymisation."""

from flask import Blueprint

from . import views

bp = Blueprint("gdpr", __name__, template_folder="templates")
CONTACT = "/contacts/<int:contact_id>"

bp.add_url_rule(
    "/settings/privacy-policy",
    "privacy_policy",
    views.privacy_policy_settings,
    methods=["GET", "POST"],
)
bp.add_url_rule("/settings/erasure-requests", "erasure_requests", views.erasure_requests)
bp.add_url_rule(f"{CONTACT}/privacy", "contact_privacy", views.contact_privacy)
bp.add_url_rule(f"{CONTACT}/data-export", "contact_export", views.contact_export, methods=["POST"])
bp.add_url_rule(f"{CONTACT}/anonymise", "anonymise", views.anonymise, methods=["POST"])
