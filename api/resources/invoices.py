"""``/invoices``: list (by ``customer_id``, ``status``; with items), read, and the PDF."""

from sqlalchemy.orm import selectinload

from crm.api_keys.models import Scope
from crm.invoices.models import Invoice, InvoiceStatus
from crm.invoices.pdf import pdf_response

from .. import schemas
from ..crud import Resource, declare

declare(Resource(
    "invoices", "invoice", Invoice, schemas.Invoice(),
    schemas.customer_status_filter(InvoiceStatus), Scope.INVOICES_READ,
    equal=("customer_id", "status"), options=(selectinload(Invoice.items),), pdf=pdf_response,
))  # fmt: skip
