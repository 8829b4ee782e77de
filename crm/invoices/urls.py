"""URL rules and wiring of invoices in the staff CRM."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from crm.customers.hooks import register_customer_tab, register_delete_guard

from . import views
from .service import customer_has_invoices

INVOICE = "/invoices/<int:invoice_id>"


def add_rules(bp: Blueprint) -> None:
    """Invoices under /admin."""
    bp.add_url_rule("/invoices", "invoice_list", views.invoice_list)
    bp.add_url_rule("/invoices/new", "invoice_new", views.invoice_new, methods=["GET", "POST"])
    bp.add_url_rule(INVOICE, "invoice_detail", views.invoice_detail, methods=["GET", "POST"])
    bp.add_url_rule(f"{INVOICE}/send", "invoice_send", views.invoice_send, methods=["GET", "POST"])
    bp.add_url_rule(
        f"{INVOICE}/payments", "invoice_payment", views.invoice_payment, methods=["POST"]
    )
    bp.add_url_rule(f"{INVOICE}/cancel", "invoice_cancel", views.invoice_cancel, methods=["POST"])
    bp.add_url_rule(f"{INVOICE}/print", "invoice_print", views.invoice_print)
    bp.add_url_rule(f"{INVOICE}/pdf", "invoice_pdf", views.invoice_download)
    bp.add_url_rule(
        "/customers/<int:customer_id>/invoices", "customer_invoices", views.customer_invoices
    )


def init_app(app: Flask) -> None:
    """The Rechnungen tab and the delete guard."""
    register_customer_tab(app, _l("Invoices"), "admin.customer_invoices")
    register_delete_guard(app, customer_has_invoices)
