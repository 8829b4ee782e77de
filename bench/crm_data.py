"""Bulk data for the CRM benchmarks: many customers with contacts in one tenant."""

import secrets
from datetime import timedelta

from flask import g
from sqlalchemy import insert

from bench.names import company_name, contact_name
from crm.contacts.models import PERMISSIONS, Contact, search_text_of
from crm.customers.models import Customer
from gorilla.extensions import db
from gorilla.i18n import Language
from tenants.model_base import TenantModel
from tenants.models import utcnow

BATCH = 2000


def bulk_customers(tenant, count: int, contacts_each: int = 5) -> None:
    """Insert ``count`` customers with ``contacts_each`` contacts each (first one primary);
    customer ``n`` (id ``n + 1``) has VAT ID ``DE`` + ``n`` in 9 digits, its contacts the names
    ``bench.names.contact_name(n, k)`` and emails ``k<k>.c<n>@bench.example``."""
    g.tenant = tenant
    now = utcnow()
    for start in range(0, count, BATCH):
        numbers = range(start, min(start + BATCH, count))
        db.session.execute(
            insert(Customer),
            [
                {"id": n + 1, "company": company_name(n), "vat": f"DE{n:09d}", "phonenumber": "",
                 "website": "", "address": "", "city": "Berlin", "zip": "10115",
                 "country": "Deutschland", "default_language": Language.DE, "active": True,
                 "created_at": now}
                for n in numbers
            ],
        )  # fmt: skip
        db.session.execute(
            insert(Contact),
            [
                {"customer_id": n + 1, "firstname": name[0], "lastname": name[1],
                 "title": "", "email": f"k{k}.c{n}@bench.example", "phonenumber": "",
                 "direction": "", "profile_image": None, "password_hash": None,
                 "is_primary": k == 0, "active": True,
                 "last_login": now - timedelta(hours=n) if k == 0 else None,
                 "session_token": secrets.token_urlsafe(32), "token_version": 0,
                 "permission_list": ",".join(PERMISSIONS), "invoice_emails": True,
                 "estimate_emails": True, "credit_note_emails": True, "project_emails": True,
                 "ticket_emails": True, "task_emails": True, "contract_emails": True,
                 "created_at": now, "search_text": search_text_of(
                     {"firstname": name[0], "lastname": name[1],
                      "email": f"k{k}.c{n}@bench.example"}, company_name(n))}
                for n in numbers
                for k in range(contacts_each)
                for name in [contact_name(n, k)]
            ],
        )  # fmt: skip
        db.session.commit()
    db.session.remove()


def analyze(tenant) -> None:
    """Refresh PostgreSQL's planner statistics and visibility map after a bulk load (autovacuum
    would, later): index-only scans read no table rows only for pages marked all-visible."""
    g.tenant = tenant
    engine = db.session.get_bind(Customer)
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in TenantModel.metadata.sorted_tables:
            connection.exec_driver_sql(f'VACUUM ANALYZE "{tenant.schema_name}"."{table.name}"')
    db.session.remove()
