"""Mail queued by a request is delivered by a background thread: a hanging SMTP server never
holds the response, and a server that accepts but never greets is given up quickly."""

import socket
import threading

import pytest
from sqlalchemy import select

from gorilla.extensions import db, mail
from mail_templates.delivery import background_delivery
from mail_templates.models import PENDING, SENDING, SENT, OutboxMessage
from tests.crm_factories import add_customer, in_tenant, submit_multipart


class HangingSmtpServer:
    """A real socket on 127.0.0.1 that accepts connections and never says a word."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = threading.Event()
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _address = self.listener.accept()
            except OSError:  # closed by ``close``
                return
            self.connections.append(connection)
            self.accepted.set()

    def close(self) -> None:
        """Hang up on every client and stop listening."""
        for connection in self.connections:
            connection.close()
        if self.listener.fileno() != -1:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked ``accept``
            self.listener.close()
        self.thread.join(timeout=10)


@pytest.fixture
def hanging_smtp(app):
    """The app sends through an SMTP server that accepts and never answers."""
    server = HangingSmtpServer()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_SUPPRESS_SEND=False)
    mail.init_app(app)
    yield server
    server.close()


def welcome_rows(app, tenant) -> list[OutboxMessage]:
    with in_tenant(app, tenant) as session:
        rows = session.scalars(select(OutboxMessage)).all()
        session.expunge_all()
        return rows


def create_contact_through_the_form(staff_client, customer_id):
    data = {"firstname": "Erika", "lastname": "Muster", "email": "erika@kunde.test"}
    path = f"/admin/customers/{customer_id}/contacts/new"
    return submit_multipart(staff_client, path, {**data, "password": "sehr-geheimes-pw"})


def test_hanging_smtp_server_does_not_hold_the_response_of_creating_a_contact(
    app, tenant, staff_client, hanging_smtp
):
    app.config.update(MAIL_CONNECT_TIMEOUT=60, MAIL_TIMEOUT=60)  # the server would hold us long
    customer_id = add_customer(app, tenant, "Kunde AG")
    staff_client.waits_for_mail = False

    response = create_contact_through_the_form(staff_client, customer_id)

    assert response.status_code == 303
    assert hanging_smtp.accepted.wait(timeout=30)  # delivery runs on, after the response
    [row] = welcome_rows(app, tenant)
    assert row.template_slug == "contact-welcome" and row.status == SENDING
    hanging_smtp.close()  # the server hangs up: the message waits for its retry
    assert background_delivery(app).wait_idle(timeout=30)
    [row] = welcome_rows(app, tenant)
    assert row.status == PENDING and row.attempts == 1 and row.last_error


def test_server_that_never_greets_is_given_up_after_the_connect_timeout(
    app, tenant, staff_client, hanging_smtp
):
    app.config.update(MAIL_CONNECT_TIMEOUT=0.2, MAIL_TIMEOUT=600)
    customer_id = add_customer(app, tenant, "Kunde AG")
    staff_client.waits_for_mail = False

    assert create_contact_through_the_form(staff_client, customer_id).status_code == 303

    assert background_delivery(app).wait_idle(timeout=30)
    [row] = welcome_rows(app, tenant)
    assert row.status == PENDING and row.attempts == 1 and "timed out" in row.last_error


def test_mail_queued_by_a_request_arrives_through_the_delivery_thread(
    app, tenant, staff_client, smtp
):
    customer_id = add_customer(app, tenant, "Kunde AG")

    assert create_contact_through_the_form(staff_client, customer_id).status_code == 303

    assert [message["To"] for message in smtp.messages] == ["Erika Muster <erika@kunde.test>"]
    with in_tenant(app, tenant):
        assert db.session.scalar(select(OutboxMessage.status)) == SENT
