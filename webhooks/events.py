"""The event registry and ``emit``: deliveries join the caller's transaction (the outbox)."""

import json
import secrets
from dataclasses import dataclass
from typing import Any

from flask import g
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from gorilla.extensions import db
from tenants.models import utcnow

from .models import WebhookDelivery, WebhookEndpoint


@dataclass(frozen=True)
class Event:
    """An event endpoints can subscribe to."""

    name: str
    label: object


EVENTS: dict[str, Event] = {}
CACHE = "gorilla.webhook_endpoints"


def register_event(name: str, label) -> None:
    """Make ``name`` (``<resource>.<what happened>``) subscribable."""
    EVENTS[name] = Event(name, label)


register_event("customer.created", _l("Customer created"))
register_event("contact.created", _l("Contact created"))
register_event("invoice.sent", _l("Invoice sent"))
register_event("invoice.paid", _l("Invoice paid"))


def document_data(document: Any, **extra: Any) -> dict[str, Any]:
    """What an event tells about a numbered document with totals (estimate, proposal, credit
    note): ids, number, status and amounts, plus ``extra``."""
    return {
        "id": document.id, "number": document.number, "customer_id": document.customer_id,
        "status": str(document.status), "total": str(document.total),
        "currency": document.currency,
    } | extra  # fmt: skip


def emit(event: str, data: dict[str, Any]) -> list[WebhookDelivery]:
    """Queue ``event`` with ``data`` for every active endpoint subscribed to it, in the current
    transaction: the deliveries exist exactly when the change that caused them does."""
    assert event in EVENTS, f"unregistered webhook event {event!r}"
    endpoints = g.get(CACHE)
    if endpoints is None:  # once per request: a bulk import creates many customers
        endpoints = db.session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.active)).all()
        g.setdefault(CACHE, endpoints)
    deliveries = []
    for endpoint in endpoints:
        if event not in endpoint.event_set:
            continue
        body = {"id": f"evt_{secrets.token_hex(12)}", "event": event,
                "created_at": utcnow().isoformat(), "data": data}  # fmt: skip
        delivery = WebhookDelivery(
            endpoint_id=endpoint.id, event=event, body=json.dumps(body, default=str)
        )
        db.session.add(delivery)
        deliveries.append(delivery)
    return deliveries
