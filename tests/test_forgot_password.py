"""Forgot password does the same work for known and unknown addresses: the request only
records the intent; looking the address up, rendering and delivery happen afterwards."""

import re
import threading
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from gorilla.extensions import db
from mail_templates.models import SENT, OutboxMessage
from tests.conftest import client_for
from tests.factories import in_tenant
from tests.portal_helpers import make_contact

FORGOT = "/kunden/passwort-vergessen"


@pytest.fixture
def contact(app, tenant):
    """Kim of "Kunde GmbH" at acme."""
    return make_contact(app, tenant, "kim@kunde.de")


@contextmanager
def statements_of_this_thread():
    """The SQL statements this thread sends while the block runs (other threads ignored)."""
    seen: list[str] = []
    me = threading.get_ident()

    def record(_conn, _cursor, statement, _parameters, _context, _many):
        if threading.get_ident() == me:
            seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def ask_for_a_link(client, email: str) -> list[str]:
    """Submit the forgot-password form; the statements its request ran."""
    token = client.csrf(FORGOT)
    with statements_of_this_thread() as statements:
        response = client.post(FORGOT, data={"csrf_token": token, "email": email})
    assert "Wenn die Adresse bei uns bekannt ist" in response.get_data(as_text=True)
    return statements


def outbox(app, tenant) -> list[tuple[str, str, str]]:
    with in_tenant(app, tenant):
        rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        return [(row.template_slug, row.to_email, row.status) for row in rows]


def test_known_and_unknown_addresses_run_the_same_statements(app, tenant, client, contact):
    known = ask_for_a_link(client, "kim@kunde.de")
    unknown = ask_for_a_link(client, "nobody@kunde.de")

    assert known == unknown
    assert not any("email_templates" in statement for statement in known)  # nothing rendered


def test_link_arrives_through_the_delivery_thread_and_nothing_goes_to_unknown_addresses(
    app, tenant, client, contact, smtp
):
    ask_for_a_link(client, "Kim@Kunde.de")
    ask_for_a_link(client, "nobody@kunde.de")

    [message] = smtp.messages
    assert message["To"].addresses[0].addr_spec == "kim@kunde.de"
    assert (
        "http://acme.gorilla.test/kunden/passwort-setzen/"
        in message.get_body(("plain",)).get_content()
    )
    assert outbox(app, tenant) == [("contact-forgot-password", "kim@kunde.de", SENT)]


def test_without_delivery_after_requests_mail_send_composes_and_delivers_the_link(
    app, tenant, client, contact, smtp, runner
):
    app.config["MAIL_DELIVER_AFTER_REQUEST"] = False
    ask_for_a_link(client, "kim@kunde.de")
    ask_for_a_link(client, "nobody@kunde.de")
    assert smtp.messages == []
    staff = client_for(app, "acme")
    staff.sign_in("admin@acme.test")
    log = staff.get("/admin/settings/email-log").get_data(as_text=True)
    assert "nobody@kunde.de" not in log and "kim@kunde.de" not in log

    result = runner.invoke(args=["mail", "send"])

    assert "acme: 1 gesendet" in result.output, result.output
    [message] = smtp.messages
    link = re.search(
        r"http://acme\.gorilla\.test(/kunden/passwort-setzen/\S+)", message.as_string()
    )
    assert link and client_for(app, "acme").get(link.group(1)).status_code == 200
    assert outbox(app, tenant) == [("contact-forgot-password", "kim@kunde.de", SENT)]


def test_an_address_longer_than_any_mailbox_gets_a_field_error(app, tenant, client):
    email = "a" * 250 + "@kunde.de"
    response = client.submit(FORGOT, {"email": email})
    assert response.status_code == 200
    assert "Bitte geben Sie eine gültige E-Mail-Adresse ein." in response.get_data(as_text=True)
    assert outbox(app, tenant) == []


def test_one_reset_mail_per_contact_per_interval_and_one_again_after_it(
    app, tenant, client, contact, smtp
):
    for _ in range(3):
        ask_for_a_link(client, "kim@kunde.de")
    assert len(smtp.messages) == 1
    assert outbox(app, tenant) == [("contact-forgot-password", "kim@kunde.de", SENT)]
    first_link = re.search(r"/kunden/passwort-setzen/\S+", smtp.messages[0].as_string()).group(0)
    assert client_for(app, "acme").get(first_link).status_code == 200  # not killed by the others

    interval = timedelta(seconds=app.config["FORGOT_PASSWORD_INTERVAL"] + 1)
    with in_tenant(app, tenant):
        for row in db.session.scalars(select(OutboxMessage)):
            row.created_at -= interval
        db.session.commit()
    ask_for_a_link(client, "kim@kunde.de")

    assert len(smtp.messages) == 2
    assert client_for(app, "acme").get(first_link).status_code == 410  # the newer link won


def test_forgot_password_posts_are_rate_limited(client):
    statuses = [client.submit(FORGOT, {"email": "kim@kunde.de"}).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
