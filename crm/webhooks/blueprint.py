"""URL map of Einstellungen › Webhooks (admins only)."""

from flask import Blueprint

from . import views

bp = Blueprint("webhooks", __name__, template_folder="templates")
HOOKS = "/settings/webhooks"

bp.add_url_rule(HOOKS, "list", views.endpoint_list)
bp.add_url_rule(f"{HOOKS}/new", "new", views.endpoint_new, methods=["POST"])
bp.add_url_rule(
    f"{HOOKS}/<int:endpoint_id>/delete", "delete", views.endpoint_delete, methods=["POST"]
)
bp.add_url_rule(f"{HOOKS}/deliveries", "deliveries", views.delivery_log)
bp.add_url_rule(
    f"{HOOKS}/deliveries/<int:delivery_id>/retry", "retry", views.delivery_retry,
    methods=["POST"],
)  # fmt: skip
