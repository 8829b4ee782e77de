"""Mail asked for by someone who may not be who they claim (forgot password).

The request must do the same work whether the address is known or not, so it only records the
intent: an outbox row in status ``requested`` holding the slug and the typed address. The
sender (the delivery thread or ``gorilla mail send``) later asks the composer registered for the
slug to queue the mail for that address: the row is thus replaced by a rendered message, queued
like any other, or simply dropped when the address belongs to nobody who may get it.
"""

from collections.abc import Callable, Iterable
from datetime import timedelta

from flask import Flask, current_app
from sqlalchemy import delete, select

from gorilla.extensions import db
from gorilla.unit_of_work import commit_now
from tenants.models import utcnow

from .models import REQUESTED, OutboxMessage

# Queues the mail for an address in the caller's transaction (``send``); ``None`` for nobody.
Composer = Callable[[str], OutboxMessage | None]
COMPOSERS_KEY = "gorilla.mail_composers"


def register_composer(app: Flask, slug: str, composer: Composer) -> None:
    """Let ``request_mail(slug, …)`` rows be composed by ``composer`` when they are sent."""
    app.extensions.setdefault(COMPOSERS_KEY, {})[slug] = composer


def request_mail(slug: str, address: str) -> None:
    """Record that ``slug`` was asked for ``address`` (caller commits); nothing is looked up."""
    empty = {"subject": "", "body_html": "", "body_text": ""}
    db.session.add(OutboxMessage(template_slug=slug, to_email=address, status=REQUESTED, **empty))


def queued_lately(slug: str, address: str, seconds: int) -> bool:
    """Whether ``slug`` was queued for ``address`` in the last ``seconds`` (sent or not)."""
    since = utcnow() - timedelta(seconds=seconds)
    latest = select(OutboxMessage.id).where(
        OutboxMessage.template_slug == slug,
        OutboxMessage.to_email == address,
        OutboxMessage.status != REQUESTED,
        OutboxMessage.created_at > since,
    )
    return db.session.scalar(latest.limit(1)) is not None


def compose_requested(ids: Iterable[int] | None = None) -> list[int]:
    """Turn the tenant's requested rows (or those among ``ids``) into queued messages.

    Each row is taken once even by racing senders (deleted where still ``requested``); the
    ids of the messages queued in their place are returned.
    """
    query = select(OutboxMessage.id, OutboxMessage.template_slug, OutboxMessage.to_email).where(
        OutboxMessage.status == REQUESTED
    )
    if ids is not None:
        query = query.where(OutboxMessage.id.in_(list(ids)))
    composers = current_app.extensions.get(COMPOSERS_KEY, {})
    queued = []
    for row_id, slug, address in db.session.execute(query.order_by(OutboxMessage.id)).all():
        taken = db.session.execute(
            delete(OutboxMessage)
            .where(OutboxMessage.id == row_id, OutboxMessage.status == REQUESTED)
            .execution_options(synchronize_session=False)
        )
        composer = composers.get(slug)
        message = composer(address) if taken.rowcount == 1 and composer is not None else None
        if message is not None:
            db.session.flush()
            queued.append(message.id)
        commit_now()  # part of the sender: each row is taken and replaced for good
    return queued
