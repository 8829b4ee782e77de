"""URL map of the staff dashboard (/admin/)."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _l

from crm.navigation import NavItem, register_nav_item

from . import views

bp = Blueprint("dashboard", __name__, template_folder="templates")

bp.add_url_rule("/", "index", views.dashboard)


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """The Dashboard link, first in the navigation."""
    register_nav_item(state.app, NavItem("admin.dashboard.index", _l("Dashboard"), 10))
