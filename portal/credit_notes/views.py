"""Gutschriften: list, page and PDF of the contact's customer; others' answer 404."""

from flask import abort, g, render_template
from sqlalchemy import func, select

from crm.contacts.models import Permission
from crm.credit_notes.models import CreditNote
from crm.credit_notes.pdf import credit_note_pdf
from crm.invoices.pdf import pdf_response, sender
from gorilla.extensions import db
from gorilla.paging import paginate, requested_page
from portal.sections import requires_permission


def _own(customer_id: int):
    return select(CreditNote).where(CreditNote.customer_id == customer_id)


def note_count(contact) -> int:
    """Start-page tile: the customer's credit notes."""
    return db.session.scalar(_own(contact.customer_id).with_only_columns(func.count()))


def _own_note(credit_note_id: int) -> CreditNote:
    note = db.session.scalar(_own(g.contact.customer_id).where(CreditNote.id == credit_note_id))
    if note is None:
        abort(404)
    return note


@requires_permission(Permission.INVOICES)
def credit_note_list():
    """The customer's credit notes, newest first."""
    query = _own(g.contact.customer_id).order_by(CreditNote.id.desc())
    return render_template("portal/credit_notes/list.html", page=paginate(query, requested_page()))


@requires_permission(Permission.INVOICES)
def credit_note_detail(credit_note_id: int):
    """One credit note as a printable page."""
    name, address = sender()
    return render_template(
        "portal/credit_notes/detail.html",
        note=_own_note(credit_note_id),
        sender_name=name,
        sender_address=address,
    )


@requires_permission(Permission.INVOICES)
def credit_note_download(credit_note_id: int):
    """One credit note as PDF."""
    return pdf_response(_own_note(credit_note_id), credit_note_pdf)
