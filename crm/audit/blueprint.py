"""URL map of the audit log: Einstellungen › Protokoll and a customer's Aktivität tab."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _l

from crm.customers.hooks import register_customer_tab
from tenants.cli import tenants_cli
from tenants.sqlite import writes_on_get

from . import views
from .cli import purge_audit_command

bp = Blueprint("audit", __name__, template_folder="templates")

bp.add_url_rule("/settings/audit-log", "list", views.audit_log)
bp.add_url_rule("/settings/audit-log/retention", "retention", views.retention, methods=["POST"])
bp.add_url_rule("/settings/audit-log/export.csv", "export", writes_on_get(views.export))
bp.add_url_rule("/customers/<int:customer_id>/activity", "customer_tab", views.customer_tab)


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """The Aktivität tab of customers and ``gorilla tenants purge-audit``."""
    register_customer_tab(state.app, _l("Activity"), "admin.audit.customer_tab")
    tenants_cli.add_command(purge_audit_command)
