"""URL map and the Rechnungen section of the customer area."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from crm.contacts.models import Permission
from crm.invoices.queries import customer_invoice_count, customer_open_invoices
from portal.sections import PANEL_LIMIT, Panel, Section, add_section, of_customer

from . import views

bp = Blueprint("invoices", __name__, template_folder="templates")

bp.add_url_rule("/rechnungen", "list", views.invoice_list)
bp.add_url_rule("/rechnungen/<int:invoice_id>", "show", views.invoice_detail)
bp.add_url_rule("/rechnungen/<int:invoice_id>/pdf", "pdf", views.invoice_download)
bp.add_url_rule("/rechnungen/<int:invoice_id>/e-rechnung", "einvoice", views.invoice_einvoice)

# Rechnungen in the navigation and on the start page for contacts with ``invoices``.
add_section(
    bp,
    Section(
        "portal.invoices.list",
        _l("Invoices"),
        Permission.INVOICES,
        of_customer(customer_invoice_count),
        Panel("portal/invoices/_home.html", of_customer(customer_open_invoices, PANEL_LIMIT)),
    ),
)
