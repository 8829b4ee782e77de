"""Staff side of tickets: the inbox, a ticket with its thread, reply, note, properties,
merge and attachment downloads."""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from crm.access import admin_required
from crm.customers.models import Customer
from crm.staff.service import staff_choices
from gorilla.attachments import AttachmentRefused, attachment_response
from gorilla.bounds import record_id
from gorilla.extensions import db
from gorilla.forms import choices
from gorilla.paging import requested_page

from .forms import MergeForm, NoteForm, PropertiesForm, StaffReplyForm
from .models import PredefinedReply, Ticket, TicketPriority, TicketStatus
from .queries import (
    ALL,
    TicketFilter,
    department_choices,
    inbox_page,
    merge_targets,
    predefined_replies,
    thread,
    ticket_attachment,
)
from .service import CannotMerge, add_reply, change_ticket, delete_ticket, merge_ticket

NONE = [("", "–")]


def _filters() -> TicketFilter:
    args = request.args
    status = args.get("status")
    priority = args.get("priority")
    return TicketFilter(
        status=status if status == ALL or TicketStatus.has(status) else None,
        department_id=args.get("department", type=record_id),
        priority=priority if TicketPriority.has(priority) else None,
        assignee_id=args.get("assignee", type=record_id),
        customer_id=args.get("customer", type=record_id),
    )


def ticket_list():
    """The inbox: filters for status, department, priority, assignee and customer."""
    filters = _filters()
    customer = db.session.get(Customer, filters.customer_id) if filters.customer_id else None
    return render_template(
        "tickets/list.html",
        page=inbox_page(filters, requested_page()),
        filters=filters,
        departments=department_choices(),
        staff=staff_choices(),
        customer=customer,
    )


def _forms(ticket: Ticket, **given):
    reply = given.get("reply") or StaffReplyForm(formdata=None)
    reply.predefined_reply_id.choices = choices(
        NONE + [(r.id, r.title) for r in predefined_replies()]
    )
    properties = given.get("properties") or PropertiesForm(formdata=None, obj=ticket)
    properties.department_id.choices = choices(NONE + department_choices())
    properties.assignee_id.choices = choices(NONE + staff_choices())
    merge = given.get("merge") or MergeForm(formdata=None)
    merge.target_id.choices = choices(merge_targets(ticket))
    note = given.get("note") or NoteForm(formdata=None)
    return {"reply": reply, "properties": properties, "merge": merge, "note": note}


def _page(ticket: Ticket, **given):
    return render_template(
        "tickets/detail.html",
        ticket=ticket,
        replies=thread(ticket, internal=True),
        **_forms(ticket, **given),
    )


def _back(ticket: Ticket, anchor: str | None = None):
    return redirect(url_for("admin.tickets.show", ticket_id=ticket.id, _anchor=anchor), 303)


def ticket_detail(ticket_id: int):
    """The ticket: thread with notes, reply, note, properties and merge forms."""
    return _page(db.get_or_404(Ticket, ticket_id))


def ticket_reply(ticket_id: int):
    """Answer the contact (POST ``message``, ``status``, ``attachments``)."""
    ticket = db.get_or_404(Ticket, ticket_id)
    form = _forms(ticket, reply=StaffReplyForm())["reply"]
    if not form.validate_on_submit():
        return _page(ticket, reply=form)
    message = form.message.data or ""
    if not message.strip():
        message = db.get_or_404(PredefinedReply, form.predefined_reply_id.data).body
    try:
        add_reply(
            ticket,
            message,
            staff=g.staff,
            uploads=request.files.getlist("attachments"),
            status=form.status.data,
        )
    except AttachmentRefused as error:
        form.attachments.errors.append(str(error))
        return _page(ticket, reply=form)
    flash(_("Your answer has been sent."), "success")
    return _back(ticket, "thread")


def ticket_note(ticket_id: int):
    """Add an internal note that contacts never see (POST ``message``)."""
    ticket = db.get_or_404(Ticket, ticket_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return _page(ticket, note=form)
    add_reply(ticket, form.message.data, staff=g.staff, internal=True)
    flash(_("Note added."), "success")
    return _back(ticket, "thread")


def ticket_properties(ticket_id: int):
    """Change status, priority, department and assignee."""
    ticket = db.get_or_404(Ticket, ticket_id)
    form = _forms(ticket, properties=PropertiesForm())["properties"]
    if not form.validate_on_submit():
        return _page(ticket, properties=form)
    change_ticket(
        ticket,
        status=form.status.data,
        priority=form.priority.data,
        department_id=form.department_id.data,
        assignee_id=form.assignee_id.data,
    )
    flash(_("Ticket saved."), "success")
    return _back(ticket)


def ticket_merge(ticket_id: int):
    """Merge this (duplicate) ticket into another ticket of the same customer."""
    ticket = db.get_or_404(Ticket, ticket_id)
    form = _forms(ticket, merge=MergeForm())["merge"]
    if not form.validate_on_submit():
        return _page(ticket, merge=form)
    target = db.get_or_404(Ticket, form.target_id.data)
    try:
        merge_ticket(ticket, target)
    except CannotMerge:
        form.target_id.errors.append(_("This ticket cannot be merged into that one."))
        return _page(ticket, merge=form)
    flash(_("Ticket #%(id)d merged into this ticket.", id=ticket.id), "success")
    return _back(target, "thread")


@admin_required
def ticket_delete(ticket_id: int):
    """Delete the ticket with its messages and files (admins, POST)."""
    delete_ticket(db.get_or_404(Ticket, ticket_id))
    flash(_("Ticket deleted."), "success")
    return redirect(url_for("admin.tickets.list"), 303)


def ticket_attachment_download(ticket_id: int, attachment_id: int):
    """A file attached to a reply or note of the ticket."""
    ticket = db.get_or_404(Ticket, ticket_id)
    attachment = ticket_attachment(ticket, attachment_id, internal=True)
    if attachment is None:
        abort(404)
    return attachment_response(attachment.file)
