"""URL map and the Vorschläge section of the customer area."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from crm.contacts.models import Permission
from crm.proposals.queries import awaiting_answer, customer_proposal_count
from portal.sections import PANEL_LIMIT, Panel, Section, add_section, of_customer
from tenants.sqlite import writes_on_get

from . import views

bp = Blueprint("proposals", __name__, template_folder="templates")
PROPOSAL = "/vorschlaege/<int:proposal_id>"

bp.add_url_rule("/vorschlaege", "list", views.proposal_list)
# Opening a sent proposal marks it "open" (seen by the customer): a GET that writes.
bp.add_url_rule(PROPOSAL, "show", writes_on_get(views.proposal_detail))
bp.add_url_rule(f"{PROPOSAL}/pdf", "pdf", views.proposal_download)
bp.add_url_rule(f"{PROPOSAL}/annehmen", "accept", views.proposal_accept, methods=["POST"])
bp.add_url_rule(f"{PROPOSAL}/ablehnen", "decline", views.proposal_decline, methods=["POST"])
bp.add_url_rule(f"{PROPOSAL}/kommentare", "comment", views.proposal_comment, methods=["POST"])

# Vorschläge in the navigation and on the start page for contacts with ``proposals``.
add_section(
    bp,
    Section(
        "portal.proposals.list",
        _l("Proposals"),
        Permission.PROPOSALS,
        of_customer(customer_proposal_count),
        Panel("portal/proposals/_home.html", of_customer(awaiting_answer, PANEL_LIMIT)),
    ),
)
