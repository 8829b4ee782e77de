"""The demo tenant's credit note: for the paid sample invoice, partly refunded."""

from datetime import date
from decimal import Decimal

from flask import Flask
from sqlalchemy import func, select

from crm.invoices.models import Invoice, InvoiceStatus
from gorilla.demo import register_demo_seeder
from gorilla.extensions import db

from .models import CreditNote
from .service import credit_note_from_invoice, refund_credit


def seed_demo_credit_notes() -> bool:
    """A credit note for the first paid invoice unless there are any."""
    if db.session.scalar(select(func.count()).select_from(CreditNote)):
        return False
    invoice = db.session.scalar(
        select(Invoice).where(Invoice.status == InvoiceStatus.PAID).order_by(Invoice.id)
    )
    if invoice is None:
        return False
    note = credit_note_from_invoice(invoice)
    refund_credit(note, Decimal("100.00"), date.today(), "Kulanz")
    return True


def init_app(app: Flask) -> None:
    """Seed the sample credit note after the invoices."""
    register_demo_seeder(app, seed_demo_credit_notes, order=46)
