"""URL map and the Tickets section of the customer area."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from crm.contacts.models import Permission
from crm.tickets.queries import contact_ticket_count, open_tickets_of
from portal.sections import PANEL_LIMIT, Panel, Section, add_section

from . import views

bp = Blueprint("tickets", __name__, template_folder="templates")
TICKET = "/tickets/<int:ticket_id>"

bp.add_url_rule("/tickets", "list", views.ticket_list)
bp.add_url_rule("/tickets/neu", "new", views.ticket_new, methods=["GET", "POST"])
bp.add_url_rule(TICKET, "show", views.ticket_detail)
bp.add_url_rule(f"{TICKET}/antworten", "reply", views.ticket_reply, methods=["POST"])
bp.add_url_rule(f"{TICKET}/schliessen", "close", views.ticket_close, methods=["POST"])
bp.add_url_rule(
    f"{TICKET}/anhaenge/<int:attachment_id>", "attachment", views.ticket_attachment_download
)


def open_tickets(contact):
    """Start-page panel: the contact's open tickets."""
    return open_tickets_of(contact, PANEL_LIMIT)


# Tickets in the navigation and on the start page for contacts with ``support``.
add_section(
    bp,
    Section(
        "portal.tickets.list",
        _l("Tickets"),
        Permission.SUPPORT,
        contact_ticket_count,
        Panel("portal/tickets/_home.html", open_tickets),
    ),
)
