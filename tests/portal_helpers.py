"""Helpers to create customers and contacts the way the product does (service functions)."""

from flask import g

from crm.contacts.service import create_contact
from crm.customers.models import Customer
from gorilla.extensions import db

CONTACT_PASSWORD = "kontakt-passwort-1"


def make_contact(app, tenant, email, *, company="Kunde GmbH", password=CONTACT_PASSWORD, **data):
    """Create (or reuse) customer ``company`` and a contact on it; returns (customer_id, id)."""
    with app.app_context():
        g.tenant = tenant
        customer = db.session.scalar(db.select(Customer).where(Customer.company == company))
        if customer is None:
            customer = Customer(company=company, default_language=data.pop("language", "de"))
            db.session.add(customer)
            db.session.commit()
        values = {"firstname": "Kim", "lastname": "Kunde", "email": email, "password": password}
        contact = create_contact(
            customer, values | data, send_welcome=False, send_set_password=False
        )
        db.session.commit()  # what the request does after the view
        return customer.id, contact.id


def update(app, tenant, model, row_id, **values):
    """Change columns of one row in ``tenant`` (as staff would through their pages)."""
    with app.app_context():
        g.tenant = tenant
        row = db.session.get(model, row_id)
        for name, value in values.items():
            setattr(row, name, value)
        db.session.commit()
