"""URL map of estimates: list, create, page, send, print, PDF, duplicate, delete, convert."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _l

import webhooks
from crm.customers.hooks import register_customer_tab, register_delete_guard
from crm.navigation import NavItem, register_nav_item
from crm.proposals.conversions import ConversionTarget, register_conversion_target
from gorilla.search import SearchSource, register_source
from mail_templates.reminders import register_reminder

from . import demo, views
from .models import Estimate, EstimateEvent, EstimateStatus
from .service import (
    customer_has_estimates,
    estimate_for_invoice,
    estimate_from_proposal,
    remind_expiring,
)

bp = Blueprint("estimates", __name__, template_folder="templates")
ESTIMATE = "/estimates/<int:estimate_id>"

bp.add_url_rule("/customers/<int:customer_id>/estimates", "customer_tab", views.CUSTOMER_TAB.view)
bp.add_url_rule("/estimates", "list", views.estimate_list)
bp.add_url_rule("/estimates/new", "new", views.estimate_new, methods=["GET", "POST"])
bp.add_url_rule(ESTIMATE, "show", views.estimate_detail, methods=["GET", "POST"])
bp.add_url_rule(f"{ESTIMATE}/send", "send", views.estimate_send, methods=["GET", "POST"])
bp.add_url_rule(f"{ESTIMATE}/print", "print", views.estimate_print)
bp.add_url_rule(f"{ESTIMATE}/pdf", "pdf", views.estimate_download)
bp.add_url_rule(f"{ESTIMATE}/signature", "signature", views.estimate_signature)
bp.add_url_rule(f"{ESTIMATE}/duplicate", "duplicate", views.estimate_duplicate, methods=["POST"])
bp.add_url_rule(f"{ESTIMATE}/delete", "delete", views.estimate_delete, methods=["POST"])
bp.add_url_rule(f"{ESTIMATE}/convert", "convert", views.estimate_convert, methods=["POST"])


@bp.record_once
def wire(state: BlueprintSetupState) -> None:
    """The Angebote link, the delete guard, statuses for templates, the expiry reminder,
    search and demo data."""
    register_customer_tab(state.app, _l("Estimates"), "admin.estimates.customer_tab")
    register_nav_item(state.app, NavItem("admin.estimates.list", _l("Estimates"), 45))
    webhooks.register_event("estimate.sent", _l("Estimate sent"))
    webhooks.register_event("estimate.accepted", _l("Estimate accepted"))
    webhooks.register_event("estimate.declined", _l("Estimate declined"))
    register_delete_guard(state.app, customer_has_estimates)
    state.app.jinja_env.globals["EstimateStatus"] = EstimateStatus
    state.app.jinja_env.globals["EstimateEvent"] = EstimateEvent
    state.app.jinja_env.globals["estimate_for_invoice"] = estimate_for_invoice
    register_reminder(state.app, "estimate-expiry-reminder", remind_expiring)
    register_conversion_target(
        state.app,
        ConversionTarget(
            "estimate",
            _l("Convert to estimate"),
            estimate_from_proposal,
            "admin.estimates.show",
            "estimate_id",
        ),
    )
    demo.init_app(state.app)
    register_source(
        state.app,
        SearchSource(
            "estimate",
            _l("Estimate"),
            Estimate,
            ("number",),
            ("notes",),
            "admin.estimates.show",
            "estimate_id",
        ),
    )
