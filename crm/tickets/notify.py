"""Ticket emails: to the ticket's contact (only with ``ticket_emails``, through the template's
notification flag) or to staff (the assignee, else every active staff member). Every one
carries the ticket's Reply-To address, so answering the email answers the ticket."""

from sqlalchemy import select

import mail_templates
from crm.contacts.models import Permission
from crm.notify import link
from crm.staff.models import Staff
from gorilla.extensions import db

from .addresses import reply_address
from .models import Ticket, TicketPriority, TicketReply, TicketStatus


def ticket_fields(ticket: Ticket, reply: TicketReply, endpoint: str) -> dict[str, object]:
    """Merge fields of a ticket email (the link opens the ticket on the recipient's side)."""
    department = ticket.department
    return {
        "ticket_id": ticket.id,
        "ticket_subject": ticket.subject,
        "ticket_link": link(endpoint, ticket_id=ticket.id),
        "ticket_status": TicketStatus(ticket.status).label,
        "ticket_priority": TicketPriority(ticket.priority).label,
        "ticket_department": department.name if department else "–",
        "ticket_message": reply.body,
        "reply_author": reply.author_name,
        "client_company": ticket.customer.company,
    }


def notify_contact(slug: str, ticket: Ticket, reply: TicketReply) -> None:
    """Tell the ticket's contact (if active, allowed into Support and wanting ticket emails)."""
    contact = ticket.contact
    if contact is None or not contact.active or not contact.has_permission(Permission.SUPPORT):
        return
    fields = ticket_fields(ticket, reply, "portal.tickets.show")
    mail_templates.send(slug, to=contact, reply_to=reply_address(ticket), **fields)


def staff_recipients(ticket: Ticket) -> list[Staff]:
    """The assignee when there is an active one, else every active staff member."""
    if ticket.assignee is not None and ticket.assignee.active:
        return [ticket.assignee]
    return list(db.session.scalars(select(Staff).where(Staff.active).order_by(Staff.id)))


def notify_staff(slug: str, ticket: Ticket, reply: TicketReply) -> None:
    """Tell staff about a new ticket or a customer's answer."""
    fields = ticket_fields(ticket, reply, "admin.tickets.show")
    for staff in staff_recipients(ticket):
        mail_templates.send(slug, to=staff, reply_to=reply_address(ticket), **fields)
