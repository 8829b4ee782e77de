"""Webhook events of estimates, proposals, contracts, tickets and credit notes: the action in
the app queues a signed delivery for the endpoints subscribed to its event, only for those, and
never for another tenant's; the events show in the settings with German labels."""

import json
from datetime import date

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from crm.invoices.models import Invoice
from crm.invoices.service import save_invoice, send_invoice
from gorilla.extensions import db
from tests import proposal_helpers, test_webhooks
from tests.conftest import client_for
from tests.contract_helpers import create_contract, send_to_all, sign_data
from tests.crm_factories import in_tenant, submit_multipart
from tests.estimate_helpers import ITEMS, estimate, signature_url
from tests.portal_helpers import CONTACT_PASSWORD, make_contact
from tests.test_webhooks import PAGE, register, verify
from webhooks import EVENTS
from webhooks.models import WebhookEndpoint

NEW_EVENTS = {
    "estimate.sent": "Angebot gesendet",
    "estimate.accepted": "Angebot angenommen",
    "estimate.declined": "Angebot abgelehnt",
    "proposal.accepted": "Vorschlag angenommen",
    "proposal.declined": "Vorschlag abgelehnt",
    "contract.signed": "Vertrag unterschrieben",
    "ticket.created": "Ticket eröffnet",
    "ticket.replied": "Kunde hat auf ein Ticket geantwortet",
    "credit_note.created": "Gutschrift erstellt",
}
receiver = test_webhooks.receiver  # the fixture: a real HTTP receiver on 127.0.0.1
PERMISSIONS = ["estimates", "proposals", "contracts", "support", "invoices"]


def _ok(response):
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return response


def _sent_estimate(app, tenant, people):
    return estimate(app, tenant, people["customer"], contact_ids=[people["kim"]])


def send_estimate(app, tenant, staff_client, kim, people):
    estimate_id = estimate(app, tenant, people["customer"], sent=False)
    path = f"/admin/estimates/{estimate_id}/send"
    _ok(staff_client.submit(path, {"contact_ids": [people["kim"]]}))
    return estimate_id


def accept_estimate(app, tenant, staff_client, kim, people):
    estimate_id = _sent_estimate(app, tenant, people)
    path = f"/kunden/angebote/{estimate_id}"
    data = {"firstname": "Kim", "lastname": "Kunde", "email": "kim@kunde.de",
            "signature": signature_url()}  # fmt: skip
    _ok(kim.submit(f"{path}/annehmen", data, form_path=path))
    return estimate_id


def decline_estimate(app, tenant, staff_client, kim, people):
    estimate_id = _sent_estimate(app, tenant, people)
    path = f"/kunden/angebote/{estimate_id}"
    _ok(kim.submit(f"{path}/ablehnen", {"reason": "Zu teuer"}, form_path=path))
    return estimate_id


def _sent_proposal(staff_client, people) -> tuple[int, str]:
    proposal_id = proposal_helpers.create(staff_client, people["customer"])
    proposal_helpers.send(staff_client, proposal_id)
    return proposal_id, f"/kunden/vorschlaege/{proposal_id}"


def accept_proposal(app, tenant, staff_client, kim, people):
    proposal_id, path = _sent_proposal(staff_client, people)
    _ok(kim.submit(f"{path}/annehmen", proposal_helpers.signed(), form_path=path))
    return proposal_id


def decline_proposal(app, tenant, staff_client, kim, people):
    proposal_id, path = _sent_proposal(staff_client, people)
    _ok(kim.submit(f"{path}/ablehnen", {"reason": "Später"}, form_path=path))
    return proposal_id


def sign_contract(app, tenant, staff_client, kim, people):
    contract_id = create_contract(staff_client, people["customer"])
    send_to_all(staff_client, contract_id, [people["kim"]])
    path = f"/kunden/vertraege/{contract_id}"
    _ok(kim.submit(f"{path}/unterschreiben", sign_data(), form_path=path))
    return contract_id


def open_ticket(app, tenant, staff_client, kim, people):
    data = {"subject": "Formular kaputt", "priority": "high", "message": "Hilfe",
            "department_id": ""}  # fmt: skip
    response = _ok(submit_multipart(kim, "/kunden/tickets/neu", data))
    return int(response.headers["Location"].rsplit("/", 1)[1])


def reply_to_ticket(app, tenant, staff_client, kim, people):
    ticket_id = open_ticket(app, tenant, staff_client, kim, people)
    path = f"/kunden/tickets/{ticket_id}"
    _ok(submit_multipart(kim, f"{path}/antworten", {"message": "Noch da?"}, path))
    return ticket_id


def create_credit_note(app, tenant, staff_client, kim, people):
    with in_tenant(app, tenant):
        data = {"customer_id": people["customer"], "date": date.today(), "duedate": None,
                "notes": "", "items": ITEMS}  # fmt: skip
        invoice = save_invoice(Invoice(), data)
        send_invoice(invoice, [])
        db.session.commit()
        invoice_id = invoice.id
    path = f"/admin/invoices/{invoice_id}"
    response = _ok(staff_client.submit(f"{path}/credit-note", {}, form_path=path))
    return int(response.headers["Location"].rsplit("/", 1)[1])


ACTIONS = {
    "estimate.sent": send_estimate,
    "estimate.accepted": accept_estimate,
    "estimate.declined": decline_estimate,
    "proposal.accepted": accept_proposal,
    "proposal.declined": decline_proposal,
    "contract.signed": sign_contract,
    "ticket.created": open_ticket,
    "ticket.replied": reply_to_ticket,
    "credit_note.created": create_credit_note,
}


def _secrets(app, tenant) -> dict[str, str]:
    with in_tenant(app, tenant) as session:
        return {row.url: row.secret for row in session.scalars(select(WebhookEndpoint))}


@pytest.mark.parametrize("event", NEW_EVENTS)
def test_the_action_reaches_subscribed_endpoints_of_its_tenant_only(
    app, tenant, other_tenant, staff_client, runner, receiver, event
):
    customer_id, kim_id = make_contact(app, tenant, "kim@kunde.de", permissions=PERMISSIONS)
    people = {"customer": customer_id, "kim": kim_id}
    subscribed, others = f"{receiver.url}&to=a", f"{receiver.url}&to=b"
    assert register(staff_client, subscribed, events=[event]).status_code == 303
    rest = [name for name in NEW_EVENTS if name != event]
    assert register(staff_client, others, events=rest).status_code == 303
    globex = client_for(app, other_tenant.slug)
    globex.sign_in(f"admin@{other_tenant.slug}.test")
    assert register(globex, f"{receiver.url}&to=globex", events=list(NEW_EVENTS)).status_code == 303
    kim = client_for(app, tenant.slug)
    assert kim.sign_in("kim@kunde.de", CONTACT_PASSWORD, path="/kunden/login").status_code == 302
    record_id = ACTIONS[event](app, tenant, staff_client, kim, people)
    result = runner.invoke(args=["webhooks", "deliver"])
    assert result.exit_code == 0, result.output
    received = [(request.path.rsplit("=", 1)[1], request) for request in receiver.requests]
    assert "globex" not in {to for to, _ in received}
    assert event not in {request.headers["Gorilla-Event"] for to, request in received if to == "b"}
    [request] = [request for to, request in received if to == "a"]
    assert request.headers["Gorilla-Event"] == event
    secret = _secrets(app, tenant)[subscribed]
    assert verify(secret, request.headers["Gorilla-Signature"], request.body)
    body = json.loads(request.body)
    assert body["event"] == event and body["data"]["id"] == record_id
    assert body["data"]["customer_id"] == customer_id
    if not event.startswith("credit_note") and event != "estimate.sent":
        assert body["data"]["contact_id"] == kim_id
    assert "signature" not in request.body.decode() and "whsec_" not in request.body.decode()


def test_new_events_show_in_the_settings_with_german_and_english_labels(app, staff_client):
    page = staff_client.get(PAGE).get_data(as_text=True)
    for name, german in NEW_EVENTS.items():
        assert f"{name} – {german}" in page
    with app.test_request_context(), force_locale("en"):
        assert str(EVENTS["ticket.replied"].label) == "Customer replied to a ticket"
        assert str(EVENTS["estimate.sent"].label) == "Estimate sent"
