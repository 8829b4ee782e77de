"""URL map of customers: list, create, and the customer page with its Profil and Kontakte tabs."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _l

from crm.navigation import NavItem, register_nav_item
from gorilla.search import SearchSource, register_source

from . import demo, views
from .hooks import customer_notices, customer_tabs, is_customer_page
from .models import Customer

bp = Blueprint("customers", __name__, template_folder="templates")
CUSTOMER = "/customers/<int:customer_id>"

bp.add_url_rule("/customers", "list", views.customer_list)
bp.add_url_rule("/customers/new", "new", views.customer_new, methods=["GET", "POST"])
bp.add_url_rule(CUSTOMER, "show", views.customer_detail, methods=["GET", "POST"])
bp.add_url_rule(f"{CUSTOMER}/contacts", "contacts", views.customer_contacts)
bp.add_url_rule(f"{CUSTOMER}/active", "set_active", views.customer_set_active, methods=["POST"])
bp.add_url_rule(f"{CUSTOMER}/delete", "delete", views.customer_delete, methods=["POST"])


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """The Kunden link, highlighted on every page of a customer, and the tabs for templates."""
    register_nav_item(
        state.app, NavItem("admin.customers.list", _l("Customers"), 20, is_customer_page)
    )
    state.app.jinja_env.globals["customer_tabs"] = customer_tabs
    state.app.jinja_env.globals["customer_notices"] = customer_notices
    demo.init_app(state.app)  # this feature's part of ``gorilla demo``
    register_source(
        state.app,
        SearchSource(
            "customer",
            _l("Customer"),
            Customer,
            ("company",),
            ("city", "zip", "vat", "website", "phonenumber"),
            "admin.customers.show",
            "customer_id",
        ),
    )
