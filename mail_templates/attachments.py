"""Files sent with an email (a document's PDF): what ``queue`` takes, the size limit, and the
rows that keep them with the outbox message until it is sent (or given up and deleted)."""

from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _

from gorilla.uploads import megabytes_text

from .models import OutboxAttachment, OutboxMessage

PDF = "application/pdf"


@dataclass(frozen=True)
class Attachment:
    """One file for an email: the name the recipient sees, its type and its bytes."""

    filename: str
    content_type: str
    data: bytes


def size_problem(attachments: Iterable[Attachment]) -> str | None:
    """Why ``attachments`` cannot go in one email (together over ``MAIL_ATTACHMENTS_MAX_BYTES``),
    for staff; ``None`` when they fit."""
    total = sum(len(attachment.data) for attachment in attachments)
    limit = current_app.config["MAIL_ATTACHMENTS_MAX_BYTES"]
    if total <= limit:
        return None
    return _(
        "The attachments are too large for an email (%(size)s, at most %(limit)s).",
        size=megabytes_text(total),
        limit=megabytes_text(limit),
    )


def attach(message: OutboxMessage, attachments: Iterable[Attachment]) -> None:
    """Keep ``attachments`` with ``message`` (in the caller's transaction)."""
    message.attachments = [
        OutboxAttachment(filename=a.filename, content_type=a.content_type, data=a.data)
        for a in attachments
    ]
