"""The staff CRM (/admin): the ``admin`` blueprint nests one blueprint per feature package.

Each feature owns ``crm/<feature>/blueprint.py`` (its URL rules, written relative to
``/admin``, and ``templates/<feature>/``) and plugs into the app from there: navigation link,
customer tabs, seeders. This parent only checks who may enter and mounts the features, one
line each. Endpoints are named ``admin.<feature>.<action>``: ``list``, ``new``, ``show``,
``edit``, ``delete``, ``set_active``, ``customer_tab`` for a tab on the customer page, and
plain verbs for the rest (``admin.invoices.send``, ``admin.staff.login``).
"""

from flask import Blueprint, Flask, abort, g, request
from flask_login import current_user

from crm import navigation
from crm.api_keys.blueprint import bp as api_keys
from crm.audit.blueprint import bp as audit
from crm.contacts.blueprint import bp as contacts
from crm.contracts.blueprint import bp as contracts
from crm.credit_notes.blueprint import bp as credit_notes
from crm.customer_groups.blueprint import bp as customer_groups
from crm.customers.blueprint import bp as customers
from crm.dashboard.blueprint import bp as dashboard
from crm.editor.blueprint import bp as editor
from crm.estimates.blueprint import bp as estimates
from crm.files.blueprint import bp as files
from crm.gdpr.blueprint import bp as gdpr
from crm.invoices.blueprint import bp as invoices
from crm.legal.blueprint import bp as legal
from crm.projects.blueprint import bp as projects
from crm.proposals.blueprint import bp as proposals
from crm.registrations.blueprint import bp as registrations
from crm.search.blueprint import bp as search
from crm.settings import branding
from crm.settings.blueprint import bp as settings
from crm.staff.blueprint import bp as staff
from crm.staff.models import Staff
from crm.staff.service import SIGNED_IN_STAFF
from crm.staff.verification import email_unverified
from crm.tasks.blueprint import bp as tasks
from crm.tickets.blueprint import bp as tickets
from crm.transfer.blueprint import bp as transfer
from crm.two_factor.blueprint import bp as two_factor
from crm.webhooks.blueprint import bp as webhooks
from gorilla.auth import Realm, register_realm
from gorilla.extensions import login_manager

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")

PUBLIC_ENDPOINTS = {
    "admin.staff.login",
    "admin.staff.set_password",
    "admin.staff.handoff",
    "admin.staff.verify_email",
    "admin.two_factor.verify",
}

bp.register_blueprint(staff)
bp.register_blueprint(dashboard)
bp.register_blueprint(settings)
bp.register_blueprint(customers)
bp.register_blueprint(customer_groups)
bp.register_blueprint(contacts)
bp.register_blueprint(projects)
bp.register_blueprint(tasks)
bp.register_blueprint(invoices)
bp.register_blueprint(proposals)
bp.register_blueprint(audit)
bp.register_blueprint(search)
bp.register_blueprint(gdpr)
bp.register_blueprint(transfer)
bp.register_blueprint(registrations)
bp.register_blueprint(editor)
bp.register_blueprint(tickets)
bp.register_blueprint(two_factor)
bp.register_blueprint(api_keys)
bp.register_blueprint(webhooks)
bp.register_blueprint(contracts)
bp.register_blueprint(estimates)
bp.register_blueprint(credit_notes)
bp.register_blueprint(files)
bp.register_blueprint(legal)


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
    """Mount the staff area (its features wire themselves in) and the staff realm."""
    navigation.init_app(app)
    register_realm(
        app,
        Realm.STAFF,
        SIGNED_IN_STAFF,
        blueprint="admin",
        login="admin.staff.login",
        profile="admin.staff.profile",
        home="admin.dashboard.index",
        model=Staff,
        layout="admin_base.html",
    )
    app.register_blueprint(bp)
    branding.init_app(app)  # logo and colour, public on tenant hosts
