"""URL map of the staff side of self-registration: approve or reject a registered customer."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from crm.customers.hooks import register_customer_notice
from crm.customers.service import pending_approval_count
from crm.dashboard.widgets import Widget, register_widget

from . import views
from .service import registered_contact

bp = Blueprint("registrations", __name__, template_folder="templates")
CUSTOMER = "/customers/<int:customer_id>/registration"

bp.add_url_rule(f"{CUSTOMER}/approve", "approve", views.approve, methods=["POST"])
bp.add_url_rule(f"{CUSTOMER}/reject", "reject", views.reject, methods=["POST"])


def _awaiting_approval(staff) -> int:
    return pending_approval_count()


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """The notice with the approve and reject buttons on a registered customer's page; on
    the dashboard, how many registered customers wait for approval (only while some do)."""
    register_customer_notice(state.app, "registrations/_notice.html")
    register_widget(
        state.app,
        Widget("registrations", "registrations/_dashboard.html", _awaiting_approval, 15),
    )
    state.app.jinja_env.globals["registered_contact"] = registered_contact
