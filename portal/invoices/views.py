"""Rechnungen: list, invoice page and PDF, for contacts with the ``invoices`` permission."""

from flask import g, render_template

from crm.contacts.models import Permission
from crm.invoices.pdf import pdf_response, zugferd_response
from crm.invoices.queries import customer_invoice, customer_invoice_page, sheet_context
from gorilla.paging import requested_page
from portal.documents import own_document
from portal.sections import requires_permission


def _own_invoice(invoice_id: int):
    return own_document(customer_invoice, invoice_id)


@requires_permission(Permission.INVOICES)
def invoice_list():
    """The customer's invoices with status and amounts."""
    page = customer_invoice_page(g.contact.customer_id, requested_page())
    return render_template("portal/invoices/list.html", page=page)


@requires_permission(Permission.INVOICES)
def invoice_detail(invoice_id: int):
    """One invoice as a printable page."""
    invoice = _own_invoice(invoice_id)
    return render_template("portal/invoices/detail.html", invoice=invoice, **sheet_context(invoice))


@requires_permission(Permission.INVOICES)
def invoice_download(invoice_id: int):
    """One invoice as PDF."""
    return pdf_response(_own_invoice(invoice_id))


@requires_permission(Permission.INVOICES)
def invoice_einvoice(invoice_id: int):
    """One invoice as e-invoice (ZUGFeRD PDF with the XML inside)."""
    return zugferd_response(_own_invoice(invoice_id))
