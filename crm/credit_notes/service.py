"""Credit note service: create from an invoice, edit, apply to open invoices, refund, send.

Using credit is one conditional UPDATE on the credit note (``remaining >= amount``), so two
uses racing can never take more than the note holds; applying books a payment on the invoice
(``crm.invoices.service.record_payment``), which lowers its amount due and never below zero.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import LazyString
from flask_babel import gettext as _
from sqlalchemy import select

import mail_templates
import webhooks
from crm.contacts.models import Contact, Permission
from crm.documents.service import claim, send_to_chosen
from crm.invoices.attachments import pdf_attachments
from crm.invoices.lines import item_rows, set_items
from crm.invoices.models import Invoice, InvoiceStatus
from crm.invoices.numbering import next_number
from crm.invoices.service import record_payment
from crm.notify import link, portal_contacts
from gorilla.audit import AuditAction, record
from gorilla.extensions import db
from gorilla.money import cents, money
from tenants.models import utcnow

from .models import CreditNote, CreditNoteItem, CreditUse
from .pdf import credit_note_pdf

DEFAULT_PREFIX = "GS-"  # the tenant setting ``credit_note_prefix``


class CreditRefused(ValueError):
    """The credit cannot be used that way; ``str(error)`` says why."""


def save_credit_note(note: CreditNote, data: Mapping[str, Any]) -> CreditNote:
    """Create (with the next ``GS-`` number) or update a credit note: ``customer_id``,
    ``date``, ``notes``, ``items``; optional ``invoice_id`` on creation."""
    if note.id is not None and not note.editable:
        raise CreditRefused(_("Credit that was used cannot be changed."))
    note.customer_id = data["customer_id"]
    note.issue_date = data["date"]
    note.notes = (data.get("notes") or "").strip()
    set_items(note, data["items"], CreditNoteItem)
    if note.id is None:
        note.invoice_id = data.get("invoice_id")
        note.amount_applied = note.amount_refunded = Decimal("0")
        note.number = next_number(
            "credit_note_prefix", DEFAULT_PREFIX, note.issue_date.year, series="credit:"
        )
        db.session.add(note)
        db.session.flush()
        webhooks.emit("credit_note.created",
                      webhooks.document_data(note, invoice_id=note.invoice_id))  # fmt: skip
    db.session.flush()
    return note


def credit_note_from_invoice(invoice: Invoice) -> CreditNote:
    """A credit note for ``invoice``: its customer and items, dated today."""
    if invoice.status in (InvoiceStatus.DRAFT, InvoiceStatus.CANCELLED):
        raise CreditRefused(_("Only sent invoices can be credited."))
    return save_credit_note(
        CreditNote(),
        {
            "customer_id": invoice.customer_id,
            "invoice_id": invoice.id,
            "date": date.today(),
            "notes": _("Credit for invoice %(number)s", number=invoice.number),
            "items": item_rows(invoice),
        },
    )


def _take(note: CreditNote, amount: Decimal, column) -> None:
    """Take ``amount`` of the remaining credit, or refuse (race-safe)."""
    remaining = CreditNote.total - CreditNote.amount_applied - CreditNote.amount_refunded
    if not claim(note, remaining >= amount, **{column.key: column + amount}):
        raise CreditRefused(_("The amount is higher than the remaining credit."))
    db.session.refresh(note)


def open_invoices(note: CreditNote) -> list[Invoice]:
    """The customer's unpaid invoices the credit can be applied to."""
    return list(
        db.session.scalars(
            select(Invoice)
            .where(
                Invoice.customer_id == note.customer_id,
                Invoice.status == InvoiceStatus.UNPAID,
            )
            .order_by(Invoice.id)
        )
    )


def apply_credit(note: CreditNote, invoice_id: int, amount: Decimal) -> CreditUse:
    """Apply ``amount`` to an open invoice of the same customer: the invoice's amount due
    drops by it (a payment noted with the credit note's number)."""
    amount = cents(amount)
    invoice = next((i for i in open_invoices(note) if i.id == invoice_id), None)
    if invoice is None:
        raise CreditRefused(_("Please choose an open invoice of this customer."))
    if amount <= 0 or amount > invoice.balance:
        raise CreditRefused(_("The amount is higher than the amount due of the invoice."))
    _take(note, amount, CreditNote.amount_applied)
    today = date.today()
    record_payment(invoice, amount, today, _("Credit note %(number)s", number=note.number))
    use = CreditUse(credit_note_id=note.id, invoice_id=invoice.id, amount=amount, used_on=today)
    db.session.add(use)
    record(
        AuditAction.CREDIT_NOTE_APPLIED,
        subject=note,
        customer_id=note.customer_id,
        details={"invoice": invoice.number, "amount": str(amount)},
    )
    db.session.flush()
    return use


def refund_credit(note: CreditNote, amount: Decimal, refunded_on: date, remark: str = ""):
    """Record that ``amount`` of the credit was paid back to the customer."""
    amount = cents(amount)
    if amount <= 0:
        raise CreditRefused(_("The amount must be positive."))
    _take(note, amount, CreditNote.amount_refunded)
    use = CreditUse(credit_note_id=note.id, amount=amount, used_on=refunded_on, note=remark)
    db.session.add(use)
    db.session.flush()
    return use


def recipients(note: CreditNote) -> list[Contact]:
    """Active contacts who may open invoices (and so credit notes), primary first."""
    return portal_contacts(note.customer_id, Permission.INVOICES)


def send_credit_note(note: CreditNote, contact_ids: Iterable[int], attach_pdf: bool = False) -> int:
    """Email ``credit-note-sent`` to the chosen contacts (those with credit note emails), with
    the credit note's PDF when ``attach_pdf``; raises ``mail_templates.NotQueued`` (nothing
    changed) when the template is switched off or the PDF is too large."""
    mail_templates.ensure_active("credit-note-sent")
    pdf = pdf_attachments(note, credit_note_pdf, attach_pdf)
    chosen = {int(contact_id) for contact_id in contact_ids}
    fields = {
        "credit_note_number": note.number,
        "credit_note_link": link("portal.credit_notes.show", credit_note_id=note.id),
        "credit_note_total": LazyString(money, note.total, note.currency),
    }
    note.sent_at = utcnow()
    return send_to_chosen("credit-note-sent", recipients(note), chosen, attachments=pdf, **fields)
