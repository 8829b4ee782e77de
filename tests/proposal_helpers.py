"""Shared steps of the proposal tests: create and send through the staff pages, sign in a
contact, draw a signature."""

import re
from datetime import date, timedelta

from sqlalchemy import select

from crm.proposals.models import Proposal
from gorilla.audit import AuditEntry
from gorilla.extensions import db
from mail_templates.models import OutboxMessage
from tests.conftest import client_for
from tests.crm_factories import in_tenant
from tests.portal_helpers import CONTACT_PASSWORD
from tests.test_signatures import data_url, drawn

CONTACT_ID_RE = re.compile(r'name="contact_ids" type="checkbox" value="(\d+)"')
ITEMS = {
    "items-0-description": "Relaunch",
    "items-0-qty": "2",
    "items-0-rate": "1000",
    "items-0-taxrate": "19",
}
SIGNATURE = {"firstname": "Kim", "lastname": "Kunde", "email": "kim@kunde.de"}


def create(staff_client, customer_id, **extra) -> int:
    """A draft made through ``/admin/proposals/new``; returns its id."""
    till = (date.today() + timedelta(days=14)).isoformat()
    data = {
        "customer_id": customer_id,
        "subject": "Website-Relaunch",
        "content": "## Angebot\n\n**Drei** Schritte",
        "open_till": till,
    }
    response = staff_client.submit("/admin/proposals/new", data | ITEMS | extra)
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def send(staff_client, proposal_id) -> None:
    """Send to every preselected contact."""
    path = f"/admin/proposals/{proposal_id}/send"
    page = staff_client.get(path).get_data(as_text=True)
    response = staff_client.submit(path, {"contact_ids": CONTACT_ID_RE.findall(page)})
    assert response.status_code == 303, response.get_data(as_text=True)


def contact_client(app, email, slug="acme"):
    client = client_for(app, slug)
    assert client.sign_in(email, CONTACT_PASSWORD, path="/kunden/login").status_code == 302
    return client


def signed(**extra) -> dict:
    return {**SIGNATURE, "signature": data_url(drawn()), **extra}


def outbox(app, tenant) -> list[tuple[str, str]]:
    with in_tenant(app, tenant):
        return [(m.to_email, m.template_slug) for m in db.session.scalars(select(OutboxMessage))]


def proposal_row(app, tenant, proposal_id) -> Proposal:
    with in_tenant(app, tenant) as session:
        proposal = session.get(Proposal, proposal_id)
        session.expunge(proposal)
        return proposal


def audit_actions(app, tenant) -> list[str]:
    with in_tenant(app, tenant):
        return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
