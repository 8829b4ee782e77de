"""URL rules and the Rechnungen section of the customer area."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from crm.contacts.models import Permission
from crm.invoices.queries import customer_invoice_count
from portal.sections import Section, register_section

from . import views


def add_rules(bp: Blueprint) -> None:
    """/kunden/rechnungen."""
    bp.add_url_rule("/rechnungen", "invoices", views.invoice_list)
    bp.add_url_rule("/rechnungen/<int:invoice_id>", "invoice_detail", views.invoice_detail)
    bp.add_url_rule("/rechnungen/<int:invoice_id>/pdf", "invoice_pdf", views.invoice_download)


def init_app(app: Flask) -> None:
    """Rechnungen in the navigation and on the dashboard for contacts with ``invoices``."""
    register_section(
        app,
        Section(
            "portal.invoices",
            _l("Invoices"),
            Permission.INVOICES,
            lambda contact: customer_invoice_count(contact.customer_id),
        ),
    )
