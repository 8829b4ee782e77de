"""Proposals: list filters and bounded queries, search, edit rules, templates, comments on
drafts, hostile input."""

from datetime import date, timedelta

import pytest

from crm.proposals.models import Proposal, ProposalStatus
from tests.conftest import count_queries
from tests.crm_factories import contact_rows
from tests.portal_helpers import make_contact, update
from tests.proposal_helpers import contact_client, create, outbox, proposal_row, send, signed
from tests.test_sign_in_as_contact import login_as


@pytest.fixture
def customer(app, tenant):
    customer_id, _ = make_contact(app, tenant, "kim@kunde.de", permissions=["proposals"])
    return customer_id


def test_list_filters_expired_proposals_apart_from_open_ones(app, tenant, customer, staff_client):
    late = create(staff_client, customer, subject="Alter Vorschlag")
    fresh = create(staff_client, customer, subject="Frischer Vorschlag")
    for proposal_id in (late, fresh):
        send(staff_client, proposal_id)
    update(app, tenant, Proposal, late, open_till=date.today() - timedelta(days=3))
    expired = staff_client.get("/admin/proposals?status=expired").get_data(as_text=True)
    waiting = staff_client.get("/admin/proposals?status=sent").get_data(as_text=True)
    assert "Alter Vorschlag" in expired and "Frischer Vorschlag" not in expired
    assert "Frischer Vorschlag" in waiting and "Alter Vorschlag" not in waiting
    assert "Abgelaufen" in expired


def test_list_and_start_page_run_the_same_queries_for_few_and_many(
    app, tenant, customer, staff_client
):
    for _ in range(2):
        send(staff_client, create(staff_client, customer))
    kim = contact_client(app, "kim@kunde.de")
    few = (count_queries(staff_client, "/admin/proposals"), count_queries(kim, "/kunden/"))
    for _ in range(27):
        send(staff_client, create(staff_client, customer))
    many = (count_queries(staff_client, "/admin/proposals"), count_queries(kim, "/kunden/"))
    assert few == many
    page = staff_client.get("/admin/proposals").get_data(as_text=True)
    assert page.count("/admin/proposals/") - page.count("/admin/proposals/new") == 25


def test_search_finds_proposals_by_subject(customer, staff_client):
    proposal_id = create(staff_client, customer, subject="Markenworkshop")
    page = staff_client.get("/admin/search", query_string={"q": "markenworkshop"})
    assert f"/admin/proposals/{proposal_id}" in page.get_data(as_text=True)


def test_sent_proposal_keeps_its_customer_and_answered_one_is_locked(
    app, tenant, customer, staff_client
):
    other, _ = make_contact(app, tenant, "eva@andere.de", company="Andere AG")
    proposal_id = create(staff_client, customer)
    send(staff_client, proposal_id)
    path = f"/admin/proposals/{proposal_id}"
    data = {"customer_id": other, "subject": "Neu betitelt", "content": "x"}
    assert staff_client.submit(path, data).status_code == 303
    page = staff_client.get(path).get_data(as_text=True)
    assert "Neu betitelt" in page and "Kunde GmbH" in page
    kim = contact_client(app, "kim@kunde.de")
    kim.submit(f"/kunden/vorschlaege/{proposal_id}/annehmen", signed(), form_path="/kunden/profil")
    data = {"customer_id": customer, "subject": "Nachträglich", "content": "x"}
    staff_client.submit(path, data, form_path="/admin/proposals/new")
    assert "Nachträglich" not in staff_client.get(path).get_data(as_text=True)
    assert staff_client.get(f"{path}/send").status_code == 409


def test_proposal_templates_are_editable_like_the_others(staff_client):
    page = staff_client.get("/admin/settings/email-templates").get_data(as_text=True)
    for name in (
        "Vorschlag an Kunden senden",
        "Vorschlag angenommen (an Mitarbeiter)",
        "Vorschlag abgelehnt (an Mitarbeiter)",
        "Neuer Kommentar zu einem Vorschlag (an Kontakte)",
    ):
        assert name in page
    editor = staff_client.get("/admin/settings/email-templates/proposal-sent/en")
    assert editor.status_code == 200 and "{proposal_link}" in editor.get_data(as_text=True)


def test_staff_comment_on_a_draft_tells_no_contact(app, tenant, customer, staff_client):
    proposal_id = create(staff_client, customer)
    path = f"/admin/proposals/{proposal_id}"
    response = staff_client.submit(f"{path}/comments", {"body": "intern"}, form_path=path)
    assert response.status_code == 303
    assert outbox(app, tenant) == []
    assert "intern" in staff_client.get(path).get_data(as_text=True)


@pytest.mark.parametrize("body", ["", "   ", "x" * 10001])
def test_empty_or_huge_comments_re_render_with_an_error(app, customer, staff_client, body):
    proposal_id = create(staff_client, customer)
    send(staff_client, proposal_id)
    kim = contact_client(app, "kim@kunde.de")
    path = f"/kunden/vorschlaege/{proposal_id}"
    response = kim.submit(f"{path}/kommentare", {"body": body}, form_path=path)
    assert response.status_code == 200 and 'class="error"' in response.get_data(as_text=True)


@pytest.mark.parametrize("target", ["unknown", "../invoice", ""])
def test_unknown_conversion_targets_are_refused(customer, staff_client, target):
    proposal_id = create(staff_client, customer)
    path = f"/admin/proposals/{proposal_id}"
    response = staff_client.submit(f"{path}/convert", {"target": target}, form_path=path)
    assert response.status_code == 400


def test_staff_signed_in_as_the_contact_neither_mark_it_read_nor_answer(
    app, tenant, customer, staff_client
):
    proposal_id = create(staff_client, customer)
    send(staff_client, proposal_id)
    kim = next(c for c in contact_rows(app, tenant) if c.email == "kim@kunde.de")
    assert login_as(staff_client, kim.id).status_code == 303
    path = f"/kunden/vorschlaege/{proposal_id}"
    assert staff_client.get(path).status_code == 200
    assert proposal_row(app, tenant, proposal_id).status == ProposalStatus.SENT
    assert staff_client.submit(f"{path}/annehmen", signed(), form_path=path).status_code == 403
    assert staff_client.submit(f"{path}/ablehnen", {}, form_path=path).status_code == 403
    assert proposal_row(app, tenant, proposal_id).status == ProposalStatus.SENT


def test_two_staff_converting_at_once_make_one_invoice(app, tenant, customer, staff_client):
    from sqlalchemy import func, select

    from crm.invoices.models import Invoice
    from tests.conftest import client_for, run_together
    from tests.crm_factories import in_tenant

    proposal_id = create(staff_client, customer)
    send(staff_client, proposal_id)
    kim = contact_client(app, "kim@kunde.de")
    kim.submit(f"/kunden/vorschlaege/{proposal_id}/annehmen", signed(), form_path="/kunden/profil")
    path = f"/admin/proposals/{proposal_id}"
    clients = [staff_client, client_for(app, "acme")]
    assert clients[1].sign_in("admin@acme.test").status_code == 302
    tokens = [client.csrf(path) for client in clients]

    def convert(client, token):
        return lambda: client.post(
            f"{path}/convert", data={"csrf_token": token, "target": "invoice"}
        )

    results = run_together(*(convert(c, t) for c, t in zip(clients, tokens, strict=True)))
    assert [r.status_code for r in results] == [303, 303]
    assert results[0].headers["Location"] == results[1].headers["Location"]
    with in_tenant(app, tenant) as session:
        assert session.scalar(select(func.count()).select_from(Invoice)) == 1
