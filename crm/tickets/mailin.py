"""The ``support`` mailbox of ``gorilla mail receive``: answers to ticket emails and new
tickets by email.

* ``support+<token>@<slug>.<base>`` answers the ticket with that ``reply_token`` in that
  tenant. Refused (550): a token no ticket of the tenant has (forged, or another tenant's),
  a closed ticket, and a sender who is neither a contact of the ticket's customer nor a
  staff member.
* ``support@<slug>.<base>`` opens a ticket when the sender (``From``) is an active contact
  with the Support permission; the department is the one whose support address is among
  ``To``/``Cc`` (a forwarded copy keeps them). Mail from anyone else is **refused** with 550,
  so the sender learns that it did not arrive.
* Automatic mail (``Auto-Submitted`` other than ``no``, e.g. out-of-office answers) is
  accepted and dropped, so two robots never answer each other for ever.

Quoted text and signatures are cut with ``mail-parser-reply`` (German and English rules);
attachments go through the attachment rules (type from content, size, quota) and the ones
refused are named in the reply instead.
"""

import io
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

from flask import Flask
from flask_babel import gettext as _
from mailparser_reply import EmailReplyParser
from markupsafe import Markup
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from crm.contacts.models import Contact, Permission
from crm.staff.models import Staff
from gorilla.attachments import AttachmentRefused
from gorilla.auth import normalize_email
from gorilla.extensions import db
from gorilla.forms import MESSAGE_MAX
from mail_templates.inbound import Refused, register_mailbox

from .addresses import SUPPORT, TOKEN
from .models import Ticket
from .service import add_reply, department_for, open_ticket

REPLY_LANGUAGES = ["de", "en"]
MAX_ATTACHMENTS = 10


def _ticket(token: str) -> Ticket:
    ticket = None
    if TOKEN.match(token):
        ticket = db.session.scalar(select(Ticket).where(Ticket.reply_token == token))
    if ticket is None:
        raise Refused("unknown ticket")
    if ticket.is_closed:
        raise Refused("ticket is closed")
    return ticket


def body_text(message: EmailMessage) -> str:
    """The new text of ``message``: plain part (else the HTML part's text) without the quoted
    earlier mail and the signature."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = part.get_content()
    if part.get_content_subtype() == "html":
        text = Markup(text).striptags()
    text = text.replace("\r\n", "\n")
    reply = EmailReplyParser(languages=REPLY_LANGUAGES).parse_reply(text=text)
    return (reply or text).strip()[:MESSAGE_MAX]


def attachments_of(message: EmailMessage) -> list[FileStorage]:
    """The message's attached files as uploads (at most ``MAX_ATTACHMENTS``)."""
    uploads = []
    for part in message.iter_attachments():
        if len(uploads) >= MAX_ATTACHMENTS:
            break
        data = part.get_payload(decode=True)
        if data:
            name = part.get_filename() or "attachment"
            uploads.append(FileStorage(stream=io.BytesIO(data), filename=name))
    return uploads


def sender_of(message: EmailMessage) -> str:
    """The normalised ``From`` address."""
    return normalize_email(parseaddr(str(message.get("From", "")))[1])


def _contact(address: str) -> Contact | None:
    contact = db.session.scalar(select(Contact).where(Contact.email == address, Contact.active))
    return contact if contact and contact.has_permission(Permission.SUPPORT) else None


def _with_files(save, message: EmailMessage):
    """Call ``save(text, uploads)``; if the files are refused, save without them and say so."""
    text = body_text(message) or _("(no text)")
    try:
        return save(text, attachments_of(message))
    except AttachmentRefused as error:
        note = _("Attachments of this email were not kept: %(reason)s", reason=str(error))
        return save(f"{text}\n\n[{note}]", [])


class SupportMailbox:
    """``support`` and ``support+<token>``."""

    def accepts(self, tag: str | None) -> None:
        """Only the plain address or a token of an open ticket of this tenant."""
        if tag is not None:
            _ticket(tag)

    def deliver(self, tag: str | None, message: EmailMessage) -> None:
        """Reply to the ticket, or open one."""
        if message.get("Auto-Submitted", "no").strip().lower() != "no":
            return
        if tag is None:
            self.open(message)
        else:
            self.reply(_ticket(tag), message)

    def reply(self, ticket: Ticket, message: EmailMessage) -> None:
        """The answer of a contact of the ticket's customer or of a staff member."""
        address = sender_of(message)
        contact = _contact(address)
        if contact is not None and contact.customer_id == ticket.customer_id:
            author = {"contact": contact}
        else:
            staff = db.session.scalar(select(Staff).where(Staff.email == address, Staff.active))
            if staff is None:
                raise Refused("sender not allowed on this ticket")
            author = {"staff": staff}
        _with_files(
            lambda text, files: add_reply(ticket, text, uploads=files, via_email=True, **author),
            message,
        )

    def open(self, message: EmailMessage) -> None:
        """A new ticket from a known contact (anyone else is refused)."""
        contact = _contact(sender_of(message))
        if contact is None:
            raise Refused("unknown sender")
        headers = [str(message.get(name, "")) for name in ("To", "Cc")]
        department = department_for(address for _name, address in getaddresses(headers))
        subject = " ".join(str(message.get("Subject", "")).split()) or _("(no subject)")
        _with_files(
            lambda text, files: open_ticket(
                contact,
                subject=subject,
                message=text,
                department_id=department.id if department else None,
                uploads=files,
                via_email=True,
            ),
            message,
        )


def init_app(app: Flask) -> None:
    """Register the ``support`` mailbox."""
    register_mailbox(app, SUPPORT, SupportMailbox())
