"""The demo tenant's invoices: one in each status, for the first sample customer."""

from datetime import date, timedelta

from flask import Flask
from sqlalchemy import func, select

from crm.customers.demo import first_customer
from gorilla.demo import register_demo_seeder
from gorilla.extensions import db

from .models import Invoice
from .service import cancel_invoice, record_payment, save_invoice, send_invoice

ITEMS = [
    {"description": "Konzeption und Design", "qty": 12, "rate": "95.00", "taxrate": 19},
    {"description": "Fachbuch Typografie", "qty": 1, "rate": "39.90", "taxrate": 7},
]


def seed_demo_invoices() -> bool:
    """Add a draft, an unpaid, an overdue, a paid and a cancelled invoice unless there are any."""
    if db.session.scalar(select(func.count()).select_from(Invoice)):
        return False
    customer, contact = first_customer()
    today = date.today()

    def new(days_ago: int, due_in: int) -> Invoice:
        issued = today - timedelta(days=days_ago)
        data = {
            "customer_id": customer.id,
            "date": issued,
            "duedate": issued + timedelta(days=due_in),
            "notes": "Zahlbar ohne Abzug.",
            "items": ITEMS,
        }
        return save_invoice(Invoice(), data)

    new(0, 14)  # draft
    send_invoice(new(5, 14), [contact.id])  # unpaid
    send_invoice(new(40, 14), [contact.id])  # overdue
    paid = new(60, 14)
    send_invoice(paid, [contact.id])
    record_payment(paid, paid.total, today - timedelta(days=50))
    cancel_invoice(new(30, 14))
    return True


def init_app(app: Flask) -> None:
    """Seed the sample invoices after the project work."""
    register_demo_seeder(app, seed_demo_invoices, order=40)
