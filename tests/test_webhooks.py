"""Webhooks: endpoints behind the SSRF guard, deliveries written with the change, signed,
delivered by ``gorilla webhooks deliver`` to a real HTTP receiver, retried, shown in a log."""

import hashlib
import hmac
import json
import time

import pytest
from sqlalchemy import select

from crm.invoices.models import Invoice
from crm.invoices.service import record_payment
from tests.api_helpers import add_invoice, bearer, make_key
from tests.conftest import client_for
from tests.crm_factories import add_customer, in_tenant
from tests.webhook_receiver import start_receiver
from webhooks.models import WebhookDelivery, WebhookEndpoint

PAGE = "/admin/settings/webhooks"


def verify(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    """The README's verification recipe, word for word."""
    parts = dict(item.split("=", 1) for item in header.split(","))
    timestamp, signature = parts["t"], parts["v1"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(expected.hexdigest(), signature)


@pytest.fixture
def receiver(app):
    app.config["WEBHOOK_ALLOW_PRIVATE"] = True
    receiver, server = start_receiver()
    yield receiver
    server.shutdown()
    server.server_close()


def register(staff_client, url, events=("contact.created",)):
    return staff_client.submit(f"{PAGE}/new", {"url": url, "events": list(events)}, PAGE)


def deliveries(app, tenant) -> list[WebhookDelivery]:
    with in_tenant(app, tenant) as session:
        rows = session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()
        session.expunge_all()
        return rows


def secret_of(app, tenant) -> str:
    with in_tenant(app, tenant) as session:
        return session.scalars(select(WebhookEndpoint.secret)).one()


def create_contact(app, tenant, email="eva@kunde.test"):
    customer_id = add_customer(app, tenant)
    key = make_key(app, tenant)
    body = {"customer_id": customer_id, "firstname": "Eva", "lastname": "Meier", "email": email,
            "password": "ein-langes-passwort-1", "donotsendwelcomeemail": True}  # fmt: skip
    return client_for(app, tenant.slug).post("/api/v1/contacts", json=body, headers=bearer(key))


def test_signed_event_reaches_a_real_receiver(app, tenant, staff_client, runner, receiver):
    assert register(staff_client, receiver.url).status_code == 303
    assert receiver.url in staff_client.get(PAGE).get_data(as_text=True)
    assert create_contact(app, tenant).status_code == 201
    assert [row.status for row in deliveries(app, tenant)] == ["pending"]
    result = runner.invoke(args=["webhooks", "deliver"])
    assert result.exit_code == 0, result.output
    [request] = receiver.requests
    assert request.path == "/hooks/gorilla?x=1"
    assert request.headers["Gorilla-Event"] == "contact.created"
    assert verify(secret_of(app, tenant), request.headers["Gorilla-Signature"], request.body)
    assert not verify("whsec_wrong", request.headers["Gorilla-Signature"], request.body)
    assert not verify(secret_of(app, tenant), request.headers["Gorilla-Signature"],
                      request.body + b" ")  # fmt: skip
    event = json.loads(request.body)
    assert event["event"] == "contact.created" and event["data"]["email"] == "eva@kunde.test"
    [row] = deliveries(app, tenant)
    assert row.status == "delivered" and row.response_status == 200


def test_a_refused_change_writes_no_delivery(app, tenant, staff_client, receiver):
    register(staff_client, receiver.url)
    assert create_contact(app, tenant, email="keine-adresse").status_code == 422
    assert deliveries(app, tenant) == []


def test_unsubscribed_events_are_not_queued(app, tenant, staff_client, receiver):
    register(staff_client, receiver.url, events=("invoice.paid",))
    create_contact(app, tenant)
    assert deliveries(app, tenant) == []
    customer_id = add_customer(app, tenant, "Zahler GmbH")
    invoice_id = add_invoice(app, tenant, customer_id)
    with in_tenant(app, tenant) as session:
        invoice = session.get(Invoice, invoice_id)
        invoice.status = "unpaid"
        record_payment(invoice, invoice.total, invoice.issue_date)
        session.commit()
    assert [row.event for row in deliveries(app, tenant)] == ["invoice.paid"]


def test_failed_delivery_is_retried_with_backoff(app, tenant, staff_client, runner, receiver):
    register(staff_client, receiver.url)
    create_contact(app, tenant)
    receiver.statuses = [500]
    runner.invoke(args=["webhooks", "deliver"])
    [row] = deliveries(app, tenant)
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "HTTP 500")
    assert row.next_attempt_at.timestamp() > time.time() + 30
    runner.invoke(args=["webhooks", "deliver"])
    assert len(receiver.requests) == 1  # not due yet
    runner.invoke(args=["webhooks", "deliver", "--now"])
    assert len(receiver.requests) == 2
    assert deliveries(app, tenant)[0].status == "delivered"


def test_delivery_log_shows_failures_and_retries_them(app, tenant, staff_client, runner, receiver):
    register(staff_client, receiver.url)
    create_contact(app, tenant)
    app.config["WEBHOOK_MAX_ATTEMPTS"] = 1
    receiver.statuses = [503]
    runner.invoke(args=["webhooks", "deliver"])
    page = staff_client.get(f"{PAGE}/deliveries").get_data(as_text=True)
    assert "contact.created" in page and "HTTP 503" in page
    [row] = deliveries(app, tenant)
    assert row.status == "failed"
    answer = staff_client.submit(f"{PAGE}/deliveries/{row.id}/retry", {}, f"{PAGE}/deliveries")
    assert answer.status_code == 303
    assert (deliveries(app, tenant)[0].status, deliveries(app, tenant)[0].attempts) == (
        "pending", 0)  # fmt: skip
    runner.invoke(args=["webhooks", "deliver"])
    assert deliveries(app, tenant)[0].status == "delivered"


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/hook", "http://localhost/hook", "http://169.254.169.254/latest",
    "http://10.1.2.3/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/",
    "ftp://example.org/", "http://user:pw@example.org/", "http://no-such-host.invalid/",
    "http://example.org:99999/",
])  # fmt: skip
def test_private_addresses_are_refused(app, tenant, staff_client, url):
    app.config["WEBHOOK_ALLOW_PRIVATE"] = False
    response = register(staff_client, url)
    assert response.status_code == 200
    assert '<p class="error">' in response.get_data(as_text=True)
    with in_tenant(app, tenant) as session:
        assert session.scalars(select(WebhookEndpoint)).all() == []


def test_guard_is_checked_again_at_delivery(app, tenant, staff_client, runner, receiver):
    register(staff_client, receiver.url)
    create_contact(app, tenant)
    app.config["WEBHOOK_ALLOW_PRIVATE"] = False  # the name now resolves privately
    runner.invoke(args=["webhooks", "deliver"])
    assert receiver.requests == []
    [row] = deliveries(app, tenant)
    assert row.status == "pending" and "UnsafeUrl" in row.last_error


def test_webhook_pages_need_an_admin(app, tenant, staff_client):
    from crm.staff.models import Staff

    with in_tenant(app, tenant) as session:
        session.query(Staff).update({"is_admin": False})
        session.commit()
    assert staff_client.get(PAGE).status_code == 403
    assert staff_client.get(f"{PAGE}/deliveries").status_code == 403


def test_another_tenants_endpoints_and_deliveries_are_404(
    app, tenant, other_tenant, staff_client, receiver
):
    other = client_for(app, other_tenant.slug)
    other.sign_in(f"admin@{other_tenant.slug}.test")
    register(other, receiver.url)
    create_contact(app, other_tenant)
    [row] = deliveries(app, other_tenant)
    retry = staff_client.submit(f"{PAGE}/deliveries/{row.id}/retry", {}, f"{PAGE}/deliveries")
    assert retry.status_code == 404
    assert staff_client.submit(f"{PAGE}/1/delete", {}, PAGE).status_code == 404
    assert receiver.url not in staff_client.get(PAGE).get_data(as_text=True)


def test_watch_mode_delivers_new_events(app, tenant, staff_client, runner, receiver):
    register(staff_client, receiver.url)
    create_contact(app, tenant)
    result = runner.invoke(args=["webhooks", "deliver", "--watch", "--interval", "0.01",
                                 "--max-rounds", "2"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(receiver.requests) == 1
