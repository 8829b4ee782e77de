"""URL map of the staff CRM (/admin) and its wiring into the app."""

from pathlib import Path

from flask import Blueprint, Flask, abort, g, request
from flask_login import current_user

from crm.contacts import views as contacts
from crm.customers import demo as customers_demo
from crm.customers import views as customers
from crm.customers.hooks import customer_tabs
from crm.dashboard import views as dashboard
from crm.invoices import demo as invoices_demo
from crm.invoices import urls as invoice_urls
from crm.invoices.models import InvoiceStatus
from crm.projects import demo as projects_demo
from crm.projects import urls as project_urls
from crm.projects.models import ProjectStatus
from crm.settings import email_log, email_templates
from crm.settings import views as settings
from crm.settings.service import seed_settings
from crm.staff import demo as staff_demo
from crm.staff import manage
from crm.staff import views as staff
from crm.staff.service import SIGNED_IN_STAFF, seed_admin
from crm.staff.verification import email_unverified, verify_admin_after_signup
from crm.tasks import demo as tasks_demo
from crm.tasks.models import TaskPriority, TaskStatus
from gorilla import devices
from gorilla.auth import Realm, register_realm
from gorilla.extensions import login_manager
from gorilla.wiring import add_template_dir
from tenants.provisioning import register_seeder
from tenants.sqlite import writes_on_get

bp = Blueprint("admin", __name__, url_prefix="/admin")

PUBLIC_ENDPOINTS = {"admin.login", "admin.set_password", "admin.handoff", "admin.verify_email"}

bp.add_url_rule("/login", "login", staff.login, methods=["GET", "POST"])
bp.add_url_rule("/logout", "logout", staff.logout, methods=["POST"])
bp.add_url_rule(
    "/set-password/<token>", "set_password", staff.set_password, methods=["GET", "POST"]
)
bp.add_url_rule("/handoff/<token>", "handoff", writes_on_get(staff.handoff))
bp.add_url_rule("/verify-email/<token>", "verify_email", writes_on_get(staff.verify_email))
bp.add_url_rule("/", "dashboard", dashboard.dashboard)
bp.add_url_rule("/staff", "staff_list", staff.staff_list)
bp.add_url_rule("/staff/<int:staff_id>", "staff_detail", staff.staff_detail)
bp.add_url_rule("/staff/new", "staff_new", manage.staff_new, methods=["GET", "POST"])
bp.add_url_rule(
    "/staff/<int:staff_id>/active", "staff_set_active", manage.staff_set_active, methods=["POST"]
)
bp.add_url_rule(
    "/staff/<int:staff_id>/reset-password",
    "staff_reset_password",
    manage.staff_reset_password,
    methods=["POST"],
)
bp.add_url_rule("/profile", "profile", manage.profile, methods=["GET", "POST"])
bp.add_url_rule(
    "/profile/sessions/<int:row_id>/end", "end_device", devices.end_device, methods=["POST"]
)
bp.add_url_rule(
    "/profile/sessions/end-all", "end_all_devices", devices.end_all_devices, methods=["POST"]
)

bp.add_url_rule("/customers", "customer_list", customers.customer_list)
bp.add_url_rule("/customers/new", "customer_new", customers.customer_new, methods=["GET", "POST"])
bp.add_url_rule(
    "/customers/<int:customer_id>",
    "customer_detail",
    customers.customer_detail,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/customers/<int:customer_id>/contacts", "customer_contacts", customers.customer_contacts
)
bp.add_url_rule(
    "/customers/<int:customer_id>/active",
    "customer_set_active",
    customers.customer_set_active,
    methods=["POST"],
)
bp.add_url_rule(
    "/customers/<int:customer_id>/delete",
    "customer_delete",
    customers.customer_delete,
    methods=["POST"],
)
bp.add_url_rule(
    "/customers/<int:customer_id>/contacts/new",
    "contact_new",
    contacts.contact_new,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/contacts/<int:contact_id>/edit",
    "contact_edit",
    contacts.contact_edit,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/contacts/<int:contact_id>/active",
    "contact_set_active",
    contacts.contact_set_active,
    methods=["POST"],
)
bp.add_url_rule(
    "/contacts/<int:contact_id>/delete", "contact_delete", contacts.contact_delete, methods=["POST"]
)
bp.add_url_rule("/contacts/<int:contact_id>/picture", "contact_picture", contacts.contact_picture)

bp.add_url_rule(
    "/settings/company", "settings_company", settings.company_settings, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/settings/customers",
    "settings_customers",
    settings.customer_settings,
    methods=["GET", "POST"],
)

TEMPLATE = "/settings/email-templates/<slug>/<any(de, en):lang>"
bp.add_url_rule("/settings/email-templates", "email_templates", email_templates.email_templates)
bp.add_url_rule(
    TEMPLATE,
    "email_template_edit",
    email_templates.email_template_edit,
    methods=["GET", "POST"],
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

project_urls.add_rules(bp)
invoice_urls.add_rules(bp)


@bp.before_request
def require_staff():
    """Only tenant hosts serve /admin; everything but sign-in needs a staff session."""
    if g.get("tenant") is None:
        abort(404)
    signed_in = current_user.is_authenticated and current_user.realm == Realm.STAFF
    if signed_in:
        g.staff = current_user._get_current_object()
        g.email_unverified = email_unverified(current_user)  # the loaded row: no query
        g.user_language = current_user.language
    elif request.endpoint not in PUBLIC_ENDPOINTS:
        return login_manager.unauthorized()
    return None


def init_app(app: Flask) -> None:
    """Register the blueprint, its templates, the staff realm and provisioning seeders."""
    here = Path(__file__).resolve().parent
    features = (
        "staff",
        "dashboard",
        "settings",
        "customers",
        "contacts",
        "projects",
        "tasks",
        "invoices",
    )
    for feature in features:
        add_template_dir(app, here / feature / "templates")
    # the lists of stored values, for badges, filters and conditions in templates
    app.jinja_env.globals.update(
        InvoiceStatus=InvoiceStatus,
        ProjectStatus=ProjectStatus,
        TaskPriority=TaskPriority,
        TaskStatus=TaskStatus,
    )
    project_urls.init_app(app)
    invoice_urls.init_app(app)
    app.jinja_env.globals["customer_tabs"] = customer_tabs
    register_realm(app, Realm.STAFF, SIGNED_IN_STAFF)
    register_seeder(app, seed_settings)
    register_seeder(app, seed_admin)
    for demo in (staff_demo, customers_demo, projects_demo, tasks_demo, invoices_demo):
        demo.init_app(app)  # each feature's part of ``gorilla demo``
    app.extensions.setdefault("gorilla.after_signup", []).append(verify_admin_after_signup)
    app.register_blueprint(bp)
