"""Endpoints: register (URL checked by the SSRF guard), switch off, delete; the delivery log."""

import secrets
from collections.abc import Iterable

from flask import g
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from gorilla.extensions import db
from gorilla.paging import Page, paginate

from .events import CACHE, EVENTS
from .guard import check_url
from .models import WebhookDelivery, WebhookEndpoint


def create_endpoint(url: str, events: Iterable[str]) -> WebhookEndpoint:
    """A new endpoint with a fresh signing secret; raises ``UnsafeUrl`` for a refused URL."""
    check_url(url)
    endpoint = WebhookEndpoint(
        url=url.strip(),
        events=",".join(sorted(set(events) & set(EVENTS))),
        secret=f"whsec_{secrets.token_urlsafe(32)}",
        active=True,
    )
    db.session.add(endpoint)
    db.session.flush()
    g.pop(CACHE, None)
    return endpoint


def endpoints() -> list[WebhookEndpoint]:
    """Every endpoint, the newest first."""
    return list(db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id.desc())))


def delivery_page(page: int) -> Page:
    """The delivery log, newest first, with each delivery's endpoint (one query a page)."""
    query = (
        select(WebhookDelivery)
        .options(joinedload(WebhookDelivery.endpoint))
        .order_by(WebhookDelivery.id.desc())
    )
    return paginate(query, page)
