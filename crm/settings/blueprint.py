"""URL map of the settings pages (company, customers, email templates, email log)."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _l

from crm.navigation import NavItem, register_nav_item
from tenants.provisioning import register_seeder

from . import demo, email_log, email_templates, views
from .service import seed_settings

bp = Blueprint("settings", __name__, template_folder="templates")
# Pages of other blueprints shown among the settings tabs.
TABBED_PAGES = {
    "admin.audit.list",
    "admin.audit.retention",
    "admin.gdpr.privacy_policy",
    "admin.gdpr.erasure_requests",
    "admin.two_factor.settings",
} | {f"admin.customer_groups.{name}" for name in ("list", "new", "show")}
TABBED_PAGES |= {"admin.api_keys.list", "admin.api_keys.new"}
TABBED_PAGES |= {f"admin.webhooks.{name}" for name in ("list", "new", "deliveries")}
TABBED_PAGES |= {
    f"admin.contracts.{name}" for name in ("settings", "reminder", "type_new", "type_rename")
}
TEMPLATE = "/settings/email-templates/<slug>/<any(de, en):lang>"

bp.add_url_rule("/settings/company", "company", views.company_settings, methods=["GET", "POST"])
bp.add_url_rule(
    "/settings/customers", "customers", views.customer_settings, methods=["GET", "POST"]
)
bp.add_url_rule("/settings/email-templates", "email_templates", email_templates.email_templates)
bp.add_url_rule(
    TEMPLATE, "email_template_edit", email_templates.email_template_edit, methods=["GET", "POST"]
)
bp.add_url_rule(
    f"{TEMPLATE}/preview",
    "email_template_preview",
    email_templates.email_template_preview,
    methods=["POST"],
)
bp.add_url_rule(
    f"{TEMPLATE}/reset",
    "email_template_reset",
    email_templates.email_template_reset,
    methods=["POST"],
)
bp.add_url_rule("/settings/email-log", "email_log", email_log.email_log)
bp.add_url_rule(
    "/settings/email-log/<int:message_id>/retry",
    "email_log_retry",
    email_log.email_log_retry,
    methods=["POST"],
)


def is_settings_page(endpoint: str) -> bool:
    """The settings pages, those of other blueprints among their tabs included."""
    return endpoint.startswith("admin.settings.") or endpoint in TABBED_PAGES


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """The Einstellungen link (admins only) and the settings every new tenant starts with."""
    register_nav_item(
        state.app,
        NavItem("admin.settings.company", _l("Settings"), 70, is_settings_page, admin_only=True),
    )
    register_seeder(state.app, seed_settings)
    demo.init_app(state.app)  # this feature's part of ``gorilla demo``
