"""Reads of the staff credit note pages: the list, optionally of one customer."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from gorilla.paging import Page, paginate

from .models import CreditNote


@dataclass(frozen=True)
class CreditNoteFilter:
    """Filter of the staff list: the customer."""

    customer_id: int | None = None


def credit_note_page(filters: CreditNoteFilter, page: int) -> Page:
    """Credit notes matching ``filters``, newest first, 25 a page, customer joined."""
    query = select(CreditNote).options(joinedload(CreditNote.customer))
    if filters.customer_id:
        query = query.where(CreditNote.customer_id == filters.customer_id)
    return paginate(query.order_by(CreditNote.id.desc()), page)
