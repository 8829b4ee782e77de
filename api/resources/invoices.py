"""``/invoices``: list (by ``customer_id``, ``status``; with items), read, and the PDF."""

from sqlalchemy.orm import selectinload

from crm.api_keys.models import Scope
from crm.invoices.models import Invoice
from crm.invoices.pdf import pdf_response
from gorilla.extensions import db

from .. import schemas
from ..crud import Resource, declare
from ..operations import operation

INVOICES = Resource(
    "invoices", "invoice", Invoice, schemas.Invoice(), schemas.InvoiceFilter(),
    Scope.INVOICES_READ, equal=("customer_id", "status"), options=(selectinload(Invoice.items),),
)  # fmt: skip
declare(INVOICES)


@operation("GET", f"{INVOICES.item}/pdf", scope=Scope.INVOICES_READ, tag="invoices",
           summary="Download an invoice as PDF", media_type="application/pdf")  # fmt: skip
def invoices_pdf(invoice_id: int):
    """The invoice's PDF, as the customer area offers it."""
    return pdf_response(db.get_or_404(Invoice, invoice_id))
