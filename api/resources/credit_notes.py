"""``/credit-notes``: list (by ``customer_id``, ``status``: ``open`` while credit remains;
with items), read, and the PDF."""

from functools import partial

from sqlalchemy import Select
from sqlalchemy.orm import selectinload

from crm.api_keys.models import Scope
from crm.credit_notes.models import CreditNote, CreditNoteStatus
from crm.credit_notes.pdf import credit_note_pdf
from crm.invoices.pdf import pdf_response

from .. import schemas
from ..crud import Resource, declare


def _status(query: Select, args: dict) -> Select:
    if "status" not in args:
        return query
    remaining = CreditNote.total - CreditNote.amount_applied - CreditNote.amount_refunded
    is_open = args["status"] == CreditNoteStatus.OPEN
    return query.where(remaining > 0 if is_open else remaining <= 0)


declare(Resource(
    "credit_notes", "credit_note", CreditNote, schemas.CreditNote(),
    schemas.customer_status_filter(CreditNoteStatus), Scope.CREDIT_NOTES_READ,
    equal=("customer_id",), narrow=_status, options=(selectinload(CreditNote.items),),
    pdf=partial(pdf_response, render=credit_note_pdf), segment="credit-notes",
))  # fmt: skip
