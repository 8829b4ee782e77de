"""URL map of support tickets (staff): inbox, ticket page, reply, note, properties, merge,
delete, attachments; Einstellungen › Support; dashboard widget, search, demo data."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _l

import webhooks
from crm.customers.hooks import register_delete_guard
from crm.dashboard.widgets import LIST_LIMIT, Widget, register_widget
from crm.navigation import NavItem, register_nav_item
from gorilla.search import SearchSource, register_source

from . import demo, mailin, settings_views, views
from .models import Ticket, TicketPriority, TicketStatus
from .queries import customer_has_tickets, waiting_tickets

bp = Blueprint("tickets", __name__, template_folder="templates")
TICKET = "/tickets/<int:ticket_id>"
SETTINGS = "/settings/tickets"
KIND = "<any(departments, replies):kind>"

bp.add_url_rule("/tickets", "list", views.ticket_list)
bp.add_url_rule(TICKET, "show", views.ticket_detail)
bp.add_url_rule(f"{TICKET}/reply", "reply", views.ticket_reply, methods=["POST"])
bp.add_url_rule(f"{TICKET}/note", "note", views.ticket_note, methods=["POST"])
bp.add_url_rule(f"{TICKET}/properties", "properties", views.ticket_properties, methods=["POST"])
bp.add_url_rule(f"{TICKET}/merge", "merge", views.ticket_merge, methods=["POST"])
bp.add_url_rule(f"{TICKET}/delete", "delete", views.ticket_delete, methods=["POST"])
bp.add_url_rule(
    f"{TICKET}/attachments/<int:attachment_id>", "attachment", views.ticket_attachment_download
)
bp.add_url_rule(SETTINGS, "settings", settings_views.ticket_settings)
bp.add_url_rule(
    f"{SETTINGS}/visibility", "visibility", settings_views.save_visibility, methods=["POST"]
)
bp.add_url_rule(f"{SETTINGS}/{KIND}/new", "item_new", settings_views.item_new, methods=["POST"])
bp.add_url_rule(
    f"{SETTINGS}/{KIND}/<int:item_id>",
    "item_edit",
    settings_views.item_edit,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    f"{SETTINGS}/{KIND}/<int:item_id>/delete",
    "item_delete",
    settings_views.item_delete,
    methods=["POST"],
)


def waiting(staff):
    """Dashboard: tickets waiting on the agency."""
    return waiting_tickets(LIST_LIMIT)


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """The Support link, statuses for templates, delete guard, widget, search, demo, and the
    ``support`` handler of ``gorilla mail receive``."""
    register_nav_item(state.app, NavItem("admin.tickets.list", _l("Support"), 55))
    webhooks.register_event("ticket.created", _l("Ticket opened"))
    webhooks.register_event("ticket.replied", _l("Customer replied to a ticket"))
    register_delete_guard(state.app, customer_has_tickets)
    state.app.jinja_env.globals.update(TicketStatus=TicketStatus, TicketPriority=TicketPriority)
    register_widget(state.app, Widget("tickets", "tickets/_dashboard.html", waiting, 45))
    register_source(
        state.app,
        SearchSource(
            "ticket", _l("Ticket"), Ticket, ("subject",), (), "admin.tickets.show", "ticket_id"
        ),
    )
    demo.init_app(state.app)
    mailin.init_app(state.app)
