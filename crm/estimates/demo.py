"""The demo tenant's estimates: one in each status, for the first sample customer."""

from datetime import date, timedelta

from flask import Flask
from sqlalchemy import func, select

from crm.customers.demo import first_customer
from gorilla.demo import register_demo_seeder
from gorilla.extensions import db

from .models import Estimate, EstimateEvent, EstimateStatus
from .service import add_history, create_estimate, send_estimate

ITEMS = [
    {"description": "Relaunch Website: Konzeption", "qty": 8, "rate": "95.00", "taxrate": 19},
    {"description": "Relaunch Website: Umsetzung", "qty": 40, "rate": "85.00", "taxrate": 19},
]


def seed_demo_estimates() -> bool:
    """A draft, a sent, an expired, an accepted and a declined estimate unless there are any."""
    if db.session.scalar(select(func.count()).select_from(Estimate)):
        return False
    customer, contact = first_customer()
    today = date.today()

    def new(days_ago: int) -> Estimate:
        issued = today - timedelta(days=days_ago)
        data = {
            "customer_id": customer.id,
            "date": issued,
            "notes": "Preise netto.",
            "items": ITEMS,
        }
        return create_estimate(data)

    new(0)  # draft
    send_estimate(new(3), [contact.id])  # sent
    send_estimate(new(45), [contact.id])  # expired
    for status, days_ago in ((EstimateStatus.ACCEPTED, 10), (EstimateStatus.DECLINED, 20)):
        estimate = new(days_ago)
        send_estimate(estimate, [contact.id])
        estimate.status = status
        estimate.answered_at = estimate.sent_at
        if status == EstimateStatus.ACCEPTED:
            estimate.signed_firstname, estimate.signed_lastname = (
                contact.firstname,
                contact.lastname,
            )
            estimate.signed_email, estimate.signed_at = contact.email, estimate.sent_at
        else:
            estimate.declined_reason = "Budget für dieses Jahr ausgeschöpft."
        add_history(estimate, EstimateEvent(status), contact.full_name)
    db.session.flush()
    return True


def init_app(app: Flask) -> None:
    """Seed the sample estimates after the invoices."""
    register_demo_seeder(app, seed_demo_estimates, order=45)
