"""Deliver the tenant's outbox: claim due rows, send, retry with exponential backoff.

Several senders may run at once: rows are claimed with ``FOR UPDATE SKIP LOCKED`` (PostgreSQL;
SQLite has no row locks and ignores it) and a compare-and-set update, then leased for
``LEASE`` so a crashed sender's rows come back later instead of being lost. The sender works
outside requests and commits each step itself (``commit_now``): a lease is visible to other
senders before the SMTP server is talked to, and each result is kept as soon as it is known.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from flask import Flask, current_app, g
from sqlalchemy import event, select, update
from sqlalchemy.orm import selectinload

from gorilla.extensions import db
from gorilla.unit_of_work import commit_now
from tenants.models import utcnow
from tenants.session import TenantAwareSession
from tenants.sqlite import immediate_transactions

from .background import BackgroundDelivery
from .models import FAILED, PENDING, REQUESTED, SENDING, SENT, OutboxMessage
from .requests import compose_requested
from .transport import SenderIdentity, mail_message, open_transport, sender_identity

LEASE = timedelta(minutes=10)
FLUSHED_KEY = "gorilla.outbox_flushed"
COMMITTED_KEY = "gorilla.outbox_committed"


@dataclass
class DeliveryReport:
    """What one delivery run did."""

    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)

    def add(self, other: "DeliveryReport") -> None:
        """Fold ``other`` into this report."""
        self.sent += other.sent
        self.retrying += other.retrying
        self.failed += other.failed


def retry_delay(attempts: int) -> timedelta:
    """Wait after the ``attempts``-th failure: ``MAIL_RETRY_DELAY`` doubled each time, capped."""
    config = current_app.config
    seconds = config["MAIL_RETRY_DELAY"] * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, config["MAIL_RETRY_MAX_DELAY"]))


def claimable(now, ignore_wait: bool = False):
    """Rows a sender may lease: due pending ones and ``sending`` ones whose lease expired.

    ``ignore_wait`` takes pending rows still waiting for their retry too (never a row another
    sender holds a live lease on).
    """
    expired_lease = (OutboxMessage.status == SENDING) & (OutboxMessage.next_attempt_at <= now)
    pending = OutboxMessage.status == PENDING
    if not ignore_wait:
        pending &= OutboxMessage.next_attempt_at <= now
    return pending | expired_lease


def claim(
    limit: int, ids: Iterable[int] | None = None, ignore_wait: bool = False, after: int = 0
) -> list[int]:
    """Lease up to ``limit`` due messages with ids above ``after`` (optionally only ``ids``)."""
    now = utcnow()
    query = (
        select(OutboxMessage.id, OutboxMessage.attempts)
        .where(claimable(now, ignore_wait), OutboxMessage.id > after)
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    if ids is not None:
        query = query.where(OutboxMessage.id.in_(list(ids)))
    claimed = []
    for message_id, attempts in db.session.execute(query).all():
        result = db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.attempts == attempts)
            .values(status=SENDING, attempts=attempts + 1, next_attempt_at=now + LEASE)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            claimed.append(message_id)
    commit_now()
    return claimed


def record_success(message: OutboxMessage, report: DeliveryReport) -> None:
    """Mark ``message`` sent."""
    _record(message.id, status=SENT, sent_at=utcnow(), last_error=None)
    report.sent.append(message.id)


def record_failure(message: OutboxMessage, error: Exception, report: DeliveryReport) -> None:
    """Keep the error; schedule another attempt or give up after ``MAIL_MAX_ATTEMPTS``."""
    last_error = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        _record(message.id, status=FAILED, last_error=last_error)
        report.failed.append(message.id)
    else:
        retry_at = utcnow() + retry_delay(message.attempts)
        _record(message.id, status=PENDING, next_attempt_at=retry_at, last_error=last_error)
        report.retrying.append(message.id)


def _record(message_id: int, **values) -> None:
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    commit_now()


def deliver_due(ids: Iterable[int] | None = None, ignore_wait: bool = False) -> DeliveryReport:
    """Send the current tenant's due messages (or the due ones among ``ids``).

    Requested messages (forgot password) are composed first. ``ignore_wait`` sends messages
    waiting for a retry right away (after an outage). On SQLite every transaction here takes the
    write lock when it begins, and none is open while the SMTP server is talked to.
    """
    with immediate_transactions():
        return _deliver_due(ids, ignore_wait)


def _deliver_due(ids: Iterable[int] | None, ignore_wait: bool) -> DeliveryReport:
    report = DeliveryReport()
    composed = compose_requested(ids)
    if ids is not None:
        ids = [*ids, *composed]
    limit = current_app.config["MAIL_BATCH_SIZE"]
    identity = sender_identity()  # read now: no transaction is open while sending
    last = 0  # each message at most once per run, even when it is due again at once
    while claimed := claim(limit, ids, ignore_wait, after=last):
        last = claimed[-1]
        messages = db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.id.in_(claimed))
            .options(selectinload(OutboxMessage.attachments))  # sent after the session let go
            .order_by(OutboxMessage.id)
        ).all()
        db.session.expunge_all()
        commit_now()  # no transaction (nor lock) while sending
        _send_batch(messages, report, identity)
        if ids is not None or len(claimed) < limit:
            break
    return report


def _send_batch(
    messages: list[OutboxMessage], report: DeliveryReport, identity: SenderIdentity
) -> None:
    done: set[int] = set()
    try:
        with open_transport() as transport:
            for message in messages:
                try:
                    transport.send(mail_message(message, identity), message)
                except Exception as error:  # noqa: BLE001 - kept on the row, shown to staff
                    record_failure(message, error, report)
                else:
                    record_success(message, report)
                done.add(message.id)
    except Exception as error:  # noqa: BLE001 - connection failed: every open message retries
        for message in messages:
            if message.id not in done:
                record_failure(message, error, report)


def retry(message: OutboxMessage) -> None:
    """Queue a failed message again with a fresh set of attempts (caller commits)."""
    message.status = PENDING
    message.attempts = 0
    message.next_attempt_at = utcnow()


def _collect_flushed(session, _flush_context) -> None:
    queued = session.info.setdefault(FLUSHED_KEY, set())
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, OutboxMessage) and obj.status in (PENDING, REQUESTED):
            queued.add(obj.id)


def _mark_committed(session) -> None:
    if session.in_nested_transaction():  # a released savepoint commits nothing yet
        return
    flushed = session.info.pop(FLUSHED_KEY, set())
    session.info.setdefault(COMMITTED_KEY, set()).update(flushed)


def _forget_flushed(session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(FLUSHED_KEY, None)


def background_delivery(app: Flask | None = None) -> BackgroundDelivery:
    """The process's delivery thread of ``app`` (default: the current app)."""
    return (app or current_app).extensions["gorilla.mail_delivery"]


def deliver_committed() -> None:
    """Hand what this session queued and committed to the delivery thread (when configured).

    Returns at once; never raises. What the thread cannot take stays queued for
    ``gorilla mail send``.
    """
    ids = db.session.info.pop(COMMITTED_KEY, None)
    tenant = g.get("tenant")
    if not ids or tenant is None or not current_app.config["MAIL_DELIVER_AFTER_REQUEST"]:
        return
    if not background_delivery().submit(tenant, ids):
        current_app.logger.warning("mail delivery thread busy: %d message(s) wait", len(ids))


def deliver_after_request(response):
    """``after_request``: deliver the request's committed messages; never fails the request."""
    deliver_committed()
    return response


def init_app(app: Flask) -> None:
    """Track committed outbox rows per session and deliver them after the request."""
    for name, listener in (
        ("after_flush", _collect_flushed),
        ("after_commit", _mark_committed),
        ("after_rollback", _forget_flushed),
    ):
        if not event.contains(TenantAwareSession, name, listener):
            event.listen(TenantAwareSession, name, listener)
    app.extensions["gorilla.mail_delivery"] = BackgroundDelivery(app, deliver_due)
    app.after_request(deliver_after_request)
