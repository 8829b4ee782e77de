"""URL map and the Angebote section of the customer area."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from crm.contacts.models import Permission
from crm.estimates.queries import customer_estimate_count, estimates_to_answer
from portal.sections import PANEL_LIMIT, Panel, Section, add_section, of_customer
from tenants.sqlite import writes_on_get

from . import views

bp = Blueprint("estimates", __name__, template_folder="templates")
ESTIMATE = "/angebote/<int:estimate_id>"

bp.add_url_rule("/angebote", "list", views.estimate_list)
# the first view by a contact is written to the estimate's history
bp.add_url_rule(ESTIMATE, "show", writes_on_get(views.estimate_detail))
bp.add_url_rule(f"{ESTIMATE}/pdf", "pdf", views.estimate_download)
bp.add_url_rule(f"{ESTIMATE}/signatur", "signature", views.signature_image)
bp.add_url_rule(f"{ESTIMATE}/annehmen", "accept", views.estimate_accept, methods=["POST"])
bp.add_url_rule(f"{ESTIMATE}/ablehnen", "decline", views.estimate_decline, methods=["POST"])

# Angebote in the navigation and on the start page for contacts with ``estimates``.
add_section(
    bp,
    Section(
        "portal.estimates.list",
        _l("Estimates"),
        Permission.ESTIMATES,
        of_customer(customer_estimate_count),
        Panel("portal/estimates/_home.html", of_customer(estimates_to_answer, PANEL_LIMIT)),
    ),
)
