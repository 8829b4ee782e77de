"""Signed webhooks: endpoints subscribe to events; a change writes its deliveries to an outbox
in its own transaction (``emit``), and ``gorilla webhooks deliver [--watch]`` sends them.

Other features add events with ``register_event`` and announce them with ``emit``.
"""

from flask import Flask

from .events import EVENTS, document_data, emit, register_event

__all__ = ["EVENTS", "document_data", "emit", "init_app", "register_event"]


def init_app(app: Flask) -> None:
    """``gorilla webhooks …`` and the delivery settings."""
    from .cli import webhooks_cli

    app.config.setdefault("WEBHOOK_TIMEOUT", 5)
    app.config.setdefault("WEBHOOK_MAX_ATTEMPTS", 8)
    app.config.setdefault("WEBHOOK_RETRY_DELAY", 60)
    app.config.setdefault("WEBHOOK_RETRY_MAX_DELAY", 6 * 3600)
    app.cli.add_command(webhooks_cli)
