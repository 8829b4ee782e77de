"""``gorilla mail send --watch`` outlives faults; stale leases come back; ``--now`` skips waits."""

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from gorilla.extensions import db
from mail_templates import cli as mail_cli
from mail_templates.cli import deliver_everywhere, watch_loop
from mail_templates.models import PENDING, SENDING, SENT, OutboxMessage
from tenants.models import utcnow
from tests.factories import in_tenant
from tests.test_mail_delivery import outbox_row, queue_welcome


def fail_once(real):
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("SELECT tenants", {}, Exception("server closed the connection"))
        return real(*args, **kwargs)

    return flaky


def test_watch_survives_a_database_fault_backs_off_and_delivers_next_pass(
    app, tenant, smtp, monkeypatch
):
    message_id = queue_welcome(app, tenant)
    monkeypatch.setattr(mail_cli, "active_tenants", fail_once(mail_cli.active_tenants))
    waits = []
    with app.app_context():
        watch_loop(deliver_everywhere, interval=5, wait=waits.append, rounds=3)
    assert waits == [10, 5]  # doubled after the fault, back to normal after a good pass
    assert [m["To"] for m in smtp.messages] == ["Kim Muster <k@kunde.test>"]
    assert outbox_row(app, tenant, message_id).status == SENT


def test_watch_survives_the_smtp_server_being_down_and_delivers_when_it_is_back(
    app, tenant, smtp_down
):
    app.config["MAIL_RETRY_DELAY"] = 0
    message_id = queue_welcome(app, tenant)

    def wait(seconds):
        assert outbox_row(app, tenant, message_id).status == PENDING
        smtp_down.start()

    with app.app_context():
        watch_loop(deliver_everywhere, interval=5, wait=wait, rounds=2)
    assert len(smtp_down.messages) == 1
    assert outbox_row(app, tenant, message_id).status == SENT


def test_watch_command_passes_stop_after_max_rounds(app, tenant, smtp, runner):
    queue_welcome(app, tenant)
    result = runner.invoke(args=["mail", "send", "--watch", "--max-rounds", "1"])
    assert result.exit_code == 0, result.output
    assert "acme: 1 gesendet" in result.output and len(smtp.messages) == 1


def lease(app, tenant, message_id, expires_in: timedelta) -> None:
    """What a sender killed while sending leaves behind."""
    with in_tenant(app, tenant):
        row = db.session.get(OutboxMessage, message_id)
        row.status, row.attempts, row.next_attempt_at = SENDING, 1, utcnow() + expires_in
        db.session.commit()


def test_message_left_sending_by_a_killed_sender_is_delivered_once_its_lease_expired(
    app, tenant, smtp, runner
):
    stale = queue_welcome(app, tenant, email="stale@kunde.test")
    live = queue_welcome(app, tenant, email="live@kunde.test")
    lease(app, tenant, stale, -timedelta(seconds=1))
    lease(app, tenant, live, timedelta(minutes=5))
    result = runner.invoke(args=["mail", "send", "--now"])
    assert result.exit_code == 0, result.output
    assert [m["To"] for m in smtp.messages] == ["Kim Muster <stale@kunde.test>"]
    assert outbox_row(app, tenant, stale).status == SENT
    assert outbox_row(app, tenant, live).status == SENDING  # another sender still holds it


def test_send_now_delivers_messages_waiting_for_their_retry(app, tenant, smtp_down, runner):
    message_id = queue_welcome(app, tenant)
    runner.invoke(args=["mail", "send"])
    smtp_down.start()
    assert "0 Nachricht" in runner.invoke(args=["mail", "send"]).output
    assert outbox_row(app, tenant, message_id).status == PENDING
    result = runner.invoke(args=["mail", "send", "--now"])
    assert "acme: 1 gesendet" in result.output, result.output
    assert len(smtp_down.messages) == 1
    with in_tenant(app, tenant):
        assert db.session.scalar(sa.select(OutboxMessage.status)) == SENT
