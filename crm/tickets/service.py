"""What happens to tickets: open, reply (staff, contact, by email), internal notes, change,
close and merge; the notifications that go with it. Services never commit."""

from collections.abc import Iterable

from sqlalchemy import select, update
from werkzeug.datastructures import FileStorage

import webhooks
from crm.contacts.models import Contact
from crm.staff.models import Staff
from gorilla.attachments import StoredFile, delete_attachment, store_attachments
from gorilla.audit import AuditAction, record
from gorilla.extensions import db
from tenants.models import utcnow

from .models import (
    Department,
    Ticket,
    TicketAttachment,
    TicketPriority,
    TicketReply,
    TicketStatus,
)
from .notify import notify_contact, notify_staff


class TicketClosed(Exception):
    """The ticket is closed: no more replies."""


class CannotMerge(ValueError):
    """The two tickets cannot be merged; ``str(error)`` says why."""


def _attach(reply: TicketReply, uploads: Iterable[FileStorage]) -> None:
    for stored in store_attachments(uploads):
        reply.attachments.append(TicketAttachment(file=stored))


def open_ticket(
    contact: Contact,
    *,
    subject: str,
    message: str,
    department_id: int | None = None,
    priority: str = TicketPriority.MEDIUM,
    uploads: Iterable[FileStorage] = (),
    via_email: bool = False,
) -> Ticket:
    """A new ticket of ``contact``'s customer with its first message; staff are told, the
    contact gets the automatic answer. Raises ``AttachmentRefused`` before anything is added."""
    now = utcnow()
    ticket = Ticket(
        subject=subject.strip()[:200],
        customer_id=contact.customer_id,
        contact_id=contact.id,
        department_id=department_id,
        priority=priority if TicketPriority.has(priority) else TicketPriority.MEDIUM,
        status=TicketStatus.OPEN,
        created_at=now,
        last_activity_at=now,
        waiting_since=now,
    )
    reply = TicketReply(body=message.strip(), contact_id=contact.id, via_email=via_email)
    _attach(reply, uploads)
    db.session.add(ticket)
    db.session.flush()
    reply.ticket_id = ticket.id
    db.session.add(reply)
    db.session.flush()
    record(AuditAction.TICKET_OPENED, subject=ticket, customer_id=ticket.customer_id,
           actor=contact if via_email else None)  # fmt: skip
    notify_staff("ticket-created", ticket, reply)
    webhooks.emit("ticket.created", {
        "id": ticket.id, "customer_id": ticket.customer_id, "contact_id": contact.id,
        "department_id": ticket.department_id, "priority": ticket.priority,
        "status": ticket.status, "reply_id": reply.id, "via_email": via_email,
    })  # fmt: skip
    notify_contact("ticket-autoresponse", ticket, reply)
    return ticket


def add_reply(
    ticket: Ticket,
    message: str,
    *,
    staff: Staff | None = None,
    contact: Contact | None = None,
    uploads: Iterable[FileStorage] = (),
    status: str | None = None,
    internal: bool = False,
    via_email: bool = False,
) -> TicketReply:
    """A reply by ``staff`` or ``contact`` (or a staff-only note with ``internal``).

    A staff reply marks the ticket answered (or ``status``) and tells the contact; a contact's
    reply reopens it and tells staff. Raises ``TicketClosed`` for a contact's reply on a
    closed ticket and ``AttachmentRefused`` before anything is added."""
    if contact is not None and ticket.is_closed:
        raise TicketClosed()
    reply = TicketReply(
        ticket_id=ticket.id,
        body=message.strip(),
        staff_id=staff.id if staff else None,
        contact_id=contact.id if contact else None,
        internal=internal and staff is not None,
        via_email=via_email,
    )
    _attach(reply, uploads)
    db.session.add(reply)
    if reply.internal:
        db.session.flush()
        return reply
    now = utcnow()
    ticket.last_activity_at = now
    if contact is not None:
        ticket.status = TicketStatus.OPEN
        ticket.waiting_since = ticket.waiting_since or now
    else:
        ticket.status = status if TicketStatus.has(status) else TicketStatus.ANSWERED
        ticket.waiting_since = None
    db.session.flush()
    if contact is not None:
        notify_staff("ticket-reply-to-staff", ticket, reply)
        webhooks.emit("ticket.replied", {
            "id": ticket.id, "customer_id": ticket.customer_id, "contact_id": contact.id,
            "status": ticket.status, "reply_id": reply.id, "via_email": via_email,
        })  # fmt: skip
    else:
        notify_contact("ticket-reply-to-contact", ticket, reply)
    return reply


def close_ticket(ticket: Ticket) -> None:
    """Close ``ticket`` (the contact or staff is done with it)."""
    ticket.status = TicketStatus.CLOSED
    ticket.waiting_since = None
    record(AuditAction.TICKET_CLOSED, subject=ticket, customer_id=ticket.customer_id)


def change_ticket(ticket: Ticket, **values) -> None:
    """Set ``status``, ``priority``, ``department_id``, ``assignee_id`` (what staff picked)."""
    changes = {}
    for name, value in values.items():
        if getattr(ticket, name) != value:
            changes[name] = [getattr(ticket, name), value]
            setattr(ticket, name, value)
    if ticket.status == TicketStatus.CLOSED:
        ticket.waiting_since = None
    if changes:
        record(AuditAction.TICKET_CHANGED, subject=ticket, customer_id=ticket.customer_id,
               details=changes)  # fmt: skip


def merge_ticket(duplicate: Ticket, target: Ticket) -> None:
    """Move every reply of ``duplicate`` onto ``target`` and close the duplicate with a link
    to it. Both must belong to the same customer."""
    if duplicate.id == target.id:
        raise CannotMerge("same")
    if duplicate.customer_id != target.customer_id:
        raise CannotMerge("customer")
    if target.merged_into_id is not None:
        raise CannotMerge("merged")
    db.session.execute(
        update(TicketReply).where(TicketReply.ticket_id == duplicate.id).values(ticket_id=target.id)
    )
    target.last_activity_at = max(target.last_activity_at, duplicate.last_activity_at)
    if duplicate.waiting_since and target.status != TicketStatus.CLOSED:
        target.waiting_since = target.waiting_since or duplicate.waiting_since
    duplicate.merged_into_id = target.id
    duplicate.status = TicketStatus.CLOSED
    duplicate.waiting_since = None
    record(AuditAction.TICKET_MERGED, subject=duplicate, customer_id=duplicate.customer_id,
           details={"into": target.id})  # fmt: skip


def delete_ticket(ticket: Ticket) -> None:
    """Delete ``ticket`` with its messages and their files (the files leave the disk once the
    deletion commits), including the messages merged into it from duplicates (those stay
    closed, their link to it is cleared)."""
    files = db.session.scalars(
        select(StoredFile)
        .join(TicketAttachment, TicketAttachment.stored_file_id == StoredFile.id)
        .join(TicketReply, TicketReply.id == TicketAttachment.reply_id)
        .where(TicketReply.ticket_id == ticket.id)
    ).all()
    for file in files:  # the database removes the attachment rows and messages with them
        delete_attachment(file)
    record(AuditAction.TICKET_DELETED, subject=ticket, label=ticket.subject,
           customer_id=ticket.customer_id)  # fmt: skip
    db.session.delete(ticket)
    db.session.flush()


def department_for(addresses: Iterable[str]) -> Department | None:
    """The department whose support address is one of ``addresses`` (lower case)."""
    wanted = {address.lower() for address in addresses if address}
    if not wanted:
        return None
    departments = db.session.scalars(select(Department).where(Department.email != "")).all()
    return next((d for d in departments if d.email.lower() in wanted), None)
