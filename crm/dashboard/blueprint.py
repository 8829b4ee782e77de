"""URL map of the staff dashboard (/admin/) and its built-in widgets."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _l

from crm.navigation import NavItem, register_nav_item

from . import views
from .figures import customer_activity, key_figures
from .widgets import Widget, register_widget

bp = Blueprint("dashboard", __name__, template_folder="templates")

bp.add_url_rule("/", "index", views.dashboard)


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """The Dashboard link, first in the navigation; key figures and customer activity."""
    register_nav_item(state.app, NavItem("admin.dashboard.index", _l("Dashboard"), 10))
    register_widget(state.app, Widget("figures", "dashboard/_figures.html", key_figures, 10))
    register_widget(
        state.app, Widget("activity", "dashboard/_activity.html", customer_activity, 60)
    )
