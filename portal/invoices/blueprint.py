"""URL map and the Rechnungen section of the customer area."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _l

from crm.contacts.models import Permission
from crm.invoices.queries import customer_invoice_count, customer_open_invoices
from portal.sections import PANEL_LIMIT, Panel, Section, register_section

from . import views

bp = Blueprint("invoices", __name__, template_folder="templates")

bp.add_url_rule("/rechnungen", "list", views.invoice_list)
bp.add_url_rule("/rechnungen/<int:invoice_id>", "show", views.invoice_detail)
bp.add_url_rule("/rechnungen/<int:invoice_id>/pdf", "pdf", views.invoice_download)
bp.add_url_rule("/rechnungen/<int:invoice_id>/e-rechnung", "einvoice", views.invoice_einvoice)


def invoice_count(contact) -> int:
    """Figure of the dashboard tile: the customer's invoices."""
    return customer_invoice_count(contact.customer_id)


def open_invoices(contact):
    """Start-page panel: the customer's unpaid invoices with amounts."""
    return customer_open_invoices(contact.customer_id, PANEL_LIMIT)


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """Rechnungen in the navigation and on the start page for contacts with ``invoices``."""
    register_section(
        state.app,
        Section(
            "portal.invoices.list",
            _l("Invoices"),
            Permission.INVOICES,
            invoice_count,
            Panel("portal/invoices/_home.html", open_invoices),
        ),
    )
