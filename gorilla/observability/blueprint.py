"""URL map of the operations endpoints, on the platform host only (tenant hosts: 404)."""

from flask import Blueprint, abort, g

from . import views

bp = Blueprint("observability", __name__)


@bp.before_request
def platform_host_only():
    """Probes and metrics are served on the base domain, never on a tenant's host."""
    if g.site != "platform":
        abort(404)


bp.add_url_rule("/readyz", "readyz", views.readyz)
bp.add_url_rule("/metrics", "metrics", views.metrics)
