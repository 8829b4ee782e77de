"""Builders for the API tests: keys made through the service, requests with a Bearer key."""

from crm.api_keys.models import SCOPES
from crm.api_keys.service import create_key
from tests.crm_factories import in_tenant


def make_key(app, tenant, scopes=SCOPES, name: str = "Zapier") -> str:
    """A live key of ``tenant`` with ``scopes``; returns the key as shown once."""
    with in_tenant(app, tenant) as session:
        _row, key = create_key(name, {str(scope) for scope in scopes}, None)
        session.commit()
        return key


def bearer(key: str, **headers) -> dict:
    """Request headers authorising ``key``."""
    return {"Authorization": f"Bearer {key}", **headers}


def add_invoice(app, tenant, customer_id: int, description: str = "Website") -> int:
    """A draft invoice made by the invoice service; returns its id."""
    from datetime import date
    from decimal import Decimal

    from crm.invoices.models import Invoice
    from crm.invoices.service import save_invoice

    item = {"description": description, "qty": Decimal("2"), "rate": Decimal("50"),
            "taxrate": Decimal("19")}  # fmt: skip
    with in_tenant(app, tenant) as session:
        data = {"customer_id": customer_id, "date": date(2026, 12, 1), "items": [item]}
        invoice = save_invoice(Invoice(), data)
        session.commit()
        return invoice.id
