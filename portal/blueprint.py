"""The customer area (/kunden): the ``portal`` blueprint nests one blueprint per feature.

Each feature owns ``portal/<feature>/blueprint.py`` (URL rules relative to ``/kunden`` and
``templates/portal/<feature>…``, so names never clash with the staff side) and registers its
section there. Endpoints are named ``portal.<feature>.<action>`` (``portal.invoices.show``,
``portal.auth.login``); ``portal/templates/portal/portal_base.html`` is the area's layout.
"""

from flask import Blueprint, Flask, abort, g, request
from flask_login import current_user

from crm.contacts.models import Contact
from gorilla.auth import Realm, register_realm
from gorilla.extensions import login_manager
from portal import sections
from portal.auth.blueprint import bp as auth
from portal.auth.service import SIGNED_IN_CONTACT
from portal.contracts.blueprint import bp as contracts
from portal.credit_notes.blueprint import bp as credit_notes
from portal.estimates.blueprint import bp as estimates
from portal.files.blueprint import bp as files
from portal.gdpr.blueprint import bp as gdpr
from portal.home.blueprint import bp as home
from portal.invoices.blueprint import bp as invoices
from portal.legal.blueprint import bp as legal
from portal.magic_link.blueprint import bp as magic_link
from portal.profile.blueprint import bp as profile
from portal.profile.service import text_direction
from portal.projects.blueprint import bp as projects
from portal.proposals.blueprint import bp as proposals
from portal.registration.blueprint import bp as registration
from portal.tickets.blueprint import bp as tickets
from portal.two_factor.blueprint import bp as two_factor

bp = Blueprint("portal", __name__, url_prefix="/kunden", template_folder="templates")

PUBLIC_ENDPOINTS = {
    "portal.home.index",
    "portal.auth.login",
    "portal.auth.forgot_password",
    "portal.auth.set_password",
    "portal.gdpr.privacy_policy",
    "portal.legal.page",
    "portal.registration.register",
    "portal.registration.confirm",
    "portal.two_factor.verify",
    "portal.magic_link.ask",
    "portal.magic_link.use",
}

bp.register_blueprint(home)
bp.register_blueprint(auth)
bp.register_blueprint(profile)
bp.register_blueprint(invoices)
bp.register_blueprint(credit_notes)
bp.register_blueprint(estimates)
bp.register_blueprint(projects)
bp.register_blueprint(proposals)
bp.register_blueprint(files)
bp.register_blueprint(legal)
bp.register_blueprint(gdpr)
bp.register_blueprint(registration)
bp.register_blueprint(tickets)
bp.register_blueprint(two_factor)
bp.register_blueprint(magic_link)
bp.register_blueprint(contracts)


@bp.before_request
def require_contact():
    """Tenant hosts only; everything but sign-in pages needs a signed-in contact."""
    if g.get("tenant") is None:
        abort(404)
    if current_user.is_authenticated and current_user.realm == Realm.CONTACT:
        g.contact = current_user._get_current_object()
        g.user_language = current_user.language
        g.text_direction = text_direction(current_user)
    elif request.endpoint not in PUBLIC_ENDPOINTS:
        return login_manager.unauthorized()
    return None


def init_app(app: Flask) -> None:
    """Mount the customer area (its features wire themselves in) and the contact realm."""
    register_realm(
        app,
        Realm.CONTACT,
        SIGNED_IN_CONTACT,
        blueprint="portal",
        login="portal.auth.login",
        profile="portal.profile.show",
        home="portal.home.index",
        model=Contact,
        layout="portal/portal_base.html",
    )
    sections.init_app(app)
    app.register_blueprint(bp)
