"""REST API v1, the wave-2 documents: estimates, credit notes, proposals, contracts and tickets
are read like invoices (cursor pages filtered by customer and status, one record with its
items or replies, the PDF), each under its own read scope, drafts included."""

import pytest
from sqlalchemy import select

from crm.api_keys.models import SCOPES
from tests.api_helpers import add_document, bearer, make_key
from tests.conftest import client_for, count_queries
from tests.crm_factories import add_contact, add_customer, in_tenant

# resource path, scope, status of a new record and another, what it lists, has a PDF
KINDS = {
    "estimates": ("/estimates", "estimates:read", ("draft", "sent"), "items", True),
    "credit_notes": ("/credit-notes", "credit_notes:read", ("open", "closed"), "items", True),
    "proposals": ("/proposals", "proposals:read", ("draft", "accepted"), "items", True),
    "contracts": ("/contracts", "contracts:read", ("draft", "signed"), None, True),
    "tickets": ("/tickets", "tickets:read", ("open", "closed"), "replies", False),
}


def _customer(app, tenant, company="Kunde GmbH") -> int:
    customer_id = add_customer(app, tenant, company)
    add_contact(app, tenant, customer_id, f"kim@{tenant.slug}-{customer_id}.test")
    return customer_id


def _get(app, tenant, key, path):
    return client_for(app, tenant.slug).get(f"/api/v1{path}", headers=bearer(key))


@pytest.mark.parametrize("kind", KINDS)
def test_document_is_listed_by_customer_and_status_read_with_its_items_and_as_pdf(
    app, tenant, kind
):
    path, scope, (status, other_status), items, has_pdf = KINDS[kind]
    key = make_key(app, tenant, scopes=[scope])
    mine, other = _customer(app, tenant), _customer(app, tenant, "Andere AG")
    record_id = add_document(app, tenant, kind, mine)
    add_document(app, tenant, kind, other)
    listed = _get(app, tenant, key, f"{path}?customer_id={mine}&status={status}")
    assert listed.status_code == 200, listed.json
    assert [row["id"] for row in listed.json["data"]] == [record_id]
    assert listed.json["data"][0]["status"] == status
    assert (
        _get(app, tenant, key, f"{path}?customer_id={mine}&status={other_status}").json["data"]
        == []
    )
    shown = _get(app, tenant, key, f"{path}/{record_id}")
    assert shown.status_code == 200 and shown.headers["ETag"]
    assert shown.json["customer_id"] == mine
    if items == "items":
        assert shown.json["items"][0]["description"] == "Website"
        assert shown.json["total"] == "119.00"
    elif items == "replies":
        assert shown.json["replies"][0]["body"] == "Es geht nicht."
    pdf = _get(app, tenant, key, f"{path}/{record_id}/pdf")
    if has_pdf:
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
        assert pdf.headers["Content-Type"] == "application/pdf"
    else:
        assert pdf.status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_key_without_the_documents_scope_gets_403(app, tenant, kind):
    path, scope, *_, has_pdf = KINDS[kind]
    record_id = add_document(app, tenant, kind, _customer(app, tenant))
    key = make_key(app, tenant, scopes=[s for s in SCOPES if s != scope])
    paths = (path, f"{path}/{record_id}", *([f"{path}/{record_id}/pdf"] if has_pdf else []))
    for where in paths:
        answer = _get(app, tenant, key, where)
        assert answer.status_code == 403, where
        assert answer.json["error"]["code"] == "forbidden"


@pytest.mark.parametrize("kind", KINDS)
def test_another_tenants_document_is_404_and_its_key_401(app, tenant, other_tenant, kind):
    path, *_, has_pdf = KINDS[kind]
    foreign = add_document(app, other_tenant, kind, _customer(app, other_tenant))
    key = make_key(app, tenant)
    for where in (f"{path}/{foreign}", f"{path}/{foreign}/pdf"):
        answer = _get(app, tenant, key, where)
        assert answer.status_code == 404, where
        assert answer.json["error"]["code"] == "not_found"
    assert _get(app, tenant, key, path).json["data"] == []
    foreign_key = make_key(app, other_tenant)
    assert _get(app, tenant, foreign_key, path).status_code == 401
    assert _get(app, other_tenant, foreign_key, path).status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_document_pages_take_the_same_queries_however_many_records(app, tenant, kind):
    path, *_ = KINDS[kind]
    customer_id = _customer(app, tenant)
    client = client_for(app, tenant.slug)
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {make_key(app, tenant)}"
    for _ in range(2):
        add_document(app, tenant, kind, customer_id)
    few = count_queries(client, f"/api/v1{path}?limit=10")
    for _ in range(5):
        add_document(app, tenant, kind, customer_id)
    assert count_queries(client, f"/api/v1{path}?limit=10") == few
    page = client.get(f"/api/v1{path}?limit=3").json
    assert len(page["data"]) == 3 and page["next_cursor"]


def test_credit_note_status_is_what_remains_of_the_credit(app, tenant):
    from decimal import Decimal

    from crm.credit_notes.models import CreditNote

    customer_id = _customer(app, tenant)
    spent, kept = (add_document(app, tenant, "credit_notes", customer_id) for _ in range(2))
    with in_tenant(app, tenant) as session:
        session.get(CreditNote, spent).amount_refunded = Decimal("119.00")
        session.commit()
    key = make_key(app, tenant, scopes=["credit_notes:read"])
    closed = _get(app, tenant, key, "/credit-notes?status=closed").json["data"]
    assert [(row["id"], row["remaining"]) for row in closed] == [(spent, "0.00")]
    assert [row["id"] for row in _get(app, tenant, key, "/credit-notes?status=open").json["data"]
            ] == [kept]  # fmt: skip


def test_ticket_is_read_with_its_thread_including_internal_notes(app, tenant):
    from crm.staff.models import Staff
    from crm.tickets.models import Ticket
    from crm.tickets.service import add_reply

    ticket_id = add_document(app, tenant, "tickets", _customer(app, tenant))
    with in_tenant(app, tenant) as session:
        staff = session.scalars(select(Staff)).first()
        add_reply(session.get(Ticket, ticket_id), "Nur intern.", staff=staff, internal=True)
        session.commit()
    key = make_key(app, tenant, scopes=["tickets:read"])
    replies = _get(app, tenant, key, f"/tickets/{ticket_id}").json["replies"]
    assert [(reply["body"], reply["internal"]) for reply in replies] == [
        ("Es geht nicht.", False), ("Nur intern.", True)
    ]  # fmt: skip
