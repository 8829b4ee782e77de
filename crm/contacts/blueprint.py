"""URL map of contacts (staff side): a customer's contacts and the all-contacts list."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _l

from crm.navigation import NavItem, register_nav_item
from gorilla.search import SearchSource, register_source

from . import list_views, search_text, views  # noqa: F401 - search_text listens
from .models import Contact

bp = Blueprint("contacts", __name__, template_folder="templates")
CONTACT = "/contacts/<int:contact_id>"

bp.add_url_rule("/contacts", "list", list_views.contact_list)
bp.add_url_rule(
    f"{CONTACT}/send-set-password",
    "send_set_password",
    list_views.contact_send_set_password,
    methods=["POST"],
)
bp.add_url_rule(
    "/customers/<int:customer_id>/contacts/new", "new", views.contact_new, methods=["GET", "POST"]
)
bp.add_url_rule(f"{CONTACT}/edit", "edit", views.contact_edit, methods=["GET", "POST"])
bp.add_url_rule(f"{CONTACT}/active", "set_active", views.contact_set_active, methods=["POST"])
bp.add_url_rule(f"{CONTACT}/login-as", "login_as", views.contact_login_as, methods=["POST"])
bp.add_url_rule(f"{CONTACT}/delete", "delete", views.contact_delete, methods=["POST"])
bp.add_url_rule(f"{CONTACT}/picture", "picture", views.contact_picture)


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """The Kontakte link after Kunden; contacts are searchable by name, email, job title and
    phone."""
    register_nav_item(state.app, NavItem("admin.contacts.list", _l("Contacts"), 25, is_list_page))
    register_source(
        state.app,
        SearchSource(
            "contact",
            _l("Contact"),
            Contact,
            ("firstname", "lastname"),
            ("email", "title", "phonenumber"),
            "admin.contacts.edit",
            "contact_id",
        ),
    )


def is_list_page(endpoint: str) -> bool:
    """Pages the Kontakte link marks: the list (a contact's own pages belong to its customer)."""
    return endpoint == "admin.contacts.list"
