"""URL map of ``/api/v1``: the declared operations, the OpenAPI document and its docs page.

Every API request is session-less and CSRF-exempt: the key in ``Authorization: Bearer …`` is
looked up in the resolved tenant's own tables, so a key of another tenant finds nothing (401).
The key stands in for the signed-in user (``g._login_user``), so the audit log names it.
"""

from flask import Blueprint, Flask, current_app, g, jsonify, render_template, request
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import HTTPException, Unauthorized

from crm.api_keys.service import authenticate, key_prefix
from gorilla.extensions import csrf
from gorilla.i18n import DEFAULT_LANGUAGE, Language
from gorilla.ratelimit import shared_limit

from . import resources  # noqa: F401 - declares the operations
from .errors import ApiError, handle_api_error, handle_http_exception, not_found
from .operations import OPERATIONS
from .spec import document

bp = Blueprint("api", __name__, url_prefix="/api/v1", template_folder="templates")
PUBLIC_ENDPOINTS = {"api.openapi", "api.docs"}


def rate_key() -> str:
    """Per tenant and key (its public prefix), else per client address."""
    prefix = key_prefix(request.headers.get("Authorization", "").removeprefix("Bearer "))
    who = f"key:{prefix}" if prefix else f"ip:{get_remote_address()}"
    return f"t:{g.tenant.id if g.get('tenant') else 'platform'}:api:{who}"


def _rate() -> str:
    return current_app.config["API_RATE_LIMIT"]


def openapi():
    """The OpenAPI 3.1 document."""
    return jsonify(document())


def docs():
    """A browsable list of the operations (server-rendered: no script from elsewhere)."""
    return render_template("api/docs.html", spec=document())


@bp.before_request
def authenticate_key():
    """Tenant hosts only; a live key of this tenant, except for the document and its page."""
    if g.get("tenant") is None:
        raise ApiError(404)
    g.sessionless = True
    g.user_language = request.accept_languages.best_match(list(Language)) or DEFAULT_LANGUAGE
    if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
        return
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    api_key = authenticate(key.strip()) if scheme.lower() == "bearer" else None
    if api_key is None:
        return handle_http_exception(Unauthorized())
    g.api_key = g._login_user = api_key


bp.register_error_handler(ApiError, handle_api_error)
bp.register_error_handler(HTTPException, handle_http_exception)
bp.add_url_rule("/openapi.json", "openapi", openapi)
bp.add_url_rule("/docs", "docs", docs)
for op in OPERATIONS:
    view = shared_limit(_rate, "api", key_func=rate_key)(op.view)
    bp.add_url_rule(op.path, op.endpoint, view, methods=[op.method])
ANY = ["GET", "POST", "PUT", "PATCH", "DELETE"]
bp.add_url_rule("/<path:_rest>", "not_found", not_found, methods=ANY)


def init_app(app: Flask) -> None:
    """Mount the API; its requests carry no CSRF token."""
    csrf.exempt(bp)
    app.register_blueprint(bp)
