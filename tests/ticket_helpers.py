"""Helpers of the ticket tests: customers with contacts, signed-in contacts, the outbox."""

import io

import pytest
from sqlalchemy import select

from crm.tickets.models import Ticket
from gorilla.extensions import db
from mail_templates.models import OutboxMessage
from tests.conftest import client_for
from tests.crm_factories import in_tenant, submit_multipart
from tests.portal_helpers import CONTACT_PASSWORD, make_contact

PDF = b"%PDF-1.4 Bildschirmfoto"


@pytest.fixture
def people(app, tenant, other_tenant):
    """Kim and Ole at Kunde GmbH (Ole without ticket emails), Eva at Andere AG, Paul without
    Support, and Gabi at Kunde GmbH of the other tenant (same company name)."""
    ids = {}
    for key, email, extra in (
        ("kim", "kim@kunde.test", {}),
        ("ole", "ole@kunde.test", {"ticket_emails": False}),
        ("eva", "eva@andere.test", {"company": "Andere AG"}),
        ("paul", "paul@kunde.test", {"permissions": ["projects"]}),
    ):
        data = {"permissions": ["support"], "ticket_emails": True} | extra
        ids[key] = make_contact(app, tenant, email, **data)
    ids["gabi"] = make_contact(
        app, other_tenant, "gabi@kunde.test", permissions=["support"], ticket_emails=True
    )
    return ids


def contact_client(app, slug: str, email: str):
    """A contact signed in on ``slug``'s customer area."""
    client = client_for(app, slug)
    response = client.sign_in(email, CONTACT_PASSWORD, path="/kunden/login")
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def open_ticket(client, subject="Kontaktformular kaputt", message="Es geht nicht.", **extra):
    """Open a ticket through the form; its id."""
    data = {"subject": subject, "priority": "high", "message": message, "department_id": ""}
    response = submit_multipart(client, "/kunden/tickets/neu", data | extra)
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def pdf(name="screenshot.pdf", data=PDF):
    """An upload for ``attachments``."""
    return (io.BytesIO(data), name)


def outbox(app, tenant):
    """``(to, slug, reply_to)`` of every queued email."""
    with in_tenant(app, tenant):
        rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return [(m.to_email, m.template_slug, m.reply_to) for m in rows]


def ticket_row(app, tenant, ticket_id) -> Ticket:
    """The ticket as stored (detached copy of its columns)."""
    with in_tenant(app, tenant):
        ticket = db.session.get(Ticket, ticket_id)
        db.session.expunge(ticket)
        return ticket
