"""Deliver due webhook deliveries: claim with a lease, POST the signed body with short
timeouts to the checked address, keep the outcome, retry with backoff.

Like the mail sender, this runs outside requests and commits each step (``commit_now``): the
lease is visible to other workers before the receiver is called, and no transaction (nor
SQLite write lock) is open while it is.
"""

import http.client
import socket
import ssl
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from gorilla.extensions import db
from gorilla.unit_of_work import commit_now
from tenants.models import utcnow
from tenants.sqlite import immediate_transactions

from .guard import Target, UnsafeUrl, check_url
from .models import DeliveryStatus, WebhookDelivery
from .signing import SIGNATURE_HEADER, sign

LEASE = timedelta(minutes=2)
BATCH = 50


@dataclass
class Report:
    """What one run did (delivery ids)."""

    delivered: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


class _Pinned(http.client.HTTPConnection):
    """HTTP to the checked address, whatever the name resolves to now."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self.address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedTls(http.client.HTTPSConnection):
    """HTTPS to the checked address, the certificate checked against the host name."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout,
                         context=ssl.create_default_context())  # fmt: skip
        self.address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def retry_delay(attempts: int) -> timedelta:
    """``WEBHOOK_RETRY_DELAY`` doubled after each failure, at most ``WEBHOOK_RETRY_MAX_DELAY``."""
    config = current_app.config
    seconds = config["WEBHOOK_RETRY_DELAY"] * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, config["WEBHOOK_RETRY_MAX_DELAY"]))


def post(delivery: WebhookDelivery) -> int:
    """POST the delivery's body (the guard checked again now); returns the status code."""
    endpoint = delivery.endpoint
    target = check_url(endpoint.url)
    body = delivery.body.encode()
    kind = _PinnedTls if target.scheme == "https" else _Pinned
    connection = kind(target, timeout=current_app.config["WEBHOOK_TIMEOUT"])
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Gorilla-Webhooks/1",
        "Gorilla-Event": delivery.event,
        "Gorilla-Delivery": str(delivery.id),
        SIGNATURE_HEADER: sign(endpoint.secret, body),
    }
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(65536)
        return response.status
    finally:
        connection.close()


def _claim(ids: list[int] | None, ignore_wait: bool, after: int) -> list[int]:
    now = utcnow()
    due = WebhookDelivery.status == DeliveryStatus.PENDING
    if not ignore_wait:
        due &= WebhookDelivery.next_attempt_at <= now
    expired = (WebhookDelivery.status == DeliveryStatus.SENDING) & (
        WebhookDelivery.next_attempt_at <= now
    )
    query = (
        select(WebhookDelivery.id, WebhookDelivery.attempts)
        .where(due | expired, WebhookDelivery.id > after)
        .order_by(WebhookDelivery.id)
        .limit(BATCH)
        .with_for_update(skip_locked=True)
    )
    if ids is not None:
        query = query.where(WebhookDelivery.id.in_(ids))
    claimed = []
    for delivery_id, attempts in db.session.execute(query).all():
        result = db.session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == delivery_id, WebhookDelivery.attempts == attempts)
            .values(
                status=DeliveryStatus.SENDING, attempts=attempts + 1, next_attempt_at=now + LEASE
            )  # fmt: skip
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            claimed.append(delivery_id)
    commit_now()
    return claimed


def _record(delivery_id: int, **values) -> None:
    db.session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    commit_now()


def _attempt(delivery: WebhookDelivery, report: Report) -> None:
    try:
        status = post(delivery)
    except (OSError, http.client.HTTPException, UnsafeUrl) as error:
        status, problem = None, f"{type(error).__name__}: {error}"[:2000]
    else:
        problem = None if 200 <= status < 300 else f"HTTP {status}"
    if problem is None:
        _record(delivery.id, status=DeliveryStatus.DELIVERED, delivered_at=utcnow(),
                response_status=status, last_error=None)  # fmt: skip
        report.delivered.append(delivery.id)
    elif delivery.attempts >= current_app.config["WEBHOOK_MAX_ATTEMPTS"]:
        _record(delivery.id, status=DeliveryStatus.FAILED, response_status=status,
                last_error=problem)  # fmt: skip
        report.failed.append(delivery.id)
    else:
        _record(delivery.id, status=DeliveryStatus.PENDING, response_status=status,
                last_error=problem,
                next_attempt_at=utcnow() + retry_delay(delivery.attempts))  # fmt: skip
        report.retrying.append(delivery.id)


def deliver_due(ids: list[int] | None = None, ignore_wait: bool = False) -> Report:
    """Send the current tenant's due deliveries (or the due ones among ``ids``)."""
    report = Report()
    with immediate_transactions():
        last = 0  # each delivery at most once per run
        while claimed := _claim(ids, ignore_wait, last):
            last = claimed[-1]
            deliveries = db.session.scalars(
                select(WebhookDelivery).where(WebhookDelivery.id.in_(claimed))
                .order_by(WebhookDelivery.id)
            ).all()  # fmt: skip
            for delivery in deliveries:
                delivery.endpoint  # noqa: B018 - loaded before the session lets go
            db.session.expunge_all()
            commit_now()
            for delivery in deliveries:
                _attempt(delivery, report)
            if ids is not None or len(claimed) < BATCH:
                break
    return report


def retry(delivery: WebhookDelivery) -> None:
    """Queue a delivery again at once with a fresh set of attempts (the caller's transaction)."""
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = utcnow()
