"""URL map of the platform site (base domain and www.)."""

from pathlib import Path

from flask import Blueprint, abort, g, redirect, request, url_for

from gorilla.legal import SLUG_RULE
from gorilla.ratelimit import limit

from . import views

bp = Blueprint(
    "platform",
    __name__,
    template_folder=str(Path(__file__).resolve().parent / "templates"),
)

PLATFORM_ONLY = {"platform.signup", "platform.check_subdomain", "platform.legal"}


@bp.before_request
def platform_host_only():
    """Sign-up pages exist only on the platform host."""
    if request.endpoint in PLATFORM_ONLY and g.site != "platform":
        abort(404)


@bp.get("/")
def landing():
    """Landing page on the base domain; a tenant's root leads to its customer area."""
    if g.get("tenant") is not None:
        return redirect(url_for("portal.home.index"))
    return views.landing()


bp.add_url_rule(
    "/signup",
    "signup",
    limit("10 per hour", methods=["POST"])(views.signup),
    methods=["GET", "POST"],
)
bp.add_url_rule("/signup/check", "check_subdomain", limit("60 per minute")(views.check_subdomain))
bp.add_url_rule(f"/{SLUG_RULE}", "legal", views.legal_page)
