"""The outbox as a metric: messages not yet sent (and given up) over all active tenants."""

from flask import Flask, current_app
from sqlalchemy import func, select

from gorilla.extensions import db
from gorilla.observability import register_state
from tenants.context import tenant_context

from .cli import active_tenants
from .models import SENT, OutboxMessage

UNSENT_BY_STATUS = (
    select(OutboxMessage.status, func.count())
    .where(OutboxMessage.status != SENT)
    .group_by(OutboxMessage.status)
)


def outbox_by_status() -> dict[str, float]:
    """Unsent messages per status (``pending``, ``sending``, ``failed``, …) of active tenants;
    a tenant whose database cannot be read is left out (``tenants check`` names it)."""
    totals: dict[str, float] = {}
    for tenant in active_tenants():
        try:
            with tenant_context(tenant):
                rows = db.session.execute(UNSENT_BY_STATUS).all()
        except Exception:  # noqa: BLE001 - one damaged tenant must not hide the others
            current_app.logger.warning("metrics: outbox of %s unreadable", tenant.slug)
            continue
        for status, count in rows:
            totals[status] = totals.get(status, 0) + count
    return totals


def init_app(app: Flask) -> None:
    """Report the outbox on ``/metrics``."""
    register_state(
        app, "gorilla_outbox_messages", "Unsent outbox messages by status", "status",
        outbox_by_status, slow=True,
    )  # fmt: skip
