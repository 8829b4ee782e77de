"""Email: shipped templates, per-tenant copies, merge fields, outbox and delivery.

Public API: ``send(slug, to=..., **fields)`` (skips quietly), ``queue(...)`` (raises
``NotQueued`` with the reason, for emails staff asked for), both with ``attachments=``
(``Attachment`` files kept with the message; ``checked_attachments(files)`` applies the size
limit before anything changes), ``ensure_active(slug)``, ``is_active(slug)``,
``set_active(slug, active)``, ``queue_set_password_link(contact)``,
``send_forgot_password_link(contact)`` and ``sync_default_templates(session)`` for migrations
that ship new templates; ``request_mail(slug, address)`` with
``register_composer(app, slug, composer)`` for mail whose recipient is looked up only when it
is sent (forgot password), and ``queued_lately(slug, address, seconds)`` to send it at most so
often.
"""

from flask import Blueprint

from .attachments import PDF, Attachment
from .requests import queued_lately, register_composer, request_mail
from .seeding import sync_default_templates
from .service import (
    NotQueued,
    checked_attachments,
    ensure_active,
    is_active,
    queue,
    queue_set_password_link,
    send,
    send_forgot_password_link,
    set_active,
)

__all__ = [
    "PDF",
    "Attachment",
    "NotQueued",
    "checked_attachments",
    "ensure_active",
    "is_active",
    "queue",
    "queue_set_password_link",
    "queued_lately",
    "register_composer",
    "request_mail",
    "send",
    "send_forgot_password_link",
    "set_active",
    "sync_default_templates",
]


def init_app(app) -> None:
    """Register the mail layout templates, the provisioning seeder, delivery, ``gorilla mail``
    and the line of ``gorilla demo`` saying where emails go."""
    from gorilla.demo import line, register_demo_seeder
    from tenants.provisioning import register_seeder

    from . import delivery, metrics
    from .cli import mail_cli, mail_destination
    from .seeding import seed_templates

    app.register_blueprint(Blueprint("mail", __name__, template_folder="templates"))
    register_seeder(app, seed_templates)
    register_demo_seeder(app, order=90, notice=lambda: [line("Emails", mail_destination())])
    delivery.init_app(app)
    app.cli.add_command(mail_cli)
    metrics.init_app(app)
