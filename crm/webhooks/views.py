"""Endpoints (list, register, delete) and the delivery log with its retry button."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from crm.access import admin_required
from gorilla.extensions import db
from gorilla.paging import requested_page
from webhooks.delivery import retry
from webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from webhooks.service import create_endpoint, delivery_page, endpoints

from .forms import EndpointForm


def _page(form: EndpointForm):
    return render_template("webhooks/list.html", endpoints=endpoints(), form=form)


@admin_required
def endpoint_list():
    """Every endpoint with its events and secret, and the form for a new one."""
    return _page(EndpointForm())


@admin_required
def endpoint_new():
    """Register an endpoint (POST); errors re-render the list."""
    form = EndpointForm()
    if not form.validate_on_submit():
        return _page(form)
    create_endpoint(form.url.data, form.events.data)
    flash(_("Webhook endpoint added."), "success")
    return redirect(url_for("admin.webhooks.list"), 303)


@admin_required
def endpoint_delete(endpoint_id: int):
    """Delete an endpoint with its deliveries (POST)."""
    db.session.delete(db.get_or_404(WebhookEndpoint, endpoint_id))
    flash(_("Webhook endpoint deleted."), "success")
    return redirect(url_for("admin.webhooks.list"), 303)


@admin_required
def delivery_log():
    """Deliveries, newest first, with status, attempts, answer and error."""
    return render_template(
        "webhooks/deliveries.html",
        page=delivery_page(requested_page()),
        delivery_status_label=DeliveryStatus.label_of,
    )


@admin_required
def delivery_retry(delivery_id: int):
    """Queue a delivery again at once (POST)."""
    retry(db.get_or_404(WebhookDelivery, delivery_id))
    flash(_("Delivery queued again."), "success")
    return redirect(url_for("admin.webhooks.deliveries"), 303)
