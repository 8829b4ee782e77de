"""URL map and the Gutschriften section of the customer area."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from crm.contacts.models import Permission
from portal.sections import Section, add_section

from . import views

bp = Blueprint("credit_notes", __name__, template_folder="templates")

bp.add_url_rule("/gutschriften", "list", views.credit_note_list)
bp.add_url_rule("/gutschriften/<int:credit_note_id>", "show", views.credit_note_detail)
bp.add_url_rule("/gutschriften/<int:credit_note_id>/pdf", "pdf", views.credit_note_download)

# Gutschriften in the navigation, and a start-page tile, for contacts with ``invoices``.
add_section(
    bp,
    Section("portal.credit_notes.list", _l("Credit notes"), Permission.INVOICES, views.note_count),
)
