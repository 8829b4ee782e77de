"""URL map and the Verträge section of the customer area."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from crm.contacts.models import Permission
from crm.contracts.queries import contracts_to_sign, customer_contract_count
from portal.sections import PANEL_LIMIT, Panel, Section, add_section, of_customer

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

# Verträge in the navigation and on the start page for contacts with ``contracts``.
add_section(
    bp,
    Section(
        "portal.contracts.list",
        _l("Contracts"),
        Permission.CONTRACTS,
        of_customer(customer_contract_count),
        Panel("portal/contracts/_home.html", of_customer(contracts_to_sign, PANEL_LIMIT)),
    ),
)
