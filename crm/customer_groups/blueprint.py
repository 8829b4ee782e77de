"""URL map of customer groups (Einstellungen › Kundengruppen, admins only)."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from . import demo, views
from .service import groups_of

bp = Blueprint("customer_groups", __name__, template_folder="templates")
GROUPS = "/settings/customer-groups"

bp.add_url_rule(GROUPS, "list", views.group_list)
bp.add_url_rule(f"{GROUPS}/new", "new", views.group_new, methods=["POST"])
bp.add_url_rule(f"{GROUPS}/<int:group_id>", "show", views.group_show, methods=["GET", "POST"])
bp.add_url_rule(f"{GROUPS}/<int:group_id>/delete", "delete", views.group_delete, methods=["POST"])


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """The groups of a customer for its page header, and the demo's groups."""
    state.app.jinja_env.globals["customer_groups_of"] = groups_of
    demo.init_app(state.app)
