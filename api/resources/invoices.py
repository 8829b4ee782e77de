"""``/invoices``: list, read and the PDF (read only)."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from crm.api_keys.models import Scope
from crm.invoices.models import Invoice
from crm.invoices.pdf import pdf_response
from gorilla.extensions import db

from .. import schemas
from ..operations import operation
from ..representation import one, page

SHOWN = schemas.Invoice()
ITEM = "/invoices/<int:invoice_id>"


@operation("GET", "/invoices", scope=Scope.INVOICES_READ, tag="invoices",
           summary="List invoices", response=SHOWN, listing=True,
           query=schemas.InvoiceFilter())  # fmt: skip
def invoices_list(args):
    """Invoices in id order with their items; by ``customer_id`` and ``status``."""
    query = select(Invoice).options(selectinload(Invoice.items))
    for name in ("customer_id", "status"):
        if name in args:
            query = query.where(getattr(Invoice, name) == args[name])
    return page(SHOWN, query, Invoice, args)


@operation("GET", ITEM, scope=Scope.INVOICES_READ, tag="invoices", summary="Read an invoice",
           response=SHOWN, etag=True)  # fmt: skip
def invoices_show(invoice_id: int):
    """One invoice with its items and ETag."""
    return one(SHOWN, db.get_or_404(Invoice, invoice_id))


@operation("GET", f"{ITEM}/pdf", scope=Scope.INVOICES_READ, tag="invoices",
           summary="Download an invoice as PDF", media_type="application/pdf")  # fmt: skip
def invoices_pdf(invoice_id: int):
    """The invoice's PDF, as the customer area offers it."""
    return pdf_response(db.get_or_404(Invoice, invoice_id))
