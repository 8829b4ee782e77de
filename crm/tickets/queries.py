"""Ticket lists: the staff inbox with its filters, the customer's list, the thread of one
ticket, the dashboard widget and the customer-area panel (each one bounded query)."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from crm.contacts.models import Contact
from crm.customers.models import Customer
from gorilla.extensions import db
from gorilla.paging import Page, paginate
from tenants.settings import Setting, get_setting

from .models import Department, PredefinedReply, Ticket, TicketAttachment, TicketReply, TicketStatus

ALL = "all"  # the status filter showing closed tickets too
CHOICE_LIMIT = 200  # departments, staff, predefined replies offered in a select
ALL_CONTACTS_SETTING = "tickets_visible_to_all_contacts"


@dataclass(frozen=True)
class TicketFilter:
    """Filters of the inbox; no status means every ticket that is not closed."""

    status: str | None = None
    department_id: int | None = None
    priority: str | None = None
    assignee_id: int | None = None
    customer_id: int | None = None


def _filtered(query: Select, filters: TicketFilter) -> Select:
    if filters.status == ALL:
        pass
    elif filters.status:
        query = query.where(Ticket.status == filters.status)
    else:
        query = query.where(Ticket.status != TicketStatus.CLOSED)
    for column, value in (
        (Ticket.department_id, filters.department_id),
        (Ticket.priority, filters.priority),
        (Ticket.assignee_id, filters.assignee_id),
        (Ticket.customer_id, filters.customer_id),
    ):
        if value:
            query = query.where(column == value)
    return query


def inbox_page(filters: TicketFilter, page: int) -> Page:
    """The inbox: latest activity first, 25 a page, names joined in the same statement."""
    query = select(Ticket).options(
        joinedload(Ticket.customer),
        joinedload(Ticket.contact),
        joinedload(Ticket.department),
        joinedload(Ticket.assignee),
    )
    query = _filtered(query, filters).order_by(Ticket.last_activity_at.desc(), Ticket.id.desc())
    return paginate(query, page)


def department_choices() -> list[tuple[int, str]]:
    """``(id, name)`` of the departments."""
    rows = db.session.execute(
        select(Department.id, Department.name).order_by(Department.name).limit(CHOICE_LIMIT)
    )
    return [(row.id, row.name) for row in rows]


def predefined_replies() -> list[PredefinedReply]:
    """The predefined replies, by title."""
    return list(
        db.session.scalars(
            select(PredefinedReply).order_by(PredefinedReply.title).limit(CHOICE_LIMIT)
        )
    )


def thread(ticket: Ticket, *, internal: bool) -> list[TicketReply]:
    """The ticket's replies, oldest first, with authors and attachments (notes only with
    ``internal``)."""
    query = (
        select(TicketReply)
        .where(TicketReply.ticket_id == ticket.id)
        .options(
            joinedload(TicketReply.staff),
            joinedload(TicketReply.contact),
            selectinload(TicketReply.attachments),
        )
        .order_by(TicketReply.created_at, TicketReply.id)
    )
    if not internal:
        query = query.where(TicketReply.internal.is_(False))
    return list(db.session.scalars(query).unique())


def ticket_attachment(ticket: Ticket, attachment_id: int, *, internal: bool):
    """An attachment of a reply on ``ticket`` (not of a note unless ``internal``), else None."""
    query = (
        select(TicketAttachment)
        .join(TicketReply, TicketReply.id == TicketAttachment.reply_id)
        .where(TicketAttachment.id == attachment_id, TicketReply.ticket_id == ticket.id)
    )
    if not internal:
        query = query.where(TicketReply.internal.is_(False))
    return db.session.scalar(query)


def all_contacts_see_tickets() -> bool:
    """Whether a contact sees every ticket of its customer (else only its own)."""
    return bool(get_setting(ALL_CONTACTS_SETTING, False))


def _visible_to(contact: Contact) -> list:
    """Its customer's tickets: its own, or all when the setting says so (read in the same
    statement, so a list costs one query)."""
    setting_on = exists().where(Setting.key == ALL_CONTACTS_SETTING, Setting.value == "true")
    return [
        Ticket.customer_id == contact.customer_id,
        or_(Ticket.contact_id == contact.id, setting_on),
    ]


def contact_ticket(contact: Contact, ticket_id: int) -> Ticket | None:
    """The ticket if ``contact`` may see it (its customer's, its own unless the setting
    opens all of the customer's), else ``None``."""
    return db.session.scalar(select(Ticket).where(Ticket.id == ticket_id, *_visible_to(contact)))


def contact_ticket_page(contact: Contact, page: int) -> Page:
    """The tickets ``contact`` sees, latest activity first."""
    query = (
        select(Ticket)
        .where(*_visible_to(contact))
        .options(joinedload(Ticket.department))
        .order_by(Ticket.last_activity_at.desc(), Ticket.id.desc())
    )
    return paginate(query, page)


def open_tickets_of(contact: Contact, limit: int) -> list[Ticket]:
    """Start-page panel: the contact's tickets that are not closed, latest first."""
    query = (
        select(Ticket)
        .where(*_visible_to(contact), Ticket.status != TicketStatus.CLOSED)
        .order_by(Ticket.last_activity_at.desc(), Ticket.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def contact_ticket_count(contact: Contact) -> int:
    """How many tickets the contact sees."""
    return db.session.scalar(select(func.count()).select_from(Ticket).where(*_visible_to(contact)))


def waiting_tickets(limit: int) -> tuple[list[Ticket], int]:
    """Dashboard: tickets where the customer wrote last, longest waiting first, and how many."""
    waiting = Ticket.waiting_since.is_not(None)
    total = select(func.count()).select_from(Ticket).where(waiting).scalar_subquery()
    rows = db.session.execute(
        select(Ticket, total)
        .where(waiting)
        .options(joinedload(Ticket.customer))
        .order_by(Ticket.waiting_since, Ticket.id)
        .limit(limit)
    ).all()
    return [row[0] for row in rows], (rows[0][1] if rows else 0)


def customer_has_tickets(customer: Customer) -> str | None:
    """Delete guard: a customer with tickets cannot be deleted."""
    found = db.session.scalar(select(Ticket.id).where(Ticket.customer_id == customer.id).limit(1))
    return str(_l("the customer has tickets")) if found else None


def merge_targets(ticket: Ticket) -> list[tuple[int, str]]:
    """Tickets of the same customer ``ticket`` could be merged into (latest first)."""
    rows = db.session.execute(
        select(Ticket.id, Ticket.subject)
        .where(
            Ticket.customer_id == ticket.customer_id,
            Ticket.id != ticket.id,
            Ticket.merged_into_id.is_(None),
        )
        .order_by(Ticket.last_activity_at.desc())
        .limit(CHOICE_LIMIT)
    )
    return [(row.id, f"#{row.id} {row.subject}") for row in rows]
