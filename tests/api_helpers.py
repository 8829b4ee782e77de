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


ITEM = {"description": "Website", "qty": "2", "rate": "50", "taxrate": "19"}


def add_document(app, tenant, kind: str, customer_id: int) -> int:
    """A wave-2 document of ``kind`` (draft where it has drafts) made by its feature's service:
    ``estimates``, ``credit_notes``, ``proposals``, ``contracts`` or ``tickets``; its id."""
    from datetime import date
    from decimal import Decimal

    item = {name: Decimal(value) if name != "description" else value
            for name, value in ITEM.items()}  # fmt: skip
    with in_tenant(app, tenant) as session:
        record = DOCUMENTS[kind](session, customer_id, date(2026, 12, 1), item)
        session.commit()
        return record.id


def _estimate(session, customer_id, day, item):
    from crm.estimates.service import create_estimate

    return create_estimate({"customer_id": customer_id, "date": day, "items": [item]})


def _credit_note(session, customer_id, day, item):
    from crm.credit_notes.models import CreditNote
    from crm.credit_notes.service import save_credit_note

    data = {"customer_id": customer_id, "date": day, "items": [item]}
    return save_credit_note(CreditNote(), data)


def _proposal(session, customer_id, day, item):
    from crm.proposals.models import Proposal
    from crm.proposals.service import save_proposal

    data = {"customer_id": customer_id, "subject": "Relaunch", "content": "**Drei** Schritte",
            "open_till": day, "items": [item]}  # fmt: skip
    return save_proposal(Proposal(), data)


def _contract(session, customer_id, day, item):
    from crm.contracts.models import Contract
    from crm.contracts.service import save_contract

    data = {"customer_id": customer_id, "subject": "Wartung", "datestart": day,
            "content": "## Leistungen"}  # fmt: skip
    return save_contract(Contract(), data)


def _ticket(session, customer_id, day, item):
    from sqlalchemy import select

    from crm.contacts.models import Contact
    from crm.tickets.service import open_ticket

    contact = session.scalars(select(Contact).where(Contact.customer_id == customer_id)).first()
    return open_ticket(contact, subject="Formular kaputt", message="Es geht nicht.")


DOCUMENTS = {"estimates": _estimate, "credit_notes": _credit_note, "proposals": _proposal,
              "contracts": _contract, "tickets": _ticket}  # fmt: skip
