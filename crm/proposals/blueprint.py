"""URL map of proposals: list, create, proposal page, send, PDF, delete, comment, convert."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _l

import webhooks
from crm.customers.hooks import register_customer_tab, register_delete_guard
from crm.navigation import NavItem, register_nav_item
from gorilla.search import SearchSource, register_source

from . import demo, views
from .conversions import ConversionTarget, proposal_to_invoice, register_conversion_target
from .models import Proposal, ProposalStatus
from .queries import customer_has_proposals

bp = Blueprint("proposals", __name__, template_folder="templates")
PROPOSAL = "/proposals/<int:proposal_id>"

bp.add_url_rule("/customers/<int:customer_id>/proposals", "customer_tab", views.CUSTOMER_TAB.view)
bp.add_url_rule("/proposals", "list", views.proposal_list)
bp.add_url_rule("/proposals/new", "new", views.proposal_new, methods=["GET", "POST"])
bp.add_url_rule(PROPOSAL, "show", views.proposal_detail, methods=["GET", "POST"])
bp.add_url_rule(f"{PROPOSAL}/send", "send", views.proposal_send, methods=["GET", "POST"])
bp.add_url_rule(f"{PROPOSAL}/pdf", "pdf", views.proposal_download)
bp.add_url_rule(f"{PROPOSAL}/delete", "delete", views.proposal_delete, methods=["POST"])
bp.add_url_rule(f"{PROPOSAL}/comments", "comment", views.proposal_comment, methods=["POST"])
bp.add_url_rule(f"{PROPOSAL}/convert", "convert", views.proposal_convert, methods=["POST"])


def proposals_guard(customer) -> str | None:
    """Delete guard: a customer with proposals cannot be deleted."""
    return str(_l("the customer has proposals")) if customer_has_proposals(customer) else None


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """The Vorschläge link, the delete guard, the statuses for templates, the invoice as a
    conversion target, search and demo data."""
    register_customer_tab(state.app, _l("Proposals"), "admin.proposals.customer_tab")
    register_nav_item(state.app, NavItem("admin.proposals.list", _l("Proposals"), 55))
    webhooks.register_event("proposal.accepted", _l("Proposal accepted"))
    webhooks.register_event("proposal.declined", _l("Proposal declined"))
    register_delete_guard(state.app, proposals_guard)
    state.app.jinja_env.globals["ProposalStatus"] = ProposalStatus
    register_conversion_target(
        state.app,
        ConversionTarget(
            "invoice",
            _l("Convert to invoice"),
            proposal_to_invoice,
            "admin.invoices.show",
            "invoice_id",
        ),
    )
    demo.init_app(state.app)
    register_source(
        state.app,
        SearchSource(
            "proposal",
            _l("Proposal"),
            Proposal,
            ("subject",),
            ("content",),
            "admin.proposals.show",
            "proposal_id",
        ),
    )
