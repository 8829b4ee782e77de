"""Sample customers and contacts of the demo tenant (created through the real services)."""

from flask import g
from sqlalchemy import func, select

from crm.contacts.service import create_contact
from crm.customers.models import Customer
from crm.customers.service import save_customer
from gorilla.extensions import db
from gorilla.i18n import Language

CONTACT_PASSWORD = "kontakt-demo-2026"
CUSTOMERS = [
    (
        {"company": "Bäckerei Sonnenschein GmbH", "city": "München", "zip": "80331",
         "country": "Deutschland", "phonenumber": "+49 89 123456"},
        [("Anna", "Becker", "Geschäftsführerin", "anna@sonnenschein.example", ""),
         ("Jonas", "Weber", "Marketing", "jonas@sonnenschein.example", "")],
    ),
    (
        {"company": "Alpen Reisen AG", "city": "Innsbruck", "zip": "6020",
         "country": "Österreich", "website": "https://alpen-reisen.example"},
        [("Lena", "Huber", "Inhaberin", "lena@alpen-reisen.example", "")],
    ),
    (
        {"company": "Cedar Trading Ltd", "city": "Beirut", "country": "Libanon",
         "default_language": Language.EN},
        [("Rania", "Haddad", "Managing Director", "rania@cedar-trading.example", "rtl")],
    ),
]  # fmt: skip


def seed_demo_customers(tenant) -> bool:
    """Add the sample customers to ``tenant`` unless it has customers already."""
    g.tenant = tenant
    if db.session.scalar(select(func.count()).select_from(Customer)):
        return False
    for fields, people in CUSTOMERS:
        customer = save_customer(Customer(), fields)
        for firstname, lastname, title, email, direction in people:
            create_contact(
                customer,
                {"firstname": firstname, "lastname": lastname, "title": title,
                 "email": email, "direction": direction, "password": CONTACT_PASSWORD},
                send_welcome=False,
                send_set_password=False,
            )  # fmt: skip
    return True
