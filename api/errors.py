"""One error shape for every API answer: ``{"error": {"code", "message", "fields"}}``.

Messages are English source strings translated by Flask-Babel into the request's language
(``Accept-Language``: German or English, German by default).
"""

from flask import jsonify
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

CODES = {
    400: ("bad_request", _l("The request is malformed.")),
    401: ("unauthorized", _l("A valid API key is required (Authorization: Bearer <key>).")),
    403: ("forbidden", _l("The API key lacks the scope this operation needs.")),
    404: ("not_found", _l("The resource does not exist.")),
    405: ("method_not_allowed", _l("This method is not allowed here.")),
    406: ("not_acceptable", _l("This resource answers only in JSON or PDF.")),
    409: ("conflict", _l("The change conflicts with the current state.")),
    412: ("precondition_failed", _l("The resource has changed; fetch it again (ETag).")),
    413: ("too_large", _l("The request is too large.")),
    415: ("unsupported_media_type", _l("Send JSON (Content-Type: application/json).")),
    422: ("validation_failed", _l("Some fields are invalid.")),
    428: ("precondition_required", _l("Send the resource's ETag in If-Match.")),
    429: ("rate_limited", _l("Too many requests; slow down.")),
}


class ApiError(Exception):
    """An answer with ``status``; ``message`` overrides the status's default text."""

    def __init__(self, status: int, message: str | None = None, fields=None, code=None):
        super().__init__(message)
        self.status, self.message, self.fields, self.code = status, message, fields, code


def error_response(status: int, message=None, fields=None, code=None, headers=None):
    """The JSON error answer."""
    default_code, default_message = CODES.get(status, ("error", _l("Request failed.")))
    body = {
        "error": {
            "code": code or default_code,
            "message": str(message or default_message),
            "fields": {
                name: [str(text) for text in texts] for name, texts in (fields or {}).items()
            },
        }
    }
    response = jsonify(body)
    response.status_code = status
    for name, value in headers or ():
        response.headers[name] = value
    return response


def handle_api_error(error: ApiError):
    """``ApiError`` → its JSON answer."""
    return error_response(error.status, error.message, error.fields, error.code)


def handle_http_exception(error: HTTPException):
    """Werkzeug's HTTP errors (404 from ``get_or_404``, 405, 413, 429 of the limiter) as JSON,
    with their headers (``Allow``, ``Retry-After``) kept."""
    status = error.code or 500
    headers = [(name, value) for name, value in error.get_headers() if name != "Content-Type"]
    if status == 401:
        headers.append(("WWW-Authenticate", 'Bearer realm="api"'))
    return error_response(status, headers=headers)


def not_found(_rest: str = ""):
    """Any other path below ``/api/v1``."""
    return error_response(404, _("The resource does not exist."))
