"""Tickets of the customer area: list, open, a ticket with its answers, reply, close, files."""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from crm.contacts.models import Permission
from crm.tickets.queries import (
    contact_ticket,
    contact_ticket_page,
    department_choices,
    thread,
    ticket_attachment,
)
from crm.tickets.service import TicketClosed, add_reply, close_ticket, open_ticket
from gorilla.attachments import AttachmentRefused, attachment_response
from gorilla.forms import choices
from gorilla.paging import requested_page
from portal.sections import requires_permission

from .forms import ContactReplyForm, NewTicketForm


def _own_ticket(ticket_id: int):
    ticket = contact_ticket(g.contact, ticket_id)
    if ticket is None:
        abort(404)
    return ticket


def _page(ticket, form):
    return render_template(
        "portal/tickets/detail.html",
        ticket=ticket,
        replies=thread(ticket, internal=False),
        form=form,
    )


@requires_permission(Permission.SUPPORT)
def ticket_list():
    """The tickets the contact sees, latest activity first."""
    page = contact_ticket_page(g.contact, requested_page())
    return render_template("portal/tickets/list.html", page=page)


@requires_permission(Permission.SUPPORT)
def ticket_new():
    """Open a ticket (``subject``, ``department_id``, ``priority``, ``message``,
    ``attachments``), then show it."""
    form = NewTicketForm()
    form.department_id.choices = choices([("", "–"), *department_choices()])
    if form.validate_on_submit():
        try:
            ticket = open_ticket(
                g.contact,
                subject=form.subject.data,
                message=form.message.data,
                department_id=form.department_id.data,
                priority=form.priority.data,
                uploads=request.files.getlist("attachments"),
            )
        except AttachmentRefused as error:
            form.attachments.errors.append(str(error))
        else:
            flash(_("Your ticket has been opened."), "success")
            return redirect(url_for("portal.tickets.show", ticket_id=ticket.id), 303)
    return render_template("portal/tickets/new.html", form=form)


@requires_permission(Permission.SUPPORT)
def ticket_detail(ticket_id: int):
    """A ticket with its answers (never the agency's internal notes) and the reply form."""
    return _page(_own_ticket(ticket_id), ContactReplyForm(formdata=None))


@requires_permission(Permission.SUPPORT)
def ticket_reply(ticket_id: int):
    """The contact answers (POST ``message``, ``attachments``)."""
    ticket = _own_ticket(ticket_id)
    form = ContactReplyForm()
    if not form.validate_on_submit():
        return _page(ticket, form)
    try:
        add_reply(
            ticket,
            form.message.data,
            contact=g.contact,
            uploads=request.files.getlist("attachments"),
        )
    except TicketClosed:
        abort(409)
    except AttachmentRefused as error:
        form.attachments.errors.append(str(error))
        return _page(ticket, form)
    flash(_("Your answer has been sent."), "success")
    return redirect(url_for("portal.tickets.show", ticket_id=ticket.id, _anchor="thread"), 303)


@requires_permission(Permission.SUPPORT)
def ticket_close(ticket_id: int):
    """The contact closes its ticket (POST)."""
    ticket = _own_ticket(ticket_id)
    if not ticket.is_closed:
        close_ticket(ticket)
        flash(_("The ticket has been closed."), "success")
    return redirect(url_for("portal.tickets.show", ticket_id=ticket.id), 303)


@requires_permission(Permission.SUPPORT)
def ticket_attachment_download(ticket_id: int, attachment_id: int):
    """A file of an answer on the ticket (files of internal notes are never found)."""
    attachment = ticket_attachment(_own_ticket(ticket_id), attachment_id, internal=False)
    if attachment is None:
        abort(404)
    return attachment_response(attachment.file)
