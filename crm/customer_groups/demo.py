"""Sample customer groups of the demo tenant (created through the real services)."""

from flask import Flask
from sqlalchemy import func, select

from crm.customers.models import Customer
from gorilla.demo import register_demo_seeder
from gorilla.extensions import db

from .models import CustomerGroup
from .service import create_group, set_customer_groups

# name, default permissions of new contacts (None: the tenant's), member companies
GROUPS = [
    ("Retainer", {"invoices", "projects", "support"}, ["Bäckerei Sonnenschein GmbH"]),
    ("Webhosting", None, ["Bäckerei Sonnenschein GmbH", "Alpen Reisen AG"]),
    ("VIP", {"invoices", "estimates", "contracts", "proposals"}, ["Cedar Trading Ltd"]),
]


def seed_demo_groups() -> bool:
    """Add the sample groups and their members unless the tenant has groups already."""
    if db.session.scalar(select(func.count()).select_from(CustomerGroup)):
        return False
    customers = {c.company: c for c in db.session.scalars(select(Customer))}
    memberships: dict[str, list[int]] = {}
    for name, permissions, companies in GROUPS:
        group = create_group(name, permissions)
        for company in companies:
            if company in customers:
                memberships.setdefault(company, []).append(group.id)
    for company, group_ids in memberships.items():
        set_customer_groups(customers[company], group_ids)
    return True


def init_app(app: Flask) -> None:
    """Seed the groups right after the sample customers."""
    register_demo_seeder(app, seed_demo_groups, order=15)
