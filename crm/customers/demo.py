"""Sample customers and contacts of the demo tenant (created through the real services)."""

from flask import Flask
from sqlalchemy import func, select

from crm.contacts.models import Contact
from crm.contacts.service import create_contact
from gorilla.demo import register_demo_seeder, sign_in_notice
from gorilla.extensions import db
from gorilla.i18n import Language

from .models import Customer
from .service import save_customer

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


def seed_demo_customers() -> bool:
    """Add the sample customers to the tenant unless it has customers already."""
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


def first_customer() -> tuple[Customer, Contact]:
    """The first sample customer and one of its contacts: the demo's work is theirs."""
    customer = db.session.scalar(select(Customer).order_by(Customer.id))
    contact = db.session.scalar(select(Contact).where(Contact.customer_id == customer.id))
    return customer, contact


def _notice() -> list[str]:
    return sign_in_notice(
        "Customer area", "portal.home.index", CUSTOMERS[0][1][0][3], CONTACT_PASSWORD
    )


def init_app(app: Flask) -> None:
    """Seed the sample customers first; print the first contact's sign-in."""
    register_demo_seeder(app, seed_demo_customers, order=10, notice=_notice)
