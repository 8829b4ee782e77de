"""URL map and the Verträge section of the customer area."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _l

from crm.contacts.models import Permission
from crm.contracts.queries import contracts_to_sign, customer_contract_count
from portal.sections import PANEL_LIMIT, Panel, Section, register_section

from . import views

bp = Blueprint("contracts", __name__, template_folder="templates")
CONTRACT = "/vertraege/<int:contract_id>"

bp.add_url_rule("/vertraege", "list", views.contract_list)
bp.add_url_rule(CONTRACT, "show", views.contract_detail)
bp.add_url_rule(f"{CONTRACT}/pdf", "pdf", views.contract_download)
bp.add_url_rule(f"{CONTRACT}/pdf/unterschrieben", "signed_pdf", views.signed_download)
bp.add_url_rule(f"{CONTRACT}/unterschreiben", "sign", views.contract_sign, methods=["POST"])
bp.add_url_rule(f"{CONTRACT}/kommentare", "comment", views.contract_comment, methods=["POST"])
bp.add_url_rule(f"{CONTRACT}/anhaenge/<int:attachment_id>", "attachment", views.attachment_download)


def contract_count(contact) -> int:
    """Figure of the dashboard tile: the customer's contracts."""
    return customer_contract_count(contact.customer_id)


def to_sign(contact):
    """Start-page panel: contracts waiting for the customer's signature."""
    return contracts_to_sign(contact.customer_id, PANEL_LIMIT)


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """Verträge in the navigation and on the start page for contacts with ``contracts``."""
    register_section(
        state.app,
        Section(
            "portal.contracts.list",
            _l("Contracts"),
            Permission.CONTRACTS,
            contract_count,
            Panel("portal/contracts/_home.html", to_sign),
        ),
    )
