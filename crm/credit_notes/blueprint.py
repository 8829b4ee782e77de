"""URL map of credit notes: from an invoice, list, page, apply, refund, send, print, PDF."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _l

import webhooks
from crm.customers.hooks import register_customer_tab
from crm.navigation import NavItem, register_nav_item
from gorilla.search import SearchSource, register_source

from . import demo, views
from .models import CreditNote, CreditNoteStatus

bp = Blueprint("credit_notes", __name__, template_folder="templates")
NOTE = "/credit-notes/<int:credit_note_id>"

bp.add_url_rule(
    "/invoices/<int:invoice_id>/credit-note", "create", views.credit_note_from, methods=["POST"]
)
bp.add_url_rule(
    "/customers/<int:customer_id>/credit-notes", "customer_tab", views.CUSTOMER_TAB.view
)
bp.add_url_rule("/credit-notes", "list", views.credit_note_list)
bp.add_url_rule(NOTE, "show", views.credit_note_detail, methods=["GET", "POST"])
bp.add_url_rule(f"{NOTE}/apply", "apply", views.credit_note_apply, methods=["POST"])
bp.add_url_rule(f"{NOTE}/refund", "refund", views.credit_note_refund, methods=["POST"])
bp.add_url_rule(f"{NOTE}/send", "send", views.credit_note_send, methods=["GET", "POST"])
bp.add_url_rule(f"{NOTE}/print", "print", views.credit_note_print)
bp.add_url_rule(f"{NOTE}/pdf", "pdf", views.credit_note_download)


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """The Gutschriften link, statuses for templates, search and demo data."""
    register_customer_tab(state.app, _l("Credit notes"), "admin.credit_notes.customer_tab")
    register_nav_item(state.app, NavItem("admin.credit_notes.list", _l("Credit notes"), 55))
    webhooks.register_event("credit_note.created", _l("Credit note created"))
    state.app.jinja_env.globals["CreditNoteStatus"] = CreditNoteStatus
    demo.init_app(state.app)
    register_source(
        state.app,
        SearchSource(
            "credit_note",
            _l("Credit note"),
            CreditNote,
            ("number",),
            ("notes",),
            "admin.credit_notes.show",
            "credit_note_id",
        ),
    )
