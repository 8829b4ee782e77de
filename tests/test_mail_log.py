"""Settings › E-Mail-Protokoll: what was sent, what failed and why; failed ones can be retried."""

from sqlalchemy import select

import mail_templates
from gorilla.extensions import db
from mail_templates.models import FAILED, PENDING, SENT, OutboxMessage
from tests.factories import contact, in_tenant

LOG = "/admin/settings/email-log"


def queue(app, tenant, status=PENDING, error=None, email="k@kunde.test") -> int:
    with in_tenant(app, tenant):
        message = mail_templates.send("contact-welcome", to=contact(email=email))
        message.status, message.last_error = status, error
        message.attempts = 5 if status == FAILED else 0
        db.session.commit()
        return message.id


def status_of(app, tenant, message_id) -> str:
    with in_tenant(app, tenant):
        return db.session.get(OutboxMessage, message_id).status


def test_log_lists_recipient_template_status_and_error_newest_first(app, tenant, staff_client):
    queue(app, tenant, SENT, email="first@kunde.test")
    queue(app, tenant, FAILED, "SMTPRecipientsRefused: 550 unknown user", email="second@kunde.test")
    page = staff_client.get(LOG).get_data(as_text=True)
    assert page.index("second@kunde.test") < page.index("first@kunde.test")
    assert "Neuer Kontakt hinzugefügt" in page
    assert "gesendet" in page and "fehlgeschlagen" in page
    assert "550 unknown user" in page
    assert page.count(">Erneut senden<") == 1


def test_retry_queues_a_failed_message_and_delivers_it(app, tenant, staff_client, smtp):
    message_id = queue(app, tenant, FAILED, "SMTPServerDisconnected")
    response = staff_client.submit(f"{LOG}/{message_id}/retry", {}, form_path=LOG)
    assert response.status_code == 303
    assert status_of(app, tenant, message_id) == SENT  # delivered right after the request
    assert [m["To"] for m in smtp.messages] == ["Kim Muster <k@kunde.test>"]


def test_retry_with_smtp_down_answers_normally_and_keeps_the_message(
    app, tenant, staff_client, smtp_down
):
    message_id = queue(app, tenant, FAILED, "old error")
    response = staff_client.submit(f"{LOG}/{message_id}/retry", {}, form_path=LOG)
    assert response.status_code == 303
    with in_tenant(app, tenant):
        row = db.session.get(OutboxMessage, message_id)
        assert row.status == PENDING and row.attempts == 1 and row.last_error != "old error"


def test_retry_needs_the_csrf_token_and_leaves_sent_messages_alone(app, tenant, staff_client):
    failed = queue(app, tenant, FAILED, "x")
    assert staff_client.post(f"{LOG}/{failed}/retry").status_code == 400
    sent = queue(app, tenant, SENT)
    staff_client.submit(f"{LOG}/{sent}/retry", {}, form_path=LOG)
    assert status_of(app, tenant, sent) == SENT


def test_retry_of_another_tenants_message_answers_404(app, tenant, other_tenant, staff_client):
    queue(app, tenant, FAILED, "x")
    globex_id = queue(app, other_tenant, FAILED, "x")
    with in_tenant(app, tenant):
        acme_ids = db.session.scalars(select(OutboxMessage.id)).all()
    missing = max(acme_ids + [globex_id]) + 1
    assert staff_client.submit(f"{LOG}/{missing}/retry", {}, form_path=LOG).status_code == 404


def test_log_is_paginated(app, tenant, staff_client):
    for n in range(55):
        queue(app, tenant, SENT, email=f"k{n}@kunde.test")
    first = staff_client.get(LOG).get_data(as_text=True)
    assert "k54@kunde.test" in first and "k0@kunde.test" not in first
    assert "Seite 1 von 2" in first
    assert "k0@kunde.test" in staff_client.get(f"{LOG}?page=2").get_data(as_text=True)
