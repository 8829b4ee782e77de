"""The demo tenant's proposal: sent to the first sample customer, with items and a short
discussion between the agency and the customer."""

from datetime import date, timedelta

from flask import Flask
from sqlalchemy import func, select

from crm.customers.demo import first_customer
from crm.invoices.demo import ITEMS
from crm.staff.demo import first_staff
from gorilla.demo import register_demo_seeder
from gorilla.extensions import db

from .models import Proposal
from .service import add_comment, save_proposal, send_proposal

CONTENT = """## Relaunch Ihrer Website

Wir schlagen einen Relaunch in **drei Schritten** vor:

1. Konzeption und Design
2. Umsetzung mit Redaktionssystem
3. Schulung Ihres Teams

> Die Schulung ist im Preis enthalten.
"""


def seed_demo_proposals() -> bool:
    """Add a sent proposal with a comment thread unless there are proposals."""
    if db.session.scalar(select(func.count()).select_from(Proposal)):
        return False
    customer, contact = first_customer()
    staff = first_staff()
    data = {
        "customer_id": customer.id,
        "subject": "Website-Relaunch",
        "content": CONTENT,
        "open_till": date.today() + timedelta(days=30),
        "items": ITEMS,
    }
    proposal = save_proposal(Proposal(), data, staff=staff)
    send_proposal(proposal, [contact.id])
    add_comment(proposal, "Ist die Schulung vor Ort oder online?", contact=contact)
    add_comment(proposal, "Gerne bei Ihnen vor Ort – einen Termin stimmen wir ab.", staff=staff)
    return True


def init_app(app: Flask) -> None:
    """Seed the sample proposal after the invoices."""
    register_demo_seeder(app, seed_demo_proposals, order=45)
