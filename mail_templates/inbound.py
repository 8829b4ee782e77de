"""``gorilla mail receive``: an SMTP server (aiosmtpd) for mail sent *to* tenants.

An envelope recipient ``<mailbox>[+<tag>]@<slug>.<base domain>`` names the tenant by its
domain and a mailbox that a feature registered (``register_mailbox(app, "support", box)``;
tickets register ``support``). Everything else is refused with 550: foreign domains, unknown
or suspended tenants, unknown mailboxes, and whatever the mailbox refuses. The mailbox only
ever works inside the tenant the address names.

The server advertises ``SIZE`` and refuses bigger messages (``GORILLA_INBOUND_MAX_BYTES``,
default 25 MB); each message is one unit of work per recipient, committed on its own. A
message that cannot be read (broken MIME, absurd headers) is answered with 550 and the
server carries on.
"""

import asyncio
import email
import email.policy
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

import click
from aiosmtpd.controller import Controller
from flask import Flask, current_app
from flask.cli import with_appcontext

from gorilla.unit_of_work import commit_now
from tenants.context import tenant_context
from tenants.models import TenantInfo
from tenants.resolver import base_host, classify_host, directory

MAILBOXES = "gorilla.inbound_mailboxes"
MAX_RECIPIENTS = 10
OK = "250 OK"


class Refused(Exception):
    """The mailbox does not take this mail; ``str(error)`` is told to the sending server."""


class Mailbox(Protocol):
    """What a feature registers for one local part."""

    def accepts(self, tag: str | None) -> None:
        """Raise ``Refused`` unless mail to this ``tag`` may come in (in the tenant's context)."""

    def deliver(self, tag: str | None, message: EmailMessage) -> None:
        """Turn ``message`` into the feature's records (in the tenant's context, not
        committing); raise ``Refused`` to answer 550."""


def register_mailbox(app: Flask, name: str, mailbox: Mailbox) -> None:
    """Let ``gorilla mail receive`` hand mail for ``name[+tag]@<tenant domain>`` to ``mailbox``."""
    app.extensions.setdefault(MAILBOXES, {})[name] = mailbox


@dataclass(frozen=True)
class Address:
    """A recipient that names a tenant and one of its mailboxes."""

    tenant: TenantInfo
    mailbox: str
    tag: str | None


def resolve(address: str) -> Address:
    """The tenant and mailbox of an envelope recipient, else ``Refused``."""
    local, at, domain = address.strip().strip("<>").lower().rpartition("@")
    kind, slug = classify_host(domain, base_host()) if at else ("foreign", None)
    if kind != "tenant":
        raise Refused("no such domain here")
    tenant = directory().lookup(slug)
    if tenant is None or not tenant.is_active:
        raise Refused("no such tenant")
    name, _plus, tag = local.partition("+")
    if name not in current_app.extensions.get(MAILBOXES, {}):
        raise Refused("no such mailbox")
    return Address(tenant, name, tag or None)


def _mailbox(address: Address) -> Mailbox:
    return current_app.extensions[MAILBOXES][address.mailbox]


def check_recipient(app: Flask, recipient: str) -> str:
    """The SMTP answer to ``RCPT TO:<recipient>``."""
    try:
        with app.app_context():
            address = resolve(recipient)
            with tenant_context(address.tenant):
                _mailbox(address).accepts(address.tag)
    except Refused as refused:
        return f"550 5.1.1 {refused}"
    return OK


def parse(content: bytes) -> EmailMessage:
    """The message, or ``Refused`` if it cannot be read at all."""
    try:
        message = email.message_from_bytes(content, policy=email.policy.default)
        message.get("From")  # parse the headers we need now, not in the middle of the work
    except Exception as error:  # noqa: BLE001 - any broken input is the sender's problem
        raise Refused("message cannot be read") from error
    return message


def deliver_message(app: Flask, recipients: list[str], content: bytes) -> str:
    """Hand the message to the mailbox of each recipient (each its own transaction)."""
    try:
        message = parse(content)
        for recipient in recipients:
            with app.app_context():
                address = resolve(recipient)
                with tenant_context(address.tenant):
                    _mailbox(address).deliver(address.tag, message)
                    commit_now()
    except Refused as refused:
        return f"550 5.7.1 {refused}"
    except Exception:  # noqa: BLE001 - one bad message must not stop the server
        app.logger.exception("incoming mail could not be processed")
        return "550 5.6.0 message cannot be processed"
    return OK


class Handler:
    """aiosmtpd hooks: recipients are checked at ``RCPT``, the work runs in a thread."""

    def __init__(self, app: Flask):
        self.app = app

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        """Refuse recipients we do not serve before the message is sent."""
        if len(envelope.rcpt_tos) >= MAX_RECIPIENTS:
            return "452 4.5.3 too many recipients"
        loop = asyncio.get_running_loop()
        answer = await loop.run_in_executor(None, check_recipient, self.app, address)
        if answer == OK:
            envelope.rcpt_tos.append(address)
        return answer

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        """Process the message for every accepted recipient."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            None, deliver_message, self.app, list(envelope.rcpt_tos), envelope.content
        )


def start_receiver(app: Flask, host: str, port: int) -> Controller:
    """Listen on ``host:port`` (in a thread) until ``stop()``."""
    limit = app.config["INBOUND_MAX_BYTES"]
    controller = Controller(
        Handler(app),
        hostname=host,
        port=port,
        data_size_limit=limit,
        ident="Gorilla",
        server_hostname=base_host(app),
    )
    controller.start()
    return controller


@click.command("receive")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8025, show_default=True, type=click.IntRange(1, 65535))
@with_appcontext
def receive_command(host: str, port: int):
    """Receive mail for tenants over SMTP (answers to tickets, new tickets) until stopped."""
    controller = start_receiver(current_app._get_current_object(), host, port)
    click.echo(f"Receiving mail on {host}:{port}")
    stopped = threading.Event()
    try:
        stopped.wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()
