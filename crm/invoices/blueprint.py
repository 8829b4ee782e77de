"""URL map of invoices: list, create, invoice page, send, pay, cancel, print, PDF, customer tab."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _l

from crm.customers.hooks import register_customer_tab, register_delete_guard
from crm.dashboard.widgets import Widget, register_widget
from crm.navigation import NavItem, register_nav_item
from gorilla.search import SearchSource, register_source

from . import demo, views
from .models import Invoice, InvoiceStatus
from .queries import open_amounts
from .service import customer_has_invoices

bp = Blueprint("invoices", __name__, template_folder="templates")
INVOICE = "/invoices/<int:invoice_id>"

bp.add_url_rule("/invoices", "list", views.invoice_list)
bp.add_url_rule("/invoices/new", "new", views.invoice_new, methods=["GET", "POST"])
bp.add_url_rule(INVOICE, "show", views.invoice_detail, methods=["GET", "POST"])
bp.add_url_rule(f"{INVOICE}/send", "send", views.invoice_send, methods=["GET", "POST"])
bp.add_url_rule(f"{INVOICE}/payments", "payment", views.invoice_payment, methods=["POST"])
bp.add_url_rule(f"{INVOICE}/cancel", "cancel", views.invoice_cancel, methods=["POST"])
bp.add_url_rule(f"{INVOICE}/print", "print", views.invoice_print)
bp.add_url_rule(f"{INVOICE}/pdf", "pdf", views.invoice_download)
bp.add_url_rule(f"{INVOICE}/xrechnung", "xrechnung", views.invoice_xrechnung)
bp.add_url_rule(f"{INVOICE}/zugferd", "zugferd", views.invoice_zugferd)
bp.add_url_rule("/customers/<int:customer_id>/invoices", "customer_tab", views.customer_invoices)


def open_balances(staff):
    """Dashboard: open and overdue amounts per currency."""
    return open_amounts()


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """The Rechnungen link and customer tab, the delete guard, the statuses for templates,
    the dashboard widget."""
    register_nav_item(state.app, NavItem("admin.invoices.list", _l("Invoices"), 50))
    register_customer_tab(state.app, _l("Invoices"), "admin.invoices.customer_tab")
    register_delete_guard(state.app, customer_has_invoices)
    state.app.jinja_env.globals["InvoiceStatus"] = InvoiceStatus
    demo.init_app(state.app)  # this feature's part of ``gorilla demo``
    register_widget(state.app, Widget("invoices", "invoices/_dashboard.html", open_balances, 20))
    register_source(
        state.app,
        SearchSource(
            "invoice",
            _l("Invoice"),
            Invoice,
            ("number",),
            ("notes",),
            "admin.invoices.show",
            "invoice_id",
        ),
    )
