"""URL map of contracts: list, create, contract page, send, terminate, renew, delete, PDFs,
attachments, discussion, Einstellungen › Verträge; search, demo, reminder job."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _l

import webhooks
from crm.customers.hooks import register_customer_tab, register_delete_guard
from crm.navigation import NavItem, register_nav_item
from gorilla.richtext import render
from gorilla.search import SearchSource, register_source
from mail_templates.reminders import register_reminder

from . import demo, views
from .models import Contract, ContractStatus
from .service import customer_has_contracts, queue_expiry_reminders

bp = Blueprint("contracts", __name__, template_folder="templates")
CONTRACT = "/contracts/<int:contract_id>"
ATTACHMENT = f"{CONTRACT}/attachments/<int:attachment_id>"
SETTINGS = "/settings/contracts"
POST = ["POST"]
SETTINGS_ENDPOINTS = {
    f"admin.contracts.{name}"
    for name in ("settings", "reminder", "type_new", "type_rename", "type_delete")
}


def is_contract_page(endpoint: str) -> bool:
    """Contract pages mark the Verträge link; its settings belong to Einstellungen."""
    return endpoint.startswith("admin.contracts.") and endpoint not in SETTINGS_ENDPOINTS


bp.add_url_rule("/customers/<int:customer_id>/contracts", "customer_tab", views.CUSTOMER_TAB.view)
bp.add_url_rule("/contracts", "list", views.contract_list)
bp.add_url_rule("/contracts/new", "new", views.contract_new, methods=["GET", "POST"])
bp.add_url_rule(CONTRACT, "show", views.contract_detail, methods=["GET", "POST"])
bp.add_url_rule(f"{CONTRACT}/send", "send", views.contract_send, methods=["GET", "POST"])
bp.add_url_rule(f"{CONTRACT}/terminate", "terminate", views.contract_terminate, methods=POST)
bp.add_url_rule(f"{CONTRACT}/renew", "renew", views.contract_renew, methods=POST)
bp.add_url_rule(f"{CONTRACT}/delete", "delete", views.contract_delete, methods=POST)
bp.add_url_rule(f"{CONTRACT}/pdf", "pdf", views.contract_download)
bp.add_url_rule(f"{CONTRACT}/signed-pdf", "signed_pdf", views.signed_download)
bp.add_url_rule(f"{CONTRACT}/comments", "comment", views.contract_comment, methods=POST)
bp.add_url_rule(f"{CONTRACT}/attachments", "attach", views.attachment_upload, methods=POST)
bp.add_url_rule(ATTACHMENT, "attachment", views.attachment_download)
bp.add_url_rule(f"{ATTACHMENT}/delete", "attachment_delete", views.attachment_delete, methods=POST)
bp.add_url_rule(SETTINGS, "settings", views.contract_settings)
bp.add_url_rule(f"{SETTINGS}/reminder", "reminder", views.reminder_setting, methods=POST)
bp.add_url_rule(f"{SETTINGS}/types", "type_new", views.type_new, methods=POST)
bp.add_url_rule(f"{SETTINGS}/types/<int:type_id>", "type_rename", views.type_rename, methods=POST)
bp.add_url_rule(
    f"{SETTINGS}/types/<int:type_id>/delete", "type_delete", views.type_delete, methods=POST
)


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """The Verträge link, the delete guard, the statuses for templates, search, the demo's
    contracts and the expiry reminder job of the mail sender."""
    register_customer_tab(state.app, _l("Contracts"), "admin.contracts.customer_tab")
    register_nav_item(
        state.app, NavItem("admin.contracts.list", _l("Contracts"), 55, is_contract_page)
    )
    register_delete_guard(state.app, customer_has_contracts)
    webhooks.register_event("contract.signed", _l("Contract signed"))
    state.app.jinja_env.globals["ContractStatus"] = ContractStatus
    state.app.jinja_env.filters.setdefault("markdown", render)
    demo.init_app(state.app)
    register_reminder(state.app, "contract-expiry-reminder", queue_expiry_reminders)
    register_source(
        state.app,
        SearchSource(
            "contract",
            _l("Contract"),
            Contract,
            ("subject",),
            ("content",),
            "admin.contracts.show",
            "contract_id",
        ),
    )
