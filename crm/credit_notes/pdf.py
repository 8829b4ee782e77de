"""The credit note as PDF: the invoice PDF's layout with its own title and facts."""

from flask_babel import format_date
from flask_babel import gettext as _

from crm.invoices.pdf import document_pdf
from gorilla.money import money

from .models import CreditNote, CreditNoteStatus


def credit_note_pdf(note: CreditNote) -> bytes:
    """Sender, recipient, date, the credited invoice, status, items and totals."""
    facts = [
        (_("Credit note date"), format_date(note.issue_date)),
        (_("Invoice"), note.invoice.number if note.invoice else "—"),
        (_("Status"), CreditNoteStatus.label_of(note.status)),
        (_("Remaining credit"), money(note.remaining, note.currency)),
    ]
    return document_pdf(note, _("Credit note %(number)s", number=note.number), facts)
