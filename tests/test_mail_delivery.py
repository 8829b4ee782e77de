"""Delivery through a real SMTP server: parts, escaping, retries, CLI, .eml files, tenants."""

import threading
from datetime import timedelta
from pathlib import Path

import pytest

import mail_templates
from gorilla.extensions import db
from mail_templates.delivery import deliver_due, retry_delay
from mail_templates.models import FAILED, PENDING, SENT, OutboxMessage
from tenants.models import utcnow
from tenants.provisioning import set_status
from tests.conftest import PG_URL
from tests.factories import contact, in_tenant


def queue_welcome(app, tenant, **overrides) -> int:
    with in_tenant(app, tenant):
        message = mail_templates.send("contact-welcome", to=contact(**overrides))
        db.session.commit()
        return message.id


def outbox_row(app, tenant, message_id) -> OutboxMessage:
    with in_tenant(app, tenant):
        row = db.session.get(OutboxMessage, message_id)
        db.session.expunge(row)
        return row


def deliver(app, tenant):
    with in_tenant(app, tenant):
        return deliver_due()


def parts(message):
    return {
        part.get_content_type(): part.get_content()
        for part in message.walk()
        if not part.is_multipart()
    }


def test_queued_welcome_arrives_in_german_with_both_parts_and_escaped_name(app, tenant, smtp):
    message_id = queue_welcome(app, tenant)
    report = deliver(app, tenant)
    assert report.sent == [message_id] and len(smtp.messages) == 1
    received = smtp.messages[0]
    assert received["Subject"] == "Willkommen bei ACME Agentur"
    assert received["To"] == "Kim Muster <k@kunde.test>"
    body = parts(received)
    assert "&lt;img src=x onerror=alert(1)&gt;" in body["text/html"]
    assert "<img src=x" not in body["text/html"]
    assert "http://acme.gorilla.test/kunden/" in body["text/html"]
    assert "http://acme.gorilla.test/kunden/" in body["text/plain"]
    assert outbox_row(app, tenant, message_id).status == SENT


def test_smtp_down_keeps_the_message_queued_then_cli_delivers_it_once(
    app, tenant, smtp_down, runner
):
    message_id = queue_welcome(app, tenant)
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    row = outbox_row(app, tenant, message_id)
    assert row.status == PENDING and row.attempts == 1
    assert "Connection" in row.last_error or "refused" in row.last_error
    assert row.next_attempt_at.replace(tzinfo=None) > utcnow().replace(tzinfo=None)

    smtp_down.start()
    with in_tenant(app, tenant):
        db.session.get(OutboxMessage, message_id).next_attempt_at = utcnow()
        db.session.commit()
    first = runner.invoke(args=["mail", "send"])
    second = runner.invoke(args=["mail", "send"])
    assert "acme: 1 gesendet" in first.output and "acme:" not in second.output
    assert len(smtp_down.messages) == 1
    assert outbox_row(app, tenant, message_id).status == SENT


def test_message_fails_for_good_after_max_attempts_and_keeps_the_error(app, tenant, smtp_down):
    app.config.update(MAIL_MAX_ATTEMPTS=2, MAIL_RETRY_DELAY=0)
    message_id = queue_welcome(app, tenant)
    assert deliver(app, tenant).retrying == [message_id]
    assert deliver(app, tenant).failed == [message_id]
    row = outbox_row(app, tenant, message_id)
    assert row.status == FAILED and row.attempts == 2 and row.last_error
    assert deliver(app, tenant).failed == []


def test_retry_delay_doubles_up_to_a_cap(app):
    with app.app_context():
        delays = [retry_delay(attempt).total_seconds() for attempt in (1, 2, 3, 20)]
    assert delays == [60, 120, 240, app.config["MAIL_RETRY_MAX_DELAY"]]


def test_without_mail_server_messages_become_eml_files(app, tenant, runner):
    message_id = queue_welcome(app, tenant)
    result = runner.invoke(args=["mail", "send"])
    folder = Path(app.instance_path) / "mail"
    assert str(folder) in result.output
    files = list((folder / tenant.id).glob("*.eml"))
    assert [path.name for path in files] == [f"{message_id:06d}-contact-welcome.eml"]
    content = files[0].read_text()
    assert "Subject: Willkommen bei ACME Agentur" in content
    assert outbox_row(app, tenant, message_id).status == SENT


def test_suspended_tenants_mail_stays_queued_until_resumed(app, tenant, other_tenant, smtp, runner):
    acme_id = queue_welcome(app, tenant)
    globex_id = queue_welcome(app, other_tenant, email="g@kunde.test")
    with app.app_context():
        set_status("acme", "suspended")
    runner.invoke(args=["mail", "send"])
    assert [m["To"] for m in smtp.messages] == ["Kim Muster <g@kunde.test>"]
    assert outbox_row(app, tenant, acme_id).status == PENDING
    assert outbox_row(app, other_tenant, globex_id).status == SENT
    with app.app_context():
        set_status("acme", "active")
    runner.invoke(args=["mail", "send"])
    assert len(smtp.messages) == 2


def test_messages_not_yet_due_wait(app, tenant, smtp):
    message_id = queue_welcome(app, tenant)
    with in_tenant(app, tenant):
        db.session.get(OutboxMessage, message_id).next_attempt_at = utcnow() + timedelta(hours=1)
        db.session.commit()
    assert deliver(app, tenant).sent == [] and smtp.messages == []


@pytest.mark.skipif(not PG_URL, reason="row locks (FOR UPDATE SKIP LOCKED): PostgreSQL only")
def test_two_senders_at_once_deliver_every_message_exactly_once(app, tenant, smtp):
    ids = [queue_welcome(app, tenant, email=f"k{n}@kunde.test") for n in range(30)]
    app.config["MAIL_BATCH_SIZE"] = 5
    reports, errors = [], []
    start = threading.Barrier(2)

    def sender():
        try:
            start.wait()
            reports.append(deliver(app, tenant))
        except Exception as error:  # pragma: no cover - surfaced by the assert below
            errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(reports[0].sent + reports[1].sent) == ids
    assert sorted(m["To"] for m in smtp.messages) == sorted(
        f"Kim Muster <k{n}@kunde.test>" for n in range(30)
    )
