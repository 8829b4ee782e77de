"""Where rendered outbox messages go: an SMTP server through Flask-Mail, or ``.eml`` files.

Without ``MAIL_SERVER`` (the development default) every message is written to
``<instance>/mail/<tenant_id>/`` so the demo's emails (and their links) can be opened.
"""

import smtplib
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path

from flask import current_app, g
from flask_mail import Connection, Message

from tenants.company import company_profile

from .models import OutboxMessage


class TimeoutConnection(Connection):
    """Flask-Mail's SMTP connection with timeouts (a hanging server cannot block us).

    Connecting and the server's greeting get ``MAIL_CONNECT_TIMEOUT`` (short: a server that
    accepts and never answers is given up quickly), every later exchange ``MAIL_TIMEOUT``.
    """

    def configure_host(self) -> smtplib.SMTP:
        """Connect (SSL/STARTTLS and login as configured) within the configured timeouts."""
        state = self.mail
        config = current_app.config
        smtp_class = smtplib.SMTP_SSL if state.use_ssl else smtplib.SMTP
        host = smtp_class(state.server, state.port, timeout=config["MAIL_CONNECT_TIMEOUT"])
        host.timeout = config["MAIL_TIMEOUT"]
        host.sock.settimeout(host.timeout)
        if state.use_tls:
            host.starttls()
        if state.username and state.password:
            host.login(state.username, state.password)
        return host


@dataclass(frozen=True)
class SenderIdentity:
    """Who a tenant's emails come from: the agency's name on the platform's address, and the
    agency's own address for replies (empty: no ``Reply-To``)."""

    name: str = ""
    reply_to: str = ""


def sender_identity() -> SenderIdentity:
    """The current tenant's identity from Settings › Firma."""
    profile = company_profile()
    return SenderIdentity(profile.company_name, profile.email)


def platform_address() -> str:
    """The configured sender's bare address (``MAIL_DEFAULT_SENDER`` may carry a name)."""
    configured = current_app.config["MAIL_DEFAULT_SENDER"]
    return configured[1] if isinstance(configured, tuple) else parseaddr(configured)[1]


def mail_message(message: OutboxMessage, identity: SenderIdentity | None = None) -> Message:
    """The Flask-Mail message (text and HTML part, and the row's attachments) for an outbox
    row: ``From`` is ``"<agency>" <platform address>``, ``Reply-To`` the agency's address.
    The row's ``attachments`` must be loaded (``deliver_due`` loads them with the row)."""
    recipient = (message.to_name, message.to_email) if message.to_name else message.to_email
    identity = identity or SenderIdentity()
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    if identity.name:
        sender = (identity.name, platform_address())
    mail = Message(
        subject=message.subject,
        recipients=[recipient],
        body=message.body_text,
        html=message.body_html,
        sender=sender,
        reply_to=message.reply_to or identity.reply_to or None,
        extra_headers={"Auto-Submitted": "auto-generated"},
    )
    for attachment in message.attachments:
        mail.attach(attachment.filename, attachment.content_type, attachment.data)
    return mail


def eml_folder() -> Path:
    """``<instance>/mail/<tenant_id>`` of the current tenant."""
    return Path(current_app.instance_path) / "mail" / g.tenant.id


class EmlWriter:
    """Writes each message as ``<id>-<slug>.eml`` into the tenant's mail folder."""

    def send(self, mail: Message, message: OutboxMessage) -> None:
        """Store ``mail`` as a file a mail program can open."""
        folder = eml_folder()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{message.id:06d}-{message.template_slug}.eml").write_bytes(mail.as_bytes())


class SmtpSender:
    """Sends through one open Flask-Mail connection."""

    def __init__(self, connection: Connection):
        self.connection = connection

    def send(self, mail: Message, message: OutboxMessage) -> None:
        """Hand ``mail`` to the SMTP server; the envelope sender stays the platform's."""
        self.connection.send(mail, envelope_from=platform_address())


@contextmanager
def open_transport():
    """An object with ``send(mail, message)``; SMTP when ``MAIL_SERVER`` is set, else files."""
    if not current_app.config.get("MAIL_SERVER"):
        yield EmlWriter()
        return
    connection = TimeoutConnection(current_app.extensions["mail"])
    with connection:
        yield SmtpSender(connection)
